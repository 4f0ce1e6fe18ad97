/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hosted world: one SPMC engine and, with the hypervisor on, one
 * mediator in front of it, over plain memory and an event queue standing
 * in for the hardware. The console, the tests' fake host and fixtures, the
 * threaded tests and the fuzzers run on it, and the threaded platform as
 * its scheduling backend (struct ffn_hw_backend); the benchmarks share
 * its bring-up (ffn_hw_engines_init) with a port of their own.
 * docs/host.md describes it.
 *
 * It owns what every host of the two engines has to own: the storage, the
 * VM table (the references vm_get takes, the freeing once the mediator
 * allows it), the SRI and the deferred work (a tasklet per CPU), the
 * FFA_RUN/FFA_MSG_WAIT hand-off, and the struct ffn_spmc_ops and struct
 * ffn_mediator_ops of those hosts. What a host wants to see (the
 * mediator's SMCs, the interrupts, the work, the runs) comes through an
 * observer; what a test wants to break comes through the fault hooks.
 * Nothing here prints or records.
 *
 * Context: any thread may call, create, destroy and change vCPUs, and the
 * observers run on the thread whose action set them off; the queue and
 * the VM table are under the world's lock (a leaf: never held across a
 * call into an engine or an observer). One thread at a time settles.
 */
#ifndef FFN_HOST_WORLD_LIB_H
#define FFN_HOST_WORLD_LIB_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ffn/mediator.h"
#include "ffn/spmc.h"

#define FFN_HW_MAX_SPS 64u
#define FFN_HW_MAX_VM_VCPUS 64u

/* What the world is made of. Zero capacities take the defaults below. */
struct ffn_hw_desc {
	uint32_t cpus; /* physical CPUs */
	bool hyp;      /* a mediator in front of the SPMC */
	const struct ffn_spmc_sp_desc *sps;
	unsigned sp_count;
	uint32_t vm_capacity;	  /* SPMC and mediator: 256 */
	uint32_t vm_max_vcpus;	  /* SPMC: 64 */
	uint32_t med_vm_capacity; /* mediator only (0: vm_capacity) */
	uint32_t sp_capacity;	  /* mediator: 64 */
	uint32_t policy_capacity; /* mediator: 1024 */
	bool vm_id_table;	  /* SPMC: the direct VM ID table */
	bool med_sp_list;	  /* tell the mediator the SPs' properties */
	bool no_probe;		  /* leave firmware notifications off */
	bool observe_boot;	  /* observers see the probe's SMCs too */
	bool free_at_put; /* free a destroyed VM at its last put, not settle */
};

/* A VM of the world. */
struct ffn_hw_vm {
	ffn_id_t id;
	uint16_t vcpus;
	_Atomic bool alive; /* vm_get finds it; not once destroyed */
	bool checked;	    /* someone asks the mediator whether to free it */
	unsigned round;	    /* the last reap that looked at it */
	void *host;	    /* the host's own record of the VM, if any */
	unsigned refs;
	_Atomic bool online[FFN_HW_MAX_VM_VCPUS];
	void *storage; /* the mediator's, held until freeable */
	struct ffn_med_vm *med;
	struct ffn_hw_vm *next;
};

/* Where an interrupt went. */
enum ffn_hw_target {
	FFN_HW_TO_CPU, /* the physical SRI to the normal world */
	FFN_HW_TO_SP,  /* an NPI the SPMC pended for an SP vCPU */
	FFN_HW_TO_VM,  /* a virtual interrupt the mediator injected */
};

struct ffn_hw_irq {
	enum ffn_hw_target to;
	ffn_id_t id;	/* SP or VM */
	uint32_t vcpu;	/* the vCPU, or the CPU for FFN_HW_TO_CPU */
	uint32_t intid; /* FFN_HW_TO_VM */
	bool unhandled; /* an SRI on a CPU without the mediator's handler */
};

