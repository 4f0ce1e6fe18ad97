/* SPDX-License-Identifier: BSD-3-Clause */
/* `ffa-notify run`: scenario files (run_scenario.c) and the command. */
#ifndef FFN_TOOL_RUN_H
#define FFN_TOOL_RUN_H

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

#endif /* FFN_TOOL_RUN_H */
