// SPDX-License-Identifier: BSD-3-Clause
/*
 * The host platform: its construction, start and stop, the quiescence
 * count and the lookup of domains (see sim.h, docs/platform.md). The
 * ports and conduits are in ports.c, the threads and the virtual interrupt
 * controller in threads.c, domain lifetime in domains.c.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim_internal.h"
#include "world.h"

_Thread_local int sim_tls_key = KEY_MAIN;
_Thread_local int sim_tls_cpu = 0;

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
void sim_cond_init_mono(pthread_cond_t *cv)
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

/* ---- construction ---------------------------------------------------- */

/*
 * The engines, built as every hosted world builds them (host/engines.c),
 * with this platform's ports; with the hypervisor on, the mediator probed
 * on every CPU, its policy and its scheduler set.
 */
static bool setup_engines(struct ffn_sim *s, char *err, size_t len)
{
	struct ffn_spmc_sp_desc sps[FFN_SIM_MAX_DOMS];
	struct ffn_hw_desc hd = {
		.cpus = s->cfg.cpus,
		.hyp = !s->cfg.hyp_off,
		.sps = sps,
		.vm_capacity = FFN_SIM_MAX_DOMS,
		.vm_max_vcpus = FFN_SIM_MAX_VCPUS,
		.sp_capacity = FFN_SIM_MAX_DOMS,
		.policy_capacity = FFN_SIM_MAX_FLOWS,
		.observe_boot = true,
		.free_at_put = true,
	};
	int rc;

	for (unsigned i = 0; i < s->ndom; i++) {
		if (!s->dom[i].is_sp)
			continue;
		memset(&sps[hd.sp_count], 0, sizeof(sps[0]));
		sps[hd.sp_count].id = s->dom[i].d.id;
		sps[hd.sp_count].vcpu_count = s->dom[i].d.vcpus;
		sps[hd.sp_count].el0 = s->dom[i].d.el0;
		sps[hd.sp_count].notifications = !s->dom[i].d.no_notif;
		hd.sp_count++;
	}
	sim_observer_init(s);
	sim_backend_init(s);
	rc = ffn_hw_init(&s->w, &hd);
	if (rc == -1) {
		fail(err, len, "invalid SPMC configuration");
		return false;
	}
	if (rc == -2) {
		fail(err, len, "invalid mediator configuration");
		return false;
	}
	if (s->cfg.hyp_off)
		return true;
	if (rc != FFN_OK || !ffn_mediator_fw_enabled(&s->w.med)) {
		fail(err, len, "mediator init/probe failed (%d)", rc);
		return false;
	}
	for (uint32_t i = 0; i < s->cfg.allow_count; i++) {
		rc = ffn_mediator_allow(&s->w.med, s->cfg.allow[i].sender,
					s->cfg.allow[i].receiver);
		if (rc != FFN_OK) {
			fail(err, len, "allow vm:%u -> vm:%u refused (%d)",
			     s->cfg.allow[i].sender, s->cfg.allow[i].receiver,
			     rc);
			return false;
		}
	}
	if (s->cfg.scheduler != 0 &&
	    ffn_mediator_set_scheduler(&s->w.med, s->cfg.scheduler) != FFN_OK) {
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
	sim_cond_init_mono(&s->idle_cv);
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
			sim_vcpu_init(s, d, v);
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
			sim_vcpu_init(s, d, v);
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
	if (!setup_engines(s, err, errlen))
		goto out;
	for (unsigned i = 0; i < s->ndom; i++) {
		struct sim_dom *d = &s->dom[i];
		struct ffn_ep_config ec = {.id = d->d.id,
					   .vcpu_count = d->d.vcpus,
					   .role = FFN_EP_ROLE_SP};
		int rc;

		if (d->is_sp) {
			rc = ffn_ep_init(&d->ep, &ec, &sim_sp_ep_ops, d);
			if (rc == FFN_OK)
				rc = ffn_ep_probe(&d->ep);
			/* The probe ran as vCPU 0: back to waiting. */
			sim_sp_msg_wait(&d->vcpu[0]);
		} else if (d->is_ns) {
			struct ffn_regs r;

			ec.role = FFN_EP_ROLE_NS_PHYS;
			rc = ffn_ep_init(&d->ep, &ec, &sim_ns_ep_ops, d);
			if (rc == FFN_OK)
				rc = ffn_ep_probe(&d->ep);
			/* The OS creates its own bitmap, as Linux does. */
			ffn_regs_init(&r, FFN_FID_NOTIFICATION_BITMAP_CREATE);
			r.x[1] = FFN_ID_NS_PHYS;
			r.x[2] = d->d.vcpus;
			if (rc == FFN_OK) {
				ffn_hw_call_ns(&s->w, 0, &r);
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
		if (pthread_create(&s->cpu[c].th, NULL, sim_cpu_main,
				   &s->cpu[c]) ||
		    pthread_create(&s->cpu[c].wth, NULL, sim_work_main,
				   &s->cpu[c]))
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
	ffn_spmc_get_stats(&s->w.spmc, &ss);
	if (s->cfg.hyp_off) {
		/* The NS instance's own bitmap, if it made one, is its only. */
		return ss.vm_bitmaps > 1 ? ss.vm_bitmaps - 1 : 0;
	}
	ffn_mediator_get_stats(&s->w.med, &ms);
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
			ffn_mediator_get_stats(&s->w.med, &ms);
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
		out->vm_freed = atomic_load(&s->w.vms.freed);
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
	}
	ffn_hw_fini(&s->w);
	for (unsigned i = 0; i < s->nflow; i++)
		pthread_mutex_destroy(&s->flow[i].mu);
	sim_trace_free(s);
	free(s);
}

/* ---- hooks for tests --------------------------------------------------- */

struct ffn_ep *ffn_sim_ep(struct ffn_sim *s, ffn_id_t id)
{
	struct sim_dom *d = sim_dom_find(s, id);

	return d ? &d->ep : NULL;
}

struct sp_run_arg {
	void (*fn)(struct ffn_ep *ep, uint16_t vcpu, void *arg);
	void *arg;
};

static void sp_run_tramp(struct sim_vcpu *v, void *arg)
{
	struct sp_run_arg *a = arg;

	a->fn(&v->dom->ep, v->idx, a->arg);
}

void ffn_sim_sp_run(struct ffn_sim *s, ffn_id_t sp, uint16_t vcpu,
		    void (*fn)(struct ffn_ep *ep, uint16_t vcpu, void *arg),
		    void *arg)
{
	struct sim_dom *d = sim_dom_find(s, sp);
	struct sp_run_arg a = {fn, arg};

	if (d == NULL || !d->is_sp || vcpu >= d->d.vcpus)
		return;
	sim_sp_own_run(&d->vcpu[vcpu], sp_run_tramp, &a);
}

void ffn_sim_sri_work(struct ffn_sim *s, uint32_t cpu)
{
	ffn_mediator_sri_work(&s->w.med, cpu);
}

bool ffn_sim_virq_pending(struct ffn_sim *s, ffn_id_t id, uint16_t vcpu,
			  uint32_t intid)
{
	struct sim_dom *d = sim_dom_find(s, id);
	bool pending;

	if (d == NULL || vcpu >= d->d.vcpus)
		return false;
	if (d->is_sp) /* the world keeps an SP's NPI until a run */
		return intid == SP_NPI_INTID &&
		       ffn_hw_npi_pending(&s->w, id, vcpu);
	pthread_mutex_lock(&d->vcpu[vcpu].mu);
	pending = (d->vcpu[vcpu].virq & SIM_VIRQ_BIT(intid)) != 0;
	pthread_mutex_unlock(&d->vcpu[vcpu].mu);
	return pending;
}

struct ffn_ep *ffn_sim_scheduler_ep(struct ffn_sim *s)
{
	return s->sched ? &s->sched->ep : NULL;
}

void ffn_sim_spmc_call_ns(struct ffn_sim *s, uint32_t cpu,
			  struct ffn_regs *regs)
{
	ffn_spmc_call_ns(&s->w.spmc, cpu, regs);
}

struct ffn_med_vm *ffn_sim_vm_get(struct ffn_sim *s, ffn_id_t id)
{
	return ffn_hw_vms_get(&s->w.vms, id);
}

void ffn_sim_vm_put(struct ffn_sim *s, struct ffn_med_vm *vm)
{
	ffn_hw_vms_put(&s->w.vms, vm);
}

void ffn_sim_vm_destroy(struct ffn_sim *s, ffn_id_t id)
{
	struct sim_dom *d = sim_dom_find(s, id);

	if (d != NULL && !d->is_sp)
		sim_vm_destroy(s, d);
}

int ffn_sim_vm_create(struct ffn_sim *s, ffn_id_t id)
{
	struct sim_dom *d = sim_dom_find(s, id);

	return d != NULL && !d->is_sp ? sim_vm_create(s, d)
				      : FFN_INVALID_PARAMETERS;
}

uint64_t ffn_sim_vms_freed(struct ffn_sim *s)
{
	return atomic_load(&s->w.vms.freed);
}

int64_t ffn_sim_flow_delivered(struct ffn_sim *s, unsigned i)
{
	return i < s->nflow ? s->flow[i].delivered : 0;
}
