// SPDX-License-Identifier: BSD-3-Clause
/*
 * SPMC engine: FFA_RUN, FFA_MSG_WAIT, the delayed-SRI latch and the NPI
 * (docs/abi.md: interrupts, FFA_RUN and FFA_MSG_WAIT).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "spmc_fixture.h"

#define VM1 0x0001u
#define NOSP 0x8009u
#define PER_VCPU(v) (FFN_NOTIF_FLAG_PER_VCPU | ((uint32_t)(v) << 16))

static int setup(void **state)
{
	*state = fx_new(0);
	return 0;
}

static int teardown(void **state)
{
	fx_free(*state);
	return 0;
}

static int32_t run(struct fx *f, uint32_t cpu, ffn_id_t sp, uint16_t vcpu)
{
	ffn_regs_init(&f->r, FFN_FID_RUN);
	f->r.x[1] = ffn_run_w1(sp, vcpu);
	fx_ns_on(f, cpu);
	return ffn_regs_error_code(&f->r);
}

static int32_t msg_wait(struct fx *f, ffn_id_t sp, uint16_t vcpu)
{
	return fx_sp(f, sp, vcpu, FFN_FID_MSG_WAIT, 0, 0, 0, 0);
}

static void assert_msg_wait(const struct fx *f)
{
	assert_int_equal(f->r.x[0], FFN_FID_MSG_WAIT);
	for (unsigned i = 1; i < FFN_REG_COUNT; i++)
		assert_int_equal(f->r.x[i], 0);
}

static bool running(struct fx *f, ffn_id_t sp, uint16_t vcpu)
{
	struct ffn_spmc_view v;

	assert_int_equal(ffn_spmc_view(&f->w.spmc, sp, vcpu, &v), FFN_OK);
	return v.running;
}

static void reset_counts(struct fx *f)
{
	f->sri_total = 0;
	for (unsigned i = 0; i < FX_CPUS; i++)
		f->sri[i] = 0;
	f->npi_count = 0;
}

/* ---- FFA_RUN ---- */

static void run_from_sp_not_supported(void **state)
{
	struct fx *f = *state;

	assert_int_equal(
		fx_sp(f, FX_SP1, 0, FFN_FID_RUN, FX_SP8 << 16, 0, 0, 0),
		FFN_NOT_SUPPORTED);
}

static void run_waiting_vcpu_returns_msg_wait(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run(f, 7, FX_SP8, 7), FFN_OK);
	assert_msg_wait(f);
	assert_int_equal(run(f, 1, FX_SP_EL0, 0), FFN_OK);
	assert_msg_wait(f);
	assert_int_equal(f->npi_count, 0);
	assert_false(running(f, FX_SP8, 7));
}

static void run_invalid_target(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run(f, 0, VM1, 0), FFN_INVALID_PARAMETERS);
	assert_int_equal(run(f, 0, 0, 0), FFN_INVALID_PARAMETERS);
	assert_int_equal(run(f, 0, NOSP, 0), FFN_INVALID_PARAMETERS);
	assert_int_equal(run(f, 0, 0xFFFF, 0), FFN_INVALID_PARAMETERS);
	assert_int_equal(run(f, 0, FX_SP1, 2), FFN_INVALID_PARAMETERS);
	assert_int_equal(run(f, 0, FX_SP8, 8), FFN_INVALID_PARAMETERS);
	assert_int_equal(run(f, 0, FX_SP_EL0, 1), FFN_INVALID_PARAMETERS);
}

static void run_mbz(void **state)
{
	struct fx *f = *state;

	for (unsigned i = 2; i <= 7; i++) {
		ffn_regs_init(&f->r, FFN_FID_RUN);
		f->r.x[1] = FX_SP1 << 16;
		f->r.x[i] = 1;
		fx_ns_on(f, 0);
		assert_int_equal(ffn_regs_error_code(&f->r),
				 FFN_INVALID_PARAMETERS);
	}
	/* MBZ comes before BUSY. */
	assert_int_equal(
		fx_sp(f, FX_SP1, 0, FFN_FID_VERSION, FFN_VERSION_1_2, 0, 0, 0),
		FFN_OK);
	ffn_regs_init(&f->r, FFN_FID_RUN);
	f->r.x[1] = FX_SP1 << 16;
	f->r.x[7] = 1;
	fx_ns_on(f, 0);
	assert_int_equal(ffn_regs_error_code(&f->r), FFN_INVALID_PARAMETERS);
}

