// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0
/*
 * Probe, churn and reload: what the driver found; bind/unbind in a loop on
 * both sides; and the driver's unload (BITMAP_DESTROY) and load
 * (BITMAP_CREATE), checked across the reload.
 */
#include <linux/cpumask.h>
#include <linux/module.h>

#include "ffn_test_int.h"

static int churn = 200;
module_param(churn, int, 0444);
MODULE_PARM_DESC(churn, "bind/unbind iterations in churn_bind");

/* The ID phase 1 binds behind the driver's back; the reload must drop it. */
#define FFN_RELOAD_ID 60

static int ffn_features(u32 id, unsigned long *w2)
{
	unsigned long in[8] = {FFN_FEATURES, id}, out[8];

	ffn_call(in, out);
	if (w2)
		*w2 = out[2];
	return ffn_status(out);
}

void ffn_scn_probe(struct ffn_scn *s)
{
	unsigned long intid;
	u32 res[4];
	int st, c;

	ffn_check(s, ffn.self >= 0, "own ID", "FFA_ID_GET failed");
	ffn_ok(s, "own ID 0x%x, %d CPUs", ffn.self, ffn.ncpus);
	if (!ffn_check(s, ffn.up && ffn.mp, "both partitions found",
		       "0x%x %s, 0x%x %s", FFN_TP_UP_ID,
		       ffn.up ? "found" : "missing", FFN_TP_MP_ID,
		       ffn.mp ? "found" : "missing"))
		return;
	st = ffn_features(2, &intid);
	if (ffn_check(s, !st, "SRI offered", "FFA_FEATURES(SRI): %d", st))
		ffn_ok(s, "SRI is INTID %lu", intid);
	ffn_check(s, !ffn.sup.reg_rc && !ffn.smp.reg_rc,
		  "driver has notifications (scheduler callbacks registered)",
		  "sched_recv_cb_register: %d, %d", ffn.sup.reg_rc,
		  ffn.smp.reg_rc);
	st = ffn_features(1, &intid);
	if (!st)
		ffn_ok(s, "NPI offered: INTID %lu", intid);
	else
		ffn_check(s, st == FFN_NOT_SUPPORTED, "NPI not offered",
			  "FFA_FEATURES(NPI): %d", st);
	st = ffn_tp(ffn.up, -1, FFN_TP_CMD_PING, 0, 0, 0, 0, res);
	ffn_check(s,
		  !st && res[0] == FFN_TP_MAGIC && res[1] == FFN_TP_UP_ID &&
			  res[2] == 1,
		  "ping 0x8001", "status %d, 0x%x 0x%x %u", st, res[0], res[1],
		  res[2]);
	for (c = 0; c < min(ffn.ncpus, FFN_MAX_CPUS); c++) {
		char step[32];

		snprintf(step, sizeof(step), "ping 0x8002 on cpu %d", c);
		st = ffn_tp(ffn.mp, c, FFN_TP_CMD_PING, 0, 0, 0, 0, res);
		ffn_check(s,
			  !st && res[0] == FFN_TP_MAGIC &&
				  res[1] == FFN_TP_MP_ID &&
				  res[2] >= ffn.ncpus && res[3] >> 16 == c,
			  step, "status %d, 0x%x 0x%x %u vCPUs, vCPU %u", st,
			  res[0], res[1], res[2], res[3] >> 16);
	}
}

