// SPDX-License-Identifier: BSD-3-Clause
/*
 * The host platform as the hosted world's threaded backend (struct
 * ffn_hw_backend): the world's ports and its FFA_RUN hand-off wake this
 * platform's threads instead of queueing; and the endpoint drivers'
 * conduits into the world (see sim.h, sim_internal.h, docs/platform.md,
 * docs/host.md). The world tells the platform's observer (observe.c: the
 * trace and the diagram) what happens.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim_internal.h"

/* ---- the virtual interrupt controller ------------------------------ */

static void be_sri(void *ctx, uint32_t cpu)
{
	struct ffn_sim *s = ctx;
	struct sim_cpu *c = &s->cpu[cpu];

	pthread_mutex_lock(&c->mu);
	if (!c->sri_pending && !c->stop) {
		c->sri_pending = true;
		sim_busy_inc(s);
	}
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
}

static void be_inject(void *ctx, struct ffn_hw_vm *vm, uint16_t vcpu,
		      uint32_t intid)
{
	struct ffn_sim *s = ctx;
	struct sim_dom *d = vm->host;
	struct sim_vcpu *v = &d->vcpu[vcpu];

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

static bool be_online(void *ctx, struct ffn_hw_vm *vm, uint16_t vcpu)
{
	struct sim_dom *d = vm->host;
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

/* A tasklet runs on the CPU that scheduled it. */
static uint32_t be_this_cpu(void *ctx)
{
	(void)ctx;
	return (uint32_t)sim_tls_cpu;
}

static void be_work(void *ctx, uint32_t cpu)
{
	sim_cpu_schedule(ctx, cpu);
}

/* ---- the FFA_RUN hand-off: one owner per SP vCPU -------------------- */

static struct sim_vcpu *sp_vcpu(struct ffn_sim *s, ffn_id_t sp, uint16_t vi)
{
	struct sim_dom *d = sim_dom_find(s, sp);

	if (d == NULL || !d->is_sp || vi >= d->d.vcpus)
		return NULL; /* the engine refuses the FFA_RUN */
	return &d->vcpu[vi];
}

/* The run slot keeps one owner per SP vCPU, so the engine never sees a
 * run of a running vCPU from this platform. */
static bool be_claim(void *ctx, ffn_id_t sp, uint16_t vcpu)
{
	struct sim_vcpu *v = sp_vcpu(ctx, sp, vcpu);

	if (v == NULL)
		return false;
	pthread_mutex_lock(&v->mu);
	while (v->owner != OWN_NONE)
		pthread_cond_wait(&v->cv, &v->mu);
	v->owner = OWN_RUNNER;
	pthread_mutex_unlock(&v->mu);
	return true;
}

/*
 * FFA_RUN is synchronous, as on hardware: the SP vCPU's thread runs
 * (takes its NPI, or polls) and the call returns when it calls
 * FFA_MSG_WAIT.
 */
static bool be_run(void *ctx, ffn_id_t sp, uint16_t vcpu, uint32_t cpu,
		   bool npi)
{
	struct sim_vcpu *v = sp_vcpu(ctx, sp, vcpu);
	bool ran;

	pthread_mutex_lock(&v->mu);
	ran = v->started;
	if (ran) {
		v->run_req = true;
		v->run_done = false;
		v->run_cpu = cpu;
		v->run_npi = npi;
		pthread_cond_broadcast(&v->cv);
		while (!v->run_done)
			pthread_cond_wait(&v->cv, &v->mu);
	}
	pthread_mutex_unlock(&v->mu);
	return ran;
}

static void be_release(void *ctx, ffn_id_t sp, uint16_t vcpu)
{
	struct sim_vcpu *v = sp_vcpu(ctx, sp, vcpu);

	pthread_mutex_lock(&v->mu);
	v->owner = OWN_NONE;
	pthread_cond_broadcast(&v->cv);
	pthread_mutex_unlock(&v->mu);
}

void sim_backend_init(struct ffn_sim *s)
{
	static const struct ffn_hw_backend threaded = {.sri = be_sri,
						       .inject = be_inject,
						       .online = be_online,
						       .this_cpu = be_this_cpu,
						       .work = be_work,
						       .claim = be_claim,
						       .run = be_run,
						       .release = be_release};

	s->w.be = threaded;
	s->w.be.ctx = s;
}

/* ---- endpoint conduits ---------------------------------------------- */

/* A VM vCPU's HVC: a trap into the mediator on that vCPU's CPU. */
static void vm_call(void *ctx, uint16_t vcpu, struct ffn_regs *r)
{
	struct sim_dom *d = ctx;
	struct ffn_sim *s = d->sim;
	struct ffn_hw_call c = {.from = FFN_HW_FROM_VM,
				.ep = d,
				.id = d->d.id,
				.vcpu = vcpu,
				.cpu = vcpu % s->cfg.cpus};

	pthread_mutex_lock(&s->dom_mu);
	c.vm = d->vm;
	pthread_mutex_unlock(&s->dom_mu);
	ffn_hw_call(&s->w, &c, r);
}

/* An SP vCPU's call into the SPMC, on the CPU it runs on. */
static void sp_call(void *ctx, uint16_t vcpu, struct ffn_regs *r)
{
	struct sim_dom *d = ctx;
	struct ffn_hw_call c = {.from = FFN_HW_FROM_SP,
				.ep = d,
				.id = d->d.id,
				.vcpu = vcpu,
				.cpu = d->vcpu[vcpu].cur_cpu};

	ffn_hw_call(&d->sim->w, &c, r);
}

/* The NS physical instance's SMC (hypervisor off), on CPU @vcpu. */
static void ns_call(void *ctx, uint16_t vcpu, struct ffn_regs *r)
{
	struct sim_dom *d = ctx;
	struct ffn_hw_call c = {.from = FFN_HW_FROM_NS,
				.ep = d,
				.vcpu = vcpu,
				.cpu = vcpu % d->sim->cfg.cpus};

	ffn_hw_call(&d->sim->w, &c, r);
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
