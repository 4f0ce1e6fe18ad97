// SPDX-License-Identifier: BSD-3-Clause
/*
 * The calls the benchmarks make: the measured wrappers, whose names
 * bench/instr.sh reads (callgrind reports each one's inclusive cost under
 * its own name), and the unmeasured helpers that set up and undo state.
 * Shared by the per-call phases (calls.c) and the SRI drain (drain.c).
 */
#include "bench.h"

/* --- Measured wrappers (names read by bench/instr.sh) -------------------- */

__attribute__((noinline)) void bm_measured_ns(struct bw *w, uint32_t cpu,
					      struct ffn_regs *r)
{
	ffn_spmc_call_ns(&w->spmc, cpu, r);
}

__attribute__((noinline)) void bm_measured_sp(struct bw *w, ffn_id_t sp,
					      uint16_t vcpu, struct ffn_regs *r)
{
	ffn_spmc_call_sp(&w->spmc, sp, vcpu, vcpu % BW_CPUS, r);
}

__attribute__((noinline)) void
bm_measured_med(struct bw *w, struct ffn_med_vm *vm, struct ffn_regs *r)
{
	w->in_measured = 1;
	ffn_mediator_call(&w->med, vm, 0, 0, r);
	w->in_measured = 0;
}

__attribute__((noinline)) void bm_measured_work(struct bw *w, uint32_t cpu)
{
	w->in_measured = 1;
	ffn_mediator_sri_work(&w->med, cpu);
	w->in_measured = 0;
}

/* --- Unmeasured helpers -------------------------------------------------- */

void bw_ns_call(struct bw *w, uint32_t fid, uint64_t w1, uint64_t w2,
		uint64_t bits, int32_t ok_err, const char *what)
{
	struct ffn_regs r;

	bw_regs(&r, fid, w1, w2, (uint32_t)bits, bits >> 32);
	ffn_spmc_call_ns(&w->spmc, 0, &r);
	bw_expect(&r, ok_err, what);
}

void bw_sp_call(struct bw *w, ffn_id_t sp, uint32_t fid, uint64_t w1,
		uint64_t w2, uint64_t bits, const char *what)
{
	struct ffn_regs r;

	bw_regs(&r, fid, w1, w2, (uint32_t)bits, bits >> 32);
	ffn_spmc_call_sp(&w->spmc, sp, 0, 0, &r);
	bw_expect(&r, FFN_OK, what);
}

void bw_med_call(struct bw *w, ffn_id_t vm, uint32_t fid, uint64_t w1,
		 uint64_t w2, uint64_t bits, const char *what)
{
	struct ffn_regs r;

	bw_regs(&r, fid, w1, w2, (uint32_t)bits, bits >> 32);
	ffn_mediator_call(&w->med, bw_med_vm(w, vm), 0, 0, &r);
	bw_expect(&r, FFN_OK, what);
}

void bw_set_sp_to_vm(struct bw *w, ffn_id_t vm, struct ffn_regs *r)
{
	(void)w;
	bw_regs(r, FFN_FID_NOTIFICATION_SET, ffn_w1_pack(BW_SP_MID, vm), 0,
		1ull, 0);
}
