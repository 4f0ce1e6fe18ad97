// SPDX-License-Identifier: BSD-3-Clause
/*
 * The SRI path and virtual interrupt delivery.
 *
 * ffn_mediator_sri_irq (interrupt context) only schedules the work.
 * ffn_mediator_sri_work (deferred) drains the SPMC's INFO_GET_64 and, for
 * each list: a VM gets a secure-pending record and an NPI; an SP is
 * recorded for the scheduler VM, which gets a virtual SRI; ID 0 is
 * counted and logged. Injection happens every time a drain lists an
 * entry: a spurious NPI costs the guest one GET, a missed one loses a
 * notification.
 *
 * Offline vCPUs: an interrupt that finds no online target is held in
 * lock-free flags and delivered by ffn_mediator_vcpu_online. The holder
 * sets the flag, then looks for an online vCPU again; the host marks a
 * vCPU online before calling ffn_mediator_vcpu_online, which clears the
 * flag. Whoever clears a set flag injects, so the interrupt is delivered
 * exactly once whichever order the two race in.
 */
#include "med_internal.h"

/* INFO_GET_64 calls per work run before it yields by rescheduling. */
#define DRAIN_ROUNDS 256u

static uint32_t held_intid(uint32_t kind)
{
	return kind == FFN_MED_HELD_SRI ? FFN_MED_VIRQ_SRI : FFN_MED_VIRQ_NPI;
}

static void inject(struct ffn_mediator *m, struct ffn_med_vm *vm, uint16_t vcpu,
		   uint32_t intid)
{
	m->ops->inject_virq(m->ops_ctx, vm, vcpu, intid);
	if (intid == FFN_MED_VIRQ_SRI)
		ffn_stat_add(&m->sri_injected, 1);
	else
		ffn_stat_add(&m->npi_injected, 1);
}

/* The first online vCPU of @vm, or -1. */
static int32_t first_online(struct ffn_mediator *m, struct ffn_med_vm *vm)
{
	for (uint32_t v = 0; v < vm->vcpu_count; v++)
		if (m->ops->vcpu_online(m->ops_ctx, vm, (uint16_t)v))
			return (int32_t)v;
	return -1;
}

void ffni_med_inject_global(struct ffn_mediator *m, struct ffn_med_vm *vm,
			    uint32_t kind)
{
	int32_t v = first_online(m, vm);

	if (v >= 0) {
		inject(m, vm, (uint16_t)v, held_intid(kind));
		return;
	}
	ffn_atomic32_or(&vm->held_global, kind);
	ffn_stat_add(&m->npi_held, 1);
	/* A vCPU may have come online before the flag was visible. */
	v = first_online(m, vm);
	if (v >= 0 && (ffn_atomic32_and(&vm->held_global, ~kind) & kind))
		inject(m, vm, (uint16_t)v, held_intid(kind));
}

void ffni_med_inject_vcpu(struct ffn_mediator *m, struct ffn_med_vm *vm,
			  uint16_t vcpu)
{
	ffn_atomic32_t *w = &vm->held_vcpu[vcpu / 32u];
	uint32_t bit = 1u << (vcpu % 32u);

	if (m->ops->vcpu_online(m->ops_ctx, vm, vcpu)) {
		inject(m, vm, vcpu, FFN_MED_VIRQ_NPI);
		return;
	}
	ffn_atomic32_or(w, bit);
	ffn_stat_add(&m->npi_held, 1);
	if (m->ops->vcpu_online(m->ops_ctx, vm, vcpu) &&
	    (ffn_atomic32_and(w, ~bit) & bit))
		inject(m, vm, vcpu, FFN_MED_VIRQ_NPI);
}

void ffn_mediator_vcpu_online(struct ffn_mediator *m, struct ffn_med_vm *vm,
			      uint16_t vcpu)
{
	uint32_t bit = 1u << (vcpu % 32u);
	uint32_t g;

	FFN_ASSERT(vcpu < vm->vcpu_count);
	if (ffn_atomic32_and(&vm->held_vcpu[vcpu / 32u], ~bit) & bit)
		inject(m, vm, vcpu, FFN_MED_VIRQ_NPI);
	g = ffn_atomic32_xchg(&vm->held_global, 0);
	if (g & FFN_MED_HELD_NPI)
		inject(m, vm, vcpu, FFN_MED_VIRQ_NPI);
	if (g & FFN_MED_HELD_SRI)
		inject(m, vm, vcpu, FFN_MED_VIRQ_SRI);
}

void ffn_mediator_sri_irq(struct ffn_mediator *m, uint32_t cpu)
{
	(void)cpu;
	ffn_stat_add(&m->sri_taken, 1);
	m->ops->schedule_work(m->ops_ctx);
}

