// SPDX-License-Identifier: BSD-3-Clause
/*
 * GICv3 secure set-up, done at EL3 because the non-secure view cannot:
 * affinity routing and group enables in GICD_CTLR, group and group
 * modifier registers, redistributor wake-up, and ICC_SRE at EL3 and EL2.
 * Linux's GIC driver does the rest from the non-secure side.
 */
#include "arch.h"
#include "hw.h"
#include "platform.h"

#define GICD_CTLR 0x0000u
#define GICD_TYPER 0x0004u
#define GICD_IGROUPR(n) (0x0080u + 4u * (n))
#define GICD_IGRPMODR(n) (0x0d00u + 4u * (n))
#define GICD_CTLR_EN_GRP0 (1u << 0)
#define GICD_CTLR_EN_GRP1NS (1u << 1)
#define GICD_CTLR_EN_GRP1S (1u << 2)
#define GICD_CTLR_ARE_S (1u << 4)
#define GICD_CTLR_ARE_NS (1u << 5)
#define GICD_CTLR_RWP (1u << 31)

#define GICR_TYPER 0x0008u
#define GICR_TYPER_LAST (1ull << 4)
#define GICR_WAKER 0x0014u
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_SGI 0x10000u
#define GICR_IGROUPR0 (GICR_SGI + 0x0080u)
#define GICR_IGRPMODR0 (GICR_SGI + 0x0d00u)

#define ICC_SRE_EL3_VAL 0xfu /* SRE, DFB, DIB, Enable */
#define ICC_SRE_EL2_VAL 0x9u /* SRE, Enable (EL1 may use it) */

static void dist_wait(void)
{
	while (fw_mmio_read32(FW_GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

void fw_gic_dist_init(void)
{
	uint32_t lines = fw_mmio_read32(FW_GICD_BASE + GICD_TYPER) & 0x1fu;

	fw_mmio_write32(FW_GICD_BASE + GICD_CTLR, 0);
	dist_wait();
	fw_mmio_write32(FW_GICD_BASE + GICD_CTLR,
			GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS);
	dist_wait();
	/* Register 0 (SGIs, PPIs) is banked in the redistributors. */
	for (uint32_t n = 1; n <= lines; n++) {
		fw_mmio_write32(FW_GICD_BASE + GICD_IGROUPR(n), ~0u);
		fw_mmio_write32(FW_GICD_BASE + GICD_IGRPMODR(n), 0);
	}
	fw_mmio_write32(FW_GICD_BASE + GICD_CTLR,
			GICD_CTLR_ARE_S | GICD_CTLR_ARE_NS | GICD_CTLR_EN_GRP0 |
				GICD_CTLR_EN_GRP1NS | GICD_CTLR_EN_GRP1S);
	dist_wait();
}

static uintptr_t redist(uint32_t cpu)
{
	return FW_GICR_BASE + (uintptr_t)cpu * FW_GICR_STRIDE;
}

uint32_t fw_gic_count_cpus(uint32_t max)
{
	uint32_t n = 0;

	while (n < max) {
		uint64_t typer = fw_mmio_read64(redist(n) + GICR_TYPER);
		n++;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return n;
}

void fw_gic_redist_init(uint32_t cpu)
{
	uintptr_t rd = redist(cpu);

	fw_mmio_write32(rd + GICR_WAKER,
			fw_mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	while (fw_mmio_read32(rd + GICR_WAKER) & GICR_WAKER_ASLEEP)
		;
	fw_mmio_write32(rd + GICR_IGROUPR0, ~0u);
	fw_mmio_write32(rd + GICR_IGRPMODR0, 0);
}

void fw_gic_cpu_init(void)
{
	fw_write_sysreg(S3_6_C12_C12_5, ICC_SRE_EL3_VAL); /* ICC_SRE_EL3 */
	fw_isb();
	fw_write_sysreg(S3_4_C12_C9_5, ICC_SRE_EL2_VAL); /* ICC_SRE_EL2 */
	fw_isb();
}

void fw_gic_raise_ns_sgi(uint32_t cpu, uint32_t intid)
{
	/* QEMU virt: Aff0 = CPU % 16 (a GICv3 cluster is 16), Aff1 above. */
	uint64_t v = ((uint64_t)intid << 24) | ((uint64_t)(cpu / 16u) << 16) |
		     (1ull << (cpu % 16u));

	/* What the receiver will read must be visible before it is told. */
	__asm__ volatile("dsb ish" ::: "memory");
	/* ICC_ASGI1R_EL1: at EL3 (Secure), group 1 of the other state. */
	fw_write_sysreg(S3_0_C12_C11_6, v);
	fw_isb();
}
