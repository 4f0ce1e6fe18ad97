// SPDX-License-Identifier: BSD-3-Clause
/*
 * ffn-bench: the benchmarks (docs/performance.md). bench/run.sh drives it (make
 * bench, make bench-instr); docs/performance.md explains the numbers.
 *
 *   ffn-bench [options] calls|drain|latency|throughput|sim|memory|all
 *     --out DIR     CSV directory (default build/bench)
 *     --sizes A,B   VM counts for calls (default 8,1024,32767); the last
 *                   one is the total for drain
 *     --runs N      runs per measurement, the median is kept (default 7)
 *     --iters N     timed calls per run (default 20000)
 *     --quick       smallest size and few iterations (CI)
 *     --instr       callgrind mode (bench/instr.sh runs it)
 *     --vm-id-table the SPMC finds VMs through its direct ID table
 *     --qemu-marks  with --instr: markers for bench/qemu_icount.c
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench.h"

static void usage(void)
{
	fprintf(stderr,
		"usage: ffn-bench [--out DIR] [--sizes A,B,..] [--runs N] "
		"[--iters N] [--quick] [--instr] [--vm-id-table] "
		"[--qemu-marks] "
		"calls|drain|latency|throughput|sim|memory|all\n");
	exit(2);
}

static void parse_sizes(struct bw_opts *o, const char *s)
{
	char *end;

	o->nsizes = 0;
	while (*s && o->nsizes < 8) {
		unsigned long v = strtoul(s, &end, 10);
		if (end == s || v < 8 || v > 32767)
			usage();
		o->sizes[o->nsizes++] = (uint32_t)v;
		s = *end == ',' ? end + 1 : end;
	}
	if (o->nsizes == 0)
		usage();
}

int main(int argc, char **argv)
{
	struct bw_opts o = {
		.out_dir = "build/bench",
		.sizes = {8, 1024, 32767},
		.nsizes = 3,
		.runs = 7,
		.iters = 20000,
	};
	const char *what = NULL;
	bool sizes_given = false;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--out") && i + 1 < argc)
			o.out_dir = argv[++i];
		else if (!strcmp(a, "--sizes") && i + 1 < argc) {
			parse_sizes(&o, argv[++i]);
			sizes_given = true;
		} else if (!strcmp(a, "--runs") && i + 1 < argc)
			o.runs = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(a, "--iters") && i + 1 < argc)
			o.iters = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (!strcmp(a, "--quick"))
			o.quick = 1;
		else if (!strcmp(a, "--instr"))
			o.instr = 1;
		else if (!strcmp(a, "--vm-id-table"))
			bw_vm_id_table = true;
		else if (!strcmp(a, "--qemu-marks"))
			bw_marks = true;
		else if (a[0] != '-' && what == NULL)
			what = a;
		else
			usage();
	}
	if (what == NULL)
		usage();
	if (o.quick) {
		if (!sizes_given) {
			o.sizes[0] = 8;
			o.nsizes = 1;
		}
		o.runs = 5;
		o.iters = 200;
	}
	if (o.runs < 1 || o.iters < 1)
		usage();
	if (mkdir(o.out_dir, 0777) != 0 && errno != EEXIST) {
		perror(o.out_dir);
		return 1;
	}

	bool all = !strcmp(what, "all");
	int rc = 0;
	if ((all && !o.instr) || !strcmp(what, "memory"))
		rc |= bench_memory(&o) | bench_memory_vm_table(&o);
	if (all || !strcmp(what, "calls"))
		rc |= bench_calls(&o);
	if (all || !strcmp(what, "drain"))
		rc |= bench_drain(&o);
	if (!o.instr && (all || !strcmp(what, "latency")))
		rc |= bench_latency(&o);
	if (!o.instr && (all || !strcmp(what, "throughput")))
		rc |= bench_throughput(&o);
#ifdef FFN_BENCH_SIM
	if (!o.instr && (all || !strcmp(what, "sim")))
		rc |= bench_simlat(&o);
#endif
	if (!all && strcmp(what, "memory") && strcmp(what, "calls") &&
	    strcmp(what, "drain") && strcmp(what, "latency") &&
	    strcmp(what, "throughput") && strcmp(what, "sim"))
		usage();
	return rc;
}