static void drain_sp(struct ffn_mediator *m, const struct ffn_info_entry *e)
{
	ffn_id_t sched_id = (ffn_id_t)ffn_atomic32_load(&m->scheduler);
	struct ffn_med_vm *sched = NULL;

	if (!ffni_med_sp_record(m, e)) {
		ffn_stat_add(&m->sp_untracked, 1);
		if (ffn_med_log_once(m, FFN_MED_LOGGED_SP_FULL))
			FFN_LOG(FFN_LOG_WARN,
				"mediator: SP 0x%x beyond sp_capacity, not "
				"recorded for the scheduler",
				e->id);
	}
	if (sched_id != FFN_MED_NO_SCHEDULER)
		sched = ffni_med_vm_get(m, sched_id);
	if (!sched) {
		ffn_stat_add(&m->sp_unscheduled, 1);
		if (ffn_med_log_once(m, FFN_MED_LOGGED_NO_SCHED))
			FFN_LOG(FFN_LOG_WARN,
				"mediator: SP 0x%x needs cycles and no "
				"scheduler VM runs (counted in sp_unscheduled)",
				e->id);
		return;
	}
	ffni_med_inject_global(m, sched, FFN_MED_HELD_SRI);
	ffni_med_vm_put(m, sched);
}

/*
 * A scheduler VM named while SP entries wait (recorded when there was
 * none) gets its virtual SRI now rather than at the next physical SRI,
 * which may never come if nothing else is signalled.
 */
void ffni_med_kick_scheduler(struct ffn_mediator *m, ffn_id_t sched_id)
{
	struct ffn_med_vm *sched;
	bool waiting;

	ffn_spin_lock(&m->sp_lock);
	waiting = m->q_head != FFN_IDMAP_EMPTY;
	ffn_spin_unlock(&m->sp_lock);
	if (!waiting)
		return;
	sched = ffni_med_vm_get(m, sched_id);
	if (sched == NULL)
		return;
	ffni_med_inject_global(m, sched, FFN_MED_HELD_SRI);
	ffni_med_vm_put(m, sched);
}

static void drain_vm(struct ffn_mediator *m, const struct ffn_info_entry *e)
{
	struct ffn_med_vm *vm = ffni_med_vm_get(m, e->id);
	uint16_t valid[FFN_INFO_MAX_VCPUS_PER_LIST];
	unsigned n = 0;

	if (!vm) {
		/* Destroyed between INFO_GET and the lookup: nothing to do. */
		ffn_stat_add(&m->vm_vanished, 1);
		return;
	}
	ffn_spin_lock(&vm->lock);
	if (e->vcpu_count == 0) {
		vm->sec_global = true;
		ffni_med_rep_global(vm, FFN_MED_REP_SEC);
	}
	for (unsigned i = 0; i < e->vcpu_count; i++) {
		uint16_t v = e->vcpus[i];

		if (v >= vm->vcpu_count)
			continue;
		vm->sec_vcpu[v / 64u] |= 1ull << (v % 64u);
		ffni_med_rep_vcpu(vm, v, FFN_MED_REP_SEC);
		valid[n++] = v;
	}
	ffn_spin_unlock(&vm->lock);
	if (n < e->vcpu_count && ffn_med_log_once(m, FFN_MED_LOGGED_BAD_VCPU))
		FFN_LOG(FFN_LOG_WARN,
			"mediator: SPMC listed a vCPU VM 0x%x "
			"does not have",
			e->id);

	if (e->vcpu_count == 0)
		ffni_med_inject_global(m, vm, FFN_MED_HELD_NPI);
	for (unsigned i = 0; i < n; i++)
		ffni_med_inject_vcpu(m, vm, valid[i]);
	ffni_med_vm_put(m, vm);
}

static void drain_entry(struct ffn_mediator *m, const struct ffn_info_entry *e)
{
	if (e->id == FFN_ID_NS_PHYS) {
		/*
		 * The mediator never creates a bitmap for ID 0, so another
		 * normal-world component owns it; a GET here would steal its
		 * notifications. Count and log instead.
		 */
		ffn_stat_add(&m->hyp_entries, 1);
		if (ffn_med_log_once(m, FFN_MED_LOGGED_HYP))
			FFN_LOG(FFN_LOG_NOTICE,
				"mediator: notifications pending for ID 0");
		return;
	}
	if (ffn_id_is_sp(e->id))
		drain_sp(m, e);
	else
		drain_vm(m, e);
}

void ffn_mediator_sri_work(struct ffn_mediator *m, uint32_t cpu)
{
	FFN_ASSERT(cpu < m->cfg.cpu_count);
	if (!ffn_med_fw(m))
		return;
	for (unsigned round = 0; round < DRAIN_ROUNDS; round++) {
		struct ffn_info_reader rd;
		struct ffn_info_entry e;
		struct ffn_regs r;
		int rc;

		ffn_regs_init(&r, FFN_FID_NOTIFICATION_INFO_GET_64);
		ffn_med_smc(m, cpu, &r);
		ffn_stat_add(&m->info_get_calls, 1);
		rc = ffn_info_reader_init(&rd, &r, true);
		if (rc == FFN_NO_DATA)
			return;
		if (rc != FFN_OK) {
			if (ffn_med_log_once(m, FFN_MED_LOGGED_DRAIN))
				FFN_LOG(FFN_LOG_ERROR,
					"mediator: INFO_GET_64 failed (%d)",
					rc);
			return;
		}
		while (ffn_info_reader_next(&rd, &e))
			drain_entry(m, &e);
		if (!ffn_info_reader_more(&rd))
			return;
	}
	/* Still more: let other work run, then continue. */
	m->ops->schedule_work(m->ops_ctx);
}
