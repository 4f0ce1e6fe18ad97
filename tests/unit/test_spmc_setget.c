// SPDX-License-Identifier: BSD-3-Clause
/*
 * SPMC engine: FFA_NOTIFICATION_SET, _GET and the framework bitmaps
 * (docs/abi.md: their rows, interrupts, choices C1 and C2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "spmc_fixture.h"

#define VM1 0x0001u
#define VM2 0x0002u
#define NOVM 0x0033u
#define NOSP 0x8009u
#define PER_VCPU(v) (FFN_NOTIF_FLAG_PER_VCPU | ((uint32_t)(v) << 16))

/*
 * Bindings every test starts with:
 *   SP1 receives bit 0 (global) and bit 1 (per-vCPU) from SP8, bit 0 and
 *   bit 33 (global) from VM1;
 *   SP8 receives bit 2 (global) and bit 3 (per-vCPU) from SP1;
 *   VM1 receives bit 4 (global), bit 5 (per-vCPU) from SP1.
 */
static int setup(void **state)
{
	struct fx *f = fx_new(0);

	assert_int_equal(fx_create(f, VM1, 2), FFN_OK);
	assert_int_equal(fx_bind(f, FX_SP8, FX_SP1, 0x1, false), FFN_OK);
	assert_int_equal(fx_bind(f, FX_SP8, FX_SP1, 0x2, true), FFN_OK);
	assert_int_equal(fx_bind(f, VM1, FX_SP1, 0x1 | (1ull << 33), false),
			 FFN_OK);
	assert_int_equal(fx_bind(f, FX_SP1, FX_SP8, 0x4, false), FFN_OK);
	assert_int_equal(fx_bind(f, FX_SP1, FX_SP8, 0x8, true), FFN_OK);
	assert_int_equal(fx_bind(f, FX_SP1, VM1, 0x10, false), FFN_OK);
	assert_int_equal(fx_bind(f, FX_SP1, VM1, 0x20, true), FFN_OK);
	f->sri_total = 0;
	for (unsigned i = 0; i < FX_CPUS; i++)
		f->sri[i] = 0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx_free(*state);
	return 0;
}

/* SET from vCPU @vcpu of SP @sp (running on CPU vcpu % 4). */
static int32_t sp_set(struct fx *f, ffn_id_t sp, uint16_t vcpu, ffn_id_t s,
		      ffn_id_t r, uint32_t flags, uint64_t bitmap)
{
	return fx_sp(f, sp, vcpu, FFN_FID_NOTIFICATION_SET, ffn_w1_pack(s, r),
		     flags, (uint32_t)bitmap, bitmap >> 32);
}

/* A normal-world call on @cpu with w1..w7. */
static int32_t ns_cpu(struct fx *f, uint32_t cpu, uint32_t fid,
		      const uint64_t w[8])
{
	ffn_regs_init(&f->r, fid);
	for (unsigned i = 1; i <= 7; i++)
		f->r.x[i] = w[i];
	fx_ns_on(f, cpu);
	return ffn_regs_error_code(&f->r);
}

static struct ffn_spmc_view view(struct fx *f, ffn_id_t r, uint16_t vcpu)
{
	struct ffn_spmc_view v;

	assert_int_equal(ffn_spmc_view(&f->w.spmc, r, vcpu, &v), FFN_OK);
	return v;
}

/* Nothing pending anywhere at @r for vCPU @vcpu, no SRI raised. */
static void assert_untouched(struct fx *f, ffn_id_t r, uint16_t vcpu)
{
	struct ffn_spmc_view v = view(f, r, vcpu);

	assert_int_equal(v.global.from_sp | v.global.from_vm, 0);
	assert_int_equal(v.vcpu.from_sp | v.vcpu.from_vm | v.framework, 0);
	assert_false(v.queued);
	assert_int_equal(f->sri_total, 0);
}

/* ---- SET: success paths ---- */