/* Where a call comes from (struct ffn_hw_call). */
enum ffn_hw_from {
	FFN_HW_FROM_VM,	 /* a VM vCPU's HVC into the mediator */
	FFN_HW_FROM_SP,	 /* an SP vCPU's call into the SPMC */
	FFN_HW_FROM_NS,	 /* a normal-world SMC, the hypervisor off */
	FFN_HW_FROM_MED, /* the mediator's SMC to the SPMC */
};

enum ffn_hw_phase {
	FFN_HW_ENTER,	/* before the engine sees the call */
	FFN_HW_HANDOFF, /* FFA_RUN answered FFA_MSG_WAIT: the SP vCPU runs */
	FFN_HW_RETURN,	/* the caller has its answer (after any run) */
};

/* One call (ffn_hw_call), as the observer's call hook sees it. */
struct ffn_hw_call {
	enum ffn_hw_from from;
	struct ffn_hw_vm *vm; /* FFN_HW_FROM_VM: the VM (NULL: none now) */
	void *ep; /* the caller's host record (a VM's is vm->host), or NULL */
	ffn_id_t id;   /* the calling VM or SP; 0 for the others */
	uint16_t vcpu; /* the caller's vCPU */
	uint32_t cpu;
	const struct ffn_regs *in;  /* the call */
	const struct ffn_regs *out; /* the answer (not at FFN_HW_ENTER) */
	uint64_t mark[2]; /* the observer's own, kept across the phases */
};

/* What a host sees. Any member may be NULL. */
struct ffn_hw_observer {
	void *ctx;
	/* A call in @phase, on the calling thread (calls nest: an HVC's
	 * phases enclose those of the mediator's SMCs it makes). */
	void (*call)(void *ctx, struct ffn_hw_call *c, enum ffn_hw_phase phase);
	/* The mediator asked for its deferred work on @cpu. */
	void (*work_queued)(void *ctx, uint32_t cpu);
	/* The mediator's SMC @in to the SPMC and its answer @out. */
	void (*smc)(void *ctx, uint32_t cpu, const struct ffn_regs *in,
		    const struct ffn_regs *out);
	/* The mediator injects, in its own context (the drain may hold the
	 * VM): called before the interrupt is queued for delivery. */
	void (*inject)(void *ctx, struct ffn_hw_vm *vm, uint16_t vcpu,
		       uint32_t intid);
	/* An interrupt reaches its target, in queue order. */
	void (*irq)(void *ctx, const struct ffn_hw_irq *irq);
	/* The deferred work is about to run on @cpu. */
	void (*work)(void *ctx, uint32_t cpu);
	/*
	 * FFA_RUN handed @cpu to SP @sp's vCPU @vcpu (the SPMC answered
	 * FFA_MSG_WAIT: the run begins), @npi when an NPI was pended for
	 * that vCPU (taken now). The run ends with the SP's FFA_MSG_WAIT,
	 * which the callback makes (ffn_hw_sp_msg_wait, or a call that ends
	 * with it); without the callback the vCPU runs until a later one.
	 */
	void (*run)(void *ctx, ffn_id_t sp, uint16_t vcpu, uint32_t cpu,
		    bool npi);
};

/* What a test breaks. */
struct ffn_hw_faults {
	/* Answer the mediator's SMC instead of the SPMC: return true when
	 * @r now holds the answer. */
	bool (*smc)(void *ctx, uint32_t cpu, struct ffn_regs *r);
	void *ctx;
	/* register_sri fails on this CPU with this host error; with both
	 * zero at ffn_hw_init, on none (the CPU becomes -1). */
	int register_fail_cpu;
	int register_err;
	/*
	 * The first time vcpu_online is asked about this offline (VM, vCPU)
	 * it answers false, then brings the vCPU online (telling the
	 * mediator), as another CPU would between the mediator's check and
	 * its next step. race_vm is reset to 0 once it happened.
	 */
	ffn_id_t race_vm; /* 0: disarmed */
	uint16_t race_vcpu;
};

