// SPDX-License-Identifier: BSD-3-Clause
/* The mediator's fake host (see fake_host.h). */
#include <stdio.h>
#include <stdlib.h>

#include "fake_host.h"
#include "host_world.h"

/* Not assert(): release builds define NDEBUG, and these must hold. */
#define fh_check(cond)                                                         \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: fake host check failed: %s\n", \
				__FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

static void *alloc8(size_t size)
{
	void *p = aligned_alloc(8, (size + 7) & ~(size_t)7);

	fh_check(p != NULL);
	return p;
}

/* The SPMC's port: SRIs pend on their CPU until fh_run takes them. */
static void spmc_raise_sri(void *ctx, uint32_t cpu)
{
	struct fake_host *h = ctx;

	fh_check(cpu < FH_CPUS);
	h->sri_pending[cpu]++;
}

static void spmc_pend_npi(void *ctx, ffn_id_t sp, uint16_t vcpu)
{
	(void)ctx;
	(void)sp;
	(void)vcpu;
}

static const struct ffn_spmc_ops spmc_ops = {
	.raise_sri = spmc_raise_sri,
	.pend_npi = spmc_pend_npi,
};

static const struct ffn_spmc_sp_desc fh_sps[] = {
	{.id = FH_SP1, .vcpu_count = 2, .notifications = true},
	{.id = FH_SP4, .vcpu_count = 4, .notifications = true},
	{.id = FH_SP_NONOTIF, .vcpu_count = 1, .notifications = false},
};

/* The mediator's port. */
static void op_smc(void *ctx, uint32_t cpu, struct ffn_regs *r)
{
	struct fake_host *h = ctx;
	struct fh_smc *log = NULL;

	fh_check(cpu < FH_CPUS);
	if (h->smc_count < FH_SMC_MAX) {
		log = &h->smc[h->smc_count];
		log->cpu = cpu;
		log->in = *r;
	}
	h->smc_count++;
	if (!h->hook || !h->hook(h, cpu, r))
		ffn_spmc_call_ns(&h->spmc, cpu, r);
	if (log)
		log->out = *r;
}

static struct fh_vm *find_med(struct fake_host *h, struct ffn_med_vm *vm)
{
	struct fh_vm *v = ffn_med_vm_host(vm);

	fh_check(v >= h->vms && v < h->vms + FH_MAX_VMS && v->in_use &&
		 v->med == vm);
	return v;
}

