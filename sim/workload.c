// SPDX-License-Identifier: BSD-3-Clause
/*
 * The workload: flows of notifications, their pacing, the exact counts
 * (sent, delivered, coalesced, discarded, lost) and latencies, VM churn,
 * and the capture of the first deliveries for the sequence diagram.
 *
 * Counting. The sender holds flow->mu across its SET and counts it as
 * outstanding first. The receiver's callback takes every outstanding SET
 * at once: one delivery, the rest coalesced (two SETs of one bit before a
 * GET deliver once). A callback can find nothing outstanding when a SET
 * landed between a GET and the callback of that GET, which had already
 * counted it as coalesced: it is moved back to delivered. Whatever is
 * still outstanding once the system is idle was never delivered: lost.
 * A bit still pending at the SPMC or the mediator then is lost too.
 */
#define _POSIX_C_SOURCE 200809L
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

static const char *const path_names[FFN_SIM_PATH_COUNT] = {
	"SP -> VM global", "SP -> VM per-vCPU", "VM -> SP",	    "SP -> SP",
	"VM -> VM",	   "SP -> NS global",	"SP -> NS per-CPU", "NS -> SP",
};

const char *ffn_sim_path_name(enum ffn_sim_path p)
{
	return (unsigned)p < FFN_SIM_PATH_COUNT ? path_names[p] : "?";
}

static uint64_t rng_next(uint64_t *x)
{
	/* xorshift64* */
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 0x2545F4914F6CDD1Dull;
}

static double rng_unit(uint64_t *x)
{
	return (double)(rng_next(x) >> 11) / 9007199254740992.0;
}

static unsigned lat_bucket(uint64_t ns)
{
	unsigned m, frac, idx;

	if (ns < 16)
		return (unsigned)ns;
	m = 63u - (unsigned)__builtin_clzll(ns);
	frac = (unsigned)(ns >> (m - 4u)) & 15u;
	idx = m * 16u + frac;
	return idx < LAT_BUCKETS ? idx : LAT_BUCKETS - 1u;
}

/* The upper bound of bucket @i. */
static uint64_t lat_bucket_top(unsigned i)
{
	unsigned m = i / 16u, frac = i % 16u;

	if (i < 16)
		return i;
	return ((uint64_t)(16u + frac + 1u) << (m - 4u)) - 1u;
}

static void on_deliver(void *arg, const struct ffn_ep_notif *n)
{
	struct sim_flow *f = arg;
	struct ffn_sim *s = f->snd->sim;
	uint64_t now, lat;
	uint64_t cnt, tid = 0;

	pthread_mutex_lock(&f->mu);
	/* After the lock: a SET stamped under it is never in the future. */
	now = ffn_sim_now();
	cnt = f->outstanding;
	f->outstanding = 0;
	if (cnt >= 1) {
		tid = f->trace_id;
		lat = now - f->t_first;
		f->coalesced += (int64_t)cnt - 1;
		f->t_prev_last = f->t_last;
	} else {
		lat = f->t_prev_last != 0 ? now - f->t_prev_last : 0;
		f->coalesced -= 1;
	}
	f->delivered++;
	f->hist[lat_bucket(lat)]++;
	if (lat > f->lat_max)
		f->lat_max = lat;
	pthread_mutex_unlock(&f->mu);
	atomic_store(&f->rcv->last_path, (int)f->path);

	if (sim_capturing(s) || s->tracing) {
		char buf[96];

		snprintf(buf, sizeof(buf), "callback: id %u from %s, %.1f us",
			 n->id, f->snd->name, (double)lat / 1000.0);
		if (sim_capturing(s))
			sim_sev_add(s, sim_lane_of(s, f->rcv), -1, 'n', buf);
		sim_trace_ev(s, 'i', PID_DOM(f->rcv->index), sim_tls_key, now,
			     0, "deliver", buf);
		if (tid != 0)
			sim_trace_flow(s, 'f', PID_DOM(f->rcv->index),
				       sim_tls_key, now, tid);
	}
}

void sim_spurious(struct sim_dom *d)
{
	int p = atomic_load(&d->last_path);
	struct ffn_sim *s = d->sim;

	if (p < 0) {
		/* Nothing delivered here yet: the first flow into it. */
		for (unsigned i = 0; i < s->nflow && p < 0; i++)
			if (s->flow[i].rcv == d)
				p = (int)s->flow[i].path;
	}
	if (p >= 0)
		atomic_fetch_add(&s->spurious[p], 1);
}

