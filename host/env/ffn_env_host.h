/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hosted environment for the core on Linux (tests, simulator, tools):
 * the default freestanding environment, with asserts that report and
 * abort, logging to stderr, and a spin loop that yields the CPU, because
 * the host may run more threads than it has cores.
 */
#ifndef FFN_ENV_HOST_H
#define FFN_ENV_HOST_H

void ffn_host_assert_fail(const char *cond, const char *file, int line);
void ffn_host_yield(void);

#define FFN_CPU_RELAX() ffn_host_yield()
#define FFN_ASSERT(cond)                                                       \
	do {                                                                   \
		if (!(cond))                                                   \
			ffn_host_assert_fail(#cond, __FILE__, __LINE__);       \
	} while (0)
#define FFN_LOG_HOOK ffn_host_log

#include "ffn/env_default.h"

/* Messages at or below this level are printed (default FFN_LOG_WARN). */
extern int ffn_host_log_level;

#endif /* FFN_ENV_HOST_H */
