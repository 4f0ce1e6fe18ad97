// SPDX-License-Identifier: BSD-3-Clause
/*
 * ABI conformance rules shared by the roles (docs/abi.md): the SPMC and
 * the mediator answer the same question the same way, SMC64 registers are
 * 64 bits wide at every layer, the v1.2 fields that are not MBZ are
 * accepted, and FFA_RUN runs an MP SP's vCPU N only on CPU N.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fake_host.h"

#define VM1 1u
#define VM2 2u

struct q {
	uint32_t fid;
	uint64_t x1, x2, x3, x7;
};

/* The SPMC (asked by the hypervisor) and the mediator (asked by a guest). */
static void ask_both(const struct q *q, struct ffn_regs *spmc,
		     struct ffn_regs *med)
{
	struct fake_host *h = fh_new(NULL);

	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	ffn_regs_init(spmc, q->fid);
	spmc->x[1] = q->x1;
	spmc->x[2] = q->x2;
	spmc->x[3] = q->x3;
	spmc->x[7] = q->x7;
	*med = *spmc;
	ffn_spmc_call_ns(&h->w.spmc, 0, spmc);
	ffn_mediator_call(&h->w.med, fh_vm(h, VM1)->med, 0, 0, med);
	fh_free(h);
}

/* FFA_VERSION and FFA_FEATURES: one rule at the SPMC and the mediator. */
static void test_version_features_one_rule(void **state)
{
	static const struct q qs[] = {
		{FFN_FID_VERSION, 0, 0, 0, 0},
		{FFN_FID_VERSION, FFN_VERSION(2, 0), 0, 0, 0},
		{FFN_FID_VERSION, FFN_VERSION(0, 9), 0, 0, 0},
		{FFN_FID_VERSION, FFN_VERSION(0x7FFF, 0), 0, 0, 0},
		{FFN_FID_VERSION, 0x80010002u, 0, 0, 0},
		{FFN_FID_VERSION, FFN_VERSION_1_1, 0, 0, 0},
		{FFN_FID_VERSION, FFN_VERSION(1, 9), 0, 0, 0},
		{FFN_FID_FEATURES, FFN_FID_NOTIFICATION_SET, 1, 0, 0},
		{FFN_FID_FEATURES, FFN_FID_NOTIFICATION_GET, 0x80000000u, 0, 0},
		{FFN_FID_FEATURES, FFN_FID_FEATURES, 2, 0, 0},
		{FFN_FID_FEATURES, FFN_FEAT_SRI, 1, 0, 0},
		{FFN_FID_FEATURES, FFN_FID_NOTIFICATION_SET, 0, 1, 0},
		{FFN_FID_FEATURES, FFN_FEAT_SRI, 0, 0, 1},
		{FFN_FID_FEATURES, FFN_FID_NOTIFICATION_BIND, 0, 0, 0},
		{FFN_FID_FEATURES, 0x100, 0, 0, 0},
	};

	(void)state;
	for (unsigned i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		struct ffn_regs s, m;

		ask_both(&qs[i], &s, &m);
		if (s.x[0] != m.x[0] ||
		    ffn_regs_error_code(&s) != ffn_regs_error_code(&m))
			fprintf(stderr,
				"query %u (%s w1=%#llx w2=%#llx): SPMC "
				"%#llx/%d, mediator %#llx/%d\n",
				i, ffn_fid_name(qs[i].fid),
				(unsigned long long)qs[i].x1,
				(unsigned long long)qs[i].x2,
				(unsigned long long)s.x[0],
				ffn_regs_error_code(&s),
				(unsigned long long)m.x[0],
				ffn_regs_error_code(&m));
		assert_true(s.x[0] == m.x[0]);
		assert_int_equal(ffn_regs_error_code(&s),
				 ffn_regs_error_code(&m));
	}
}

