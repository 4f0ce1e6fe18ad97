/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The environment contract of the core: types, atomics, a spinlock,
 * assertions and logging. An integrator replaces all of it at once by
 * compiling with -DFFN_ENV_HEADER='"my_env.h"'; that header must provide
 * every name that ffn/env_default.h provides. The default is freestanding
 * C11 and needs nothing from libc but memcpy and memset.
 */
#ifndef FFN_ENV_H
#define FFN_ENV_H

#ifdef FFN_ENV_HEADER
#include FFN_ENV_HEADER
#else
#include "ffn/env_default.h"
#endif

#ifndef FFN_STATIC_ASSERT
#define FFN_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

#endif /* FFN_ENV_H */
