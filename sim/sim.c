// SPDX-License-Identifier: BSD-3-Clause
/*
 * The host platform: threads for physical CPUs, tasklets and vCPUs, the
 * virtual interrupt controller, the SMC conduit into the SPMC engine, the
 * mediator's port and domain lifetime (see sim.h, docs/platform.md).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim_internal.h"

_Thread_local int sim_tls_key = KEY_MAIN;
_Thread_local int sim_tls_cpu = 0;

#define SP_NPI_INTID 5u
#define SP_MEI_INTID 4u
#define SRI_INTID 8u

uint64_t ffn_sim_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

/* Condition variables timed against CLOCK_MONOTONIC (pacing deadlines). */
static void cond_init_mono(pthread_cond_t *cv)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(cv, &a);
	pthread_condattr_destroy(&a);
}

/* ---- quiescence ---------------------------------------------------- */

void sim_busy_inc(struct ffn_sim *s)
{
	atomic_fetch_add(&s->busy, 1);
}

void sim_busy_dec(struct ffn_sim *s)
{
	if (atomic_fetch_sub(&s->busy, 1) == 1) {
		pthread_mutex_lock(&s->idle_mu);
		pthread_cond_broadcast(&s->idle_cv);
		pthread_mutex_unlock(&s->idle_mu);
	}
}

void sim_wait_idle(struct ffn_sim *s)
{
	pthread_mutex_lock(&s->idle_mu);
	while (atomic_load(&s->busy) != 0)
		pthread_cond_wait(&s->idle_cv, &s->idle_mu);
	pthread_mutex_unlock(&s->idle_mu);
}

/* ---- lookup -------------------------------------------------------- */

struct sim_dom *sim_dom_find(struct ffn_sim *s, ffn_id_t id)
{
	for (unsigned i = 0; i < s->ndom; i++)
		if (s->dom[i].d.id == id)
			return &s->dom[i];
	return NULL;
}

static struct med_hdr *hdr_of(struct ffn_med_vm *vm)
{
	return ffn_med_vm_host(vm);
}

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

static const struct ffn_spmc_ops spmc_ops = {
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
static void ns_smc(struct ffn_sim *s, uint32_t cpu, struct ffn_regs *r,
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
	ns_smc(ctx, cpu, r, LANE_MED);
}

static void med_inject(void *ctx, struct ffn_med_vm *vm, uint16_t vcpu,
		       uint32_t intid)
{
	struct ffn_sim *s = ctx;
	struct med_hdr *h = hdr_of(vm);
	struct sim_dom *d = h->dom;
	struct sim_vcpu *v;
	char buf[64];

	if (h->inc != atomic_load(&d->inc) || vcpu >= d->d.vcpus) {
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
	struct med_hdr *h = hdr_of(vm);
	struct sim_dom *d = h->dom;
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

static struct ffn_med_vm *med_vm_get(void *ctx, ffn_id_t id)
{
	struct ffn_sim *s = ctx;
	struct sim_dom *d;
	struct ffn_med_vm *vm = NULL;

	pthread_mutex_lock(&s->dom_mu);
	d = sim_dom_find(s, id);
	if (d != NULL && !d->is_sp && d->live && d->med != NULL) {
		d->hdr->refs++;
		vm = d->med;
	}
	pthread_mutex_unlock(&s->dom_mu);
	return vm;
}

/* Under dom_mu: free @h if it is dead and unreferenced. */
static void maybe_free(struct ffn_sim *s, struct med_hdr *h)
{
	struct ffn_med_vm *vm = (struct ffn_med_vm *)((char *)h + MED_HDR_SIZE);

	if (!h->dead || h->refs != 0 || !ffn_mediator_vm_freeable(&s->med, vm))
		return;
	for (unsigned i = 0; i < s->ndead; i++) {
		if (s->dead[i] == h) {
			s->dead[i] = s->dead[--s->ndead];
			break;
		}
	}
	free(h);
	atomic_fetch_add(&s->vm_freed, 1);
}

static void med_vm_put(void *ctx, struct ffn_med_vm *vm)
{
	struct ffn_sim *s = ctx;
	struct med_hdr *h = hdr_of(vm);

	pthread_mutex_lock(&s->dom_mu);
	h->refs--;
	maybe_free(s, h);
	pthread_mutex_unlock(&s->dom_mu);
}

static void cpu_schedule(struct ffn_sim *s, uint32_t cpu)
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
	cpu_schedule(s, (uint32_t)sim_tls_cpu);
}

static int med_register_sri(void *ctx, uint32_t cpu, uint32_t intid)
{
	struct ffn_sim *s = ctx;

	if (cpu >= s->cfg.cpus || intid != SRI_INTID)
		return -1;
	atomic_store(&s->cpu[cpu].sri_registered, true);
	return 0;
}

static const struct ffn_mediator_ops med_ops = {
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
	vm = d->med;
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

	ns_smc(s, vcpu % s->cfg.cpus, r, cap ? sim_lane_of(s, d) : -1);
}

static const struct ffn_ep_ops ns_ep_ops = {.call = ns_call};
static const struct ffn_ep_ops vm_ep_ops = {.call = vm_call};
static const struct ffn_ep_ops sp_ep_ops = {.call = sp_call};

static void sp_msg_wait(struct sim_vcpu *v)
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
static void service_run_locked(struct sim_vcpu *v);

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
			service_run_locked(v);
		else
			pthread_cond_wait(&v->cv, &v->mu);
	}
	v->owner = OWN_SELF;
	pthread_mutex_unlock(&v->mu);
	sim_busy_inc(s); /* the MSG_WAIT may fire a delayed SRI */
	v->cur_cpu = v->home_cpu;
	fn(v, arg);
	sp_msg_wait(v);
	pthread_mutex_lock(&v->mu);
	v->owner = OWN_NONE;
	pthread_cond_broadcast(&v->cv);
	pthread_mutex_unlock(&v->mu);
	sim_busy_dec(s);
}

