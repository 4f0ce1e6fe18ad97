// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0
/*
 * SP -> Linux: a test partition sets notifications for us (a direct request
 * asks it to); the firmware raises the SRI, the driver's INFO_GET loop finds
 * our ID, its GET returns the bits, and our notifier callback counts them.
 */
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/module.h>

#include "ffn_test_int.h"

static int burst = 2000;
module_param(burst, int, 0444);
MODULE_PARM_DESC(burst, "notifications in the burst scenario");
static int per_vcpu_rounds = 1;
module_param(per_vcpu_rounds, int, 0444);
MODULE_PARM_DESC(per_vcpu_rounds, "sp2l_per_vcpu's sweeps over the CPUs");

/* Requests every ID of ids; returns those the driver took. */
static u64 ffn_request(struct ffn_scn *s, struct ffa_device *dev, bool per_vcpu,
		       u64 ids)
{
	u64 got = 0;
	int id, rc;

	for (id = 0; id < FFN_IDS; id++) {
		if (!(ids & BIT_ULL(id)))
			continue;
		rc = ffn_nops(dev)->notify_request(dev, per_vcpu, ffn_rx_cb,
						   NULL, id);
		if (rc)
			ffn_fail(s, "request", "ID %d%s: %d", id,
				 per_vcpu ? " per-vCPU" : "", rc);
		else
			got |= BIT_ULL(id);
	}
	return got;
}

static void ffn_relinquish(struct ffn_scn *s, struct ffa_device *dev, u64 ids)
{
	int id, rc;

	for (id = 0; id < FFN_IDS; id++) {
		if (!(ids & BIT_ULL(id)))
			continue;
		rc = ffn_nops(dev)->notify_relinquish(dev, id);
		if (rc)
			ffn_fail(s, "relinquish", "ID %d: %d", id, rc);
	}
}

/*
 * The partition dev, on CPU cpu, sets bits for us with SET flags flags; the
 * callbacks must come, once per bit. Returns false (step failed) otherwise.
 */
static bool ffn_sp_set(struct ffn_scn *s, struct ffa_device *dev, int cpu,
		       u32 flags, u64 bits, const char *step)
{
	int st;

	ffn_arm(bits);
	st = ffn_tp(dev, cpu, FFN_TP_CMD_SET, ffn.self, flags, (u32)bits,
		    (u32)(bits >> 32), NULL);
	if (st) {
		atomic64_andnot(bits, &ffn.inflight);
		ffn_fail(s, step, "partition's SET: %d", st);
		return false;
	}
	if (!ffn_wait_rx()) {
		ffn_fail(s, step, "no callback for 0x%llx in 10 s",
			 (u64)atomic64_read(&ffn.inflight));
		atomic64_set(&ffn.inflight, 0);
		return false;
	}
	return true;
}

/*
 * Every ID of bits called back exactly n times, of xbits (disjoint) xn
 * times, no other ID, and no callback for an ID not in flight.
 */
static bool ffn_counts2(struct ffn_scn *s, u64 bits, int n, u64 xbits, int xn,
			const char *step)
{
	int id, bad = 0;

	for (id = 0; id < FFN_IDS; id++) {
		int want = bits & BIT_ULL(id)	 ? n
			   : xbits & BIT_ULL(id) ? xn
						 : 0;
		int got = atomic_read(&ffn.count[id]);

		if (got != want && !bad++)
			ffn_fail(s, step, "ID %d called back %d times, not %d",
				 id, got, want);
	}
	if (atomic_read(&ffn.unexpected)) {
		ffn_fail(s, step, "%d callbacks for IDs not in flight",
			 atomic_read(&ffn.unexpected));
		bad++;
	}
	return !bad;
}

static bool ffn_counts(struct ffn_scn *s, u64 bits, int n, const char *step)
{
	return ffn_counts2(s, bits, n, 0, 0, step);
}

static void ffn_sp2l_global_flags(struct ffn_scn *s, u32 flags)
{
	/* One ID in each half of the bitmap. */
	static const int ids[] = {1, 63};
	u64 want = BIT_ULL(1) | BIT_ULL(63), got;
	int i, round;

	ffn_rx_reset();
	got = ffn_request(s, ffn.up, false, want);
	if (got != want)
		goto out;
	ffn_ok(s, "request IDs 1, 63 (global, from 0x%x)", FFN_TP_UP_ID);
	for (round = 0; round < 3; round++)
		for (i = 0; i < ARRAY_SIZE(ids); i++)
			if (!ffn_sp_set(s, ffn.up, -1, flags, BIT_ULL(ids[i]),
					"set"))
				goto out;
	if (ffn_counts(s, want, 3, "count"))
		ffn_ok(s, "3 rounds x 2 IDs: each called back once per SET");
out:
	ffn_relinquish(s, ffn.up, got);
}

