/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SPMC notification engine: the secure side of FF-A v1.2
 * notifications (BITMAP_CREATE/DESTROY, BIND, UNBIND, SET, GET,
 * INFO_GET_32/64), with FFA_VERSION, FFA_FEATURES, FFA_RUN and
 * FFA_MSG_WAIT as far as notifications need them.
 *
 * Contexts: every entry point may run concurrently on any physical CPU.
 * Lock order (outermost first):
 *     vm_lock (VM ID map) -> endpoint lock -> info_lock
 * (with cfg.vm_id_table, receiver lookups skip vm_lock: see bitmap.c)
 * The ops callbacks are made with no lock held.
 *
 * Storage: the integrator passes one buffer of ffn_spmc_storage_size()
 * bytes; the engine never allocates.
 *
 * Registers: a call's result is written into x0..x7 of the caller's
 * struct ffn_regs and x8..x17 are never touched, so a port may pass its
 * saved x0..x17 block straight in and copy it all back (or copy x0..x7
 * only). Negative status codes are sign-extended into their x register
 * (x2 of FFA_ERROR); other 32-bit values are zero-extended (docs/abi.md).
 */
#ifndef FFN_SPMC_H
#define FFN_SPMC_H

#include "ffn/abi.h"

/* The largest vCPU count of one endpoint: FFN_MAX_VCPUS (ffn/abi.h). */
#define FFN_SPMC_MAX_VCPUS FFN_MAX_VCPUS

/* A secure partition, as its manifest describes it. */
struct ffn_spmc_sp_desc {
	ffn_id_t id;	     /* bit 15 set */
	uint16_t vcpu_count; /* >= 1 */
	bool el0;	     /* S-EL0 partition: no NPI, no MEI */
	bool notifications;  /* the manifest enables receipt */
	/* VM availability messages it subscribes to (partition properties
	 * bits 6 and 7, from its manifest). */
	bool vm_created;
	bool vm_destroyed;
};

struct ffn_spmc_config {
	const struct ffn_spmc_sp_desc *sps;
	uint32_t sp_count;
	uint32_t vm_capacity;  /* normal-world bitmaps at once, <= 32768 */
	uint16_t vm_max_vcpus; /* largest vCPU count BITMAP_CREATE accepts */
	uint32_t cpu_count;    /* physical CPUs */
	uint32_t npi_intid;    /* FFA_FEATURES(NPI) answer, e.g. 5 */
	uint32_t mei_intid;    /* FFA_FEATURES(MEI) answer, e.g. 4 */
	uint32_t sri_intid;    /* FFA_FEATURES(SRI) answer, e.g. 8 */
	/*
	 * How normal-world IDs find their slot. false: a hash map of
	 * 16 bytes per VM of capacity, read under vm_lock. true: a direct
	 * table of all 32,768 VM IDs, 64 KiB whatever the capacity (less
	 * than the map from 4,096 VMs up), read without vm_lock by SET,
	 * GET, BIND and UNBIND (docs/spmc.md, Concurrency).
	 */
	bool vm_id_table;
};

/*
 * Port of one engine instance. Called with no engine lock held, possibly
 * concurrently from several CPUs.
 */
struct ffn_spmc_ops {
	/* Pend the SRI, a non-secure physical interrupt, on @cpu. */
	void (*raise_sri)(void *ctx, uint32_t cpu);
	/* Pend the virtual NPI in SP @sp's vCPU @vcpu. */
	void (*pend_npi)(void *ctx, ffn_id_t sp, uint16_t vcpu);
};

/* Pending bitmaps of one state (an endpoint's global state or one vCPU). */
struct ffn_spmc_pending {
	uint64_t from_sp;
	uint64_t from_vm;
};

/* The internals; integrators only size and place them. */
#include "ffn/impl/spmc_state.h"

struct ffn_spmc_stats {
	uint32_t vm_bitmaps; /* normal-world bitmaps created */
	uint32_t bound_ids;  /* IDs bound, over every receiver and world */
	uint32_t queued;     /* receivers waiting to be listed by INFO_GET */
	uint64_t sri_raised; /* SRIs raised, immediately or after a delay */
	uint64_t npi_pended;
	uint64_t vm_msgs; /* VM availability messages delivered to SPs */
};

/*
 * Bytes of storage an engine with @cfg needs.
 * Return: the size, or 0 when @cfg is invalid (see ffn_spmc_init).
 */
size_t ffn_spmc_storage_size(const struct ffn_spmc_config *cfg);

/*
 * Initialise @spmc in @storage (aligned to 8 bytes).
 * Return: 0; FFN_INVALID_PARAMETERS when @cfg is invalid (an SP ID without
 * bit 15, a duplicate SP ID, a vCPU count of 0 or above
 * FFN_SPMC_MAX_VCPUS, vm_capacity above 32768, cpu_count 0); FFN_NO_MEMORY
 * when @storage_size is too small.
 */
