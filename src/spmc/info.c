// SPDX-License-Identifier: BSD-3-Clause
/*
 * The INFO_GET report state and FFA_NOTIFICATION_INFO_GET_32/_64.
 *
 * A receiver joins the tail of one FIFO queue when it gets something that
 * INFO_GET has not listed yet, and leaves it when everything it had to
 * report has been listed or retrieved by GET. Per receiver, rep_global
 * says which categories (SP, VM, framework) have unlisted global bits, and
 * a two-level bitmap (rep_summary -> rep_words) says which vCPUs have
 * unlisted per-vCPU bits, so the next vCPUs in ascending order are found
 * with two count-trailing-zeros. INFO_GET therefore costs O(IDs returned)
 * whatever the number of endpoints, and more-pending is exactly "the
 * queue is not empty".
 *
 * Lock: info_lock guards the queue and every rep_* field. It nests inside
 * a receiver's lock (SET, GET, DESTROY) and is taken alone by INFO_GET,
 * which never needs a receiver lock.
 */
#include "report.h"

static void vcpu_mark(struct ffn_spmc_ep *ep, uint16_t vcpu)
{
	unsigned w = vcpu / 64u;

	ep->rep_words[w] |= 1ull << (vcpu % 64u);
	ep->rep_summary |= 1ull << w;
}

static void vcpu_unmark(struct ffn_spmc_ep *ep, uint16_t vcpu)
{
	unsigned w = vcpu / 64u;

	ep->rep_vcpu[vcpu] = 0;
	ep->rep_words[w] &= ~(1ull << (vcpu % 64u));
	if (ep->rep_words[w] == 0)
		ep->rep_summary &= ~(1ull << w);
}

void ffni_spmc_report_vcpu(struct ffn_spmc *spmc, struct ffn_spmc_ep *ep,
			   uint16_t vcpu, uint8_t cats)
{
	ffn_spin_lock(&spmc->info_lock);
	ep->rep_vcpu[vcpu] |= cats;
	vcpu_mark(ep, vcpu);
	ffni_report_enqueue(spmc, ep);
	ffn_spin_unlock(&spmc->info_lock);
}

/* ffni_spmc_report_clear at a receiver with per-vCPU marks. */
void ffni_spmc_report_clear_vcpu(struct ffn_spmc *spmc, struct ffn_spmc_ep *ep,
				 uint16_t vcpu, uint8_t cats)
{
	if (ep->rep_vcpu[vcpu] != 0) {
		ep->rep_vcpu[vcpu] &= (uint8_t)~cats;
		if (ep->rep_vcpu[vcpu] == 0)
			vcpu_unmark(ep, vcpu);
	}
	if (ep->rep_global == 0 && ep->rep_summary == 0)
		ffni_report_dequeue(spmc, ep);
}

void ffni_spmc_report_drop(struct ffn_spmc *spmc, struct ffn_spmc_ep *ep)
{
	ffn_spin_lock(&spmc->info_lock);
	ffni_report_dequeue(spmc, ep);
	ffn_spin_unlock(&spmc->info_lock);
}

/* The next (up to) three vCPUs with something to list, ascending. */
static unsigned peek_vcpus(const struct ffn_spmc_ep *ep, uint16_t ids[3])
{
	uint64_t summary = ep->rep_summary;
	unsigned n = 0;

	while (summary != 0 && n < FFN_INFO_MAX_VCPUS_PER_LIST) {
		unsigned w = (unsigned)FFN_CTZ64(summary);
		uint64_t word = ep->rep_words[w];
		while (word != 0 && n < FFN_INFO_MAX_VCPUS_PER_LIST) {
			ids[n++] =
				(uint16_t)(w * 64u + (unsigned)FFN_CTZ64(word));
			word &= word - 1u;
		}
		summary &= summary - 1u;
	}
	return n;
}

/*
 * List @ep's entries into @w: the global entry first, then its vCPUs in
 * ascending order, three to a list. Return: false when a list did not
 * fit (what was listed is consumed; the rest stays for the next call).
 */
static bool list_receiver(struct ffn_info_writer *w, struct ffn_spmc_ep *ep)
{
	uint16_t ids[FFN_INFO_MAX_VCPUS_PER_LIST];
	unsigned n;

	if (ep->rep_global != 0) {
		if (ffn_info_writer_add(w, ep->id, NULL, 0) != FFN_OK)
			return false;
		ep->rep_global = 0;
	}
	while ((n = peek_vcpus(ep, ids)) != 0) {
		if (ffn_info_writer_add(w, ep->id, ids, n) != FFN_OK)
			return false;
		for (unsigned i = 0; i < n; i++)
			vcpu_unmark(ep, ids[i]);
	}
	return true;
}

/*
 * INFO_GET_32/_64: w1-w7 MBZ (all 64 bits of x1-x7 for _64).
 * Errors: NOT_SUPPORTED (an SP calls), INVALID_PARAMETERS (MBZ set),
 * NO_DATA (nothing to list).
 */
void ffni_spmc_info_get(const struct ffn_spmc_caller *c, struct ffn_regs *r,
			bool is64)
{
	struct ffn_spmc *spmc = c->spmc;
	struct ffn_info_writer w;
	struct ffn_spmc_ep *ep;
	uint64_t mbz = 0;

	if (!caller_is_ns(c)) {
		ffn_regs_error(r, FFN_NOT_SUPPORTED);
		return;
	}
	for (unsigned i = 1; i <= 7; i++)
		mbz |= is64 ? r->x[i] : (uint32_t)r->x[i];
	if (mbz != 0) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}

	ffn_spin_lock(&spmc->info_lock);
	if (spmc->q_head == NULL) {
		ffn_spin_unlock(&spmc->info_lock);
		ffn_regs_error(r, FFN_NO_DATA);
		return;
	}
	ffn_info_writer_init(&w, r, is64);
	while ((ep = spmc->q_head) != NULL && list_receiver(&w, ep))
		ffni_report_dequeue(spmc, ep);
	ffn_info_writer_finish(&w, spmc->q_head != NULL);
	ffn_spin_unlock(&spmc->info_lock);
}
