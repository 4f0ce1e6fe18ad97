/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The INFO_GET report queue's updates on the SET and GET paths, inline:
 * one of them runs under info_lock in every SET that makes a bit pending
 * and in every GET that takes bits INFO_GET has not listed yet, and as
 * calls with their register saves they were a fifth of those calls.
 * info.c explains the queue and its lock; callers hold ep->lock.
 */
#ifndef FFN_SPMC_REPORT_H
#define FFN_SPMC_REPORT_H

#include "spmc_internal.h"

/* Join the tail of the queue unless already in it (info_lock held). */
static inline void ffni_report_enqueue(struct ffn_spmc *spmc,
				       struct ffn_spmc_ep *ep)
{
	struct ffn_spmc_ep *tail = spmc->q_tail;

	if (ffn_atomic32_load(&ep->queued) != 0)
		return;
	ep->q_next = NULL;
	ep->q_prev = tail;
	if (tail != NULL)
		tail->q_next = ep;
	else
		spmc->q_head = ep;
	spmc->q_tail = ep;
	ffn_atomic32_store(&ep->queued, 1);
}

/* Leave the queue if in it (info_lock held). */
static inline void ffni_report_dequeue(struct ffn_spmc *spmc,
				       struct ffn_spmc_ep *ep)
{
	if (ffn_atomic32_load(&ep->queued) == 0)
		return;
	if (ep->q_prev != NULL)
		ep->q_prev->q_next = ep->q_next;
	else
		spmc->q_head = ep->q_next;
	if (ep->q_next != NULL)
		ep->q_next->q_prev = ep->q_prev;
	else
		spmc->q_tail = ep->q_prev;
	ep->q_next = ep->q_prev = NULL;
	ffn_atomic32_store(&ep->queued, 0);
}

/* @ep got global bits of @cats that INFO_GET has not listed. */
static inline __attribute__((__always_inline__)) void
ffni_spmc_report_global(struct ffn_spmc *spmc, struct ffn_spmc_ep *ep,
			uint8_t cats)
{
	ffn_spin_lock(&spmc->info_lock);
	ep->rep_global |= cats;
	ffni_report_enqueue(spmc, ep);
	ffn_spin_unlock(&spmc->info_lock);
}

/*
 * GET returned @cats for @vcpu: they have nothing left to list, and a
 * receiver with nothing left leaves the queue. A receiver with per-vCPU
 * marks is handled out of line (info.c); one with global notifications
 * only, the usual one, has none (rep_summary is zero).
 */
static inline __attribute__((__always_inline__)) void
ffni_spmc_report_clear(struct ffn_spmc *spmc, struct ffn_spmc_ep *ep,
		       uint16_t vcpu, uint8_t cats)
{
	ffn_spin_lock(&spmc->info_lock);
	ep->rep_global &= (uint8_t)~cats;
	if (ep->rep_summary != 0)
		ffni_spmc_report_clear_vcpu(spmc, ep, vcpu, cats);
	else if (ep->rep_global == 0)
		ffni_report_dequeue(spmc, ep);
	ffn_spin_unlock(&spmc->info_lock);
}

#endif /* FFN_SPMC_REPORT_H */