static void op_inject(void *ctx, struct ffn_med_vm *vm, uint16_t vcpu,
		      uint32_t intid)
{
	struct fake_host *h = ctx;
	struct fh_vm *v = find_med(h, vm);

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

static bool op_online(void *ctx, struct ffn_med_vm *vm, uint16_t vcpu)
{
	struct fake_host *h = ctx;
	struct fh_vm *v = find_med(h, vm);
	bool online;

	fh_check(vcpu < v->vcpus);
	online = v->online[vcpu];
	if (!online && h->race_vm == v->id && h->race_vcpu == vcpu) {
		h->race_vm = 0;
		v->online[vcpu] = true;
		ffn_mediator_vcpu_online(&h->med, vm, vcpu);
	}
	return online;
}

static struct ffn_med_vm *op_vm_get(void *ctx, ffn_id_t id)
{
	struct fake_host *h = ctx;

	h->vm_get_calls++;
	for (unsigned i = 0; i < FH_MAX_VMS; i++) {
		if (h->vms[i].alive && h->vms[i].id == id) {
			h->vms[i].refs++;
			return h->vms[i].med;
		}
	}
	return NULL;
}

static void op_vm_put(void *ctx, struct ffn_med_vm *vm)
{
	struct fh_vm *v = find_med(ctx, vm);

	fh_check(v->refs > 0);
	v->refs--;
}

static void op_schedule(void *ctx)
{
	struct fake_host *h = ctx;

	h->work_pending++;
}

static int op_register(void *ctx, uint32_t cpu, uint32_t intid)
{
	struct fake_host *h = ctx;

	fh_check(cpu < FH_CPUS && intid == 8);
	if ((int)cpu == h->register_fail_cpu)
		return FH_REGISTER_ERR;
	h->sri_registered[cpu] = true;
	return 0;
}

static const struct ffn_mediator_ops med_ops = {
	.smc = op_smc,
	.inject_virq = op_inject,
	.vcpu_online = op_online,
	.vm_get = op_vm_get,
	.vm_put = op_vm_put,
	.schedule_work = op_schedule,
	.register_sri = op_register,
};

/* Free the storage of destroyed VMs once the mediator allows it. */
static void reap(struct fake_host *h)
{
	for (unsigned i = 0; i < FH_MAX_VMS; i++) {
		struct fh_vm *v = &h->vms[i];

		if (v->in_use && !v->alive &&
		    ffn_mediator_vm_freeable(&h->med, v->med)) {
			fh_check(v->refs == 0);
			free(v->storage);
			memset(v, 0, sizeof(*v));
		}
	}
}

void fh_run(struct fake_host *h)
{
	bool again = true;

	while (again) {
		again = false;
		for (uint32_t cpu = 0; cpu < FH_CPUS; cpu++) {
			while (h->sri_pending[cpu]) {
				h->sri_pending[cpu]--;
				/* No handler on that CPU: the SRI is lost. */
				if (!h->sri_registered[cpu])
					continue;
				ffn_mediator_sri_irq(&h->med, cpu);
				h->work_cpu = cpu;
				again = true;
			}
		}
		while (h->work_pending) {
			h->work_pending--;
			h->work_runs++;
			ffn_mediator_sri_work(&h->med, h->work_cpu);
			again = true;
		}
	}
	reap(h);
}

struct fake_host *fh_new(const struct fh_config *cfg)
{
	struct fh_config none = {0};
	struct ffn_spmc_config sc = {
		.sps = fh_sps,
		.sp_count = sizeof(fh_sps) / sizeof(fh_sps[0]),
		.vm_capacity = FH_MAX_VMS,
		.vm_max_vcpus = FH_MAX_VCPUS,
		.cpu_count = FH_CPUS,
	};
	struct ffn_mediator_config mc;
	struct ffn_spmc_sp_desc sps[sizeof(fh_sps) / sizeof(fh_sps[0])];
	struct ffn_mediator_sp parts[sizeof(fh_sps) / sizeof(fh_sps[0])];
	struct fake_host *h = calloc(1, sizeof(*h));
	size_t size;

	ffn_host_spmc_intids(&sc);
	if (!cfg)
		cfg = &none;
	memset(&mc, 0, sizeof(mc));
	memcpy(sps, fh_sps, sizeof(sps));
	if (cfg->vm_msgs) {
		/* SP1 wants both messages, SP 0x8002 only "VM destroyed". */
		sps[0].vm_created = sps[0].vm_destroyed = true;
		sps[1].vm_destroyed = true;
	}
	for (unsigned i = 0; i < sizeof(sps) / sizeof(sps[0]); i++) {
		parts[i].id = sps[i].id;
		parts[i].properties =
			(sps[i].notifications ? FFN_PART_PROP_RECV_NOTIF : 0) |
			(sps[i].vm_created ? FFN_PART_PROP_VM_CREATED : 0) |
			(sps[i].vm_destroyed ? FFN_PART_PROP_VM_DESTROYED : 0);
	}
	sc.sps = sps;
	if (cfg->vm_msgs) {
		/* The SP list a host reads with FFA_PARTITION_INFO_GET. */
		mc.sps = parts;
		mc.sp_count = sizeof(parts) / sizeof(parts[0]);
	}
	mc.vm_capacity = cfg->vm_capacity ? cfg->vm_capacity : FH_MAX_VMS;
	mc.sp_capacity = cfg->sp_capacity ? cfg->sp_capacity : 8;
	mc.policy_capacity = cfg->policy_capacity ? cfg->policy_capacity : 64;
	mc.cpu_count = FH_CPUS;

	fh_check(h != NULL);
	h->register_fail_cpu = -1;
	h->hook = cfg->hook;

	size = ffn_spmc_storage_size(&sc);
	fh_check(size != 0);
	h->spmc_storage = alloc8(size);
	fh_check(ffn_spmc_init(&h->spmc, &sc, &spmc_ops, h, h->spmc_storage,
			       size) == FFN_OK);

	size = ffn_mediator_storage_size(&mc);
	fh_check(size != 0);
	h->med_storage = alloc8(size);
	fh_check(ffn_mediator_init(&h->med, &mc, &med_ops, h, h->med_storage,
				   size) == FFN_OK);
	if (!cfg->no_probe) {
		fh_check(ffn_mediator_probe(&h->med, 0) == FFN_OK);
		for (uint32_t cpu = 1; cpu < FH_CPUS; cpu++)
			(void)ffn_mediator_cpu_up(&h->med, cpu);
	}
	return h;
}

void fh_free(struct fake_host *h)
{
	for (unsigned i = 0; i < FH_MAX_VMS; i++)
		free(h->vms[i].storage);
	free(h->med_storage);
	free(h->spmc_storage);
	free(h);
}

struct fh_vm *fh_vm(struct fake_host *h, ffn_id_t id)
{
	for (unsigned i = 0; i < FH_MAX_VMS; i++)
		if (h->vms[i].in_use && h->vms[i].alive && h->vms[i].id == id)
			return &h->vms[i];
	return NULL;
}

int32_t fh_vm_create(struct fake_host *h, ffn_id_t id, uint16_t vcpus)
{
	struct fh_vm *v = NULL;
	size_t size = ffn_med_vm_storage_size(vcpus);
	int32_t rc;

	fh_check(vcpus <= FH_MAX_VCPUS && size != 0);
	for (unsigned i = 0; i < FH_MAX_VMS && !v; i++)
		if (!h->vms[i].in_use)
			v = &h->vms[i];
	fh_check(v != NULL);
	v->storage = alloc8(size);
	rc = ffn_mediator_vm_create(&h->med, &v->med, id, vcpus, v->storage,
				    size, 0, v);
	if (rc != FFN_OK) {
		fh_check(v->med == NULL);
		free(v->storage);
		v->storage = NULL;
		return rc;
	}
	v->id = id;
	v->vcpus = vcpus;
	v->in_use = true;
	v->alive = true;
	for (unsigned i = 0; i < vcpus; i++)
		v->online[i] = true;
	fh_run(h);
	return rc;
}

int32_t fh_vm_destroy(struct fake_host *h, ffn_id_t id)
{
	struct fh_vm *v = fh_vm(h, id);
	int32_t rc;

	fh_check(v != NULL);
	v->alive = false; /* vm_get no longer finds it */
	rc = ffn_mediator_vm_destroy(&h->med, v->med, 0);
	fh_run(h);
	return rc;
}

void fh_vcpu_set(struct fake_host *h, ffn_id_t id, uint16_t vcpu, bool online)
{
	struct fh_vm *v = fh_vm(h, id);

	fh_check(v != NULL && vcpu < v->vcpus);
	v->online[vcpu] = online;
	if (online)
		ffn_mediator_vcpu_online(&h->med, v->med, vcpu);
	fh_run(h);
}

int32_t fh_call_regs(struct fake_host *h, ffn_id_t id, uint16_t vcpu,
		     const struct ffn_regs *in)
{
	struct fh_vm *v = fh_vm(h, id);

	fh_check(v != NULL && vcpu < v->vcpus);
	h->r = *in;
	ffn_mediator_call(&h->med, v->med, vcpu, vcpu % FH_CPUS, &h->r);
	fh_run(h);
	return ffn_regs_error_code(&h->r);
}

int32_t fh_call(struct fake_host *h, ffn_id_t id, uint16_t vcpu, uint32_t fid,
		uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4)
{
	struct ffn_regs r;

	ffn_regs_init(&r, fid);
	r.x[1] = w1;
	r.x[2] = w2;
	r.x[3] = w3;
	r.x[4] = w4;
	return fh_call_regs(h, id, vcpu, &r);
}

int32_t fh_sp(struct fake_host *h, ffn_id_t sp, uint16_t vcpu, uint32_t fid,
	      uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4)
{
	ffn_regs_init(&h->r, fid);
	h->r.x[1] = w1;
	h->r.x[2] = w2;
	h->r.x[3] = w3;
	h->r.x[4] = w4;
	ffn_spmc_call_sp(&h->spmc, sp, vcpu, vcpu % FH_CPUS, &h->r);
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
	(void)fh_sp(h, sp, 0, FFN_FID_MSG_WAIT, 0, 0, 0, 0);
	h->r = res;
	return rc;
}

struct ffn_med_vm_view fh_view(struct fake_host *h, ffn_id_t id, uint16_t vcpu)
{
	struct ffn_med_vm_view v;

	fh_check(ffn_mediator_vm_view(&h->med, fh_vm(h, id)->med, vcpu, &v) ==
		 FFN_OK);
	return v;
}

struct ffn_mediator_stats fh_stats(struct fake_host *h)
{
	struct ffn_mediator_stats st;

	ffn_mediator_get_stats(&h->med, &st);
	return st;
}