/*
 * A scheduling backend: who takes the world's interrupts, deferred work
 * and runs instead of its queue. A world has one when be.ctx is set
 * before ffn_hw_init, with every member set; without, the queue and
 * ffn_hw_settle do. The threaded platform is one: its CPUs and vCPUs
 * are threads, each woken as its event happens. With a backend the
 * observer's irq is called as the interrupt is raised (its target is
 * woken then), and an injection into a VM record no longer alive (a
 * context of an earlier incarnation still held by the drain) is counted
 * in stale_inject and dropped: nobody is there to take it. Every member
 * runs on the thread whose action set it off, possibly under the
 * engines' locks (not the world's): none may call into an engine, except
 * run, which is called with no engine lock held.
 */
struct ffn_hw_backend {
	void *ctx;
	/* The SRI on @cpu: wake its handler. */
	void (*sri)(void *ctx, uint32_t cpu);
	/* The mediator injects @intid into @vm's vCPU @vcpu (alive). */
	void (*inject)(void *ctx, struct ffn_hw_vm *vm, uint16_t vcpu,
		       uint32_t intid);
	/* Whether @vm's vCPU @vcpu runs (the mediator's vcpu_online). */
	bool (*online)(void *ctx, struct ffn_hw_vm *vm, uint16_t vcpu);
	/* The CPU the calling thread stands for (the mediator's
	 * schedule_work runs the work there), and the work on @cpu. */
	uint32_t (*this_cpu)(void *ctx);
	void (*work)(void *ctx, uint32_t cpu);
	/*
	 * The FFA_RUN/FFA_MSG_WAIT hand-off (docs/host.md §4) made by the
	 * backend: claim takes SP @sp's vCPU @vcpu before the SPMC sees the
	 * FFA_RUN (one owner at a time: the SPMC never sees a run of a
	 * running vCPU), returning false for a vCPU the backend does not
	 * have (the SPMC then answers the call alone); run hands @cpu to it
	 * and returns once the vCPU's own FFA_MSG_WAIT gave the CPU back,
	 * false when the vCPU is not there to run (its NPI stays pending);
	 * release ends the claim, after the caller has its answer.
	 */
	bool (*claim)(void *ctx, ffn_id_t sp, uint16_t vcpu);
	bool (*run)(void *ctx, ffn_id_t sp, uint16_t vcpu, uint32_t cpu,
		    bool npi);
	void (*release)(void *ctx, ffn_id_t sp, uint16_t vcpu);
};

/*
 * The VM table (vmtable.c): the records, vm_get's references and the
 * freeing once the mediator allows it. Its lock is a leaf.
 */
struct ffn_hw_vms {
	pthread_mutex_t lock;
	struct ffn_mediator *med;
	struct ffn_hw_vm **by_id; /* [FFN_VM_ID_COUNT]: the live VMs */
	struct ffn_hw_vm *list;	  /* every VM whose storage is held */
	bool free_at_put; /* free at the last put, not at ffn_hw_vms_reap */
	unsigned round;
	atomic_ullong freed;
	atomic_uint get_calls;
};

void ffn_hw_vms_init(struct ffn_hw_vms *t, struct ffn_mediator *med);
void ffn_hw_vms_fini(struct ffn_hw_vms *t); /* frees every record */
/* Create VM @id in the mediator, @host kept in the record. Return: as
 * ffn_hw_vm_create. */
int ffn_hw_vms_create(struct ffn_hw_vms *t, ffn_id_t id, uint16_t vcpus,
		      void *host, struct ffn_hw_vm **out);
