// SPDX-License-Identifier: BSD-3-Clause
/*
 * SPMC engine: FFA_NOTIFICATION_BITMAP_CREATE and _DESTROY
 * (docs/abi.md: their rows and choice C6; docs/spmc.md decisions).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "spmc_fixture.h"

#define VM1 0x0001u
#define VM2 0x0002u

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

/* A normal-world call with every register given. */
static int32_t ns7(struct fx *f, uint32_t fid, const uint64_t w[8])
{
	struct ffn_regs in;

	ffn_regs_init(&in, fid);
	for (unsigned i = 1; i <= 7; i++)
		in.x[i] = w[i];
	return fx_ns_regs(f, &in);
}

static bool vm_exists(struct fx *f, ffn_id_t vm)
{
	struct ffn_spmc_view v;

	return ffn_spmc_view(&f->w.spmc, vm, 0, &v) == FFN_OK;
}

/* ---- BITMAP_CREATE ---- */

static void create_from_sp_not_supported(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_sp(f, FX_SP1, 0, FFN_FID_NOTIFICATION_BITMAP_CREATE,
			       VM1, 1, 0, 0),
			 FFN_NOT_SUPPORTED);
	assert_false(vm_exists(f, VM1));
}

static void create_success(void **state)
{
	struct fx *f = *state;
	struct ffn_spmc_view v;

	assert_int_equal(fx_create(f, VM1, 3), FFN_OK);
	fx_assert_plain_success(f);
	assert_int_equal(ffn_spmc_view(&f->w.spmc, VM1, 2, &v), FFN_OK);
	assert_int_equal(v.vcpu_count, 3);
	/* vCPU 3 is out of range for a 3-vCPU bitmap. */
	assert_int_equal(ffn_spmc_view(&f->w.spmc, VM1, 3, &v),
			 FFN_INVALID_PARAMETERS);
}

static void create_mbz_w1_high(void **state)
{
	struct fx *f = *state;

	for (unsigned b = 16; b < 32; b++) {
		assert_int_equal(fx_ns(f, FFN_FID_NOTIFICATION_BITMAP_CREATE,
				       (1ull << b) | VM1, 1, 0, 0),
				 FFN_INVALID_PARAMETERS);
		assert_false(vm_exists(f, VM1));
	}
}

static void create_mbz_w3_to_w7(void **state)
{
	struct fx *f = *state;

	for (unsigned i = 3; i <= 7; i++) {
		uint64_t w[8] = {0, VM1, 1, 0, 0, 0, 0, 0};
		w[i] = 1;
		assert_int_equal(ns7(f, FFN_FID_NOTIFICATION_BITMAP_CREATE, w),
				 FFN_INVALID_PARAMETERS);
		assert_false(vm_exists(f, VM1));
	}
}

static void create_id_validity(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_create(f, 0x8000, 1), FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_create(f, 0xFFFF, 1), FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_create(f, 0x0000, 1), FFN_OK);
	assert_int_equal(fx_create(f, 0x7FFF, 1), FFN_OK);
	assert_true(vm_exists(f, 0));
	assert_true(vm_exists(f, 0x7FFF));
}

static void create_vcpu_count(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_create(f, VM1, 0), FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_create(f, VM1, FX_VM_VCPUS + 1), FFN_NO_MEMORY);
	assert_false(vm_exists(f, VM1));
	assert_int_equal(fx_create(f, VM1, FX_VM_VCPUS), FFN_OK);
}

static void create_capacity_full(void **state)
{
	struct fx *f = fx_new(2);
	struct ffn_spmc_stats st;

	(void)state;
	assert_int_equal(fx_create(f, 10, 1), FFN_OK);
	assert_int_equal(fx_create(f, 11, 1), FFN_OK);
	assert_int_equal(fx_create(f, 12, 1), FFN_NO_MEMORY);
	assert_false(vm_exists(f, 12));
	ffn_spmc_get_stats(&f->w.spmc, &st);
	assert_int_equal(st.vm_bitmaps, 2);
	fx_free(f);
}

