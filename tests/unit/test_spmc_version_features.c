// SPDX-License-Identifier: BSD-3-Clause
/*
 * SPMC engine: FFA_VERSION and FFA_FEATURES (docs/abi.md: common
 * definitions; docs/spmc.md decisions).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "spmc_fixture.h"

#define VM1 0x0001u

/* Callers: the normal world (0), and the fixture's SPs. */
enum kind { NS, SEL1, SEL0, NONOTIF, KINDS };
static const ffn_id_t kind_id[KINDS] = {0, FX_SP1, FX_SP_EL0, FX_SP_NONOTIF};

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

static int32_t call(struct fx *f, enum kind k, uint32_t fid, uint64_t w1,
		    uint64_t w2)
{
	if (k == NS)
		return fx_ns(f, fid, w1, w2, 0, 0);
	return fx_sp(f, kind_id[k], 0, fid, w1, w2, 0, 0);
}

static void assert_only_w0(const struct fx *f, uint64_t w0)
{
	assert_int_equal(f->r.x[0], w0);
	for (unsigned i = 1; i < FFN_REG_COUNT; i++)
		assert_int_equal(f->r.x[i], 0);
}

/* FFA_FEATURES(@w1) from @k: success with w2 == @value, or @err. */
static void features(struct fx *f, enum kind k, uint32_t w1, int32_t err,
		     uint32_t value)
{
	int32_t got = call(f, k, FFN_FID_FEATURES, w1, 0);

	if (got != err)
		fail_msg("FFA_FEATURES(0x%x) from kind %d: got %d, want %d", w1,
			 (int)k, got, err);
	if (err != FFN_OK)
		return;
	assert_int_equal(f->r.x[0], FFN_FID_SUCCESS_32);
	assert_int_equal(f->r.x[1], 0);
	assert_int_equal(f->r.x[2], value);
	for (unsigned i = 3; i < FFN_REG_COUNT; i++)
		assert_int_equal(f->r.x[i], 0);
}

/* ---- FFA_VERSION ---- */

static void version_answers_1_2(void **state)
{
	struct fx *f = *state;
	static const uint32_t asked[] = {FFN_VERSION_1_0, FFN_VERSION_1_1,
					 FFN_VERSION_1_2, FFN_VERSION(1, 5),
					 FFN_VERSION(1, 0xFFFF)};

	for (unsigned i = 0; i < sizeof(asked) / sizeof(asked[0]); i++) {
		call(f, NS, FFN_FID_VERSION, asked[i], 0);
		assert_only_w0(f, 0x10002);
		call(f, SEL1, FFN_FID_VERSION, asked[i], 0);
		assert_only_w0(f, 0x10002);
	}
}

static void version_not_supported_in_w0(void **state)
{
	struct fx *f = *state;
	static const uint32_t bad[] = {0x80010002u, FFN_VERSION(2, 0),
				       FFN_VERSION(0, 9), 0xFFFFFFFFu};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		call(f, NS, FFN_FID_VERSION, bad[i], 0);
		/* sign-extended into x0 (docs/abi.md, registers) */
		assert_only_w0(f, 0xFFFFFFFFFFFFFFFFull);
		call(f, SEL0, FFN_FID_VERSION, bad[i], 0);
		assert_only_w0(f, 0xFFFFFFFFFFFFFFFFull);
	}
	/* A refused request leaves the negotiated version as it was. */
	assert_int_equal(fx_create(f, VM1, 1), FFN_OK);
}

static const uint32_t notif_fids[] = {
	FFN_FID_NOTIFICATION_BITMAP_CREATE, FFN_FID_NOTIFICATION_BITMAP_DESTROY,
	FFN_FID_NOTIFICATION_BIND,	    FFN_FID_NOTIFICATION_UNBIND,
	FFN_FID_NOTIFICATION_SET,	    FFN_FID_NOTIFICATION_GET,
	FFN_FID_NOTIFICATION_INFO_GET_32,   FFN_FID_NOTIFICATION_INFO_GET_64,
};
#define NOTIF_FIDS (sizeof(notif_fids) / sizeof(notif_fids[0]))

