/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0 */
/*
 * ffn_test.ko's inner interface: the state the scenarios share and the
 * helpers of ffn_test_main.c.
 */
#ifndef FFN_TEST_INT_H
#define FFN_TEST_INT_H

#include <linux/arm_ffa.h>
#include <linux/atomic.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "ffn_test.h"

/* The per-vCPU scenarios cover the first FFN_MAX_CPUS CPUs. */
#define FFN_MAX_CPUS 8
#define FFN_IDS 64
/* Only against a hang: every wait ends as soon as its condition holds. */
#define FFN_HANG_TIMEOUT (10 * HZ)

struct ffn_sched;

/* ffn_ctx.held */
enum {
	FFN_HELD_NOT,	   /* no callback for hold_id yet */
	FFN_HELD_ATOMIC,   /* it ran in atomic context: nothing to hold */
	FFN_HELD,	   /* holding */
	FFN_HELD_REQUEUED, /* ended: its work item was queued again */
	FFN_HELD_RELEASED, /* ended: hold_until was called back */
	FFN_HELD_TIMEOUT,  /* ended by the hang bound */
};

/* One FFA_RUN of a partition's vCPU, queued by the scheduler callback. */
struct ffn_run {
	struct work_struct work;
	struct ffn_sched *s;
	u16 vcpu;
};

/* The scheduler side of one partition (Linux -> SP). */
struct ffn_sched {
	struct ffa_device *dev;
	int reg_rc; /* sched_recv_cb_register's result */
	struct ffn_run run[FFN_MAX_CPUS];
	atomic_t calls;	   /* scheduler callbacks taken */
	atomic_t bad_vcpu; /* callbacks naming a vCPU we do not have */
	atomic_t runs[FFN_MAX_CPUS]; /* FFA_RUNs completed, per vCPU */
	atomic_t run_errors;
	int run_cpu[FFN_MAX_CPUS]; /* the CPU each vCPU's last run ran on */
	int last_rc;
};

struct ffn_ctx {
	struct ffa_device *up, *mp;
	int self; /* our FF-A ID */
	int ncpus;
	/* The receiving side (SP -> Linux), written by the notifier callback.
	 */
	atomic64_t inflight; /* IDs set and not yet called back */
	atomic_t unexpected; /* callbacks for an ID not in flight */
	atomic_t count[FFN_IDS];
	int cpu[FFN_IDS]; /* the CPU each ID's last callback ran on */
	/*
	 * The callback for hold_id (-1: none), when it runs in a work item,
	 * keeps that work item running until the work item is queued again or
	 * hold_until was called back (ffn_rx_cb); held says what happened.
	 */
	int hold_id, hold_until, held;
	struct ffn_sched sup, smp;
	wait_queue_head_t wq;
};

extern struct ffn_ctx ffn;

/*
 * A test-partition command over a direct request, run on CPU cpu (-1: the
 * current one), process context. res (may be NULL) gets w4..w7. Returns
 * the partition's status (0, a negative FF-A error code, FFN_TP_EBADCMD),
 * or -1000 + errno when the driver's direct request itself failed.
 */
int ffn_tp(struct ffa_device *dev, int cpu, u32 cmd, u32 a4, u32 a5, u32 a6,
	   u32 a7, u32 res[4]);

/* The module's scheduler callback (data: the partition's ffn_sched). */
void ffn_sched_cb(u16 vcpu, bool is_per_vcpu, void *data);

/* The notifier callback our requests register (any context). */
void ffn_rx_cb(int notify_id, void *data);

/* Clears the receive counters. */
void ffn_rx_reset(void);

/*
 * Marks the IDs of bits in flight, and waits until every one of them was
 * called back. Returns false on the hang timeout. Process context.
 */
#define ffn_arm(bits) atomic64_or((bits), &ffn.inflight)
bool ffn_wait_rx(void);

/*
 * Waits until vCPU vcpu of s has completed more than `before` runs.
 * Returns false on the hang timeout. Process context.
 */
bool ffn_wait_run(struct ffn_sched *s, int vcpu, int before);

static inline const struct ffa_notifier_ops *ffn_nops(struct ffa_device *d)
{
	return d->ops->notifier_ops;
}

/* The scenarios (one file per group). */
void ffn_scn_probe(struct ffn_scn *s);
void ffn_scn_sp2l_global(struct ffn_scn *s);
void ffn_scn_sp2l_delayed_sri(struct ffn_scn *s);
void ffn_scn_sp2l_per_vcpu(struct ffn_scn *s);
void ffn_scn_sp2l_npi_overlap(struct ffn_scn *s);
void ffn_scn_sp2l_all_ids(struct ffn_scn *s);
void ffn_scn_sp2l_burst(struct ffn_scn *s);
void ffn_scn_sp2l_vcpu_offline(struct ffn_scn *s);
void ffn_scn_l2sp_global(struct ffn_scn *s);
void ffn_scn_l2sp_per_vcpu(struct ffn_scn *s);
void ffn_scn_churn_bind(struct ffn_scn *s);
void ffn_scn_reload_prepare(struct ffn_scn *s);
void ffn_scn_reload(struct ffn_scn *s);
/* Instruction-count windows for bench/e2e.sh (no-op unless e2e_rounds). */
void ffn_scn_e2e(struct ffn_scn *s);

/* A global round trip each way with ID id (both directions' checks). */
void ffn_round_trip(struct ffn_scn *s, int id, const char *step);

#endif
