/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The engine's environment in the EL3 firmware (see include/ffn/env.h):
 * the default freestanding one, except that a failed assertion (an
 * integrator bug, never guest input) prints where and ends QEMU with a
 * non-zero status instead of trapping silently.
 */
#ifndef FW_ENV_H
#define FW_ENV_H

void fw_assert_fail(const char *file, int line) __attribute__((noreturn));

#define FFN_ASSERT(cond)                                                       \
	do {                                                                   \
		if (!(cond))                                                   \
			fw_assert_fail(__FILE__, __LINE__);                    \
	} while (0)

#include "ffn/env_default.h"

#endif /* FW_ENV_H */
