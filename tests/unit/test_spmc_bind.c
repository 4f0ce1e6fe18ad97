// SPDX-License-Identifier: BSD-3-Clause
/*
 * SPMC engine: FFA_NOTIFICATION_BIND and _UNBIND (docs/abi.md: their rows
 * and choices C3, C4, C5, C9).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "spmc_fixture.h"

#define VM1 0x0001u
#define VM2 0x0002u
#define NOVM 0x0033u /* never given a bitmap */
#define NOSP 0x8009u /* no such partition */

static int setup(void **state)
{
	struct fx *f = fx_new(0);

	assert_int_equal(fx_create(f, VM1, 2), FFN_OK);
	assert_int_equal(fx_create(f, VM2, 2), FFN_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx_free(*state);
	return 0;
}

static int32_t call(struct fx *f, ffn_id_t caller, uint32_t fid, uint64_t w1,
		    uint64_t w2, uint64_t bitmap, uint64_t w5)
{
	struct ffn_regs in;

	ffn_regs_init(&in, fid);
	in.x[1] = w1;
	in.x[2] = w2;
	in.x[3] = (uint32_t)bitmap;
	in.x[4] = bitmap >> 32;
	in.x[5] = w5;
	if (ffn_id_is_sp(caller))
		return fx_sp_regs(f, caller, 0, &in);
	return fx_ns_regs(f, &in);
}

/* BIND/UNBIND from @caller with sender/receiver packed in w1. */
static int32_t bind(struct fx *f, ffn_id_t caller, ffn_id_t s, ffn_id_t r,
		    uint32_t flags, uint64_t bitmap)
{
	return call(f, caller, FFN_FID_NOTIFICATION_BIND, ffn_w1_pack(s, r),
		    flags, bitmap, 0);
}

static int32_t unbind(struct fx *f, ffn_id_t caller, ffn_id_t s, ffn_id_t r,
		      uint32_t w2, uint64_t bitmap)
{
	return call(f, caller, FFN_FID_NOTIFICATION_UNBIND, ffn_w1_pack(s, r),
		    w2, bitmap, 0);
}

static struct ffn_spmc_view view(struct fx *f, ffn_id_t r, uint16_t vcpu)
{
	struct ffn_spmc_view v;

	assert_int_equal(ffn_spmc_view(&f->w.spmc, r, vcpu, &v), FFN_OK);
	return v;
}

static uint32_t bound_ids(struct fx *f)
{
	struct ffn_spmc_stats st;

	ffn_spmc_get_stats(&f->w.spmc, &st);
	return st.bound_ids;
}

/* ---- BIND ---- */

static void bind_success_sp_receiver(void **state)
{
	struct fx *f = *state;
	struct ffn_spmc_view v;

	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x3), FFN_OK);
	fx_assert_plain_success(f);
	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1,
			      FFN_NOTIF_FLAG_PER_VCPU, 1ull << 63),
			 FFN_OK);
	fx_assert_plain_success(f);
	v = view(f, FX_SP1, 0);
	assert_int_equal(v.bound_sp, 0x3 | (1ull << 63));
	assert_int_equal(v.per_vcpu_sp, 1ull << 63);
	assert_int_equal(v.bound_vm, 0);
	assert_int_equal(bound_ids(f), 3);
}

static void bind_success_vm_receiver_from_ns(void **state)
{
	struct fx *f = *state;
	struct ffn_spmc_view v;

	assert_int_equal(bind(f, 0, FX_SP1, VM1, 0, 0xFFFFFFFF00000000ull),
			 FFN_OK);
	fx_assert_plain_success(f);
	v = view(f, VM1, 0);
	assert_int_equal(v.bound_sp, 0xFFFFFFFF00000000ull);
	assert_int_equal(v.per_vcpu_sp, 0);
	/* ID 0 (the OS itself) is a receiver too. */
	assert_int_equal(fx_create(f, 0, 1), FFN_OK);
	assert_int_equal(bind(f, 0, FX_SP1, 0, 0, 0x1), FFN_OK);
}

