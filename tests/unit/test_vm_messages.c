// SPDX-License-Identifier: BSD-3-Clause
/*
 * VM availability messages (docs/abi.md, docs/mediator.md): the SPMC's
 * rows for the framework direct requests "VM created" / "VM destroyed",
 * the SP's answer, and the mediator sending them at vm_create and
 * vm_destroy to the SPs whose partition properties ask for them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fake_host.h"

#define VM1 1u
#define VM2 2u
#define REQ FFN_FID_MSG_SEND_DIRECT_REQ_32
#define RESP FFN_FID_MSG_SEND_DIRECT_RESP_32
#define FW FFN_MSG_FLAG_FRAMEWORK

static struct fake_host *host(void)
{
	struct fh_config cfg = {.vm_msgs = true};

	return fh_new(&cfg);
}

static void msg(struct ffn_regs *r, uint32_t w1, uint32_t w2, uint32_t w5)
{
	ffn_regs_init(r, REQ);
	r->x[1] = w1;
	r->x[2] = w2;
	r->x[5] = w5;
}

static int32_t ns(struct fake_host *h, uint32_t cpu, struct ffn_regs *r)
{
	ffn_spmc_call_ns(&h->w.spmc, cpu, r);
	fh_run(h);
	return ffn_regs_error_code(r);
}

/* A subscribed SP acknowledges: DIRECT_RESP, response type, status 0. */
static void test_spmc_answers_for_the_sp(void **state)
{
	struct fake_host *h = host();
	struct ffn_regs r;
	struct ffn_spmc_stats st;

	(void)state;
	msg(&r, FH_SP1, FW | FFN_MSG_VM_CREATED, 7);
	assert_int_equal(ns(h, 0, &r), FFN_OK);
	assert_int_equal((uint32_t)r.x[0], RESP);
	assert_int_equal(r.x[1], 0x80010000u);
	assert_int_equal(r.x[2], FW | FFN_MSG_VM_CREATED_RESP);
	for (unsigned i = 3; i < 8; i++)
		assert_int_equal(r.x[i], 0);
	msg(&r, FH_SP1, FW | FFN_MSG_VM_DESTROYED, 7);
	assert_int_equal(ns(h, 1, &r), FFN_OK);
	assert_int_equal(r.x[2], FW | FFN_MSG_VM_DESTROYED_RESP);
	/* SP 0x8002 wants only "VM destroyed"; 0x8004 neither. */
	msg(&r, FH_SP4, FW | FFN_MSG_VM_DESTROYED, 0x7FFF);
	assert_int_equal(ns(h, 2, &r), FFN_OK);
	msg(&r, FH_SP4, FW | FFN_MSG_VM_CREATED, 7);
	assert_int_equal(ns(h, 2, &r), FFN_DENIED);
	msg(&r, FH_SP_NONOTIF, FW | FFN_MSG_VM_DESTROYED, 7);
	assert_int_equal(ns(h, 0, &r), FFN_DENIED);
	ffn_spmc_get_stats(&h->w.spmc, &st);
	assert_int_equal(st.vm_msgs, 3);
	/* FFA_FEATURES: the normal world may send them, an SP may not. */
	ffn_regs_init(&r, FFN_FID_FEATURES);
	r.x[1] = REQ;
	assert_int_equal(ns(h, 0, &r), FFN_OK);
	ffn_regs_init(&r, FFN_FID_FEATURES);
	r.x[1] = REQ;
	ffn_spmc_call_sp(&h->w.spmc, FH_SP1, 0, 0, &r);
	assert_int_equal(ffn_regs_error_code(&r), FFN_NOT_SUPPORTED);
	fh_free(h);
}

