// SPDX-License-Identifier: BSD-3-Clause
/*
 * The smallest complete embedding (docs/spmc.md "Embedding", and
 * docs/mediator.md §1): an SPMC engine and a hypervisor mediator on one
 * CPU, one SP (0x8001) and one VM (1), and one notification delivered from
 * the SP to the VM: BIND from the VM, SET from the SP, the SRI, the
 * mediator's INFO_GET drain, the virtual NPI, GET from the VM.
 *
 * Everything a port provides is here: the storage, the SPMC's two ops (the
 * SRI and the NPI), the mediator's seven (the SMC wiring to the SPMC, the
 * interrupt injection, the VM lookup, the deferred work, the SRI handler).
 * A real port replaces the "pending" flags with its interrupt controller
 * and its tasklets. It uses only the public API and the default
 * environment. Exit status 0 when the VM received the notification.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ffn/mediator.h"
#include "ffn/spmc.h"

#define CPU 0u
#define SP_ID 0x8001u
#define VM_ID 1u
#define NOTIF 5u /* the notification ID the VM binds */

struct host {
	struct ffn_spmc spmc;
	struct ffn_mediator med;
	struct ffn_med_vm *vm; /* the one VM, NULL before create */
	bool sri_pending;      /* the physical SRI, raised by the SPMC */
	bool work_pending;     /* the mediator's tasklet */
	bool npi_pending;      /* the VM's virtual NPI */
};

/* ---- the SPMC's port ---- */

static void spmc_raise_sri(void *ctx, uint32_t cpu)
{
	struct host *h = ctx;

	(void)cpu;
	h->sri_pending = true; /* a real SPMC pends a non-secure SGI */
}

static void spmc_pend_npi(void *ctx, ffn_id_t sp, uint16_t vcpu)
{
	(void)ctx;
	(void)sp;
	(void)vcpu; /* the SP would take a virtual interrupt */
}

static const struct ffn_spmc_ops spmc_ops = {
	.raise_sri = spmc_raise_sri,
	.pend_npi = spmc_pend_npi,
};

/* ---- the mediator's port ---- */

static void med_smc(void *ctx, uint32_t cpu, struct ffn_regs *regs)
{
	struct host *h = ctx;

	/* The SMC conduit: here a call, in a hypervisor an smc #0. */
	ffn_spmc_call_ns(&h->spmc, cpu, regs);
}

static void med_inject_virq(void *ctx, struct ffn_med_vm *vm, uint16_t vcpu,
			    uint32_t intid)
{
	struct host *h = ctx;

	(void)vcpu;
	if (ffn_med_vm_host(vm) == h && intid == FFN_MED_VIRQ_NPI)
		h->npi_pending = true;
}

static bool med_vcpu_online(void *ctx, struct ffn_med_vm *vm, uint16_t vcpu)
{
	(void)ctx;
	(void)vm;
	(void)vcpu;
	return true;
}

static struct ffn_med_vm *med_vm_get(void *ctx, ffn_id_t id)
{
	struct host *h = ctx;

	return id == VM_ID ? h->vm : NULL; /* one VM that never goes away */
}

static void med_vm_put(void *ctx, struct ffn_med_vm *vm)
{
	(void)ctx;
	(void)vm;
}

static void med_schedule_work(void *ctx)
{
	struct host *h = ctx;

	h->work_pending = true;
}

static int med_register_sri(void *ctx, uint32_t cpu, uint32_t intid)
{
	(void)ctx;
	(void)cpu;
	(void)intid; /* a hypervisor installs its interrupt handler here */
	return 0;
}

static const struct ffn_mediator_ops med_ops = {
	.smc = med_smc,
	.inject_virq = med_inject_virq,
	.vcpu_online = med_vcpu_online,
	.vm_get = med_vm_get,
	.vm_put = med_vm_put,
	.schedule_work = med_schedule_work,
	.register_sri = med_register_sri,
};

/* The interrupt and tasklet "controller": deliver what is pending. */
static void run_pending(struct host *h)
{
	if (h->sri_pending) {
		h->sri_pending = false;
		ffn_mediator_sri_irq(&h->med, CPU);
	}
	if (h->work_pending) {
		h->work_pending = false;
		ffn_mediator_sri_work(&h->med, CPU);
	}
}

