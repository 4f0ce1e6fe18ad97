// SPDX-License-Identifier: BSD-3-Clause
/* The hosted environment's out-of-line pieces (see ffn_env_host.h). */
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "ffn/env.h" /* FFN_ENV_HEADER is ffn_env_host.h */

int ffn_host_log_level = FFN_LOG_WARN;

void ffn_host_assert_fail(const char *cond, const char *file, int line)
{
	fprintf(stderr, "%s:%d: assertion failed: %s\n", file, line, cond);
	abort();
}

void ffn_host_yield(void)
{
	sched_yield();
}

void ffn_host_log(int level, const char *fmt, ...)
{
	static const char *const tag[] = {"",	    "error", "warn",
					  "notice", "info",  "verbose"};
	va_list ap;

	if (level > ffn_host_log_level)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "ffn %s: ", tag[level >= 1 && level <= 5 ? level : 0]);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
