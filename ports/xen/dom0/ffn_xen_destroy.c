// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0
/*
 * domu_destroy: domain 1 (FF-A ID 2, the first test guest) bound ID 11
 * from the UP partition, had it SET and powered itself off with it
 * pending (its domu_poweroff). Xen only shuts such a domain down; dom0
 * destroys it as a toolstack would, while a kernel thread keeps asking
 * the partition to SET ID 11 to ID 2, then creates a domain with the
 * same ID and the FF-A TEE, and destroys that one too. Checked: the
 * SETs succeed while the domain exists and answer DENIED (docs/abi.md:
 * no bitmap, or a masked one) from the destroy on; the SPMC's bitmaps
 * and bindings, the mediator's VM contexts and our records in Xen all
 * return to their counts; the ID is free again (BITMAP_CREATE succeeds
 * for it) and the new VM inherits no binding.
 */
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/wait.h>

#include "ffn_xen.h"

#define DOMU 1u	   /* Xen's domain ID */
#define DOMU_ID 2u /* its FF-A ID */
#define SET_ID 11u /* what the guest bound from the UP partition */
#define ENOUGH 3   /* SETs wanted in each phase */
/* Polls of Xen's state are bounded against a hang only. */
#define HANG_MS 20000u

/* The SETting thread's record, per phase (0 before the destroy, 1 during
 * it, 2 after it returned). */
struct setter {
	atomic_t phase;
	atomic_t ok[3], denied[3], other[3];
	int other_rc;
	wait_queue_head_t wq;
};

static int set_loop(void *arg)
{
	struct setter *st = arg;

	while (!kthread_should_stop()) {
		int ph = atomic_read(&st->phase);
		int rc = ffn_xen_tp(FFN_TP_UP_ID, FFN_TP_CMD_SET, DOMU_ID, 0,
				    1u << SET_ID, 0, NULL);

		if (rc == 0)
			atomic_inc(&st->ok[ph]);
		else if (rc == FFN_DENIED)
			atomic_inc(&st->denied[ph]);
		else {
			st->other_rc = rc;
			atomic_inc(&st->other[ph]);
		}
		wake_up(&st->wq);
		cond_resched();
	}
	return 0;
}

static int results(struct setter *st, int ph)
{
	return atomic_read(&st->ok[ph]) + atomic_read(&st->denied[ph]) +
	       atomic_read(&st->other[ph]);
}

/* Poll @domid's info until @done(rc, flags) holds; false on the bound. */
static bool wait_dom(u16 domid, bool (*done)(int rc, u32 flags), int *rc)
{
	unsigned long until = jiffies + msecs_to_jiffies(HANG_MS);
	u32 flags = 0;

	do {
		*rc = ffn_xen_dominfo(domid, &flags);
		if (done(*rc, flags))
			return true;
		msleep(20);
	} while (time_before(jiffies, until));
	return false;
}

static bool is_shut_down(int rc, u32 flags)
{
	return !rc && (flags & FFN_XEN_SHUTDOWN);
}

bool ffn_xen_wait_shutdown(u16 domid, int *rc)
{
	return wait_dom(domid, is_shut_down, rc);
}

static bool is_gone(int rc, u32 flags)
{
	return rc == -ESRCH;
}

/* Mediator counts once @records is reached (RCU frees late). */
static int med_wait(struct ffn_med_counts *m, int records)
{
	unsigned long until = jiffies + msecs_to_jiffies(HANG_MS);
	int rc;

	do {
		rc = ffn_xen_med_counts(m);
		if (rc || m->records == records)
			return rc;
		msleep(20);
	} while (time_before(jiffies, until));
	return 0;
}

/* The domain is gone from Xen, the SPMC and the mediator. */
static void check_gone(struct ffn_scn *s, const char *when,
		       const struct ffn_spmc_counts *c0,
		       const struct ffn_med_counts *m0, int made, int freed)
{
	struct ffn_spmc_counts c;
	struct ffn_med_counts m;
	int rc;

	ffn_check(s, wait_dom(DOMU, is_gone, &rc), when,
		  "getdomaininfo still answers %d", rc);
	if (!ffn_check(s, !ffn_xen_spmc_counts(&c),
		       "SPMC counts (test partition STATS)", "no answer"))
		return;
	pr_info("ffn-test: %s: SPMC bitmaps %u, bound IDs %u (before: %u, "
		"%u)\n",
		s->name, c.bitmaps, c.bound, c0->bitmaps, c0->bound);
	ffn_check(s, c.bitmaps == c0->bitmaps - 1,
		  "SPMC: the VM's bitmap is gone", "bitmaps %u, before %u",
		  c.bitmaps, c0->bitmaps);
	ffn_check(s, c.bound == c0->bound - 1,
		  "SPMC: the partition's binding for the VM is gone",
		  "bound IDs %u, before %u", c.bound, c0->bound);
	if (!m0) /* not ffa-notify's mediator: no counts to compare */
		return;
	rc = med_wait(&m, m0->records - 1);
	if (!ffn_check(s, !rc, "mediator counts (Xen's 'F' key)", "error %d",
		       rc))
		return;
	ffn_check(s, m.vms == m0->vms - 1 && m.records == m0->records - 1,
		  "mediator: VM context and record freed",
		  "vms %u records %d, before %u %d", m.vms, m.records, m0->vms,
		  m0->records);
	ffn_check(s, m.made == made && m.freed == freed,
		  "mediator: records made and freed",
		  "made %d freed %d, want "
		  "%d %d",
		  m.made, m.freed, made, freed);
	ffn_check(s, m.vm_bindings == 0,
		  "mediator: no VM-to-VM binding names the dead VM", "%u bound",
		  m.vm_bindings);
}