static void set_sp_to_sp_sri_on_caller_cpu(void **state)
{
	struct fx *f = *state;

	/* SP8's vCPU 3 runs on CPU 3. */
	assert_int_equal(sp_set(f, FX_SP8, 3, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
	fx_assert_plain_success(f);
	assert_int_equal(f->sri[3], 1);
	assert_int_equal(f->sri_total, 1);
	assert_int_equal(view(f, FX_SP1, 0).global.from_sp, 0x1);
}

static void set_ns_vm_to_sp_sri_on_caller_cpu(void **state)
{
	struct fx *f = *state;
	uint64_t w[8] = {0, ffn_w1_pack(VM1, FX_SP1), 0, 0, 0x2, 0, 0, 0};

	assert_int_equal(ns_cpu(f, 2, FFN_FID_NOTIFICATION_SET, w), FFN_OK);
	fx_assert_plain_success(f);
	assert_int_equal(f->sri[2], 1);
	assert_int_equal(f->sri_total, 1);
	assert_int_equal(view(f, FX_SP1, 0).global.from_vm, 1ull << 33);
	assert_int_equal(view(f, FX_SP1, 0).global.from_sp, 0);
}

static void set_sp_to_vm_per_vcpu(void **state)
{
	struct fx *f = *state;

	assert_int_equal(sp_set(f, FX_SP1, 1, FX_SP1, VM1, PER_VCPU(1), 0x20),
			 FFN_OK);
	assert_int_equal(f->sri[1], 1);
	assert_int_equal(view(f, VM1, 1).vcpu.from_sp, 0x20);
	assert_int_equal(view(f, VM1, 0).vcpu.from_sp, 0);
	assert_int_equal(view(f, VM1, 0).global.from_sp, 0);
}

static void set_delay_sri_from_sp(void **state)
{
	struct fx *f = *state;
	uint64_t w[8] = {0};

	/* SP1's vCPU 1 runs on CPU 1. */
	assert_int_equal(sp_set(f, FX_SP1, 1, FX_SP1, FX_SP8,
				FFN_NOTIF_FLAG_DELAY_SRI, 0x4),
			 FFN_OK);
	fx_assert_plain_success(f);
	assert_int_equal(f->sri_total, 0);
	assert_int_equal(view(f, FX_SP8, 0).global.from_sp, 0x4);
	/* A return to the normal world on another CPU does not fire it. */
	w[1] = FFN_VERSION_1_2;
	ns_cpu(f, 0, FFN_FID_VERSION, w);
	assert_int_equal(f->sri_total, 0);
	/* The next return on CPU 1 does, once. */
	ns_cpu(f, 1, FFN_FID_VERSION, w);
	assert_int_equal(f->sri[1], 1);
	assert_int_equal(f->sri_total, 1);
	ns_cpu(f, 1, FFN_FID_VERSION, w);
	assert_int_equal(f->sri_total, 1);
}

static void set_delay_sri_from_ns_invalid(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_set(f, VM1, FX_SP1, FFN_NOTIF_FLAG_DELAY_SRI, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_untouched(f, FX_SP1, 0);
	/* Row 5 comes before row 7 (receiver without notifications). */
	assert_int_equal(
		fx_set(f, VM1, FX_SP_NONOTIF, FFN_NOTIF_FLAG_DELAY_SRI, 0x1),
		FFN_INVALID_PARAMETERS);
}

static void set_idempotent(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
	assert_true(f->sri_total >= 1);
	assert_int_equal(fx_ns(f, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0),
			 FFN_OK);
	assert_int_equal(f->r.x[2], 1u << FFN_INFO_LIST_COUNT_SHIFT);
	assert_int_equal(f->r.x[3], FX_SP1);
	assert_int_equal(fx_ns(f, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0),
			 FFN_NO_DATA);
	/* Set again while listed and pending: still not listed again. */
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(fx_ns(f, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0),
			 FFN_NO_DATA);
	assert_int_equal(fx_get(f, FX_SP1, 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 0x1);
	assert_int_equal(fx_get(f, FX_SP1, 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 0);
}

/* ---- SET: error rows ---- */

static void set_flags_mbz(void **state)
{
	struct fx *f = *state;
	static const uint32_t bad[] = {0x4, 0x8, 0x100, 0x8000, 0xFFFC};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(fx_set(f, FX_SP8, FX_SP1, bad[i], 0x1),
				 FFN_INVALID_PARAMETERS);
	for (unsigned i = 5; i <= 7; i++) {
		struct ffn_regs in;
		ffn_regs_init(&in, FFN_FID_NOTIFICATION_SET);
		in.x[1] = ffn_w1_pack(FX_SP8, FX_SP1);
		in.x[3] = 0x1;
		in.x[i] = 0x1;
		assert_int_equal(fx_sp_regs(f, FX_SP8, 0, &in),
				 FFN_INVALID_PARAMETERS);
	}
	assert_untouched(f, FX_SP1, 0);
}

static void set_global_with_vcpu(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 1u << 16, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0xFFFFu << 16, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_untouched(f, FX_SP1, 0);
}

static void set_ids(void **state)
{
	struct fx *f = *state;

	/* The caller is not the sender. */
	assert_int_equal(sp_set(f, FX_SP1, 0, FX_SP8, FX_SP1, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	/* Sender == receiver. */
	assert_int_equal(fx_set(f, FX_SP1, FX_SP1, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	/* Invalid receiver. */
	assert_int_equal(fx_set(f, FX_SP1, 0xFFFF, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	/* Normal world: SP sender, VM receiver, 0xFFFF sender. */
	assert_int_equal(fx_ns(f, FFN_FID_NOTIFICATION_SET,
			       ffn_w1_pack(FX_SP8, FX_SP1), 0, 0x1, 0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_set(f, VM2, VM1, 0, 0x10), FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_ns(f, FFN_FID_NOTIFICATION_SET,
			       ffn_w1_pack(0xFFFF, FX_SP1), 0, 0x1, 0),
			 FFN_INVALID_PARAMETERS);
	assert_untouched(f, FX_SP1, 0);
	assert_untouched(f, VM1, 0);
}

static void set_zero_bitmap(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_set(f, VM1, FX_SP1, 0, 0), FFN_INVALID_PARAMETERS);
	/* Bitmap 0 comes before the receiver's state. */
	assert_int_equal(fx_set(f, FX_SP1, NOVM, 0, 0), FFN_INVALID_PARAMETERS);
	assert_untouched(f, FX_SP1, 0);
}

static void set_unknown_sp_receiver(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_set(f, FX_SP1, NOSP, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_set(f, VM1, NOSP, 0, 0x1), FFN_INVALID_PARAMETERS);
	assert_int_equal(f->sri_total, 0);
}

static void set_receiver_disabled_or_no_bitmap(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_set(f, FX_SP1, FX_SP_NONOTIF, 0, 0x1), FFN_DENIED);
	assert_int_equal(fx_set(f, VM1, FX_SP_NONOTIF, 0, 0x1), FFN_DENIED);
	/* A VM without a bitmap: DENIED here, INVALID at BIND. */
	assert_int_equal(fx_set(f, FX_SP1, NOVM, 0, 0x1), FFN_DENIED);
	assert_int_equal(fx_bind(f, FX_SP1, NOVM, 0x1, false),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(f->sri_total, 0);
}

static void set_type_mismatch(void **state)
{
	struct fx *f = *state;

	/* Global SET on a per-vCPU ID, and per-vCPU SET on a global one. */
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 0x2),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, PER_VCPU(0), 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 0x3),
			 FFN_INVALID_PARAMETERS);
	/* Mismatch (row 8) before unbound (row 9). */
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 0x2 | (1ull << 50)),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_set(f, FX_SP1, VM1, PER_VCPU(1), 0x10 | 0x40),
			 FFN_INVALID_PARAMETERS);
	assert_untouched(f, FX_SP1, 0);
	assert_untouched(f, VM1, 1);
}

static void set_not_bound_to_sender(void **state)
{
	struct fx *f = *state;

	/* Unbound. */
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 1ull << 50), FFN_DENIED);
	/* Bound to another SP. */
	assert_int_equal(fx_set(f, FX_SP_EL0, FX_SP1, 0, 0x1), FFN_DENIED);
	/* Bound in the other world only: bit 33 is VM1's, bit 0 is not
	 * SP8's in the VM world. */
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 1ull << 33), FFN_DENIED);
	assert_int_equal(fx_set(f, VM2, FX_SP1, 0, 0x1), FFN_DENIED);
	/* Partly bound. */
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 0x1 | (1ull << 63)),
			 FFN_DENIED);
	assert_untouched(f, FX_SP1, 0);
}