static void bind_sp_binds_vm_sender(void **state)
{
	struct fx *f = *state;

	/* A VM sender needs no bitmap at the SPMC (docs/spmc.md). */
	assert_int_equal(bind(f, FX_SP1, NOVM, FX_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(view(f, FX_SP1, 0).bound_vm, 0x1);
	assert_int_equal(view(f, FX_SP1, 0).bound_sp, 0);
}

static void bind_flags_mbz(void **state)
{
	struct fx *f = *state;
	static const uint32_t bad[] = {0x2, 0x10, 0x80000000u, 0xFFFFFFFEu};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1, bad[i], 0x1),
				 FFN_INVALID_PARAMETERS);
		assert_int_equal(bind(f, 0, FX_SP1, VM1, bad[i], 0x1),
				 FFN_INVALID_PARAMETERS);
	}
	/* Nothing was bound by the refused calls. */
	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(view(f, FX_SP1, 0).bound_sp, 0x1);
	assert_int_equal(view(f, VM1, 0).bound_sp, 0);
	assert_int_equal(bound_ids(f), 1);
}

static void bind_w5_to_w7_mbz(void **state)
{
	struct fx *f = *state;

	for (unsigned i = 5; i <= 7; i++) {
		struct ffn_regs in;
		ffn_regs_init(&in, FFN_FID_NOTIFICATION_BIND);
		in.x[1] = ffn_w1_pack(FX_SP8, FX_SP1);
		in.x[3] = 1;
		in.x[i] = 1;
		assert_int_equal(fx_sp_regs(f, FX_SP1, 0, &in),
				 FFN_INVALID_PARAMETERS);
	}
	assert_int_equal(view(f, FX_SP1, 0).bound_sp, 0);
}

