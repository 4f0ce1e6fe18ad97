/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals of the mediator (include/ffn/impl/: docs/CONTRIBUTING.md).
 * ffn/mediator.h includes this header; include that one. Integrators only size
 * and place them (the mediator and each VM context live in storage they pass
 * in); they never read or write the fields. docs/mediator.md explains the data
 * structures and the lock order:
 *
 *     vm->lock -> m->sp_lock
 *     m->reg_lock, m->policy_lock: leaves, never held with another lock
 *
 * Never two VM locks at once. The per-VM "held" interrupt records are
 * lock-free atomics.
 */
#ifndef FFN_IMPL_MEDIATOR_STATE_H
#define FFN_IMPL_MEDIATOR_STATE_H

#include "ffn/impl/bindings.h"
#include "ffn/impl/bitslice.h"
#include "ffn/impl/idmap.h"

/* 64-bit words of a vCPU bitmap of @n vCPUs. */
#define FFN_MED_WORDS(n) (((uint32_t)(n) + 63u) / 64u)
/* 32-bit words of the same (the atomics offer and/or on 32 bits). */
#define FFN_MED_WORDS32(n) (((uint32_t)(n) + 31u) / 32u)

/* Report categories of an INFO_GET entry not yet listed to the guest. */
#define FFN_MED_REP_SEC 0x1u /* the SPMC listed it (SP or SPM pending) */
#define FFN_MED_REP_VM 0x2u  /* VM-to-VM notification pending */

/* Held virtual interrupts (vm->held_global). */
#define FFN_MED_HELD_NPI 0x1u
#define FFN_MED_HELD_SRI 0x2u

/*
 * A set of vCPU IDs that yields its members in ascending order in
 * O(1) each: bit w of summary says words[w] != 0.
 */
struct ffn_med_vset {
	uint64_t summary;
	uint64_t *words; /* [FFN_MED_WORDS(count)] */
};

/* One VM's context, at the start of the storage given to vm_create. */
struct ffn_med_vm {
	ffn_spinlock_t lock; /* every non-atomic field below */
	ffn_id_t id;
	uint16_t vcpu_count;
	ffn_atomic32_t version; /* negotiated FF-A version */
	ffn_atomic32_t dying;	/* vm_destroy started */
	ffn_atomic32_t destroyed;
	ffn_atomic32_t users; /* mediator users from other contexts */
	bool has_bitmap;      /* vm_create made its SPMC bitmap */
	void *host;	      /* the host's cookie (ffn_med_vm_host) */

	/* VM-to-VM notifications with this VM as receiver. */
	struct ffn_bindings bind;
	uint64_t pend_global;
	uint64_t *pend_vcpu; /* [vcpu_count] */
	/* Bit-sliced count, per ID, of vCPUs with it pending in pend_vcpu. */
	struct ffn_slice pend_cnt;
	uint64_t hyp_fw; /* HYP framework bits (no source yet) */

	/* Secure pending records from the SRI drain. */
	bool sec_global;
	uint64_t *sec_vcpu; /* [words] */

	/* Entries of the guest's own INFO_GET not yet listed. */
	uint8_t rep_global;
	uint8_t *rep_vcpu; /* [vcpu_count] FFN_MED_REP_* */
	struct ffn_med_vset rep;

	/* Virtual interrupts waiting for a vCPU to come online. */
	ffn_atomic32_t held_global; /* FFN_MED_HELD_* */
	ffn_atomic32_t *held_vcpu;  /* [FFN_MED_WORDS32] per-vCPU NPIs */
};

/* A policy edge "sender may signal receiver". Never removed. */
struct ffn_med_edge {
	ffn_id_t sender;
	ffn_id_t receiver;
	uint32_t next; /* next edge of the same sender, or FFN_IDMAP_EMPTY */
};

/* SP entries recorded for the scheduler VM. */
struct ffn_med_sp {
	ffn_id_t id;
	bool queued;
	bool rep_global;
	uint32_t next; /* FIFO link (index), FFN_IDMAP_EMPTY at the tail */
	struct ffn_med_vset rep;
};

struct ffn_mediator {
	struct ffn_mediator_config cfg;
	const struct ffn_mediator_ops *ops;
	void *ops_ctx;

	ffn_atomic32_t fw_enabled;
	ffn_atomic32_t probed; /* ffn_mediator_probe ran: VMs may be created */
	ffn_atomic32_t vm_msgs_on; /* the SPMC takes VM availability messages */
	struct ffn_mediator_sp *parts; /* [cfg.sp_count], copied at init */
	uint32_t sri_intid;
	ffn_atomic32_t scheduler; /* VM ID or FFN_MED_NO_SCHEDULER */

	ffn_spinlock_t reg_lock; /* vm_map, vm_count */
	struct ffn_idmap vm_map; /* live VM IDs */
	uint32_t vm_count;

	ffn_spinlock_t policy_lock; /* pair table, edges, sender heads */
	uint32_t *pairs;	    /* open addressing: edge index or EMPTY */
	uint32_t pair_mask;
	struct ffn_med_edge *edges; /* [policy_capacity] */
	uint32_t edge_count;
	struct ffn_idmap sender_head; /* sender -> first edge */

	ffn_spinlock_t sp_lock; /* sps, sp_map, queue */
	struct ffn_med_sp *sps; /* [sp_capacity] */
	struct ffn_idmap sp_map;
	uint32_t sp_count;
	uint32_t q_head, q_tail;
	uint32_t sp_vcpus; /* vCPU IDs an SP record holds (cpu_count) */

	ffn_atomic32_t logged; /* FFN_MED_LOGGED_* one-time logs */

	ffn_stat_t sri_taken;
	ffn_stat_t info_get_calls;
	ffn_stat_t npi_injected;
	ffn_stat_t sri_injected;
	ffn_stat_t npi_held;
	ffn_stat_t sp_unscheduled;
	ffn_stat_t vm_vanished;
	ffn_stat_t hyp_entries;
	ffn_stat_t sp_untracked;
	ffn_stat_t vm_msgs;
	ffn_stat_t vm_msg_errors;
	ffn_atomic32_t vm_bindings;
};

#endif /* FFN_IMPL_MEDIATOR_STATE_H */
