/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A kernel-style environment for the core (docs/env.md, tier 1): no
 * <stdatomic.h>, the compiler's __atomic builtins instead, a spinlock that
 * masks local interrupts (so the endpoint driver's lock may be taken from
 * its NPI handler), the kernel's own panic and printk.
 *
 * The kern_* functions stand for the kernel's (Linux: local_irq_save,
 * panic, printk). scripts/check-freestanding compiles the whole core with
 * this header to keep it honest.
 */
#ifndef KERNEL_ENV_H
#define KERNEL_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

unsigned long kern_irq_save(void);
void kern_irq_restore(unsigned long flags);
void kern_cpu_relax(void);
void kern_panic(const char *file, int line) __attribute__((noreturn));
void kern_printk(int level, const char *fmt, ...);

/* 32-bit atomics: sequentially consistent, as the contract asks. */
typedef uint32_t ffn_atomic32_t;
#define KERN_SC __ATOMIC_SEQ_CST
static inline uint32_t ffn_atomic32_load(ffn_atomic32_t *a)
{
	return __atomic_load_n(a, KERN_SC);
}
static inline void ffn_atomic32_store(ffn_atomic32_t *a, uint32_t v)
{
	__atomic_store_n(a, v, KERN_SC);
}
static inline uint32_t ffn_atomic32_xchg(ffn_atomic32_t *a, uint32_t v)
{
	return __atomic_exchange_n(a, v, KERN_SC);
}
static inline uint32_t ffn_atomic32_add(ffn_atomic32_t *a, uint32_t v)
{
	return __atomic_fetch_add(a, v, KERN_SC);
}
static inline uint32_t ffn_atomic32_sub(ffn_atomic32_t *a, uint32_t v)
{
	return __atomic_fetch_sub(a, v, KERN_SC);
}
static inline uint32_t ffn_atomic32_or(ffn_atomic32_t *a, uint32_t v)
{
	return __atomic_fetch_or(a, v, KERN_SC);
}
static inline uint32_t ffn_atomic32_and(ffn_atomic32_t *a, uint32_t v)
{
	return __atomic_fetch_and(a, v, KERN_SC);
}
static inline bool ffn_atomic32_cas(ffn_atomic32_t *a, uint32_t *expected,
				    uint32_t desired)
{
	return __atomic_compare_exchange_n(a, expected, desired, false, KERN_SC,
					   KERN_SC);
}

/* No FFN_ENV_STAT: ffn/env.h builds the statistics on the 32-bit atomics. */

/*
 * The lock masks local interrupts and keeps the saved state in itself:
 * only the holder writes it, after taking the lock, and reads it before
 * releasing it.
 */
typedef struct {
	uint32_t held;
	unsigned long flags;
} ffn_spinlock_t;
static inline void ffn_spin_init(ffn_spinlock_t *l)
{
	l->held = 0;
}
static inline void ffn_spin_lock(ffn_spinlock_t *l)
{
	unsigned long flags = kern_irq_save();

	while (__atomic_exchange_n(&l->held, 1u, __ATOMIC_ACQUIRE))
		kern_cpu_relax();
	l->flags = flags;
}
static inline void ffn_spin_unlock(ffn_spinlock_t *l)
{
	unsigned long flags = l->flags;

	__atomic_store_n(&l->held, 0u, __ATOMIC_RELEASE);
	kern_irq_restore(flags);
}

#define FFN_ASSERT(cond)                                                       \
	do {                                                                   \
		if (!(cond))                                                   \
			kern_panic(__FILE__, __LINE__);                        \
	} while (0)

#define FFN_LOG(level, ...) kern_printk(level, __VA_ARGS__)

/* FFN_CTZ64 / FFN_CTZ32 and the FFN_LOG_* levels: from ffn/env.h. */

#endif /* KERNEL_ENV_H */
