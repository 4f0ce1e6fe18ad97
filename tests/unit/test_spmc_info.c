// SPDX-License-Identifier: BSD-3-Clause
/*
 * SPMC engine: FFA_NOTIFICATION_INFO_GET_32 and _64 (docs/abi.md: their
 * rows and choices C7, C8).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "ffn/info_list.h"
#include "spmc_fixture.h"

#define PER_VCPU(v) (FFN_NOTIF_FLAG_PER_VCPU | ((uint32_t)(v) << 16))
#define HDR_LISTS(n) ((uint64_t)(n) << FFN_INFO_LIST_COUNT_SHIFT)
#define HDR_SIZE(i, n) ((uint64_t)(n) << (FFN_INFO_LIST_SIZE_SHIFT + 2u * (i)))
#define VM(i) ((ffn_id_t)(0x100u + (i)))

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

static int32_t info(struct fx *f, bool is64)
{
	return fx_ns(f,
		     is64 ? FFN_FID_NOTIFICATION_INFO_GET_64
			  : FFN_FID_NOTIFICATION_INFO_GET_32,
		     0, 0, 0, 0);
}

/* @n VMs VM(0)..VM(n-1), each with global bit 0 pending from SP1. */
static void pend_vms(struct fx *f, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(fx_create(f, VM(i), 1), FFN_OK);
		assert_int_equal(fx_bind(f, FX_SP1, VM(i), 0x1, false), FFN_OK);
		assert_int_equal(fx_set(f, FX_SP1, VM(i), 0, 0x1), FFN_OK);
	}
}

/* SP8 gets per-vCPU bit 3 from SP1 on every vCPU in @vcpus (in order). */
static void pend_sp8_vcpus(struct fx *f, const uint16_t *vcpus, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(
			fx_set(f, FX_SP1, FX_SP8, PER_VCPU(vcpus[i]), 0x8),
			FFN_OK);
}

static void bind_sp8(struct fx *f)
{
	assert_int_equal(fx_bind(f, FX_SP1, FX_SP8, 0x8, true), FFN_OK);
	assert_int_equal(fx_bind(f, FX_SP1, FX_SP8, 0x4, false), FFN_OK);
}

/* Slot @slot of the ID list in @r. */
static ffn_id_t slot_id(const struct ffn_regs *r, bool is64, unsigned slot)
{
	unsigned per = is64 ? 4u : 2u;

	return (ffn_id_t)(r->x[3 + slot / per] >> (16u * (slot % per)));
}

/* The reply in f->r holds exactly the IDs @ids, unused slots zero. */
static void assert_ids(const struct fx *f, bool is64, const ffn_id_t *ids,
		       unsigned n)
{
	struct ffn_regs want;
	unsigned per = is64 ? 4u : 2u;

	memset(&want, 0, sizeof(want));
	for (unsigned i = 0; i < n; i++)
		want.x[3 + i / per] |= (uint64_t)ids[i] << (16u * (i % per));
	for (unsigned i = 3; i < FFN_REG_COUNT; i++)
		assert_int_equal(f->r.x[i], want.x[i]);
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(slot_id(&f->r, is64, i), ids[i]);
}

/* ---- errors ---- */

static void info_from_sp_not_supported(void **state)
{
	struct fx *f = *state;

	pend_vms(f, 1);
	assert_int_equal(fx_sp(f, FX_SP1, 0, FFN_FID_NOTIFICATION_INFO_GET_64,
			       0, 0, 0, 0),
			 FFN_NOT_SUPPORTED);
	assert_int_equal(fx_sp(f, FX_SP8, 0, FFN_FID_NOTIFICATION_INFO_GET_32,
			       0, 0, 0, 0),
			 FFN_NOT_SUPPORTED);
	/* The entry is still there for the scheduler. */
	assert_int_equal(info(f, true), FFN_OK);
}

static void info_mbz(void **state)
{
	struct fx *f = *state;

	pend_vms(f, 1);
	for (int k = 0; k < 2; k++) {
		bool is64 = k == 1;
		for (unsigned i = 1; i <= 7; i++) {
			struct ffn_regs in;
			ffn_regs_init(&in,
				      is64 ? FFN_FID_NOTIFICATION_INFO_GET_64
					   : FFN_FID_NOTIFICATION_INFO_GET_32);
			in.x[i] = 0x80000000u;
			assert_int_equal(fx_ns_regs(f, &in),
					 FFN_INVALID_PARAMETERS);
		}
	}
	/* MBZ comes before NO_DATA. */
	assert_int_equal(info(f, true), FFN_OK);
	assert_int_equal(fx_ns(f, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 1, 0, 0),
			 FFN_INVALID_PARAMETERS);
}