static void *storage(size_t n)
{
	void *p = n ? aligned_alloc(8, (n + 7u) & ~(size_t)7u) : NULL;

	if (p == NULL) {
		fprintf(stderr, "embed: no storage for %zu bytes\n", n);
		exit(1);
	}
	return p;
}

static int fail(const char *what, int rc)
{
	fprintf(stderr, "embed: %s failed (%d)\n", what, rc);
	return 1;
}

int main(void)
{
	static const struct ffn_spmc_sp_desc sps[] = {
		{.id = SP_ID, .vcpu_count = 1, .notifications = true},
	};
	const struct ffn_spmc_config scfg = {
		.sps = sps,
		.sp_count = 1,
		.vm_capacity = 4,
		.vm_max_vcpus = 1,
		.cpu_count = 1,
		.npi_intid = 5,
		.mei_intid = 4,
		.sri_intid = 8,
	};
	const struct ffn_mediator_config mcfg = {
		.vm_capacity = 1,
		.sp_capacity = 1,
		.policy_capacity = 1,
		.cpu_count = 1,
	};
	static struct host h;
	struct ffn_regs r;
	size_t n;
	int rc;

	/* Firmware boot: the SPMC engine in its own storage. */
	n = ffn_spmc_storage_size(&scfg);
	rc = ffn_spmc_init(&h.spmc, &scfg, &spmc_ops, &h, storage(n), n);
	if (rc != 0)
		return fail("ffn_spmc_init", rc);

	/* Hypervisor boot: the mediator, the probe of the SPMC. */
	n = ffn_mediator_storage_size(&mcfg);
	rc = ffn_mediator_init(&h.med, &mcfg, &med_ops, &h, storage(n), n);
	if (rc != 0)
		return fail("ffn_mediator_init", rc);
	rc = ffn_mediator_probe(&h.med, CPU);
	if (rc != 0 || !ffn_mediator_fw_enabled(&h.med))
		return fail("ffn_mediator_probe", rc);

	/* Domain creation: VM 1 with one vCPU; &h is the host's cookie. */
	n = ffn_med_vm_storage_size(1);
	rc = ffn_mediator_vm_create(&h.med, &h.vm, VM_ID, 1, storage(n), n, CPU,
				    &h);
	if (rc != 0)
		return fail("ffn_mediator_vm_create", rc);

	/* The VM binds notification NOTIF for sender SP_ID (guest trap). */
	ffn_regs_init(&r, FFN_FID_NOTIFICATION_BIND);
	r.x[1] = ffn_w1_pack(SP_ID, VM_ID);
	r.x[2] = ffn_bind_w2(false);
	ffn_regs_set_bitmap(&r, 1ull << NOTIF);
	ffn_mediator_call(&h.med, h.vm, 0, CPU, &r);
	if (r.x[0] != FFN_FID_SUCCESS_32)
		return fail("BIND", ffn_regs_error_code(&r));

	/* The SP sets it (a call from the SP's vCPU 0 into the SPMC). */
	ffn_regs_init(&r, FFN_FID_NOTIFICATION_SET);
	r.x[1] = ffn_w1_pack(SP_ID, VM_ID);
	r.x[2] = ffn_set_w2(false, false, 0);
	ffn_regs_set_bitmap(&r, 1ull << NOTIF);
	ffn_spmc_call_sp(&h.spmc, SP_ID, 0, CPU, &r);
	if (r.x[0] != FFN_FID_SUCCESS_32)
		return fail("SET", ffn_regs_error_code(&r));

	/* The SRI, the mediator's drain, and the NPI it injects. */
	run_pending(&h);
	if (!h.npi_pending)
		return fail("the virtual NPI", -1);

	/* The VM's NPI handler: GET of its SP bitmap. */
	ffn_regs_init(&r, FFN_FID_NOTIFICATION_GET);
	r.x[1] = ffn_get_w1(VM_ID, 0);
	r.x[2] = FFN_GET_FLAG_SP;
	ffn_mediator_call(&h.med, h.vm, 0, CPU, &r);
	if (r.x[0] != FFN_FID_SUCCESS_32)
		return fail("GET", ffn_regs_error_code(&r));
	if (ffn_bitmap_from_regs(r.x[2], r.x[3]) != 1ull << NOTIF)
		return fail("the delivered bitmap", -1);

	printf("embed: VM %u received notification %u from SP 0x%x\n", VM_ID,
	       NOTIF, SP_ID);
	return 0;
}
