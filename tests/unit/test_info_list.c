// SPDX-License-Identifier: BSD-3-Clause
/*
 * The INFO_GET list codec (include/ffn/info_list.h; docs/abi.md, INFO_GET
 * and C7): header layout, ID packing in both conventions, lists never split,
 * reserved bits and unused slots zero, and the reader's validation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ffn/info_list.h"

#define HDR_LISTS(n) ((uint64_t)(n) << FFN_INFO_LIST_COUNT_SHIFT)
#define HDR_SIZE(i, n) ((uint64_t)(n) << (FFN_INFO_LIST_SIZE_SHIFT + 2u * (i)))

static void dirty(struct ffn_regs *r)
{
	memset(r, 0xA5, sizeof(*r));
}

static void writer_init_zeroes_the_result(void **state)
{
	struct ffn_regs r;
	struct ffn_info_writer w;

	(void)state;
	dirty(&r);
	ffn_info_writer_init(&w, &r, true);
	/* x0-x7 are the result; x8-x17 stay the caller's (docs/abi.md). */
	for (unsigned i = 0; i < FFN_REG_COUNT; i++)
		assert_int_equal(r.x[i], i < 8 ? 0 : 0xA5A5A5A5A5A5A5A5ull);
	assert_int_equal(ffn_info_writer_room(&w), 20);
	ffn_info_writer_init(&w, &r, false);
	assert_int_equal(ffn_info_writer_room(&w), 10);
}

static void writer_64_packs_four_per_register(void **state)
{
	struct ffn_regs r;
	struct ffn_info_writer w;
	static const uint16_t v3[] = {0, 1, 2};
	static const uint16_t v1[] = {7};

	(void)state;
	dirty(&r);
	ffn_info_writer_init(&w, &r, true);
	assert_int_equal(ffn_info_writer_add(&w, 0x8003, v3, 3), FFN_OK);
	assert_int_equal(ffn_info_writer_add(&w, 0x0001, NULL, 0), FFN_OK);
	assert_int_equal(ffn_info_writer_add(&w, 0x8001, v1, 1), FFN_OK);
	assert_int_equal(ffn_info_writer_room(&w), 13);
	assert_int_equal(ffn_info_writer_finish(&w, false), 3);
	assert_int_equal(r.x[0], FFN_FID_SUCCESS_64);
	assert_int_equal(r.x[1], 0);
	assert_int_equal(r.x[2], HDR_LISTS(3) | HDR_SIZE(0, 3) |
					 HDR_SIZE(1, 0) | HDR_SIZE(2, 1));
	assert_int_equal(r.x[3], 0x0002000100008003ull);
	assert_int_equal(r.x[4], 0x0000000780010001ull);
	for (unsigned i = 5; i < 8; i++)
		assert_int_equal(r.x[i], 0);
}

static void writer_32_packs_two_per_register(void **state)
{
	struct ffn_regs r;
	struct ffn_info_writer w;
	static const uint16_t v2[] = {6, 7};

	(void)state;
	dirty(&r);
	ffn_info_writer_init(&w, &r, false);
	assert_int_equal(ffn_info_writer_add(&w, 0x8003, v2, 2), FFN_OK);
	assert_int_equal(ffn_info_writer_add(&w, 0x0005, NULL, 0), FFN_OK);
	assert_int_equal(ffn_info_writer_finish(&w, true), 2);
	assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
	assert_int_equal(r.x[2],
			 FFN_INFO_MORE_PENDING | HDR_LISTS(2) | HDR_SIZE(0, 2));
	/* Low 32 bits only: the upper halves stay zero. */
	assert_int_equal(r.x[3], 0x00068003ull);
	assert_int_equal(r.x[4], 0x00050007ull);
	for (unsigned i = 5; i < 8; i++)
		assert_int_equal(r.x[i], 0);
}

