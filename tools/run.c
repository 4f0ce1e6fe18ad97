// SPDX-License-Identifier: BSD-3-Clause
/*
 * ffa-notify run [SCENARIO] [options]: the concurrent simulation.
 * Builds the host platform (sim/), runs the workload, prints a table per
 * path and exits 1 if any notification was lost.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"
#include "tool.h"

static void usage(FILE *f)
{
	fputs("usage: ffa-notify run [SCENARIO] [options]\n"
	      "\n"
	      "Runs a concurrent simulation: physical CPUs, VM and SP vCPUs "
	      "as\n"
	      "threads, the SPMC engine, the mediator and the endpoint "
	      "driver.\n"
	      "With no SCENARIO, runs the default one (4 CPUs, 4 VMs, 2 SPs,\n"
	      "every path, one VM destroyed and re-created half-way).\n"
	      "\n"
	      "options:\n"
	      "  --seed N         random seed (pacing jitter)\n"
	      "  --count N        notifications to send in all\n"
	      "  --duration S     send for about S seconds (count = rate * S)\n"
	      "  --rate N         SETs per second in all (0 = unpaced)\n"
	      "  --quiet          no progress output\n"
	      "  --trace FILE     write a Chrome Trace Event JSON file\n"
	      "  --svg FILE       write a sequence diagram of the first "
	      "deliveries\n"
	      "  --print-default  print the default scenario and exit\n"
	      "\n"
	      "Exit status: 0 when nothing was lost, 1 when something was, 2 "
	      "for\n"
	      "a usage error or a malformed scenario (FILE:LINE: error: ...).\n"
	      "Scenario language: docs/scenarios.md.\n",
	      f);
}

static char *slurp(const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (f == NULL)
		return NULL;
	for (;;) {
		size_t n;

		if (cap - len < 4096) {
			char *p = realloc(buf, cap + 65536);

			if (p == NULL) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = p;
			cap += 65536;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	if (buf != NULL)
		buf[len] = '\0';
	if (f != stdin)
		fclose(f);
	return buf;
}

struct progress {
	bool tty;
	bool quiet;
	double last;
};

static void on_progress(void *arg, uint64_t attempted, uint64_t total,
			uint64_t sent, double secs)
{
	struct progress *p = arg;
	unsigned pct = total ? (unsigned)(attempted * 100 / total) : 100;

	if (p->quiet)
		return;
	if (p->tty) {
		char bar[41];
		unsigned fill = pct * 40 / 100;

		for (unsigned i = 0; i < 40; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[40] = '\0';
		fprintf(stderr, "\r[%s] %3u%%  %llu/%llu sent  %.1f s", bar,
			pct, (unsigned long long)sent,
			(unsigned long long)total, secs);
		fflush(stderr);
	} else if (secs - p->last >= 1.0 || attempted >= total) {
		p->last = secs;
		printf("progress: %u%% (%llu of %llu sent, %.1f s)\n", pct,
		       (unsigned long long)sent, (unsigned long long)total,
		       secs);
		fflush(stdout);
	}
}

static void print_table(const struct ffn_sim_result *r)
{
	struct ffn_sim_row tot = {0};

	printf("\n%-18s %5s %8s %9s %9s %9s %5s %8s %9s %9s %9s\n", "path",
	       "flows", "sent", "delivered", "coalesced", "discarded", "lost",
	       "spurious", "p50 us", "p99 us", "max us");
	for (unsigned p = 0; p < FFN_SIM_PATH_COUNT; p++) {
		const struct ffn_sim_row *w = &r->row[p];

		if (w->flows == 0)
			continue;
		printf("%-18s %5llu %8llu %9llu %9llu %9llu %5llu %8llu %9.1f "
		       "%9.1f %9.1f\n",
		       ffn_sim_path_name((enum ffn_sim_path)p),
		       (unsigned long long)w->flows,
		       (unsigned long long)w->sent,
		       (unsigned long long)w->delivered,
		       (unsigned long long)w->coalesced,
		       (unsigned long long)w->discarded,
		       (unsigned long long)w->lost,
		       (unsigned long long)w->spurious, (double)w->p50 / 1e3,
		       (double)w->p99 / 1e3, (double)w->max / 1e3);
		tot.flows += w->flows;
		tot.sent += w->sent;
		tot.delivered += w->delivered;
		tot.coalesced += w->coalesced;
		tot.discarded += w->discarded;
		tot.lost += w->lost;
		tot.spurious += w->spurious;
		tot.rejected += w->rejected;
		if (w->max > tot.max)
			tot.max = w->max;
	}
	printf("%-18s %5llu %8llu %9llu %9llu %9llu %5llu %8llu %9s %9s "
	       "%9.1f\n",
	       "total", (unsigned long long)tot.flows,
	       (unsigned long long)tot.sent, (unsigned long long)tot.delivered,
	       (unsigned long long)tot.coalesced,
	       (unsigned long long)tot.discarded, (unsigned long long)tot.lost,
	       (unsigned long long)tot.spurious, "", "", (double)tot.max / 1e3);
	printf("\n%.2f s; physical SRIs %llu (unhandled %llu); mediator "
	       "INFO_GET_64 %llu; scheduler SRI handlers %llu (spurious %llu); "
	       "FFA_RUN %llu (errors %llu);\nVMs churned %llu (contexts freed "
	       "%llu, drain entries for vanished VMs %llu); vCPUs taken "
	       "offline %llu (NPIs held %llu); SETs refused %llu\n",
	       r->seconds, (unsigned long long)r->sri_taken,
	       (unsigned long long)r->sri_unhandled,
	       (unsigned long long)r->med_info_get,
	       (unsigned long long)r->sched_sri,
	       (unsigned long long)r->sched_spurious,
	       (unsigned long long)r->runs, (unsigned long long)r->run_errors,
	       (unsigned long long)r->churns, (unsigned long long)r->vm_freed,
	       (unsigned long long)r->med_vanished,
	       (unsigned long long)r->vcpu_offline,
	       (unsigned long long)r->npi_held,
	       (unsigned long long)tot.rejected);
	if (r->trace_dropped)
		printf("trace: %llu events dropped (cap reached)\n",
		       (unsigned long long)r->trace_dropped);
	if (r->leaked != 0)
		printf("accounting: %llu VM slot(s) or context(s) leaked\n",
		       (unsigned long long)r->leaked);
	printf("%s\n", tot.lost != 0	? "result: NOTIFICATIONS LOST"
		       : r->leaked != 0 ? "result: STATE LEAKED"
					: "result: nothing lost");
}

static int write_file(const char *path, struct ffn_sim *sim, bool svg)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (f == NULL) {
		fprintf(stderr, "ffa-notify: cannot write %s\n", path);
		return -1;
	}
	rc = svg ? ffn_sim_write_svg(sim, f) : ffn_sim_write_trace(sim, f);
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

int ffn_tool_run_main(int argc, char **argv)
{
	const char *file = NULL, *trace = NULL, *svg = NULL;
	struct progress prog = {.tty = isatty(2) != 0};
	struct run_scenario sc;
	struct ffn_sim_result res;
	struct ffn_sim *sim;
	char err[512];
	char *text;
	long long count = -1, seed = -1, rate = -1;
	double duration = 0;
	uint64_t lost = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		char *end = NULL;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--print-default") == 0) {
			fputs(ffn_run_default_scenario, stdout);
			return 0;
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			prog.quiet = true;
		} else if (v != NULL && strcmp(a, "--trace") == 0) {
			trace = argv[++i];
		} else if (v != NULL && strcmp(a, "--svg") == 0) {
			svg = argv[++i];
		} else if (v != NULL && strcmp(a, "--seed") == 0) {
			seed = strtoll(v, &end, 0);
			i++;
		} else if (v != NULL && strcmp(a, "--count") == 0) {
			count = strtoll(v, &end, 0);
			i++;
		} else if (v != NULL && strcmp(a, "--rate") == 0) {
			rate = strtoll(v, &end, 0);
			i++;
		} else if (v != NULL && strcmp(a, "--duration") == 0) {
			duration = strtod(v, &end);
			i++;
			if (!(duration > 0 && duration <= 3600))
				end = (char *)v; /* reported below */
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "ffa-notify run: bad option '%s'\n", a);
			usage(stderr);
			return 2;
		} else if (file == NULL) {
			file = a;
		} else {
			usage(stderr);
			return 2;
		}
		if (end != NULL && (*end != '\0' || end == v)) {
			fprintf(stderr, "ffa-notify run: bad value for %s\n",
				a);
			return 2;
		}
		if (count < -1 || seed < -1 || rate < -1) {
			fprintf(stderr, "ffa-notify run: bad value for %s\n",
				a);
			return 2;
		}
	}
	if (file != NULL) {
		text = slurp(file);
		if (text == NULL) {
			fprintf(stderr, "ffa-notify run: cannot read %s\n",
				file);
			return 2;
		}
	} else {
		text = strdup(ffn_run_default_scenario);
	}
	if (ffn_run_parse(file ? file : "<default>", text, &sc, err,
			  sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		free(text);
		return 2;
	}
	free(text);
	if (seed >= 0)
		sc.cfg.seed = (uint64_t)seed;
	if (rate >= 0)
		sc.cfg.rate = (double)rate;
	if (duration > 0)
		sc.duration = duration;
	if (count >= 0) {
		sc.cfg.count = (uint64_t)count;
		sc.duration = 0;
	}
	if (sc.duration > 0) {
		if (sc.cfg.rate <= 0) {
			fprintf(stderr, "ffa-notify run: --duration needs a "
					"non-zero rate\n");
			return 2;
		}
		sc.cfg.count = (uint64_t)(sc.cfg.rate * sc.duration);
	}

	sim = ffn_sim_new(&sc.cfg, err, sizeof(err));
	if (sim == NULL) {
		fprintf(stderr, "ffa-notify run: %s\n", err);
		return 2;
	}
	if (trace != NULL)
		ffn_sim_trace_enable(sim);
	if (ffn_sim_start(sim) != 0) {
		fprintf(stderr, "ffa-notify run: cannot start threads\n");
		return 2;
	}
	if (!prog.quiet)
		printf("ffa-notify run: %s, %u CPUs%s, %u VMs/SPs, %u flows, "
		       "%llu notifications at %.0f/s, seed %llu\n",
		       file ? file : "default scenario", sc.cfg.cpus,
		       sc.cfg.hyp_off ? " (hypervisor off)" : "",
		       sc.cfg.dom_count, sc.cfg.flow_count,
		       (unsigned long long)sc.cfg.count, sc.cfg.rate,
		       (unsigned long long)sc.cfg.seed);
	if (svg != NULL)
		(void)ffn_sim_capture(sim, 5);
	ffn_sim_run(sim, on_progress, &prog);
	if (prog.tty && !prog.quiet)
		fputc('\n', stderr);
	ffn_sim_stop(sim, &res);
	print_table(&res);
	for (unsigned p = 0; p < FFN_SIM_PATH_COUNT; p++)
		lost += res.row[p].lost;
	if (trace != NULL && write_file(trace, sim, false) != 0)
		fprintf(stderr, "ffa-notify run: trace not written\n");
	if (svg != NULL && write_file(svg, sim, true) != 0)
		fprintf(stderr, "ffa-notify run: SVG not written\n");
	ffn_sim_free(sim);
	return lost == 0 && res.leaked == 0 ? 0 : 1;
}
