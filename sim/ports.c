// SPDX-License-Identifier: BSD-3-Clause
/*
 * The host platform's ports: the SPMC's (the SRI and the NPI), the SMC
 * conduit, the mediator's, and the endpoint drivers' conduits (see sim.h,
 * sim_internal.h, docs/platform.md).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim_internal.h"

/* ---- SPMC port: the SRI and the NPI -------------------------------- */

static void raise_sri(void *ctx, uint32_t cpu)
{
	struct ffn_sim *s = ctx;
	struct sim_cpu *c = &s->cpu[cpu];
	char buf[32];

	snprintf(buf, sizeof(buf), "SRI cpu:%u", cpu);
	sim_trace_ev(s, 'i', PID_SPMC, sim_tls_key, ffn_sim_now(), 0,
		     "raise SRI", buf);
	if (sim_capturing(s))
		sim_sev_add(s, LANE_SPMC, LANE_CPU, 'i', buf);
	pthread_mutex_lock(&c->mu);
	if (!c->sri_pending && !c->stop) {
		c->sri_pending = true;
		sim_busy_inc(s);
	}
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
}

static void pend_npi(void *ctx, ffn_id_t sp, uint16_t vcpu)
{
	struct ffn_sim *s = ctx;
	struct sim_dom *d = sim_dom_find(s, sp);
	struct sim_vcpu *v;
	char buf[48];

	if (d == NULL || vcpu >= d->d.vcpus)
		return;
	v = &d->vcpu[vcpu];
	snprintf(buf, sizeof(buf), "NPI (vIRQ %u) %s.%u", SP_NPI_INTID, d->name,
		 vcpu);
	sim_trace_ev(s, 'i', PID_SPMC, sim_tls_key, ffn_sim_now(), 0,
		     "pend NPI", buf);
	if (sim_capturing(s))
		sim_sev_add(s, LANE_SPMC, sim_lane_of(s, d), 'v', buf);
	/* Taken in the run that FFA_RUN is about to hand over. */
	pthread_mutex_lock(&v->mu);
	v->virq |= SIM_VIRQ_BIT(SP_NPI_INTID);
	pthread_mutex_unlock(&v->mu);
}

const struct ffn_spmc_ops sim_spmc_ops = {
	.raise_sri = raise_sri,
	.pend_npi = pend_npi,
};

/* ---- the SMC conduit ------------------------------------------------ */

/*
 * ffn_spmc_call_ns with its trace. @run, when not NULL, is the SP vCPU an
 * FFA_RUN hands the CPU to: the call returns (and is drawn returning)
 * only once that vCPU is back to waiting.
 */
static void spmc_ns(struct ffn_sim *s, uint32_t cpu, struct ffn_regs *r,
		    int from_lane, struct sim_vcpu *run)
{
	struct ffn_regs in = *r;
	uint64_t t0 = ffn_sim_now();
	bool cap = sim_capturing(s);
	char buf[128];

	if (cap) {
		sim_fmt_call(buf, sizeof(buf), &in);
		sim_sev_add(s, from_lane, LANE_SPMC, 'c', buf);
	}
	ffn_spmc_call_ns(&s->spmc, cpu, r);
	if (run != NULL && (uint32_t)r->x[0] == FFN_FID_MSG_WAIT) {
		if (cap) {
			snprintf(buf, sizeof(buf), "cpu:%u to %s.%u (ERET)",
				 cpu, run->dom->name, run->idx);
			sim_sev_add(s, LANE_SPMC, sim_lane_of(s, run->dom), 'h',
				    buf);
		}
		pthread_mutex_lock(&run->mu);
		if (run->started) {
			run->run_req = true;
			run->run_done = false;
			run->run_cpu = cpu;
			pthread_cond_broadcast(&run->cv);
			while (!run->run_done)
				pthread_cond_wait(&run->cv, &run->mu);
		}
		pthread_mutex_unlock(&run->mu);
	}
	sim_trace_call(s, PID_SPMC, t0, &in, r);
	if (cap && run != NULL && (uint32_t)r->x[0] == FFN_FID_MSG_WAIT) {
		/* The SP's FFA_MSG_WAIT ends the run: the CPU comes back. */
		snprintf(buf, sizeof(buf),
			 "FFA_MSG_WAIT: cpu:%u back from %s.%u", cpu,
			 run->dom->name, run->idx);
		sim_sev_add(s, LANE_SPMC, from_lane, 'h', buf);
	} else if (cap) {
		sim_fmt_ret(buf, sizeof(buf), (uint32_t)in.x[0], r);
		sim_sev_add(s, LANE_SPMC, from_lane, 'r', buf);
	}
}

/*
 * A normal-world SMC on @cpu. FFA_RUN is synchronous, as on hardware: the
 * SP vCPU's thread runs (takes its NPI, or polls) and the call returns
 * when it calls FFA_MSG_WAIT. The run slot keeps one owner per SP vCPU,
 * so the engine never sees a run of a running vCPU from this platform.
 */
