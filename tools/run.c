// SPDX-License-Identifier: BSD-3-Clause
/*
 * ffa-notify run [SCENARIO] [options]: the concurrent simulation.
 * Builds the host platform (sim/), runs the workload, prints a table per
 * path and exits 1 if any notification was lost. Ctrl-C stops the senders,
 * drains, and still prints the table and writes the trace and the SVG.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"
#include "tool.h"

#define PROG "ffa-notify run"
#define EXIT_INTERRUPTED 130 /* 128 + SIGINT, as a shell reports it */

static void usage(FILE *f)
{
	fputs("usage: ffa-notify run [SCENARIO|-] [options]\n"
	      "\n"
	      "Runs a concurrent simulation: physical CPUs, VM and SP vCPUs "
	      "as\n"
	      "threads, the SPMC engine, the mediator and the endpoint "
	      "driver.\n"
	      "With no SCENARIO, runs the default one (4 CPUs, 4 VMs, 2 SPs,\n"
	      "every path and every CPU, one VM destroyed and re-created "
	      "half-way).\n"
	      "\n"
	      "options (a value as --opt VALUE or --opt=VALUE):\n"
	      "  -s, --seed N         random seed for the pacing jitter\n"
	      "  -n, --count N        notifications to send in all (1 to "
	      "1000000000)\n"
	      "  -d, --duration S     send for about S seconds (count = rate "
	      "* S)\n"
	      "  -r, --rate N         SETs per second in all (0 = unpaced, at "
	      "most 10000000)\n"
	      "  -q, --quiet          no header and no progress\n"
	      "  -t, --trace FILE     write a Chrome Trace Event JSON file\n"
	      "  -g, --svg FILE       write a sequence diagram of the first "
	      "deliveries\n"
	      "      --print-default  print the default scenario and exit\n"
	      "  -h, --help           this text\n"
	      "  -V, --version        the version\n"
	      "\n"
	      "Progress goes to stderr: a bar on a terminal, a 'progress:' "
	      "line\n"
	      "a second otherwise. The table's columns:\n",
	      f);
	fputs(run_columns_help, f);
	fputs("\n"
	      "Ctrl-C stops the senders, drains what is in flight, prints the\n"
	      "table marked \"interrupted\" and writes the trace and the "
	      "SVG.\n"
	      "\n"
	      "Exit status: 0 when nothing was lost; 1 when something was "
	      "lost\n"
	      "or leaked, or an output file could not be written; 2 for a "
	      "usage\n"
	      "error, an unreadable input or output, or a malformed scenario\n"
	      "(FILE:LINE: error: ...), with nothing run; 130 when "
	      "interrupted.\n"
	      "Scenario language: docs/scenarios.md.\n",
	      f);
}

struct opts {
	const char *file, *trace, *svg;
	bool quiet, have_count, have_seed, have_rate;
	uint64_t count, seed, rate;
	double duration;
};

static int bad_usage(void)
{
	fprintf(stderr, "Try 'ffa-notify run --help'.\n");
	return FFN_TOOL_EXIT_USAGE;
}

static int parse_duration(const char *v, double *out)
{
	char *end;
	double d = strtod(v, &end);

	if (end == v || *end != '\0' || !(d > 0) || d > 3600) {
		fprintf(stderr,
			PROG ": --duration: '%s' is not a number of seconds "
			     "above 0 and at most 3600\n",
			v);
		return -1;
	}
	*out = d;
	return 0;
}

/* Return: -1 to go on, else the exit status. */
static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{"seed", required_argument, NULL, 's'},
		{"count", required_argument, NULL, 'n'},
		{"duration", required_argument, NULL, 'd'},
		{"rate", required_argument, NULL, 'r'},
		{"quiet", no_argument, NULL, 'q'},
		{"trace", required_argument, NULL, 't'},
		{"svg", required_argument, NULL, 'g'},
		{"print-default", no_argument, NULL, 'P'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":s:n:d:r:qt:g:hV", lo, NULL)) !=
	       -1) {
		switch (c) {
		case 's':
			if (ffn_tool_u64(PROG, "--seed", optarg, 0, UINT64_MAX,
					 &o->seed))
				return bad_usage();
			o->have_seed = true;
			break;
		case 'n':
			if (ffn_tool_u64(PROG, "--count", optarg, 1,
					 1000000000ull, &o->count))
				return bad_usage();
			o->have_count = true;
			break;
		case 'r':
			if (ffn_tool_u64(PROG, "--rate", optarg, 0, 10000000,
					 &o->rate))
				return bad_usage();
			o->have_rate = true;
			break;
		case 'd':
			if (parse_duration(optarg, &o->duration))
				return bad_usage();
			break;
		case 'q':
			o->quiet = true;
			break;
		case 't':
			o->trace = optarg;
			break;
		case 'g':
			o->svg = optarg;
			break;
		case 'P':
			fputs(ffn_run_default_scenario, stdout);
			return fflush(stdout) == 0 ? 0 : 1;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			ffn_tool_version(stdout);
			return 0;
		case ':':
			for (const struct option *l = lo; l->name; l++)
				if (l->val == optopt)
					fprintf(stderr,
						PROG ": --%s needs a value\n",
						l->name);
			return bad_usage();
		default:
			fprintf(stderr, PROG ": unknown option '%s'\n",
				argv[optind - 1]);
			return bad_usage();
		}
	}
	if (optind < argc)
		o->file = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, PROG ": one scenario at most, got '%s' too\n",
			argv[optind]);
		return bad_usage();
	}
	return -1;
}