static enum ffn_sim_path path_of(const struct sim_flow *f)
{
	if (f->rcv->is_ns)
		return f->d.per_vcpu ? FFN_SIM_PATH_SP_NS_VCPU
				     : FFN_SIM_PATH_SP_NS;
	if (f->snd->is_ns)
		return FFN_SIM_PATH_NS_SP;
	if (f->snd->is_sp && !f->rcv->is_sp)
		return f->d.per_vcpu ? FFN_SIM_PATH_SP_VM_VCPU
				     : FFN_SIM_PATH_SP_VM;
	if (!f->snd->is_sp && f->rcv->is_sp)
		return FFN_SIM_PATH_VM_SP;
	if (f->snd->is_sp)
		return FFN_SIM_PATH_SP_SP;
	return FFN_SIM_PATH_VM_VM;
}

void sim_flows_setup(struct ffn_sim *s)
{
	uint64_t wsum = 0, given = 0;

	for (unsigned i = 0; i < s->cfg.flow_count; i++) {
		struct sim_flow *f = &s->flow[s->nflow];

		f->d = s->cfg.flows[i];
		if (f->d.weight == 0)
			f->d.weight = 1;
		f->snd = sim_dom_find(s, f->d.sender);
		f->rcv = sim_dom_find(s, f->d.receiver);
		if (f->snd == NULL || f->rcv == NULL ||
		    f->d.sender_vcpu >= f->snd->d.vcpus)
			continue; /* the parser rejects these */
		f->sv = &f->snd->vcpu[f->d.sender_vcpu];
		f->path = path_of(f);
		pthread_mutex_init(&f->mu, NULL);
		f->rng = (s->cfg.seed + 1u) * 0x9E3779B97F4A7C15ull ^
			 ((uint64_t)(i + 1u) << 32);
		if (f->rng == 0)
			f->rng = 1;
		f->sv->flows[f->sv->nflows++] = f;
		wsum += f->d.weight;
		s->nflow++;
	}
	s->total = 0;
	for (unsigned i = 0; i < s->nflow; i++) {
		struct sim_flow *f = &s->flow[i];
		uint64_t q = wsum ? s->cfg.count * f->d.weight / wsum : 0;

		atomic_store(&f->remaining, q);
		given += q;
		f->interval_ns = s->cfg.rate > 0
					 ? 1e9 * (double)wsum /
						   (s->cfg.rate * f->d.weight)
					 : 0.0;
	}
	/* The remainder of the division goes to the first flows. */
	for (unsigned i = 0; given < s->cfg.count && s->nflow; i++) {
		atomic_fetch_add(&s->flow[i % s->nflow].remaining, 1);
		given++;
	}
	s->total = given;
}

struct bind_arg {
	struct sim_flow *f;
	int rc;
};

static void bind_fn(struct sim_vcpu *v, void *arg)
{
	struct bind_arg *b = arg;
	struct sim_flow *f = b->f;

	b->rc = ffn_ep_request(&f->rcv->ep, v->idx, f->d.sender, f->d.id,
			       f->d.per_vcpu, on_deliver, f);
}

int sim_flow_bind(struct ffn_sim *s, struct sim_flow *f)
{
	struct bind_arg b = {f, 0};

	(void)s;
	if (f->rcv->is_sp)
		sim_sp_own_run(&f->rcv->vcpu[0], bind_fn, &b);
	else
		bind_fn(&f->rcv->vcpu[0], &b);
	return b.rc;
}

/* Called with the sender's vcpu->mu held: atomics only, no flow->mu. */
static bool flow_due_ok(struct sim_flow *f)
{
	return atomic_load(&f->remaining) > 0 && !atomic_load(&f->down);
}

uint64_t sim_vcpu_next_due(struct sim_vcpu *v)
{
	uint64_t due = UINT64_MAX;

	for (unsigned i = 0; i < v->nflows; i++) {
		struct sim_flow *f = v->flows[i];

		if (flow_due_ok(f) && f->next_due < due)
			due = f->next_due;
	}
	return due;
}

