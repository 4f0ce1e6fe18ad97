// SPDX-License-Identifier: BSD-3-Clause
/* SPMC test fixture (see spmc_fixture.h). */
#include <stdio.h>
#include <stdlib.h>

#include "spmc_fixture.h"

/* Not assert(): release builds define NDEBUG, and these must hold. */
#define fx_check(cond)                                                         \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: fixture check failed: %s\n",   \
				__FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

/* What the engine raised, as the world delivers it. */
static void on_irq(void *ctx, const struct ffn_hw_irq *irq)
{
	struct fx *f = ctx;

	if (irq->to == FFN_HW_TO_CPU) {
		fx_check(irq->vcpu < FX_CPUS);
		f->sri[irq->vcpu]++;
		f->sri_total++;
		return;
	}
	fx_check(f->npi_count < FX_NPI_MAX);
	f->npi[f->npi_count].sp = irq->id;
	f->npi[f->npi_count].vcpu = (uint16_t)irq->vcpu;
	f->npi_count++;
}

static const struct ffn_spmc_sp_desc fx_sps[] = {
	{.id = FX_SP1, .vcpu_count = 2, .notifications = true},
	{.id = FX_SP_EL0, .vcpu_count = 1, .el0 = true, .notifications = true},
	{.id = FX_SP8, .vcpu_count = 8, .notifications = true},
	{.id = FX_SP_NONOTIF, .vcpu_count = 1, .notifications = false},
};

struct fx *fx_new(uint32_t vm_cap)
{
	struct ffn_hw_desc d = {
		.cpus = FX_CPUS,
		.sps = fx_sps,
		.sp_count = sizeof(fx_sps) / sizeof(fx_sps[0]),
		.vm_capacity = vm_cap ? vm_cap : FX_VM_CAP,
		.vm_max_vcpus = FX_VM_VCPUS,
		/* The same tests once more with the direct VM ID table. */
		.vm_id_table = getenv("FFN_TEST_VM_ID_TABLE") != NULL,
	};
	struct fx *f = calloc(1, sizeof(*f));

	fx_check(f != NULL);
	f->w.obs.ctx = f;
	f->w.obs.irq = on_irq;
	fx_check(ffn_hw_init(&f->w, &d) == 0);
	return f;
}

void fx_free(struct fx *f)
{
	ffn_hw_fini(&f->w);
	free(f);
}

void fx_ns_on(struct fx *f, uint32_t cpu)
{
	ffn_hw_call_ns(&f->w, cpu, &f->r);
	fx_check(ffn_hw_settle(&f->w, 0) >= 0);
}

int32_t fx_ns_regs(struct fx *f, const struct ffn_regs *in)
{
	f->r = *in;
	fx_ns_on(f, 0);
	return ffn_regs_error_code(&f->r);
}

int32_t fx_ns(struct fx *f, uint32_t fid, uint64_t w1, uint64_t w2, uint64_t w3,
	      uint64_t w4)
{
	struct ffn_regs in;

	ffn_hw_regs(&in, fid, w1, w2, w3, w4);
	return fx_ns_regs(f, &in);
}

int32_t fx_sp_regs(struct fx *f, ffn_id_t sp, uint16_t vcpu,
		   const struct ffn_regs *in)
{
	f->r = *in;
	ffn_hw_call_sp(&f->w, sp, vcpu, &f->r);
	fx_check(ffn_hw_settle(&f->w, 0) >= 0);
	return ffn_regs_error_code(&f->r);
}

int32_t fx_sp(struct fx *f, ffn_id_t sp, uint16_t vcpu, uint32_t fid,
	      uint64_t w1, uint64_t w2, uint64_t w3, uint64_t w4)
{
	struct ffn_regs in;

	ffn_hw_regs(&in, fid, w1, w2, w3, w4);
	return fx_sp_regs(f, sp, vcpu, &in);
}

int32_t fx_framework_set(struct fx *f, uint32_t cpu, ffn_id_t sender,
			 ffn_id_t receiver)
{
	int32_t rc = ffn_spmc_framework_set(&f->w.spmc, cpu, sender, receiver);

	fx_check(ffn_hw_settle(&f->w, 0) >= 0);
	return rc;
}

int32_t fx_create(struct fx *f, ffn_id_t vm, uint32_t vcpus)
{
	return fx_ns(f, FFN_FID_NOTIFICATION_BITMAP_CREATE, vm, vcpus, 0, 0);
}

int32_t fx_destroy(struct fx *f, ffn_id_t vm)
{
	return fx_ns(f, FFN_FID_NOTIFICATION_BITMAP_DESTROY, vm, 0, 0, 0);
}

int32_t fx_bind(struct fx *f, ffn_id_t sender, ffn_id_t receiver,
		uint64_t bitmap, bool per_vcpu)
{
	uint32_t w1 = ffn_w1_pack(sender, receiver);
	uint32_t flags = per_vcpu ? FFN_NOTIF_FLAG_PER_VCPU : 0;

	if (ffn_id_is_sp(receiver))
		return fx_sp(f, receiver, 0, FFN_FID_NOTIFICATION_BIND, w1,
			     flags, (uint32_t)bitmap, bitmap >> 32);
	return fx_ns(f, FFN_FID_NOTIFICATION_BIND, w1, flags, (uint32_t)bitmap,
		     bitmap >> 32);
}

int32_t fx_unbind(struct fx *f, ffn_id_t sender, ffn_id_t receiver,
		  uint64_t bitmap)
{
	uint32_t w1 = ffn_w1_pack(sender, receiver);

	if (ffn_id_is_sp(receiver))
		return fx_sp(f, receiver, 0, FFN_FID_NOTIFICATION_UNBIND, w1, 0,
			     (uint32_t)bitmap, bitmap >> 32);
	return fx_ns(f, FFN_FID_NOTIFICATION_UNBIND, w1, 0, (uint32_t)bitmap,
		     bitmap >> 32);
}

int32_t fx_set(struct fx *f, ffn_id_t sender, ffn_id_t receiver, uint32_t flags,
	       uint64_t bitmap)
{
	uint32_t w1 = ffn_w1_pack(sender, receiver);

	if (ffn_id_is_sp(sender))
		return fx_sp(f, sender, 0, FFN_FID_NOTIFICATION_SET, w1, flags,
			     (uint32_t)bitmap, bitmap >> 32);
	return fx_ns(f, FFN_FID_NOTIFICATION_SET, w1, flags, (uint32_t)bitmap,
		     bitmap >> 32);
}

int32_t fx_get(struct fx *f, ffn_id_t receiver, uint16_t vcpu, uint32_t flags)
{
	uint32_t w1 = ffn_get_w1(receiver, vcpu);

	if (ffn_id_is_sp(receiver))
		return fx_sp(f, receiver, vcpu, FFN_FID_NOTIFICATION_GET, w1,
			     flags, 0, 0);
	return fx_ns(f, FFN_FID_NOTIFICATION_GET, w1, flags, 0, 0);
}

uint64_t fx_get_sp_bits(const struct fx *f)
{
	return ffn_bitmap_from_regs(f->r.x[2], f->r.x[3]);
}

uint64_t fx_get_vm_bits(const struct fx *f)
{
	return ffn_bitmap_from_regs(f->r.x[4], f->r.x[5]);
}

void fx_assert_plain_success(const struct fx *f)
{
	fx_check((uint32_t)f->r.x[0] == FFN_FID_SUCCESS_32);
	for (unsigned i = 1; i < FFN_REG_COUNT; i++)
		fx_check(f->r.x[i] == 0);
}