static void reuse(struct ffn_scn *s, const struct ffn_spmc_counts *c0,
		  const struct ffn_med_counts *m0)
{
	struct ffn_spmc_counts c;
	struct ffn_med_counts m;
	unsigned long until;
	u16 got = 0;
	int rc;

	/*
	 * Xen frees the domain ID after an RCU grace period, later than it
	 * leaves the domain list: until then the ID is taken (-EEXIST).
	 */
	until = jiffies + msecs_to_jiffies(HANG_MS);
	while ((rc = ffn_xen_create_ffa(DOMU, 1, &got)) == -EEXIST &&
	       time_before(jiffies, until))
		msleep(20);
	if (!ffn_check(
		    s, !rc && got == DOMU,
		    "domain 1 created again with FF-A (BITMAP_CREATE of ID 2)",
		    "rc %d, domain %u", rc, got))
		return;
	if (ffn_check(s, !ffn_xen_spmc_counts(&c), "SPMC counts again",
		      "no answer")) {
		pr_info("ffn-test: %s: SPMC bitmaps %u, bound IDs %u\n",
			s->name, c.bitmaps, c.bound);
		ffn_check(s,
			  c.bitmaps == c0->bitmaps && c.bound == c0->bound - 1,
			  "SPMC: one new bitmap, no binding",
			  "bitmaps %u bound %u, before %u %u", c.bitmaps,
			  c.bound, c0->bitmaps, c0->bound);
	}
	if (m0) {
		rc = ffn_xen_med_counts(&m);
		ffn_check(s,
			  !rc && m.vms == m0->vms && m.records == m0->records,
			  "mediator: a context and a record for it",
			  "rc %d vms %u records %d", rc, m.vms, m.records);
	}
	rc = ffn_xen_tp(FFN_TP_UP_ID, FFN_TP_CMD_SET, DOMU_ID, 0, 1u << SET_ID,
			0, NULL);
	ffn_check(s, rc == FFN_DENIED,
		  "SET to the new VM: DENIED (no binding inherited)", "rc %d",
		  rc);
	rc = ffn_xen_destroy(DOMU);
	if (ffn_check(s, !rc, "XEN_DOMCTL_destroydomain of the new domain",
		      "rc %d", rc))
		check_gone(s, "new domain gone from Xen's list", c0, m0,
			   m0 ? m0->made + 1 : 0, m0 ? m0->freed + 2 : 0);
}

void ffn_scn_domu_destroy(struct ffn_scn *s)
{
	struct setter st = {};
	struct ffn_spmc_counts c0;
	struct ffn_med_counts m0;
	struct task_struct *t;
	int rc, med_rc, i;

	init_waitqueue_head(&st.wq);
	if (!ffn_check(s, ffn_xen_wait_shutdown(DOMU, &rc),
		       "domain 1 shut down (its PSCI SYSTEM_OFF)",
		       "getdomaininfo %d", rc))
		return;
	if (!ffn_check(s, !ffn_xen_spmc_counts(&c0), "SPMC counts before",
		       "no answer"))
		return;
	/* Without ffa-notify's 'F' key the rest still runs, uncounted. */
	med_rc = ffn_xen_med_counts(&m0);
	ffn_check(s, !med_rc, "mediator counts before (Xen's 'F' key)",
		  "error %d", med_rc);
	t = kthread_run(set_loop, &st, "ffn-setter");
	if (!ffn_check(s, !IS_ERR(t), "SETting thread", "no thread"))
		return;
	wait_event_timeout(st.wq, results(&st, 0) >= ENOUGH,
			   msecs_to_jiffies(HANG_MS));
	atomic_set(&st.phase, 1);
	rc = ffn_xen_destroy(DOMU);
	atomic_set(&st.phase, 2);
	wait_event_timeout(st.wq, results(&st, 2) >= ENOUGH,
			   msecs_to_jiffies(HANG_MS));
	kthread_stop(t);
	ffn_check(s, !rc, "XEN_DOMCTL_destroydomain", "rc %d", rc);
	pr_info("ffn-test: %s: SETs before/during/after the destroy: "
		"%d/%d/%d ok, %d/%d/%d DENIED, %d/%d/%d other (%d)\n",
		s->name, atomic_read(&st.ok[0]), atomic_read(&st.ok[1]),
		atomic_read(&st.ok[2]), atomic_read(&st.denied[0]),
		atomic_read(&st.denied[1]), atomic_read(&st.denied[2]),
		atomic_read(&st.other[0]), atomic_read(&st.other[1]),
		atomic_read(&st.other[2]), st.other_rc);
	ffn_check(s,
		  atomic_read(&st.ok[0]) >= ENOUGH &&
			  results(&st, 0) == atomic_read(&st.ok[0]),
		  "SETs to the shut-down VM: SUCCESS", "%d of %d",
		  atomic_read(&st.ok[0]), results(&st, 0));
	ffn_check(s,
		  atomic_read(&st.denied[2]) >= ENOUGH &&
			  results(&st, 2) == atomic_read(&st.denied[2]),
		  "SETs after the destroy: DENIED", "%d of %d",
		  atomic_read(&st.denied[2]), results(&st, 2));
	for (i = 0; i < 3; i++)
		if (atomic_read(&st.other[i]))
			break;
	ffn_check(s, i == 3, "no SET answered anything but SUCCESS or DENIED",
		  "phase %d: %d", i, st.other_rc);
	check_gone(s, "domain 1 gone from Xen's list", &c0, med_rc ? NULL : &m0,
		   m0.made, m0.freed + 1);
	reuse(s, &c0, med_rc ? NULL : &m0);
}
