// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0
/*
 * ffn_test.ko: drives the firmware's test partitions through Linux's own
 * FF-A driver. An ffa_driver bound to both partitions' UUIDs; once both are
 * probed, module init runs the scenarios named by the `scenarios` parameter
 * for the given `phase` (1: first load, 2: after the driver was unloaded and
 * loaded again) and prints their steps (ffn_test.h).
 */
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uuid.h>

#include "ffn_test_int.h"

struct ffn_ctx ffn;

static char *scenarios = "all";
module_param(scenarios, charp, 0444);
MODULE_PARM_DESC(scenarios, "comma-separated scenarios to run, or all");
static int phase = 1;
module_param(phase, int, 0444);
MODULE_PARM_DESC(phase, "1: first load, 2: after the driver's reload");

struct ffn_tp_req {
	struct ffa_device *dev;
	struct ffa_send_direct_data d;
	int rc;
};

static long ffn_tp_fn(void *arg)
{
	struct ffn_tp_req *r = arg;

	r->rc = r->dev->ops->msg_ops->sync_send_receive(r->dev, &r->d);
	return 0;
}

int ffn_tp(struct ffa_device *dev, int cpu, u32 cmd, u32 a4, u32 a5, u32 a6,
	   u32 a7, u32 res[4])
{
	struct ffn_tp_req r = {.dev = dev};

	r.d.data0 = cmd;
	r.d.data1 = a4;
	r.d.data2 = a5;
	r.d.data3 = a6;
	r.d.data4 = a7;
	if (cpu < 0)
		ffn_tp_fn(&r);
	else if (!cpu_online(cpu))
		return -1000 - ENODEV;
	else
		work_on_cpu(cpu, ffn_tp_fn, &r);
	if (r.rc)
		return -1000 + r.rc;
	if (res) {
		res[0] = (u32)r.d.data1;
		res[1] = (u32)r.d.data2;
		res[2] = (u32)r.d.data3;
		res[3] = (u32)r.d.data4;
	}
	return (s32)(u32)r.d.data0;
}

/*
 * The callback of ffn.hold_id keeps the work item it runs in (the driver's
 * NPI work) busy until that work item is queued again or ffn.hold_until is
 * called back: a notification arriving meanwhile then finds the work item
 * running, which is the interleaving sp2l_npi_overlap needs. It polls
 * (sleeping, so the CPU's other work items still run) for one of those two
 * events; the bound is only against a hang.
 */
static void ffn_hold(void)
{
	struct work_struct *w = current_work();
	unsigned long end = jiffies + FFN_HANG_TIMEOUT;

	WRITE_ONCE(ffn.hold_id, -1);
	if (!w || !in_task() || irqs_disabled()) {
		WRITE_ONCE(ffn.held, FFN_HELD_ATOMIC);
		return;
	}
	WRITE_ONCE(ffn.held, FFN_HELD);
	for (;;) {
		if (work_pending(w)) {
			WRITE_ONCE(ffn.held, FFN_HELD_REQUEUED);
			return;
		}
		if (atomic_read(&ffn.count[READ_ONCE(ffn.hold_until)])) {
			WRITE_ONCE(ffn.held, FFN_HELD_RELEASED);
			return;
		}
		if (time_after(jiffies, end)) {
			WRITE_ONCE(ffn.held, FFN_HELD_TIMEOUT);
			return;
		}
		msleep(1);
	}
}

void ffn_rx_cb(int notify_id, void *data)
{
	u64 bit;

	if (notify_id < 0 || notify_id >= FFN_IDS) {
		atomic_inc(&ffn.unexpected);
		return;
	}
	bit = BIT_ULL(notify_id);
	/*
	 * The CPU and the count first: a waiter may see the bit leave
	 * inflight and read them at once, before it ever sleeps. The
	 * fetch_andnot orders them before the bit's clearing, and
	 * ffn_wait_rx's acquire read after it.
	 */
	WRITE_ONCE(ffn.cpu[notify_id], raw_smp_processor_id());
	atomic_inc(&ffn.count[notify_id]);
	/* A callback for an ID not in flight is one too many. */
	if (!(atomic64_fetch_andnot(bit, &ffn.inflight) & bit))
		atomic_inc(&ffn.unexpected);
	wake_up(&ffn.wq);
	if (notify_id == READ_ONCE(ffn.hold_id))
		ffn_hold();
}