static void version_1_0_hides_notifications_ns(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_create(f, VM1, 1), FFN_OK);
	assert_int_equal(fx_bind(f, FX_SP1, VM1, 0x1, false), FFN_OK);
	assert_int_equal(fx_set(f, FX_SP1, VM1, 0, 0x1), FFN_OK);
	call(f, NS, FFN_FID_VERSION, FFN_VERSION_1_0, 0);
	assert_only_w0(f, 0x10002);
	/* Valid calls otherwise: each would succeed at 1.1. */
	assert_int_equal(fx_create(f, 0x2, 1), FFN_NOT_SUPPORTED);
	assert_int_equal(fx_destroy(f, VM1), FFN_NOT_SUPPORTED);
	assert_int_equal(fx_bind(f, FX_SP1, VM1, 0x2, false),
			 FFN_NOT_SUPPORTED);
	assert_int_equal(fx_unbind(f, FX_SP1, VM1, 0x1), FFN_NOT_SUPPORTED);
	assert_int_equal(fx_get(f, VM1, 0, FFN_GET_FLAG_SP), FFN_NOT_SUPPORTED);
	assert_int_equal(call(f, NS, FFN_FID_NOTIFICATION_INFO_GET_32, 0, 0),
			 FFN_NOT_SUPPORTED);
	assert_int_equal(call(f, NS, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0),
			 FFN_NOT_SUPPORTED);
	for (unsigned i = 0; i < NOTIF_FIDS; i++)
		features(f, NS, notif_fids[i], FFN_NOT_SUPPORTED, 0);
	features(f, NS, FFN_FEAT_SRI, FFN_NOT_SUPPORTED, 0);
	/* The SP's side is unaffected: its SET still works. */
	assert_int_equal(fx_set(f, FX_SP1, VM1, 0, 0x1), FFN_OK);
	/* Back to 1.1: the pending bit is still there. */
	call(f, NS, FFN_FID_VERSION, FFN_VERSION_1_1, 0);
	assert_int_equal(fx_get(f, VM1, 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 0x1);
	features(f, NS, FFN_FEAT_SRI, FFN_OK, 8);
}

static void version_1_0_hides_notifications_sp(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_bind(f, FX_SP8, FX_SP1, 0x1, false), FFN_OK);
	call(f, SEL1, FFN_FID_VERSION, FFN_VERSION_1_0, 0);
	assert_int_equal(fx_set(f, FX_SP1, FX_SP8, 0, 0x1), FFN_NOT_SUPPORTED);
	assert_int_equal(fx_get(f, FX_SP1, 0, FFN_GET_FLAG_SP),
			 FFN_NOT_SUPPORTED);
	features(f, SEL1, FFN_FID_NOTIFICATION_SET, FFN_NOT_SUPPORTED, 0);
	features(f, SEL1, FFN_FEAT_NPI, FFN_NOT_SUPPORTED, 0);
	/* Another SP is unaffected. */
	assert_int_equal(fx_set(f, FX_SP8, FX_SP1, 0, 0x1), FFN_OK);
	features(f, NS, FFN_FID_NOTIFICATION_SET, FFN_OK, 0);
}

static void version_newer_minor_keeps_notifications(void **state)
{
	struct fx *f = *state;

	call(f, NS, FFN_FID_VERSION, FFN_VERSION(1, 3), 0);
	assert_only_w0(f, FFN_VERSION_1_2);
	assert_int_equal(fx_create(f, VM1, 1), FFN_OK);
}

/* ---- FFA_FEATURES: feature IDs ---- */

static void features_npi(void **state)
{
	struct fx *f = *state;

	features(f, SEL1, FFN_FEAT_NPI, FFN_OK, 5);
	features(f, SEL0, FFN_FEAT_NPI, FFN_NOT_SUPPORTED, 0);
	features(f, NS, FFN_FEAT_NPI, FFN_NOT_SUPPORTED, 0);
	features(f, NONOTIF, FFN_FEAT_NPI, FFN_NOT_SUPPORTED, 0);
}

