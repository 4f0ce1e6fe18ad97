// SPDX-License-Identifier: BSD-3-Clause
/*
 * The invariant checker (tests/support/invariant.h) catches what it is
 * meant to catch: each property is broken once on purpose and must be
 * reported, and a correct run must not be.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ffn/info_list.h"
#include "invariant.h"

#define VM1 1u
#define VM2 2u

static struct fake_host *h;
static struct ffn_inv inv;

static int setup(void **state)
{
	(void)state;
	h = fh_new(NULL);
	ffn_inv_init(&inv, h);
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	ffn_inv_vm_created(&inv, VM1, 2);
	assert_int_equal(fh_vm_create(h, VM2, 2), FFN_OK);
	ffn_inv_vm_created(&inv, VM2, 2);
	assert_int_equal(fh_bind(h, VM1, FH_SP1, 0, 0xF), FFN_OK);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fh_free(h);
	return 0;
}

/* An SP SET, checked: SP1 vCPU 0 then hands its CPU back. */
static void sp_set(ffn_id_t vm, uint64_t bits)
{
	struct ffn_regs in;

	ffn_regs_init(&in, FFN_FID_NOTIFICATION_SET);
	in.x[1] = ffn_w1_pack(FH_SP1, vm);
	in.x[3] = (uint32_t)bits;
	ffn_inv_begin(&inv);
	assert_int_equal(fh_sp(h, FH_SP1, 0, FFN_FID_NOTIFICATION_SET, in.x[1],
			       0, in.x[3], 0),
			 FFN_OK);
	assert_int_equal(ffn_inv_call(&inv, FH_SP1, 0, &in, &h->r), 0);
	(void)fh_sp(h, FH_SP1, 0, FFN_FID_MSG_WAIT, 0, 0, 0, 0);
}

static void get(ffn_id_t vm, struct ffn_regs *in)
{
	ffn_regs_init(in, FFN_FID_NOTIFICATION_GET);
	in->x[1] = vm;
	in->x[2] = 0xF;
	ffn_inv_begin(&inv);
	(void)fh_call_regs(h, vm, 0, in);
}

static void clean_run_passes(void **state)
{
	struct ffn_regs in;

	(void)state;
	sp_set(VM1, 0x3);
	assert_int_equal(ffn_inv_check(&inv), 0);
	get(VM1, &in);
	assert_int_equal(ffn_inv_call(&inv, VM1, 0, &in, &h->r), 0);
	assert_int_equal(ffn_inv_check(&inv), 0);
	assert_int_equal(fh_vm_destroy(h, VM1), FFN_OK);
	ffn_inv_vm_destroyed(&inv, VM1);
	assert_int_equal(fh_vm_destroy(h, VM2), FFN_OK);
	ffn_inv_vm_destroyed(&inv, VM2);
	assert_int_equal(ffn_inv_check_empty(&inv), 0);
	assert_int_equal(inv.failures, 0);
}

static void lost_bit_is_conservation(void **state)
{
	struct ffn_regs in, out;

	(void)state;
	sp_set(VM1, 0x3);
	get(VM1, &in);
	out = h->r;
	out.x[2] &= ~1ull; /* as if bit 0 had been lost */
	assert_int_equal(ffn_inv_call(&inv, VM1, 0, &in, &out), -1);
	assert_non_null(strstr(inv.msg, "conservation"));
}

static void invented_bit_is_conservation(void **state)
{
	struct ffn_regs in, out;

	(void)state;
	get(VM1, &in);
	out = h->r;
	out.x[4] |= 0x10; /* a from-VM bit nobody set */
	assert_int_equal(ffn_inv_call(&inv, VM1, 0, &in, &out), -1);
	assert_non_null(strstr(inv.msg, "conservation"));
}

static void foreign_get_is_isolation(void **state)
{
	struct ffn_regs in, out;

	(void)state;
	ffn_regs_init(&in, FFN_FID_NOTIFICATION_GET);
	in.x[1] = VM1; /* VM2 asking for VM1 */
	in.x[2] = 0xF;
	ffn_regs_success(&out);
	assert_int_equal(ffn_inv_call(&inv, VM2, 0, &in, &out), -1);
	assert_non_null(strstr(inv.msg, "isolation"));
}

static void foreign_info_entry_is_isolation(void **state)
{
	struct ffn_regs in, out;
	struct ffn_info_writer w;

	(void)state;
	ffn_regs_init(&in, FFN_FID_NOTIFICATION_INFO_GET_64);
	ffn_info_writer_init(&w, &out, true);
	assert_int_equal(ffn_info_writer_add(&w, VM1, NULL, 0), 0);
	(void)ffn_info_writer_finish(&w, false);
	assert_int_equal(ffn_inv_call(&inv, VM2, 0, &in, &out), -1);
	assert_non_null(strstr(inv.msg, "isolation"));
}

static void missing_npi_is_lost_wakeup(void **state)
{
	(void)state;
	/* No SRI handler on CPU 0: the SET's SRI is dropped by the host. */
	for (unsigned c = 0; c < FH_CPUS; c++)
		h->w.sri_registered[c] = false;
	sp_set(VM1, 0x1);
	assert_int_equal(ffn_inv_check(&inv), -1);
	assert_non_null(strstr(inv.msg, "lost wake-up"));
}

static void offline_vm_is_not_a_lost_wakeup(void **state)
{
	(void)state;
	for (unsigned c = 0; c < FH_CPUS; c++)
		h->w.sri_registered[c] = false;
	fh_vcpu_set(h, VM1, 0, false);
	fh_vcpu_set(h, VM1, 1, false);
	sp_set(VM1, 0x1);
	assert_int_equal(ffn_inv_check(&inv), 0);
}

static void leftover_bitmap_is_accounting(void **state)
{
	struct ffn_regs r;

	(void)state;
	/* A bitmap the hypervisor created behind the mediator's back. */
	ffn_regs_init(&r, FFN_FID_NOTIFICATION_BITMAP_CREATE);
	r.x[1] = 9;
	r.x[2] = 1;
	ffn_spmc_call_ns(&h->w.spmc, 0, &r);
	assert_int_equal(ffn_regs_error_code(&r), FFN_OK);
	assert_int_equal(ffn_inv_check(&inv), -1);
	assert_non_null(strstr(inv.msg, "accounting"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(clean_run_passes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(lost_bit_is_conservation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(invented_bit_is_conservation,
						setup, teardown),
		cmocka_unit_test_setup_teardown(foreign_get_is_isolation, setup,
						teardown),
		cmocka_unit_test_setup_teardown(foreign_info_entry_is_isolation,
						setup, teardown),
		cmocka_unit_test_setup_teardown(missing_npi_is_lost_wakeup,
						setup, teardown),
		cmocka_unit_test_setup_teardown(offline_vm_is_not_a_lost_wakeup,
						setup, teardown),
		cmocka_unit_test_setup_teardown(leftover_bitmap_is_accounting,
						setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
