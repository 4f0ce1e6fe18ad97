/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals of the endpoint driver (include/ffn/impl/:
 * docs/CONTRIBUTING.md). Integrators only size and place struct ffn_ep;
 * they never read or write its fields. ffn/endpoint.h includes this
 * header; include that one instead. ep->lock is a leaf, taken in thread
 * and interrupt context (ffn/env.h, "Lock contexts").
 */
#ifndef FFN_IMPL_ENDPOINT_STATE_H
#define FFN_IMPL_ENDPOINT_STATE_H

struct ffn_ep_slot {
	ffn_ep_notif_cb cb;
	void *arg;
	ffn_id_t sender;
	bool per_vcpu;
};

struct ffn_ep {
	struct ffn_ep_config cfg;
	const struct ffn_ep_ops *ops;
	void *ops_ctx;

	uint32_t version; /* negotiated FF-A version (0 before probe) */
	uint32_t npi_intid, sri_intid; /* FFN_EP_NO_INTID when absent */
	bool percpu_ok;		       /* feature 4 allows per-vCPU */

	ffn_spinlock_t lock; /* slot, bound, fw_cb, list_cb */
	uint64_t bound[2];   /* [enum ffn_ep_world] requested IDs */
	struct ffn_ep_slot slot[2][FFN_EP_NOTIFS];
	ffn_ep_fw_cb fw_cb;
	void *fw_arg;
	ffn_ep_list_cb list_cb;
	void *list_arg;

	ffn_stat_t st[12]; /* struct ffn_ep_stats, in order */
};

#endif /* FFN_IMPL_ENDPOINT_STATE_H */
