/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A fake host hypervisor for the mediator's unit tests: the hosted world
 * (host/world.h) with a real SPMC engine and mediator. SMCs go to the
 * SPMC (a test may intercept any of them with a hook), the SRIs the
 * engine raises are taken on their CPU, and the work that schedules runs
 * before the test regains control, as a tasklet would run before the
 * guest's next instruction. Its observer records every virtual interrupt
 * and every SMC.
 *
 * The SPMC has SP 0x8001 (2 vCPUs), SP 0x8002 (4 vCPUs) and SP 0x8004
 * (no notification support); 4 physical CPUs; vCPU N runs on CPU N % 4.
 */
#ifndef FFN_FAKE_HOST_H
#define FFN_FAKE_HOST_H

#include "ffn/mediator.h"
#include "ffn/spmc.h"
#include "world.h"

#define FH_SP1 0x8001u
#define FH_SP4 0x8002u
#define FH_SP_NONOTIF 0x8004u
#define FH_CPUS 4u
#define FH_MAX_VMS 64u
#define FH_MAX_VCPUS 8u
#define FH_IRQ_MAX 4096u
#define FH_SMC_MAX 4096u
/* register_sri's failure: a host errno (EBUSY), positive, so no FF-A code. */
#define FH_REGISTER_ERR 16

struct fake_host;

/*
 * Intercept an SMC the mediator makes. Return true when @r now holds the
 * answer; false to let the real SPMC answer.
 */
typedef bool (*fh_smc_hook)(struct fake_host *h, uint32_t cpu,
			    struct ffn_regs *r);

struct fh_irq {
	ffn_id_t vm;
	uint16_t vcpu;
	uint32_t intid;
};

struct fh_smc {
	uint32_t cpu;
	struct ffn_regs in, out;
};

/* Called after each recorded virtual interrupt, as the mediator injects. */
typedef void (*fh_irq_hook)(struct fake_host *h, ffn_id_t vm, uint16_t vcpu,
			    uint32_t intid);

/*
 * The world (w: the engines, the VMs, the queue, the fault hooks in
 * w.faults) and what this host records of it through its observer.
 */
struct fake_host {
	struct ffn_hw w;

	fh_smc_hook hook; /* through w.faults.smc */
	void *hook_ctx;
	fh_irq_hook irq_hook;
	unsigned work_runs;

	struct fh_irq irq[FH_IRQ_MAX];
	unsigned irq_count;
	struct fh_smc smc[FH_SMC_MAX];
	unsigned smc_count;

	struct ffn_regs r; /* the last guest call's result */
};

struct fh_config {
	uint32_t vm_capacity;	  /* 0: FH_MAX_VMS */
	uint32_t sp_capacity;	  /* 0: 8 */
	uint32_t policy_capacity; /* 0: 64 */
	fh_smc_hook hook;	  /* installed before probing */
	bool no_probe;		  /* leave firmware notifications off */
	/* SP 0x8001 subscribes to "VM created" and "VM destroyed", SP
	 * 0x8002 to "VM destroyed" (the SPMC's manifest and the mediator's
	 * SP list say so) */
	bool vm_msgs;
};

/* A host with a mediator, probed from CPU 0, every CPU brought up. */
struct fake_host *fh_new(const struct fh_config *cfg);
void fh_free(struct fake_host *h);

/* Deliver the SRIs the SPMC raised and run the scheduled work. */
void fh_run(struct fake_host *h);

/* Domain lifecycle; all vCPUs start online. */
int32_t fh_vm_create(struct fake_host *h, ffn_id_t id, uint16_t vcpus);
int32_t fh_vm_destroy(struct fake_host *h, ffn_id_t id);
struct ffn_hw_vm *fh_vm(struct fake_host *h, ffn_id_t id);
/* The mediator's view of VM @id's vCPU @vcpu; aborts if it has none. */
struct ffn_med_vm_view fh_view(struct fake_host *h, ffn_id_t id, uint16_t vcpu);
struct ffn_mediator_stats fh_stats(struct fake_host *h);
void fh_vcpu_set(struct fake_host *h, ffn_id_t id, uint16_t vcpu, bool online);

/* A guest call from VM @id's vCPU @vcpu; the result lands in h->r. */
int32_t fh_call(struct fake_host *h, ffn_id_t id, uint16_t vcpu, uint32_t fid,
		uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4);
int32_t fh_call_regs(struct fake_host *h, ffn_id_t id, uint16_t vcpu,
		     const struct ffn_regs *in);

/* A call from SP @sp's vCPU @vcpu to the SPMC (result in h->r). */
int32_t fh_sp(struct fake_host *h, ffn_id_t sp, uint16_t vcpu, uint32_t fid,
	      uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4);

/* Virtual interrupts recorded for (@vm, @vcpu or -1 for any, @intid). */
unsigned fh_irqs(const struct fake_host *h, ffn_id_t vm, int vcpu,
		 uint32_t intid);
void fh_clear(struct fake_host *h); /* forget recorded IRQs and SMCs */

/* SMCs recorded with function ID @fid; the last one in *@last. */
unsigned fh_smcs(const struct fake_host *h, uint32_t fid,
		 const struct fh_smc **last);

/* Shorthands. */
int32_t fh_bind(struct fake_host *h, ffn_id_t receiver, ffn_id_t sender,
		uint32_t flags, uint64_t bitmap);
int32_t fh_unbind(struct fake_host *h, ffn_id_t receiver, ffn_id_t sender,
		  uint64_t bitmap);
int32_t fh_set(struct fake_host *h, ffn_id_t sender, ffn_id_t receiver,
	       uint32_t flags, uint64_t bitmap);
int32_t fh_get(struct fake_host *h, ffn_id_t receiver, uint16_t vcpu,
	       uint32_t flags);
/* An SP's SET to a VM (from the SP's vCPU 0). */
int32_t fh_sp_set(struct fake_host *h, ffn_id_t sp, ffn_id_t receiver,
		  uint32_t flags, uint64_t bitmap);

#endif /* FFN_FAKE_HOST_H */
