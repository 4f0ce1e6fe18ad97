// SPDX-License-Identifier: BSD-3-Clause
/*
 * The mediator instance: storage, probing of the SPMC, per-CPU SRI
 * registration, the scheduler VM, statistics and the guest entry point.
 */
#include "med_internal.h"

#define ALIGN8(x) (((x) + 7u) & ~(size_t)7u)

static bool config_valid(const struct ffn_mediator_config *cfg)
{
	return cfg && cfg->vm_capacity >= 1 &&
	       cfg->vm_capacity <= FFN_VM_ID_COUNT - 1 &&
	       cfg->sp_capacity <= FFN_VM_ID_COUNT &&
	       cfg->policy_capacity <= (1u << 24) && cfg->cpu_count >= 1 &&
	       cfg->cpu_count <= FFN_MED_MAX_VCPUS &&
	       cfg->sp_count <= FFN_VM_ID_COUNT &&
	       (cfg->sp_count == 0 || cfg->sps != NULL);
}

size_t ffn_mediator_storage_size(const struct ffn_mediator_config *cfg)
{
	if (!config_valid(cfg))
		return 0;
	return ALIGN8(ffni_idmap_slots_for(cfg->vm_capacity) *
		      sizeof(struct ffn_idmap_slot)) +
	       ffni_med_policy_storage(cfg) + ffni_med_sp_storage(cfg) +
	       ALIGN8((size_t)cfg->sp_count * sizeof(struct ffn_mediator_sp));
}

int ffn_mediator_init(struct ffn_mediator *m,
		      const struct ffn_mediator_config *cfg,
		      const struct ffn_mediator_ops *ops, void *ops_ctx,
		      void *storage, size_t storage_size)
{
	size_t need = ffn_mediator_storage_size(cfg);
	uint8_t *mem = storage;
	uint32_t vm_slots;

	if (!m || need == 0 || !ops || !ops->smc || !ops->inject_virq ||
	    !ops->vcpu_online || !ops->vm_get || !ops->vm_put ||
	    !ops->schedule_work || !ops->register_sri)
		return FFN_INVALID_PARAMETERS;
	if (!storage || storage_size < need)
		return FFN_NO_MEMORY;

	memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	m->cfg.sps = NULL; /* copied below: the host's array may go */
	m->ops = ops;
	m->ops_ctx = ops_ctx;
	ffn_atomic32_store(&m->scheduler, FFN_MED_NO_SCHEDULER);
	ffn_spin_init(&m->reg_lock);
	ffn_spin_init(&m->policy_lock);
	ffn_spin_init(&m->sp_lock);

	vm_slots = ffni_idmap_slots_for(cfg->vm_capacity);
	ffni_idmap_init(&m->vm_map, (struct ffn_idmap_slot *)mem, vm_slots);
	mem += ALIGN8(vm_slots * sizeof(struct ffn_idmap_slot));
	ffni_med_policy_init(m, mem);
	mem += ffni_med_policy_storage(cfg);
	ffni_med_sp_init(m, mem);
	mem += ffni_med_sp_storage(cfg);
	m->parts = (struct ffn_mediator_sp *)mem;
	if (cfg->sp_count > 0)
		memcpy(m->parts, cfg->sps,
		       (size_t)cfg->sp_count * sizeof(*m->parts));
	return FFN_OK;
}

/* FFA_FEATURES(@what) at the SPMC; true on success, w2 in *@w2. */
static bool spmc_has(struct ffn_mediator *m, uint32_t cpu, uint32_t what,
		     uint32_t *w2)
{
	struct ffn_regs r;

	ffn_regs_init(&r, FFN_FID_FEATURES);
	r.x[1] = what;
	ffn_med_smc(m, cpu, &r);
	if ((uint32_t)r.x[0] != FFN_FID_SUCCESS_32 &&
	    (uint32_t)r.x[0] != FFN_FID_SUCCESS_64)
		return false;
	if (w2)
		*w2 = (uint32_t)r.x[2];
	return true;
}