/* One SET on @f. Return: false when the flow is down or done. */
bool sim_flow_send_one(struct sim_flow *f)
{
	struct ffn_sim *s = f->snd->sim;
	uint64_t t, t_slice, id = 0;
	int rc;

	t_slice = ffn_sim_now();
	pthread_mutex_lock(&f->mu);
	if (atomic_load(&f->down) || atomic_load(&f->remaining) == 0) {
		pthread_mutex_unlock(&f->mu);
		return false;
	}
	atomic_fetch_sub(&f->remaining, 1);
	t = ffn_sim_now();
	if (f->outstanding++ == 0) {
		f->t_first = t;
		if (s->tracing)
			id = f->trace_id =
				atomic_fetch_add(&s->trace_ids, 1) + 1;
	}
	f->t_last = t;
	rc = ffn_ep_send(&f->snd->ep, f->sv->idx, f->d.receiver, f->d.id,
			 f->d.per_vcpu, f->d.receiver_vcpu, f->d.delay_sri);
	if (rc == FFN_OK) {
		f->sent++;
		atomic_fetch_add(&s->sent_total, 1);
	} else {
		f->outstanding--;
		f->rejected++;
	}
	pthread_mutex_unlock(&f->mu);
	if (s->tracing) {
		uint64_t t1 = ffn_sim_now();

		/*
		 * The slice spans the lock and the SET; the flow starts at
		 * t, taken before the SET, so before the receiver can take
		 * the notification (and stamp the flow's end).
		 */
		sim_trace_ev(s, 'X', PID_DOM(f->snd->index), f->sv->key,
			     t_slice, t1 - t_slice, "send", "");
		if (id != 0 && rc == FFN_OK)
			sim_trace_flow(s, 's', PID_DOM(f->snd->index),
				       f->sv->key, t, id);
	}
	atomic_fetch_add(&s->attempted_total, 1);
	return true;
}

#define BURST 32

static void send_flows(struct sim_vcpu *v, void *arg)
{
	uint64_t now = *(uint64_t *)arg;
	struct ffn_sim *s = v->sim;

	for (unsigned i = 0; i < v->nflows; i++) {
		struct sim_flow *f = v->flows[i];

		for (unsigned k = 0; k < BURST && f->next_due <= now; k++) {
			/* An event is due first (ffn_sim_run applies it). */
			if (atomic_load(&s->attempted_total) >=
			    atomic_load(&s->gate))
				return;
			if (!sim_flow_send_one(f))
				break;
			if (f->interval_ns > 0) {
				double step = f->interval_ns *
					      (0.5 + rng_unit(&f->rng));
				f->next_due += (uint64_t)step;
				/* Far behind: do not catch up in a burst. */
				if (f->next_due + 100000000ull < now)
					f->next_due = now;
			}
		}
	}
}

void sim_vcpu_send_due(struct sim_vcpu *v, uint64_t now)
{
	struct ffn_sim *s = v->sim;

	if (v->dom->is_sp) {
		sim_sp_own_run(v, send_flows, &now);
	} else {
		sim_busy_inc(s);
		send_flows(v, &now);
		sim_busy_dec(s);
	}
	/* Unpaced, or held at the gate: let the others in. */
	if (s->cfg.rate <= 0 ||
	    atomic_load(&s->attempted_total) >= atomic_load(&s->gate))
		sched_yield();
}

/* ---- churn ------------------------------------------------------------ */

static void wake_all(struct ffn_sim *s);

static void flow_down(struct sim_flow *f, bool discard)
{
	pthread_mutex_lock(&f->mu);
	atomic_store(&f->down, true);
	if (discard) {
		/* Pending at a receiver that is going away: never delivered,
		 * but not lost either. */
		f->discarded += f->outstanding;
		f->outstanding = 0;
	}
	pthread_mutex_unlock(&f->mu);
}

static void flow_up(struct sim_flow *f)
{
	pthread_mutex_lock(&f->mu);
	atomic_store(&f->down, false);
	pthread_mutex_unlock(&f->mu);
}

static void drain_fn(struct sim_vcpu *v, void *arg)
{
	struct sim_flow *f = arg;

	(void)ffn_ep_npi(&f->rcv->ep, v->idx);
}

/*
 * The receiver's bindings from a destroyed sender went with it: the
 * mediator drops a VM receiver's, and the SPMC's BITMAP_DESTROY an SP's.
 * Deliver what is still pending (those IDs cannot be bound again before),
 * then bind again for the new VM.
 */