static void features_sri(void **state)
{
	struct fx *f = *state;

	features(f, NS, FFN_FEAT_SRI, FFN_OK, 8);
	features(f, SEL1, FFN_FEAT_SRI, FFN_NOT_SUPPORTED, 0);
	features(f, SEL0, FFN_FEAT_SRI, FFN_NOT_SUPPORTED, 0);
	features(f, NONOTIF, FFN_FEAT_SRI, FFN_NOT_SUPPORTED, 0);
}

static void features_mei(void **state)
{
	struct fx *f = *state;

	features(f, SEL1, FFN_FEAT_MEI, FFN_OK, 4);
	features(f, NONOTIF, FFN_FEAT_MEI, FFN_OK, 4);
	features(f, SEL0, FFN_FEAT_MEI, FFN_NOT_SUPPORTED, 0);
	features(f, NS, FFN_FEAT_MEI, FFN_NOT_SUPPORTED, 0);
}

static void features_notification_id_4(void **state)
{
	struct fx *f = *state;

	/* Per-vCPU supported for VMs and SPs: bits 0 and 1 clear. */
	for (int k = 0; k < KINDS; k++)
		features(f, (enum kind)k, FFN_FEAT_NOTIFICATION, FFN_OK, 0);
}

static void features_reserved_bits_and_w2(void **state)
{
	struct fx *f = *state;
	static const uint32_t bad[] = {
		0x102, 0x40000002u, 0x00800001u, 0x7FFFFF04u, 0x0, 0x5, 0xFF};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		features(f, NS, bad[i], FFN_NOT_SUPPORTED, 0);
		features(f, SEL1, bad[i] == 0x102 ? 0x101 : bad[i],
			 FFN_NOT_SUPPORTED, 0);
	}
	/* w2 (input properties) must be 0, for feature IDs and FIDs. */
	assert_int_equal(call(f, NS, FFN_FID_FEATURES, FFN_FEAT_SRI, 1),
			 FFN_NOT_SUPPORTED);
	assert_int_equal(
		call(f, SEL1, FFN_FID_FEATURES, FFN_FEAT_NPI, 0x80000000u),
		FFN_NOT_SUPPORTED);
	assert_int_equal(
		call(f, NS, FFN_FID_FEATURES, FFN_FID_NOTIFICATION_SET, 1),
		FFN_NOT_SUPPORTED);
}

static void features_w3_to_w7_mbz(void **state)
{
	struct fx *f = *state;

	for (unsigned i = 3; i <= 7; i++) {
		struct ffn_regs in;
		ffn_regs_init(&in, FFN_FID_FEATURES);
		in.x[1] = FFN_FEAT_SRI;
		in.x[i] = 1;
		assert_int_equal(fx_ns_regs(f, &in), FFN_INVALID_PARAMETERS);
	}
}

/* ---- FFA_FEATURES: function IDs ---- */

static void features_fids_per_caller(void **state)
{
	struct fx *f = *state;
	/* Expected SUCCESS (1) or NOT_SUPPORTED (0) per kind. */
	static const struct {
		uint32_t fid;
		bool ok[KINDS]; /* NS, SEL1, SEL0, NONOTIF */
	} rows[] = {
		{FFN_FID_NOTIFICATION_BITMAP_CREATE, {1, 0, 0, 0}},
		{FFN_FID_NOTIFICATION_BITMAP_DESTROY, {1, 0, 0, 0}},
		{FFN_FID_NOTIFICATION_BIND, {1, 1, 1, 0}},
		{FFN_FID_NOTIFICATION_UNBIND, {1, 1, 1, 0}},
		{FFN_FID_NOTIFICATION_SET, {1, 1, 1, 1}},
		{FFN_FID_NOTIFICATION_GET, {1, 1, 1, 0}},
		{FFN_FID_NOTIFICATION_INFO_GET_32, {1, 0, 0, 0}},
		{FFN_FID_NOTIFICATION_INFO_GET_64, {1, 0, 0, 0}},
		{FFN_FID_RUN, {1, 0, 0, 0}},
		{FFN_FID_MSG_WAIT, {0, 1, 1, 1}},
		{FFN_FID_VERSION, {1, 1, 1, 1}},
		{FFN_FID_FEATURES, {1, 1, 1, 1}},
		{0x84000099u, {0, 0, 0, 0}},
		{0xC4000082u, {0, 0, 0, 0}}, /* no 64-bit GET */
		{0xC400007Fu, {0, 0, 0, 0}}, /* no 64-bit BIND */
		{0xFFFFFFFFu, {0, 0, 0, 0}},
	};

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		for (int k = 0; k < KINDS; k++)
			features(f, (enum kind)k, rows[i].fid,
				 rows[i].ok[k] ? FFN_OK : FFN_NOT_SUPPORTED, 0);
}