int ffn_spmc_init(struct ffn_spmc *spmc, const struct ffn_spmc_config *cfg,
		  const struct ffn_spmc_ops *ops, void *ops_ctx, void *storage,
		  size_t storage_size);

/*
 * An SMC from the normal world (the hypervisor, or the OS without one) on
 * physical CPU @cpu. BITMAP_DESTROY of a VM ID also removes every SP's
 * binding that names that ID as sender (docs/spmc.md). @regs holds the call and
 * receives the result. On return the CPU is back in the normal world, so a
 * delayed SRI owed on
 * @cpu is raised. Every error is an FFA_ERROR in @regs (docs/abi.md lists
 * each ABI's codes and check order).
 */
void ffn_spmc_call_ns(struct ffn_spmc *spmc, uint32_t cpu,
		      struct ffn_regs *regs);

/*
 * A call from vCPU @vcpu of SP @sp, running on physical CPU @cpu. The
 * vCPU is marked running on @cpu until it calls FFA_MSG_WAIT, which hands
 * @cpu back to the normal world: the result then is what the normal world
 * sees (FFA_MSG_WAIT), and a delayed SRI owed on @cpu is raised.
 * An unknown @sp or @vcpu is an integrator bug (asserted).
 */
void ffn_spmc_call_sp(struct ffn_spmc *spmc, ffn_id_t sp, uint16_t vcpu,
		      uint32_t cpu, struct ffn_regs *regs);

/*
 * Pend a framework notification (RX buffer full) for @receiver, as
 * FFA_MSG_SEND2 would: the SPM half when @sender is an SP, the HYP half
 * when it is a VM. Raises the SRI on @cpu.
 * Return: 0; FFN_INVALID_PARAMETERS when @receiver is unknown;
 * FFN_DENIED when it has no notification support.
 */
int ffn_spmc_framework_set(struct ffn_spmc *spmc, uint32_t cpu, ffn_id_t sender,
			   ffn_id_t receiver);

/*
 * vCPU @vcpu of normal-world receiver @receiver can take a GET again (its
 * CPU came back online): what it has pending per-vCPU is listed again by
 * the next INFO_GET, and the SRI is raised on @cpu. INFO_GET lists an
 * entry once; a scheduler that could not act on it while the vCPU was
 * away (Linux runs the GET on the listed CPU) would otherwise never see
 * it again. Call it once the receiver can act on the listing, not
 * before: for an OS without a hypervisor, from that CPU's first FF-A
 * call after PSCI CPU_ON, when the OS has marked the CPU online
 * (docs/spmc.md, "A vCPU that comes back").
 * Context: any CPU, like ffn_spmc_call_ns; not from an ops callback.
 * Locks: the receiver's lock (through vm_lock without cfg.vm_id_table),
 * then info_lock inside it; raise_sri is called with none held.
 * Cost: O(1): one receiver lookup and a fixed number of word operations,
 * whatever the number of receivers, vCPUs or pending IDs.
 * Return: 0 when something was listed again (the SRI was raised);
 * FFN_NO_DATA when that vCPU has nothing pending per-vCPU (nothing done);
 * FFN_INVALID_PARAMETERS when @cpu is out of range, @receiver is an SP or
 * has no bitmap, or @vcpu is out of its range.
 */
int ffn_spmc_vcpu_online(struct ffn_spmc *spmc, uint32_t cpu, ffn_id_t receiver,
			 uint16_t vcpu);

/* Counters for tests, invariants and benchmarks. */
void ffn_spmc_get_stats(struct ffn_spmc *spmc, struct ffn_spmc_stats *out);

/*
 * Non-destructive view of a receiver's state, for invariant checks.
 * Return: 0, or FFN_INVALID_PARAMETERS when @receiver has no state or
 * @vcpu is out of range.
 */
struct ffn_spmc_view {
	struct ffn_spmc_pending global;
	struct ffn_spmc_pending vcpu;
	uint64_t framework;
	uint64_t bound_sp, bound_vm, per_vcpu_sp, per_vcpu_vm;
	uint16_t vcpu_count;
	bool unlisted_global; /* INFO_GET has a global entry to report */
	bool unlisted_vcpu;   /* ... and a per-vCPU entry for @vcpu */
	bool queued;	      /* the receiver is in the INFO_GET queue */
	bool running;	      /* SPs: that vCPU is running */
};
int ffn_spmc_view(struct ffn_spmc *spmc, ffn_id_t receiver, uint16_t vcpu,
		  struct ffn_spmc_view *out);

#endif /* FFN_SPMC_H */