int ffn_mediator_probe(struct ffn_mediator *m, uint32_t boot_cpu)
{
	static const uint32_t fids[] = {
		FFN_FID_NOTIFICATION_BITMAP_CREATE,
		FFN_FID_NOTIFICATION_BITMAP_DESTROY,
		FFN_FID_NOTIFICATION_BIND,
		FFN_FID_NOTIFICATION_UNBIND,
		FFN_FID_NOTIFICATION_SET,
		FFN_FID_NOTIFICATION_GET,
		FFN_FID_NOTIFICATION_INFO_GET_64,
	};
	struct ffn_regs r;
	uint32_t ver, intid = 0;
	int rc;

	FFN_ASSERT(boot_cpu < m->cfg.cpu_count);
	ffn_atomic32_store(&m->fw_enabled, 0);
	/*
	 * Whatever the outcome, the firmware state is now settled: a VM
	 * created from here on gets an SPMC bitmap exactly when SP-facing
	 * notifications are on, and keeps that for its whole life.
	 */
	ffn_atomic32_store(&m->probed, 1);

	ffn_regs_init(&r, FFN_FID_VERSION);
	r.x[1] = FFN_VERSION_IMPL;
	ffn_med_smc(m, boot_cpu, &r);
	ver = (uint32_t)r.x[0];
	/* Notifications exist from v1.1; the major must be ours. */
	if ((ver & 0x80000000u) || (ver >> 16) != (FFN_VERSION_IMPL >> 16) ||
	    ver < FFN_VERSION_1_1) {
		FFN_LOG(FFN_LOG_NOTICE,
			"mediator: SPMC version 0x%x, no SP notifications",
			ver);
		return FFN_OK;
	}
	if (!spmc_has(m, boot_cpu, FFN_FEAT_SRI, &intid)) {
		FFN_LOG(FFN_LOG_NOTICE, "mediator: SPMC has no SRI");
		return FFN_OK;
	}
	for (unsigned i = 0; i < sizeof(fids) / sizeof(fids[0]); i++) {
		if (!spmc_has(m, boot_cpu, fids[i], NULL)) {
			FFN_LOG(FFN_LOG_NOTICE,
				"mediator: SPMC lacks 0x%x, no SP "
				"notifications",
				fids[i]);
			return FFN_OK;
		}
	}
	m->sri_intid = intid;
	rc = m->ops->register_sri(m->ops_ctx, boot_cpu, intid);
	if (rc != 0) {
		FFN_LOG(FFN_LOG_ERROR, "mediator: SRI registration failed");
		return rc;
	}
	ffn_atomic32_store(&m->fw_enabled, 1);
	/* VM availability messages are an extra: notifications work without. */
	if (m->cfg.sp_count > 0 &&
	    spmc_has(m, boot_cpu, FFN_FID_MSG_SEND_DIRECT_REQ_32, NULL))
		ffn_atomic32_store(&m->vm_msgs_on, 1);
	else if (m->cfg.sp_count > 0)
		FFN_LOG(FFN_LOG_NOTICE,
			"mediator: SPMC takes no direct "
			"requests: no VM availability messages");
	return FFN_OK;
}

int ffn_mediator_cpu_up(struct ffn_mediator *m, uint32_t cpu)
{
	int rc;

	FFN_ASSERT(cpu < m->cfg.cpu_count);
	if (!ffn_med_fw(m))
		return FFN_OK;
	rc = m->ops->register_sri(m->ops_ctx, cpu, m->sri_intid);
	if (rc != 0)
		FFN_LOG(FFN_LOG_ERROR,
			"mediator: no SRI handler on CPU %u: SRIs raised there "
			"are lost",
			cpu);
	return rc;
}

bool ffn_mediator_fw_enabled(const struct ffn_mediator *m)
{
	return ffn_med_fw(m);
}