/* Apply the options over the scenario. Return: 0 or the exit status. */
static int apply_opts(const struct opts *o, struct run_scenario *sc)
{
	if (o->have_seed)
		sc->cfg.seed = o->seed;
	if (o->have_rate)
		sc->cfg.rate = (double)o->rate;
	if (o->duration > 0)
		sc->duration = o->duration;
	if (o->have_count) {
		sc->cfg.count = o->count;
		sc->duration = 0;
	}
	if (sc->duration > 0) {
		if (sc->cfg.rate <= 0) {
			fprintf(stderr,
				PROG ": --duration needs a non-zero rate\n");
			return FFN_TOOL_EXIT_USAGE;
		}
		sc->cfg.count = (uint64_t)(sc->cfg.rate * sc->duration);
		if (sc->cfg.count == 0)
			sc->cfg.count = 1;
	}
	return 0;
}

static struct ffn_sim *volatile running;

static void on_sigint(int sig)
{
	struct ffn_sim *s = running;

	(void)sig;
	if (s != NULL)
		ffn_sim_interrupt(s);
}

/* SIGINT stops the run once; SA_RESETHAND: a second Ctrl-C kills. */
static void catch_sigint(struct ffn_sim *sim)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sa.sa_flags = SA_RESETHAND | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	running = sim;
	sigaction(SIGINT, &sa, NULL);
}

static int load(const struct opts *o, struct run_scenario *sc)
{
	char err[512];
	char *text;
	int rc;

	text = o->file != NULL ? ffn_tool_read_text(PROG, o->file)
			       : strdup(ffn_run_default_scenario);
	if (text == NULL)
		return FFN_TOOL_EXIT_USAGE;
	rc = ffn_run_parse(o->file == NULL	       ? "<default>"
			   : strcmp(o->file, "-") == 0 ? "<stdin>"
						       : o->file,
			   text, sc, err, sizeof(err));
	free(text);
	if (rc != 0) {
		fprintf(stderr, "%s\n", err);
		return FFN_TOOL_EXIT_USAGE;
	}
	return apply_opts(o, sc);
}

int ffn_tool_run_main(int argc, char **argv)
{
	struct opts o = {0};
	struct run_progress prog = {.tty = isatty(STDERR_FILENO) != 0};
	struct run_scenario sc;
	struct ffn_sim_result res;
	struct ffn_sim *sim;
	FILE *trace_f = NULL, *svg_f = NULL;
	char err[512];
	uint64_t lost = 0;
	int rc, status;

	rc = parse_opts(argc, argv, &o);
	if (rc >= 0)
		return rc;
	rc = load(&o, &sc);
	if (rc != 0)
		return rc;
	prog.quiet = o.quiet;
	/* Outputs are opened first: a bad path costs no run. */
	if (o.trace != NULL &&
	    (trace_f = ffn_tool_open_output(PROG, o.trace)) == NULL)
		return FFN_TOOL_EXIT_USAGE;
	if (o.svg != NULL &&
	    (svg_f = ffn_tool_open_output(PROG, o.svg)) == NULL) {
		if (trace_f != NULL)
			fclose(trace_f);
		return FFN_TOOL_EXIT_USAGE;
	}
	sim = ffn_sim_new(&sc.cfg, err, sizeof(err));
	if (sim == NULL) {
		fprintf(stderr, PROG ": %s\n", err);
		return FFN_TOOL_EXIT_USAGE;
	}
	if (trace_f != NULL)
		ffn_sim_trace_enable(sim);
	catch_sigint(sim);
	if (ffn_sim_start(sim) != 0) {
		fprintf(stderr, PROG ": cannot start threads\n");
		return 1;
	}
	if (!o.quiet) {
		printf(PROG ": %s, %u CPUs%s, %u VMs/SPs, %u flows, %llu "
			    "notifications at %.0f/s, seed %llu\n",
		       o.file ? o.file : "default scenario", sc.cfg.cpus,
		       sc.cfg.hyp_off ? " (hypervisor off)" : "",
		       sc.cfg.dom_count, sc.cfg.flow_count,
		       (unsigned long long)sc.cfg.count, sc.cfg.rate,
		       (unsigned long long)sc.cfg.seed);
		fflush(stdout);
	}
	if (svg_f != NULL)
		(void)ffn_sim_capture(sim, 5);
	ffn_sim_run(sim, run_progress, &prog);
	run_progress_end(&prog);
	ffn_sim_stop(sim, &res);
	signal(SIGINT, SIG_DFL);
	running = NULL;
	run_print_table(&res, sc.cfg.count);
	for (unsigned p = 0; p < FFN_SIM_PATH_COUNT; p++)
		lost += res.row[p].lost;
	status = lost == 0 && res.leaked == 0 ? 0 : 1;
	if (trace_f != NULL &&
	    ffn_tool_close_output(PROG, o.trace, trace_f,
				  ffn_sim_write_trace(sim, trace_f)) != 0)
		status = 1;
	if (svg_f != NULL &&
	    ffn_tool_close_output(PROG, o.svg, svg_f,
				  ffn_sim_write_svg(sim, svg_f)) != 0)
		status = 1;
	ffn_sim_free(sim);
	if (fflush(stdout) != 0) {
		fprintf(stderr, PROG ": cannot write the table\n");
		status = 1;
	}
	return res.interrupted ? EXIT_INTERRUPTED : status;
}