static void writer_never_splits_a_list(void **state)
{
	struct ffn_regs r, before;
	struct ffn_info_writer w;
	static const uint16_t v3[] = {1, 2, 3};

	(void)state;
	ffn_info_writer_init(&w, &r, false);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(ffn_info_writer_add(&w, 0x10, NULL, 0),
				 FFN_OK);
	assert_int_equal(ffn_info_writer_add(&w, 0x20, v3, 3), FFN_OK);
	/* 8 used, 2 left: a 4-ID list does not fit and writes nothing. */
	before = r;
	assert_int_equal(ffn_info_writer_add(&w, 0x30, v3, 3), FFN_NO_MEMORY);
	assert_memory_equal(&r, &before, sizeof(r));
	assert_int_equal(ffn_info_writer_room(&w), 2);
	assert_int_equal(ffn_info_writer_add(&w, 0x30, v3, 1), FFN_OK);
	assert_int_equal(ffn_info_writer_room(&w), 0);
	assert_int_equal(ffn_info_writer_add(&w, 0x40, NULL, 0), FFN_NO_MEMORY);
	assert_int_equal(ffn_info_writer_finish(&w, true), 6);
	assert_int_equal(r.x[2], FFN_INFO_MORE_PENDING | HDR_LISTS(6) |
					 HDR_SIZE(4, 3) | HDR_SIZE(5, 1));
	assert_int_equal(r.x[7], 0x00010030ull);
}