/* ---- threads -------------------------------------------------------- */

static void timespec_at(struct timespec *ts, uint64_t mono_ns)
{
	ts->tv_sec = (time_t)(mono_ns / 1000000000ull);
	ts->tv_nsec = (long)(mono_ns % 1000000000ull);
}

static void handle_sp_run(struct sim_vcpu *v, uint32_t virq)
{
	struct sim_dom *d = v->dom;
	struct ffn_sim *s = v->sim;
	uint64_t t0 = ffn_sim_now();
	int n = 0;

	if (d->d.el0 || (virq & SIM_VIRQ_BIT(SP_NPI_INTID))) {
		/* The NPI handler, or the S-EL0 poll: GET and dispatch. */
		n = ffn_ep_npi(&d->ep, v->idx);
	}
	if (n == 0)
		sim_spurious(d);
	sp_msg_wait(v);
	sim_trace_ev(s, 'X', PID_DOM(d->index), v->key, t0, ffn_sim_now() - t0,
		     d->d.el0 ? "run (poll GET)" : "run (NPI)", "");
}

/* With v->mu held: serve the run an FFA_RUN handed to this SP vCPU. */
static void service_run_locked(struct sim_vcpu *v)
{
	uint32_t virq = v->virq;

	v->virq = 0;
	v->run_req = false;
	v->cur_cpu = v->run_cpu;
	pthread_mutex_unlock(&v->mu);
	handle_sp_run(v, virq);
	pthread_mutex_lock(&v->mu);
	v->run_done = true;
	pthread_cond_broadcast(&v->cv);
}

static void handle_vm_virq(struct sim_vcpu *v, uint32_t virq)
{
	struct sim_dom *d = v->dom;
	struct ffn_sim *s = v->sim;

	if (virq & SIM_VIRQ_BIT(FFN_MED_VIRQ_SRI)) {
		uint64_t t0 = ffn_sim_now();
		int n = ffn_ep_sri(&d->ep, v->idx);

		atomic_fetch_add(&s->sched_sri, 1);
		if (n <= 0)
			atomic_fetch_add(&s->sched_spurious, 1);
		sim_trace_ev(s, 'X', PID_DOM(d->index), v->key, t0,
			     ffn_sim_now() - t0, "vSRI: INFO_GET loop", "");
		sim_busy_dec(s);
	}
	if (virq & SIM_VIRQ_BIT(FFN_MED_VIRQ_NPI)) {
		uint64_t t0 = ffn_sim_now();
		int n = ffn_ep_npi(&d->ep, v->idx);

		if (n == 0)
			sim_spurious(d);
		sim_trace_ev(s, 'X', PID_DOM(d->index), v->key, t0,
			     ffn_sim_now() - t0, "vNPI: GET", "");
		sim_busy_dec(s);
	}
}

