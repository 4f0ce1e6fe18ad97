// SPDX-License-Identifier: BSD-3-Clause
/*
 * The SMC boundary contract (docs/abi.md, "Registers"):
 *   - every role writes x0-x7 of a result and never x8-x17, so a port may
 *     hand the caller's saved register block through unchanged;
 *   - a negative status code is sign-extended into its 64-bit register
 *     (x2 of FFA_ERROR, x0 of FFA_VERSION's NOT_SUPPORTED), at the SPMC
 *     and at the mediator.
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
#define W1(s, r) (((uint32_t)(s) << 16) | (r))
#define PATTERN(i) (0xA5A5000000000000ull | ((uint64_t)(i) << 8) | 0x5Au)

enum via { VIA_VM, VIA_SP, VIA_NS };

struct call {
	enum via via;
	uint32_t fid;
	uint64_t w1, w2, w3, w4;
};

/* A world where most calls can succeed: VM1 bound to SP1, bit 0 pending. */
static struct fake_host *world(void)
{
	struct fh_config cfg = {.vm_msgs = true};
	struct fake_host *h = fh_new(&cfg);

	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	assert_int_equal(fh_bind(h, VM1, FH_SP1, 0, 0x3), FFN_OK);
	assert_int_equal(fh_sp(h, FH_SP4, 0, FFN_FID_NOTIFICATION_BIND,
			       ffn_w1_pack(FH_SP1, FH_SP4), 0, 0x1, 0),
			 FFN_OK);
	assert_int_equal(fh_sp_set(h, FH_SP1, VM1, 0, 0x1), FFN_OK);
	assert_int_equal(fh_sp(h, FH_SP1, 0, FFN_FID_MSG_WAIT, 0, 0, 0, 0),
			 FFN_OK);
	assert_int_equal(fh_sp(h, FH_SP4, 0, FFN_FID_MSG_WAIT, 0, 0, 0, 0),
			 FFN_OK);
	fh_run(h);
	return h;
}

static const struct call calls[] = {
	/* a guest at the mediator */
	{VIA_VM, FFN_FID_VERSION, FFN_VERSION_1_2, 0, 0, 0},
	{VIA_VM, FFN_FID_VERSION, 0x20000, 0, 0, 0},
	{VIA_VM, FFN_FID_FEATURES, FFN_FEAT_SRI, 0, 0, 0},
	{VIA_VM, FFN_FID_FEATURES, FFN_FID_NOTIFICATION_BITMAP_CREATE, 0, 0, 0},
	{VIA_VM, FFN_FID_NOTIFICATION_BIND, W1(FH_SP1, VM1), 0, 0x4, 0},
	{VIA_VM, FFN_FID_NOTIFICATION_BIND, W1(FH_SP1, VM1), 0, 0x1, 0},
	{VIA_VM, FFN_FID_NOTIFICATION_UNBIND, W1(FH_SP1, VM1), 0, 0x2, 0},
	{VIA_VM, FFN_FID_NOTIFICATION_SET, W1(VM1, FH_SP4), 0, 0x1, 0},
	{VIA_VM, FFN_FID_NOTIFICATION_GET, VM1, 0xF, 0, 0},
	{VIA_VM, FFN_FID_NOTIFICATION_GET, 7u << 16 | VM1, 0xF, 0, 0},
	{VIA_VM, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0},
	{VIA_VM, FFN_FID_NOTIFICATION_INFO_GET_32, 0, 0, 0, 0},
	{VIA_VM, FFN_FID_RUN, (uint32_t)FH_SP4 << 16, 0, 0, 0},
	{VIA_VM, FFN_FID_NOTIFICATION_BITMAP_CREATE, VM1, 2, 0, 0},
	{VIA_VM, 0x84000099u, 0, 0, 0, 0},
	/* an SP at the SPMC */
	{VIA_SP, FFN_FID_VERSION, FFN_VERSION_1_2, 0, 0, 0},
	{VIA_SP, FFN_FID_FEATURES, FFN_FEAT_NPI, 0, 0, 0},
	{VIA_SP, FFN_FID_NOTIFICATION_BIND, W1(FH_SP1, FH_SP4), 0, 0x2, 0},
	{VIA_SP, FFN_FID_NOTIFICATION_UNBIND, W1(FH_SP1, FH_SP4), 0, 0x8, 0},
	{VIA_SP, FFN_FID_NOTIFICATION_GET, FH_SP4, 0x3, 0, 0},
	{VIA_SP, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0},
	{VIA_SP, FFN_FID_MSG_WAIT, 0, 0, 0, 0},
	{VIA_SP, FFN_FID_RUN, 0, 0, 0, 0},
	/* the hypervisor at the SPMC */
	{VIA_NS, FFN_FID_VERSION, 0, 0, 0, 0},
	{VIA_NS, FFN_FID_FEATURES, FFN_FEAT_SRI, 0, 0, 0},
	{VIA_NS, FFN_FID_NOTIFICATION_BITMAP_CREATE, 9, 2, 0, 0},
	{VIA_NS, FFN_FID_NOTIFICATION_BITMAP_CREATE, VM1, 2, 0, 0},
	{VIA_NS, FFN_FID_NOTIFICATION_BITMAP_DESTROY, 9, 0, 0, 0},
	{VIA_NS, FFN_FID_NOTIFICATION_SET, W1(VM1, FH_SP4), 0, 0x1, 0},
	{VIA_NS, FFN_FID_NOTIFICATION_GET, VM1, FFN_GET_FLAG_SP, 0, 0},
	{VIA_NS, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0},
	{VIA_NS, FFN_FID_NOTIFICATION_INFO_GET_32, 0, 0, 0, 0},
	{VIA_NS, FFN_FID_RUN, (uint32_t)FH_SP4 << 16, 0, 0, 0},
	{VIA_NS, FFN_FID_RUN, (uint32_t)FH_SP4 << 16 | 9, 0, 0, 0},
	{VIA_NS, FFN_FID_MSG_WAIT, 0, 0, 0, 0},
	{VIA_NS, FFN_FID_MSG_SEND_DIRECT_REQ_32, FH_SP1,
	 FFN_MSG_FLAG_FRAMEWORK | FFN_MSG_VM_CREATED, 0, 0},
	{VIA_NS, FFN_FID_MSG_SEND_DIRECT_REQ_32, FH_SP4,
	 FFN_MSG_FLAG_FRAMEWORK | FFN_MSG_VM_CREATED, 0, 0},
	{VIA_NS, 0xC4000099u, 0, 0, 0, 0},
};