void ffn_scn_sp2l_global(struct ffn_scn *s)
{
	ffn_sp2l_global_flags(s, 0);
}

void ffn_scn_sp2l_delayed_sri(struct ffn_scn *s)
{
	/* SET flag bit 1: the SRI waits until this CPU is back in Linux. */
	ffn_sp2l_global_flags(s, 2);
}

/*
 * One sweep of sp2l_per_vcpu: for every CPU c, the partition SETs ID id
 * for vCPU c from CPU c, then from the next CPU. quiet: report failures
 * only. Returns false when a callback did not come.
 */
static bool ffn_per_vcpu_sweep(struct ffn_scn *s, int id, int n, bool quiet)
{
	int c, k;

	for (c = 0; c < n; c++) {
		int from[2] = {c, (c + 1) % n};

		for (k = 0; k < (n > 1 ? 2 : 1); k++) {
			char step[48];
			int cb_cpu;

			snprintf(step, sizeof(step), "vcpu %d from cpu %d", c,
				 from[k]);
			if (!ffn_sp_set(s, ffn.mp, from[k], 1 | c << 16,
					BIT_ULL(id), step))
				return false;
			cb_cpu = READ_ONCE(ffn.cpu[id]);
			if (!quiet || cb_cpu != c)
				ffn_check(s, cb_cpu == c, step,
					  "callback ran on CPU %d", cb_cpu);
		}
	}
	return true;
}

void ffn_scn_sp2l_per_vcpu(struct ffn_scn *s)
{
	const int id = 5;
	int r, rounds = max(per_vcpu_rounds, 1);
	int n = min(ffn.ncpus, FFN_MAX_CPUS);
	u64 got;

	ffn_rx_reset();
	got = ffn_request(s, ffn.mp, true, BIT_ULL(id));
	if (!got)
		return;
	ffn_ok(s, "request ID %d per-vCPU from 0x%x", id, FFN_TP_MP_ID);
	for (r = 0; r < rounds; r++) {
		if (!ffn_per_vcpu_sweep(s, id, n, rounds > 1)) {
			if (rounds > 1)
				ffn_fail(s, "rounds", "round %d of %d", r + 1,
					 rounds);
			goto out;
		}
	}
	if (rounds > 1)
		ffn_ok(s, "%d rounds", rounds);
	ffn_counts(s, BIT_ULL(id), rounds * n * (n > 1 ? 2 : 1), "count");
out:
	ffn_relinquish(s, ffn.mp, got);
}

/*
 * A per-vCPU notification for CPU 1 that arrives while the callback of one
 * for CPU 0 still runs (ffn_hold keeps it running until then). Each CPU's
 * pending interrupt must still lead to a GET on that CPU: a driver that
 * handles every CPU's NPI with one shared work item runs the second GET
 * where the first one still runs, on CPU 0, and vCPU 1's bit is never
 * fetched (docs/xen.md, "Linux's NPI work item").
 */
void ffn_scn_sp2l_npi_overlap(struct ffn_scn *s)
{
	const int a = 5, b = 12;
	const u64 want = BIT_ULL(a) | BIT_ULL(b);
	u64 got;
	unsigned long end;
	int cb_cpu, held;
	bool ok;

	ffn_rx_reset();
	got = ffn_request(s, ffn.mp, true, want);
	if (got != want)
		goto out;
	ffn_ok(s, "request IDs %d, %d per-vCPU from 0x%x", a, b, FFN_TP_MP_ID);
	if (ffn.ncpus < 2) {
		ffn_ok(s, "one CPU: no second CPU to overlap with");
		goto out;
	}
	WRITE_ONCE(ffn.hold_until, b);
	WRITE_ONCE(ffn.hold_id, a);
	if (!ffn_sp_set(s, ffn.mp, 0, 1, BIT_ULL(a), "vcpu 0"))
		goto out;
	ffn_ok(s, "vcpu 0: ID %d called back", a);
	ok = ffn_sp_set(s, ffn.mp, 1, 1 | 1 << 16, BIT_ULL(b),
			"vcpu 1 while vcpu 0's callback runs");
	/* The hold ends by itself, within the hang bound: its verdict. */
	end = jiffies + FFN_HANG_TIMEOUT;
	while ((held = READ_ONCE(ffn.held)) == FFN_HELD &&
	       time_before(jiffies, end))
		msleep(1);
	ffn_ok(s, "vcpu 0's callback %s",
	       held == FFN_HELD_REQUEUED
		       ? "held its work item until it was queued again"
	       : held == FFN_HELD_RELEASED
		       ? "held its work item until vcpu 1's callback came"
	       : held == FFN_HELD_TIMEOUT
		       ? "held its work item until the hang bound"
		       : "ran in atomic context: nothing held");
	if (!ok)
		goto out;
	cb_cpu = READ_ONCE(ffn.cpu[b]);
	ffn_check(s, cb_cpu == 1, "vcpu 1's callback on CPU 1",
		  "callback ran on CPU %d", cb_cpu);
	ffn_counts(s, want, 1, "count");
out:
	WRITE_ONCE(ffn.hold_id, -1);
	ffn_relinquish(s, ffn.mp, got);
}

