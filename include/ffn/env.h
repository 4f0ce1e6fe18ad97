/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The environment contract of the core: what src/ needs from the
 * platform, and nothing more. docs/env.md has the long form and an
 * example for a kernel without <stdatomic.h>.
 *
 * Two tiers:
 *  1. Replace it all: compile with -DFFN_ENV_HEADER='"my_env.h"'. That
 *     header provides every name below (it may include ffn/env_default.h
 *     itself, as tier 2 does).
 *  2. Keep the default (ffn/env_default.h, freestanding C11 atomics) and
 *     override single hooks: define FFN_ASSERT, FFN_LOG_HOOK,
 *     FFN_CPU_RELAX, FFN_CTZ64 or FFN_CTZ32 in an FFN_ENV_HEADER that then
 *     includes ffn/env_default.h (host/env/ffn_env_host.h does this).
 *
 * The names:
 *  - uint*_t, bool, size_t; memcpy and memset (the only libc calls).
 *  - ffn_atomic32_t with ffn_atomic32_load, _store, _xchg, _add, _sub,
 *    _or, _and (each returning the old value where it returns one) and
 *    ffn_atomic32_cas (compare-and-swap, the old value back in *expected):
 *    sequentially consistent, because the core's lock-free flags pair a
 *    store on one side with a load on the other.
 *  - Optional: ffn_stat_t with ffn_stat_add(s, uint32_t),
 *    ffn_stat_read(s) -> uint64_t, ffn_stat_clear(s), announced by
 *    defining FFN_ENV_STAT: statistics only, relaxed ordering is enough.
 *    Without it, this header builds them on the 32-bit atomics (they wrap
 *    at 2^32), so no target needs 64-bit atomics.
 *  - ffn_spinlock_t with ffn_spin_init, ffn_spin_lock, ffn_spin_unlock.
 *  - FFN_ASSERT(cond): integrator bugs only, never guest input.
 *  - FFN_LOG(level, fmt, ...), level one of FFN_LOG_* (defined here
 *    unless the environment names them).
 *  - FFN_CTZ64(x), FFN_CTZ32(x): index of the lowest set bit of a
 *    non-zero value (defaults: the compiler's builtins, defined here when
 *    the environment does not).
 *
 * Lock contexts: every lock of the core is a spinlock held for a bounded,
 * short time, never across an op, a callback or an SMC.
 *  - SPMC (vm_lock, endpoint locks, info_lock) and mediator (vm->lock,
 *    sp_lock, reg_lock, policy_lock): taken only in the context of their
 *    entry points, never in hard-interrupt context (ffn_mediator_sri_irq
 *    takes none). A plain spinlock is enough.
 *  - Endpoint driver (ep->lock, a leaf): taken in thread context
 *    (ffn_ep_request, ffn_ep_relinquish) AND in the interrupt context of
 *    ffn_ep_npi and ffn_ep_sri. If those handlers run in hard-interrupt
 *    context, ffn_spin_lock must mask local interrupts while the lock is
 *    held (save the state in the lock, restore it in ffn_spin_unlock),
 *    or an NPI taken on the CPU that holds it deadlocks.
 */
#ifndef FFN_ENV_H
#define FFN_ENV_H

#ifdef FFN_ENV_HEADER
#include FFN_ENV_HEADER
#else
#include "ffn/env_default.h"
#endif

/*
 * The levels of FFN_LOG, the same for every environment (one that names
 * them itself, in an enum of the same values, keeps working).
 */
#ifndef FFN_LOG_ERROR
#define FFN_LOG_ERROR 1
#define FFN_LOG_WARN 2
#define FFN_LOG_NOTICE 3
#define FFN_LOG_INFO 4
#define FFN_LOG_VERBOSE 5
#endif

/*
 * Statistics counters from the 32-bit atomics, for an environment that
 * does not define FFN_ENV_STAT with its own ffn_stat_t: they wrap at 2^32.
 */
#ifndef FFN_ENV_STAT
typedef ffn_atomic32_t ffn_stat_t;

static inline void ffn_stat_add(ffn_stat_t *s, uint32_t n)
{
	(void)ffn_atomic32_add(s, n);
}

static inline uint64_t ffn_stat_read(ffn_stat_t *s)
{
	return ffn_atomic32_load(s);
}

static inline void ffn_stat_clear(ffn_stat_t *s)
{
	ffn_atomic32_store(s, 0);
}
#endif

#ifndef FFN_STATIC_ASSERT
#define FFN_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

/* Index of the lowest set bit of a non-zero value. */
#ifndef FFN_CTZ64
#define FFN_CTZ64(x) ((unsigned)__builtin_ctzll(x))
#endif
#ifndef FFN_CTZ32
#define FFN_CTZ32(x) ((unsigned)__builtin_ctz(x))
#endif

#endif /* FFN_ENV_H */