static void create_twice_denied(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_create(f, VM1, 2), FFN_OK);
	assert_int_equal(fx_create(f, VM1, 2), FFN_DENIED);
	/* DENIED before NO_MEMORY: the ID check comes first. */
	assert_int_equal(fx_create(f, VM1, FX_VM_VCPUS + 1), FFN_DENIED);
}

static void create_mbz_before_denied(void **state)
{
	struct fx *f = *state;
	uint64_t w[8] = {0, VM1, 1, 0, 0, 0, 0, 1};

	assert_int_equal(fx_create(f, VM1, 1), FFN_OK);
	assert_int_equal(ns7(f, FFN_FID_NOTIFICATION_BITMAP_CREATE, w),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_ns(f, FFN_FID_NOTIFICATION_BITMAP_CREATE,
			       0x10000u | VM1, 1, 0, 0),
			 FFN_INVALID_PARAMETERS);
	/* vCPU count 0 is a malformed call, also before DENIED. */
	assert_int_equal(fx_create(f, VM1, 0), FFN_INVALID_PARAMETERS);
}

static void create_at_capacity_twice_denied(void **state)
{
	struct fx *f = fx_new(1);

	(void)state;
	assert_int_equal(fx_create(f, VM1, 1), FFN_OK);
	/* Full, but the ID exists: the ID row (DENIED) is first. */
	assert_int_equal(fx_create(f, VM1, 1), FFN_DENIED);
	fx_free(f);
}

/* ---- BITMAP_DESTROY ---- */

static void destroy_from_sp_not_supported(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_create(f, VM1, 1), FFN_OK);
	assert_int_equal(fx_sp(f, FX_SP1, 0,
			       FFN_FID_NOTIFICATION_BITMAP_DESTROY, VM1, 0, 0,
			       0),
			 FFN_NOT_SUPPORTED);
	assert_true(vm_exists(f, VM1));
}

static void destroy_mbz(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_create(f, VM1, 1), FFN_OK);
	assert_int_equal(fx_ns(f, FFN_FID_NOTIFICATION_BITMAP_DESTROY,
			       0x80000000u | VM1, 0, 0, 0),
			 FFN_INVALID_PARAMETERS);
	for (unsigned i = 2; i <= 7; i++) {
		uint64_t w[8] = {0, VM1, 0, 0, 0, 0, 0, 0};
		w[i] = 0x100;
		assert_int_equal(ns7(f, FFN_FID_NOTIFICATION_BITMAP_DESTROY, w),
				 FFN_INVALID_PARAMETERS);
		assert_true(vm_exists(f, VM1));
	}
	assert_int_equal(fx_destroy(f, VM1), FFN_OK);
	fx_assert_plain_success(f);
	assert_false(vm_exists(f, VM1));
}

static void destroy_invalid_id(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_destroy(f, 0xFFFF), FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_destroy(f, 0x8000), FFN_INVALID_PARAMETERS);
	/* An SP's ID is not a normal-world bitmap either. */
	assert_int_equal(fx_destroy(f, FX_SP1), FFN_INVALID_PARAMETERS);
}

static void destroy_not_created_denied(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_destroy(f, VM1), FFN_DENIED);
	assert_int_equal(fx_create(f, VM1, 1), FFN_OK);
	assert_int_equal(fx_destroy(f, VM1), FFN_OK);
	assert_int_equal(fx_destroy(f, VM1), FFN_DENIED);
}

/* Bind @bits at VM1 for SP1, as the normal world does. */
static void bind_vm1(struct fx *f, uint64_t bits, bool per_vcpu)
{
	assert_int_equal(fx_bind(f, FX_SP1, VM1, bits, per_vcpu), FFN_OK);
}

