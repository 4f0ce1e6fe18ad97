// SPDX-License-Identifier: BSD-3-Clause
/*
 * struct ffn_bindings: the bit-sliced sender planes and the one-ID sender
 * cache must agree with a plain per-ID model through any sequence of
 * binds and unbinds, single or multi-ID.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ffn/impl/bindings.h"

#define S1 0x8001u
#define S2 0x8002u
#define S3 0xFFFEu

static void test_single_and_multi(void **state)
{
	struct ffn_bindings b;

	(void)state;
	ffn_bindings_reset(&b);
	ffn_bindings_bind(&b, S1, 1ull << 5, false);
	assert_true(ffn_bindings_all_bound_to(&b, S1, 1ull << 5));
	assert_false(ffn_bindings_all_bound_to(&b, S2, 1ull << 5));
	assert_false(ffn_bindings_all_bound_to(&b, S1, 1ull << 6));

	ffn_bindings_bind(&b, S2, (1ull << 6) | (1ull << 63), true);
	assert_true(ffn_bindings_all_bound_to(&b, S2, 1ull << 63));
	assert_true(ffn_bindings_all_bound_to(&b, S2, 1ull << 6));
	assert_false(ffn_bindings_all_bound_to(&b, S1, 1ull << 6));
	assert_false(
		ffn_bindings_all_bound_to(&b, S2, (1ull << 5) | (1ull << 6)));
	assert_true(
		ffn_bindings_all_bound_to(&b, S2, (1ull << 6) | (1ull << 63)));
	assert_int_equal(b.per_vcpu, (1ull << 6) | (1ull << 63));
}

/* A stale cached sender must never answer for a re-bound ID. */
static void test_rebind_invalidates_cache(void **state)
{
	struct ffn_bindings b;

	(void)state;
	ffn_bindings_reset(&b);
	ffn_bindings_bind(&b, S1, 1ull << 5, false);
	assert_true(ffn_bindings_all_bound_to(&b, S1, 1ull << 5));
	ffn_bindings_unbind(&b, 1ull << 5);
	assert_false(ffn_bindings_all_bound_to(&b, S1, 1ull << 5));
	/* Re-bound to another sender by a multi-ID BIND. */
	ffn_bindings_bind(&b, S2, (1ull << 5) | (1ull << 7), false);
	assert_false(ffn_bindings_all_bound_to(&b, S1, 1ull << 5));
	assert_true(ffn_bindings_all_bound_to(&b, S2, 1ull << 5));
	/* The refilled cache answers the same afterwards. */
	assert_true(ffn_bindings_all_bound_to(&b, S2, 1ull << 5));
	assert_false(ffn_bindings_all_bound_to(&b, S1, 1ull << 5));
	assert_int_equal(ffn_bindings_sender_of(&b, 5, true), S2);
}

/* Random operations against a per-ID model. */
static void test_against_model(void **state)
{
	static const ffn_id_t senders[] = {S1, S2, S3, 0x8000u};
	uint16_t model[64];
	uint64_t bound = 0, rng = 0x9E3779B97F4A7C15ull;
	struct ffn_bindings b;

	(void)state;
	ffn_bindings_reset(&b);
	for (unsigned step = 0; step < 200000; step++) {
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		ffn_id_t s = senders[rng % 4];
		uint64_t mask = (rng >> 8) % 3 == 0
					? (rng >> 16)
					: 1ull << ((rng >> 16) % 64);
		unsigned op = (unsigned)(rng >> 40) % 3;
		bool expect;

		if (mask == 0)
			continue;
		if (op == 0 && (bound & mask) == 0) {
			ffn_bindings_bind(&b, s, mask, false);
			for (unsigned i = 0; i < 64; i++)
				if (mask & (1ull << i))
					model[i] = s;
			bound |= mask;
		} else if (op == 1 && (bound & mask) == mask) {
			ffn_bindings_unbind(&b, mask);
			bound &= ~mask;
		}
		expect = (mask & ~bound) == 0;
		for (unsigned i = 0; i < 64 && expect; i++)
			if ((mask & (1ull << i)) && model[i] != s)
				expect = false;
		assert_int_equal(ffn_bindings_all_bound_to(&b, s, mask),
				 expect);
		assert_int_equal(b.bound, bound);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_and_multi),
		cmocka_unit_test(test_rebind_invalidates_cache),
		cmocka_unit_test(test_against_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
