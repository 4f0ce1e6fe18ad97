// SPDX-License-Identifier: BSD-3-Clause
/* The mediator's fake host (see fake_host.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_host.h"

/* Not assert(): release builds define NDEBUG, and these must hold. */
#define fh_check(cond)                                                         \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: fake host check failed: %s\n", \
				__FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

static const struct ffn_spmc_sp_desc fh_sps[] = {
	{.id = FH_SP1, .vcpu_count = 2, .notifications = true},
	{.id = FH_SP4, .vcpu_count = 4, .notifications = true},
	{.id = FH_SP_NONOTIF, .vcpu_count = 1, .notifications = false},
};

/* ---- the fault hook and the observer ---- */

static bool smc_fault(void *ctx, uint32_t cpu, struct ffn_regs *r)
{
	struct fake_host *h = ctx;

	return h->hook != NULL && h->hook(h, cpu, r);
}

static void on_smc(void *ctx, uint32_t cpu, const struct ffn_regs *in,
		   const struct ffn_regs *out)
{
	struct fake_host *h = ctx;

	fh_check(cpu < FH_CPUS);
	if (h->smc_count < FH_SMC_MAX) {
		h->smc[h->smc_count].cpu = cpu;
		h->smc[h->smc_count].in = *in;
		h->smc[h->smc_count].out = *out;
	}
	h->smc_count++;
}

static void on_inject(void *ctx, struct ffn_hw_vm *v, uint16_t vcpu,
		      uint32_t intid)
{
	struct fake_host *h = ctx;

	fh_check(vcpu < v->vcpus);
	/* Injecting into an offline vCPU is the loss the mediator avoids. */
	fh_check(v->online[vcpu]);
	fh_check(h->irq_count < FH_IRQ_MAX);
	h->irq[h->irq_count].vm = v->id;
	h->irq[h->irq_count].vcpu = vcpu;
	h->irq[h->irq_count].intid = intid;
	h->irq_count++;
	if (h->irq_hook)
		h->irq_hook(h, v->id, vcpu, intid);
}

static void on_work(void *ctx, uint32_t cpu)
{
	struct fake_host *h = ctx;

	(void)cpu;
	h->work_runs++;
}

void fh_run(struct fake_host *h)
{
	fh_check(ffn_hw_settle(&h->w, 0) >= 0);
}

struct fake_host *fh_new(const struct fh_config *cfg)
{
	struct fh_config none = {0};
	struct ffn_spmc_sp_desc sps[sizeof(fh_sps) / sizeof(fh_sps[0])];
	struct ffn_hw_desc d;
	struct fake_host *h = calloc(1, sizeof(*h));

	fh_check(h != NULL);
	if (!cfg)
		cfg = &none;
	memcpy(sps, fh_sps, sizeof(sps));
	if (cfg->vm_msgs) {
		/* SP1 wants both messages, SP 0x8002 only "VM destroyed". */
		sps[0].vm_created = sps[0].vm_destroyed = true;
		sps[1].vm_destroyed = true;
	}
	memset(&d, 0, sizeof(d));
	d.cpus = FH_CPUS;
	d.hyp = true;
	d.sps = sps;
	d.sp_count = sizeof(sps) / sizeof(sps[0]);
	d.vm_capacity = FH_MAX_VMS;
	d.vm_max_vcpus = FH_MAX_VCPUS;
	d.med_vm_capacity = cfg->vm_capacity ? cfg->vm_capacity : FH_MAX_VMS;
	d.sp_capacity = cfg->sp_capacity ? cfg->sp_capacity : 8;
	d.policy_capacity = cfg->policy_capacity ? cfg->policy_capacity : 64;
	/* The SP list a host reads with FFA_PARTITION_INFO_GET. */
	d.med_sp_list = cfg->vm_msgs;
	d.no_probe = cfg->no_probe;
	d.observe_boot = true;

	h->hook = cfg->hook;
	h->w.faults.smc = smc_fault;
	h->w.faults.ctx = h;
	h->w.faults.register_fail_cpu = -1;
	h->w.faults.register_err = FH_REGISTER_ERR;
	h->w.obs.ctx = h;
	h->w.obs.smc = on_smc;
	h->w.obs.inject = on_inject;
	h->w.obs.work = on_work;
	fh_check(ffn_hw_init(&h->w, &d) == 0);
	return h;
}

void fh_free(struct fake_host *h)
{
	ffn_hw_fini(&h->w);
	free(h);
}

struct ffn_hw_vm *fh_vm(struct fake_host *h, ffn_id_t id)
{
	return ffn_hw_vm(&h->w, id);
}

int32_t fh_vm_create(struct fake_host *h, ffn_id_t id, uint16_t vcpus)
{
	struct ffn_hw_vm *v;
	int32_t rc;

	fh_check(vcpus <= FH_MAX_VCPUS);
	rc = ffn_hw_vm_create(&h->w, id, vcpus, &v);
	fh_check(rc != FFN_HW_DUPLICATE);
	if (rc != FFN_OK)
		return rc;
	fh_run(h);
	return rc;
}

int32_t fh_vm_destroy(struct fake_host *h, ffn_id_t id)
{
	struct ffn_hw_vm *v = fh_vm(h, id);
	int32_t rc;

	fh_check(v != NULL);
	rc = ffn_hw_vm_destroy(&h->w, v);
	fh_run(h);
	return rc;
}