static void *vcpu_main(void *arg)
{
	struct sim_vcpu *v = arg;
	struct ffn_sim *s = v->sim;
	bool sp = v->dom->is_sp;

	sim_tls_key = v->key;
	sim_tls_cpu = (int)v->home_cpu;
	pthread_mutex_lock(&v->mu);
	for (;;) {
		uint64_t due, now;

		if (sp && v->run_req) {
			service_run_locked(v);
			continue;
		}
		if (!sp && v->virq != 0) {
			uint32_t virq = v->virq;

			v->virq = 0;
			pthread_mutex_unlock(&v->mu);
			handle_vm_virq(v, virq);
			pthread_mutex_lock(&v->mu);
			continue;
		}
		if (v->stop)
			break;
		due = atomic_load(&s->go) ? sim_vcpu_next_due(v) : UINT64_MAX;
		now = ffn_sim_now();
		if (due <= now && (!sp || v->owner == OWN_NONE)) {
			pthread_mutex_unlock(&v->mu);
			sim_vcpu_send_due(v, now);
			pthread_mutex_lock(&v->mu);
			continue;
		}
		if (due == UINT64_MAX || due <= now) {
			pthread_cond_wait(&v->cv, &v->mu);
		} else {
			/* Pacing: wake at the next send time, or earlier
			 * for an interrupt or a run. */
			struct timespec ts;

			timespec_at(&ts, due);
			pthread_cond_timedwait(&v->cv, &v->mu, &ts);
		}
	}
	/* Destroyed: interrupts still pending have nobody to take them.
	 * Offline: they stay pending (and counted) until it comes back. */
	if (v->gone) {
		if (!sp) {
			for (uint32_t b = v->virq; b != 0; b &= b - 1u)
				sim_busy_dec(s);
		}
		v->virq = 0;
	}
	pthread_mutex_unlock(&v->mu);
	return NULL;
}