/* Hide @vm from vm_get, then destroy it in the mediator (its answer). */
int ffn_hw_vms_destroy(struct ffn_hw_vms *t, struct ffn_hw_vm *vm);
struct ffn_hw_vm *ffn_hw_vms_find(struct ffn_hw_vms *t, ffn_id_t id);
/* The bodies of the mediator's vm_get and vm_put ops. */
struct ffn_med_vm *ffn_hw_vms_get(struct ffn_hw_vms *t, ffn_id_t id);
void ffn_hw_vms_put(struct ffn_hw_vms *t, struct ffn_med_vm *vm);
/* Free the dead, unreferenced VMs the mediator lets go. */
void ffn_hw_vms_reap(struct ffn_hw_vms *t);
unsigned ffn_hw_vms_count(struct ffn_hw_vms *t);

enum ffn_hw_ev_kind { FFN_HW_EV_SRI, FFN_HW_EV_WORK, FFN_HW_EV_IRQ };

struct ffn_hw_ev {
	enum ffn_hw_ev_kind kind;
	uint32_t cpu;
	struct ffn_hw_irq irq;
};

struct ffn_hw {
	struct ffn_hw_desc desc;
	struct ffn_spmc_sp_desc sps[FFN_HW_MAX_SPS];
	struct ffn_spmc spmc;
	void *spmc_storage;
	struct ffn_mediator med;
	void *med_storage;

	struct ffn_hw_observer obs;
	struct ffn_hw_faults faults;
	struct ffn_hw_backend be;
	atomic_ullong stale_inject; /* with a backend (above) */
	bool muted;		    /* the observers are not told (boot) */

	uint64_t npi_pending[FFN_HW_MAX_SPS]; /* a bit per vCPU, by SP index */
	bool *sri_registered;		      /* [cpus] */
	bool *work_queued;		      /* [cpus] */
	_Atomic uint32_t cur_cpu; /* whose interrupt is being handled */
	pthread_mutex_t lock;	  /* the queue, npi_pending */

	struct ffn_hw_vms vms;

	struct ffn_hw_ev *q;
	unsigned q_head, q_tail, q_cap;
};

/*
 * Build @w from @d (copied; the SPs too): the SPMC, and with d->hyp the
 * mediator, probed from CPU 0 with every other CPU brought up (unless
 * d->no_probe). The observer and the faults may be set before, or after
 * (a zeroed @w has none; ffn_hw_init keeps what is there).
 * Return: 0; -1 when the SPMC refuses the configuration, -2 the mediator,
 * or the probe's error (a host error or an FF-A code). Out of memory
 * aborts. On failure ffn_hw_fini still frees what was built.
 */
int ffn_hw_init(struct ffn_hw *w, const struct ffn_hw_desc *d);
void ffn_hw_fini(struct ffn_hw *w);

/* The mediator SP list entry of an SP descriptor. */
struct ffn_mediator_sp ffn_hw_med_sp(const struct ffn_spmc_sp_desc *d);

/*
 * The bring-up alone, for a host with its own ports (the benchmarks,
 * whose port is part of what they measure): @d's zero capacities take
 * the defaults (written back), the storage is zeroed and 64-byte
 * aligned, the engines are e->spmc and e->med (the caller's), the
 * mediator is probed as ffn_hw_init does. Return: as ffn_hw_init; the
 * storage is in @e, the caller's to free.
 */
struct ffn_hw_engines {
	struct ffn_spmc *spmc;
	void *spmc_storage;
	size_t spmc_size;
	struct ffn_mediator *med;
	void *med_storage;
	size_t med_size;
};

int ffn_hw_engines_init(struct ffn_hw_engines *e, struct ffn_hw_desc *d,
			const struct ffn_spmc_ops *spmc_ops,
			const struct ffn_mediator_ops *med_ops, void *ctx);
/* Zeroed, 64-byte aligned; out of memory aborts. */
void *ffn_hw_zalloc(size_t n);

/*
 * Create VM @id with @vcpus vCPUs, all online. Return: the mediator's
 * answer (the VM is in *@out on FFN_OK), or FFN_HW_DUPLICATE when the
 * mediator accepted a second live VM of that ID (a bug it must not have;
 * the new one is kept dying, so that its storage outlives the mediator's
 * use of it).
 */