static void info_64_checks_upper_halves_32_ignores_them(void **state)
{
	struct fx *f = *state;

	pend_vms(f, 1);
	for (unsigned i = 1; i <= 7; i++) {
		struct ffn_regs in;
		ffn_regs_init(&in, FFN_FID_NOTIFICATION_INFO_GET_64);
		in.x[i] = 1ull << 32;
		assert_int_equal(fx_ns_regs(f, &in), FFN_INVALID_PARAMETERS);
	}
	{
		struct ffn_regs in;
		ffn_regs_init(&in, FFN_FID_NOTIFICATION_INFO_GET_32);
		for (unsigned i = 1; i <= 7; i++)
			in.x[i] = 0xFFFFFFFF00000000ull;
		assert_int_equal(fx_ns_regs(f, &in), FFN_OK);
		assert_int_equal(f->r.x[0], FFN_FID_SUCCESS_32);
		assert_int_equal(f->r.x[3], VM(0));
	}
}

static void info_no_data(void **state)
{
	struct fx *f = *state;

	assert_int_equal(info(f, true), FFN_NO_DATA);
	assert_int_equal(f->r.x[0], FFN_FID_ERROR);
	assert_int_equal(info(f, false), FFN_NO_DATA);
	/* Bindings alone are nothing to report. */
	bind_sp8(f);
	assert_int_equal(info(f, true), FFN_NO_DATA);
}

/* ---- content ---- */

static void info_single_global_entry(void **state)
{
	struct fx *f = *state;
	static const ffn_id_t ids[] = {VM(0)};

	for (int k = 0; k < 2; k++) {
		bool is64 = k == 0;
		if (k == 0)
			pend_vms(f, 1);
		else
			assert_int_equal(fx_set(f, FX_SP1, VM(0), 0, 0x1),
					 FFN_OK);
		/* Retrieve, so it is reported again after the next SET. */
		assert_int_equal(info(f, is64), FFN_OK);
		assert_int_equal(f->r.x[0], is64 ? FFN_FID_SUCCESS_64
						 : FFN_FID_SUCCESS_32);
		assert_int_equal(f->r.x[1], 0);
		assert_int_equal(f->r.x[2], HDR_LISTS(1));
		assert_ids(f, is64, ids, 1);
		assert_int_equal(fx_get(f, VM(0), 0, FFN_GET_FLAG_SP), FFN_OK);
	}
}

