/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hypervisor-side FF-A notification mediator (Xen's role): it
 * validates guests' notification calls, forwards what belongs to the
 * secure world, takes the SRI, drains INFO_GET, injects virtual NPIs and
 * keeps per-VM state through creation and teardown. It also manages
 * VM-to-VM notifications under an access policy, per-vCPU notifications
 * and a secondary scheduler VM.
 *
 * It needs no threads, no malloc and no libc: the host hypervisor reaches
 * it through the entry points below and it reaches the host only through
 * struct ffn_mediator_ops. docs/mediator.md is the embedding guide (the
 * context of each call, the lock order, the races tolerated).
 *
 * Contexts: ffn_mediator_call runs in the guest trap; ffn_mediator_sri_irq
 * in interrupt context (it only schedules the work); ffn_mediator_sri_work
 * in deferred work (a tasklet), possibly on several CPUs at once; the
 * rest in domain management. Every entry point may run concurrently.
 *
 * Lock order (internal, outermost first): vm->lock -> m->sp_lock;
 * m->reg_lock and m->policy_lock are leaves; never two VM locks at once.
 * No mediator lock is held while an op is called, so ops may call back
 * into the mediator.
 *
 * Registers: as the SPMC engine (ffn/spmc.h), a guest's result is written
 * into x0..x7 only; x8..x17 of the guest's block come back untouched, and
 * negative status codes are sign-extended into their x register.
 */
#ifndef FFN_MEDIATOR_H
#define FFN_MEDIATOR_H

#include "ffn/abi.h"

/* The largest vCPU count of one VM: FFN_MAX_VCPUS (ffn/abi.h). */
#define FFN_MED_MAX_VCPUS FFN_MAX_VCPUS

/* Virtual interrupt IDs given to guests (FFA_FEATURES), as Xen does. */
#define FFN_MED_VIRQ_NPI 8u
#define FFN_MED_VIRQ_SRI 9u

struct ffn_med_vm;

struct ffn_mediator_ops {
	/* SMC to the SPMC on physical CPU @cpu. Trap, deferred work, or
	 * domain management (create/destroy). */
	void (*smc)(void *ctx, uint32_t cpu, struct ffn_regs *regs);
	/* Inject virtual interrupt @intid (FFN_MED_VIRQ_*) into @vm's vCPU
	 * @vcpu, which vcpu_online just reported online. Any context. */
	void (*inject_virq)(void *ctx, struct ffn_med_vm *vm, uint16_t vcpu,
			    uint32_t intid);
	/*
	 * Whether @vm's vCPU @vcpu is online now. Any context. A vCPU must
	 * read as online before the host calls ffn_mediator_vcpu_online.
	 */
	bool (*vcpu_online)(void *ctx, struct ffn_med_vm *vm, uint16_t vcpu);
	/*
	 * Find the live VM with FF-A ID @id and hold it (RCU read side or
	 * a reference) until vm_put. NULL when there is none or it is being
	 * destroyed (ffn_mediator_vm_destroy is called only after that).
	 * Trap, deferred work, or the destroy of another VM.
	 */
	struct ffn_med_vm *(*vm_get)(void *ctx, ffn_id_t id);
	void (*vm_put)(void *ctx, struct ffn_med_vm *vm);
	/* Schedule ffn_mediator_sri_work() (a tasklet) to run after this
	 * call; requests may coalesce. Interrupt or deferred context. */
	void (*schedule_work)(void *ctx);
	/*
	 * Install the SRI handler for physical @intid on @cpu. Probe and
	 * cpu_up. Return 0, or any non-zero error in the host's own domain
	 * (an errno, a hypervisor code): the mediator never reads it as an
	 * FF-A status, it hands it back from ffn_mediator_probe or
	 * ffn_mediator_cpu_up unchanged.
	 */
	int (*register_sri)(void *ctx, uint32_t cpu, uint32_t intid);
};

/*
 * A secure partition as FFA_PARTITION_INFO_GET describes it: its ID and
 * its partition properties (FFN_PART_PROP_*). Bits 6 and 7 ask for the
 * "VM created" and "VM destroyed" messages.
 */
struct ffn_mediator_sp {
	ffn_id_t id;
	uint32_t properties;
};

struct ffn_mediator_config {
	uint32_t vm_capacity;	  /* VMs alive at once */
	uint32_t sp_capacity;	  /* SP IDs tracked for the scheduler VM */
	uint32_t policy_capacity; /* "allow A -> B" entries */
	uint32_t cpu_count;
	/*
	 * The SPs that the host learnt from FFA_PARTITION_INFO_GET (copied
	 * at init; may be empty): those whose properties ask for them get
	 * the VM availability messages at vm_create and vm_destroy.
	 */
	const struct ffn_mediator_sp *sps;
	uint32_t sp_count;
};

/* The internals; integrators only size and place them. */
#include "ffn/impl/mediator_state.h"

/* Bytes of storage for ffn_mediator_init with @cfg; 0 if @cfg is invalid. */
size_t ffn_mediator_storage_size(const struct ffn_mediator_config *cfg);

/*
 * Return: 0; FFN_INVALID_PARAMETERS for a bad @cfg or missing op;
 * FFN_NO_MEMORY when @storage_size is too small.
 */
int ffn_mediator_init(struct ffn_mediator *m,
		      const struct ffn_mediator_config *cfg,
		      const struct ffn_mediator_ops *ops, void *ops_ctx,
		      void *storage, size_t storage_size);

/*
 * Probe the SPMC from @boot_cpu (FFA_VERSION, FFA_FEATURES for the SRI
 * and every notification ABI) and register the SRI handler on @boot_cpu.
 * Secure-world notifications are enabled only when all of that succeeds;
 * VM-to-VM notifications work either way. Domain management context.
 * Return: 0 (check ffn_mediator_fw_enabled: an SPMC without notifications
 * is not an error), or register_sri's non-zero value as it returned it,
 * in the host's domain (SP notifications then stay off).
 */
int ffn_mediator_probe(struct ffn_mediator *m, uint32_t boot_cpu);

/*
 * A secondary CPU came up: register the SRI handler on it (nothing to do
 * when SP notifications are off). CPU bring-up context.
 * Return: 0, or register_sri's non-zero value unchanged (the host's
 * domain): SRIs raised on @cpu are then lost, so schedule no guest there.
 */
int ffn_mediator_cpu_up(struct ffn_mediator *m, uint32_t cpu);

/* Whether SP-facing notifications are enabled (the probe succeeded). */
bool ffn_mediator_fw_enabled(const struct ffn_mediator *m);

/* Bytes of per-VM storage for a VM with @vcpu_count vCPUs. */
size_t ffn_med_vm_storage_size(uint16_t vcpu_count);

/*
 * Domain creation: set up @vm for FF-A ID @id in @storage (8-byte
 * aligned), remember the host's @host cookie (ffn_med_vm_host returns it,
 * so ops given a VM context need no lookup of their own), create its SPMC
 * bitmap and send "VM created" to every SP that asks for it (from @cpu). On
 * failure nothing is left behind: the SPs already told get "VM destroyed"
 * (those that ask for both), the bitmap is destroyed. The VM starts at the
 * implemented version (1.2) and every vCPU counts as whatever ops->vcpu_online
 * says. Create an ID again only after vm_destroy of its previous holder
 * returned. Return: 0; FFN_INVALID_PARAMETERS (ID 0, an SP ID, vCPU count 0 or
 * above FFN_MED_MAX_VCPUS, ID in use); FFN_NO_MEMORY (no VM slot, or
 * @storage_size too small); FFN_NOT_READY (ffn_mediator_probe has not run yet:
 * whether the VM needs an SPMC bitmap is not known); the SPMC's BITMAP_CREATE
 * error; or the error of a "VM created" message (the SPMC's, or the SP's
 * status).
 */
int ffn_mediator_vm_create(struct ffn_mediator *m, struct ffn_med_vm **vm,
			   ffn_id_t id, uint16_t vcpu_count, void *storage,
			   size_t storage_size, uint32_t cpu, void *host);

/*
 * The @host cookie given to ffn_mediator_vm_create for @vm. Any context,
 * for as long as the host holds @vm (an op's argument, or vm_get).
 */
void *ffn_med_vm_host(const struct ffn_med_vm *vm);

/*
 * Domain teardown (from @cpu, after the VM stopped running and vm_get no
 * longer returns it): destroy the SPMC bitmap (draining and retrying when
 * notifications are pending; the SPMC then drops every SP's binding that
 * names the VM), drop every VM-to-VM binding that names the VM as sender
 * or receiver, end its scheduler role, and send "VM destroyed" to every
 * SP that asks for it (a failure is logged and counted, not returned). Pending
 * VM-to-VM bits it already delivered stay with their receivers until they GET
 * them. Return: 0, or the SPMC's final BITMAP_DESTROY error (state is still
 * dropped locally).
 */
int ffn_mediator_vm_destroy(struct ffn_mediator *m, struct ffn_med_vm *vm,
			    uint32_t cpu);

/*
 * Whether @vm's storage may be freed: it was destroyed and no deferred
 * work holds it. Hosts with RCU may instead free after a grace period.
 */
bool ffn_mediator_vm_freeable(const struct ffn_mediator *m,
			      const struct ffn_med_vm *vm);

/*
 * Guest trap: FF-A call from @vm's vCPU @vcpu on physical CPU @cpu; the
 * result replaces @regs. Handles FFA_VERSION (1.2), FFA_FEATURES, FFA_RUN
 * (forwarded when the target is an SP) and BIND, UNBIND, SET, GET,
 * INFO_GET_32/_64. Errors come back as FFA_ERROR in @regs:
 * NOT_SUPPORTED (unknown or physical-instance ABI, a caller at v1.0, an SP
 * peer with firmware notifications off), INVALID_PARAMETERS (MBZ bits,
 * spoofed IDs, zero bitmap, delay-SRI, bad vCPU, unknown receiver, type
 * mismatch), DENIED (policy, binding or pending state), NO_DATA
 * (INFO_GET), or the SPMC's own error for a forwarded call. The check
 * order and every row: docs/mediator.md.
 */
void ffn_mediator_call(struct ffn_mediator *m, struct ffn_med_vm *vm,
		       uint16_t vcpu, uint32_t cpu, struct ffn_regs *regs);

/* SRI handler, interrupt context on @cpu: counts, schedules the work. */
void ffn_mediator_sri_irq(struct ffn_mediator *m, uint32_t cpu);

/* The deferred SRI work on @cpu: drain INFO_GET_64, inject NPIs/SRIs. */
void ffn_mediator_sri_work(struct ffn_mediator *m, uint32_t cpu);

/*
 * @vm's vCPU @vcpu came online (call after vcpu_online reports it): inject
 * the per-vCPU NPI held for it and any held global NPI or SRI.
 */
void ffn_mediator_vcpu_online(struct ffn_mediator *m, struct ffn_med_vm *vm,
			      uint16_t vcpu);

/*
 * Name the scheduler VM that receives SP entries (virtual SRI). Pass
 * FFN_MED_NO_SCHEDULER to clear. Destroying the scheduler VM clears it
 * too: a later VM with the same ID must be named again. SP entries
 * recorded while there was no
 * scheduler are kept; if any wait and the named VM exists, it gets a
 * virtual SRI at once (management context: may call vm_get and
 * inject_virq). Return: 0 or FFN_INVALID_PARAMETERS.
 */
#define FFN_MED_NO_SCHEDULER 0xFFFFu
int ffn_mediator_set_scheduler(struct ffn_mediator *m, ffn_id_t vm);

/*
 * Access policy: let VM @sender signal VM @receiver.
 * Return: 0; FFN_INVALID_PARAMETERS (not VM IDs, or equal);
 * FFN_NO_MEMORY (policy_capacity reached). Allowing twice is 0.
 */
int ffn_mediator_allow(struct ffn_mediator *m, ffn_id_t sender,
		       ffn_id_t receiver);

struct ffn_mediator_stats {
	uint64_t sri_taken;	 /* SRI interrupts handled */
	uint64_t info_get_calls; /* INFO_GET_64 calls to the SPMC */
	uint64_t npi_injected;
	uint64_t sri_injected;	 /* virtual SRIs to the scheduler VM */
	uint64_t npi_held;	 /* NPIs held for offline vCPUs */
	uint64_t sp_unscheduled; /* SP entries with no scheduler VM */
	uint64_t vm_vanished;	 /* entries for VMs gone before lookup */
	uint64_t hyp_entries;	 /* entries for ID 0 (counted, logged) */
	uint64_t sp_untracked;	 /* SP entries beyond sp_capacity */
	uint64_t vm_msgs;	 /* VM availability messages answered 0 */
	uint64_t vm_msg_errors;	 /* ... answered with an error */
	uint32_t vms;		 /* live VM contexts */
	uint32_t vm_bindings;	 /* VM-to-VM IDs bound */
};
void ffn_mediator_get_stats(struct ffn_mediator *m,
			    struct ffn_mediator_stats *out);

/*
 * Non-destructive view of @vm's state for vCPU @vcpu, for tests and
 * invariant checks. Return: 0, or FFN_INVALID_PARAMETERS for a bad @vcpu.
 */
struct ffn_med_vm_view {
	uint64_t bound, per_vcpu;     /* VM-to-VM bindings */
	uint64_t pend_global;	      /* VM-to-VM pending, global */
	uint64_t pend_vcpu;	      /* VM-to-VM pending, @vcpu */
	uint64_t pend_any;	      /* global or any vCPU */
	bool sec_global, sec_vcpu;    /* secure pending records */
	uint8_t rep_global, rep_vcpu; /* FFN_MED_REP_* not yet listed */
	uint32_t held_global;	      /* FFN_MED_HELD_* */
	bool held_vcpu;		      /* NPI held for @vcpu */
	uint32_t version;
};
int ffn_mediator_vm_view(struct ffn_mediator *m, struct ffn_med_vm *vm,
			 uint16_t vcpu, struct ffn_med_vm_view *out);

#endif /* FFN_MEDIATOR_H */
