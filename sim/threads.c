// SPDX-License-Identifier: BSD-3-Clause
/*
 * The host platform's threads: physical CPUs taking interrupts, the
 * deferred work, vCPUs, and the virtual interrupt controller between them (see
 * sim.h, sim_internal.h, docs/platform.md).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim_internal.h"

/* ---- threads -------------------------------------------------------- */

static void timespec_at(struct timespec *ts, uint64_t mono_ns)
{
	ts->tv_sec = (time_t)(mono_ns / 1000000000ull);
	ts->tv_nsec = (long)(mono_ns % 1000000000ull);
}

static void handle_sp_run(struct sim_vcpu *v, bool npi)
{
	struct sim_dom *d = v->dom;
	struct ffn_sim *s = v->sim;
	uint64_t t0 = ffn_sim_now();
	int n = 0;

	if (d->d.el0 || npi) {
		/* The NPI handler, or the S-EL0 poll: GET and dispatch. */
		n = ffn_ep_npi(&d->ep, v->idx);
	}
	if (n == 0)
		sim_spurious(d);
	sim_sp_msg_wait(v);
	sim_trace_ev(s, 'X', PID_DOM(d->index), v->key, t0, ffn_sim_now() - t0,
		     d->d.el0 ? "run (poll GET)" : "run (NPI)", "");
}

/* With v->mu held: serve the run an FFA_RUN handed to this SP vCPU. */
void sim_service_run_locked(struct sim_vcpu *v)
{
	bool npi = v->run_npi;

	v->run_req = false;
	v->cur_cpu = v->run_cpu;
	pthread_mutex_unlock(&v->mu);
	handle_sp_run(v, npi);
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

void *sim_vcpu_main(void *arg)
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
			sim_service_run_locked(v);
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

void *sim_cpu_main(void *arg)
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
				sim_cpu_schedule(s, c->idx);
			} else if (s->w.sri_registered[c->idx]) {
				atomic_fetch_add(&s->sri_taken, 1);
				ffn_mediator_sri_irq(&s->w.med, c->idx);
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

void *sim_work_main(void *arg)
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
				ffn_mediator_sri_work(&s->w.med, c->idx);
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