static void destroy_pending_global_denied(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_create(f, VM1, 2), FFN_OK);
	bind_vm1(f, 0x1, false);
	assert_int_equal(fx_set(f, FX_SP1, VM1, 0, 0x1), FFN_OK);
	assert_int_equal(fx_destroy(f, VM1), FFN_DENIED);
	assert_true(vm_exists(f, VM1));
	/* Once retrieved, DESTROY succeeds. */
	assert_int_equal(fx_get(f, VM1, 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_destroy(f, VM1), FFN_OK);
}

static void destroy_pending_per_vcpu_only_denied(void **state)
{
	struct fx *f = *state;
	uint32_t flags = FFN_NOTIF_FLAG_PER_VCPU | (1u << FFN_SET_VCPU_SHIFT);

	assert_int_equal(fx_create(f, VM1, 2), FFN_OK);
	bind_vm1(f, 0x4, true);
	assert_int_equal(fx_set(f, FX_SP1, VM1, flags, 0x4), FFN_OK);
	assert_int_equal(fx_destroy(f, VM1), FFN_DENIED);
	/* A GET for vCPU 0 does not retrieve vCPU 1's bit. */
	assert_int_equal(fx_get(f, VM1, 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_destroy(f, VM1), FFN_DENIED);
	assert_int_equal(fx_get(f, VM1, 1, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 0x4);
	assert_int_equal(fx_destroy(f, VM1), FFN_OK);
}

static void destroy_pending_high_bit_denied(void **state)
{
	struct fx *f = *state;
	uint64_t bit40 = 1ull << 40;

	assert_int_equal(fx_create(f, VM1, 1), FFN_OK);
	bind_vm1(f, bit40, false);
	assert_int_equal(fx_set(f, FX_SP1, VM1, 0, bit40), FFN_OK);
	assert_int_equal(fx_destroy(f, VM1), FFN_DENIED);
	/* Per-vCPU high bit too (on a fresh bitmap: VM1's is masked now). */
	assert_int_equal(fx_create(f, VM1 + 1, 1), FFN_OK);
	assert_int_equal(fx_bind(f, FX_SP1, VM1 + 1, 1ull << 63, true), FFN_OK);
	assert_int_equal(
		fx_set(f, FX_SP1, VM1 + 1, FFN_NOTIF_FLAG_PER_VCPU, 1ull << 63),
		FFN_OK);
	assert_int_equal(fx_destroy(f, VM1 + 1), FFN_DENIED);
}

/*
 * A refused DESTROY masks the bitmap: no partition can pend it again, so
 * one drain makes the next DESTROY succeed (a hostile SP cannot pin it).
 */
static void destroy_denied_masks_bitmap(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_create(f, VM1, 2), FFN_OK);
	bind_vm1(f, 0x3, false);
	assert_int_equal(fx_set(f, FX_SP1, VM1, 0, 0x1), FFN_OK);
	assert_int_equal(fx_destroy(f, VM1), FFN_DENIED);
	/* SET, BIND and framework notifications are refused from now on. */
	assert_int_equal(fx_set(f, FX_SP1, VM1, 0, 0x2), FFN_DENIED);
	assert_int_equal(fx_bind(f, FX_SP1, VM1, 0x4, false), FFN_DENIED);
	assert_int_equal(fx_framework_set(f, 0, FX_SP1, VM1), FFN_DENIED);
	/* GET still drains what was pending, and only that. */
	assert_int_equal(fx_get(f, VM1, 0, FFN_GET_FLAG_SP | FFN_GET_FLAG_SPM),
			 FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 0x1);
	assert_int_equal(fx_destroy(f, VM1), FFN_OK);
	/* A new bitmap with the same ID is not masked. */
	assert_int_equal(fx_create(f, VM1, 2), FFN_OK);
	bind_vm1(f, 0x1, false);
	assert_int_equal(fx_set(f, FX_SP1, VM1, 0, 0x1), FFN_OK);
}

static void destroy_pending_framework_denied(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_create(f, VM1, 1), FFN_OK);
	assert_int_equal(fx_framework_set(f, 0, FX_SP1, VM1), FFN_OK);
	assert_int_equal(fx_destroy(f, VM1), FFN_DENIED);
	assert_int_equal(fx_get(f, VM1, 0, FFN_GET_FLAG_SPM), FFN_OK);
	assert_int_equal(fx_destroy(f, VM1), FFN_OK);
}