static void bind_sender_is_receiver(void **state)
{
	struct fx *f = *state;

	assert_int_equal(bind(f, FX_SP1, FX_SP1, FX_SP1, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(bind(f, 0, VM1, VM1, 0, 0x1), FFN_INVALID_PARAMETERS);
}

static void bind_spoofed_or_invalid_receiver(void **state)
{
	struct fx *f = *state;

	/* An SP binds only for itself. */
	assert_int_equal(bind(f, FX_SP1, FX_SP_EL0, FX_SP8, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(bind(f, FX_SP1, FX_SP8, 0xFFFF, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(bind(f, FX_SP1, FX_SP8, VM1, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(view(f, FX_SP8, 0).bound_sp, 0);
	assert_int_equal(view(f, VM1, 0).bound_sp, 0);
}

static void bind_invalid_sender(void **state)
{
	struct fx *f = *state;

	assert_int_equal(bind(f, FX_SP1, 0xFFFF, FX_SP1, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(bind(f, FX_SP1, NOSP, FX_SP1, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(bind(f, 0, 0xFFFF, VM1, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(bind(f, 0, NOSP, VM1, 0, 0x1), FFN_INVALID_PARAMETERS);
	assert_int_equal(bound_ids(f), 0);
}

static void bind_ns_needs_sp_sender_and_vm_receiver(void **state)
{
	struct fx *f = *state;

	/* VM to VM belongs to the hypervisor. */
	assert_int_equal(bind(f, 0, VM2, VM1, 0, 0x1), FFN_INVALID_PARAMETERS);
	/* The normal world cannot bind at an SP receiver. */
	assert_int_equal(bind(f, 0, VM1, FX_SP1, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(bind(f, 0, FX_SP8, FX_SP1, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(bound_ids(f), 0);
}

static void bind_zero_bitmap(void **state)
{
	struct fx *f = *state;

	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(bind(f, 0, FX_SP1, VM1, 0, 0), FFN_INVALID_PARAMETERS);
}

static void bind_vm_without_bitmap_invalid(void **state)
{
	struct fx *f = *state;

	assert_int_equal(bind(f, 0, FX_SP1, NOVM, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_destroy(f, VM2), FFN_OK);
	assert_int_equal(bind(f, 0, FX_SP1, VM2, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
}

static void bind_receiver_version_1_0(void **state)
{
	struct fx *f = *state;

	assert_int_equal(
		fx_sp(f, FX_SP1, 0, FFN_FID_VERSION, FFN_VERSION_1_0, 0, 0, 0),
		FFN_OK);
	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x1),
			 FFN_NOT_SUPPORTED);
	assert_int_equal(unbind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x1),
			 FFN_NOT_SUPPORTED);
	/* Renegotiating 1.1 brings the ABI back. */
	assert_int_equal(
		fx_sp(f, FX_SP1, 0, FFN_FID_VERSION, FFN_VERSION_1_1, 0, 0, 0),
		FFN_OK);
	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
}

static void bind_notifications_disabled(void **state)
{
	struct fx *f = *state;

	assert_int_equal(bind(f, FX_SP_NONOTIF, FX_SP1, FX_SP_NONOTIF, 0, 0x1),
			 FFN_NOT_SUPPORTED);
	/* docs/abi.md C9 order: flags, IDs and bitmap come first. */
	assert_int_equal(
		bind(f, FX_SP_NONOTIF, FX_SP1, FX_SP_NONOTIF, 0x10, 0x1),
		FFN_INVALID_PARAMETERS);
	assert_int_equal(bind(f, FX_SP_NONOTIF, FX_SP1, FX_SP_NONOTIF, 0, 0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(bind(f, FX_SP_NONOTIF, NOSP, FX_SP_NONOTIF, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(bind(f, FX_SP_NONOTIF, FX_SP1, FX_SP8, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
}

static void bind_already_bound_denied(void **state)
{
	struct fx *f = *state;

	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
	/* Same sender again (docs/abi.md C4), another sender, another type. */
	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x1), FFN_DENIED);
	assert_int_equal(bind(f, FX_SP1, FX_SP_EL0, FX_SP1, 0, 0x1),
			 FFN_DENIED);
	assert_int_equal(
		bind(f, FX_SP1, FX_SP8, FX_SP1, FFN_NOTIF_FLAG_PER_VCPU, 0x1),
		FFN_DENIED);
	assert_int_equal(view(f, FX_SP1, 0).per_vcpu_sp, 0);
	/* At a VM receiver too. */
	assert_int_equal(bind(f, 0, FX_SP1, VM1, 0, 0x8), FFN_OK);
	assert_int_equal(bind(f, 0, FX_SP8, VM1, 0, 0x8), FFN_DENIED);
}

static void bind_partial_overlap_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct ffn_spmc_view v;

	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x3), FFN_OK);
	assert_int_equal(bind(f, FX_SP1, FX_SP_EL0, FX_SP1,
			      FFN_NOTIF_FLAG_PER_VCPU, 0x6),
			 FFN_DENIED);
	v = view(f, FX_SP1, 0);
	assert_int_equal(v.bound_sp, 0x3);
	assert_int_equal(v.per_vcpu_sp, 0);
	assert_int_equal(bound_ids(f), 2);
	/* Bit 2 is free and bit 1 is still SP8's. */
	assert_int_equal(fx_set(f, FX_SP_EL0, FX_SP1, 0, 0x4), FFN_DENIED);
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 0x2), FFN_OK);
	assert_int_equal(bind(f, FX_SP1, FX_SP_EL0, FX_SP1, 0, 0x4), FFN_OK);
}

static void bind_split_by_world(void **state)
{
	struct fx *f = *state;
	struct ffn_spmc_view v;

	/* One SP sender and one VM sender hold bit 5 at once. */
	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1, 0, 1u << 5), FFN_OK);
	assert_int_equal(bind(f, FX_SP1, VM1, FX_SP1, 0, 1u << 5), FFN_OK);
	/* Within a world, still one sender per bit. */
	assert_int_equal(bind(f, FX_SP1, VM2, FX_SP1, 0, 1u << 5), FFN_DENIED);
	assert_int_equal(bind(f, FX_SP1, FX_SP_EL0, FX_SP1, 0, 1u << 5),
			 FFN_DENIED);
	v = view(f, FX_SP1, 0);
	assert_int_equal(v.bound_sp, 1u << 5);
	assert_int_equal(v.bound_vm, 1u << 5);
	assert_int_equal(bound_ids(f), 2);

	/* Both signal; GET keeps the worlds apart. */
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 1u << 5), FFN_OK);
	assert_int_equal(fx_set(f, VM1, FX_SP1, 0, 1u << 5), FFN_OK);
	/* A VM that is not the bound sender is refused. */
	assert_int_equal(fx_set(f, VM2, FX_SP1, 0, 1u << 5), FFN_DENIED);
	assert_int_equal(fx_get(f, FX_SP1, 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 1u << 5);
	assert_int_equal(fx_get_vm_bits(f), 0);
	assert_int_equal(fx_get(f, FX_SP1, 0, FFN_GET_FLAG_VM), FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 0);
	assert_int_equal(fx_get_vm_bits(f), 1u << 5);

	/* Unbinding one world leaves the other. */
	assert_int_equal(unbind(f, FX_SP1, VM1, FX_SP1, 0, 1u << 5), FFN_OK);
	v = view(f, FX_SP1, 0);
	assert_int_equal(v.bound_sp, 1u << 5);
	assert_int_equal(v.bound_vm, 0);
}

/* ---- UNBIND ---- */

static void unbind_success(void **state)
{
	struct fx *f = *state;
	struct ffn_spmc_view v;

	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1,
			      FFN_NOTIF_FLAG_PER_VCPU, 0x30000000Full),
			 FFN_OK);
	assert_int_equal(unbind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x300000000ull),
			 FFN_OK);
	fx_assert_plain_success(f);
	v = view(f, FX_SP1, 0);
	assert_int_equal(v.bound_sp, 0xF);
	assert_int_equal(v.per_vcpu_sp, 0xF);
	assert_int_equal(bound_ids(f), 4);
	/* The type is cleared: the IDs bind again as global. */
	assert_int_equal(bind(f, FX_SP1, FX_SP_EL0, FX_SP1, 0, 0x300000000ull),
			 FFN_OK);
	assert_int_equal(view(f, FX_SP1, 0).per_vcpu_sp, 0xF);
	/* From the normal world, at a VM receiver. */
	assert_int_equal(bind(f, 0, FX_SP1, VM1, 0, 0x1), FFN_OK);
	assert_int_equal(unbind(f, 0, FX_SP1, VM1, 0, 0x1), FFN_OK);
	assert_int_equal(view(f, VM1, 0).bound_sp, 0);
}

static void unbind_w2_mbz(void **state)
{
	struct fx *f = *state;

	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(unbind(f, FX_SP1, FX_SP8, FX_SP1, 0x1, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(unbind(f, FX_SP1, FX_SP8, FX_SP1, 0x80000000u, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(view(f, FX_SP1, 0).bound_sp, 0x1);
	/* ACS unbind (c): w2 = 0x10 and bitmap 0 at once. */
	assert_int_equal(unbind(f, FX_SP1, FX_SP8, FX_SP1, 0x10, 0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(call(f, FX_SP1, FFN_FID_NOTIFICATION_UNBIND,
			      ffn_w1_pack(FX_SP8, FX_SP1), 0, 0x1, 1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(view(f, FX_SP1, 0).bound_sp, 0x1);
	assert_int_equal(unbind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
}

static void unbind_ids(void **state)
{
	struct fx *f = *state;

	assert_int_equal(bind(f, FX_SP8, FX_SP1, FX_SP8, 0, 0x1), FFN_OK);
	assert_int_equal(bind(f, 0, FX_SP1, VM1, 0, 0x1), FFN_OK);
	/* Spoofing: another SP's bindings, or an SP's from the NWd. */
	assert_int_equal(unbind(f, FX_SP1, FX_SP1, FX_SP8, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(unbind(f, 0, FX_SP1, FX_SP8, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(unbind(f, FX_SP1, FX_SP1, VM1, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(unbind(f, FX_SP8, FX_SP8, FX_SP8, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(unbind(f, FX_SP8, 0xFFFF, FX_SP8, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(unbind(f, 0, VM2, VM1, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(unbind(f, 0, FX_SP1, NOVM, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(view(f, FX_SP8, 0).bound_sp, 0x1);
	assert_int_equal(view(f, VM1, 0).bound_sp, 0x1);
}

static void unbind_zero_bitmap(void **state)
{
	struct fx *f = *state;

	assert_int_equal(unbind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(unbind(f, 0, FX_SP1, VM1, 0, 0),
			 FFN_INVALID_PARAMETERS);
}

static void unbind_not_bound_denied(void **state)
{
	struct fx *f = *state;

	assert_int_equal(unbind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x1), FFN_DENIED);
	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
	/* Partly bound: nothing is unbound. */
	assert_int_equal(unbind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x3), FFN_DENIED);
	assert_int_equal(view(f, FX_SP1, 0).bound_sp, 0x1);
	/* Bound to another sender of the same world, or of the other one. */
	assert_int_equal(unbind(f, FX_SP1, FX_SP_EL0, FX_SP1, 0, 0x1),
			 FFN_DENIED);
	assert_int_equal(unbind(f, FX_SP1, VM1, FX_SP1, 0, 0x1), FFN_DENIED);
	assert_int_equal(view(f, FX_SP1, 0).bound_sp, 0x1);
	assert_int_equal(bound_ids(f), 1);
}

static void unbind_notifications_disabled(void **state)
{
	struct fx *f = *state;

	assert_int_equal(
		unbind(f, FX_SP_NONOTIF, FX_SP1, FX_SP_NONOTIF, 0, 0x1),
		FFN_NOT_SUPPORTED);
	assert_int_equal(
		unbind(f, FX_SP_NONOTIF, FX_SP1, FX_SP_NONOTIF, 0x10, 0x1),
		FFN_INVALID_PARAMETERS);
}

static void unbind_pending_global_denied(void **state)
{
	struct fx *f = *state;

	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x3), FFN_OK);
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 0x2), FFN_OK);
	assert_int_equal(unbind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x3), FFN_DENIED);
	assert_int_equal(unbind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x2), FFN_DENIED);
	assert_int_equal(view(f, FX_SP1, 0).bound_sp, 0x3);
	/* Bit 0 is not pending. */
	assert_int_equal(unbind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(fx_get(f, FX_SP1, 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(unbind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x2), FFN_OK);
}

static void unbind_pending_other_vcpu_denied(void **state)
{
	struct fx *f = *state;
	uint32_t on5 = FFN_NOTIF_FLAG_PER_VCPU | (5u << FFN_SET_VCPU_SHIFT);

	assert_int_equal(bind(f, FX_SP8, FX_SP1, FX_SP8,
			      FFN_NOTIF_FLAG_PER_VCPU, 1ull << 40),
			 FFN_OK);
	assert_int_equal(fx_set(f, FX_SP1, FX_SP8, on5, 1ull << 40), FFN_OK);
	/* The unbinding vCPU (0) has nothing pending; vCPU 5 has. */
	assert_int_equal(unbind(f, FX_SP8, FX_SP1, FX_SP8, 0, 1ull << 40),
			 FFN_DENIED);
	assert_int_equal(fx_get(f, FX_SP8, 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 0);
	assert_int_equal(unbind(f, FX_SP8, FX_SP1, FX_SP8, 0, 1ull << 40),
			 FFN_DENIED);
	assert_int_equal(fx_get(f, FX_SP8, 5, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 1ull << 40);
	assert_int_equal(unbind(f, FX_SP8, FX_SP1, FX_SP8, 0, 1ull << 40),
			 FFN_OK);
}

static void unbind_pending_at_vm_receiver_denied(void **state)
{
	struct fx *f = *state;

	assert_int_equal(bind(f, 0, FX_SP1, VM1, FFN_NOTIF_FLAG_PER_VCPU, 0x1),
			 FFN_OK);
	assert_int_equal(
		fx_set(f, FX_SP1, VM1,
		       FFN_NOTIF_FLAG_PER_VCPU | (1u << FFN_SET_VCPU_SHIFT),
		       0x1),
		FFN_OK);
	assert_int_equal(unbind(f, 0, FX_SP1, VM1, 0, 0x1), FFN_DENIED);
	assert_int_equal(view(f, VM1, 0).bound_sp, 0x1);
}

/* Where BIND's rows give different codes, the earlier row wins. */
static void bind_check_order(void **state)
{
	struct fx *f = *state;

	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(bind(f, 0, FX_SP1, VM1, 0, 0x1), FFN_OK);
	/* Rows 1-7 (INVALID) before row 11 (DENIED, already bound). */
	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1, 0x10, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(bind(f, FX_SP1, 0xFFFF, FX_SP1, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(bind(f, 0, FX_SP1, FX_SP1, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(bind(f, 0, VM2, VM1, 0, 0x1), FFN_INVALID_PARAMETERS);
	assert_int_equal(call(f, 0, FFN_FID_NOTIFICATION_BIND,
			      ffn_w1_pack(FX_SP1, VM1), 0, 0x1, 1),
			 FFN_INVALID_PARAMETERS);
	/* Row 9 (NOT_SUPPORTED, version) before row 11 (DENIED). */
	assert_int_equal(
		fx_sp(f, FX_SP1, 0, FFN_FID_VERSION, FFN_VERSION_1_0, 0, 0, 0),
		FFN_OK);
	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x1),
			 FFN_NOT_SUPPORTED);
}

static void unbind_check_order(void **state)
{
	struct fx *f = *state;

	assert_int_equal(bind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
	/* INVALID rows before DENIED (pending) and DENIED (not bound). */
	assert_int_equal(unbind(f, FX_SP1, FX_SP8, FX_SP1, 0x10, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(unbind(f, FX_SP1, FX_SP8, FX_SP8, 0, 0x1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(unbind(f, FX_SP1, NOSP, FX_SP1, 0, 0x2),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(unbind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0),
			 FFN_INVALID_PARAMETERS);
	/* NOT_SUPPORTED (version) before DENIED. */
	assert_int_equal(
		fx_sp(f, FX_SP1, 0, FFN_FID_VERSION, FFN_VERSION_1_0, 0, 0, 0),
		FFN_OK);
	assert_int_equal(unbind(f, FX_SP1, FX_SP8, FX_SP1, 0, 0x2),
			 FFN_NOT_SUPPORTED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(bind_success_sp_receiver),
		T(bind_success_vm_receiver_from_ns),
		T(bind_sp_binds_vm_sender),
		T(bind_flags_mbz),
		T(bind_w5_to_w7_mbz),
		T(bind_sender_is_receiver),
		T(bind_spoofed_or_invalid_receiver),
		T(bind_invalid_sender),
		T(bind_ns_needs_sp_sender_and_vm_receiver),
		T(bind_zero_bitmap),
		T(bind_vm_without_bitmap_invalid),
		T(bind_receiver_version_1_0),
		T(bind_notifications_disabled),
		T(bind_already_bound_denied),
		T(bind_partial_overlap_changes_nothing),
		T(bind_check_order),
		T(bind_split_by_world),
		T(unbind_success),
		T(unbind_w2_mbz),
		T(unbind_ids),
		T(unbind_zero_bitmap),
		T(unbind_not_bound_denied),
		T(unbind_check_order),
		T(unbind_notifications_disabled),
		T(unbind_pending_global_denied),
		T(unbind_pending_other_vcpu_denied),
		T(unbind_pending_at_vm_receiver_denied),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