int ffn_mediator_set_scheduler(struct ffn_mediator *m, ffn_id_t vm)
{
	if (vm != FFN_MED_NO_SCHEDULER && (vm == 0 || !ffn_id_is_vm(vm)))
		return FFN_INVALID_PARAMETERS;
	ffn_atomic32_store(&m->scheduler, vm);
	if (vm != FFN_MED_NO_SCHEDULER)
		ffni_med_kick_scheduler(m, vm);
	return FFN_OK;
}

struct ffn_med_vm *ffni_med_vm_get(struct ffn_mediator *m, ffn_id_t id)
{
	struct ffn_med_vm *vm = m->ops->vm_get(m->ops_ctx, id);

	if (!vm)
		return NULL;
	/*
	 * ops->vm_get keeps the memory valid until vm_put, so counting a
	 * user here is safe; freeable() waits for the count to drop.
	 */
	ffn_atomic32_add(&vm->users, 1);
	return vm;
}

void ffni_med_vm_put(struct ffn_mediator *m, struct ffn_med_vm *vm)
{
	ffn_atomic32_sub(&vm->users, 1);
	m->ops->vm_put(m->ops_ctx, vm);
}

void ffn_mediator_call(struct ffn_mediator *m, struct ffn_med_vm *vm,
		       uint16_t vcpu, uint32_t cpu, struct ffn_regs *regs)
{
	FFN_ASSERT(m && vm && regs);
	FFN_ASSERT(vcpu < vm->vcpu_count && cpu < m->cfg.cpu_count);
	ffni_med_dispatch(m, vm, vcpu, cpu, regs);
}

void ffn_mediator_get_stats(struct ffn_mediator *m,
			    struct ffn_mediator_stats *out)
{
	memset(out, 0, sizeof(*out));
	out->sri_taken = ffn_stat_read(&m->sri_taken);
	out->info_get_calls = ffn_stat_read(&m->info_get_calls);
	out->npi_injected = ffn_stat_read(&m->npi_injected);
	out->sri_injected = ffn_stat_read(&m->sri_injected);
	out->npi_held = ffn_stat_read(&m->npi_held);
	out->sp_unscheduled = ffn_stat_read(&m->sp_unscheduled);
	out->vm_vanished = ffn_stat_read(&m->vm_vanished);
	out->hyp_entries = ffn_stat_read(&m->hyp_entries);
	out->sp_untracked = ffn_stat_read(&m->sp_untracked);
	out->vm_msgs = ffn_stat_read(&m->vm_msgs);
	out->vm_msg_errors = ffn_stat_read(&m->vm_msg_errors);
	ffn_spin_lock(&m->reg_lock);
	out->vms = m->vm_count;
	ffn_spin_unlock(&m->reg_lock);
	out->vm_bindings = ffn_atomic32_load(&m->vm_bindings);
}

int ffn_mediator_vm_view(struct ffn_mediator *m, struct ffn_med_vm *vm,
			 uint16_t vcpu, struct ffn_med_vm_view *out)
{
	uint64_t bit;

	(void)m;
	if (vcpu >= vm->vcpu_count)
		return FFN_INVALID_PARAMETERS;
	bit = 1ull << (vcpu % 64u);
	memset(out, 0, sizeof(*out));
	ffn_spin_lock(&vm->lock);
	out->bound = vm->bind.bound;
	out->per_vcpu = vm->bind.per_vcpu;
	out->pend_global = vm->pend_global;
	out->pend_vcpu = vm->pend_vcpu[vcpu];
	out->pend_any = vm->pend_global | ffn_slice_nonzero(&vm->pend_cnt);
	out->sec_global = vm->sec_global;
	out->sec_vcpu = (vm->sec_vcpu[vcpu / 64u] & bit) != 0;
	out->rep_global = vm->rep_global;
	out->rep_vcpu = vm->rep_vcpu[vcpu];
	ffn_spin_unlock(&vm->lock);
	out->held_global = ffn_atomic32_load(&vm->held_global);
	out->held_vcpu = (ffn_atomic32_load(&vm->held_vcpu[vcpu / 32u]) &
			  (1u << (vcpu % 32u))) != 0;
	out->version = ffn_atomic32_load(&vm->version);
	return FFN_OK;
}