#define FFN_HW_DUPLICATE 1
int ffn_hw_vm_create(struct ffn_hw *w, ffn_id_t id, uint16_t vcpus,
		     struct ffn_hw_vm **out);
/* Begin @vm's destruction: vm_get no longer finds it. Return: the
 * mediator's answer. Its storage is freed by a later ffn_hw_settle. */
int ffn_hw_vm_destroy(struct ffn_hw *w, struct ffn_hw_vm *vm);
/* The live VM @id, or NULL. */
struct ffn_hw_vm *ffn_hw_vm(struct ffn_hw *w, ffn_id_t id);
/* Take @vm's vCPU @vcpu offline or bring it back (telling the mediator). */
void ffn_hw_vcpu_set(struct ffn_hw *w, struct ffn_hw_vm *vm, uint16_t vcpu,
		     bool online);
/* The SP descriptor of @id, or NULL. */
const struct ffn_spmc_sp_desc *ffn_hw_sp(const struct ffn_hw *w, ffn_id_t id);

/* A call's registers: @fid and w1..w4, the rest zero. */
void ffn_hw_regs(struct ffn_regs *r, uint32_t fid, uint64_t w1, uint64_t w2,
		 uint64_t w3, uint64_t w4);

/*
 * Calls. A VM's vCPU N and an SP's vCPU N run on CPU N mod cpus; the
 * caller checks that the endpoint and its vCPU exist.
 */
void ffn_hw_call_vm(struct ffn_hw *w, struct ffn_hw_vm *vm, uint16_t vcpu,
		    struct ffn_regs *r);
void ffn_hw_call_sp(struct ffn_hw *w, ffn_id_t sp, uint16_t vcpu,
		    struct ffn_regs *r);
void ffn_hw_call_ns(struct ffn_hw *w, uint32_t cpu, struct ffn_regs *r);
/*
 * A call as @c describes it (from, vm, ep, id, vcpu, cpu; the rest is
 * filled in): the general form of the three above, for a host whose
 * vCPUs are not on CPU N mod cpus or that names its own records.
 */
void ffn_hw_call(struct ffn_hw *w, struct ffn_hw_call *c, struct ffn_regs *r);
/*
 * The end of an SP vCPU's own run: FFA_MSG_WAIT hands the CPU back to the
 * normal world (an FFA_RUN's caller gets its return here). @r gets the
 * answer; the world is not settled.
 */
void ffn_hw_sp_msg_wait(struct ffn_hw *w, ffn_id_t sp, uint16_t vcpu,
			struct ffn_regs *r);

/* An SRI on @cpu, queued as the SPMC raises it. */
void ffn_hw_raise_sri(struct ffn_hw *w, uint32_t cpu);
/* Take the SRI on @cpu now (the mediator's handler; no queue). */
void ffn_hw_sri_irq(struct ffn_hw *w, uint32_t cpu);
/* Whether an NPI for SP @sp's vCPU @vcpu waits for a run. */
bool ffn_hw_npi_pending(struct ffn_hw *w, ffn_id_t sp, uint16_t vcpu);
/* CPUs with the deferred work queued and not yet run. */
unsigned ffn_hw_work_queued(struct ffn_hw *w);

/*
 * Run the queue until nothing is left (FIFO: SRIs, deferred work,
 * deliveries), then free the destroyed VMs nothing can reach any more.
 * Return: the number of events run, or -1 after @limit events (0: no
 * limit), the rest left queued: a world that does not settle is broken.
 */
int ffn_hw_settle(struct ffn_hw *w, unsigned limit);

/* VMs whose storage is still held (alive, or dying and not freeable). */
unsigned ffn_hw_vm_count(struct ffn_hw *w);

#endif /* FFN_HOST_WORLD_LIB_H */