static void destroy_with_bindings_leaves_nothing(void **state)
{
	struct fx *f = *state;
	struct ffn_spmc_stats start, st;
	struct ffn_spmc_view v;

	ffn_spmc_get_stats(&f->w.spmc, &start);
	assert_int_equal(fx_create(f, VM1, 4), FFN_OK);
	bind_vm1(f, 0xF0, false);
	bind_vm1(f, 0xF00, true);
	/* Listed, then retrieved: no pending bit, but a report history. */
	assert_int_equal(fx_set(f, FX_SP1, VM1, 0, 0x10), FFN_OK);
	assert_int_equal(fx_get(f, VM1, 0, FFN_GET_FLAG_SP), FFN_OK);
	ffn_spmc_get_stats(&f->w.spmc, &st);
	assert_int_equal(st.bound_ids, start.bound_ids + 8);

	assert_int_equal(fx_destroy(f, VM1), FFN_OK);
	fx_assert_plain_success(f);
	ffn_spmc_get_stats(&f->w.spmc, &st);
	assert_int_equal(st.bound_ids, start.bound_ids);
	assert_int_equal(st.vm_bitmaps, start.vm_bitmaps);
	assert_int_equal(st.queued, start.queued);

	/* Re-created with the same ID: nothing inherited. */
	assert_int_equal(fx_create(f, VM1, 2), FFN_OK);
	assert_int_equal(ffn_spmc_view(&f->w.spmc, VM1, 1, &v), FFN_OK);
	assert_int_equal(v.bound_sp, 0);
	assert_int_equal(v.per_vcpu_sp, 0);
	assert_int_equal(v.global.from_sp | v.vcpu.from_sp | v.framework, 0);
	assert_false(v.queued);
	/* A SET on a formerly bound ID is refused: it is not bound. */
	assert_int_equal(fx_set(f, FX_SP1, VM1, 0, 0x10), FFN_DENIED);
	assert_int_equal(fx_ns(f, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0),
			 FFN_NO_DATA);
	/* The IDs are free to bind again, with any type. */
	bind_vm1(f, 0xF00, false);
	bind_vm1(f, 0xF0, true);
}