static void rebind_after_sender(struct ffn_sim *s, struct sim_flow *f)
{
	uint64_t t1 = ffn_sim_now();

	for (uint16_t v = 0; v < f->rcv->d.vcpus; v++) {
		if (f->rcv->is_sp)
			sim_sp_own_run(&f->rcv->vcpu[v], drain_fn, f);
		else
			(void)ffn_ep_npi(&f->rcv->ep, v);
	}
	sim_trace_ev(s, 'X', PID_DOM(f->rcv->index), KEY_MAIN, t1,
		     ffn_sim_now() - t1, "drain before re-bind", "");
	(void)ffn_ep_forget(&f->rcv->ep, FFN_EP_FROM_VM, f->d.id);
	(void)sim_flow_bind(s, f);
}

void sim_churn(struct ffn_sim *s, struct sim_dom *d)
{
	uint64_t t0 = ffn_sim_now();
	char buf[64];

	atomic_fetch_add(&s->churns, 1);
	/* The toolstack pauses the domain: its vCPUs stop. */
	sim_dom_stop(d);
	for (unsigned i = 0; i < s->nflow; i++) {
		struct sim_flow *f = &s->flow[i];

		if (f->rcv == d)
			flow_down(f, true);
		else if (f->snd == d)
			flow_down(f, false);
	}
	sim_vm_destroy(s, d);
	if (sim_vm_create(s, d) != FFN_OK) {
		fprintf(stderr, "ffa-notify: re-creating %s failed\n", d->name);
		return;
	}
	for (unsigned i = 0; i < s->nflow; i++) {
		struct sim_flow *f = &s->flow[i];

		if (f->rcv == d)
			(void)sim_flow_bind(s, f);
		else if (f->snd == d)
			rebind_after_sender(s, f);
	}
	(void)sim_dom_start(d);
	for (unsigned i = 0; i < s->nflow; i++)
		if (s->flow[i].rcv == d || s->flow[i].snd == d)
			flow_up(&s->flow[i]);
	/* Senders that found their flow down wait with no deadline. */
	wake_all(s);
	snprintf(buf, sizeof(buf), "destroy + create %s", d->name);
	sim_trace_ev(s, 'X', PID_MED, KEY_MAIN, t0, ffn_sim_now() - t0, "churn",
		     buf);
}

/* ---- run ------------------------------------------------------------- */

static void wake_all(struct ffn_sim *s)
{
	for (unsigned i = 0; i < s->ndom; i++) {
		struct sim_dom *d = &s->dom[i];

		for (uint16_t v = 0; v < d->d.vcpus; v++) {
			pthread_mutex_lock(&d->vcpu[v].mu);
			pthread_cond_broadcast(&d->vcpu[v].cv);
			pthread_mutex_unlock(&d->vcpu[v].mu);
		}
	}
}

static void one_fn(struct sim_vcpu *v, void *arg)
{
	(void)v;
	(void)sim_flow_send_one(arg);
}

unsigned ffn_sim_capture(struct ffn_sim *s, unsigned max)
{
	bool done[FFN_SIM_PATH_COUNT] = {false};
	unsigned n = 0;

	sim_tls_cpu = 0;
	for (unsigned i = 0; i < s->nflow && n < max && n < 8; i++) {
		struct sim_flow *f = &s->flow[i];

		if (done[f->path] || atomic_load(&f->remaining) == 0)
			continue;
		done[f->path] = true;
		pthread_mutex_lock(&s->trace_mu);
		s->cap_snd = f->snd;
		s->cap_rcv = f->rcv;
		snprintf(s->blocks[s->nblocks].title,
			 sizeof(s->blocks[0].title),
			 "%u. %s: %s.%u -> %s%s id %u", n + 1,
			 ffn_sim_path_name(f->path), f->snd->name,
			 f->d.sender_vcpu, f->rcv->name,
			 f->d.per_vcpu ? " (per-vCPU)" : "", f->d.id);
		atomic_store(&s->cap_block, (int)s->nblocks);
		pthread_mutex_unlock(&s->trace_mu);

		if (f->snd->is_sp) {
			sim_sp_own_run(f->sv, one_fn, f);
		} else {
			sim_busy_inc(s);
			(void)sim_flow_send_one(f);
			sim_busy_dec(s);
		}
		sim_wait_idle(s);

		pthread_mutex_lock(&s->trace_mu);
		atomic_store(&s->cap_block, -1);
		s->nblocks++;
		pthread_mutex_unlock(&s->trace_mu);
		n++;
	}
	return n;
}

void ffn_sim_interrupt(struct ffn_sim *s)
{
	atomic_store(&s->interrupted, true);
}

