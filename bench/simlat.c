// SPDX-License-Identifier: BSD-3-Clause
/*
 * End-to-end latency on the concurrent host platform (sim/, the platform
 * behind `ffa-notify run`), SP SET to the receiver VM's callback, next to
 * a baseline taken in the same process: two threads ping-ponging through
 * a mutex and condition variable, the wake-up primitive sim/ uses for its
 * vCPU and CPU threads.
 *
 * The platform runs one thread per physical CPU, per vCPU and per worker,
 * so this is not "the same threads" as the baseline: bench/e2e.c is the
 * like-for-like comparison. This one shows what the full platform adds
 * (interrupt threads, tasklet workers, the virtual interrupt controller).
 * The workload is paced (rate below), so the latency is not queueing.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "sim.h"

struct cv_pp {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	uint64_t ping, pong;
	uint64_t t_send;
	int stop;
	double *sample;
	unsigned count;
};

static void *cv_peer(void *arg)
{
	struct cv_pp *p = arg;
	uint64_t seen = 0;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->ping == seen && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->stop)
			break;
		seen = p->ping;
		p->sample[p->count++] = (double)(bw_now_ns() - p->t_send);
		p->pong = seen;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* @n condition-variable round trips; the one-way wake-ups in @out. */
static unsigned cv_baseline(double *out, unsigned n)
{
	struct cv_pp p;
	pthread_t t;

	memset(&p, 0, sizeof(p));
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	p.sample = out;
	pthread_create(&t, NULL, cv_peer, &p);
	for (unsigned i = 0; i < n; i++) {
		pthread_mutex_lock(&p.mu);
		p.t_send = bw_now_ns();
		p.ping++;
		pthread_cond_broadcast(&p.cv);
		while (p.pong != p.ping)
			pthread_cond_wait(&p.cv, &p.mu);
		pthread_mutex_unlock(&p.mu);
	}
	pthread_mutex_lock(&p.mu);
	p.stop = 1;
	pthread_cond_broadcast(&p.cv);
	pthread_mutex_unlock(&p.mu);
	pthread_join(t, NULL);
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
	return p.count;
}

int bench_simlat(const struct bw_opts *o)
{
	unsigned n = o->quick ? 500 : 20000;
	struct ffn_sim_config *cfg = calloc(1, sizeof(*cfg));
	struct ffn_sim_result res;
	double *base = malloc(sizeof(double) * n);
	char err[256];
	struct ffn_sim *sim;
	unsigned nb;
	FILE *csv;

	cfg->cpus = 2;
	cfg->doms[0] = (struct ffn_sim_dom_desc){.id = 0x8001, .vcpus = 1};
	cfg->doms[1] = (struct ffn_sim_dom_desc){.id = 1, .vcpus = 1};
	cfg->dom_count = 2;
	cfg->flows[0] = (struct ffn_sim_flow_desc){
		.sender = 0x8001, .receiver = 1, .id = 0, .weight = 1};
	cfg->flow_count = 1;
	cfg->count = n;
	cfg->rate = 5000; /* one every 200 us: no queueing */
	cfg->seed = 1;

	nb = cv_baseline(base, n / 2u);
	sim = ffn_sim_new(cfg, err, sizeof(err));
	if (sim == NULL) {
		fprintf(stderr, "ffn-bench: sim: %s\n", err);
		return 1;
	}
	if (ffn_sim_start(sim) != 0) {
		fprintf(stderr, "ffn-bench: sim start failed\n");
		return 1;
	}
	ffn_sim_run(sim, NULL, NULL);
	ffn_sim_stop(sim, &res);
	ffn_sim_free(sim);
	nb += cv_baseline(base + nb, n - n / 2u);

	const struct ffn_sim_row *r = &res.row[FFN_SIM_PATH_SP_VM];
	double b50 = bw_percentile(base, nb, 0.5);
	double b99 = bw_percentile(base, nb, 0.99);
	csv = bw_csv(o, "sim_latency.csv",
		     "path,samples,p50_ns,p99_ns,max_ns,lost");
	fprintf(csv, "condvar baseline,%u,%.0f,%.0f,%.0f,0\n", nb, b50, b99,
		base[nb - 1]);
	fprintf(csv, "sim SP->VM,%llu,%llu,%llu,%llu,%llu\n",
		(unsigned long long)r->delivered, (unsigned long long)r->p50,
		(unsigned long long)r->p99, (unsigned long long)r->max,
		(unsigned long long)r->lost);
	fclose(csv);
	fprintf(stderr,
		"  sim latency: condvar baseline p50 %.0f ns p99 %.0f; sim "
		"SP->VM p50 %llu ns p99 %llu (ratio p50 %.2f), lost %llu\n",
		b50, b99, (unsigned long long)r->p50,
		(unsigned long long)r->p99, (double)r->p50 / b50,
		(unsigned long long)r->lost);
	free(base);
	free(cfg);
	return 0;
}
