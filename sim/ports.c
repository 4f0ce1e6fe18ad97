// SPDX-License-Identifier: BSD-3-Clause
/*
 * The host platform's ports: the SPMC's (the SRI and the NPI), the SMC
 * conduit, the mediator's, and the endpoint drivers' conduits (see sim.h,
 * sim_internal.h, docs/platform.md). What they do is told to the
 * platform's observer (observe.c: the trace and the diagram), in the
 * hosted world's observer interface.
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
	struct ffn_hw_irq irq = {.to = FFN_HW_TO_CPU, .vcpu = cpu};

	s->obs.irq(s->obs.ctx, &irq);
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
	struct ffn_hw_irq irq = {.to = FFN_HW_TO_SP,
				 .id = sp,
				 .vcpu = vcpu,
				 .intid = SP_NPI_INTID};
	struct sim_vcpu *v;

	if (d == NULL || vcpu >= d->d.vcpus)
		return;
	v = &d->vcpu[vcpu];
	s->obs.irq(s->obs.ctx, &irq);
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
 * ffn_spmc_call_ns, observed. @run, when not NULL, is the SP vCPU an
 * FFA_RUN hands the CPU to: the call returns only once that vCPU is back
 * to waiting.
 */
static void spmc_ns(struct ffn_sim *s, uint32_t cpu, struct ffn_regs *r,
		    struct ffn_hw_call *c, struct sim_vcpu *run)
{
	struct ffn_regs in = *r;

	c->cpu = cpu;
	c->in = &in;
	c->out = r;
	s->obs.call(s->obs.ctx, c, FFN_HW_ENTER);
	ffn_spmc_call_ns(&s->spmc, cpu, r);
	if (run != NULL && (uint32_t)r->x[0] == FFN_FID_MSG_WAIT) {
		s->obs.call(s->obs.ctx, c, FFN_HW_HANDOFF);
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
	s->obs.call(s->obs.ctx, c, FFN_HW_RETURN);
}

/*
 * A normal-world SMC on @cpu. FFA_RUN is synchronous, as on hardware: the
 * SP vCPU's thread runs (takes its NPI, or polls) and the call returns
 * when it calls FFA_MSG_WAIT. The run slot keeps one owner per SP vCPU,
 * so the engine never sees a run of a running vCPU from this platform.
 */
void sim_ns_smc(struct ffn_sim *s, uint32_t cpu, struct ffn_regs *r,
		struct ffn_hw_call *c)
{
	uint32_t fid = (uint32_t)r->x[0];
	struct sim_dom *d;
	struct sim_vcpu *v;
	uint16_t vi;

	if (fid != FFN_FID_RUN) {
		spmc_ns(s, cpu, r, c, NULL);
		return;
	}
	d = sim_dom_find(s, (ffn_id_t)((uint32_t)r->x[1] >> 16));
	vi = (uint16_t)r->x[1];
	if (d == NULL || !d->is_sp || vi >= d->d.vcpus) {
		/* The engine refuses it. */
		spmc_ns(s, cpu, r, c, NULL);
		return;
	}
	v = &d->vcpu[vi];
	pthread_mutex_lock(&v->mu);
	while (v->owner != OWN_NONE)
		pthread_cond_wait(&v->cv, &v->mu);
	v->owner = OWN_RUNNER;
	pthread_mutex_unlock(&v->mu);

	spmc_ns(s, cpu, r, c, v);

	pthread_mutex_lock(&v->mu);
	v->owner = OWN_NONE;
	pthread_cond_broadcast(&v->cv);
	pthread_mutex_unlock(&v->mu);
}

/* ---- the mediator's port ------------------------------------------- */

static void med_smc(void *ctx, uint32_t cpu, struct ffn_regs *r)
{
	struct ffn_hw_call c = {.from = FFN_HW_FROM_MED};

	sim_ns_smc(ctx, cpu, r, &c);
}

static void med_inject(void *ctx, struct ffn_med_vm *vm, uint16_t vcpu,
		       uint32_t intid)
{
	struct ffn_sim *s = ctx;
	struct ffn_hw_vm *hv = ffn_med_vm_host(vm);
	struct sim_dom *d = hv->host;
	struct sim_vcpu *v;

	if (!atomic_load(&hv->alive) || vcpu >= d->d.vcpus) {
		/* A context of an earlier incarnation: nobody to wake. */
		atomic_fetch_add(&s->stale_inject, 1);
		return;
	}
	v = &d->vcpu[vcpu];
	s->obs.inject(s->obs.ctx, hv, vcpu, intid);
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
	s->obs.work_queued(s->obs.ctx, (uint32_t)sim_tls_cpu);
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
	struct ffn_hw_call c = {.from = FFN_HW_FROM_VM,
				.ep = d,
				.id = d->d.id,
				.vcpu = vcpu,
				.cpu = vcpu % s->cfg.cpus,
				.in = &in,
				.out = r};
	struct ffn_med_vm *vm;

	pthread_mutex_lock(&s->dom_mu);
	vm = d->vm != NULL ? d->vm->med : NULL;
	pthread_mutex_unlock(&s->dom_mu);
	s->obs.call(s->obs.ctx, &c, FFN_HW_ENTER);
	ffn_mediator_call(&s->med, vm, vcpu, c.cpu, r);
	s->obs.call(s->obs.ctx, &c, FFN_HW_RETURN);
}

/* An SP vCPU's call into the SPMC, on the CPU it runs on. */
static void sp_call(void *ctx, uint16_t vcpu, struct ffn_regs *r)
{
	struct sim_dom *d = ctx;
	struct ffn_sim *s = d->sim;
	struct ffn_regs in = *r;
	struct ffn_hw_call c = {.from = FFN_HW_FROM_SP,
				.ep = d,
				.id = d->d.id,
				.vcpu = vcpu,
				.cpu = d->vcpu[vcpu].cur_cpu,
				.in = &in,
				.out = r};

	s->obs.call(s->obs.ctx, &c, FFN_HW_ENTER);
	ffn_spmc_call_sp(&s->spmc, d->d.id, vcpu, c.cpu, r);
	s->obs.call(s->obs.ctx, &c, FFN_HW_RETURN);
}

/* The NS physical instance's SMC (hypervisor off), on CPU @vcpu. */
static void ns_call(void *ctx, uint16_t vcpu, struct ffn_regs *r)
{
	struct sim_dom *d = ctx;
	struct ffn_hw_call c = {.from = FFN_HW_FROM_NS, .ep = d, .vcpu = vcpu};

	sim_ns_smc(d->sim, vcpu % d->sim->cfg.cpus, r, &c);
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