static void test_spmc_rows(void **state)
{
	static const struct {
		uint32_t w1, w2, w5, w6, cpu;
		int32_t err;
	} rows[] = {
		/* partition messages: no partition code to answer them */
		{FH_SP1, FFN_MSG_VM_CREATED, 7, 0, 0, FFN_NOT_SUPPORTED},
		{FH_SP1, FW | 0x5, 7, 0, 0, FFN_INVALID_PARAMETERS},
		{FH_SP1, FW | 0x0, 7, 0, 0, FFN_INVALID_PARAMETERS},
		{FH_SP1, FW | 0x100 | FFN_MSG_VM_CREATED, 7, 0, 0,
		 FFN_INVALID_PARAMETERS},
		{1u << 16 | FH_SP1, FW | FFN_MSG_VM_CREATED, 7, 0, 0,
		 FFN_INVALID_PARAMETERS},
		{0x8009, FW | FFN_MSG_VM_CREATED, 7, 0, 0,
		 FFN_INVALID_PARAMETERS},
		{VM1, FW | FFN_MSG_VM_CREATED, 7, 0, 0, FFN_INVALID_PARAMETERS},
		{FH_SP1, FW | FFN_MSG_VM_CREATED, 0x8001, 0, 0,
		 FFN_INVALID_PARAMETERS},
		{FH_SP1, FW | FFN_MSG_VM_CREATED, 0x10001, 0, 0,
		 FFN_INVALID_PARAMETERS},
		{FH_SP1, FW | FFN_MSG_VM_CREATED, 7, 1, 0,
		 FFN_INVALID_PARAMETERS},
		/* SP1 is MP (2 vCPUs): it has no vCPU for CPU 3 */
		{FH_SP1, FW | FFN_MSG_VM_CREATED, 7, 0, 3,
		 FFN_INVALID_PARAMETERS},
	};
	struct fake_host *h = host();
	struct ffn_regs r;

	(void)state;
	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		msg(&r, rows[i].w1, rows[i].w2, rows[i].w5);
		r.x[6] = rows[i].w6;
		assert_int_equal(ns(h, rows[i].cpu, &r), rows[i].err);
	}
	/* From an SP: NOT_SUPPORTED. */
	msg(&r, FH_SP4, FW | FFN_MSG_VM_DESTROYED, 7);
	ffn_spmc_call_sp(&h->w.spmc, FH_SP1, 0, 0, &r);
	assert_int_equal(ffn_regs_error_code(&r), FFN_NOT_SUPPORTED);
	/* That left SP1's vCPU 0 running: BUSY on CPU 0, fine on CPU 1. */
	msg(&r, FH_SP1, FW | FFN_MSG_VM_CREATED, 7);
	assert_int_equal(ns(h, 0, &r), FFN_BUSY);
	msg(&r, FH_SP1, FW | FFN_MSG_VM_CREATED, 7);
	assert_int_equal(ns(h, 1, &r), FFN_OK);
	fh_free(h);
}

/* The message gives the SP cycles: its NPI is pended when due. */
static void test_message_pends_npi(void **state)
{
	struct fake_host *h = host();
	struct ffn_regs r;
	struct ffn_spmc_stats st;
	uint64_t npi;

	(void)state;
	assert_int_equal(fh_sp(h, FH_SP4, 0, FFN_FID_NOTIFICATION_BIND,
			       ffn_w1_pack(FH_SP1, FH_SP4), 0, 0x1, 0),
			 FFN_OK);
	assert_int_equal(fh_sp(h, FH_SP1, 0, FFN_FID_NOTIFICATION_SET,
			       ffn_w1_pack(FH_SP1, FH_SP4), 0, 0x1, 0),
			 FFN_OK);
	assert_int_equal(fh_sp(h, FH_SP4, 2, FFN_FID_MSG_WAIT, 0, 0, 0, 0),
			 FFN_OK);
	ffn_spmc_get_stats(&h->w.spmc, &st);
	npi = st.npi_pended;
	/* SP 0x8002 is MP: CPU 2 runs its vCPU 2, which has the global bit. */
	msg(&r, FH_SP4, FW | FFN_MSG_VM_DESTROYED, 7);
	assert_int_equal(ns(h, 2, &r), FFN_OK);
	ffn_spmc_get_stats(&h->w.spmc, &st);
	assert_int_equal(st.npi_pended, npi + 1);
	fh_free(h);
}

static unsigned count_msgs(const struct fake_host *h, uint32_t type,
			   ffn_id_t sp, ffn_id_t vm)
{
	unsigned n = 0;

	for (unsigned i = 0; i < h->smc_count; i++) {
		const struct ffn_regs *in = &h->smc[i].in;
		if ((uint32_t)in->x[0] == REQ && in->x[2] == (FW | type) &&
		    in->x[1] == sp && in->x[5] == vm)
			n++;
	}
	return n;
}

