/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The logical test partitions inside the firmware (ffn_tp.h is their
 * protocol): FFN_TP_UP_ID with one vCPU and FFN_TP_MP_ID with one vCPU
 * per CPU. They are plain C run on the CPU of the call that gives them
 * cycles (a direct request, or FFA_RUN when the engine pends their NPI),
 * and they reach the engine as SPs, through ffn_spmc_call_sp.
 *
 * Every call of a partition run ends with FFA_MSG_WAIT to the engine: a
 * direct response ends the run exactly as FFA_MSG_WAIT does in the
 * engine's model (the vCPU waits, its CPU returns to the normal world,
 * a delayed SRI owed on that CPU fires).
 *
 * Context: any CPU, concurrently. One vCPU runs on one CPU at a time:
 * fw_tp_claim() is the gate, and callers hold the claim across a run.
 */
#ifndef FW_TP_H
#define FW_TP_H

#include "ffn/spmc.h"
#include "ffn_tp.h"
#include "platform.h"

#define FW_TP_COUNT 2u
#define FW_TP_MAX_SENDERS 16u

struct fw_tp_vcpu {
	ffn_atomic32_t owner; /* 0 free, else CPU + 1 running it */
	ffn_atomic32_t npi;   /* the engine pended the NPI: take it */
	/* Received since the last REPORT, under fw_tp.lock. */
	uint64_t received;
	uint32_t count;
	uint32_t runs;
};

struct fw_tp_binding {
	bool used;
	ffn_id_t sender;
	uint64_t ids;
};

struct fw_tp {
	ffn_id_t id;
	uint16_t vcpu_count;
	uint32_t uuid[4];
	ffn_spinlock_t lock; /* bound[] and every vCPU's record */
	struct fw_tp_binding bound[FW_TP_MAX_SENDERS];
	struct fw_tp_vcpu vcpu[FW_MAX_CPUS];
};

struct fw_tps {
	struct ffn_spmc *spmc;
	struct fw_tp tp[FW_TP_COUNT];
};

/* Fill @t for @cpu_count CPUs (1..FW_MAX_CPUS) and @descs[FW_TP_COUNT]
 * with the manifests the engine's configuration needs. */
void fw_tp_init(struct fw_tps *t, uint32_t cpu_count,
		struct ffn_spmc_sp_desc *descs);

/* The engine the partitions call (set once it is initialised). */
void fw_tp_attach(struct fw_tps *t, struct ffn_spmc *spmc);

/* The partition with ID @id, or NULL. */
struct fw_tp *fw_tp_find(struct fw_tps *t, ffn_id_t id);

/* The vCPU a run of @tp on @cpu uses: 0 for UP, @cpu for MP. */
uint16_t fw_tp_vcpu_of(const struct fw_tp *tp, uint32_t cpu);

/* Claim @vcpu of @tp for @cpu. Return: false when it runs elsewhere. */
bool fw_tp_claim(struct fw_tp *tp, uint16_t vcpu, uint32_t cpu);
void fw_tp_release(struct fw_tp *tp, uint16_t vcpu);

/*
 * A direct request (@r: x3 = command, x4..x7 = arguments) run on @vcpu
 * of @tp (claimed) on @cpu. Return: the response in @r->x[3..7] (status,
 * results); @r->x[0..2] are left for the caller to fill.
 */
void fw_tp_direct(struct fw_tps *t, struct fw_tp *tp, uint16_t vcpu,
		  uint32_t cpu, struct ffn_regs *r);

/* The engine's pend_npi callback: remember it for the run in progress. */
void fw_tp_pend_npi(struct fw_tps *t, ffn_id_t sp, uint16_t vcpu);

/*
 * After an FFA_RUN of @vcpu (claimed) on @cpu: when its NPI was pended,
 * take it (GET with the SP and VM flags, record, FFA_MSG_WAIT). @r
 * receives what the normal world sees. Return: whether it ran.
 */
bool fw_tp_after_run(struct fw_tps *t, struct fw_tp *tp, uint16_t vcpu,
		     uint32_t cpu, struct ffn_regs *r);

#endif /* FW_TP_H */