static void unknown_fid_not_supported(void **state)
{
	struct fx *f = *state;

	assert_int_equal(fx_ns(f, 0x84000099u, 0, 0, 0, 0), FFN_NOT_SUPPORTED);
	assert_int_equal(fx_sp(f, FX_SP1, 0, 0xC4000082u, FX_SP1, 1, 0, 0),
			 FFN_NOT_SUPPORTED);
}

/* FFA_ERROR: w1 = 0, w2 = the code, every other register 0 (docs/abi.md). */
static void errors_have_clean_registers(void **state)
{
	struct fx *f = *state;
	static const struct {
		enum kind k;
		uint32_t fid;
		uint64_t w1, w2;
		int32_t err;
	} rows[] = {
		{SEL1, FFN_FID_NOTIFICATION_BITMAP_CREATE, VM1, 1,
		 FFN_NOT_SUPPORTED},
		{NS, FFN_FID_NOTIFICATION_BITMAP_DESTROY, VM1, 0, FFN_DENIED},
		{NS, FFN_FID_NOTIFICATION_BIND, 0xFFFFFFFFu, 0xFFFFFFFFu,
		 FFN_INVALID_PARAMETERS},
		{SEL1, FFN_FID_NOTIFICATION_UNBIND, 0x80088001u, 0,
		 FFN_INVALID_PARAMETERS},
		{NS, FFN_FID_NOTIFICATION_SET, 0x00018001u, 0xFFFF0002u,
		 FFN_INVALID_PARAMETERS},
		{NONOTIF, FFN_FID_NOTIFICATION_GET, FX_SP_NONOTIF, 1,
		 FFN_NOT_SUPPORTED},
		{NS, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, FFN_NO_DATA},
		{NS, FFN_FID_RUN, 0x80010005u, 0, FFN_INVALID_PARAMETERS},
		{NS, FFN_FID_MSG_WAIT, 0, 0, FFN_NOT_SUPPORTED},
		{NS, FFN_FID_FEATURES, 0x7FFFFFFFu, 0, FFN_NOT_SUPPORTED},
		{SEL0, 0x8400FFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu,
		 FFN_NOT_SUPPORTED},
	};

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(
			call(f, rows[i].k, rows[i].fid, rows[i].w1, rows[i].w2),
			rows[i].err);
		assert_int_equal(f->r.x[0], FFN_FID_ERROR);
		assert_int_equal(f->r.x[1], 0);
		assert_int_equal(f->r.x[2], (uint64_t)(int64_t)rows[i].err);
		for (unsigned j = 3; j < FFN_REG_COUNT; j++)
			assert_int_equal(f->r.x[j], 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(version_answers_1_2),
		T(version_not_supported_in_w0),
		T(version_1_0_hides_notifications_ns),
		T(version_1_0_hides_notifications_sp),
		T(version_newer_minor_keeps_notifications),
		T(features_npi),
		T(features_sri),
		T(features_mei),
		T(features_notification_id_4),
		T(features_reserved_bits_and_w2),
		T(features_w3_to_w7_mbz),
		T(features_fids_per_caller),
		T(unknown_fid_not_supported),
		T(errors_have_clean_registers),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
