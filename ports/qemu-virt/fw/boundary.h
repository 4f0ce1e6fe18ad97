/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The SMC boundary: how a caller's saved registers become the engine's
 * struct ffn_regs and how a result goes back.
 *
 * In: x0..x17 (SMCCC v1.2 lets a caller pass arguments in all of them).
 * Out, FF-A calls: x0..x7 only. The engine may write all 18 registers
 * of its result, but none of the FF-A calls this firmware answers
 * defines results above x7, and a caller (a hypervisor especially) keeps
 * live values in x8..x17 across an SMC: copying more back corrupts it.
 * Out, SMCCC and PSCI calls: x0 only; SMCCC v1.1 and later callers keep
 * x4..x17 live, and these calls have no result beyond x0.
 * x18..x30 are never touched.
 * FFA_ERROR's code in x2 is sign-extended to 64 bits: a 64-bit caller
 * comparing the whole register with a negative code (Linux 6.12 after
 * INFO_GET_64) then matches, and a 32-bit caller reads the same w2.
 */
#ifndef FW_BOUNDARY_H
#define FW_BOUNDARY_H

#include "ffn/abi.h"

#define FW_BOUNDARY_OUT 8u /* registers an FF-A result copies back */

/* @saved: the caller's x0..x30 as the exception entry stored them. */
void fw_regs_in(struct ffn_regs *r, const uint64_t *saved);
void fw_regs_out(uint64_t *saved, const struct ffn_regs *r);
/* An SMCCC or PSCI result: x0 = @v sign-extended, nothing else. */
void fw_regs_out_smccc(uint64_t *saved, int32_t v);

#endif /* FW_BOUNDARY_H */
