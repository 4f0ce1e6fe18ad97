// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0
/*
 * Linux -> SP: a test partition binds notifications from us, we send with
 * the driver's notify_send (FFA_NOTIFICATION_SET); the firmware raises the
 * SRI, the driver's INFO_GET loop finds the partition and calls our
 * scheduler callback, which runs the partition (FFA_RUN) on the right CPU;
 * the partition's GET then records the bits, and its REPORT shows them.
 */
#include <linux/cpumask.h>

#include "ffn_test_int.h"

#define FFN_REPORT_ALL 0xffffu

/* Asks dev to bind or unbind bits from us. Returns the partition's status. */
static int ffn_sp_bind(struct ffa_device *dev, bool bind, bool per_vcpu,
		       u64 bits)
{
	return ffn_tp(dev, -1, bind ? FFN_TP_CMD_BIND : FFN_TP_CMD_UNBIND,
		      ffn.self, bind && per_vcpu, (u32)bits, (u32)(bits >> 32),
		      NULL);
}

/*
 * Sends id to the partition of s (for vCPU vcpu if per_vcpu) and checks
 * that the partition was run and got exactly that ID once.
 */
static bool ffn_send_and_check(struct ffn_scn *s, struct ffn_sched *sc,
			       bool per_vcpu, int vcpu, int id,
			       const char *step)
{
	u32 res[4];
	int before, rc, st;
	u32 rep = per_vcpu ? vcpu : FFN_REPORT_ALL;

	/* Clear the partition's record first. */
	st = ffn_tp(sc->dev, -1, FFN_TP_CMD_REPORT, rep, 0, 0, 0, res);
	if (st) {
		ffn_fail(s, step, "REPORT before: %d", st);
		return false;
	}
	before = atomic_read(&sc->runs[vcpu]);
	rc = ffn_nops(sc->dev)->notify_send(sc->dev, id, per_vcpu, vcpu);
	if (rc) {
		ffn_fail(s, step, "notify_send: %d", rc);
		return false;
	}
	if (!ffn_wait_run(sc, vcpu, before)) {
		ffn_fail(s, step,
			 "no FFA_RUN of vCPU %d in 10 s (%d callbacks)", vcpu,
			 atomic_read(&sc->calls));
		return false;
	}
	if (atomic_read(&sc->run_errors)) {
		ffn_fail(s, step, "FFA_RUN failed: %d", sc->last_rc);
		return false;
	}
	if (per_vcpu && READ_ONCE(sc->run_cpu[vcpu]) != vcpu) {
		ffn_fail(s, step, "vCPU %d ran on CPU %d", vcpu,
			 READ_ONCE(sc->run_cpu[vcpu]));
		return false;
	}
	st = ffn_tp(sc->dev, -1, FFN_TP_CMD_REPORT, rep, 0, 0, 0, res);
	if (st || res[0] != (u32)BIT_ULL(id) ||
	    res[1] != (u32)(BIT_ULL(id) >> 32) || res[2] != 1 || !res[3]) {
		ffn_fail(s, step,
			 "REPORT: status %d, got 0x%08x%08x, %u received, %u "
			 "runs",
			 st, res[1], res[0], res[2], res[3]);
		return false;
	}
	ffn_ok(s, "%s (partition got ID %d once, ran %u times)", step, id,
	       res[3]);
	return true;
}

void ffn_scn_l2sp_global(struct ffn_scn *s)
{
	static const int ids[] = {2, 40};
	int i, st;
	u64 bits = BIT_ULL(2) | BIT_ULL(40);

	st = ffn_sp_bind(ffn.up, true, false, bits);
	if (!ffn_check(s, !st, "partition binds IDs 2, 40 from us", "status %d",
		       st))
		return;
	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		char step[32];

		snprintf(step, sizeof(step), "send ID %d", ids[i]);
		if (!ffn_send_and_check(s, &ffn.sup, false, 0, ids[i], step))
			break;
	}
	st = ffn_sp_bind(ffn.up, false, false, bits);
	ffn_check(s, !st, "partition unbinds", "status %d", st);
}

void ffn_scn_l2sp_per_vcpu(struct ffn_scn *s)
{
	const int id = 7;
	int c, st, n = min(ffn.ncpus, FFN_MAX_CPUS);

	st = ffn_sp_bind(ffn.mp, true, true, BIT_ULL(id));
	if (!ffn_check(s, !st, "partition binds ID 7 per-vCPU from us",
		       "status %d", st))
		return;
	for (c = 0; c < n; c++) {
		char step[32];

		snprintf(step, sizeof(step), "send to vcpu %d", c);
		if (!ffn_send_and_check(s, &ffn.smp, true, c, id, step))
			break;
	}
	st = ffn_sp_bind(ffn.mp, false, true, BIT_ULL(id));
	ffn_check(s, !st, "partition unbinds", "status %d", st);
}

void ffn_round_trip(struct ffn_scn *s, int id, const char *step)
{
	int rc, st;
	char sub[64];

	/* SP -> Linux. */
	ffn_rx_reset();
	rc = ffn_nops(ffn.up)->notify_request(ffn.up, false, ffn_rx_cb, NULL,
					      id);
	if (rc) {
		ffn_fail(s, step, "request ID %d: %d", id, rc);
		return;
	}
	ffn_arm(BIT_ULL(id));
	st = ffn_tp(ffn.up, -1, FFN_TP_CMD_SET, ffn.self, 0, (u32)BIT_ULL(id),
		    (u32)(BIT_ULL(id) >> 32), NULL);
	if (st)
		ffn_fail(s, step, "partition's SET: %d", st);
	else if (!ffn_wait_rx())
		ffn_fail(s, step, "no callback for ID %d in 10 s", id);
	else if (atomic_read(&ffn.count[id]) != 1 ||
		 atomic_read(&ffn.unexpected))
		ffn_fail(s, step, "ID %d called back %d times", id,
			 atomic_read(&ffn.count[id]));
	else
		ffn_ok(s, "%s: partition -> us, ID %d", step, id);
	atomic64_set(&ffn.inflight, 0);
	rc = ffn_nops(ffn.up)->notify_relinquish(ffn.up, id);
	if (rc)
		ffn_fail(s, step, "relinquish ID %d: %d", id, rc);

	/* Linux -> SP. */
	st = ffn_sp_bind(ffn.up, true, false, BIT_ULL(id));
	if (st) {
		ffn_fail(s, step, "partition's BIND of ID %d: %d", id, st);
		return;
	}
	snprintf(sub, sizeof(sub), "%s: us -> partition, ID %d", step, id);
	ffn_send_and_check(s, &ffn.sup, false, 0, id, sub);
	st = ffn_sp_bind(ffn.up, false, false, BIT_ULL(id));
	if (st)
		ffn_fail(s, step, "partition's UNBIND of ID %d: %d", id, st);
}