static void run_busy_while_running(void **state)
{
	struct fx *f = *state;

	/* Any call from SP1's vCPU 1 means it is running. */
	assert_int_equal(
		fx_sp(f, FX_SP1, 1, FFN_FID_VERSION, FFN_VERSION_1_2, 0, 0, 0),
		FFN_OK);
	assert_true(running(f, FX_SP1, 1));
	assert_int_equal(run(f, 1, FX_SP1, 1), FFN_BUSY);
	/* Its other vCPU is waiting. */
	assert_int_equal(run(f, 0, FX_SP1, 0), FFN_OK);
	assert_int_equal(msg_wait(f, FX_SP1, 1), FFN_OK);
	assert_msg_wait(f);
	assert_false(running(f, FX_SP1, 1));
	assert_int_equal(run(f, 1, FX_SP1, 1), FFN_OK);
	assert_msg_wait(f);
}

static void run_npi_global_pending(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_bind(f, FX_SP1, FX_SP8, 0x1, false), FFN_OK);
	assert_int_equal(msg_wait(f, FX_SP8, 0), FFN_OK);
	/* Nothing pending: no NPI. */
	assert_int_equal(run(f, 5, FX_SP8, 5), FFN_OK);
	assert_int_equal(f->npi_count, 0);
	assert_int_equal(fx_set(f, FX_SP1, FX_SP8, 0, 0x1), FFN_OK);
	/* Global: any vCPU given cycles gets it. */
	assert_int_equal(run(f, 5, FX_SP8, 5), FFN_OK);
	assert_msg_wait(f);
	assert_int_equal(f->npi_count, 1);
	assert_int_equal(f->npi[0].sp, FX_SP8);
	assert_int_equal(f->npi[0].vcpu, 5);
	/* Once retrieved, none. */
	assert_int_equal(fx_get(f, FX_SP8, 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(msg_wait(f, FX_SP8, 0), FFN_OK);
	assert_int_equal(run(f, 5, FX_SP8, 5), FFN_OK);
	assert_int_equal(f->npi_count, 1);
}

static void run_npi_per_vcpu_only_that_vcpu(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_bind(f, FX_SP1, FX_SP8, 0x2, true), FFN_OK);
	assert_int_equal(msg_wait(f, FX_SP8, 0), FFN_OK);
	assert_int_equal(fx_set(f, FX_SP1, FX_SP8, PER_VCPU(3), 0x2), FFN_OK);
	assert_int_equal(run(f, 2, FX_SP8, 2), FFN_OK);
	assert_int_equal(run(f, 0, FX_SP8, 0), FFN_OK);
	assert_int_equal(f->npi_count, 0);
	assert_int_equal(run(f, 3, FX_SP8, 3), FFN_OK);
	assert_int_equal(f->npi_count, 1);
	assert_int_equal(f->npi[0].vcpu, 3);
}

static void run_npi_from_vm_and_framework(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_bind(f, VM1, FX_SP1, 0x1, false), FFN_OK);
	assert_int_equal(msg_wait(f, FX_SP1, 0), FFN_OK);
	assert_int_equal(fx_set(f, VM1, FX_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(run(f, 1, FX_SP1, 1), FFN_OK);
	assert_int_equal(f->npi_count, 1);
	assert_int_equal(fx_get(f, FX_SP1, 0, FFN_GET_FLAG_VM), FFN_OK);
	assert_int_equal(msg_wait(f, FX_SP1, 0), FFN_OK);
	assert_int_equal(fx_framework_set(f, 0, VM1, FX_SP1), FFN_OK);
	assert_int_equal(run(f, 0, FX_SP1, 0), FFN_OK);
	assert_int_equal(f->npi_count, 2);
}

static void run_npi_per_vcpu_from_vm(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_bind(f, VM1, FX_SP8, 0x1, true), FFN_OK);
	assert_int_equal(msg_wait(f, FX_SP8, 0), FFN_OK);
	assert_int_equal(fx_set(f, VM1, FX_SP8, PER_VCPU(4), 0x1), FFN_OK);
	assert_int_equal(run(f, 1, FX_SP8, 1), FFN_OK);
	assert_int_equal(f->npi_count, 0);
	assert_int_equal(run(f, 4, FX_SP8, 4), FFN_OK);
	assert_int_equal(f->npi_count, 1);
	assert_int_equal(f->npi[0].sp, FX_SP8);
	assert_int_equal(f->npi[0].vcpu, 4);
}

