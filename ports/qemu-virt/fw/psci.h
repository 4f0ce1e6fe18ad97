/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PSCI 1.1 as Linux uses it, and the secondary CPUs' pen.
 *
 * A CPU is OFF (parked in fw_pen, waiting for CPU_ON), ON_PENDING
 * (released, on its way to the normal world) or ON. CPU_OFF puts the
 * calling CPU back into the pen, from where CPU_ON can start it again.
 */
#ifndef FW_PSCI_H
#define FW_PSCI_H

#include <stdbool.h>

#include "ffn/abi.h"

/*
 * Before any secondary can call: @cpu_count CPUs, normal-world entry
 * points allowed in [@ns_base, @ns_end). CPU 0 is ON, the rest OFF.
 * @back(cpu) runs on a CPU that CPU_ON released, once its redistributor
 * is awake, right before it enters the normal world.
 */
void fw_psci_init(uint32_t cpu_count, uint64_t ns_base, uint64_t ns_end,
		  void (*back)(uint32_t cpu));

/* Whether @fid is a PSCI function ID (owner 4, 0x00..0x1F). */
bool fw_psci_owns(uint32_t fid);

/*
 * One PSCI call on @cpu (@r holds x0..x17). Return: the PSCI status or
 * value, for x0. CPU_OFF does not
 * return (the CPU parks); SYSTEM_OFF and SYSTEM_RESET end QEMU with
 * FW_EXIT_OFF and FW_EXIT_RESET.
 */
int32_t fw_psci_call(uint32_t cpu, const struct ffn_regs *r);

/* Park @cpu until CPU_ON names it, then enter the normal world. */
void fw_pen(uint32_t cpu) __attribute__((noreturn));

/* Mark @cpu ON and enter EL2 at @entry with x0 = @ctx. */
void fw_cpu_enter_ns(uint32_t cpu, uint64_t entry, uint64_t ctx)
	__attribute__((noreturn));

#endif /* FW_PSCI_H */
