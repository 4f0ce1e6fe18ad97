// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0
/*
 * The e2e scenario: one notification end to end, repeated, between marker
 * instructions that the QEMU plugin bench/qemu_e2e.c counts instructions
 * between (bench/e2e.sh, docs/performance-e2e.md). It measures, it does not
 * judge: it passes when every round was delivered.
 *
 * Markers: "MOVZ XZR, #imm", a write to the zero register (no effect on
 * any CPU; no compiler emits it). 0xFA00 | s begins a window of scenario
 * s, 0xFB00 | s ends it, 0xFC00 drops the last, unfinished round. Scenarios:
 *   0 empty  BEGIN, END: the markers' own cost, subtracted from the rest;
 *   1 ping   a direct request PING to 0x8001: the carrier of scenario 2's
 *            SET, for reference;
 *   2 sp2l   0x8001 SETs a global notification for us (a direct request
 *            SET) ... SRI, the driver's INFO_GET and GET ... END at the
 *            entry of our notification callback;
 *   3 l2sp   notify_send of a global notification to 0x8001 (SET) ... SRI,
 *            INFO_GET lists 0x8001, our scheduler callback makes the
 *            FFA_RUN (in the driver's work, not queued), the partition
 *            takes its NPI and GETs ... END when FFA_RUN returns.
 * Each window also closes a "round" at the next BEGIN: everything the
 * notification caused, back to this thread waiting again.
 *
 * Runs only with e2e_rounds > 0 (the /init passes ffn.e2e=N from the
 * kernel command line): 0 makes it a no-op, so "all" does not measure.
 */
#include <linux/completion.h>
#include <linux/module.h>

#include "ffn_test_int.h"

static int e2e_rounds;
module_param(e2e_rounds, int, 0444);
MODULE_PARM_DESC(e2e_rounds, "rounds of each e2e window (0: no e2e)");

#define FFN_E2E_WARMUP 3
#define FFN_E2E_ID 11

#define FFN_E2E_MARK(imm)                                                      \
	asm volatile(".inst %0" : : "i"(0xd280001fu | ((imm) << 5)) : "memor"  \
								      "y")

enum { E2E_EMPTY, E2E_PING, E2E_SP2L, E2E_L2SP };

static struct completion ffn_e2e_done;
static bool ffn_e2e_measure;

static void ffn_e2e_rx_cb(int notify_id, void *data)
{
	if (READ_ONCE(ffn_e2e_measure))
		FFN_E2E_MARK(0xfb00 | E2E_SP2L);
	complete(&ffn_e2e_done);
}

static void ffn_e2e_sched_cb(u16 vcpu, bool is_per_vcpu, void *data)
{
	int rc = ffn.up->ops->cpu_ops->run(ffn.up, 0);

	if (READ_ONCE(ffn_e2e_measure))
		FFN_E2E_MARK(0xfb00 | E2E_L2SP);
	if (!rc)
		complete(&ffn_e2e_done);
}

/* One round of scenario sc; false when it was not delivered in time. */
static bool ffn_e2e_round(int sc, bool measure)
{
	const u64 bit = BIT_ULL(FFN_E2E_ID);
	bool ok = true;

	WRITE_ONCE(ffn_e2e_measure, measure);
	reinit_completion(&ffn_e2e_done);
	switch (sc) {
	case E2E_EMPTY:
		if (measure) {
			FFN_E2E_MARK(0xfa00 | E2E_EMPTY);
			FFN_E2E_MARK(0xfb00 | E2E_EMPTY);
		}
		return true;
	case E2E_PING:
		if (measure)
			FFN_E2E_MARK(0xfa00 | E2E_PING);
		ok = !ffn_tp(ffn.up, -1, FFN_TP_CMD_PING, 0, 0, 0, 0, NULL);
		if (measure)
			FFN_E2E_MARK(0xfb00 | E2E_PING);
		return ok;
	case E2E_SP2L:
		if (measure)
			FFN_E2E_MARK(0xfa00 | E2E_SP2L);
		ok = !ffn_tp(ffn.up, -1, FFN_TP_CMD_SET, ffn.self, 0, (u32)bit,
			     (u32)(bit >> 32), NULL);
		break;
	case E2E_L2SP:
		if (measure)
			FFN_E2E_MARK(0xfa00 | E2E_L2SP);
		ok = !ffn_nops(ffn.up)->notify_send(ffn.up, FFN_E2E_ID, false,
						    0);
		break;
	}
	return ok &&
	       wait_for_completion_timeout(&ffn_e2e_done, FFN_HANG_TIMEOUT) > 0;
}

static void ffn_e2e_loop(struct ffn_scn *s, int sc, const char *name)
{
	int i;

	for (i = 0; i < FFN_E2E_WARMUP + e2e_rounds; i++) {
		if (!ffn_e2e_round(sc, i >= FFN_E2E_WARMUP)) {
			ffn_fail(s, name, "round %d not delivered", i);
			break;
		}
	}
	FFN_E2E_MARK(0xfc00);
	WRITE_ONCE(ffn_e2e_measure, false);
	if (i == FFN_E2E_WARMUP + e2e_rounds)
		ffn_ok(s, "%s: %d rounds", name, e2e_rounds);
}

void ffn_scn_e2e(struct ffn_scn *s)
{
	const struct ffa_notifier_ops *n = ffn_nops(ffn.up);
	const u64 bit = BIT_ULL(FFN_E2E_ID);
	int rc, st;

	if (e2e_rounds <= 0) {
		ffn_ok(s, "no rounds asked (e2e_rounds=0)");
		return;
	}
	init_completion(&ffn_e2e_done);
	ffn_e2e_loop(s, E2E_EMPTY, "empty");
	ffn_e2e_loop(s, E2E_PING, "ping");

	rc = n->notify_request(ffn.up, false, ffn_e2e_rx_cb, NULL, FFN_E2E_ID);
	if (!ffn_check(s, !rc, "request", "notify_request: %d", rc))
		return;
	ffn_e2e_loop(s, E2E_SP2L, "sp2l");
	rc = n->notify_relinquish(ffn.up, FFN_E2E_ID);
	ffn_check(s, !rc, "relinquish", "notify_relinquish: %d", rc);

	/* Our scheduler callback in place of the module's for 0x8001. */
	st = ffn_tp(ffn.up, -1, FFN_TP_CMD_BIND, ffn.self, 0, (u32)bit,
		    (u32)(bit >> 32), NULL);
	if (!ffn_check(s, !st, "partition binds", "status %d", st))
		return;
	if (!ffn.sup.reg_rc)
		n->sched_recv_cb_unregister(ffn.up);
	rc = n->sched_recv_cb_register(ffn.up, ffn_e2e_sched_cb, NULL);
	if (ffn_check(s, !rc, "scheduler callback", "register: %d", rc)) {
		ffn_e2e_loop(s, E2E_L2SP, "l2sp");
		n->sched_recv_cb_unregister(ffn.up);
	}
	if (!ffn.sup.reg_rc)
		n->sched_recv_cb_register(ffn.up, ffn_sched_cb, &ffn.sup);
	/* A round that was not delivered may have left the partition a
	 * pending notification: RESET drains and unbinds everything. */
	st = ffn_tp(ffn.up, -1, FFN_TP_CMD_RESET, 0, 0, 0, 0, NULL);
	ffn_check(s, !st, "partition reset", "status %d", st);
}
