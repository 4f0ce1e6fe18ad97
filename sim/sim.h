/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The concurrent host platform: a hypervisor's execution contexts mapped
 * onto POSIX threads, around the real SPMC engine, the real mediator and
 * the endpoint driver in every VM and SP. docs/platform.md describes the
 * mapping and the lock order.
 *
 *   physical CPU     one thread per CPU: takes the SRI (a physical
 *                    interrupt) and runs the mediator's SRI handler
 *   tasklet          one worker thread per CPU: ffn_mediator_sri_work
 *   vCPU             one thread per VM vCPU and per SP vCPU; a virtual
 *                    interrupt controller keeps its pending virtual
 *                    interrupts and wakes it
 *   guest trap       a VM vCPU's FF-A call: ffn_mediator_call on that
 *                    vCPU's thread
 *   SMC              ffn_spmc_call_ns on the calling thread; FFA_RUN hands
 *                    the CPU to the SP vCPU's thread and waits until that
 *                    vCPU calls FFA_MSG_WAIT, as a real FFA_RUN does
 *
 * On top runs a workload: flows of notifications (sender, receiver, ID)
 * sent at a rate by the sender's vCPU thread, counted at the receiver's
 * callback. Every count is exact: sent = delivered + coalesced +
 * discarded (by a VM destroy) + lost.
 */
#ifndef FFN_SIM_H
#define FFN_SIM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ffn/abi.h"

struct ffn_ep;

#define FFN_SIM_MAX_DOMS 64
#define FFN_SIM_MAX_CPUS 64
#define FFN_SIM_MAX_FLOWS 256
#define FFN_SIM_MAX_VCPUS 64
#define FFN_SIM_MAX_EVENTS 256 /* churn and vcpu statements, each */

/* Paths of the final table. */
enum ffn_sim_path {
	FFN_SIM_PATH_SP_VM,	 /* SP -> VM, global */
	FFN_SIM_PATH_SP_VM_VCPU, /* SP -> VM, per-vCPU */
	FFN_SIM_PATH_VM_SP,	 /* VM -> SP */
	FFN_SIM_PATH_SP_SP,	 /* SP -> SP */
	FFN_SIM_PATH_VM_VM,	 /* VM -> VM (mediator-managed) */
	FFN_SIM_PATH_SP_NS,	 /* hypervisor off: SP -> NS, global */
	FFN_SIM_PATH_SP_NS_VCPU, /* hypervisor off: SP -> NS, per-CPU */
	FFN_SIM_PATH_NS_SP,	 /* hypervisor off: NS -> SP */
	FFN_SIM_PATH_COUNT
};

const char *ffn_sim_path_name(enum ffn_sim_path p);

struct ffn_sim_dom_desc {
	ffn_id_t id; /* bit 15 set: an SP */
	uint16_t vcpus;
	bool el0;      /* SPs: S-EL0 (no NPI: polls with GET when run) */
	bool no_notif; /* SPs: the manifest disables notifications */
};

struct ffn_sim_flow_desc {
	ffn_id_t sender;
	uint16_t sender_vcpu;
	ffn_id_t receiver;
	uint16_t receiver_vcpu; /* per-vCPU target */
	bool per_vcpu;
	uint8_t id;	 /* notification ID */
	bool delay_sri;	 /* SP senders only */
	uint32_t weight; /* share of the count and the rate (default 1) */
};

struct ffn_sim_allow {
	ffn_id_t sender, receiver;
};

struct ffn_sim_churn {
	ffn_id_t vm;
	uint32_t at_percent; /* of the total count sent */
};

/* Take a VM vCPU offline or bring it back, at a share of the count. */
struct ffn_sim_vcpu_event {
	ffn_id_t vm;
	uint16_t vcpu;
	bool online;
	uint32_t at_percent;
};

struct ffn_sim_config {
	uint32_t cpus;
	/*
	 * No hypervisor: the normal world is the NS physical instance (ID 0,
	 * endpoint "ns", one context per CPU) calling the SPMC directly; its
	 * driver takes the SRI itself and is the SPs' scheduler. No VMs.
	 */
	bool hyp_off;
	struct ffn_sim_dom_desc doms[FFN_SIM_MAX_DOMS];
	uint32_t dom_count;
	ffn_id_t scheduler; /* 0: none */
	struct ffn_sim_allow allow[FFN_SIM_MAX_FLOWS];
	uint32_t allow_count;
	struct ffn_sim_flow_desc flows[FFN_SIM_MAX_FLOWS];
	uint32_t flow_count;
	struct ffn_sim_churn churn[FFN_SIM_MAX_EVENTS];
	uint32_t churn_count;
	struct ffn_sim_vcpu_event vcpu_ev[FFN_SIM_MAX_EVENTS];
	uint32_t vcpu_ev_count;
	uint64_t count; /* notifications to send in all */
	double rate;	/* SETs per second in all; 0 = as fast as possible */
	uint64_t seed;
};

/* Per-path results. Latencies in nanoseconds. */
struct ffn_sim_row {
	uint64_t sent, delivered, coalesced, discarded, lost, rejected;
	uint64_t spurious;
	uint64_t p50, p99, max;
	uint64_t flows;
};