void fh_vcpu_set(struct fake_host *h, ffn_id_t id, uint16_t vcpu, bool online)
{
	struct ffn_hw_vm *v = fh_vm(h, id);

	fh_check(v != NULL && vcpu < v->vcpus);
	ffn_hw_vcpu_set(&h->w, v, vcpu, online);
	fh_run(h);
}

int32_t fh_call_regs(struct fake_host *h, ffn_id_t id, uint16_t vcpu,
		     const struct ffn_regs *in)
{
	struct ffn_hw_vm *v = fh_vm(h, id);

	fh_check(v != NULL && vcpu < v->vcpus);
	h->r = *in;
	ffn_hw_call_vm(&h->w, v, vcpu, &h->r);
	fh_run(h);
	return ffn_regs_error_code(&h->r);
}

int32_t fh_call(struct fake_host *h, ffn_id_t id, uint16_t vcpu, uint32_t fid,
		uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4)
{
	struct ffn_regs r;

	ffn_hw_regs(&r, fid, w1, w2, w3, w4);
	return fh_call_regs(h, id, vcpu, &r);
}

int32_t fh_sp(struct fake_host *h, ffn_id_t sp, uint16_t vcpu, uint32_t fid,
	      uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4)
{
	ffn_hw_regs(&h->r, fid, w1, w2, w3, w4);
	ffn_hw_call_sp(&h->w, sp, vcpu, &h->r);
	fh_run(h);
	return ffn_regs_error_code(&h->r);
}

unsigned fh_irqs(const struct fake_host *h, ffn_id_t vm, int vcpu,
		 uint32_t intid)
{
	unsigned n = 0;

	for (unsigned i = 0; i < h->irq_count; i++)
		if (h->irq[i].vm == vm && h->irq[i].intid == intid &&
		    (vcpu < 0 || h->irq[i].vcpu == (uint16_t)vcpu))
			n++;
	return n;
}

void fh_clear(struct fake_host *h)
{
	h->irq_count = 0;
	h->smc_count = 0;
}

unsigned fh_smcs(const struct fake_host *h, uint32_t fid,
		 const struct fh_smc **last)
{
	unsigned n = 0;
	unsigned lim = h->smc_count < FH_SMC_MAX ? h->smc_count : FH_SMC_MAX;

	for (unsigned i = 0; i < lim; i++) {
		if ((uint32_t)h->smc[i].in.x[0] == fid) {
			n++;
			if (last)
				*last = &h->smc[i];
		}
	}
	return n;
}

int32_t fh_bind(struct fake_host *h, ffn_id_t receiver, ffn_id_t sender,
		uint32_t flags, uint64_t bitmap)
{
	return fh_call(h, receiver, 0, FFN_FID_NOTIFICATION_BIND,
		       ffn_w1_pack(sender, receiver), flags, (uint32_t)bitmap,
		       bitmap >> 32);
}

int32_t fh_unbind(struct fake_host *h, ffn_id_t receiver, ffn_id_t sender,
		  uint64_t bitmap)
{
	return fh_call(h, receiver, 0, FFN_FID_NOTIFICATION_UNBIND,
		       ffn_w1_pack(sender, receiver), 0, (uint32_t)bitmap,
		       bitmap >> 32);
}

int32_t fh_set(struct fake_host *h, ffn_id_t sender, ffn_id_t receiver,
	       uint32_t flags, uint64_t bitmap)
{
	return fh_call(h, sender, 0, FFN_FID_NOTIFICATION_SET,
		       ffn_w1_pack(sender, receiver), flags, (uint32_t)bitmap,
		       bitmap >> 32);
}

int32_t fh_get(struct fake_host *h, ffn_id_t receiver, uint16_t vcpu,
	       uint32_t flags)
{
	return fh_call(h, receiver, vcpu, FFN_FID_NOTIFICATION_GET,
		       ffn_w1_pack(vcpu, receiver), flags, 0, 0);
}

int32_t fh_sp_set(struct fake_host *h, ffn_id_t sp, ffn_id_t receiver,
		  uint32_t flags, uint64_t bitmap)
{
	struct ffn_regs res;
	int32_t rc;

	rc = fh_sp(h, sp, 0, FFN_FID_NOTIFICATION_SET,
		   ffn_w1_pack(sp, receiver), flags, (uint32_t)bitmap,
		   bitmap >> 32);
	res = h->r;
	/* Hand the CPU back to the normal world. */
	ffn_hw_sp_msg_wait(&h->w, sp, 0, &h->r);
	fh_run(h);
	h->r = res;
	return rc;
}

struct ffn_med_vm_view fh_view(struct fake_host *h, ffn_id_t id, uint16_t vcpu)
{
	struct ffn_med_vm_view v;

	fh_check(ffn_mediator_vm_view(&h->w.med, fh_vm(h, id)->med, vcpu, &v) ==
		 FFN_OK);
	return v;
}

struct ffn_mediator_stats fh_stats(struct fake_host *h)
{
	struct ffn_mediator_stats st;

	ffn_mediator_get_stats(&h->w.med, &st);
	return st;
}
