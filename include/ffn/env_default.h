/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Default, freestanding environment for the core (see ffn/env.h).
 *
 * Provides:
 *   - <stdint.h>, <stdbool.h>, <stddef.h> types; memcpy and memset;
 *   - ffn_atomic32_t / ffn_atomic64_t and the ffn_atomic_* helpers
 *     (sequentially consistent unless the name says otherwise);
 *   - ffn_spinlock_t with ffn_spin_init/lock/unlock;
 *   - FFN_ASSERT(cond): integrator bugs only, never guest input;
 *   - FFN_LOG(level, fmt, ...): compiled out unless FFN_LOG_HOOK is set.
 */
#ifndef FFN_ENV_DEFAULT_H
#define FFN_ENV_DEFAULT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

typedef _Atomic uint32_t ffn_atomic32_t;
typedef _Atomic uint64_t ffn_atomic64_t;

static inline uint32_t ffn_atomic32_load(ffn_atomic32_t *a)
{
	return atomic_load(a);
}

static inline void ffn_atomic32_store(ffn_atomic32_t *a, uint32_t v)
{
	atomic_store(a, v);
}

static inline uint32_t ffn_atomic32_xchg(ffn_atomic32_t *a, uint32_t v)
{
	return atomic_exchange(a, v);
}

static inline uint32_t ffn_atomic32_add(ffn_atomic32_t *a, uint32_t v)
{
	return atomic_fetch_add(a, v);
}

static inline uint32_t ffn_atomic32_sub(ffn_atomic32_t *a, uint32_t v)
{
	return atomic_fetch_sub(a, v);
}

static inline uint32_t ffn_atomic32_or(ffn_atomic32_t *a, uint32_t v)
{
	return atomic_fetch_or(a, v);
}

static inline uint32_t ffn_atomic32_and(ffn_atomic32_t *a, uint32_t v)
{
	return atomic_fetch_and(a, v);
}

static inline bool ffn_atomic32_cas(ffn_atomic32_t *a, uint32_t *expected,
				    uint32_t desired)
{
	return atomic_compare_exchange_strong(a, expected, desired);
}

static inline uint64_t ffn_atomic64_load(ffn_atomic64_t *a)
{
	return atomic_load(a);
}

static inline void ffn_atomic64_store(ffn_atomic64_t *a, uint64_t v)
{
	atomic_store(a, v);
}

static inline uint64_t ffn_atomic64_or(ffn_atomic64_t *a, uint64_t v)
{
	return atomic_fetch_or(a, v);
}

static inline uint64_t ffn_atomic64_xchg(ffn_atomic64_t *a, uint64_t v)
{
	return atomic_exchange(a, v);
}

static inline uint64_t ffn_atomic64_add(ffn_atomic64_t *a, uint64_t v)
{
	return atomic_fetch_add(a, v);
}

#ifndef FFN_CPU_RELAX
#if defined(__aarch64__)
#define FFN_CPU_RELAX() __asm__ volatile("yield" ::: "memory")
#elif defined(__x86_64__) || defined(__i386__)
#define FFN_CPU_RELAX() __builtin_ia32_pause()
#else
#define FFN_CPU_RELAX() ((void)0)
#endif
#endif

typedef struct {
	atomic_flag held;
} ffn_spinlock_t;

static inline void ffn_spin_init(ffn_spinlock_t *l)
{
	atomic_flag_clear(&l->held);
}

static inline void ffn_spin_lock(ffn_spinlock_t *l)
{
	while (atomic_flag_test_and_set_explicit(&l->held,
						 memory_order_acquire))
		FFN_CPU_RELAX();
}

static inline void ffn_spin_unlock(ffn_spinlock_t *l)
{
	atomic_flag_clear_explicit(&l->held, memory_order_release);
}

#ifndef FFN_ASSERT
#define FFN_ASSERT(cond)                                                       \
	do {                                                                   \
		if (!(cond))                                                   \
			__builtin_trap();                                      \
	} while (0)
#endif

enum ffn_log_level {
	FFN_LOG_ERROR = 1,
	FFN_LOG_WARN = 2,
	FFN_LOG_NOTICE = 3,
	FFN_LOG_INFO = 4,
	FFN_LOG_VERBOSE = 5,
};

#ifdef FFN_LOG_HOOK
/* The integrator's printf-like sink. */
void FFN_LOG_HOOK(int level, const char *fmt, ...);
#define FFN_LOG(level, ...) FFN_LOG_HOOK(level, __VA_ARGS__)
#else
#define FFN_LOG(level, ...) ((void)0)
#endif

#endif /* FFN_ENV_DEFAULT_H */
