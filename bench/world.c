// SPDX-License-Identifier: BSD-3-Clause
/* The benchmark world and its host port (see bench.h). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif
#ifndef CALLGRIND_DUMP_STATS_AT
/* Without valgrind's headers the instruction mode cannot work; the rest can. */
#define CALLGRIND_DUMP_STATS_AT(tag) ((void)(tag))
#define RUNNING_ON_VALGRIND 0
#endif

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

#include "bench.h"
#include "world.h"

static void die(const char *what)
{
	fprintf(stderr, "ffn-bench: %s\n", what);
	exit(1);
}

/* --- SPMC port ----------------------------------------------------------- */

static void port_raise_sri(void *ctx, uint32_t cpu)
{
	struct bw *w = ctx;

	w->sri_raised[cpu % BW_CPUS]++;
}

static void port_pend_npi(void *ctx, ffn_id_t sp, uint16_t vcpu)
{
	struct bw *w = ctx;

	(void)sp;
	(void)vcpu;
	w->npi_pended++;
}

static const struct ffn_spmc_ops spmc_ops = {
	.raise_sri = port_raise_sri,
	.pend_npi = port_pend_npi,
};

/* --- Mediator port ------------------------------------------------------- */

/*
 * The SMCs of the measured call land here, so that callgrind reports
 * their inclusive cost under this name and the mediator's own share is
 * the difference.
 */
__attribute__((noinline)) void bm_smc_in_measured(struct bw *w, uint32_t cpu,
						  struct ffn_regs *r);
__attribute__((noinline)) void bm_smc_in_measured(struct bw *w, uint32_t cpu,
						  struct ffn_regs *r)
{
	ffn_spmc_call_ns(&w->spmc, cpu, r);
}

static void port_smc(void *ctx, uint32_t cpu, struct ffn_regs *r)
{
	struct bw *w = ctx;

	if (w->in_measured)
		bm_smc_in_measured(w, cpu, r);
	else
		ffn_spmc_call_ns(&w->spmc, cpu, r);
}

static void port_inject(void *ctx, struct ffn_med_vm *vm, uint16_t vcpu,
			uint32_t intid)
{
	struct bw *w = ctx;

	w->virqs++;
	if (w->virq_hook)
		w->virq_hook(w->hook_ctx, vm->id, vcpu, intid);
}

static bool port_online(void *ctx, struct ffn_med_vm *vm, uint16_t vcpu)
{
	(void)ctx;
	(void)vm;
	(void)vcpu;
	return true;
}

/* The host's own lookup: IDs are 1..nvms, so an array index. */
static struct ffn_med_vm *port_vm_get(void *ctx, ffn_id_t id)
{
	struct bw *w = ctx;

	if (id == 0 || id > w->nvms)
		return NULL;
	return w->vm[id - 1u];
}

static void port_vm_put(void *ctx, struct ffn_med_vm *vm)
{
	(void)ctx;
	(void)vm;
}

static void port_schedule(void *ctx)
{
	struct bw *w = ctx;

	w->work_pending = 1;
}

static int port_register_sri(void *ctx, uint32_t cpu, uint32_t intid)
{
	(void)ctx;
	(void)cpu;
	(void)intid;
	return 0;
}

static const struct ffn_mediator_ops med_ops = {
	.smc = port_smc,
	.inject_virq = port_inject,
	.vcpu_online = port_online,
	.vm_get = port_vm_get,
	.vm_put = port_vm_put,
	.schedule_work = port_schedule,
	.register_sri = port_register_sri,
};

/* --- World --------------------------------------------------------------- */

bool bw_vm_id_table;

struct bw *bw_new(uint32_t nvms, uint16_t vm_vcpus)
{
	static struct ffn_spmc_sp_desc sps[BW_SP_COUNT];
	struct ffn_hw_desc d = {
		.cpus = BW_CPUS,
		.hyp = true,
		.sps = sps,
		.sp_count = BW_SP_COUNT,
		.vm_capacity = nvms,
		.vm_max_vcpus = vm_vcpus,
		.vm_id_table = bw_vm_id_table,
		.sp_capacity = BW_SP_COUNT,
		.policy_capacity = 64,
	};
	struct bw *w = ffn_hw_zalloc(sizeof(*w));
	struct ffn_hw_engines e = {.spmc = &w->spmc, .med = &w->med};

	for (uint32_t i = 0; i < BW_SP_COUNT; i++) {
		sps[i].id = (ffn_id_t)(BW_SP_FIRST + i);
		sps[i].vcpu_count = BW_SP_VCPUS;
		sps[i].el0 = false;
		sps[i].notifications = true;
	}
	w->nvms = nvms;
	w->vm_vcpus = vm_vcpus;

	/* The hosted world's bring-up, with this file's minimal port. */
	if (ffn_hw_engines_init(&e, &d, &spmc_ops, &med_ops, w) != 0 ||
	    !ffn_mediator_fw_enabled(&w->med))
		die("the SPMC, the mediator or its probe failed");
	w->spmc_storage = e.spmc_storage;
	w->spmc_size = e.spmc_size;
	w->med_storage = e.med_storage;
	w->med_size = e.med_size;