struct ffn_sim_result {
	struct ffn_sim_row row[FFN_SIM_PATH_COUNT];
	uint64_t sri_taken;	 /* physical SRIs handled */
	uint64_t sri_unhandled;	 /* ... on a CPU with no handler */
	uint64_t med_info_get;	 /* mediator INFO_GET_64 calls */
	uint64_t med_vanished;	 /* drain entries for a vanished VM */
	uint64_t sched_sri;	 /* virtual SRIs taken by the scheduler */
	uint64_t sched_spurious; /* ... whose INFO_GET found nothing */
	uint64_t runs;		 /* FFA_RUN given by the scheduler */
	uint64_t run_errors;
	uint64_t churns;       /* VMs destroyed and re-created */
	uint64_t vcpu_offline; /* vCPUs taken offline */
	uint64_t npi_held;     /* mediator: NPIs held for offline vCPUs */
	uint64_t vm_freed;     /* VM contexts freed */
	/*
	 * Accounting after the stop: slots and contexts that outlive their
	 * VM. SPMC bitmaps and mediator contexts must equal the VMs alive,
	 * and every destroyed context must have been freed: 0 when nothing
	 * leaked.
	 */
	uint64_t leaked;
	uint64_t trace_events, trace_dropped;
	uint64_t attempted; /* SETs tried (sent + refused) */
	bool interrupted;   /* ffn_sim_interrupt stopped the run early */
	double seconds;
};

struct ffn_sim;

/*
 * Build the platform: the SPMC, the mediator (probed), every VM created
 * (bitmap at the SPMC), every endpoint driver probed, every flow's
 * notification bound, the policy and the scheduler set. No thread runs
 * yet. On error returns NULL and writes a message to @err.
 */
struct ffn_sim *ffn_sim_new(const struct ffn_sim_config *cfg, char *err,
			    size_t errlen);

/* Record trace events (Chrome JSON) from now on. */
void ffn_sim_trace_enable(struct ffn_sim *sim);

/* Start every thread. */
int ffn_sim_start(struct ffn_sim *sim);

/*
 * Before the workload: send one notification on the first flow of each
 * path, one at a time, waiting until the system is idle after each, and
 * record them for the sequence diagram (at most @max).
 * Return: the number captured.
 */
unsigned ffn_sim_capture(struct ffn_sim *sim, unsigned max);

/* Run the workload to the end (churn included) and drain. @progress is
 * called about every 100 ms from this thread. */
typedef void (*ffn_sim_progress_fn)(void *arg, uint64_t sent, uint64_t total,
				    uint64_t delivered, double seconds);
void ffn_sim_run(struct ffn_sim *sim, ffn_sim_progress_fn progress, void *arg);

/*
 * Ask a running ffn_sim_run to stop early: the senders stop, vCPUs the
 * scenario still had to bring back online come back, what is in flight is
 * drained, and ffn_sim_run returns (within about 100 ms). Counts stay
 * exact for what was sent. Async-signal-safe (one atomic store): meant
 * for a SIGINT handler; may be called from any thread, at any time.
 */
void ffn_sim_interrupt(struct ffn_sim *sim);

/* Stop every thread; fill @out. */
void ffn_sim_stop(struct ffn_sim *sim, struct ffn_sim_result *out);

/* Write the trace (Chrome Trace Event JSON) / the sequence diagram. */
int ffn_sim_write_trace(struct ffn_sim *sim, FILE *f);
int ffn_sim_write_svg(struct ffn_sim *sim, FILE *f);

void ffn_sim_free(struct ffn_sim *sim);

/*
 * Hooks for tests that drive a built world by hand (ffn_sim_new, not
 * started). The endpoint driver of domain @id, or NULL.
 */
struct ffn_ep *ffn_sim_ep(struct ffn_sim *sim, ffn_id_t id);
/*
 * Run @fn as vCPU @vcpu of SP @sp on its own initiative: it takes the
 * vCPU's run slot, calls @fn(its endpoint, @vcpu, @arg), then ends the
 * run with FFA_MSG_WAIT, as an SP woken by its own interrupt would.
 */
void ffn_sim_sp_run(struct ffn_sim *sim, ffn_id_t sp, uint16_t vcpu,
		    void (*fn)(struct ffn_ep *ep, uint16_t vcpu, void *arg),
		    void *arg);
/* Run the mediator's deferred SRI work on @cpu now (the tasklet). */
void ffn_sim_sri_work(struct ffn_sim *sim, uint32_t cpu);
/* Whether virtual interrupt @intid is pending at vCPU @vcpu of @id. */
bool ffn_sim_virq_pending(struct ffn_sim *sim, ffn_id_t id, uint16_t vcpu,
			  uint32_t intid);
/* The endpoint driver that takes the SRI (the scheduler), or NULL. */
struct ffn_ep *ffn_sim_scheduler_ep(struct ffn_sim *sim);
/* An SMC from the normal world on @cpu, straight into the SPMC. */
void ffn_sim_spmc_call_ns(struct ffn_sim *sim, uint32_t cpu,
			  struct ffn_regs *regs);
/*
 * The mediator's vm_get and vm_put ops, as its deferred work calls them:
 * hold live VM @id (NULL when there is none) / drop that hold.
 */
struct ffn_med_vm;
struct ffn_med_vm *ffn_sim_vm_get(struct ffn_sim *sim, ffn_id_t id);
void ffn_sim_vm_put(struct ffn_sim *sim, struct ffn_med_vm *vm);
/* Toolstack: destroy VM @id / create it again. Return: 0 or an FF-A code. */
void ffn_sim_vm_destroy(struct ffn_sim *sim, ffn_id_t id);
int ffn_sim_vm_create(struct ffn_sim *sim, ffn_id_t id);
/* Notifications delivered on flow @i (the config's flows in order, those
 * naming an unknown endpoint skipped); 0 past the last. */
int64_t ffn_sim_flow_delivered(struct ffn_sim *sim, unsigned i);
/* VM context blocks freed so far (the last vm_put after a destroy). */
uint64_t ffn_sim_vms_freed(struct ffn_sim *sim);

/* Monotonic nanoseconds. */
uint64_t ffn_sim_now(void);

#endif /* FFN_SIM_H */
