// SPDX-License-Identifier: BSD-3-Clause
/*
 * Tracing as an observer: the hosted world's observer interface
 * (struct ffn_hw_observer) turned into the run's trace events (trace.c)
 * and sequence-diagram items (diagram.c). The ports tell it what happens
 * and know nothing of either output; every hook runs on the thread whose
 * action set it off, which is the thread the trace puts it on.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "sim_internal.h"

static bool observed(struct ffn_sim *s)
{
	return s->tracing || sim_capturing(s);
}

static void obs_irq(void *ctx, const struct ffn_hw_irq *irq)
{
	struct ffn_sim *s = ctx;
	struct sim_dom *d;
	char buf[48];

	if (!observed(s))
		return;
	if (irq->to == FFN_HW_TO_CPU) {
		snprintf(buf, sizeof(buf), "SRI cpu:%u", irq->vcpu);
		sim_trace_ev(s, 'i', PID_SPMC, sim_tls_key, ffn_sim_now(), 0,
			     "raise SRI", buf);
		if (sim_capturing(s))
			sim_sev_add(s, LANE_SPMC, LANE_CPU, 'i', buf);
		return;
	}
	d = sim_dom_find(s, irq->id);
	if (irq->to != FFN_HW_TO_SP || d == NULL)
		return;
	snprintf(buf, sizeof(buf), "NPI (vIRQ %u) %s.%u", irq->intid, d->name,
		 irq->vcpu);
	sim_trace_ev(s, 'i', PID_SPMC, sim_tls_key, ffn_sim_now(), 0,
		     "pend NPI", buf);
	if (sim_capturing(s))
		sim_sev_add(s, LANE_SPMC, sim_lane_of(s, d), 'v', buf);
}

static void obs_inject(void *ctx, struct ffn_hw_vm *vm, uint16_t vcpu,
		       uint32_t intid)
{
	struct ffn_sim *s = ctx;
	struct sim_dom *d = vm->host;
	char buf[64];

	if (!observed(s))
		return;
	snprintf(buf, sizeof(buf), "%s (vSGI %u) %s.%u",
		 intid == FFN_MED_VIRQ_SRI ? "vSRI" : "vNPI", intid, d->name,
		 vcpu);
	sim_trace_ev(s, 'i', PID_MED, sim_tls_key, ffn_sim_now(), 0, "inject",
		     buf);
	if (sim_capturing(s))
		sim_sev_add(s, LANE_MED, sim_lane_of(s, d), 'v', buf);
}

static void obs_work_queued(void *ctx, uint32_t cpu)
{
	struct ffn_sim *s = ctx;

	(void)cpu;
	/* A tasklet runs on the CPU that scheduled it. */
	if (sim_capturing(s))
		sim_sev_add(s, LANE_CPU, LANE_MED, 'c',
			    "sri_irq -> schedule tasklet");
}

/* The SP vCPU an FFA_RUN names (the engine accepted it: it exists). */
static struct sim_dom *run_target(struct ffn_sim *s, const struct ffn_regs *in)
{
	return sim_dom_find(s, (ffn_id_t)((uint32_t)in->x[1] >> 16));
}

/*
 * The diagram's answer to an SP's call. A successful FFA_MSG_WAIT does not
 * return to the SP: the SPMC gives the CPU back to the normal world. In a
 * run, that is the FFA_RUN's own return (drawn by its caller); in a run
 * the SP made on its own, the CPU goes back to the normal world.
 */