static void info_reported_once_until_get(void **state)
{
	struct fx *f = *state;

	pend_vms(f, 1);
	assert_int_equal(info(f, true), FFN_OK);
	assert_int_equal(info(f, true), FFN_NO_DATA);
	assert_int_equal(info(f, false), FFN_NO_DATA);
	/* Still pending: GET returns it; then a new SET is listed again. */
	assert_int_equal(fx_get(f, VM(0), 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 0x1);
	assert_int_equal(fx_set(f, FX_SP1, VM(0), 0, 0x1), FFN_OK);
	assert_int_equal(info(f, true), FFN_OK);
	assert_int_equal(f->r.x[3], VM(0));
}

static void info_arrival_order(void **state)
{
	struct fx *f = *state;
	static const ffn_id_t first[] = {VM(2), FX_SP8, VM(0)};
	static const ffn_id_t second[] = {VM(1), VM(2)};

	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(fx_create(f, VM(i), 1), FFN_OK);
		assert_int_equal(fx_bind(f, FX_SP1, VM(i), 0x3, false), FFN_OK);
	}
	bind_sp8(f);
	assert_int_equal(fx_set(f, FX_SP1, VM(2), 0, 0x1), FFN_OK);
	assert_int_equal(fx_set(f, FX_SP1, FX_SP8, 0, 0x4), FFN_OK);
	assert_int_equal(fx_set(f, FX_SP1, VM(0), 0, 0x1), FFN_OK);
	/* Already waiting: a second SET does not move it back. */
	assert_int_equal(fx_set(f, FX_SP1, VM(2), 0, 0x2), FFN_OK);
	assert_int_equal(info(f, true), FFN_OK);
	assert_int_equal(f->r.x[2], HDR_LISTS(3));
	assert_ids(f, true, first, 3);

	assert_int_equal(fx_get(f, VM(2), 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_set(f, FX_SP1, VM(1), 0, 0x1), FFN_OK);
	assert_int_equal(fx_set(f, FX_SP1, VM(2), 0, 0x1), FFN_OK);
	assert_int_equal(info(f, false), FFN_OK);
	assert_int_equal(f->r.x[2], HDR_LISTS(2));
	assert_ids(f, false, second, 2);
}

static void info_eight_vcpus_three_to_a_list(void **state)
{
	struct fx *f = *state;
	static const uint16_t order[] = {7, 2, 0, 5, 1, 6, 4, 3};
	static const ffn_id_t ids[] = {FX_SP8, 0, 1,	  2, FX_SP8, 3,
				       4,      5, FX_SP8, 6, 7};

	bind_sp8(f);
	pend_sp8_vcpus(f, order, 8);
	assert_int_equal(info(f, true), FFN_OK);
	assert_int_equal(f->r.x[2], HDR_LISTS(3) | HDR_SIZE(0, 3) |
					    HDR_SIZE(1, 3) | HDR_SIZE(2, 2));
	assert_ids(f, true, ids, 11);
	assert_int_equal(info(f, true), FFN_NO_DATA);
}

static void info_global_first_then_vcpus(void **state)
{
	struct fx *f = *state;
	static const uint16_t vcpus[] = {6, 1};
	static const ffn_id_t ids[] = {FX_SP8, FX_SP8, 1, 6};
	static const ffn_id_t later[] = {FX_SP8, 4};

	bind_sp8(f);
	pend_sp8_vcpus(f, vcpus, 2);
	assert_int_equal(fx_set(f, FX_SP1, FX_SP8, 0, 0x4), FFN_OK);
	assert_int_equal(info(f, true), FFN_OK);
	assert_int_equal(f->r.x[2],
			 HDR_LISTS(2) | HDR_SIZE(0, 0) | HDR_SIZE(1, 2));
	assert_ids(f, true, ids, 4);
	/* A new per-vCPU bit lists that vCPU only, not the global again. */
	assert_int_equal(fx_set(f, FX_SP1, FX_SP8, PER_VCPU(4), 0x8), FFN_OK);
	assert_int_equal(info(f, true), FFN_OK);
	assert_int_equal(f->r.x[2], HDR_LISTS(1) | HDR_SIZE(0, 1));
	assert_ids(f, true, later, 2);
}

static void drain(struct fx *f, bool is64, const unsigned *counts,
		  unsigned calls, unsigned first_vm)
{
	unsigned next = first_vm;

	for (unsigned c = 0; c < calls; c++) {
		ffn_id_t ids[FFN_INFO_IDS_64];
		bool more = c + 1 < calls;
		assert_int_equal(info(f, is64), FFN_OK);
		assert_int_equal(f->r.x[2],
				 HDR_LISTS(counts[c]) |
					 (more ? FFN_INFO_MORE_PENDING : 0));
		for (unsigned i = 0; i < counts[c]; i++)
			ids[i] = VM(next++);
		assert_ids(f, is64, ids, counts[c]);
	}
	assert_int_equal(info(f, is64), FFN_NO_DATA);
}

static void info_25_receivers_64(void **state)
{
	struct fx *f = *state;
	static const unsigned counts[] = {20, 5};

	pend_vms(f, 25);
	drain(f, true, counts, 2, 0);
}

static void info_25_receivers_32(void **state)
{
	struct fx *f = *state;
	static const unsigned counts[] = {10, 10, 5};

	pend_vms(f, 25);
	drain(f, false, counts, 3, 0);
}

static void info_exactly_full_no_more_pending(void **state)
{
	struct fx *f = *state;
	static const unsigned c64[] = {20};
	static const unsigned c32[] = {10};

	pend_vms(f, 20);
	drain(f, true, c64, 1, 0);
	for (unsigned i = 0; i < 10; i++)
		assert_int_equal(fx_get(f, VM(i), 0, FFN_GET_FLAG_SP), FFN_OK);
	for (unsigned i = 0; i < 10; i++)
		assert_int_equal(fx_set(f, FX_SP1, VM(i), 0, 0x1), FFN_OK);
	drain(f, false, c32, 1, 0);
}

static void info_list_never_split(void **state)
{
	struct fx *f = *state;
	static const uint16_t all[] = {0, 1, 2, 3, 4, 5, 6, 7};
	static const ffn_id_t first[] = {FX_SP8, FX_SP8, 0, 1, 2,
					 FX_SP8, 3,	 4, 5};
	static const ffn_id_t second[] = {FX_SP8, 6, 7, VM(0)};

	/* SP8: global + 8 vCPUs = 12 IDs; then VM(0). _32 holds 10. */
	bind_sp8(f);
	assert_int_equal(fx_set(f, FX_SP1, FX_SP8, 0, 0x4), FFN_OK);
	pend_sp8_vcpus(f, all, 8);
	pend_vms(f, 1);
	assert_int_equal(info(f, false), FFN_OK);
	assert_int_equal(f->r.x[2], FFN_INFO_MORE_PENDING | HDR_LISTS(3) |
					    HDR_SIZE(1, 3) | HDR_SIZE(2, 3));
	assert_ids(f, false, first, 9);
	/* The rest of SP8 comes first, then the next receiver. */
	assert_int_equal(info(f, false), FFN_OK);
	assert_int_equal(f->r.x[2],
			 HDR_LISTS(2) | HDR_SIZE(0, 2) | HDR_SIZE(1, 0));
	assert_ids(f, false, second, 4);
	assert_int_equal(info(f, false), FFN_NO_DATA);
}

/* @nvm single-entry VMs, then SP8 with 8 per-vCPU entries, by _64. */
static void vms_then_sp8(struct fx *f, unsigned nvm)
{
	static const uint16_t all[] = {0, 1, 2, 3, 4, 5, 6, 7};

	pend_vms(f, nvm);
	bind_sp8(f);
	pend_sp8_vcpus(f, all, 8);
}

static void info_list_never_split_64(void **state)
{
	struct fx *f = *state;
	ffn_id_t ids[FFN_INFO_IDS_64];
	static const ffn_id_t rest[] = {FX_SP8, 6, 7};
	static const ffn_id_t sp8[] = {FX_SP8, 0, 1, 2, FX_SP8, 3, 4, 5};
	uint64_t hdr = FFN_INFO_MORE_PENDING | HDR_LISTS(12) | HDR_SIZE(10, 3) |
		       HDR_SIZE(11, 3);

	/* 10 + [R,0,1,2] + [R,3,4,5] = 18 IDs; [R,6,7] needs 3 of 2. */
	vms_then_sp8(f, 10);
	for (unsigned i = 0; i < 10; i++)
		ids[i] = VM(i);
	memcpy(&ids[10], sp8, sizeof(sp8));
	assert_int_equal(info(f, true), FFN_OK);
	assert_int_equal(f->r.x[2], hdr);
	assert_ids(f, true, ids, 18);
	assert_int_equal(info(f, true), FFN_OK);
	assert_int_equal(f->r.x[2], HDR_LISTS(1) | HDR_SIZE(0, 2));
	assert_ids(f, true, rest, 3);
	assert_int_equal(info(f, true), FFN_NO_DATA);
}

static void info_exact_fit_64(void **state)
{
	struct fx *f = *state;
	ffn_id_t ids[FFN_INFO_IDS_64];
	static const ffn_id_t sp8[] = {FX_SP8, 0, 1,	  2, FX_SP8, 3,
				       4,      5, FX_SP8, 6, 7};

	/* 9 + 4 + 4 + 3 = 20 IDs: all fit, nothing more pending. */
	vms_then_sp8(f, 9);
	for (unsigned i = 0; i < 9; i++)
		ids[i] = VM(i);
	memcpy(&ids[9], sp8, sizeof(sp8));
	assert_int_equal(info(f, true), FFN_OK);
	assert_int_equal(f->r.x[2], HDR_LISTS(12) | HDR_SIZE(9, 3) |
					    HDR_SIZE(10, 3) | HDR_SIZE(11, 2));
	assert_ids(f, true, ids, 20);
	assert_int_equal(info(f, true), FFN_NO_DATA);
}

static void info_get_before_info_removes_entry(void **state)
{
	struct fx *f = *state;
	static const uint16_t v[] = {2};

	pend_vms(f, 1);
	assert_int_equal(fx_get(f, VM(0), 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(info(f, true), FFN_NO_DATA);
	/* A per-vCPU entry goes with the GET for that vCPU only. */
	bind_sp8(f);
	pend_sp8_vcpus(f, v, 1);
	assert_int_equal(fx_get(f, FX_SP8, 1, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(info(f, true), FFN_OK);
	assert_int_equal(f->r.x[3], FX_SP8 | (2ull << 16));
	assert_int_equal(fx_get(f, FX_SP8, 2, FFN_GET_FLAG_SP), FFN_OK);
	pend_sp8_vcpus(f, v, 1);
	assert_int_equal(fx_sp(f, FX_SP8, 0, FFN_FID_NOTIFICATION_GET,
			       (2u << 16) | FX_SP8, FFN_GET_FLAG_SP, 0, 0),
			 FFN_OK);
	assert_int_equal(info(f, true), FFN_NO_DATA);
}

static void info_partial_get_keeps_entry(void **state)
{
	struct fx *f = *state;

	/* SP1 has bit 0 pending from SP8 and from a VM. */
	assert_int_equal(fx_bind(f, FX_SP8, FX_SP1, 0x1, false), FFN_OK);
	assert_int_equal(fx_bind(f, 0x0005, FX_SP1, 0x1, false), FFN_OK);
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(fx_set(f, 0x0005, FX_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(fx_get(f, FX_SP1, 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(info(f, true), FFN_OK);
	assert_int_equal(f->r.x[3], FX_SP1);
}

static void info_vcpus_across_words(void **state)
{
	static const struct ffn_spmc_sp_desc sps[] = {
		{.id = 0x8001, .vcpu_count = 1, .notifications = true},
	};
	/* One VM of 300 vCPUs: a world of its own, nobody watching. */
	struct ffn_hw_desc d = {
		.cpus = 1,
		.sps = sps,
		.sp_count = 1,
		.vm_capacity = 1,
		.vm_max_vcpus = 300,
	};
	static const uint16_t set_order[] = {257, 64, 0, 128, 63, 299};
	static const ffn_id_t ids[] = {0x0007, 0,   63,	 64,
				       0x0007, 128, 257, 299};
	struct ffn_hw *hw = calloc(1, sizeof(*hw));
	struct ffn_spmc *spmc = &hw->spmc;
	struct ffn_regs r;
	struct fx view_of = {0};

	(void)state;
	assert_non_null(hw);
	assert_int_equal(ffn_hw_init(hw, &d), 0);
	ffn_regs_init(&r, FFN_FID_NOTIFICATION_BITMAP_CREATE);
	r.x[1] = 0x0007;
	r.x[2] = 300;
	ffn_spmc_call_ns(spmc, 0, &r);
	assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
	ffn_regs_init(&r, FFN_FID_NOTIFICATION_BIND);
	r.x[1] = ffn_w1_pack(0x8001, 0x0007);
	r.x[2] = FFN_NOTIF_FLAG_PER_VCPU;
	r.x[3] = 0x1;
	ffn_spmc_call_ns(spmc, 0, &r);
	assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
	/* vCPUs in 5 different 64-bit words of the report bitmap. */
	for (unsigned i = 0; i < sizeof(set_order) / sizeof(set_order[0]);
	     i++) {
		ffn_regs_init(&r, FFN_FID_NOTIFICATION_SET);
		r.x[1] = ffn_w1_pack(0x8001, 0x0007);
		r.x[2] = PER_VCPU(set_order[i]);
		r.x[3] = 0x1;
		ffn_spmc_call_sp(spmc, 0x8001, 0, 0, &r);
		assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
	}
	ffn_regs_init(&r, FFN_FID_NOTIFICATION_INFO_GET_64);
	ffn_spmc_call_ns(spmc, 0, &r);
	assert_int_equal(r.x[0], FFN_FID_SUCCESS_64);
	assert_int_equal(r.x[2],
			 HDR_LISTS(2) | HDR_SIZE(0, 3) | HDR_SIZE(1, 3));
	view_of.r = r;
	assert_ids(&view_of, true, ids, 8);
	ffn_hw_fini(hw);
	free(hw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(info_from_sp_not_supported),
		T(info_mbz),
		T(info_64_checks_upper_halves_32_ignores_them),
		T(info_no_data),
		T(info_single_global_entry),
		T(info_reported_once_until_get),
		T(info_arrival_order),
		T(info_eight_vcpus_three_to_a_list),
		T(info_global_first_then_vcpus),
		T(info_25_receivers_64),
		T(info_25_receivers_32),
		T(info_exactly_full_no_more_pending),
		T(info_list_never_split),
		T(info_list_never_split_64),
		T(info_exact_fit_64),
		T(info_get_before_info_removes_entry),
		T(info_partial_get_keeps_entry),
		T(info_vcpus_across_words),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