static void destroy_drops_unlisted_entry(void **state)
{
	struct fx *f = *state;
	struct ffn_spmc_stats st;

	/* A receiver queued for INFO_GET, whose bits were then taken. */
	assert_int_equal(fx_create(f, VM1, 1), FFN_OK);
	assert_int_equal(fx_create(f, VM2, 1), FFN_OK);
	bind_vm1(f, 0x1, false);
	assert_int_equal(fx_bind(f, FX_SP1, VM2, 0x1, false), FFN_OK);
	assert_int_equal(fx_set(f, FX_SP1, VM1, 0, 0x1), FFN_OK);
	assert_int_equal(fx_set(f, FX_SP1, VM2, 0, 0x1), FFN_OK);
	assert_int_equal(fx_get(f, VM1, 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_destroy(f, VM1), FFN_OK);
	assert_int_equal(fx_create(f, VM1, 1), FFN_OK);
	/* Only VM2 is listed. */
	assert_int_equal(fx_ns(f, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0),
			 FFN_OK);
	assert_int_equal(f->r.x[2], 1u << FFN_INFO_LIST_COUNT_SHIFT);
	assert_int_equal(f->r.x[3], VM2);
	ffn_spmc_get_stats(&f->w.spmc, &st);
	assert_int_equal(st.queued, 0);
}

static void destroy_slot_reusable_at_capacity_1(void **state)
{
	struct fx *f = fx_new(1);

	(void)state;
	for (unsigned round = 0; round < 3; round++) {
		ffn_id_t id = (ffn_id_t)(VM1 + round);
		assert_int_equal(fx_create(f, id, 2), FFN_OK);
		assert_int_equal(fx_create(f, 0x7000, 1), FFN_NO_MEMORY);
		assert_int_equal(fx_bind(f, FX_SP1, id, 0x3, false), FFN_OK);
		assert_int_equal(fx_destroy(f, id), FFN_OK);
	}
	assert_int_equal(fx_create(f, 0x7000, 1), FFN_OK);
	fx_free(f);
}

static void bitmap_check_order(void **state)
{
	struct fx *f = *state;

	/* An SP is refused before its arguments are looked at. */
	assert_int_equal(fx_sp(f, FX_SP1, 0, FFN_FID_NOTIFICATION_BITMAP_CREATE,
			       0xFFFF0000u, 0, 0, 0),
			 FFN_NOT_SUPPORTED);
	assert_int_equal(fx_sp(f, FX_SP1, 0,
			       FFN_FID_NOTIFICATION_BITMAP_DESTROY, 0xFFFF, 7,
			       0, 0),
			 FFN_NOT_SUPPORTED);
	/* INVALID (MBZ, ID) before DENIED (not created). */
	assert_int_equal(
		fx_ns(f, FFN_FID_NOTIFICATION_BITMAP_DESTROY, VM2, 1, 0, 0),
		FFN_INVALID_PARAMETERS);
	assert_int_equal(fx_destroy(f, 0x8002), FFN_INVALID_PARAMETERS);
	/* INVALID (vCPU count 0) before NO_MEMORY (full). */
	{
		struct fx *g = fx_new(1);
		assert_int_equal(fx_create(g, VM1, 1), FFN_OK);
		assert_int_equal(fx_create(g, VM2, 0), FFN_INVALID_PARAMETERS);
		assert_int_equal(fx_create(g, 0x8000 | VM2, 1),
				 FFN_INVALID_PARAMETERS);
		assert_int_equal(fx_create(g, VM2, 1), FFN_NO_MEMORY);
		fx_free(g);
	}
}

/*
 * A VM ID reused after destroy inherits no SP's authorisation: DESTROY
 * removes every binding, at every SP, whose sender is that VM, whether
 * or not the SP asked for VM availability messages.
 */
static void destroy_unbinds_vm_sender_at_every_sp(void **state)
{
	struct fx *f = *state;
	struct ffn_spmc_stats st;
	struct ffn_spmc_view v;

	assert_int_equal(fx_create(f, VM1, 2), FFN_OK);
	assert_int_equal(fx_create(f, VM2, 2), FFN_OK);
	/* Bound before, several at once, per-vCPU, and at three SPs. */
	assert_int_equal(fx_bind(f, VM1, FX_SP1, 0x22, false), FFN_OK);
	assert_int_equal(fx_bind(f, VM1, FX_SP1, 0x4, true), FFN_OK);
	assert_int_equal(fx_bind(f, VM1, FX_SP_EL0, 1ull << 63, false), FFN_OK);
	assert_int_equal(fx_bind(f, VM1, FX_SP8, 0x1, false), FFN_OK);
	/* Another VM's and an SP's bindings must stay. */
	assert_int_equal(fx_bind(f, VM2, FX_SP1, 0x1, false), FFN_OK);
	assert_int_equal(fx_bind(f, FX_SP8, FX_SP1, 0x100, false), FFN_OK);
	/* The anchor (lowest ID) moves: unbind 0x2, bind 0x8 and 0x1<<40. */
	assert_int_equal(fx_unbind(f, VM1, FX_SP1, 0x2), FFN_OK);
	assert_int_equal(fx_bind(f, VM1, FX_SP1, 0x8 | 1ull << 40, false),
			 FFN_OK);
	ffn_spmc_get_stats(&f->w.spmc, &st);
	assert_int_equal(st.bound_ids, 8);

	assert_int_equal(fx_destroy(f, VM1), FFN_OK);
	ffn_spmc_get_stats(&f->w.spmc, &st);
	assert_int_equal(st.bound_ids, 2);
	assert_int_equal(ffn_spmc_view(&f->w.spmc, FX_SP1, 0, &v), FFN_OK);
	assert_int_equal(v.bound_vm, 0x1);
	assert_int_equal(v.bound_sp, 0x100);

	/* The new VM 1: its SET is DENIED and raises no SRI. */
	assert_int_equal(fx_create(f, VM1, 2), FFN_OK);
	f->sri_total = 0;
	assert_int_equal(fx_set(f, VM1, FX_SP1, 0, 0x20), FFN_DENIED);
	assert_int_equal(fx_set(f, VM1, FX_SP8, 0, 0x1), FFN_DENIED);
	assert_int_equal(fx_set(f, VM1, FX_SP_EL0, 0, 1ull << 63), FFN_DENIED);
	assert_int_equal(f->sri_total, 0);
	/* An SP's UNBIND of such an ID answers as for any unbound ID. */
	assert_int_equal(fx_unbind(f, VM1, FX_SP1, 0x20), FFN_DENIED);
	/* VM2 still signals; the SP may bind the new VM 1 again. */
	assert_int_equal(fx_set(f, VM2, FX_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(fx_bind(f, VM1, FX_SP1, 0x20, false), FFN_OK);
	assert_int_equal(fx_set(f, VM1, FX_SP1, 0, 0x20), FFN_OK);
}

/*
 * What a destroyed VM had set stays pending at the SP (it was delivered)
 * and GET returns it; until then that ID cannot be bound again.
 */
static void destroy_keeps_delivered_vm_bits(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_create(f, VM1, 2), FFN_OK);
	assert_int_equal(fx_bind(f, VM1, FX_SP1, 0x1, false), FFN_OK);
	assert_int_equal(fx_bind(f, VM1, FX_SP1, 0x2, true), FFN_OK);
	assert_int_equal(fx_set(f, VM1, FX_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(
		fx_set(f, VM1, FX_SP1, FFN_NOTIF_FLAG_PER_VCPU | 1u << 16, 0x2),
		FFN_OK);
	assert_int_equal(fx_destroy(f, VM1), FFN_OK);
	assert_int_equal(fx_create(f, VM1, 2), FFN_OK);
	assert_int_equal(fx_bind(f, VM1, FX_SP1, 0x1, false), FFN_DENIED);
	assert_int_equal(fx_bind(f, VM1, FX_SP1, 0x2, true), FFN_DENIED);
	assert_int_equal(fx_unbind(f, VM1, FX_SP1, 0x1), FFN_DENIED);
	assert_int_equal(fx_get(f, FX_SP1, 1, FFN_GET_FLAG_VM), FFN_OK);
	assert_int_equal(fx_get_vm_bits(f), 0x3);
	assert_int_equal(fx_bind(f, VM1, FX_SP1, 0x1, false), FFN_OK);
	assert_int_equal(fx_bind(f, VM1, FX_SP1, 0x2, true), FFN_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(create_from_sp_not_supported),
		T(create_success),
		T(create_mbz_w1_high),
		T(create_mbz_w3_to_w7),
		T(create_id_validity),
		T(create_vcpu_count),
		T(create_capacity_full),
		T(create_twice_denied),
		T(create_mbz_before_denied),
		T(create_at_capacity_twice_denied),
		T(destroy_from_sp_not_supported),
		T(destroy_mbz),
		T(destroy_invalid_id),
		T(destroy_not_created_denied),
		T(bitmap_check_order),
		T(destroy_pending_global_denied),
		T(destroy_pending_per_vcpu_only_denied),
		T(destroy_pending_high_bit_denied),
		T(destroy_denied_masks_bitmap),
		T(destroy_pending_framework_denied),
		T(destroy_with_bindings_leaves_nothing),
		T(destroy_drops_unlisted_entry),
		T(destroy_slot_reusable_at_capacity_1),
		T(destroy_unbinds_vm_sender_at_every_sp),
		T(destroy_keeps_delivered_vm_bits),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