static void writer_rejects_four_vcpus(void **state)
{
	struct ffn_regs r;
	struct ffn_info_writer w;
	static const uint16_t v4[] = {0, 1, 2, 3};

	(void)state;
	ffn_info_writer_init(&w, &r, true);
	assert_int_equal(ffn_info_writer_add(&w, 0x1, v4, 4),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(ffn_info_writer_room(&w), 20);
}

static void writer_twenty_lists_64(void **state)
{
	struct ffn_regs r;
	struct ffn_info_writer w;

	(void)state;
	ffn_info_writer_init(&w, &r, true);
	for (unsigned i = 0; i < 20; i++)
		assert_int_equal(
			ffn_info_writer_add(&w, (ffn_id_t)(i + 1), NULL, 0),
			FFN_OK);
	assert_int_equal(ffn_info_writer_finish(&w, false), 20);
	assert_int_equal(r.x[2], HDR_LISTS(20));
	assert_int_equal(r.x[7], 0x0014001300120011ull);
}

/* Round trip through the reader. */
static void reader_round_trip(void **state)
{
	for (int k = 0; k < 2; k++) {
		bool is64 = k == 1;
		struct ffn_regs r;
		struct ffn_info_writer w;
		struct ffn_info_reader rd;
		struct ffn_info_entry e;
		static const uint16_t v3[] = {4, 5, 6};
		static const uint16_t v2[] = {9, 10};

		(void)state;
		ffn_info_writer_init(&w, &r, is64);
		assert_int_equal(ffn_info_writer_add(&w, 0x8003, v3, 3),
				 FFN_OK);
		assert_int_equal(ffn_info_writer_add(&w, 0x0000, NULL, 0),
				 FFN_OK);
		assert_int_equal(ffn_info_writer_add(&w, 0x7FFF, v2, 2),
				 FFN_OK);
		ffn_info_writer_finish(&w, true);

		assert_int_equal(ffn_info_reader_init(&rd, &r, is64), FFN_OK);
		assert_true(ffn_info_reader_more(&rd));
		assert_true(ffn_info_reader_next(&rd, &e));
		assert_int_equal(e.id, 0x8003);
		assert_int_equal(e.vcpu_count, 3);
		assert_int_equal(e.vcpus[0], 4);
		assert_int_equal(e.vcpus[2], 6);
		assert_true(ffn_info_reader_next(&rd, &e));
		assert_int_equal(e.id, 0);
		assert_int_equal(e.vcpu_count, 0);
		assert_true(ffn_info_reader_next(&rd, &e));
		assert_int_equal(e.id, 0x7FFF);
		assert_int_equal(e.vcpu_count, 2);
		assert_int_equal(e.vcpus[0], 9);
		assert_int_equal(e.vcpus[1], 10);
		assert_int_equal(e.vcpus[2], 0);
		assert_false(ffn_info_reader_next(&rd, &e));
	}
}

static void reader_errors_pass_through(void **state)
{
	struct ffn_regs r;
	struct ffn_info_reader rd;

	(void)state;
	ffn_regs_error(&r, FFN_NO_DATA);
	assert_int_equal(ffn_info_reader_init(&rd, &r, true), FFN_NO_DATA);
	ffn_regs_error(&r, FFN_NOT_SUPPORTED);
	assert_int_equal(ffn_info_reader_init(&rd, &r, false),
			 FFN_NOT_SUPPORTED);
}

static void reader_rejects_bad_replies(void **state)
{
	struct ffn_regs r;
	struct ffn_info_reader rd;

	(void)state;
	/* The other convention's success ID. */
	ffn_regs_init(&r, FFN_FID_SUCCESS_32);
	r.x[2] = HDR_LISTS(1);
	assert_int_equal(ffn_info_reader_init(&rd, &r, true),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(ffn_info_reader_init(&rd, &r, false), FFN_OK);
	/* Reserved bits [6:1]. */
	r.x[2] = HDR_LISTS(1) | 0x2;
	assert_int_equal(ffn_info_reader_init(&rd, &r, false),
			 FFN_INVALID_PARAMETERS);
	/* A size for a list past the count. */
	r.x[2] = HDR_LISTS(1) | HDR_SIZE(1, 1);
	assert_int_equal(ffn_info_reader_init(&rd, &r, false),
			 FFN_INVALID_PARAMETERS);
	/* More IDs than slots: 3 lists of 4 IDs in _32 (10 slots). */
	r.x[2] =
		HDR_LISTS(3) | HDR_SIZE(0, 3) | HDR_SIZE(1, 3) | HDR_SIZE(2, 3);
	assert_int_equal(ffn_info_reader_init(&rd, &r, false),
			 FFN_INVALID_PARAMETERS);
	/* ... which fits in _64. */
	r.x[0] = FFN_FID_SUCCESS_64;
	assert_int_equal(ffn_info_reader_init(&rd, &r, true), FFN_OK);
	/* 11 lists in _32, 21 in _64. */
	r.x[0] = FFN_FID_SUCCESS_32;
	r.x[2] = HDR_LISTS(11);
	assert_int_equal(ffn_info_reader_init(&rd, &r, false),
			 FFN_INVALID_PARAMETERS);
	r.x[0] = FFN_FID_SUCCESS_64;
	r.x[2] = HDR_LISTS(21);
	assert_int_equal(ffn_info_reader_init(&rd, &r, true),
			 FFN_INVALID_PARAMETERS);
	/* Bits above the 20 list sizes in _64. */
	r.x[2] = HDR_LISTS(1) | (1ull << 52);
	assert_int_equal(ffn_info_reader_init(&rd, &r, true),
			 FFN_INVALID_PARAMETERS);
	/* A plain non-INFO result. */
	ffn_regs_init(&r, FFN_FID_MSG_WAIT);
	assert_int_equal(ffn_info_reader_init(&rd, &r, true),
			 FFN_INVALID_PARAMETERS);
}

static void reader_32_ignores_upper_halves(void **state)
{
	struct ffn_regs r;
	struct ffn_info_reader rd;
	struct ffn_info_entry e;

	(void)state;
	ffn_regs_init(&r, FFN_FID_SUCCESS_32);
	r.x[2] = 0xFFFFFFFF00000000ull | HDR_LISTS(1) | HDR_SIZE(0, 1);
	r.x[3] = 0xDEADBEEF00028001ull;
	assert_int_equal(ffn_info_reader_init(&rd, &r, false), FFN_OK);
	assert_true(ffn_info_reader_next(&rd, &e));
	assert_int_equal(e.id, 0x8001);
	assert_int_equal(e.vcpu_count, 1);
	assert_int_equal(e.vcpus[0], 2);
	assert_false(ffn_info_reader_next(&rd, &e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(writer_init_zeroes_the_result),
		cmocka_unit_test(writer_64_packs_four_per_register),
		cmocka_unit_test(writer_32_packs_two_per_register),
		cmocka_unit_test(writer_never_splits_a_list),
		cmocka_unit_test(writer_rejects_four_vcpus),
		cmocka_unit_test(writer_twenty_lists_64),
		cmocka_unit_test(reader_round_trip),
		cmocka_unit_test(reader_errors_pass_through),
		cmocka_unit_test(reader_rejects_bad_replies),
		cmocka_unit_test(reader_32_ignores_upper_halves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
