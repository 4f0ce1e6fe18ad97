/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The hardware the firmware drives: the GICv3 (gic.c), the EL3 MMU
 * (mmu.c), the EL3 control registers and the exception-level exits
 * (start.S). Context: the calling CPU, at EL3.
 */
#ifndef FW_HW_H
#define FW_HW_H

#include <stdint.h>

/* GICD: affinity routing for both states, every SPI non-secure
 * group 1, all three groups enabled. Once, on the boot CPU. */
void fw_gic_dist_init(void);
/* Redistributors QEMU has (GICR_TYPER.Last), at most @max. */
uint32_t fw_gic_count_cpus(uint32_t max);
/* Wake @cpu's redistributor; its SGIs and PPIs non-secure group 1. */
void fw_gic_redist_init(uint32_t cpu);
/* ICC_SRE_EL3/EL2 for this CPU: system-register interface for EL2/EL1. */
void fw_gic_cpu_init(void);
/* Pend non-secure group 1 SGI @intid on @cpu (ICC_ASGI1R_EL1). */
void fw_gic_raise_ns_sgi(uint32_t cpu, uint32_t intid);

/* Build the identity map once (boot CPU, MMU off): firmware RAM as
 * secure Normal WB, GIC and UART as Device-nGnRE, [@ns_base, @ns_end)
 * as non-secure Normal WB, execute-never. */
void fw_mmu_build(uint64_t ns_base, uint64_t ns_end);
/* Turn this CPU's EL3 MMU and caches on with that map. */
void fw_mmu_enable(void);

/* SCR_EL3, CPTR_EL3, ZCR_EL3/SMCR_EL3 for this CPU (docs/qemu.md). */
void fw_el3_regs_init(void);

/* start.S: enter EL2h at @entry with x0 = @arg, every other general
 * register zero, MMU and caches off at EL2. Never returns. */
void fw_enter_el2(uint64_t entry, uint64_t arg) __attribute__((noreturn));
/* start.S: drop the current stack and go back to fw_pen(). */
void fw_pen_reenter(uint32_t cpu) __attribute__((noreturn));

/* Image layout, from the linker script. */
extern char __fw_start[], __fw_end[];

#endif /* FW_HW_H */