static void set_vcpu_out_of_range(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, PER_VCPU(2), 0x2),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_set(f, FX_SP1, VM1, PER_VCPU(2), 0x20),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_set(f, FX_SP1, FX_SP8, PER_VCPU(8), 0x8),
			 FFN_INVALID_PARAMETERS);
	/* Unbound (row 9, DENIED) before the vCPU range (row 10). */
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, PER_VCPU(2), 1ull << 40),
			 FFN_DENIED);
	assert_untouched(f, FX_SP1, 1);
	/* The last vCPU is in range. */
	assert_int_equal(fx_set(f, FX_SP1, FX_SP8, PER_VCPU(7), 0x8), FFN_OK);
	assert_int_equal(view(f, FX_SP8, 7).vcpu.from_sp, 0x8);
}

/* ---- GET ---- */

static void get_mbz(void **state)
{
	struct fx *f = *state;
	static const uint32_t bad[] = {0x10, 0xFF00, 0x80000000u};

	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(fx_get(f, FX_SP1, 0, FFN_GET_FLAG_SP | bad[i]),
				 FFN_INVALID_PARAMETERS);
	for (unsigned i = 3; i <= 7; i++) {
		struct ffn_regs in;
		ffn_regs_init(&in, FFN_FID_NOTIFICATION_GET);
		in.x[1] = FX_SP1;
		in.x[2] = FFN_GET_FLAG_SP;
		in.x[i] = 1;
		assert_int_equal(fx_sp_regs(f, FX_SP1, 0, &in),
				 FFN_INVALID_PARAMETERS);
	}
	assert_int_equal(view(f, FX_SP1, 0).global.from_sp, 0x1);
}