static void run_no_npi_for_el0(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_bind(f, FX_SP1, FX_SP_EL0, 0x1, false), FFN_OK);
	assert_int_equal(msg_wait(f, FX_SP_EL0, 0), FFN_OK);
	assert_int_equal(fx_set(f, FX_SP1, FX_SP_EL0, 0, 0x1), FFN_OK);
	assert_int_equal(run(f, 0, FX_SP_EL0, 0), FFN_OK);
	assert_msg_wait(f);
	assert_int_equal(f->npi_count, 0);
	/* It polls with GET instead. */
	assert_int_equal(fx_get(f, FX_SP_EL0, 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 0x1);
}

/* ---- FFA_MSG_WAIT and the delayed SRI ---- */

static void msg_wait_from_ns_not_supported(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_ns(f, FFN_FID_MSG_WAIT, 0, 0, 0, 0),
			 FFN_NOT_SUPPORTED);
}

static void msg_wait_mbz(void **state)
{
	struct fx *f = *state;

	for (unsigned i = 1; i <= 7; i++) {
		struct ffn_regs in;
		ffn_regs_init(&in, FFN_FID_MSG_WAIT);
		/* w2 bit 0 is a v1.2 flag (msg_wait_retain_rx_flag). */
		in.x[i] = i == 2 ? 2 : 1;
		assert_int_equal(fx_sp_regs(f, FX_SP1, 0, &in),
				 FFN_INVALID_PARAMETERS);
		/* Refused: the vCPU keeps running. */
		assert_true(running(f, FX_SP1, 0));
	}
	assert_int_equal(msg_wait(f, FX_SP1, 0), FFN_OK);
	assert_false(running(f, FX_SP1, 0));
}

static void msg_wait_fires_delayed_sri_on_its_cpu_only(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_bind(f, FX_SP8, FX_SP1, 0x1, false), FFN_OK);
	reset_counts(f);
	/* SP8 vCPU 2 runs on CPU 2. */
	assert_int_equal(fx_sp(f, FX_SP8, 2, FFN_FID_NOTIFICATION_SET,
			       ffn_w1_pack(FX_SP8, FX_SP1),
			       FFN_NOTIF_FLAG_DELAY_SRI, 0x1, 0),
			 FFN_OK);
	assert_int_equal(f->sri_total, 0);
	/* Another CPU going back to the normal world: nothing. */
	assert_int_equal(msg_wait(f, FX_SP8, 3), FFN_OK);
	assert_int_equal(msg_wait(f, FX_SP1, 1), FFN_OK);
	assert_int_equal(f->sri_total, 0);
	/* CPU 2 goes back: the SRI fires there, once. */
	assert_int_equal(msg_wait(f, FX_SP8, 2), FFN_OK);
	assert_msg_wait(f);
	assert_int_equal(f->sri[2], 1);
	assert_int_equal(f->sri_total, 1);
	assert_int_equal(msg_wait(f, FX_SP8, 6), FFN_OK);
	assert_int_equal(f->sri_total, 1);
}

static void delayed_sri_fires_at_end_of_ns_call(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_bind(f, FX_SP8, FX_SP1, 0x1, false), FFN_OK);
	assert_int_equal(msg_wait(f, FX_SP1, 0), FFN_OK);
	reset_counts(f);
	assert_int_equal(fx_sp(f, FX_SP8, 1, FFN_FID_NOTIFICATION_SET,
			       ffn_w1_pack(FX_SP8, FX_SP1),
			       FFN_NOTIF_FLAG_DELAY_SRI, 0x1, 0),
			 FFN_OK);
	assert_int_equal(f->sri_total, 0);
	assert_int_equal(run(f, 0, FX_SP1, 0), FFN_OK);
	assert_int_equal(f->sri_total, 0);
	/* The FFA_RUN on CPU 1 ends in the normal world. */
	assert_int_equal(run(f, 1, FX_SP1, 1), FFN_OK);
	assert_int_equal(f->sri[1], 1);
	assert_int_equal(f->sri_total, 1);
}

static void delayed_sri_never_lost(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_bind(f, FX_SP8, FX_SP1, 0x3, false), FFN_OK);
	reset_counts(f);
	/* Two delayed SETs on CPU 0, then an immediate one elsewhere. */
	assert_int_equal(fx_sp(f, FX_SP8, 0, FFN_FID_NOTIFICATION_SET,
			       ffn_w1_pack(FX_SP8, FX_SP1),
			       FFN_NOTIF_FLAG_DELAY_SRI, 0x1, 0),
			 FFN_OK);
	assert_int_equal(fx_sp(f, FX_SP8, 0, FFN_FID_NOTIFICATION_SET,
			       ffn_w1_pack(FX_SP8, FX_SP1),
			       FFN_NOTIF_FLAG_DELAY_SRI, 0x2, 0),
			 FFN_OK);
	assert_int_equal(f->sri_total, 0);
	assert_int_equal(msg_wait(f, FX_SP8, 0), FFN_OK);
	assert_true(f->sri[0] >= 1);
}

