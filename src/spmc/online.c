// SPDX-License-Identifier: BSD-3-Clause
/*
 * ffn_spmc_vcpu_online: a receiver's vCPU can take its GET again, so
 * what it has pending per-vCPU is listed again by INFO_GET.
 *
 * Why: INFO_GET lists an entry once. A receiver whose scheduler cannot
 * act on a per-vCPU entry while that vCPU is away (Linux's driver runs
 * the GET on the listed CPU, which fails while the CPU is offline) would
 * otherwise never hear of it again: the bits stay pending, unlisted, and
 * a second SET of the same ID is no fresh bit, so it is not listed
 * either (docs/spmc.md, "A vCPU that comes back").
 *
 * Cost: one receiver lookup and a fixed number of word operations under
 * its lock and info_lock, whatever the number of receivers, vCPUs or
 * pending IDs.
 */
#include "spmc_internal.h"

int ffn_spmc_vcpu_online(struct ffn_spmc *spmc, uint32_t cpu, ffn_id_t receiver,
			 uint16_t vcpu)
{
	const struct ffn_spmc_pending *p;
	struct ffn_spmc_ep *ep;
	uint8_t cats = 0;

	/* SPs' vCPUs never go away: only normal-world receivers. */
	if (cpu >= spmc->cfg.cpu_count || !ffn_id_is_vm(receiver))
		return FFN_INVALID_PARAMETERS;
	ep = ffni_spmc_lock_receiver(spmc, receiver);
	if (ep == NULL)
		return FFN_INVALID_PARAMETERS;
	if (vcpu >= ep->vcpu_count) {
		ffn_spin_unlock(&ep->lock);
		return FFN_INVALID_PARAMETERS;
	}
	p = &ep->vcpu[vcpu];
	if (p->from_sp != 0)
		cats |= FFN_REP_SP;
	if (p->from_vm != 0)
		cats |= FFN_REP_VM;
	/* Already unlisted categories stay so: marking is idempotent. */
	if (cats != 0)
		ffni_spmc_report_vcpu(spmc, ep, vcpu, cats);
	ffn_spin_unlock(&ep->lock);
	ffni_spmc_check(spmc);
	if (cats == 0)
		return FFN_NO_DATA;
	ffni_spmc_sri_now(spmc, cpu);
	return FFN_OK;
}
