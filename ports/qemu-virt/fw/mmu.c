// SPDX-License-Identifier: BSD-3-Clause
/*
 * The EL3 identity map: 4 KiB granule, 32-bit VA (T0SZ = 32), so the walk
 * starts at level 1 with four 1 GiB entries. Entry 0 points at a level-2
 * table of 2 MiB blocks for the devices and the secure RAM; entries 1-3
 * are 1 GiB blocks of non-secure DRAM (NS bit set: EL3 reads and writes
 * the normal world's RX/TX buffers through them). Flash is left unmapped
 * once the image runs from secure RAM.
 */
#include "arch.h"
#include "hw.h"
#include "platform.h"

#define GIB (1ull << 30)
#define MIB2 (1ull << 21)

#define PTE_BLOCK 0x1ull
#define PTE_TABLE 0x3ull
#define PTE_ATTR(i) ((uint64_t)(i) << 2)
#define PTE_NS (1ull << 5)
#define PTE_SH_INNER (3ull << 8)
#define PTE_AF (1ull << 10)
#define PTE_XN (1ull << 54)

/* MAIR_EL3: index 0 Device-nGnRE, index 1 Normal WB RA/WA. */
#define ATTR_DEVICE 0u
#define ATTR_NORMAL 1u
#define MAIR_VAL 0xff04ull

#define DEVICE_BLOCK (PTE_BLOCK | PTE_ATTR(ATTR_DEVICE) | PTE_AF | PTE_XN)
#define NORMAL_BLOCK (PTE_BLOCK | PTE_ATTR(ATTR_NORMAL) | PTE_SH_INNER | PTE_AF)

/* TCR_EL3: T0SZ 32, WB walks, inner shareable, 4 KiB, PS 32 bits. */
#define TCR_VAL                                                                \
	((1ull << 31) | (1ull << 23) | (3ull << 12) | (1ull << 10) |           \
	 (1ull << 8) | 32ull)

#define SCTLR_EL3_RES1 0x30c50830ull
#define SCTLR_M (1ull << 0)
#define SCTLR_C (1ull << 2)
#define SCTLR_SA (1ull << 3)
#define SCTLR_I (1ull << 12)

static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l2[512] __attribute__((aligned(4096)));

static void map_2m(uint64_t base, uint64_t end, uint64_t attrs)
{
	for (uint64_t a = base & ~(MIB2 - 1); a < end; a += MIB2)
		l2[a / MIB2] = a | attrs;
}

void fw_mmu_build(uint64_t ns_base, uint64_t ns_end)
{
	l1[0] = (uint64_t)(uintptr_t)l2 | PTE_TABLE;
	map_2m(FW_GICD_BASE, FW_GIC_REGION_END, DEVICE_BLOCK);
	map_2m(FW_UART_BASE, FW_UART_BASE + MIB2, DEVICE_BLOCK);
	map_2m(FW_SRAM_BASE, FW_SRAM_BASE + FW_SRAM_SIZE, NORMAL_BLOCK);
	/* DRAM in whole GiB, within the 4 GiB the map covers. */
	for (uint64_t g = ns_base / GIB; g < 4 && g * GIB < ns_end; g++)
		if (g > 0)
			l1[g] = (g * GIB) | NORMAL_BLOCK | PTE_NS | PTE_XN;
}

void fw_mmu_enable(void)
{
	fw_write_sysreg(mair_el3, MAIR_VAL);
	fw_write_sysreg(tcr_el3, TCR_VAL);
	fw_write_sysreg(ttbr0_el3, (uint64_t)(uintptr_t)l1);
	fw_dsb_sy();
	__asm__ volatile("tlbi alle3" ::: "memory");
	fw_dsb_sy();
	fw_isb();
	fw_write_sysreg(sctlr_el3, SCTLR_EL3_RES1 | SCTLR_M | SCTLR_C |
					   SCTLR_SA | SCTLR_I);
	fw_isb();
}