void sim_ns_smc(struct ffn_sim *s, uint32_t cpu, struct ffn_regs *r,
		int from_lane)
{
	uint32_t fid = (uint32_t)r->x[0];
	struct sim_dom *d;
	struct sim_vcpu *v;
	uint16_t vi;

	if (fid != FFN_FID_RUN) {
		spmc_ns(s, cpu, r, from_lane, NULL);
		return;
	}
	d = sim_dom_find(s, (ffn_id_t)((uint32_t)r->x[1] >> 16));
	vi = (uint16_t)r->x[1];
	if (d == NULL || !d->is_sp || vi >= d->d.vcpus) {
		/* The engine refuses it. */
		spmc_ns(s, cpu, r, from_lane, NULL);
		return;
	}
	v = &d->vcpu[vi];
	pthread_mutex_lock(&v->mu);
	while (v->owner != OWN_NONE)
		pthread_cond_wait(&v->cv, &v->mu);
	v->owner = OWN_RUNNER;
	pthread_mutex_unlock(&v->mu);

	spmc_ns(s, cpu, r, from_lane, v);

	pthread_mutex_lock(&v->mu);
	v->owner = OWN_NONE;
	pthread_cond_broadcast(&v->cv);
	pthread_mutex_unlock(&v->mu);
}

/* ---- the mediator's port ------------------------------------------- */

static void med_smc(void *ctx, uint32_t cpu, struct ffn_regs *r)
{
	sim_ns_smc(ctx, cpu, r, LANE_MED);
}

static void med_inject(void *ctx, struct ffn_med_vm *vm, uint16_t vcpu,
		       uint32_t intid)
{
	struct ffn_sim *s = ctx;
	struct ffn_hw_vm *hv = ffn_med_vm_host(vm);
	struct sim_dom *d = hv->host;
	struct sim_vcpu *v;
	char buf[64];

	if (!atomic_load(&hv->alive) || vcpu >= d->d.vcpus) {
		/* A context of an earlier incarnation: nobody to wake. */
		atomic_fetch_add(&s->stale_inject, 1);
		return;
	}
	v = &d->vcpu[vcpu];
	snprintf(buf, sizeof(buf), "%s (vSGI %u) %s.%u",
		 intid == FFN_MED_VIRQ_SRI ? "vSRI" : "vNPI", intid, d->name,
		 vcpu);
	sim_trace_ev(s, 'i', PID_MED, sim_tls_key, ffn_sim_now(), 0, "inject",
		     buf);
	if (sim_capturing(s))
		sim_sev_add(s, LANE_MED, sim_lane_of(s, d), 'v', buf);
	/* An offline vCPU keeps it pending (its vGIC state survives);
	 * a destroyed one has nobody to take it. */
	pthread_mutex_lock(&v->mu);
	if (!v->gone && !(v->virq & SIM_VIRQ_BIT(intid))) {
		v->virq |= SIM_VIRQ_BIT(intid);
		sim_busy_inc(s);
	}
	pthread_cond_broadcast(&v->cv);
	pthread_mutex_unlock(&v->mu);
}

static bool med_online(void *ctx, struct ffn_med_vm *vm, uint16_t vcpu)
{
	struct sim_dom *d = sim_dom_of(vm);
	struct sim_vcpu *v;
	bool on;

	(void)ctx;
	if (vcpu >= d->d.vcpus)
		return false;
	v = &d->vcpu[vcpu];
	pthread_mutex_lock(&v->mu);
	on = v->started && !v->stop;
	pthread_mutex_unlock(&v->mu);
	return on;
}

/* The world's VM table: a destroyed VM is freed at its last put. */
static struct ffn_med_vm *med_vm_get(void *ctx, ffn_id_t id)
{
	struct ffn_sim *s = ctx;

	return ffn_hw_vms_get(&s->vms, id);
}

static void med_vm_put(void *ctx, struct ffn_med_vm *vm)
{
	struct ffn_sim *s = ctx;

	ffn_hw_vms_put(&s->vms, vm);
}

void sim_cpu_schedule(struct ffn_sim *s, uint32_t cpu)
{
	struct sim_cpu *c = &s->cpu[cpu];

	pthread_mutex_lock(&c->mu);
	if (!c->work_sched) {
		c->work_sched = true;
		sim_busy_inc(s);
	}
	pthread_cond_signal(&c->wcv);
	pthread_mutex_unlock(&c->mu);
}

static void med_schedule_work(void *ctx)
{
	struct ffn_sim *s = ctx;

	/* A tasklet runs on the CPU that scheduled it. */
	if (sim_capturing(s))
		sim_sev_add(s, LANE_CPU, LANE_MED, 'c',
			    "sri_irq -> schedule tasklet");
	sim_cpu_schedule(s, (uint32_t)sim_tls_cpu);
}