void ffn_scn_churn_bind(struct ffn_scn *s)
{
	const int id = 9;
	int i, rc, st, bad = 0;

	for (i = 0; i < churn && !bad; i++) {
		rc = ffn_nops(ffn.up)->notify_request(ffn.up, false, ffn_rx_cb,
						      NULL, id);
		if (rc) {
			ffn_fail(s, "request", "iteration %d: %d", i, rc);
			bad++;
			break;
		}
		if (i == 0) {
			/* The same ID twice: the SPMC refuses the BIND. */
			rc = ffn_nops(ffn.up)->notify_request(
				ffn.up, false, ffn_rx_cb, NULL, id);
			ffn_check(s, rc == -EACCES, "second request denied",
				  "%d", rc);
		}
		rc = ffn_nops(ffn.up)->notify_relinquish(ffn.up, id);
		if (rc) {
			ffn_fail(s, "relinquish", "iteration %d: %d", i, rc);
			bad++;
		}
	}
	if (!bad)
		ffn_ok(s, "%d x request/relinquish", churn);
	for (i = 0; i < churn && !bad; i++) {
		st = ffn_tp(ffn.up, -1, FFN_TP_CMD_BIND, ffn.self, 0, BIT(id),
			    0, NULL);
		if (!st)
			st = ffn_tp(ffn.up, -1, FFN_TP_CMD_UNBIND, ffn.self, 0,
				    BIT(id), 0, NULL);
		if (st) {
			ffn_fail(s, "partition bind/unbind", "iteration %d: %d",
				 i, st);
			bad++;
		}
	}
	if (!bad)
		ffn_ok(s, "%d x partition bind/unbind", churn);
	/* Nothing is left bound: both directions are refused. */
	st = ffn_tp(ffn.up, -1, FFN_TP_CMD_SET, ffn.self, 0, BIT(id), 0, NULL);
	ffn_check(s, st == FFN_DENIED,
		  "partition's SET to us after unbind denied", "status %d", st);
	rc = ffn_nops(ffn.up)->notify_send(ffn.up, id, false, 0);
	ffn_check(s, rc == -EACCES,
		  "our SET to the partition after unbind denied", "%d", rc);
	ffn_round_trip(s, id, "still works");
}

void ffn_scn_reload_prepare(struct ffn_scn *s)
{
	unsigned long in[8] = {FFN_BIND, FFN_TP_UP_ID << 16 | ffn.self, 0, 0,
			       BIT(FFN_RELOAD_ID - 32)},
		      out[8];
	int st;

	/* Bound behind the driver's back: only BITMAP_DESTROY drops it. */
	ffn_call(in, out);
	st = ffn_status(out);
	ffn_check(s, !st, "prepare: ID 60 bound from 0x8001 with a raw BIND",
		  "status %d", st);
}

void ffn_scn_reload(struct ffn_scn *s)
{
	unsigned long in[8] = {FFN_BITMAP_CREATE, ffn.self, nr_cpu_ids}, out[8];
	unsigned long un[8] = {FFN_UNBIND, FFN_TP_UP_ID << 16 | ffn.self, 0, 0,
			       BIT(FFN_RELOAD_ID - 32)};
	bool ours = !ffn_features(FFN_BITMAP_CREATE, NULL);
	int st;

	if (ours) {
		ffn_call(in, out);
		st = ffn_status(out);
		ffn_check(s, st == FFN_DENIED,
			  "the reloaded driver created our bitmap (a second "
			  "CREATE denied)",
			  "status %d", st);
	} else {
		ffn_ok(s, "BITMAP_CREATE not offered here: the hypervisor owns "
			  "the bitmap");
	}
	/*
	 * Phase 1's raw binding of ID 60: the driver's BITMAP_DESTROY drops
	 * it with the bitmap. A bitmap the hypervisor owns lives as long as
	 * the VM, so there the binding must have survived the reload. The
	 * UNBIND tells which (DENIED: not bound) and cleans up either way.
	 */
	ffn_call(un, out);
	st = ffn_status(out);
	if (ours)
		ffn_check(s, st == FFN_DENIED,
			  "the old bitmap's binding went with it (UNBIND of ID "
			  "60 denied)",
			  "status %d", st);
	else
		ffn_check(s, !st,
			  "the hypervisor's bitmap kept the binding (UNBIND of "
			  "ID 60 succeeds)",
			  "status %d", st);
	ffn_round_trip(s, 11, "round trip after reload");
}