/*
 * Interrupted: no flow sends again, and every vCPU the scenario would
 * still have brought back comes back, so that what is held for it is
 * delivered and the counts stay exact. Churns not yet due are skipped.
 */
static void stop_early(struct ffn_sim *s, bool *vdone)
{
	for (unsigned i = 0; i < s->nflow; i++) {
		pthread_mutex_lock(&s->flow[i].mu);
		atomic_store(&s->flow[i].remaining, 0);
		pthread_mutex_unlock(&s->flow[i].mu);
	}
	for (unsigned e = 0; e < s->cfg.vcpu_ev_count; e++) {
		const struct ffn_sim_vcpu_event *ev = &s->cfg.vcpu_ev[e];
		struct sim_dom *d = sim_dom_find(s, ev->vm);

		if (vdone[e] || !ev->online || d == NULL || d->is_sp ||
		    ev->vcpu >= d->d.vcpus)
			continue;
		vdone[e] = true;
		(void)sim_vcpu_online(&d->vcpu[ev->vcpu]);
	}
}

/*
 * The smallest attempt count at which an event that ffn_sim_run has yet
 * to apply is due (the events it skips, naming no VM it can act on, do
 * not count).
 */
static uint64_t next_gate(struct ffn_sim *s, const bool *churned,
			  const bool *vdone)
{
	uint64_t gate = UINT64_MAX;

	for (unsigned c = 0; c < s->cfg.churn_count; c++) {
		const struct sim_dom *d = sim_dom_find(s, s->cfg.churn[c].vm);
		uint64_t at =
			(s->total * s->cfg.churn[c].at_percent + 99u) / 100u;

		if (!churned[c] && d != NULL && !d->is_sp && at < gate)
			gate = at;
	}
	for (unsigned e = 0; e < s->cfg.vcpu_ev_count; e++) {
		const struct ffn_sim_vcpu_event *ev = &s->cfg.vcpu_ev[e];
		const struct sim_dom *d = sim_dom_find(s, ev->vm);
		uint64_t at = (s->total * ev->at_percent + 99u) / 100u;

		if (!vdone[e] && d != NULL && !d->is_sp &&
		    ev->vcpu < d->d.vcpus && at < gate)
			gate = at;
	}
	return gate;
}

void ffn_sim_run(struct ffn_sim *s, ffn_sim_progress_fn progress, void *arg)
{
	bool churned[FFN_SIM_MAX_EVENTS] = {false};
	bool vdone[FFN_SIM_MAX_EVENTS] = {false};
	uint64_t last_progress = 0, last_att = 0, stalled_since = 0;

	sim_tls_cpu = 0;
	s->t_start = ffn_sim_now();
	for (unsigned i = 0; i < s->nflow; i++)
		s->flow[i].next_due = s->t_start;
	atomic_store(&s->gate, next_gate(s, churned, vdone));
	atomic_store(&s->go, true);
	wake_all(s);
	for (;;) {
		uint64_t att = atomic_load(&s->attempted_total);
		uint64_t now = ffn_sim_now();
		bool pending = false;
		struct timespec ts;
		uint64_t due;

		for (unsigned c = 0; c < s->cfg.churn_count; c++) {
			struct sim_dom *d = sim_dom_find(s, s->cfg.churn[c].vm);

			if (churned[c] || d == NULL || d->is_sp)
				continue;
			if (att * 100u >=
			    s->total * s->cfg.churn[c].at_percent) {
				churned[c] = true;
				sim_churn(s, d);
			} else {
				pending = true;
			}
		}
		for (unsigned e = 0; e < s->cfg.vcpu_ev_count; e++) {
			const struct ffn_sim_vcpu_event *ev =
				&s->cfg.vcpu_ev[e];
			struct sim_dom *d = sim_dom_find(s, ev->vm);
			bool due_now;

			if (vdone[e] || d == NULL || d->is_sp ||
			    ev->vcpu >= d->d.vcpus)
				continue;
			/*
			 * At its share of the count; a vCPU coming back also
			 * when sending has stalled (its own flows may be all
			 * that is left), so a run always ends.
			 */
			due_now = att * 100u >= s->total * ev->at_percent ||
				  (ev->online && stalled_since != 0 &&
				   now - stalled_since > 50000000ull);
			if (!due_now) {
				pending = true;
				continue;
			}
			vdone[e] = true;
			stalled_since = 0;
			if (ev->online)
				(void)sim_vcpu_online(&d->vcpu[ev->vcpu]);
			else
				sim_vcpu_offline(&d->vcpu[ev->vcpu]);
		}
		atomic_store(&s->gate, next_gate(s, churned, vdone));
		if (att != last_att || att >= s->total)
			stalled_since = 0;
		else if (stalled_since == 0)
			stalled_since = now;
		last_att = att;
		if (progress != NULL &&
		    (now - last_progress >= 100000000ull || att >= s->total)) {
			last_progress = now;
			progress(arg, att, s->total,
				 (uint64_t)atomic_load(&s->sent_total),
				 (double)(now - s->t_start) / 1e9);
		}
		if (att >= s->total)
			break;
		if (atomic_load(&s->interrupted)) {
			stop_early(s, vdone);
			break;
		}
		/* Look often while a churn is due, so it lands mid-traffic. */
		due = now + (pending ? 1000000ull : 100000000ull);
		ts.tv_sec = (time_t)(due / 1000000000ull);
		ts.tv_nsec = (long)(due % 1000000000ull);
		pthread_mutex_lock(&s->idle_mu);
		pthread_cond_timedwait(&s->idle_cv, &s->idle_mu, &ts);
		pthread_mutex_unlock(&s->idle_mu);
	}
	atomic_store(&s->gate, UINT64_MAX);
	sim_wait_idle(s);
	s->t_end = ffn_sim_now();
	atomic_store(&s->go, false);
}

