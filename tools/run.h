/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `ffa-notify run`: scenario files (run_scenario.c), the progress display
 * and the table (run_report.c), and the command (run.c).
 */
#ifndef FFN_TOOL_RUN_H
#define FFN_TOOL_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "sim.h"

struct run_scenario {
	struct ffn_sim_config cfg;
	double duration; /* seconds; 0 = use cfg.count */
};

extern const char ffn_run_default_scenario[];

/*
 * Parse scenario @text (named @file in messages) into @sc.
 * Return: 0, or -1 with "FILE:LINE: error: ..." in @err.
 */
int ffn_run_parse(const char *file, const char *text, struct run_scenario *sc,
		  char *err, size_t errlen);

struct run_progress {
	bool tty;   /* stderr is a terminal: a bar redrawn in place */
	bool quiet; /* no progress at all */
	bool drawn; /* a bar is on screen: end it with a newline */
	double last;
};

/* An ffn_sim_progress_fn (@arg: struct run_progress); main thread. */
void run_progress(void *arg, uint64_t attempted, uint64_t total, uint64_t sent,
		  double secs);
/* End the bar's line, if one was drawn. */
void run_progress_end(struct run_progress *p);

/* One line per column that needs explaining (help text and table). */
extern const char run_columns_help[];

/* The table per path and the summary, on stdout; @count: SETs planned. */
void run_print_table(const struct ffn_sim_result *r, uint64_t count);

#endif /* FFN_TOOL_RUN_H */
