/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Default, freestanding environment for the core (see ffn/env.h).
 *
 * Provides everything ffn/env.h lists, from <stdatomic.h>. Single hooks
 * (FFN_ASSERT, FFN_LOG_HOOK, FFN_CPU_RELAX, FFN_CTZ64, FFN_CTZ32) may be
 * defined before this header is included; the rest comes as a whole.
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

/*
 * Statistics counters: bumped on hot paths, read rarely, never used to
 * decide anything. 64-bit where 64-bit atomics are lock-free; elsewhere
 * (for example Armv7-M) 32-bit counters that wrap at 2^32, so that no
 * target needs 64-bit atomics or libatomic.
 */
#define FFN_ENV_STAT 1
#if defined(ATOMIC_LLONG_LOCK_FREE) && ATOMIC_LLONG_LOCK_FREE == 2
typedef _Atomic uint64_t ffn_stat_t;
#else
typedef _Atomic uint32_t ffn_stat_t;
#endif

static inline void ffn_stat_add(ffn_stat_t *s, uint32_t n)
{
	atomic_fetch_add_explicit(s, n, memory_order_relaxed);
}

static inline uint64_t ffn_stat_read(ffn_stat_t *s)
{
	return atomic_load_explicit(s, memory_order_relaxed);
}

static inline void ffn_stat_clear(ffn_stat_t *s)
{
	atomic_store_explicit(s, 0, memory_order_relaxed);
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

#ifdef FFN_LOG_HOOK
/* The integrator's printf-like sink. */
void FFN_LOG_HOOK(int level, const char *fmt, ...);
#define FFN_LOG(level, ...) FFN_LOG_HOOK(level, __VA_ARGS__)
#else
#define FFN_LOG(level, ...) ((void)0)
#endif

#endif /* FFN_ENV_DEFAULT_H */
