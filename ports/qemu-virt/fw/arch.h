/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * AArch64 system-register and barrier helpers for the EL3 firmware.
 * Only the firmware's arch-specific files include this; the pure logic
 * (fdt.c, boundary.c, rxtx.c) stays host-testable without it.
 */
#ifndef FW_ARCH_H
#define FW_ARCH_H

#include <stdint.h>

#define fw_read_sysreg(r)                                                      \
	({                                                                     \
		uint64_t __v;                                                  \
		__asm__ volatile("mrs %0, " #r : "=r"(__v));                   \
		__v;                                                           \
	})

#define fw_write_sysreg(r, v)                                                  \
	__asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)) : "memory")

static inline void fw_isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void fw_dsb_sy(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}

static inline void fw_sev(void)
{
	__asm__ volatile("sev" ::: "memory");
}

static inline void fw_wfe(void)
{
	__asm__ volatile("wfe" ::: "memory");
}

/* Clean and invalidate one line to the point of coherency: a CPU that
 * still runs with its MMU off reads memory, not our cache. */
static inline void fw_dc_civac(const volatile void *p)
{
	__asm__ volatile("dc civac, %0" ::"r"(p) : "memory");
}

static inline uint32_t fw_this_cpu(void)
{
	return (uint32_t)fw_read_sysreg(tpidr_el3);
}

static inline uint32_t fw_mmio_read32(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void fw_mmio_write32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static inline uint64_t fw_mmio_read64(uintptr_t a)
{
	return *(volatile uint64_t *)a;
}

#endif /* FW_ARCH_H */