static void *cpu_main(void *arg)
{
	struct sim_cpu *c = arg;
	struct ffn_sim *s = (struct ffn_sim *)((char *)(c - c->idx) -
					       offsetof(struct ffn_sim, cpu));

	sim_tls_key = KEY_CPU(c->idx);
	sim_tls_cpu = (int)c->idx;
	pthread_mutex_lock(&c->mu);
	for (;;) {
		if (c->sri_pending) {
			uint64_t t0 = ffn_sim_now();

			c->sri_pending = false;
			pthread_mutex_unlock(&c->mu);
			if (s->cfg.hyp_off) {
				/* The OS's handler queues its work, as
				 * Linux's driver does. */
				atomic_fetch_add(&s->sri_taken, 1);
				if (sim_capturing(s))
					sim_sev_add(
						s, LANE_CPU, LANE_MED, 'c',
						"SRI handler -> queue work");
				cpu_schedule(s, c->idx);
			} else if (atomic_load(&c->sri_registered)) {
				atomic_fetch_add(&s->sri_taken, 1);
				ffn_mediator_sri_irq(&s->med, c->idx);
			} else {
				atomic_fetch_add(&s->sri_unhandled, 1);
			}
			sim_trace_ev(s, 'X', PID_CPUS, KEY_CPU(c->idx), t0,
				     ffn_sim_now() - t0, "irq SRI", "");
			sim_busy_dec(s);
			pthread_mutex_lock(&c->mu);
			continue;
		}
		if (c->stop)
			break;
		pthread_cond_wait(&c->cv, &c->mu);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

static void *work_main(void *arg)
{
	struct sim_cpu *c = arg;
	struct ffn_sim *s = (struct ffn_sim *)((char *)(c - c->idx) -
					       offsetof(struct ffn_sim, cpu));

	sim_tls_key = KEY_WORK(c->idx);
	sim_tls_cpu = (int)c->idx;
	pthread_mutex_lock(&c->mu);
	for (;;) {
		if (c->work_sched) {
			uint64_t t0 = ffn_sim_now();

			c->work_sched = false;
			pthread_mutex_unlock(&c->mu);
			if (s->cfg.hyp_off) {
				/* The OS's bottom half: the scheduler's
				 * INFO_GET loop, as the context of CPU idx. */
				int n = ffn_ep_sri(&s->sched->ep,
						   (uint16_t)c->idx);

				atomic_fetch_add(&s->sched_sri, 1);
				if (n <= 0)
					atomic_fetch_add(&s->sched_spurious, 1);
			} else {
				ffn_mediator_sri_work(&s->med, c->idx);
			}
			sim_trace_ev(s, 'X', PID_MED, KEY_WORK(c->idx), t0,
				     ffn_sim_now() - t0,
				     s->cfg.hyp_off
					     ? "work: INFO_GET loop"
					     : "tasklet: INFO_GET_64 drain",
				     "");
			sim_busy_dec(s);
			pthread_mutex_lock(&c->mu);
			continue;
		}
		if (c->stop)
			break;
		pthread_cond_wait(&c->wcv, &c->mu);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

/* ---- domains -------------------------------------------------------- */

static void vcpu_init(struct ffn_sim *s, struct sim_dom *d, uint16_t i)
{
	struct sim_vcpu *v = &d->vcpu[i];
	char name[40];

	v->sim = s;
	v->dom = d;
	v->idx = i;
	v->home_cpu = i % s->cfg.cpus;
	v->cur_cpu = v->home_cpu;
	v->key = KEY_VCPU(d->index, i);
	pthread_mutex_init(&v->mu, NULL);
	cond_init_mono(&v->cv);
	snprintf(name, sizeof(name), "%s.%u (cpu %u)", d->name, i, v->home_cpu);
	sim_trace_name(s, PID_DOM(d->index), v->key, name);
	snprintf(name, sizeof(name), "from %s.%u", d->name, i);
	sim_trace_name(s, d->is_sp ? PID_SPMC : PID_MED, v->key, name);
	if (!d->is_sp)
		sim_trace_name(s, PID_SPMC, v->key, name);
}

static int vcpu_start(struct sim_vcpu *v)
{
	pthread_mutex_lock(&v->mu);
	if (v->started) {
		pthread_mutex_unlock(&v->mu);
		return 0;
	}
	v->stop = false;
	v->gone = false;
	v->started = true;
	pthread_mutex_unlock(&v->mu);
	return pthread_create(&v->th, NULL, vcpu_main, v) == 0 ? 0 : -1;
}

/* Stop @v's thread; @gone when its domain is being destroyed. */
static void vcpu_stop(struct sim_vcpu *v, bool gone)
{
	pthread_mutex_lock(&v->mu);
	if (gone)
		v->gone = true;
	if (!v->started) {
		if (gone) {
			/* Offline, then destroyed: drop what was kept. */
			for (uint32_t b = v->virq; b != 0; b &= b - 1u)
				if (!v->dom->is_sp)
					sim_busy_dec(v->sim);
			v->virq = 0;
		}
		pthread_mutex_unlock(&v->mu);
		return;
	}
	v->stop = true;
	pthread_cond_broadcast(&v->cv);
	pthread_mutex_unlock(&v->mu);
	pthread_join(v->th, NULL);
	pthread_mutex_lock(&v->mu);
	v->started = false;
	pthread_mutex_unlock(&v->mu);
}

/* Create @d's mediator context and probe its driver. 0 or an FF-A error. */
int sim_vm_create(struct ffn_sim *s, struct sim_dom *d)
{
	size_t need = ffn_med_vm_storage_size(d->d.vcpus);
	struct med_hdr *h =
		aligned_alloc(64, (MED_HDR_SIZE + need + 63) & ~(size_t)63);
	struct ffn_med_vm *vm = NULL;
	struct ffn_ep_config ec = {.id = d->d.id,
				   .vcpu_count = d->d.vcpus,
				   .role = FFN_EP_ROLE_VM};
	int rc;

	if (h == NULL)
		return FFN_NO_MEMORY;
	memset(h, 0, MED_HDR_SIZE);
	h->dom = d;
	h->inc = atomic_load(&d->inc) + 1u;
	rc = ffn_mediator_vm_create(&s->med, &vm, d->d.id, d->d.vcpus,
				    (char *)h + MED_HDR_SIZE, need, 0, h);
	if (rc != FFN_OK) {
		free(h);
		return rc;
	}
	pthread_mutex_lock(&s->dom_mu);
	atomic_store(&d->inc, h->inc);
	d->med = vm;
	d->hdr = h;
	d->live = true;
	pthread_mutex_unlock(&s->dom_mu);
	rc = ffn_ep_init(&d->ep, &ec, &vm_ep_ops, d);
	if (rc == FFN_OK)
		rc = ffn_ep_probe(&d->ep);
	return rc;
}

/* Tear @d down (threads already stopped): mediator destroy, then free
 * the context when nothing holds it. */
void sim_vm_destroy(struct ffn_sim *s, struct sim_dom *d)
{
	struct ffn_med_vm *vm;
	struct med_hdr *h;

	pthread_mutex_lock(&s->dom_mu);
	d->live = false;
	vm = d->med;
	h = d->hdr;
	pthread_mutex_unlock(&s->dom_mu);
	(void)ffn_mediator_vm_destroy(&s->med, vm, 0);
	pthread_mutex_lock(&s->dom_mu);
	d->med = NULL;
	d->hdr = NULL;
	h->dead = true;
	if (s->ndead < sizeof(s->dead) / sizeof(s->dead[0]))
		s->dead[s->ndead++] = h;
	maybe_free(s, h);
	pthread_mutex_unlock(&s->dom_mu);
}

void sim_dom_stop(struct sim_dom *d)
{
	for (uint16_t i = 0; i < d->d.vcpus; i++)
		vcpu_stop(&d->vcpu[i], true);
}

/* A VM vCPU goes offline: its thread stops, its interrupts stay pending
 * and the mediator holds new NPIs for it (vcpu_online answers false). */
void sim_vcpu_offline(struct sim_vcpu *v)
{
	atomic_fetch_add(&v->sim->offlines, 1);
	vcpu_stop(v, false);
}

/* ... and comes back: the thread runs, then the mediator injects what it
 * held (the host marks it online first, as ffn_mediator_vcpu_online
 * requires). */
int sim_vcpu_online(struct sim_vcpu *v)
{
	struct ffn_sim *s = v->sim;
	struct ffn_med_vm *vm;

	if (vcpu_start(v) != 0)
		return -1;
	pthread_mutex_lock(&s->dom_mu);
	vm = v->dom->live ? v->dom->med : NULL;
	pthread_mutex_unlock(&s->dom_mu);
	if (vm != NULL)
		ffn_mediator_vcpu_online(&s->med, vm, v->idx);
	return 0;
}

int sim_dom_start(struct sim_dom *d)
{
	for (uint16_t i = 0; i < d->d.vcpus; i++)
		if ((d->is_sp || d->is_ns ? vcpu_start(&d->vcpu[i])
					  : sim_vcpu_online(&d->vcpu[i])) != 0)
			return -1;
	return 0;
}

/* ---- construction ---------------------------------------------------- */

static bool setup_spmc(struct ffn_sim *s, char *err, size_t len)
{
	struct ffn_spmc_sp_desc sps[FFN_SIM_MAX_DOMS];
	struct ffn_spmc_config c = {0};
	uint32_t n = 0;
	size_t size;
	int rc;

	for (unsigned i = 0; i < s->ndom; i++) {
		if (!s->dom[i].is_sp)
			continue;
		sps[n].id = s->dom[i].d.id;
		sps[n].vcpu_count = s->dom[i].d.vcpus;
		sps[n].el0 = s->dom[i].d.el0;
		sps[n].notifications = !s->dom[i].d.no_notif;
		n++;
	}
	c.sps = sps;
	c.sp_count = n;
	c.vm_capacity = FFN_SIM_MAX_DOMS;
	c.vm_max_vcpus = FFN_SIM_MAX_VCPUS;
	c.cpu_count = s->cfg.cpus;
	c.npi_intid = SP_NPI_INTID;
	c.mei_intid = SP_MEI_INTID;
	c.sri_intid = SRI_INTID;
	size = ffn_spmc_storage_size(&c);
	if (size == 0) {
		fail(err, len, "invalid SPMC configuration");
		return false;
	}
	s->spmc_storage = aligned_alloc(64, (size + 63) & ~(size_t)63);
	rc = ffn_spmc_init(&s->spmc, &c, &spmc_ops, s, s->spmc_storage, size);
	if (rc != FFN_OK) {
		fail(err, len, "SPMC init failed (%d)", rc);
		return false;
	}
	return true;
}

static bool setup_mediator(struct ffn_sim *s, char *err, size_t len)
{
	struct ffn_mediator_config c = {
		.vm_capacity = FFN_SIM_MAX_DOMS,
		.sp_capacity = FFN_SIM_MAX_DOMS,
		.policy_capacity = FFN_SIM_MAX_FLOWS,
		.cpu_count = s->cfg.cpus,
	};
	size_t size = ffn_mediator_storage_size(&c);
	int rc;

	if (size == 0) {
		fail(err, len, "invalid mediator configuration");
		return false;
	}
	s->med_storage = aligned_alloc(64, (size + 63) & ~(size_t)63);
	rc = ffn_mediator_init(&s->med, &c, &med_ops, s, s->med_storage, size);
	if (rc == FFN_OK)
		rc = ffn_mediator_probe(&s->med, 0);
	for (uint32_t cpu = 1; rc == FFN_OK && cpu < s->cfg.cpus; cpu++)
		rc = ffn_mediator_cpu_up(&s->med, cpu);
	if (rc != FFN_OK || !ffn_mediator_fw_enabled(&s->med)) {
		fail(err, len, "mediator init/probe failed (%d)", rc);
		return false;
	}
	for (uint32_t i = 0; i < s->cfg.allow_count; i++) {
		rc = ffn_mediator_allow(&s->med, s->cfg.allow[i].sender,
					s->cfg.allow[i].receiver);
		if (rc != FFN_OK) {
			fail(err, len, "allow vm:%u -> vm:%u refused (%d)",
			     s->cfg.allow[i].sender, s->cfg.allow[i].receiver,
			     rc);
			return false;
		}
	}
	if (s->cfg.scheduler != 0 &&
	    ffn_mediator_set_scheduler(&s->med, s->cfg.scheduler) != FFN_OK) {
		fail(err, len, "scheduler vm:%u refused", s->cfg.scheduler);
		return false;
	}
	return true;
}

struct ffn_sim *ffn_sim_new(const struct ffn_sim_config *cfg, char *err,
			    size_t errlen)
{
	struct ffn_sim *s;

	if (cfg->cpus == 0 || cfg->cpus > FFN_SIM_MAX_CPUS ||
	    cfg->dom_count > FFN_SIM_MAX_DOMS ||
	    cfg->flow_count > FFN_SIM_MAX_FLOWS) {
		fail(err, errlen, "configuration out of range");
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		fail(err, errlen, "out of memory");
		return NULL;
	}
	s->cfg = *cfg;
	atomic_store(&s->cap_block, -1);
	s->t0 = ffn_sim_now();
	pthread_mutex_init(&s->dom_mu, NULL);
	pthread_mutex_init(&s->idle_mu, NULL);
	cond_init_mono(&s->idle_cv);
	pthread_mutex_init(&s->trace_mu, NULL);
	sim_trace_name(s, PID_MED, KEY_MAIN, "toolstack (main)");
	sim_trace_name(s, PID_SPMC, KEY_MAIN, "toolstack (main)");

	for (unsigned c = 0; c < cfg->cpus; c++) {
		struct sim_cpu *pc = &s->cpu[c];
		char name[32];

		pc->idx = c;
		pthread_mutex_init(&pc->mu, NULL);
		pthread_cond_init(&pc->cv, NULL);
		pthread_cond_init(&pc->wcv, NULL);
		snprintf(name, sizeof(name), "cpu %u", c);
		sim_trace_name(s, PID_CPUS, KEY_CPU(c), name);
		snprintf(name, sizeof(name), "tasklet cpu %u", c);
		sim_trace_name(s, PID_MED, KEY_WORK(c), name);
		sim_trace_name(s, PID_SPMC, KEY_WORK(c), name);
	}
	for (unsigned i = 0; i < cfg->dom_count; i++) {
		struct sim_dom *d = &s->dom[i];

		d->sim = s;
		d->index = i;
		d->d = cfg->doms[i];
		d->is_sp = ffn_id_is_sp(d->d.id);
		if (d->d.vcpus == 0 || d->d.vcpus > FFN_SIM_MAX_VCPUS) {
			fail(err, errlen, "bad vCPU count for 0x%x", d->d.id);
			goto out;
		}
		snprintf(d->name, sizeof(d->name),
			 d->is_sp ? "sp:0x%x" : "vm:%u", d->d.id);
		atomic_store(&d->last_path, -1);
		d->vcpu = calloc(d->d.vcpus, sizeof(*d->vcpu));
		s->ndom++;
		for (uint16_t v = 0; v < d->d.vcpus; v++)
			vcpu_init(s, d, v);
		sim_trace_name(s, PID_DOM(i), -1, d->name);
		sim_trace_name(s, PID_DOM(i), KEY_MAIN, "toolstack (main)");
	}
	if (cfg->hyp_off) {
		struct sim_dom *d = &s->dom[s->ndom];

		if (s->ndom == FFN_SIM_MAX_DOMS) {
			fail(err, errlen, "no room for the NS instance");
			goto out;
		}
		for (unsigned i = 0; i < s->ndom; i++) {
			if (!s->dom[i].is_sp) {
				fail(err, errlen, "hypervisor off: no VMs");
				goto out;
			}
		}
		d->sim = s;
		d->index = s->ndom;
		d->d.id = FFN_ID_NS_PHYS;
		d->d.vcpus = (uint16_t)cfg->cpus;
		d->is_ns = true;
		snprintf(d->name, sizeof(d->name), "ns");
		atomic_store(&d->last_path, -1);
		d->vcpu = calloc(d->d.vcpus, sizeof(*d->vcpu));
		s->ndom++;
		for (uint16_t v = 0; v < d->d.vcpus; v++)
			vcpu_init(s, d, v);
		sim_trace_name(s, PID_DOM(d->index), -1, d->name);
		sim_trace_name(s, PID_DOM(d->index), KEY_MAIN,
			       "toolstack (main)");
		s->sched = d;
	} else if (cfg->scheduler != 0) {
		s->sched = sim_dom_find(s, cfg->scheduler);
		if (s->sched == NULL || s->sched->is_sp) {
			fail(err, errlen, "scheduler vm:%u is not a VM",
			     cfg->scheduler);
			goto out;
		}
	}
	if (!setup_spmc(s, err, errlen) ||
	    (!cfg->hyp_off && !setup_mediator(s, err, errlen)))
		goto out;
	for (unsigned i = 0; i < s->ndom; i++) {
		struct sim_dom *d = &s->dom[i];
		struct ffn_ep_config ec = {.id = d->d.id,
					   .vcpu_count = d->d.vcpus,
					   .role = FFN_EP_ROLE_SP};
		int rc;

		if (d->is_sp) {
			rc = ffn_ep_init(&d->ep, &ec, &sp_ep_ops, d);
			if (rc == FFN_OK)
				rc = ffn_ep_probe(&d->ep);
			/* The probe ran as vCPU 0: back to waiting. */
			sp_msg_wait(&d->vcpu[0]);
		} else if (d->is_ns) {
			struct ffn_regs r;

			ec.role = FFN_EP_ROLE_NS_PHYS;
			rc = ffn_ep_init(&d->ep, &ec, &ns_ep_ops, d);
			if (rc == FFN_OK)
				rc = ffn_ep_probe(&d->ep);
			/* The OS creates its own bitmap, as Linux does. */
			ffn_regs_init(&r, FFN_FID_NOTIFICATION_BITMAP_CREATE);
			r.x[1] = FFN_ID_NS_PHYS;
			r.x[2] = d->d.vcpus;
			if (rc == FFN_OK) {
				ns_smc(s, 0, &r, -1);
				rc = ffn_regs_error_code(&r);
			}
		} else {
			rc = sim_vm_create(s, d);
		}
		if (rc != FFN_OK) {
			fail(err, errlen, "%s: setup failed (%s)", d->name,
			     ffn_error_name(rc) ? ffn_error_name(rc) : "?");
			goto out;
		}
	}
	sim_flows_setup(s);
	for (unsigned i = 0; i < s->nflow; i++) {
		int rc = sim_flow_bind(s, &s->flow[i]);

		if (rc != FFN_OK) {
			struct sim_flow *f = &s->flow[i];

			fail(err, errlen,
			     "flow %s -> %s id %u: BIND failed (%s)",
			     f->snd->name, f->rcv->name, f->d.id,
			     ffn_error_name(rc) ? ffn_error_name(rc) : "?");
			goto out;
		}
	}
	return s;
out:
	ffn_sim_free(s);
	return NULL;
}

void ffn_sim_trace_enable(struct ffn_sim *sim)
{
	pthread_mutex_lock(&sim->trace_mu);
	sim->tracing = true;
	pthread_mutex_unlock(&sim->trace_mu);
}

int ffn_sim_start(struct ffn_sim *s)
{
	for (unsigned c = 0; c < s->cfg.cpus; c++) {
		if (pthread_create(&s->cpu[c].th, NULL, cpu_main, &s->cpu[c]) ||
		    pthread_create(&s->cpu[c].wth, NULL, work_main, &s->cpu[c]))
			return -1;
	}
	for (unsigned i = 0; i < s->ndom; i++)
		if (sim_dom_start(&s->dom[i]) != 0)
			return -1;
	return 0;
}

/* Slots or contexts that outlive their VM (see ffn_sim_result.leaked). */
static uint64_t sim_leaked(struct ffn_sim *s, const struct ffn_sim_result *r)
{
	struct ffn_spmc_stats ss;
	struct ffn_mediator_stats ms;
	uint64_t live = 0, leaked = 0;

	for (unsigned i = 0; i < s->ndom; i++)
		if (!s->dom[i].is_sp)
			live++;
	ffn_spmc_get_stats(&s->spmc, &ss);
	if (s->cfg.hyp_off) {
		/* The NS instance's own bitmap, if it made one, is its only. */
		return ss.vm_bitmaps > 1 ? ss.vm_bitmaps - 1 : 0;
	}
	ffn_mediator_get_stats(&s->med, &ms);
	leaked += ss.vm_bitmaps > live ? ss.vm_bitmaps - live
				       : live - ss.vm_bitmaps;
	leaked += ms.vms > live ? ms.vms - live : live - ms.vms;
	leaked += r->churns > r->vm_freed ? r->churns - r->vm_freed : 0;
	return leaked;
}

void ffn_sim_stop(struct ffn_sim *s, struct ffn_sim_result *out)
{
	sim_wait_idle(s);
	if (out != NULL) {
		struct ffn_mediator_stats ms;

		memset(out, 0, sizeof(*out));
		memset(&ms, 0, sizeof(ms));
		sim_flows_collect(s, out);
		if (!s->cfg.hyp_off)
			ffn_mediator_get_stats(&s->med, &ms);
		out->sri_taken = atomic_load(&s->sri_taken);
		out->sri_unhandled = atomic_load(&s->sri_unhandled);
		out->med_info_get = ms.info_get_calls;
		out->med_vanished = ms.vm_vanished;
		out->sched_sri = atomic_load(&s->sched_sri);
		out->sched_spurious = atomic_load(&s->sched_spurious);
		if (s->sched != NULL) {
			struct ffn_ep_stats es;

			ffn_ep_get_stats(&s->sched->ep, &es);
			out->runs = es.runs;
			out->run_errors = es.run_errors;
		}
		out->churns = atomic_load(&s->churns);
		out->vcpu_offline = atomic_load(&s->offlines);
		out->npi_held = ms.npi_held;
		out->trace_events = s->ntev;
		out->trace_dropped = s->tev_dropped;
		out->attempted = atomic_load(&s->attempted_total);
		out->interrupted = atomic_load(&s->interrupted);
		out->seconds = (double)(s->t_end - s->t_start) / 1e9;
	}
	/* VMs first: a scheduler VM in FFA_RUN waits for an SP thread. */
	for (unsigned i = 0; i < s->ndom; i++)
		if (!s->dom[i].is_sp)
			sim_dom_stop(&s->dom[i]);
	for (unsigned c = 0; c < s->cfg.cpus; c++) {
		struct sim_cpu *pc = &s->cpu[c];

		pthread_mutex_lock(&pc->mu);
		pc->stop = true;
		pthread_cond_broadcast(&pc->cv);
		pthread_cond_broadcast(&pc->wcv);
		pthread_mutex_unlock(&pc->mu);
		pthread_join(pc->th, NULL);
		pthread_join(pc->wth, NULL);
	}
	for (unsigned i = 0; i < s->ndom; i++)
		if (s->dom[i].is_sp)
			sim_dom_stop(&s->dom[i]);
	if (out != NULL) {
		out->vm_freed = atomic_load(&s->vm_freed);
		out->leaked = sim_leaked(s, out);
	}
}

void ffn_sim_free(struct ffn_sim *s)
{
	if (s == NULL)
		return;
	for (unsigned i = 0; i < s->ndom; i++) {
		struct sim_dom *d = &s->dom[i];

		for (uint16_t v = 0; d->vcpu != NULL && v < d->d.vcpus; v++) {
			pthread_mutex_destroy(&d->vcpu[v].mu);
			pthread_cond_destroy(&d->vcpu[v].cv);
		}
		free(d->vcpu);
		if (d->hdr != NULL)
			free(d->hdr);
	}
	for (unsigned i = 0; i < s->ndead; i++)
		free(s->dead[i]);
	for (unsigned i = 0; i < s->nflow; i++)
		pthread_mutex_destroy(&s->flow[i].mu);
	free(s->spmc_storage);
	free(s->med_storage);
	sim_trace_free(s);
	free(s);
}