	w->vm_stride = (ffn_med_vm_storage_size(vm_vcpus) + 63u) & ~(size_t)63u;
	w->vm_storage = ffn_hw_zalloc(w->vm_stride * nvms);
	w->vm = ffn_hw_zalloc(sizeof(*w->vm) * nvms);
	for (uint32_t i = 0; i < nvms; i++) {
		int rc = ffn_mediator_vm_create(
			&w->med, &w->vm[i], (ffn_id_t)(i + 1u), vm_vcpus,
			w->vm_storage + w->vm_stride * i, w->vm_stride, 0, w);
		if (rc != FFN_OK)
			die("ffn_mediator_vm_create failed");
	}
	return w;
}

void bw_free(struct bw *w)
{
	free(w->vm);
	free(w->vm_storage);
	free(w->med_storage);
	free(w->spmc_storage);
	free(w);
}

void bw_regs(struct ffn_regs *r, uint32_t fid, uint64_t w1, uint64_t w2,
	     uint64_t w3, uint64_t w4)
{
	ffn_hw_regs(r, fid, w1, w2, w3, w4);
}

void bw_expect(const struct ffn_regs *r, int32_t ok_err, const char *what)
{
	int32_t err = ffn_regs_error_code(r);

	if (err == FFN_OK || err == ok_err)
		return;
	fprintf(stderr, "ffn-bench: %s failed: %s (%d)\n", what,
		ffn_error_name(err) ? ffn_error_name(err) : "?", err);
	exit(1);
}

void bw_take_sri(struct bw *w, uint32_t cpu)
{
	if (w->sri_raised[cpu] == 0)
		return;
	w->sri_raised[cpu] = 0;
	ffn_mediator_sri_irq(&w->med, cpu);
	while (w->work_pending) {
		w->work_pending = 0;
		ffn_mediator_sri_work(&w->med, cpu);
	}
}

/* --- Timing -------------------------------------------------------------- */

uint64_t bw_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t bw_tick(void)
{
#if defined(__x86_64__) || defined(__i386__)
	uint64_t t;

	_mm_lfence();
	t = __rdtsc();
	_mm_lfence();
	return t;
#else
	return bw_now_ns();
#endif
}

double bw_tick_ns(void)
{
	static double ns_per_tick;

	if (ns_per_tick == 0) {
		uint64_t n0 = bw_now_ns(), t0 = bw_tick(), n1, t1;

		do {
			n1 = bw_now_ns();
		} while (n1 - n0 < 50000000ull);
		t1 = bw_tick();
		ns_per_tick = (double)(n1 - n0) / (double)(t1 - t0);
	}
	return ns_per_tick;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double bw_percentile(double *v, size_t n, double p)
{
	size_t i;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

double bw_median(double *v, size_t n)
{
	return bw_percentile(v, n, 0.5);
}

double bw_robust_mean(double *v, size_t n)
{
	double m = bw_median(v, n), cut = 4.0 * (m > 0 ? m : 1.0), sum = 0;
	size_t used = 0;

	for (size_t i = 0; i < n; i++) {
		if (v[i] <= cut) {
			sum += v[i];
			used++;
		}
	}
	return used ? sum / (double)used : m;
}

double bw_tick_overhead(void)
{
	static double overhead = -1;

	if (overhead < 0) {
		enum { N = 20001 };
		static double s[N];

		for (unsigned i = 0; i < N; i++) {
			uint64_t t0 = bw_tick();
			uint64_t t1 = bw_tick();
			s[i] = (double)(t1 - t0);
		}
		overhead = bw_robust_mean(s, N);
	}
	return overhead;
}

/* --- Callgrind and output ------------------------------------------------ */

bool bw_marks;

/* Empty, never inlined: the plugin acts when their entries execute. */
__attribute__((noinline)) void bw_mark_on(void)
{
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void bw_mark_off(void)
{
	__asm__ volatile("" ::: "memory");
}

void bw_mark_dump(void);
__attribute__((noinline)) void bw_mark_dump(void)
{
	__asm__ volatile("" ::: "memory");
}

void bw_cg_dump(const char *tag)
{
	CALLGRIND_DUMP_STATS_AT(tag);
	if (bw_marks) {
		/* The plugin's count follows this line on the same stream. */
		fprintf(stderr, "mark-dump %s\n", tag);
		fflush(stderr);
		bw_mark_dump();
	}
}

int bw_on_valgrind(void)
{
	return RUNNING_ON_VALGRIND != 0;
}

FILE *bw_csv(const struct bw_opts *o, const char *name, const char *header)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", o->out_dir, name);
	f = fopen(path, "w");
	if (f == NULL) {
		perror(path);
		exit(1);
	}
	fprintf(f, "%s\n", header);
	return f;
}
