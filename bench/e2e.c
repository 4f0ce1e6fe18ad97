// SPDX-License-Identifier: BSD-3-Clause
/*
 * End-to-end latency and throughput on two real threads, one per core:
 *
 *   thread S (CPU 0): the middle SP's vCPU, which SETs through the endpoint
 *     driver into the real SPMC engine; then, as CPU 0 back in the normal
 *     world, it takes the SRI the engine raised and runs the mediator's SRI
 *     work (INFO_GET_64 drain, NPI injection), as a hypervisor tasklet on
 *     the SRI's CPU would;
 *   thread R (CPU 1): the receiver VM's vCPU 0. The injection wakes it
 *     through a futex mailbox (the virtual interrupt controller's kick);
 *     its endpoint driver takes the NPI, GETs through the mediator (which
 *     forwards to the SPMC) and runs the callback.
 *
 * Latency is from just before the SP's SET to the callback. The baseline,
 * measured in the same run by the same threads in alternating blocks, is
 * the bare ping-pong through the same futex mailbox: S stamps and posts, R
 * wakes and stamps. Both paths post and wait exactly the same way.
 *
 * This is a harness of its own (bench/), not the sim/ platform: it keeps
 * the wake-up primitive identical on both paths and nothing else runs.
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"
#include "ffn/endpoint.h"

/* --- The wake-up primitive: a futex mailbox ------------------------------ */

/*
 * The poster bumps seq and makes the wake-up system call only when a
 * waiter has announced itself. A waiter count, not a flag the poster
 * clears: a cleared flag can belong to a later wait than the post that
 * cleared it, and that wait then sleeps through every later post.
 * Sequentially consistent order: either the poster sees the waiter, or
 * the waiter sees the new seq (and the kernel re-checks it).
 */
struct mbox {
	_Atomic uint32_t seq;
	_Atomic uint32_t waiters;
};

static void mbox_post(struct mbox *m)
{
	atomic_fetch_add(&m->seq, 1);
	if (atomic_load(&m->waiters) != 0)
		syscall(SYS_futex, &m->seq, FUTEX_WAKE_PRIVATE, 1, NULL, NULL,
			0);
}

/* Wait until seq moves past @seen; return the new value. */
static uint32_t mbox_wait(struct mbox *m, uint32_t seen)
{
	while (atomic_load(&m->seq) == seen) {
		atomic_fetch_add(&m->waiters, 1);
		if (atomic_load(&m->seq) == seen)
			syscall(SYS_futex, &m->seq, FUTEX_WAIT_PRIVATE, seen,
				NULL, NULL, 0);
		atomic_fetch_sub(&m->waiters, 1);
	}
	return atomic_load(&m->seq);
}