static void run_check_order(void **state)
{
	struct fx *f = *state;

	/* An SP is refused whatever it asks. */
	assert_int_equal(fx_sp(f, FX_SP1, 0, FFN_FID_RUN, NOSP << 16, 1, 0, 0),
			 FFN_NOT_SUPPORTED);
	/* INVALID (range) before BUSY: vCPU 0 of SP1 is running. */
	assert_int_equal(
		fx_sp(f, FX_SP1, 0, FFN_FID_VERSION, FFN_VERSION_1_2, 0, 0, 0),
		FFN_OK);
	assert_int_equal(run(f, 0, FX_SP1, 0), FFN_BUSY);
	assert_int_equal(run(f, 0, FX_SP1, 0x100), FFN_INVALID_PARAMETERS);
}

/* An MP SP's vCPU N runs on CPU N only; a UP SP runs anywhere. */
static void run_mp_vcpu_on_its_own_cpu(void **state)
{
	struct fx *f = *state;

	assert_int_equal(run(f, 3, FX_SP8, 2), FFN_INVALID_PARAMETERS);
	assert_int_equal(run(f, 0, FX_SP8, 7), FFN_INVALID_PARAMETERS);
	assert_int_equal(run(f, 1, FX_SP1, 0), FFN_INVALID_PARAMETERS);
	/* Refused before BUSY: the running state is not looked at. */
	assert_int_equal(fx_sp(f, FX_SP8, 6, FFN_FID_FEATURES, 1, 0, 0, 0),
			 FFN_OK);
	assert_int_equal(run(f, 2, FX_SP8, 6), FFN_INVALID_PARAMETERS);
	assert_int_equal(run(f, 6, FX_SP8, 6), FFN_BUSY);
	assert_int_equal(run(f, 2, FX_SP8, 2), FFN_OK);
	for (uint32_t cpu = 0; cpu < FX_CPUS; cpu++)
		assert_int_equal(run(f, cpu, FX_SP_EL0, 0), FFN_OK);
}

/* FFA_MSG_WAIT w2 bit 0, "retain RX buffer ownership", is v1.2's. */
static void msg_wait_retain_rx_flag(void **state)
{
	struct fx *f = *state;
	struct ffn_regs in;

	ffn_regs_init(&in, FFN_FID_MSG_WAIT);
	in.x[2] = FFN_MSG_WAIT_FLAG_RETAIN_RX;
	assert_int_equal(fx_sp_regs(f, FX_SP1, 0, &in), FFN_OK);
	assert_int_equal((uint32_t)f->r.x[0], FFN_FID_MSG_WAIT);
	assert_false(running(f, FX_SP1, 0));
	/* The other bits stay MBZ. */
	in.x[2] = FFN_MSG_WAIT_FLAG_RETAIN_RX | 2;
	assert_int_equal(fx_sp_regs(f, FX_SP1, 0, &in), FFN_INVALID_PARAMETERS);
	assert_true(running(f, FX_SP1, 0));
	/* A v1.1 partition has no such flag: MBZ for it. */
	assert_int_equal(
		fx_sp(f, FX_SP1, 0, FFN_FID_VERSION, FFN_VERSION_1_1, 0, 0, 0),
		FFN_OK);
	in.x[2] = FFN_MSG_WAIT_FLAG_RETAIN_RX;
	assert_int_equal(fx_sp_regs(f, FX_SP1, 0, &in), FFN_INVALID_PARAMETERS);
	in.x[2] = 0;
	assert_int_equal(fx_sp_regs(f, FX_SP1, 0, &in), FFN_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(run_from_sp_not_supported),
		T(run_waiting_vcpu_returns_msg_wait),
		T(run_invalid_target),
		T(run_mbz),
		T(run_check_order),
		T(run_busy_while_running),
		T(run_npi_global_pending),
		T(run_npi_per_vcpu_only_that_vcpu),
		T(run_npi_from_vm_and_framework),
		T(run_npi_per_vcpu_from_vm),
		T(run_no_npi_for_el0),
		T(msg_wait_from_ns_not_supported),
		T(msg_wait_mbz),
		T(msg_wait_retain_rx_flag),
		T(run_mp_vcpu_on_its_own_cpu),
		T(msg_wait_fires_delayed_sri_on_its_cpu_only),
		T(delayed_sri_fires_at_end_of_ns_call),
		T(delayed_sri_never_lost),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