void ffn_rx_reset(void)
{
	int i;

	atomic64_set(&ffn.inflight, 0);
	atomic_set(&ffn.unexpected, 0);
	WRITE_ONCE(ffn.hold_id, -1);
	WRITE_ONCE(ffn.hold_until, 0);
	WRITE_ONCE(ffn.held, FFN_HELD_NOT);
	for (i = 0; i < FFN_IDS; i++) {
		atomic_set(&ffn.count[i], 0);
		ffn.cpu[i] = -1;
	}
}

bool ffn_wait_rx(void)
{
	return wait_event_timeout(ffn.wq,
				  atomic64_read_acquire(&ffn.inflight) == 0,
				  FFN_HANG_TIMEOUT) > 0;
}

bool ffn_wait_run(struct ffn_sched *s, int vcpu, int before)
{
	return wait_event_timeout(ffn.wq, atomic_read(&s->runs[vcpu]) > before,
				  FFN_HANG_TIMEOUT) > 0;
}

/* FFA_RUN of one vCPU, on the CPU its work item was queued on. */
static void ffn_run_fn(struct work_struct *w)
{
	struct ffn_run *r = container_of(w, struct ffn_run, work);
	struct ffn_sched *s = r->s;
	int rc;

	rc = s->dev->ops->cpu_ops->run(s->dev, r->vcpu);
	WRITE_ONCE(s->run_cpu[r->vcpu], raw_smp_processor_id());
	if (rc) {
		s->last_rc = rc;
		atomic_inc(&s->run_errors);
	}
	atomic_inc(&s->runs[r->vcpu]);
	wake_up(&ffn.wq);
}

/*
 * The driver's scheduler callback for a partition the SRI's INFO_GET listed:
 * give that partition's vCPU a run, on the vCPU's own CPU for a per-vCPU
 * entry (the MP partition's vCPU N runs on CPU N), on this CPU otherwise.
 * Called from the driver's SRI work; the run is queued, not made here, so
 * the driver's INFO_GET loop is not held up by the partition.
 */
void ffn_sched_cb(u16 vcpu, bool is_per_vcpu, void *data)
{
	struct ffn_sched *s = data;
	u16 v = is_per_vcpu ? vcpu : 0;

	atomic_inc(&s->calls);
	if (v >= FFN_MAX_CPUS || (is_per_vcpu && !cpu_online(v))) {
		atomic_inc(&s->bad_vcpu);
		return;
	}
	if (is_per_vcpu)
		queue_work_on(v, system_highpri_wq, &s->run[v].work);
	else
		queue_work(system_highpri_wq, &s->run[v].work);
}

static void ffn_sched_init(struct ffn_sched *s, struct ffa_device *dev)
{
	int i;

	memset(s, 0, sizeof(*s));
	s->dev = dev;
	for (i = 0; i < FFN_MAX_CPUS; i++) {
		INIT_WORK(&s->run[i].work, ffn_run_fn);
		s->run[i].s = s;
		s->run[i].vcpu = i;
		s->run_cpu[i] = -1;
	}
	s->reg_rc = ffn_nops(dev)->sched_recv_cb_register(dev, ffn_sched_cb, s);
}

static void ffn_sched_fini(struct ffn_sched *s)
{
	int i;

	if (!s->dev)
		return;
	if (!s->reg_rc)
		ffn_nops(s->dev)->sched_recv_cb_unregister(s->dev);
	for (i = 0; i < FFN_MAX_CPUS; i++)
		cancel_work_sync(&s->run[i].work);
	s->dev = NULL;
}

/*
 * The UUIDs from ffn_tp.h's words: the 16 bytes are w0..w3, each
 * little-endian, and UUID_INIT takes them in text order.
 */
#define FFN_B(w, i) (((w) >> (8 * (i))) & 0xff)
#define FFN_UUID(w0, w1, w2, w3)                                               \
	UUID_INIT(FFN_B(w0, 0) << 24 | FFN_B(w0, 1) << 16 |                    \
			  FFN_B(w0, 2) << 8 | FFN_B(w0, 3),                    \
		  FFN_B(w1, 0) << 8 | FFN_B(w1, 1),                            \
		  FFN_B(w1, 2) << 8 | FFN_B(w1, 3), FFN_B(w2, 0),              \
		  FFN_B(w2, 1), FFN_B(w2, 2), FFN_B(w2, 3), FFN_B(w3, 0),      \
		  FFN_B(w3, 1), FFN_B(w3, 2), FFN_B(w3, 3))