static int med_register_sri(void *ctx, uint32_t cpu, uint32_t intid)
{
	struct ffn_sim *s = ctx;

	if (cpu >= s->cfg.cpus || intid != SRI_INTID)
		return -1;
	atomic_store(&s->cpu[cpu].sri_registered, true);
	return 0;
}

const struct ffn_mediator_ops sim_med_ops = {
	.smc = med_smc,
	.inject_virq = med_inject,
	.vcpu_online = med_online,
	.vm_get = med_vm_get,
	.vm_put = med_vm_put,
	.schedule_work = med_schedule_work,
	.register_sri = med_register_sri,
};

/* ---- endpoint conduits ---------------------------------------------- */

/* A VM vCPU's HVC: a trap into the mediator on that vCPU's CPU. */
static void vm_call(void *ctx, uint16_t vcpu, struct ffn_regs *r)
{
	struct sim_dom *d = ctx;
	struct ffn_sim *s = d->sim;
	struct ffn_regs in = *r;
	uint32_t cpu = vcpu % s->cfg.cpus;
	struct ffn_med_vm *vm;
	uint64_t t0 = ffn_sim_now();
	bool cap = sim_capturing(s);
	int lane = cap ? sim_lane_of(s, d) : -1;
	char buf[128];

	pthread_mutex_lock(&s->dom_mu);
	vm = d->vm != NULL ? d->vm->med : NULL;
	pthread_mutex_unlock(&s->dom_mu);
	if (cap) {
		sim_fmt_call(buf, sizeof(buf), &in);
		sim_sev_add(s, lane, LANE_MED, 'c', buf);
	}
	ffn_mediator_call(&s->med, vm, vcpu, cpu, r);
	sim_trace_call(s, PID_MED, t0, &in, r);
	if (cap) {
		sim_fmt_ret(buf, sizeof(buf), (uint32_t)in.x[0], r);
		sim_sev_add(s, LANE_MED, lane, 'r', buf);
	}
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

/* An SP vCPU's call into the SPMC, on the CPU it runs on. */
static void sp_call(void *ctx, uint16_t vcpu, struct ffn_regs *r)
{
	struct sim_dom *d = ctx;
	struct ffn_sim *s = d->sim;
	struct ffn_regs in = *r;
	uint64_t t0 = ffn_sim_now();
	bool cap = sim_capturing(s);
	int lane = cap ? sim_lane_of(s, d) : -1;
	char buf[128];

	if (cap) {
		sim_fmt_call(buf, sizeof(buf), &in);
		sim_sev_add(s, lane, LANE_SPMC, 'c', buf);
	}
	ffn_spmc_call_sp(&s->spmc, d->d.id, vcpu, d->vcpu[vcpu].cur_cpu, r);
	sim_trace_call(s, PID_SPMC, t0, &in, r);
	if (cap)
		sp_call_drawn(d, vcpu, &in, r, lane);
}

/* The NS physical instance's SMC (hypervisor off), on CPU @vcpu. */
static void ns_call(void *ctx, uint16_t vcpu, struct ffn_regs *r)
{
	struct sim_dom *d = ctx;
	struct ffn_sim *s = d->sim;
	bool cap = sim_capturing(s);

	sim_ns_smc(s, vcpu % s->cfg.cpus, r, cap ? sim_lane_of(s, d) : -1);
}

const struct ffn_ep_ops sim_ns_ep_ops = {.call = ns_call};
const struct ffn_ep_ops sim_vm_ep_ops = {.call = vm_call};
const struct ffn_ep_ops sim_sp_ep_ops = {.call = sp_call};

void sim_sp_msg_wait(struct sim_vcpu *v)
{
	struct ffn_regs r;

	ffn_regs_init(&r, FFN_FID_MSG_WAIT);
	sp_call(v->dom, v->idx, &r);
}

/*
 * Run @fn as SP vCPU @v on its own initiative (as if a direct request or
 * its own interrupt had given it cycles), then FFA_MSG_WAIT. Any thread
 * may call it; it waits for the run slot.
 */
void sim_sp_own_run(struct sim_vcpu *v, void (*fn)(struct sim_vcpu *, void *),
		    void *arg)
{
	struct ffn_sim *s = v->sim;
	bool self = sim_tls_key == v->key;

	pthread_mutex_lock(&v->mu);
	while (v->owner != OWN_NONE) {
		/* On its own thread, a run handed over meanwhile is ours to
		 * serve, or the runner and this vCPU wait for each other. */
		if (self && v->run_req)
			sim_service_run_locked(v);
		else
			pthread_cond_wait(&v->cv, &v->mu);
	}
	v->owner = OWN_SELF;
	pthread_mutex_unlock(&v->mu);
	sim_busy_inc(s); /* the MSG_WAIT may fire a delayed SRI */
	v->cur_cpu = v->home_cpu;
	fn(v, arg);
	sim_sp_msg_wait(v);
	pthread_mutex_lock(&v->mu);
	v->owner = OWN_NONE;
	pthread_cond_broadcast(&v->cv);
	pthread_mutex_unlock(&v->mu);
	sim_busy_dec(s);
}