static void sp_call_drawn(struct sim_dom *d, uint16_t vcpu,
			  const struct ffn_regs *in, const struct ffn_regs *r,
			  int lane)
{
	struct ffn_sim *s = d->sim;
	struct sim_vcpu *v = &d->vcpu[vcpu];
	char buf[128];
	bool in_run;

	if ((uint32_t)in->x[0] == FFN_FID_MSG_WAIT &&
	    (uint32_t)r->x[0] == FFN_FID_MSG_WAIT) {
		pthread_mutex_lock(&v->mu);
		in_run = v->owner == OWN_RUNNER;
		pthread_mutex_unlock(&v->mu);
		if (!in_run) {
			snprintf(buf, sizeof(buf),
				 "cpu:%u back to the normal world", v->cur_cpu);
			sim_sev_add(s, LANE_SPMC, LANE_CPU, 'h', buf);
		}
		return;
	}
	sim_fmt_ret(buf, sizeof(buf), (uint32_t)in->x[0], r);
	sim_sev_add(s, LANE_SPMC, lane, 'r', buf);
}

/* The caller's lane and the engine's: a VM calls the mediator. */
static void call_lanes(struct ffn_sim *s, const struct ffn_hw_call *c,
		       int *from, int *to)
{
	*to = c->from == FFN_HW_FROM_VM ? LANE_MED : LANE_SPMC;
	if (c->from == FFN_HW_FROM_MED)
		*from = LANE_MED;
	else
		*from = c->ep != NULL ? sim_lane_of(s, c->ep) : -1;
}

/*
 * mark[0]: the call's start; mark[1]: whether the diagram was capturing
 * then (it draws the whole call or none of it).
 */
static void obs_call(void *ctx, struct ffn_hw_call *c, enum ffn_hw_phase phase)
{
	struct ffn_sim *s = ctx;
	struct sim_dom *d;
	int from = -1, to = LANE_SPMC;
	char buf[128];

	if (phase == FFN_HW_ENTER) {
		c->mark[0] = ffn_sim_now();
		c->mark[1] = sim_capturing(s);
	}
	if (c->mark[1])
		call_lanes(s, c, &from, &to);
	switch (phase) {
	case FFN_HW_ENTER:
		if (c->mark[1]) {
			sim_fmt_call(buf, sizeof(buf), c->in);
			sim_sev_add(s, from, to, 'c', buf);
		}
		return;
	case FFN_HW_HANDOFF:
		if (c->mark[1] && (d = run_target(s, c->in)) != NULL) {
			snprintf(buf, sizeof(buf), "cpu:%u to %s.%u (ERET)",
				 c->cpu, d->name, (uint16_t)c->in->x[1]);
			sim_sev_add(s, LANE_SPMC, sim_lane_of(s, d), 'h', buf);
		}
		return;
	case FFN_HW_RETURN:
		break;
	}
	sim_trace_call(s, c->from == FFN_HW_FROM_VM ? PID_MED : PID_SPMC,
		       c->mark[0], c->in, c->out);
	if (!c->mark[1])
		return;
	if (c->from == FFN_HW_FROM_SP) {
		sp_call_drawn(c->ep, c->vcpu, c->in, c->out, from);
	} else if (c->from != FFN_HW_FROM_VM &&
		   (uint32_t)c->in->x[0] == FFN_FID_RUN &&
		   (uint32_t)c->out->x[0] == FFN_FID_MSG_WAIT &&
		   (d = run_target(s, c->in)) != NULL) {
		/* The SP's FFA_MSG_WAIT ends the run: the CPU comes back
		 * (to the SMC's caller; a VM's HVC returns as any other). */
		snprintf(buf, sizeof(buf),
			 "FFA_MSG_WAIT: cpu:%u back from %s.%u", c->cpu,
			 d->name, (uint16_t)c->in->x[1]);
		sim_sev_add(s, LANE_SPMC, from, 'h', buf);
	} else {
		sim_fmt_ret(buf, sizeof(buf), (uint32_t)c->in->x[0], c->out);
		sim_sev_add(s, to, from, 'r', buf);
	}
}

void sim_observer_init(struct ffn_sim *s)
{
	struct ffn_hw_observer *o = &s->w.obs;

	memset(o, 0, sizeof(*o));
	o->ctx = s;
	o->call = obs_call;
	o->work_queued = obs_work_queued;
	o->inject = obs_inject;
	o->irq = obs_irq;
}