static const struct ffa_device_id ffn_ids[] = {
	{FFN_UUID(FFN_TP_UP_UUID_W0, FFN_TP_UP_UUID_W1, FFN_TP_UP_UUID_W2,
		  FFN_TP_UP_UUID_W3)},
	{FFN_UUID(FFN_TP_MP_UUID_W0, FFN_TP_MP_UUID_W1, FFN_TP_MP_UUID_W2,
		  FFN_TP_MP_UUID_W3)},
	{}};

static int ffn_probe(struct ffa_device *dev)
{
	pr_info("ffn-test: found partition 0x%x properties 0x%x\n", dev->vm_id,
		dev->properties);
	if (dev->vm_id == FFN_TP_UP_ID && !ffn.up) {
		ffn.up = dev;
		ffn_sched_init(&ffn.sup, dev);
	} else if (dev->vm_id == FFN_TP_MP_ID && !ffn.mp) {
		ffn.mp = dev;
		ffn_sched_init(&ffn.smp, dev);
	}
	return 0;
}

static void ffn_remove(struct ffa_device *dev)
{
	if (dev == ffn.up) {
		ffn_sched_fini(&ffn.sup);
		ffn.up = NULL;
	} else if (dev == ffn.mp) {
		ffn_sched_fini(&ffn.smp);
		ffn.mp = NULL;
	}
}

static struct ffa_driver ffn_driver = {
	.name = "ffn_test",
	.probe = ffn_probe,
	.remove = ffn_remove,
	.id_table = ffn_ids,
};

struct ffn_entry {
	const char *name;
	int phase;
	void (*fn)(struct ffn_scn *s);
	bool needs_both; /* skipped (and failed) without both partitions */
};

static const struct ffn_entry ffn_table[] = {
	{"probe", 0, ffn_scn_probe, false},
	{"sp2l_global", 1, ffn_scn_sp2l_global, true},
	{"sp2l_delayed_sri", 1, ffn_scn_sp2l_delayed_sri, true},
	{"sp2l_per_vcpu", 1, ffn_scn_sp2l_per_vcpu, true},
	{"sp2l_npi_overlap", 1, ffn_scn_sp2l_npi_overlap, true},
	{"sp2l_all_ids", 1, ffn_scn_sp2l_all_ids, true},
	{"sp2l_burst", 1, ffn_scn_sp2l_burst, true},
	{"sp2l_vcpu_offline", 1, ffn_scn_sp2l_vcpu_offline, true},
	{"l2sp_global", 1, ffn_scn_l2sp_global, true},
	{"l2sp_per_vcpu", 1, ffn_scn_l2sp_per_vcpu, true},
	{"churn_bind", 1, ffn_scn_churn_bind, true},
	{"reload", 1, ffn_scn_reload_prepare, true},
	{"reload", 2, ffn_scn_reload, true},
	{"e2e", 1, ffn_scn_e2e, true},
};

static bool ffn_selected(const char *name)
{
	const char *p = scenarios;
	size_t n = strlen(name);

	if (!strcmp(scenarios, "all"))
		return true;
	while (p && *p) {
		if (!strncmp(p, name, n) && (p[n] == ',' || !p[n]))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

static void ffn_run_all(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ffn_table); i++) {
		const struct ffn_entry *e = &ffn_table[i];
		struct ffn_scn s = {.name = e->name};
		bool prep = e->phase == 1 && !strcmp(e->name, "reload");

		if ((e->phase && e->phase != phase) || !ffn_selected(e->name))
			continue;
		/* The reload's first half only prepares: no verdict yet. */
		if (!prep)
			ffn_start(&s);
		if (e->needs_both && (!ffn.up || !ffn.mp))
			ffn_fail(&s, "partitions", "up %s, mp %s",
				 ffn.up ? "found" : "missing",
				 ffn.mp ? "found" : "missing");
		else
			e->fn(&s);
		if (!prep)
			ffn_end(&s);
	}
}

static int __init ffn_init(void)
{
	int rc;

	init_waitqueue_head(&ffn.wq);
	ffn_rx_reset();
	ffn.self = ffn_own_id();
	ffn.ncpus = num_online_cpus();
	rc = ffa_register(&ffn_driver);
	if (rc) {
		pr_info("ffn-test: probe: FAIL register (%d)\n", rc);
		return rc;
	}
	ffn_run_all();
	pr_info("ffn-test: phase %d done\n", phase);
	return 0;
}

static void __exit ffn_exit(void)
{
	ffa_unregister(&ffn_driver);
}

module_init(ffn_init);
module_exit(ffn_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION(
	"ffa-notify: notification scenarios through Linux's FF-A driver");
