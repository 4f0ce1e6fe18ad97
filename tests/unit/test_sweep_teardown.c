// SPDX-License-Identifier: BSD-3-Clause
/*
 * A hostile partition against VM teardown (docs/security.md §10.1).
 *
 * ffn_mediator_vm_destroy retries BITMAP_DESTROY after draining with GET.
 * The VM's bindings at the SPMC stay until the destroy succeeds, so an SP
 * bound as a sender can SET again between each drain and the next attempt.
 * Partitions are untrusted: whatever they do, a destroyed VM's ID must be
 * reusable and its SPMC bitmap must be gone (docs/mediator.md, teardown;
 * docs/security.md, accounting).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fake_host.h"

#define VM1 1u

static unsigned destroys_seen;

/* Before the SPMC answers each BITMAP_DESTROY for VM1, SP1 signals it. */
static bool resignal(struct fake_host *h, uint32_t cpu, struct ffn_regs *r)
{
	struct ffn_regs s;

	(void)cpu;
	if ((uint32_t)r->x[0] != FFN_FID_NOTIFICATION_BITMAP_DESTROY ||
	    (uint32_t)r->x[1] != VM1)
		return false;
	destroys_seen++;
	ffn_regs_init(&s, FFN_FID_NOTIFICATION_SET);
	s.x[1] = ffn_w1_pack(FH_SP1, VM1);
	s.x[3] = 0x1;
	ffn_spmc_call_sp(&h->w.spmc, FH_SP1, 1, 1, &s); /* another CPU */
	ffn_regs_init(&s, FFN_FID_MSG_WAIT);
	ffn_spmc_call_sp(&h->w.spmc, FH_SP1, 1, 1, &s);
	return false; /* the SPMC answers: DENIED, bit 0 is pending */
}

static void sp_cannot_pin_a_destroyed_vm(void **state)
{
	struct fake_host *h = fh_new(NULL);
	struct ffn_spmc_stats st;

	(void)state;
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	assert_int_equal(fh_bind(h, VM1, FH_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(fh_sp_set(h, FH_SP1, VM1, 0, 0x1), FFN_OK);

	destroys_seen = 0;
	h->hook = resignal;
	(void)fh_vm_destroy(h, VM1);
	h->hook = NULL;
	assert_true(destroys_seen >= 1);

	/* Nothing of VM1 is left at the SPMC... */
	ffn_spmc_get_stats(&h->w.spmc, &st);
	assert_int_equal(st.vm_bitmaps, 0);
	/* ...and its ID can be used again, with nothing inherited. */
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	assert_int_equal(fh_get(h, VM1, 0, 0xF), FFN_OK);
	assert_int_equal(ffn_bitmap_from_regs(h->r.x[2], h->r.x[3]), 0);
	fh_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sp_cannot_pin_a_destroyed_vm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
