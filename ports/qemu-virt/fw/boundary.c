// SPDX-License-Identifier: BSD-3-Clause
/* The SMC register boundary (boundary.h). */
#include "boundary.h"

void fw_regs_in(struct ffn_regs *r, const uint64_t *saved)
{
	for (unsigned i = 0; i < FFN_REG_COUNT; i++)
		r->x[i] = saved[i];
}

void fw_regs_out(uint64_t *saved, const struct ffn_regs *r)
{
	for (unsigned i = 0; i < FW_BOUNDARY_OUT; i++)
		saved[i] = r->x[i];
	if ((uint32_t)r->x[0] == FFN_FID_ERROR)
		saved[2] = (uint64_t)(int64_t)(int32_t)(uint32_t)r->x[2];
}

void fw_regs_out_smccc(uint64_t *saved, int32_t v)
{
	saved[0] = (uint64_t)(int64_t)v;
}
