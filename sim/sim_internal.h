/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internals of the host platform (sim.c, ports.c, threads.c, domains.c,
 * workload.c, observe.c, trace.c, diagram.c).
 *
 * Lock order (outermost first; docs/platform.md):
 *     flow->mu -> [core locks: mediator, SPMC, endpoint] -> sim->dom_mu
 *              (sim->w.lock and sim->w.vms.lock, the hosted world's,
 *              are leaves of their own)
 *              -> vcpu->mu / cpu->mu -> sim->idle_mu, sim->trace_mu
 * A vcpu->mu holder never takes a flow->mu (it reads the flow's atomics).
 * No pthread lock is held across an FF-A call, except flow->mu across
 * the sender's SET (so that a SET and its count are one step for the
 * receiver's callback and for churn). Every wait is on a condition
 * variable; no thread sleeps to wait for an event.
 */
#ifndef FFN_SIM_INTERNAL_H
#define FFN_SIM_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>

#include "ffn/endpoint.h"
#include "ffn/mediator.h"
#include "ffn/spmc.h"
#include "host_world.h"
#include "sim.h"
#include "world.h"

enum { OWN_NONE, OWN_SELF, OWN_RUNNER };

/* Virtual interrupt IDs as bits of sim_vcpu.virq. */
#define SIM_VIRQ_BIT(intid) (1u << ((intid)&31u))

/* Thread keys (trace lanes): one per thread. */
#define KEY_MAIN 1
#define KEY_CPU(c) (100 + (int)(c))
#define KEY_WORK(c) (200 + (int)(c))
#define KEY_VCPU(d, v) (1000 + (int)(d)*64 + (int)(v))

/* Trace processes. */
#define PID_CPUS 1
#define PID_MED 2
#define PID_SPMC 3
#define PID_DOM(d) (10 + (int)(d))

struct ffn_sim;
struct sim_dom;
struct sim_flow;

struct sim_vcpu {
	struct ffn_sim *sim;
	struct sim_dom *dom;
	uint16_t idx;
	uint32_t home_cpu;
	uint32_t cur_cpu; /* SP: the CPU it runs on (slot owner only) */
	int key;
	pthread_t th;
	bool started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	uint32_t virq; /* pending virtual interrupts */
	bool stop;     /* the thread is asked to exit (offline or gone) */
	bool gone;     /* its domain is destroyed: interrupts are dropped */
	int owner;     /* SP run slot: OWN_* */
	bool run_req, run_done;
	bool run_npi; /* the run takes an NPI */
	uint32_t run_cpu;
	struct sim_flow *flows[FFN_SIM_MAX_FLOWS];
	unsigned nflows;
};

struct sim_dom {
	struct ffn_sim *sim;
	unsigned index;
	struct ffn_sim_dom_desc d;
	bool is_sp;
	bool is_ns; /* the NS physical instance (hypervisor off) */
	char name[24];
	struct ffn_ep ep;
	struct sim_vcpu *vcpu; /* [d.vcpus] */
	/* VMs, under sim->dom_mu: the current incarnation's record in the
	 * world's VM table (host/vmtable.c; its host pointer is this dom). */
	struct ffn_hw_vm *vm;
	/* Receiver side: the path of the last delivery, for spurious. */
	atomic_int last_path;
};

#define LAT_BUCKETS 512
struct sim_flow {
	struct ffn_sim_flow_desc d;
	enum ffn_sim_path path;
	struct sim_dom *snd, *rcv;
	struct sim_vcpu *sv;
	pthread_mutex_t mu;
	/* Under mu. */
	atomic_ullong remaining; /* SETs still to attempt (written under mu) */
	uint64_t sent, rejected, discarded;
	uint64_t outstanding;
	uint64_t t_first, t_last, t_prev_last;
	int64_t delivered, coalesced;
	atomic_bool down; /* written under mu */
	uint32_t hist[LAT_BUCKETS];
	uint64_t lat_max;
	/* Pacing: the sender's thread only. */
	uint64_t next_due;
	double interval_ns;
	uint64_t rng;
	uint64_t stuck;	   /* set at the end */
	uint64_t trace_id; /* flow arrow of the first outstanding SET */
};

struct sim_cpu {
	unsigned idx;
	pthread_t th, wth;
	pthread_mutex_t mu;
	pthread_cond_t cv, wcv;
	bool sri_pending;
	bool work_sched;
	bool stop;
};

/* Chrome trace event. */
struct sim_tev {
	uint64_t ts, dur;
	uint64_t id; /* flow events ('s', 'f'): the notification */
	int pid, tid;
	char ph;
	bool regs; /* args are a call's registers (else a description) */
	char name[48];
	char args[112];
};

/* Sequence-diagram item. */
enum {
	LANE_SENDER,
	LANE_SPMC,
	LANE_CPU,
	LANE_MED,
	LANE_SCHED,
	LANE_RCV,
	LANE_COUNT
};
struct sim_sev {
	int block;
	int from, to;
	/* c call, r return, i physical interrupt, v virtual interrupt,
	 * h the CPU handed over (ERET into an SP, or back), n note */
	char kind;
	uint64_t ts;
	char label[120];
};

struct sim_block {
	char title[160];
};

struct sim_name {
	int pid, tid;
	char name[40];
};

struct ffn_sim {
	struct ffn_sim_config cfg;
	/* The engines, the VM table (freed at the last put), the FFA_RUN
	 * hand-off: the hosted world, with this platform as its backend
	 * (ports.c) and the trace as its observer (observe.c). */
	struct ffn_hw w;
	struct sim_cpu cpu[FFN_SIM_MAX_CPUS];
	struct sim_dom dom[FFN_SIM_MAX_DOMS];
	unsigned ndom;
	struct sim_dom *sched;
	struct sim_flow flow[FFN_SIM_MAX_FLOWS];
	unsigned nflow;

	pthread_mutex_t dom_mu;

	/* Quiescence: work in flight (interrupts, tasklets, runs). */
	atomic_long busy;
	pthread_mutex_t idle_mu;
	pthread_cond_t idle_cv;
	atomic_ullong sent_total;
	atomic_ullong attempted_total;
	/*
	 * Senders attempt no SET once attempted_total reaches it: the
	 * attempt count of the next churn or vCPU event not yet applied
	 * (UINT64_MAX when none is left), so each event lands at its share
	 * of the count however late the controller thread runs.
	 */
	atomic_ullong gate;
	uint64_t total;
	atomic_bool go;		 /* senders may send */
	atomic_bool interrupted; /* ffn_sim_interrupt: stop early */

	/* Counters. */
	atomic_ullong sri_taken, sri_unhandled;
	atomic_ullong spurious[FFN_SIM_PATH_COUNT];
	atomic_ullong sched_sri, sched_spurious, churns, offlines;
	uint64_t t_start, t_end;

	/* Trace. */
	pthread_mutex_t trace_mu;
	bool tracing;
	struct sim_tev *tev;
	size_t ntev, captev;
	uint64_t tev_dropped;
	atomic_ullong trace_ids;
	struct sim_name names[512];
	unsigned nnames;
	uint64_t t0;

	/* Sequence diagram capture (under trace_mu). */
	atomic_int cap_block; /* -1 when not capturing */
	struct sim_dom *cap_snd, *cap_rcv;
	struct sim_sev *sev;
	size_t nsev, capsev;
	struct sim_block blocks[8];
	unsigned nblocks;
};

/* Thread-local context of the running thread. */
extern _Thread_local int sim_tls_key;
extern _Thread_local int sim_tls_cpu;

/* sim.c */
void sim_busy_inc(struct ffn_sim *s);
void sim_busy_dec(struct ffn_sim *s);
void sim_wait_idle(struct ffn_sim *s);
struct sim_dom *sim_dom_find(struct ffn_sim *s, ffn_id_t id);
void sim_sp_own_run(struct sim_vcpu *v, void (*fn)(struct sim_vcpu *, void *),
		    void *arg);

int sim_vm_create(struct ffn_sim *s, struct sim_dom *d);
void sim_vm_destroy(struct ffn_sim *s, struct sim_dom *d);
void sim_dom_stop(struct sim_dom *d);
int sim_dom_start(struct sim_dom *d);
void sim_vcpu_offline(struct sim_vcpu *v);
int sim_vcpu_online(struct sim_vcpu *v);

/* workload.c */
void sim_flows_setup(struct ffn_sim *s);
int sim_flow_bind(struct ffn_sim *s, struct sim_flow *f);
uint64_t sim_vcpu_next_due(struct sim_vcpu *v);
void sim_vcpu_send_due(struct sim_vcpu *v, uint64_t now);
bool sim_flow_send_one(struct sim_flow *f);
void sim_flows_collect(struct ffn_sim *s, struct ffn_sim_result *out);
void sim_churn(struct ffn_sim *s, struct sim_dom *d);
void sim_spurious(struct sim_dom *d);

/* trace.c */
/*
 * Make room for element @n of @arr, an array of *@cap elements of @elem
 * bytes: double it (@first when empty), never past @max elements. Caller
 * holds the lock that guards the array.
 * Return: the array (moved, maybe), or NULL when there is no room (@arr
 * is unchanged and the element is dropped).
 */
void *sim_grow(void *arr, size_t *cap, size_t n, size_t elem, size_t first,
	       size_t max);
void sim_trace_name(struct ffn_sim *s, int pid, int tid, const char *name);
void sim_trace_ev(struct ffn_sim *s, char ph, int pid, int tid, uint64_t ts,
		  uint64_t dur, const char *name, const char *args);
void sim_trace_flow(struct ffn_sim *s, char ph, int pid, int tid, uint64_t ts,
		    uint64_t id);
void sim_trace_call(struct ffn_sim *s, int pid, uint64_t t0,
		    const struct ffn_regs *in, const struct ffn_regs *out);
void sim_fmt_call(char *buf, size_t len, const struct ffn_regs *r);
void sim_fmt_ret(char *buf, size_t len, uint32_t in_fid,
		 const struct ffn_regs *r);
bool sim_capturing(struct ffn_sim *s);
int sim_lane_of(struct ffn_sim *s, struct sim_dom *d);
void sim_sev_add(struct ffn_sim *s, int from, int to, char kind,
		 const char *label);
void sim_trace_free(struct ffn_sim *s);

/* Interrupt IDs the SPMC hands out (FFA_FEATURES NPI, MEI and SRI). */
#define SP_NPI_INTID FFN_HOST_NPI_INTID
#define SRI_INTID FFN_HOST_SRI_INTID

/* The functions shared by the files of sim/. */
void sim_backend_init(struct ffn_sim *s);		/* ports.c */
extern const struct ffn_ep_ops sim_ns_ep_ops;		/* ports.c */
extern const struct ffn_ep_ops sim_vm_ep_ops;		/* ports.c */
extern const struct ffn_ep_ops sim_sp_ep_ops;		/* ports.c */
void sim_observer_init(struct ffn_sim *s);		/* observe.c */
void sim_cpu_schedule(struct ffn_sim *s, uint32_t cpu); /* ports.c */
void sim_sp_msg_wait(struct sim_vcpu *v);		/* ports.c */
void sim_service_run_locked(struct sim_vcpu *v);	/* threads.c */
void *sim_vcpu_main(void *arg);				/* threads.c */
void *sim_cpu_main(void *arg);				/* threads.c */
void *sim_work_main(void *arg);				/* threads.c */
void sim_vcpu_init(struct ffn_sim *s, struct sim_dom *d,
		   uint16_t i);		     /* domains.c */
void sim_cond_init_mono(pthread_cond_t *cv); /* sim.c */

/* The domain of a VM context (the host record's cookie). */
static inline struct sim_dom *sim_dom_of(struct ffn_med_vm *vm)
{
	return ((struct ffn_hw_vm *)ffn_med_vm_host(vm))->host;
}

#endif /* FFN_SIM_INTERNAL_H */