/* The mediator tells the SPs that ask, at create and at destroy. */
static void test_mediator_sends_them(void **state)
{
	struct fake_host *h = host();

	(void)state;
	fh_clear(h);
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	assert_int_equal(count_msgs(h, FFN_MSG_VM_CREATED, FH_SP1, VM1), 1);
	assert_int_equal(fh_smcs(h, REQ, NULL), 1);
	fh_clear(h);
	assert_int_equal(fh_vm_destroy(h, VM1), FFN_OK);
	assert_int_equal(count_msgs(h, FFN_MSG_VM_DESTROYED, FH_SP1, VM1), 1);
	assert_int_equal(count_msgs(h, FFN_MSG_VM_DESTROYED, FH_SP4, VM1), 1);
	assert_int_equal(fh_smcs(h, REQ, NULL), 2);
	/* "VM destroyed" comes after the bitmap is gone. */
	assert_int_equal((uint32_t)h->smc[0].in.x[0],
			 FFN_FID_NOTIFICATION_BITMAP_DESTROY);
	assert_int_equal(fh_stats(h).vm_msgs, 3);
	assert_int_equal(fh_stats(h).vm_msg_errors, 0);
	fh_free(h);

	/* Without an SP list (or subscribers) nothing is sent. */
	h = fh_new(NULL);
	fh_clear(h);
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	assert_int_equal(fh_vm_destroy(h, VM1), FFN_OK);
	assert_int_equal(fh_smcs(h, REQ, NULL), 0);
	fh_free(h);
}

static unsigned retries_left;
static int32_t answer_created;

/* The SP (through the SPMC) refuses "VM created" or asks to retry. */
static bool hook_created(struct fake_host *h, uint32_t cpu, struct ffn_regs *r)
{
	(void)h;
	(void)cpu;
	if ((uint32_t)r->x[0] != REQ || r->x[2] != (FW | FFN_MSG_VM_CREATED))
		return false;
	if (retries_left > 0) {
		retries_left--;
		ffn_regs_error(r, FFN_RETRY);
		return true;
	}
	if (answer_created == FFN_OK)
		return false;
	ffn_regs_init(r, RESP);
	r->x[1] = ffn_w1_pack(FH_SP1, 0);
	r->x[2] = FW | FFN_MSG_VM_CREATED_RESP;
	r->x[3] = (uint32_t)answer_created;
	return true;
}

/* A refusal fails the creation and leaves nothing behind. */
static void test_create_refused_by_sp(void **state)
{
	struct fake_host *h = host();

	(void)state;
	h->hook = hook_created;
	answer_created = FFN_NO_MEMORY;
	retries_left = 0;
	fh_clear(h);
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_NO_MEMORY);
	assert_int_equal(fh_stats(h).vms, 0);
	assert_int_equal(fh_stats(h).vm_msg_errors, 1);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_BITMAP_DESTROY, NULL),
			 1);
	/* SP1 was the one refusing: no "VM destroyed" to anyone. */
	assert_int_equal(fh_smcs(h, REQ, NULL), 1);
	/* The ID is free again, at the mediator and at the SPMC. */
	answer_created = FFN_OK;
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	fh_free(h);
}

/* RETRY is retried; a few times only. */
static void test_create_retried(void **state)
{
	struct fake_host *h = host();

	(void)state;
	h->hook = hook_created;
	answer_created = FFN_OK;
	retries_left = 2;
	fh_clear(h);
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	assert_int_equal(fh_smcs(h, REQ, NULL), 3);
	retries_left = 100;
	assert_int_equal(fh_vm_create(h, VM2, 2), FFN_RETRY);
	assert_int_equal(fh_stats(h).vms, 1);
	fh_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spmc_answers_for_the_sp),
		cmocka_unit_test(test_spmc_rows),
		cmocka_unit_test(test_message_pends_npi),
		cmocka_unit_test(test_mediator_sends_them),
		cmocka_unit_test(test_create_refused_by_sp),
		cmocka_unit_test(test_create_retried),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