static void make(struct ffn_regs *r, const struct call *c)
{
	ffn_regs_init(r, c->fid);
	r->x[1] = c->w1;
	r->x[2] = c->w2;
	r->x[3] = c->w3;
	r->x[4] = c->w4;
}

static void run(struct fake_host *h, const struct call *c, struct ffn_regs *r)
{
	switch (c->via) {
	case VIA_VM:
		ffn_mediator_call(&h->w.med, fh_vm(h, VM1)->med, 0, 0, r);
		break;
	case VIA_SP:
		ffn_spmc_call_sp(&h->w.spmc, FH_SP4, 0, 0, r);
		break;
	case VIA_NS:
		ffn_spmc_call_ns(&h->w.spmc, 0, r);
		break;
	}
	fh_run(h);
}

/* Every ABI, from every caller, succeeding or not, leaves x8-x17 alone. */
static void test_x8_x17_preserved(void **state)
{
	unsigned ok = 0, refused = 0;

	(void)state;
	for (unsigned i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		struct fake_host *h = world();
		struct ffn_regs r;

		make(&r, &calls[i]);
		for (unsigned k = 8; k < FFN_REG_COUNT; k++)
			r.x[k] = PATTERN(k);
		run(h, &calls[i], &r);
		for (unsigned k = 8; k < FFN_REG_COUNT; k++) {
			if (r.x[k] != PATTERN(k))
				fprintf(stderr,
					"call %u (%s): x%u = %#llx after the "
					"call\n",
					i, ffn_fid_name(calls[i].fid), k,
					(unsigned long long)r.x[k]);
			assert_true(r.x[k] == PATTERN(k));
		}
		if ((uint32_t)r.x[0] == FFN_FID_ERROR)
			refused++;
		else
			ok++;
		fh_free(h);
	}
	/* Both kinds of result were covered. */
	assert_true(ok >= 10 && refused >= 10);
}

static void assert_error_sext(const struct ffn_regs *r, int32_t code)
{
	assert_int_equal((uint32_t)r->x[0], FFN_FID_ERROR);
	assert_true(r->x[2] == (uint64_t)(int64_t)code);
}

/* FFA_ERROR's x2 reads as the negative code in 64 bits, at every role. */
static void test_error_sign_extended(void **state)
{
	struct fake_host *h = fh_new(NULL);
	struct ffn_regs r;

	(void)state;
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	/* The SPMC: INFO_GET_64 with nothing pending (what Linux checks). */
	ffn_regs_init(&r, FFN_FID_NOTIFICATION_INFO_GET_64);
	ffn_spmc_call_ns(&h->w.spmc, 0, &r);
	assert_error_sext(&r, FFN_NO_DATA);
	assert_true(r.x[2] == 0xFFFFFFFFFFFFFFF7ull);
	/* An SMC32 call gets the same register image. */
	ffn_regs_init(&r, FFN_FID_NOTIFICATION_BITMAP_DESTROY);
	r.x[1] = 0x7000;
	ffn_spmc_call_ns(&h->w.spmc, 0, &r);
	assert_error_sext(&r, FFN_DENIED);
	/* An SP's refused call. */
	ffn_regs_init(&r, FFN_FID_NOTIFICATION_INFO_GET_64);
	ffn_spmc_call_sp(&h->w.spmc, FH_SP1, 0, 0, &r);
	assert_error_sext(&r, FFN_NOT_SUPPORTED);
	/* The mediator's own answer, and one forwarded from the SPMC. */
	assert_int_equal(fh_call(h, VM1, 0, FFN_FID_NOTIFICATION_INFO_GET_64, 0,
				 0, 0, 0),
			 FFN_NO_DATA);
	assert_error_sext(&h->r, FFN_NO_DATA);
	assert_int_equal(fh_call(h, VM1, 0, FFN_FID_NOTIFICATION_UNBIND,
				 ffn_w1_pack(FH_SP1, VM1), 0, 0x1, 0),
			 FFN_DENIED);
	assert_error_sext(&h->r, FFN_DENIED);
	/* FFA_VERSION's NOT_SUPPORTED in x0, at both. */
	ffn_regs_init(&r, FFN_FID_VERSION);
	r.x[1] = 0x80000000u;
	ffn_spmc_call_ns(&h->w.spmc, 0, &r);
	assert_true(r.x[0] == 0xFFFFFFFFFFFFFFFFull);
	fh_call(h, VM1, 0, FFN_FID_VERSION, 0x80000000u, 0, 0, 0);
	assert_true(h->r.x[0] == 0xFFFFFFFFFFFFFFFFull);
	/* Successes stay zero-extended. */
	fh_call(h, VM1, 0, FFN_FID_FEATURES, FFN_FEAT_SRI, 0, 0, 0);
	assert_true(h->r.x[0] == FFN_FID_SUCCESS_32 && h->r.x[2] == 9);
	fh_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_x8_x17_preserved),
		cmocka_unit_test(test_error_sign_extended),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