/* A refused FFA_VERSION renegotiates nothing at the mediator. */
static void test_version_other_major_keeps_version(void **state)
{
	struct fake_host *h = fh_new(NULL);

	(void)state;
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	fh_call(h, VM1, 0, FFN_FID_VERSION, FFN_VERSION_1_0, 0, 0, 0);
	assert_int_equal(fh_view(h, VM1, 0).version, FFN_VERSION_1_0);
	fh_call(h, VM1, 0, FFN_FID_VERSION, 0, 0, 0, 0);
	assert_true(h->r.x[0] == (uint64_t)(int64_t)FFN_NOT_SUPPORTED);
	assert_int_equal(fh_view(h, VM1, 0).version, FFN_VERSION_1_0);
	fh_free(h);
}

/* INFO_GET_64 is SMC64: a bit above 31 in x1-x7 is refused everywhere. */
static void test_info_get_64_checks_64_bits(void **state)
{
	(void)state;
	for (unsigned reg = 1; reg <= 7; reg++) {
		for (unsigned bit = 32; bit < 64; bit += 31) {
			struct q q = {FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0,
				      0};
			struct ffn_regs s, m;
			struct fake_host *h = fh_new(NULL);

			assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
			ffn_regs_init(&s, q.fid);
			s.x[reg] = 1ull << bit;
			m = s;
			ffn_spmc_call_ns(&h->w.spmc, 0, &s);
			ffn_mediator_call(&h->w.med, fh_vm(h, VM1)->med, 0, 0,
					  &m);
			assert_int_equal(ffn_regs_error_code(&s),
					 FFN_INVALID_PARAMETERS);
			assert_int_equal(ffn_regs_error_code(&m),
					 FFN_INVALID_PARAMETERS);
			/* INFO_GET_32 is SMC32: the upper halves are ignored.
			 */
			ffn_regs_init(&m, FFN_FID_NOTIFICATION_INFO_GET_32);
			m.x[reg] = 1ull << bit;
			ffn_mediator_call(&h->w.med, fh_vm(h, VM1)->med, 0, 0,
					  &m);
			assert_int_equal(ffn_regs_error_code(&m), FFN_NO_DATA);
			fh_free(h);
		}
	}
}

/*
 * UNBIND naming a VM sender that does not exist: INVALID_PARAMETERS at the
 * mediator, as BIND and as the SPMC's rows; DENIED when not allowed.
 */
static void test_unbind_unknown_vm_sender(void **state)
{
	struct fake_host *h = fh_new(NULL);

	(void)state;
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	assert_int_equal(ffn_mediator_allow(&h->w.med, 5, VM1), FFN_OK);
	assert_int_equal(fh_bind(h, VM1, 5, 0, 0x1), FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_unbind(h, VM1, 5, 0x1), FFN_INVALID_PARAMETERS);
	/* Not allowed: DENIED whether or not the sender exists. */
	assert_int_equal(fh_unbind(h, VM1, 6, 0x1), FFN_DENIED);
	assert_int_equal(fh_vm_create(h, VM2, 1), FFN_OK);
	assert_int_equal(fh_unbind(h, VM1, VM2, 0x1), FFN_DENIED);
	/* Allowed and alive, not bound: DENIED (the binding row). */
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM2, VM1), FFN_OK);
	assert_int_equal(fh_unbind(h, VM1, VM2, 0x1), FFN_DENIED);
	assert_int_equal(fh_bind(h, VM1, VM2, 0, 0x1), FFN_OK);
	assert_int_equal(fh_unbind(h, VM1, VM2, 0x1), FFN_OK);
	/* Its sender destroyed: no such VM any more. */
	assert_int_equal(fh_bind(h, VM1, VM2, 0, 0x1), FFN_OK);
	assert_int_equal(fh_vm_destroy(h, VM2), FFN_OK);
	assert_int_equal(fh_unbind(h, VM1, VM2, 0x1), FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_view(h, VM1, 0).bound, 0);
	fh_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version_features_one_rule),
		cmocka_unit_test(test_version_other_major_keeps_version),
		cmocka_unit_test(test_info_get_64_checks_64_bits),
		cmocka_unit_test(test_unbind_unknown_vm_sender),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