/* A raw BIND or UNBIND of bits from the UP partition to us. */
static int ffn_raw_bind(bool bind, u64 bits)
{
	unsigned long in[8] = {bind ? FFN_BIND : FFN_UNBIND,
			       FFN_TP_UP_ID << 16 | ffn.self, 0, (u32)bits,
			       (u32)(bits >> 32)},
		      out[8];

	ffn_call(in, out);
	return ffn_status(out);
}

/* Requests every ID; returns those the driver took, failing on errors
 * other than its callback table's refusal (-EINVAL, see below). */
static u64 ffn_request_all(struct ffn_scn *s, u64 *refused)
{
	u64 got = 0;
	int id, rc;

	*refused = 0;
	for (id = 0; id < FFN_IDS; id++) {
		rc = ffn_nops(ffn.up)->notify_request(ffn.up, false, ffn_rx_cb,
						      NULL, id);
		if (!rc)
			got |= BIT_ULL(id);
		else if (rc == -EINVAL)
			*refused |= BIT_ULL(id);
		else
			ffn_fail(s, "request", "ID %d: %d", id, rc);
	}
	return got;
}

void ffn_scn_sp2l_all_ids(struct ffn_scn *s)
{
	u64 got, refused, raw = 0;
	int st;

	ffn_rx_reset();
	got = ffn_request_all(s, &refused);
	/*
	 * The 6.12 driver keys its callbacks by a 64-bucket hash of the ID
	 * and its lookup compares the partition type, not the ID: a request
	 * for an ID that shares a bucket with one already requested gets
	 * -EINVAL (after its BIND succeeded and was undone). Its dispatch
	 * has the same shape, so a bit whose bucket holds any of our IDs
	 * still reaches our callback with its own ID. The refused IDs are
	 * bound with a raw BIND so that all 64 are bound to the partition.
	 */
	if (refused) {
		ffn_ok(s,
		       "driver took 0x%016llx; refused 0x%016llx (-EINVAL: its "
		       "callback table compares hash buckets, not IDs)",
		       got, refused);
		st = ffn_raw_bind(true, refused);
		if (ffn_check(s, !st, "raw BIND of the refused IDs",
			      "status %d", st))
			raw = refused;
	} else {
		ffn_ok(s, "driver took all 64 IDs");
	}
	if ((got | raw) != ~0ULL)
		ffn_fail(s, "bound", "only 0x%016llx", got | raw);
	else if (ffn_sp_set(s, ffn.up, -1, 0, ~0ULL, "set all 64 in one SET") &&
		 ffn_sp_set(s, ffn.up, -1, 0, BIT_ULL(0), "flush") &&
		 ffn_counts2(s, ~0ULL << 1, 1, BIT_ULL(0), 2, "count"))
		ffn_ok(s, "one SET of all 64 IDs: every ID called back once");
	if (raw) {
		st = ffn_raw_bind(false, raw);
		ffn_check(s, !st, "raw UNBIND", "status %d", st);
	}
	ffn_relinquish(s, ffn.up, got);
}

