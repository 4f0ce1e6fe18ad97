/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The core's environment (ffn/env.h) inside the Xen hypervisor: Xen's
 * types, string functions, spinlocks, BUG and printk. Selected with
 * -DFFN_ENV_HEADER='"ffn_xen_env.h"' for every file of ours that Xen
 * compiles (ports/xen/patch-xen.sh writes the Makefile that says so).
 *
 * Atomics: Xen's atomic_t offers no fetch-or/fetch-and and no 64-bit
 * type on every arch, so the core's atomics are the compiler's __atomic
 * builtins on plain integers, sequentially consistent as the core
 * requires. Xen builds arm64 with -mno-outline-atomics, so they become
 * inline exclusives (or LSE) and need nothing from libgcc.
 *
 * Locks: the core's spinlocks are Xen's spinlock_t. The core takes them
 * only in guest-trap, tasklet and domain-management context; its
 * interrupt entry point takes none, so no lock is ever wanted by an
 * interrupt handler that interrupted its holder.
 */
#ifndef FFN_XEN_ENV_H
#define FFN_XEN_ENV_H

#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/types.h>

typedef uint32_t ffn_atomic32_t;

#define FFN_XEN_SC __ATOMIC_SEQ_CST

static inline uint32_t ffn_atomic32_load(ffn_atomic32_t *a)
{
	return __atomic_load_n(a, FFN_XEN_SC);
}

static inline void ffn_atomic32_store(ffn_atomic32_t *a, uint32_t v)
{
	__atomic_store_n(a, v, FFN_XEN_SC);
}

static inline uint32_t ffn_atomic32_xchg(ffn_atomic32_t *a, uint32_t v)
{
	return __atomic_exchange_n(a, v, FFN_XEN_SC);
}

static inline uint32_t ffn_atomic32_add(ffn_atomic32_t *a, uint32_t v)
{
	return __atomic_fetch_add(a, v, FFN_XEN_SC);
}

static inline uint32_t ffn_atomic32_sub(ffn_atomic32_t *a, uint32_t v)
{
	return __atomic_fetch_sub(a, v, FFN_XEN_SC);
}

static inline uint32_t ffn_atomic32_or(ffn_atomic32_t *a, uint32_t v)
{
	return __atomic_fetch_or(a, v, FFN_XEN_SC);
}

static inline uint32_t ffn_atomic32_and(ffn_atomic32_t *a, uint32_t v)
{
	return __atomic_fetch_and(a, v, FFN_XEN_SC);
}

static inline bool ffn_atomic32_cas(ffn_atomic32_t *a, uint32_t *expected,
				    uint32_t desired)
{
	return __atomic_compare_exchange_n(a, expected, desired, false,
					   FFN_XEN_SC, FFN_XEN_SC);
}

#define FFN_CPU_RELAX() cpu_relax()

typedef spinlock_t ffn_spinlock_t;

static inline void ffn_spin_init(ffn_spinlock_t *l)
{
	spin_lock_init(l);
}

static inline void ffn_spin_lock(ffn_spinlock_t *l)
{
	spin_lock(l);
}

static inline void ffn_spin_unlock(ffn_spinlock_t *l)
{
	spin_unlock(l);
}

/* Integrator bugs only (the core never asserts on guest input). */
#define FFN_ASSERT(cond) BUG_ON(!(cond))

enum ffn_log_level {
	FFN_LOG_ERROR = 1,
	FFN_LOG_WARN = 2,
	FFN_LOG_NOTICE = 3,
	FFN_LOG_INFO = 4,
	FFN_LOG_VERBOSE = 5,
};

/* Guest-triggerable paths log once at most, so no rate limit is needed. */
#define FFN_LOG(level, fmt, ...)                                               \
	printk("%sffa-notify: " fmt "\n",                                      \
	       (level) <= FFN_LOG_WARN ? XENLOG_WARNING : XENLOG_INFO,         \
	       ##__VA_ARGS__)

#endif /* FFN_XEN_ENV_H */