static void get_spoofing(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_set(f, FX_SP1, FX_SP8, 0, 0x4), FFN_OK);
	assert_int_equal(fx_sp(f, FX_SP1, 0, FFN_FID_NOTIFICATION_GET, FX_SP8,
			       FFN_GET_FLAG_SP, 0, 0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_sp(f, FX_SP1, 0, FFN_FID_NOTIFICATION_GET, 0xFFFF,
			       FFN_GET_FLAG_SP, 0, 0),
			 FFN_INVALID_PARAMETERS);
	/* An SP's bitmap from the normal world. */
	assert_int_equal(fx_ns(f, FFN_FID_NOTIFICATION_GET, FX_SP8,
			       FFN_GET_FLAG_SP, 0, 0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(view(f, FX_SP8, 0).global.from_sp, 0x4);
}

static void get_ns_vm_or_hyp_bitmap_invalid(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_set(f, FX_SP1, VM1, 0, 0x10), FFN_OK);
	assert_int_equal(fx_get(f, VM1, 0, FFN_GET_FLAG_VM),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_get(f, VM1, 0, FFN_GET_FLAG_HYP),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_get(f, VM1, 0, FFN_GET_FLAG_SP | FFN_GET_FLAG_VM),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(view(f, VM1, 0).global.from_sp, 0x10);
	assert_int_equal(fx_get(f, VM1, 0, FFN_GET_FLAG_SP | FFN_GET_FLAG_SPM),
			 FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 0x10);
}

static void get_vm_without_bitmap_invalid(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_get(f, NOVM, 0, FFN_GET_FLAG_SP),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_destroy(f, VM1), FFN_OK);
	assert_int_equal(fx_get(f, VM1, 0, FFN_GET_FLAG_SP),
			 FFN_INVALID_PARAMETERS);
}

static void get_vcpu_out_of_range(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_sp(f, FX_SP1, 0, FFN_FID_NOTIFICATION_GET,
			       (2u << 16) | FX_SP1, FFN_GET_FLAG_SP, 0, 0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_get(f, VM1, 2, FFN_GET_FLAG_SP),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_get(f, VM1, 1, FFN_GET_FLAG_SP), FFN_OK);
}

static void get_notifications_disabled(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_get(f, FX_SP_NONOTIF, 0, FFN_GET_FLAG_SP),
			 FFN_NOT_SUPPORTED);
	assert_int_equal(fx_get(f, FX_SP_NONOTIF, 0, 0x10),
			 FFN_INVALID_PARAMETERS);
}

static void get_register_halves(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_bind(f, FX_SP8, FX_SP1, 0xA0000000ull << 32, false),
			 FFN_OK);
	assert_int_equal(
		fx_set(f, FX_SP8, FX_SP1, 0, 0x1 | (0xA0000000ull << 32)),
		FFN_OK);
	assert_int_equal(fx_set(f, VM1, FX_SP1, 0, 1ull << 33), FFN_OK);
	assert_int_equal(fx_framework_set(f, 0, FX_SP8, FX_SP1), FFN_OK);
	assert_int_equal(fx_framework_set(f, 0, VM1, FX_SP1), FFN_OK);
	assert_int_equal(fx_get(f, FX_SP1, 0, 0xF), FFN_OK);
	assert_int_equal(f->r.x[0], FFN_FID_SUCCESS_32);
	assert_int_equal(f->r.x[1], 0);
	assert_int_equal(f->r.x[2], 0x1);
	assert_int_equal(f->r.x[3], 0xA0000000u);
	assert_int_equal(f->r.x[4], 0);
	assert_int_equal(f->r.x[5], 0x2);
	assert_int_equal(f->r.x[6], 0x1);
	assert_int_equal(f->r.x[7], 0x1);
	for (unsigned i = 8; i < FFN_REG_COUNT; i++)
		assert_int_equal(f->r.x[i], 0);
	assert_int_equal(fx_get(f, FX_SP1, 0, 0xF), FFN_OK);
	fx_assert_plain_success(f);
}