/* ---- results ---------------------------------------------------------- */

static bool bit_stuck(struct ffn_sim *s, struct sim_flow *f)
{
	uint64_t bit = 1ull << f->d.id;
	uint16_t vcpu = f->d.per_vcpu ? f->d.receiver_vcpu : 0;

	if (f->snd->is_sp || f->rcv->is_sp) {
		struct ffn_spmc_view v;

		if (ffn_spmc_view(&s->w.spmc, f->d.receiver, vcpu, &v) !=
		    FFN_OK)
			return false;
		return ((v.global.from_sp | v.global.from_vm | v.vcpu.from_sp |
			 v.vcpu.from_vm) &
			bit) != 0;
	}
	if (f->rcv->vm != NULL) {
		struct ffn_med_vm_view v;

		if (ffn_mediator_vm_view(&s->w.med, f->rcv->vm->med, vcpu,
					 &v) != FFN_OK)
			return false;
		return ((v.pend_global | v.pend_vcpu) & bit) != 0;
	}
	return false;
}

void sim_flows_collect(struct ffn_sim *s, struct ffn_sim_result *out)
{
	uint32_t hist[FFN_SIM_PATH_COUNT][LAT_BUCKETS];

	memset(hist, 0, sizeof(hist));
	for (unsigned i = 0; i < s->nflow; i++) {
		struct sim_flow *f = &s->flow[i];
		struct ffn_sim_row *r = &out->row[f->path];
		bool stuck = bit_stuck(s, f);

		pthread_mutex_lock(&f->mu);
		r->flows++;
		r->sent += f->sent;
		r->delivered += (uint64_t)f->delivered;
		r->coalesced += f->coalesced > 0 ? (uint64_t)f->coalesced : 0;
		r->discarded += f->discarded;
		r->rejected += f->rejected;
		r->lost += f->outstanding + (stuck && !f->outstanding ? 1 : 0);
		f->stuck = stuck;
		if (f->lat_max > r->max)
			r->max = f->lat_max;
		for (unsigned b = 0; b < LAT_BUCKETS; b++)
			hist[f->path][b] += f->hist[b];
		pthread_mutex_unlock(&f->mu);
	}
	for (unsigned p = 0; p < FFN_SIM_PATH_COUNT; p++) {
		struct ffn_sim_row *r = &out->row[p];
		uint64_t total = 0, acc = 0;

		r->spurious = atomic_load(&s->spurious[p]);
		for (unsigned b = 0; b < LAT_BUCKETS; b++)
			total += hist[p][b];
		for (unsigned b = 0; b < LAT_BUCKETS && total; b++) {
			uint64_t before = acc;

			acc += hist[p][b];
			if (before * 100 < total * 50 &&
			    acc * 100 >= total * 50)
				r->p50 = lat_bucket_top(b);
			if (before * 100 < total * 99 &&
			    acc * 100 >= total * 99)
				r->p99 = lat_bucket_top(b);
		}
		if (r->p50 > r->max)
			r->p50 = r->max;
		if (r->p99 > r->max)
			r->p99 = r->max;
	}
}