static void pin(unsigned cpu)
{
	cpu_set_t set;
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	CPU_ZERO(&set);
	CPU_SET(cpu % (unsigned)(n > 0 ? n : 1), &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

/* --- Endpoint driver conduits -------------------------------------------- */

struct ep_port {
	struct bw *w;
	ffn_id_t id;
	uint32_t cpu;
};

static void sp_conduit(void *ctx, uint16_t vcpu, struct ffn_regs *r)
{
	struct ep_port *p = ctx;

	ffn_spmc_call_sp(&p->w->spmc, p->id, vcpu, p->cpu, r);
}

static void vm_conduit(void *ctx, uint16_t vcpu, struct ffn_regs *r)
{
	struct ep_port *p = ctx;

	ffn_mediator_call(&p->w->med, bw_med_vm(p->w, p->id), vcpu, p->cpu, r);
}

static const struct ffn_ep_ops sp_ep_ops = {.call = sp_conduit};
static const struct ffn_ep_ops vm_ep_ops = {.call = vm_conduit};

static void ep_setup(struct ffn_ep *ep, struct ep_port *port, struct bw *w,
		     ffn_id_t id, bool sp, uint32_t cpu)
{
	struct ffn_ep_config cfg = {
		.id = id,
		.vcpu_count = sp ? BW_SP_VCPUS : w->vm_vcpus,
		.role = sp ? FFN_EP_ROLE_SP : FFN_EP_ROLE_VM,
	};

	port->w = w;
	port->id = id;
	port->cpu = cpu;
	if (ffn_ep_init(ep, &cfg, sp ? &sp_ep_ops : &vm_ep_ops, port) != 0 ||
	    ffn_ep_probe(ep) != 0) {
		fprintf(stderr, "ffn-bench: endpoint 0x%x setup failed\n", id);
		exit(1);
	}
}

/* --- Latency ------------------------------------------------------------- */

enum { MODE_NOTIF, MODE_BASE, MODE_STOP };

struct lat {
	struct bw *w;
	struct ffn_ep sp_ep, vm_ep;
	struct ep_port sp_port, vm_port;
	ffn_id_t vm;
	struct mbox kick; /* S -> R: the vCPU's interrupt / the ping */
	struct mbox ack;  /* R -> S: done */
	_Atomic int mode;
	_Atomic uint64_t t_send;
	double *sample;
	unsigned count;
	unsigned callbacks;
};

static void lat_cb(void *arg, const struct ffn_ep_notif *n)
{
	struct lat *l = arg;

	(void)n;
	l->sample[l->count++] = (double)(bw_now_ns() - atomic_load(&l->t_send));
	l->callbacks++;
}

static void lat_virq(void *ctx, ffn_id_t vm, uint16_t vcpu, uint32_t intid)
{
	struct lat *l = ctx;

	(void)vm;
	(void)vcpu;
	(void)intid;
	mbox_post(&l->kick);
}

static void *lat_receiver(void *arg)
{
	struct lat *l = arg;
	uint32_t seen = 0;

	pin(1);
	for (;;) {
		seen = mbox_wait(&l->kick, seen);
		int mode = atomic_load(&l->mode);
		if (mode == MODE_STOP)
			break;
		if (mode == MODE_BASE)
			l->sample[l->count++] =
				(double)(bw_now_ns() - atomic_load(&l->t_send));
		else
			ffn_ep_npi(&l->vm_ep, 0);
		mbox_post(&l->ack);
	}
	return NULL;
}

/* One block of @n round trips in @mode; samples land in l->sample. */
static void lat_block(struct lat *l, int mode, unsigned n, uint32_t *ack_seen)
{
	atomic_store(&l->mode, mode);
	for (unsigned i = 0; i < n; i++) {
		atomic_store(&l->t_send, bw_now_ns());
		if (mode == MODE_BASE) {
			mbox_post(&l->kick);
		} else {
			if (ffn_ep_send(&l->sp_ep, 0, l->vm, 0, false, 0,
					false) != 0) {
				fprintf(stderr, "ffn-bench: SET failed\n");
				exit(1);
			}
			/* CPU 0 back in the normal world: take the SRI. */
			bw_take_sri(l->w, 0);
		}
		*ack_seen = mbox_wait(&l->ack, *ack_seen);
	}
}

int bench_latency(const struct bw_opts *o)
{
	unsigned blocks = o->quick ? 2 : 20, per = o->quick ? 200 : 1000;
	struct lat *l = calloc(1, sizeof(*l));
	double *base = malloc(sizeof(double) * blocks * per);
	double *notif = malloc(sizeof(double) * blocks * per);
	unsigned nb = 0, nn = 0;
	uint32_t ack_seen = 0;
	pthread_t rt;
	FILE *csv;

	l->w = bw_new(8, BW_VM_VCPUS);
	l->vm = bw_vm_mid(l->w);
	ep_setup(&l->sp_ep, &l->sp_port, l->w, BW_SP_MID, true, 0);
	ep_setup(&l->vm_ep, &l->vm_port, l->w, l->vm, false, 1);
	if (ffn_ep_request(&l->vm_ep, 0, BW_SP_MID, 0, false, lat_cb, l) != 0) {
		fprintf(stderr, "ffn-bench: request failed\n");
		exit(1);
	}
	l->w->virq_hook = lat_virq;
	l->w->hook_ctx = l;

	pin(0);
	pthread_create(&rt, NULL, lat_receiver, l);
	for (unsigned b = 0; b < blocks; b++) {
		/* Warm-up round trips are dropped. */
		l->sample = base;
		l->count = 0;
		lat_block(l, MODE_BASE, per / 10u, &ack_seen);
		l->count = nb;
		lat_block(l, MODE_BASE, per, &ack_seen);
		nb = l->count;
		l->sample = notif;
		l->count = 0;
		lat_block(l, MODE_NOTIF, per / 10u, &ack_seen);
		l->count = nn;
		lat_block(l, MODE_NOTIF, per, &ack_seen);
		nn = l->count;
	}
	atomic_store(&l->mode, MODE_STOP);
	mbox_post(&l->kick);
	pthread_join(rt, NULL);

	csv = bw_csv(o, "latency_samples.csv", "path,ns");
	for (unsigned i = 0; i < nb; i++)
		fprintf(csv, "baseline,%.0f\n", base[i]);
	for (unsigned i = 0; i < nn; i++)
		fprintf(csv, "notification,%.0f\n", notif[i]);
	fclose(csv);

	csv = bw_csv(o, "latency.csv", "path,samples,p50_ns,p99_ns,max_ns");
	double b50 = bw_percentile(base, nb, 0.5),
	       b99 = bw_percentile(base, nb, 0.99), bmax = base[nb - 1];
	double n50 = bw_percentile(notif, nn, 0.5),
	       n99 = bw_percentile(notif, nn, 0.99), nmax = notif[nn - 1];
	fprintf(csv, "baseline,%u,%.0f,%.0f,%.0f\n", nb, b50, b99, bmax);
	fprintf(csv, "notification,%u,%.0f,%.0f,%.0f\n", nn, n50, n99, nmax);
	fclose(csv);
	fprintf(stderr,
		"  latency: baseline p50 %.0f ns p99 %.0f; notification p50 "
		"%.0f ns p99 %.0f (ratio p50 %.2f)\n",
		b50, b99, n50, n99, n50 / b50);
	free(base);
	free(notif);
	bw_free(l->w);
	free(l);
	return 0;
}

/* --- Throughput ---------------------------------------------------------- */

#define RING 16384u

struct tp {
	struct bw *w;
	struct ffn_ep sp_ep;
	struct ep_port sp_port;
	struct ffn_ep *vm_ep;
	struct ep_port *vm_port;
	uint32_t ring[RING];
	_Atomic uint32_t head, tail; /* S pushes at head, R pops at tail */
	struct mbox kick;
	_Atomic uint64_t delivered;
	_Atomic int stop;
	_Atomic int r_where; /* receiver: 1 waiting for a kick, 2 in its NPI
				handler */
	uint64_t npis, gets_empty;
	_Atomic uint8_t *busy; /* [vms * 64]: set, not yet delivered */
};

static void tp_cb(void *arg, const struct ffn_ep_notif *n)
{
	struct tp *t = arg;

	atomic_store(&t->busy[(n->receiver - 1u) * 64u + n->id], 0);
	atomic_fetch_add_explicit(&t->delivered, 1, memory_order_relaxed);
}

static void tp_virq(void *ctx, ffn_id_t vm, uint16_t vcpu, uint32_t intid)
{
	struct tp *t = ctx;
	uint32_t h = atomic_load(&t->head);

	(void)vcpu;
	(void)intid;
	while (h - atomic_load(&t->tail) >= RING)
		sched_yield(); /* never expected: the window is smaller */
	t->ring[h % RING] = vm;
	atomic_store(&t->head, h + 1u);
	mbox_post(&t->kick);
}

static void *tp_receiver(void *arg)
{
	struct tp *t = arg;
	uint32_t seen = 0;

	pin(1);
	for (;;) {
		uint32_t tail = atomic_load(&t->tail);

		if (tail == atomic_load(&t->head)) {
			if (atomic_load(&t->stop))
				break;
			atomic_store(&t->r_where, 1);
			seen = mbox_wait(&t->kick, seen);
			atomic_store(&t->r_where, 0);
			continue;
		}
		ffn_id_t vm = (ffn_id_t)t->ring[tail % RING];
		atomic_store(&t->tail, tail + 1u);
		t->npis++;
		atomic_store(&t->r_where, 2);
		if (ffn_ep_npi(&t->vm_ep[vm - 1u], 0) == 0)
			t->gets_empty++;
		atomic_store(&t->r_where, 0);
	}
	return NULL;
}

/*
 * A notification that never reaches its callback would leave the sender
 * waiting forever. After 10 s without a delivery, print what every layer
 * holds for the VMs with an ID still in flight, and stop.
 */
static void tp_stall_check(struct tp *t, uint32_t n, uint64_t seq,
			   uint64_t *last_delivered, uint64_t *since)
{
	uint64_t d = atomic_load(&t->delivered), now = bw_now_ns();

	if (d != *last_delivered || *since == 0) {
		*last_delivered = d;
		*since = now;
		return;
	}
	if (now - *since < 10000000000ull)
		return;
	fprintf(stderr,
		"ffn-bench: throughput stalled: sent %llu, delivered %llu, "
		"ring %u..%u, NPIs %llu, drains %llu; receiver %s, kick %u "
		"(waiters %u)\n",
		(unsigned long long)seq, (unsigned long long)d,
		atomic_load(&t->tail), atomic_load(&t->head),
		(unsigned long long)t->npis,
		(unsigned long long)atomic_load(&t->w->med.info_get_calls),
		atomic_load(&t->r_where) == 1	? "waiting for a kick"
		: atomic_load(&t->r_where) == 2 ? "in its NPI handler"
						: "running",
		atomic_load(&t->kick.seq), atomic_load(&t->kick.waiters));
	for (uint32_t v = 1; v <= n; v++) {
		struct ffn_spmc_view sv;
		struct ffn_med_vm_view mv;
		uint64_t busy = 0;

		for (unsigned id = 0; id < 64; id++)
			if (atomic_load(&t->busy[(v - 1u) * 64u + id]))
				busy |= 1ull << id;
		if (busy == 0)
			continue;
		ffn_spmc_view(&t->w->spmc, (ffn_id_t)v, 0, &sv);
		ffn_mediator_vm_view(&t->w->med, bw_med_vm(t->w, (ffn_id_t)v),
				     0, &mv);
		fprintf(stderr,
			"  VM %u: in flight 0x%016llx; SPMC pending 0x%016llx "
			"unlisted %d queued %d; mediator sec %d rep 0x%x "
			"held 0x%x\n",
			v, (unsigned long long)busy,
			(unsigned long long)sv.global.from_sp,
			sv.unlisted_global, sv.queued, mv.sec_global,
			mv.rep_global, mv.held_global);
	}
	/* Time to attach a debugger (bench/stress.sh does). */
	fprintf(stderr, "ffn-bench: pid %d, exiting in 20 s\n", (int)getpid());
	sleep(20);
	exit(1);
}

/* One run at @n VMs: deliveries per second, and notifications per NPI. */
static double tp_run(const struct bw_opts *o, uint32_t n, double *per_npi)
{
	uint64_t total = o->quick ? 20000 : 400000;
	uint64_t window = 64u * n / 2u < 4096u ? 64u * n / 2u : 4096u;
	struct tp *t = calloc(1, sizeof(*t));
	pthread_t rt;
	uint64_t t0, t1;

	t->w = bw_new(n, BW_VM_VCPUS);
	t->vm_ep = calloc(n, sizeof(*t->vm_ep));
	t->vm_port = calloc(n, sizeof(*t->vm_port));
	t->busy = calloc((size_t)n * 64u, 1);
	ep_setup(&t->sp_ep, &t->sp_port, t->w, BW_SP_MID, true, 0);
	for (uint32_t i = 0; i < n; i++) {
		ep_setup(&t->vm_ep[i], &t->vm_port[i], t->w, (ffn_id_t)(i + 1),
			 false, 1);
		for (unsigned id = 0; id < 64; id++)
			if (ffn_ep_request(&t->vm_ep[i], 0, BW_SP_MID, id,
					   false, tp_cb, t) != 0) {
				fprintf(stderr, "ffn-bench: request failed\n");
				exit(1);
			}
	}
	t->w->virq_hook = tp_virq;
	t->w->hook_ctx = t;

	pin(0);
	uint64_t last = 0, since = 0;

	pthread_create(&rt, NULL, tp_receiver, t);
	t0 = bw_now_ns();
	for (uint64_t seq = 0; seq < total; seq++) {
		ffn_id_t vm = (ffn_id_t)(1u + seq % n);
		unsigned id = (unsigned)((seq / n) % 64u);

		/*
		 * Never more than @window in flight, and never an ID that
		 * is still in flight (deliveries come out of order): nothing
		 * coalesces, every SET is one callback.
		 */
		while (seq - atomic_load_explicit(&t->delivered,
						  memory_order_relaxed) >=
			       window ||
		       atomic_load(&t->busy[(vm - 1u) * 64u + id])) {
			sched_yield();
			tp_stall_check(t, n, seq, &last, &since);
		}
		atomic_store(&t->busy[(vm - 1u) * 64u + id], 1);
		if (ffn_ep_send(&t->sp_ep, 0, vm, id, false, 0, false) != 0) {
			fprintf(stderr, "ffn-bench: SET failed\n");
			exit(1);
		}
		bw_take_sri(t->w, 0);
	}
	while (atomic_load(&t->delivered) < total) {
		sched_yield();
		tp_stall_check(t, n, total, &last, &since);
	}
	t1 = bw_now_ns();
	atomic_store(&t->stop, 1);
	mbox_post(&t->kick);
	pthread_join(rt, NULL);

	double secs = (double)(t1 - t0) / 1e9;
	double rate = (double)total / secs;
	*per_npi = (double)total / (double)(t->npis ? t->npis : 1);
	free(t->vm_ep);
	free(t->vm_port);
	free((void *)t->busy);
	bw_free(t->w);
	free(t);
	return rate;
}

int bench_throughput(const struct bw_opts *o)
{
	static const uint32_t ns[] = {8, 64, 1024};
	FILE *csv = bw_csv(o, "throughput.csv",
			   "vms,runs,median_per_second,best_per_second,"
			   "notifications_per_npi");
	/* Several runs: the machine may be shared, the best run is the one
	 * least disturbed, the median the typical one. */
	unsigned runs = o->quick ? 1 : 5;

	for (unsigned i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		double rate[5], per_npi = 0;

		if (o->quick && i > 0)
			break;
		for (unsigned r = 0; r < runs; r++)
			rate[r] = tp_run(o, ns[i], &per_npi);
		double med = bw_median(rate, runs), best = rate[runs - 1];
		fprintf(csv, "%u,%u,%.0f,%.0f,%.2f\n", ns[i], runs, med, best,
			per_npi);
		fprintf(stderr,
			"  throughput N=%-5u median %10.0f best %10.0f "
			"deliveries/s (%.2f notifications per NPI)\n",
			ns[i], med, best, per_npi);
	}
	fclose(csv);
	return 0;
}
