/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals of the SPMC engine (include/ffn/impl/: docs/CONTRIBUTING.md).
 * Integrators only size and place struct ffn_spmc; they never read or
 * write its fields, which may change in any release. ffn/spmc.h includes
 * this header; include that one instead. docs/spmc.md explains the data
 * structures and the lock order (vm_lock -> endpoint lock -> info_lock).
 */
#ifndef FFN_IMPL_SPMC_STATE_H
#define FFN_IMPL_SPMC_STATE_H

#include "ffn/impl/bindings.h"
#include "ffn/impl/bitslice.h"
#include "ffn/impl/idmap.h"

/* Report categories: which kinds of pending bits INFO_GET has not listed. */
#define FFN_REP_SP 0x1u
#define FFN_REP_VM 0x2u
#define FFN_REP_FW 0x4u

/*
 * One receiver: an SP, or a normal-world ID with a bitmap.
 * Invariant: a bit is pending only while it is bound (BIND and UNBIND
 * refuse pending bits, SET refuses unbound ones), except that a bit an SP
 * has pending from a VM stays pending when BITMAP_DESTROY of that VM
 * removes its binding: GET returns it, BIND refuses it until then.
 */
struct ffn_spmc_ep {
	ffn_spinlock_t lock;
	ffn_id_t id;
	uint16_t vcpu_count;
	bool in_use;
	bool is_sp;
	bool el0;
	bool notifications;
	bool vm_created, vm_destroyed; /* SPs: VM availability messages */
	/*
	 * VM bitmaps: a BITMAP_DESTROY was refused because something was
	 * pending. From then on SET and BIND to it are DENIED (GET still
	 * drains it), so no partition can keep it pending and pin it: the
	 * next DESTROY after a drain succeeds.
	 */
	bool masked;
	ffn_atomic32_t version;	      /* SPs: negotiated FF-A version */
	struct ffn_bindings from_sp;  /* senders in the secure world */
	struct ffn_bindings *from_vm; /* SPs only: normal-world senders */
	struct ffn_spmc_pending global;
	uint64_t framework;		/* SPM half [31:0], HYP half [63:32] */
	struct ffn_spmc_pending *vcpu;	/* [vcpu_count] per-vCPU pending */
	struct ffn_slice vcpu_count_sp; /* per ID: vCPUs with it pending */
	struct ffn_slice vcpu_count_vm;
	uint32_t *run_cpu; /* SPs: [vcpu_count] CPU+1, 0 = waiting */

	/* Report state, under info_lock. */
	struct ffn_spmc_ep *q_next, *q_prev; /* INFO_GET queue links */
	/*
	 * In the queue. Written under info_lock; read without it by GET,
	 * which holds ep->lock, so nothing can set it meanwhile (only SET
	 * and framework_set enqueue, under ep->lock): seeing 0 there means
	 * there is nothing to unlist.
	 */
	ffn_atomic32_t queued;
	uint8_t rep_global;   /* FFN_REP_* not yet listed, global */
	uint8_t *rep_vcpu;    /* [vcpu_count] FFN_REP_* per vCPU */
	uint64_t *rep_words;  /* bit v: rep_vcpu[v] != 0 */
	uint64_t rep_summary; /* bit w: rep_words[w] != 0 */
};

/*
 * A node of the VM-sender index (src/spmc/senders.c): one (SP, VM sender)
 * pair, at the SP's slot of the pair's lowest bound ID. Under vm_lock.
 */
struct ffn_spmc_vsend {
	uint32_t prev, next; /* the VM's list, FFN_IDMAP_EMPTY at the ends */
	ffn_id_t vm;
	bool linked;
};

struct ffn_spmc {
	struct ffn_spmc_config cfg;
	const struct ffn_spmc_ops *ops;
	void *ops_ctx;

	struct ffn_spmc_ep *sps; /* [sp_count] */
	struct ffn_idmap sp_map; /* SP ID -> index, fixed after init */

	ffn_spinlock_t vm_lock;	 /* vm_map, vm free list, the VM-sender index */
	struct ffn_spmc_ep *vms; /* [vm_capacity] */
	struct ffn_idmap vm_map; /* VM ID -> index (no vm_id_table) */
	/*
	 * With vm_id_table: VM ID -> index + 1 (0: none), two 16-bit
	 * entries per word [FFN_VM_ID_COUNT / 2]; written under vm_lock.
	 */
	ffn_atomic32_t *vm_table;
	uint32_t *vm_free; /* stack of free VM slot indices */
	uint32_t vm_free_count;
	/* SPs' bindings by VM sender: VM ID -> first node of its pairs. */
	struct ffn_idmap vsend_map;
	struct ffn_spmc_vsend *vsend; /* [64 * sp_count] */

	ffn_atomic32_t ns_version;   /* the normal world's negotiated version */
	ffn_atomic32_t *sri_delayed; /* [cpu_count] delayed SRI latch */

	ffn_spinlock_t info_lock; /* the queue and every rep_* field */
	struct ffn_spmc_ep *q_head, *q_tail;

	ffn_atomic32_t bound_ids;
	ffn_stat_t sri_raised;
	ffn_stat_t npi_pended;
	ffn_stat_t vm_msgs;
};

#endif /* FFN_IMPL_SPMC_STATE_H */