void ffn_scn_sp2l_burst(struct ffn_scn *s)
{
	/*
	 * 16 IDs, one notification in flight per ID: a round asks the
	 * partition for one SET per ID and waits for all 16 callbacks, so no
	 * two SETs of an ID can merge and every one must be counted. A last
	 * SET of ID 16 flushes: a duplicate of an earlier bit would be
	 * returned by the same GET or an earlier one, so once ID 16 is called
	 * back, every callback of the burst has come.
	 */
	const u64 ids = 0xffff, flush = BIT_ULL(16);
	int rounds = DIV_ROUND_UP(max(burst, 16), 16), r;
	u64 got;
	ktime_t t0;
	u32 res[4];

	ffn_rx_reset();
	got = ffn_request(s, ffn.up, false, ids | flush);
	if (got != (ids | flush))
		goto out;
	t0 = ktime_get();
	for (r = 0; r < rounds; r++) {
		int st;

		ffn_arm(ids);
		st = ffn_tp(ffn.up, -1, FFN_TP_CMD_SET_EACH, ffn.self, 0,
			    (u32)ids, 0, res);
		if (st || res[0] != 16) {
			ffn_fail(s, "set", "round %d: status %d, %u SETs", r,
				 st, res[0]);
			goto out;
		}
		if (!ffn_wait_rx()) {
			ffn_fail(s, "callbacks", "round %d: 0x%llx missing", r,
				 (u64)atomic64_read(&ffn.inflight));
			goto out;
		}
	}
	if (!ffn_sp_set(s, ffn.up, -1, 0, flush, "flush"))
		goto out;
	if (ffn_counts2(s, ids, rounds, flush, 1, "count"))
		ffn_ok(s,
		       "%d notifications (16 IDs x %d), none lost, none twice, "
		       "%lld ms",
		       rounds * 16, rounds, ktime_ms_delta(ktime_get(), t0));
out:
	ffn_relinquish(s, ffn.up, got);
}

/*
 * After a lost per-vCPU notification: is it still pending at the SPMC? A
 * raw GET for that vCPU tells, and drains it so that the relinquish and
 * the driver's BITMAP_DESTROY are not refused for pending state.
 */
static void ffn_vcpu_drain(struct ffn_scn *s, int vcpu, u64 bits)
{
	unsigned long in[8] = {FFN_GET, (unsigned long)vcpu << 16 | ffn.self,
			       1},
		      out[8];
	u64 sp;

	ffn_call(in, out);
	sp = (u32)out[2] | (u64)(u32)out[3] << 32;
	if (!ffn_status(out) && (sp & bits))
		ffn_ok(s,
		       "the SPMC still held it: a raw GET for vCPU %d "
		       "drained 0x%llx",
		       vcpu, sp);
	else
		ffn_fail(s, "raw GET", "status %d, SP bitmap 0x%llx",
			 ffn_status(out), sp);
	atomic64_set(&ffn.inflight, 0);
}

void ffn_scn_sp2l_vcpu_offline(struct ffn_scn *s)
{
	/*
	 * A per-vCPU notification set while its CPU is offline must reach
	 * that CPU once it is back, with no further SET. Linux's driver asks
	 * for it (GET) on the listed vCPU's CPU; while that CPU is down the
	 * request cannot run there, so whoever stands between the SPMC and
	 * the driver must hold it until the CPU returns.
	 */
	const int id = 6, t = 1;
	u64 got;
	int rc, st, cb_cpu;

	if (ffn.ncpus < 2) {
		ffn_ok(s, "skipped: needs 2 CPUs");
		return;
	}
	ffn_rx_reset();
	got = ffn_request(s, ffn.mp, true, BIT_ULL(id));
	if (!got)
		return;
	rc = remove_cpu(t);
	if (!ffn_check(s, !rc, "cpu 1 offline", "remove_cpu: %d", rc))
		goto out;
	ffn_arm(BIT_ULL(id));
	st = ffn_tp(ffn.mp, 0, FFN_TP_CMD_SET, ffn.self, 1 | t << 16, BIT(id),
		    0, NULL);
	ffn_check(s, !st, "partition sets ID 6 for vCPU 1 from cpu 0",
		  "status %d", st);
	rc = add_cpu(t);
	if (!ffn_check(s, !rc, "cpu 1 online again", "add_cpu: %d", rc))
		goto out;
	if (!st && ffn_wait_rx()) {
		cb_cpu = READ_ONCE(ffn.cpu[id]);
		ffn_check(s, cb_cpu == t, "callback on cpu 1 after it returned",
			  "callback ran on CPU %d", cb_cpu);
	} else if (!st) {
		ffn_fail(s, "callback on cpu 1 after it returned",
			 "none in 10 s: the GET for the offline CPU was not "
			 "retried");
		ffn_vcpu_drain(s, t, BIT_ULL(id));
	}
	ffn_counts(s, BIT_ULL(id), atomic_read(&ffn.count[id]) ? 1 : 0,
		   "count");
out:
	if (!cpu_online(t))
		add_cpu(t);
	ffn_relinquish(s, ffn.mp, got);
}
