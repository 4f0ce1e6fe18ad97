// SPDX-License-Identifier: BSD-3-Clause
/*
 * Scheduling as far as notifications need it: FFA_RUN from the normal
 * world, FFA_MSG_WAIT from an SP, the Schedule Receiver Interrupt (SRI)
 * with its per-CPU delay latch, and the Notification Pending Interrupt
 * (NPI) pended when an S-EL1 SP vCPU is given cycles.
 *
 * The SRI is raised on the CPU the sender runs on. With the delay flag
 * (SPs only) a per-CPU latch is set instead and fired by the next return
 * of that CPU to the normal world: the end of any normal-world call
 * (including the FFA_RUN that ran the sender) or an SP's FFA_MSG_WAIT.
 * Nothing de-duplicates SRIs across CPUs: the scheduler copes with a
 * spurious one (INFO_GET answers NO_DATA), never with a lost one.
 */
#include "spmc_internal.h"

void ffni_spmc_sri_delay(struct ffn_spmc *spmc, uint32_t cpu)
{
	ffn_atomic32_store(&spmc->sri_delayed[cpu], 1);
}

void ffni_spmc_return_to_ns(struct ffn_spmc *spmc, uint32_t cpu)
{
	/* A plain load first: most returns owe nothing, and skip the RMW. */
	if (ffn_atomic32_load(&spmc->sri_delayed[cpu]) != 0 &&
	    ffn_atomic32_xchg(&spmc->sri_delayed[cpu], 0) != 0)
		ffni_spmc_sri_now(spmc, cpu);
}

/* Whether giving cycles to @ep's @vcpu must pend the NPI (ep->lock held). */
static bool npi_due(const struct ffn_spmc_ep *ep, uint16_t vcpu)
{
	const struct ffn_spmc_pending *p = &ep->vcpu[vcpu];

	if (!ep->is_sp || ep->el0 || !ep->notifications)
		return false;
	return (ep->global.from_sp | ep->global.from_vm | ep->framework |
		p->from_sp | p->from_vm) != 0;
}

/*
 * Give cycles to @ep's @vcpu, which must be waiting: FFN_BUSY while it
 * runs; otherwise its NPI is pended when due and FFN_OK returned. The
 * common step of FFA_RUN and a framework message to the SP. Takes
 * ep->lock; the port's pend_npi is called with no lock held.
 */
int32_t ffni_spmc_wake(struct ffn_spmc *spmc, struct ffn_spmc_ep *ep,
		       uint16_t vcpu)
{
	bool npi;

	ffn_spin_lock(&ep->lock);
	if (ep->run_cpu[vcpu] != 0) {
		ffn_spin_unlock(&ep->lock);
		return FFN_BUSY;
	}
	npi = npi_due(ep, vcpu);
	ffn_spin_unlock(&ep->lock);

	if (npi) {
		ffn_stat_add(&spmc->npi_pended, 1);
		spmc->ops->pend_npi(spmc->ops_ctx, ep->id, vcpu);
	}
	return FFN_OK;
}

/*
 * FFA_RUN: w1[31:16] target SP, w1[15:0] vCPU; w2-w7 MBZ.
 * Errors: NOT_SUPPORTED (an SP calls); INVALID_PARAMETERS (MBZ set, the
 * target is not a known SP, vCPU out of range, or an MP SP's vCPU asked
 * for on another CPU than its own); BUSY (that vCPU is running). On success the
 * vCPU runs until it waits again: the engine has no partition code to run, so
 * it answers FFA_MSG_WAIT at once, as if the SP had handled its NPI and gone
 * back to waiting.
 */
void ffni_spmc_run(const struct ffn_spmc_caller *c, struct ffn_regs *r)
{
	uint32_t w1 = (uint32_t)r->x[1];
	ffn_id_t target = (ffn_id_t)(w1 >> 16);
	uint16_t vcpu = (uint16_t)w1;
	struct ffn_spmc_ep *ep;

	if (!caller_is_ns(c)) {
		ffn_regs_error(r, FFN_NOT_SUPPORTED);
		return;
	}
	ep = ffn_id_is_sp(target) ? ffni_spmc_sp_find(c->spmc, target) : NULL;
	/*
	 * An MP SP has one execution context per CPU: vCPU N runs on CPU N
	 * only. A UP SP's one vCPU migrates and runs on any CPU.
	 */
	if (!ffn_regs_w_zero(r, 2, 7) || ep == NULL || vcpu >= ep->vcpu_count ||
	    (ep->vcpu_count > 1 && vcpu != c->cpu)) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	if (ffni_spmc_wake(c->spmc, ep, vcpu) != FFN_OK) {
		ffn_regs_error(r, FFN_BUSY);
		return;
	}
	ffn_regs_result(r, FFN_FID_MSG_WAIT);
}

/*
 * FFA_MSG_WAIT from an SP vCPU: it stops running and its CPU returns to
 * the normal world, which sees FFA_MSG_WAIT (what @r receives), and a
 * delayed SRI owed on that CPU fires. w2 bit 0 ("retain RX buffer
 * ownership", FF-A v1.2) is accepted from a caller at v1.2 (the engine
 * keeps no RX buffers, so it changes nothing); w1, the rest of w2 and
 * w3-w7 are MBZ (INVALID_PARAMETERS, the vCPU keeps running).
 * NOT_SUPPORTED from the normal world.
 */
void ffni_spmc_msg_wait(const struct ffn_spmc_caller *c, struct ffn_regs *r)
{
	uint32_t flags_mbz = 0xFFFFFFFFu;

	if (caller_is_ns(c)) {
		ffn_regs_error(r, FFN_NOT_SUPPORTED);
		return;
	}
	if (c->version >= FFN_VERSION_1_2)
		flags_mbz &= ~FFN_MSG_WAIT_FLAG_RETAIN_RX;
	if ((uint32_t)r->x[1] != 0 || ((uint32_t)r->x[2] & flags_mbz) != 0 ||
	    !ffn_regs_w_zero(r, 3, 7)) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	ffn_spin_lock(&c->self->lock);
	c->self->run_cpu[c->vcpu] = 0;
	ffn_spin_unlock(&c->self->lock);
	ffn_regs_result(r, FFN_FID_MSG_WAIT);
	ffni_spmc_return_to_ns(c->spmc, c->cpu);
}