static void get_clears_only_requested(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(fx_set(f, VM1, FX_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(fx_framework_set(f, 0, FX_SP8, FX_SP1), FFN_OK);
	/* No flag: nothing returned, nothing cleared. */
	assert_int_equal(fx_get(f, FX_SP1, 0, 0), FFN_OK);
	fx_assert_plain_success(f);
	assert_int_equal(fx_get(f, FX_SP1, 0, FFN_GET_FLAG_VM), FFN_OK);
	assert_int_equal(fx_get_vm_bits(f), 0x1);
	assert_int_equal(fx_get_sp_bits(f), 0);
	assert_int_equal(f->r.x[6] | f->r.x[7], 0);
	assert_int_equal(view(f, FX_SP1, 0).global.from_sp, 0x1);
	assert_int_equal(view(f, FX_SP1, 0).framework, FFN_FW_RX_FULL_SPM);
	assert_int_equal(fx_get(f, FX_SP1, 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 0x1);
	assert_int_equal(f->r.x[6], 0);
	assert_int_equal(view(f, FX_SP1, 0).framework, FFN_FW_RX_FULL_SPM);
	assert_int_equal(fx_get(f, FX_SP1, 0, FFN_GET_FLAG_SPM), FFN_OK);
	assert_int_equal(f->r.x[6], 1);
	assert_int_equal(view(f, FX_SP1, 0).framework, 0);
}

static void get_global_plus_own_vcpu(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_set(f, FX_SP1, FX_SP8, 0, 0x4), FFN_OK);
	assert_int_equal(fx_set(f, FX_SP1, FX_SP8, PER_VCPU(2), 0x8), FFN_OK);
	assert_int_equal(fx_set(f, FX_SP1, FX_SP8, PER_VCPU(5), 0x8), FFN_OK);
	/* vCPU 3: the global bit only. */
	assert_int_equal(fx_get(f, FX_SP8, 3, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 0x4);
	/* vCPU 5: its own bit; the global one is gone. */
	assert_int_equal(fx_get(f, FX_SP8, 5, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 0x8);
	assert_int_equal(view(f, FX_SP8, 2).vcpu.from_sp, 0x8);
	/* Any vCPU may ask for another one (w1[31:16]). */
	assert_int_equal(fx_sp(f, FX_SP8, 0, FFN_FID_NOTIFICATION_GET,
			       (2u << 16) | FX_SP8, FFN_GET_FLAG_SP, 0, 0),
			 FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 0x8);
	assert_int_equal(view(f, FX_SP8, 2).vcpu.from_sp, 0);
}

/* ---- Framework bitmaps (docs/abi.md C1) ---- */

static void framework_halves_by_sender_world(void **state)
{
	struct fx *f = *state;

	/* SP sender: SPM half, w6. */
	assert_int_equal(fx_framework_set(f, 1, FX_SP8, FX_SP1), FFN_OK);
	assert_int_equal(f->sri[1], 1);
	assert_int_equal(fx_get(f, FX_SP1, 0, FFN_GET_FLAG_HYP), FFN_OK);
	assert_int_equal(f->r.x[6], 1);
	assert_int_equal(f->r.x[7], 0);
	/* VM sender: HYP half, w7, returned to an SPM-only GET too. */
	assert_int_equal(fx_framework_set(f, 0, VM1, FX_SP1), FFN_OK);
	assert_int_equal(fx_get(f, FX_SP1, 0, FFN_GET_FLAG_SPM), FFN_OK);
	assert_int_equal(f->r.x[6], 0);
	assert_int_equal(f->r.x[7], 1);
	assert_int_equal(view(f, FX_SP1, 0).framework, 0);
	/* At a VM receiver, from the normal world. */
	assert_int_equal(fx_framework_set(f, 0, FX_SP1, VM1), FFN_OK);
	assert_int_equal(fx_get(f, VM1, 0, FFN_GET_FLAG_SPM), FFN_OK);
	assert_int_equal(f->r.x[6], 1);
}

static void framework_set_errors(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_framework_set(f, 0, FX_SP1, NOVM),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_framework_set(f, 0, FX_SP1, NOSP),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_framework_set(f, 0, FX_SP1, FX_SP_NONOTIF),
			 FFN_DENIED);
	assert_int_equal(f->sri_total, 0);
}

/* Where SET's rows give different codes, the earlier row wins. */
static void set_check_order(void **state)
{
	struct fx *f = *state;

	/* Rows 1-6 (INVALID) before row 7 (DENIED, receiver disabled). */
	assert_int_equal(fx_set(f, FX_SP1, FX_SP_NONOTIF, 0x4, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_set(f, FX_SP1, FX_SP_NONOTIF, 1u << 16, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(sp_set(f, FX_SP1, 0, FX_SP8, FX_SP_NONOTIF, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_set(f, FX_SP1, FX_SP_NONOTIF, 0, 0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_ns(f, FFN_FID_NOTIFICATION_SET,
			       ffn_w1_pack(FX_SP1, FX_SP_NONOTIF), 0, 0x1, 0),
			 FFN_INVALID_PARAMETERS);
	/* Rows 1-5 (INVALID) before row 9 (DENIED, unbound). */
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0x4, 1ull << 50),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 3u << 16, 1ull << 50),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(
		fx_set(f, VM1, FX_SP1, FFN_NOTIF_FLAG_DELAY_SRI, 1ull << 50),
		FFN_INVALID_PARAMETERS);
	/* Row 7 (DENIED) before row 10 (INVALID, vCPU range). */
	assert_int_equal(fx_set(f, FX_SP1, FX_SP_NONOTIF, PER_VCPU(5), 0x1),
			 FFN_DENIED);
	assert_int_equal(fx_set(f, FX_SP1, NOVM, PER_VCPU(9), 0x1), FFN_DENIED);
	/* Row 8 (INVALID) before row 9 (DENIED) before row 10 (INVALID)
	 * is covered by set_type_mismatch and set_vcpu_out_of_range. */
	assert_int_equal(f->sri_total, 0);
}

static void get_check_order(void **state)
{
	struct fx *f = *state;

	/* Spoofing and vCPU range (INVALID) before NOT_SUPPORTED. */
	assert_int_equal(fx_sp(f, FX_SP_NONOTIF, 0, FFN_FID_NOTIFICATION_GET,
			       (1u << 16) | FX_SP_NONOTIF, FFN_GET_FLAG_SP, 0,
			       0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_sp(f, FX_SP_NONOTIF, 0, FFN_FID_NOTIFICATION_GET,
			       FX_SP1, FFN_GET_FLAG_SP, 0, 0),
			 FFN_INVALID_PARAMETERS);
	/* Reserved flags before the caller checks. */
	assert_int_equal(
		fx_ns(f, FFN_FID_NOTIFICATION_GET, FX_SP1, 0x100, 0, 0),
		FFN_INVALID_PARAMETERS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(set_sp_to_sp_sri_on_caller_cpu),
		T(set_ns_vm_to_sp_sri_on_caller_cpu),
		T(set_sp_to_vm_per_vcpu),
		T(set_delay_sri_from_sp),
		T(set_delay_sri_from_ns_invalid),
		T(set_idempotent),
		T(set_flags_mbz),
		T(set_global_with_vcpu),
		T(set_ids),
		T(set_zero_bitmap),
		T(set_unknown_sp_receiver),
		T(set_receiver_disabled_or_no_bitmap),
		T(set_type_mismatch),
		T(set_not_bound_to_sender),
		T(set_vcpu_out_of_range),
		T(set_check_order),
		T(get_mbz),
		T(get_spoofing),
		T(get_ns_vm_or_hyp_bitmap_invalid),
		T(get_vm_without_bitmap_invalid),
		T(get_vcpu_out_of_range),
		T(get_notifications_disabled),
		T(get_check_order),
		T(get_register_halves),
		T(get_clears_only_requested),
		T(get_global_plus_own_vcpu),
		T(framework_halves_by_sender_world),
		T(framework_set_errors),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
