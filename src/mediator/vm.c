// SPDX-License-Identifier: BSD-3-Clause
/*
 * Per-VM contexts: creation (with the VM's SPMC bitmap), teardown that
 * leaves nothing behind for a later VM with the same ID, and the rule for
 * when the storage may be freed.
 */
#include "med_internal.h"

#define ALIGN8(x) (((x) + 7u) & ~(size_t)7u)
/* BITMAP_DESTROY attempts at teardown (each after a drain). */
#define DESTROY_ATTEMPTS 4

/* Lay out (or, with @vm NULL, measure) the arrays after the struct. */
static size_t layout(struct ffn_med_vm *vm, uint16_t n)
{
	size_t off = ALIGN8(sizeof(struct ffn_med_vm));
	uint8_t *base = (uint8_t *)vm;
	uint32_t words = FFN_MED_WORDS(n);

	if (vm)
		vm->pend_vcpu = (uint64_t *)(base + off);
	off += (size_t)n * sizeof(uint64_t);
	if (vm)
		vm->sec_vcpu = (uint64_t *)(base + off);
	off += (size_t)words * sizeof(uint64_t);
	if (vm)
		vm->rep.words = (uint64_t *)(base + off);
	off += (size_t)words * sizeof(uint64_t);
	if (vm)
		vm->held_vcpu = (ffn_atomic32_t *)(base + off);
	off += ALIGN8((size_t)FFN_MED_WORDS32(n) * sizeof(ffn_atomic32_t));
	if (vm)
		vm->rep_vcpu = base + off;
	off += ALIGN8((size_t)n);
	return off;
}

size_t ffn_med_vm_storage_size(uint16_t vcpu_count)
{
	if (vcpu_count == 0 || vcpu_count > FFN_MED_MAX_VCPUS)
		return 0;
	return layout(NULL, vcpu_count);
}

static int32_t destroy_bitmap(struct ffn_mediator *m, struct ffn_med_vm *vm,
			      uint32_t cpu);

static void unregister(struct ffn_mediator *m, ffn_id_t id)
{
	ffn_spin_lock(&m->reg_lock);
	ffni_idmap_remove(&m->vm_map, id);
	m->vm_count--;
	ffn_spin_unlock(&m->reg_lock);
}

void *ffn_med_vm_host(const struct ffn_med_vm *vm)
{
	return vm->host;
}

int ffn_mediator_vm_create(struct ffn_mediator *m, struct ffn_med_vm **out,
			   ffn_id_t id, uint16_t vcpu_count, void *storage,
			   size_t storage_size, uint32_t cpu, void *host)
{
	size_t need = ffn_med_vm_storage_size(vcpu_count);
	struct ffn_med_vm *vm = storage;
	struct ffn_regs r;
	int32_t rc;

	FFN_ASSERT(out && cpu < m->cfg.cpu_count);
	*out = NULL;
	if (id == 0 || !ffn_id_is_vm(id) || need == 0)
		return FFN_INVALID_PARAMETERS;
	if (!storage || storage_size < need)
		return FFN_NO_MEMORY;
	/*
	 * Before the probe nobody knows whether the VM needs an SPMC bitmap:
	 * one created without it could never GET its SP bits once the probe
	 * turned SP notifications on (the SPMC refuses a VM it does not know).
	 */
	if (!ffn_atomic32_load(&m->probed))
		return FFN_NOT_READY;

	ffn_spin_lock(&m->reg_lock);
	if (ffni_idmap_find(&m->vm_map, id) != FFN_IDMAP_EMPTY) {
		ffn_spin_unlock(&m->reg_lock);
		return FFN_INVALID_PARAMETERS;
	}
	if (m->vm_count >= m->cfg.vm_capacity) {
		ffn_spin_unlock(&m->reg_lock);
		return FFN_NO_MEMORY;
	}
	ffni_idmap_insert(&m->vm_map, id, 0);
	m->vm_count++;
	ffn_spin_unlock(&m->reg_lock);

	memset(storage, 0, need);
	layout(vm, vcpu_count);
	ffn_spin_init(&vm->lock);
	vm->id = id;
	vm->vcpu_count = vcpu_count;
	vm->host = host;
	ffn_atomic32_store(&vm->version, FFN_VERSION_IMPL);

	if (ffn_med_fw(m)) {
		ffn_regs_init(&r, FFN_FID_NOTIFICATION_BITMAP_CREATE);
		r.x[1] = id;
		r.x[2] = vcpu_count;
		ffn_med_smc(m, cpu, &r);
		rc = ffn_med_spmc_status(&r);
		if (rc != FFN_OK) {
			FFN_LOG(FFN_LOG_ERROR,
				"mediator: BITMAP_CREATE for VM 0x%x failed "
				"(%d); VM not created",
				id, rc);
			unregister(m, id);
			return rc;
		}
		vm->has_bitmap = true;
	}
	/* Every SP that asks hears of the VM before it can run. */
	rc = ffni_med_vm_created(m, id, cpu);
	if (rc != FFN_OK) {
		if (vm->has_bitmap)
			(void)destroy_bitmap(m, vm, cpu);
		unregister(m, id);
		return rc;
	}
	*out = vm;
	return FFN_OK;
}

/* Drop every VM-to-VM binding naming @id as sender, receiver by receiver. */
static void unbind_as_sender(struct ffn_mediator *m, ffn_id_t id)
{
	for (uint32_t e = ffni_med_policy_first(m, id); e != FFN_IDMAP_EMPTY;
	     e = m->edges[e].next) {
		struct ffn_med_vm *r = ffni_med_vm_get(m, m->edges[e].receiver);
		uint64_t mine;

		if (!r)
			continue; /* its state dies with it */
		ffn_spin_lock(&r->lock);
		mine = r->bind.bound &
		       ~ffn_bindings_other_sender(&r->bind, id, r->bind.bound);
		ffn_bindings_unbind(&r->bind, mine);
		ffn_spin_unlock(&r->lock);
		ffn_atomic32_sub(&m->vm_bindings, ffn_popcount64(mine));
		ffni_med_vm_put(m, r);
	}
}

/* Destroy @id's SPMC bitmap; when DENIED (pending), drain and retry. */
static int32_t destroy_bitmap(struct ffn_mediator *m, struct ffn_med_vm *vm,
			      uint32_t cpu)
{
	struct ffn_regs r;
	int32_t rc = FFN_OK;

	for (unsigned attempt = 0; attempt < DESTROY_ATTEMPTS; attempt++) {
		ffn_regs_init(&r, FFN_FID_NOTIFICATION_BITMAP_DESTROY);
		r.x[1] = vm->id;
		ffn_med_smc(m, cpu, &r);
		rc = ffn_med_spmc_status(&r);
		if (rc != FFN_DENIED)
			break;
		/* GET clears what is pending, per vCPU and global. */
		for (uint32_t v = 0; v < vm->vcpu_count; v++) {
			ffn_regs_init(&r, FFN_FID_NOTIFICATION_GET);
			r.x[1] = ffn_w1_pack((ffn_id_t)v, vm->id);
			r.x[2] = FFN_GET_FLAG_SP | FFN_GET_FLAG_SPM;
			ffn_med_smc(m, cpu, &r);
		}
	}
	if (rc != FFN_OK)
		FFN_LOG(FFN_LOG_ERROR,
			"mediator: BITMAP_DESTROY for VM 0x%x failed (%d)",
			vm->id, rc);
	return rc;
}

int ffn_mediator_vm_destroy(struct ffn_mediator *m, struct ffn_med_vm *vm,
			    uint32_t cpu)
{
	int32_t rc = FFN_OK;
	uint32_t n, sched;

	FFN_ASSERT(vm && cpu < m->cfg.cpu_count);
	FFN_ASSERT(!ffn_atomic32_load(&vm->dying));
	/* A BIND naming this VM as sender that has not finished sees this. */
	ffn_atomic32_store(&vm->dying, 1);
	/*
	 * The scheduler role ends with the VM: a later VM with this ID is
	 * not the scheduler until it is named. SP entries then wait, as
	 * with no scheduler. A concurrent set_scheduler wins either way.
	 */
	sched = vm->id;
	(void)ffn_atomic32_cas(&m->scheduler, &sched, FFN_MED_NO_SCHEDULER);
	unbind_as_sender(m, vm->id);

	ffn_spin_lock(&vm->lock);
	n = ffn_popcount64(vm->bind.bound);
	ffn_bindings_reset(&vm->bind);
	ffn_spin_unlock(&vm->lock);
	ffn_atomic32_sub(&m->vm_bindings, n);

	/* Only what create made: a VM created before the probe has none. */
	if (vm->has_bitmap)
		rc = destroy_bitmap(m, vm, cpu);
	/*
	 * After the bitmap: when an SP hears of it, the SPMC holds nothing
	 * of the VM any more, its bindings naming the VM included.
	 */
	ffni_med_vm_destroyed(m, vm->id, cpu);
	unregister(m, vm->id);
	ffn_atomic32_store(&vm->destroyed, 1);
	return rc;
}

bool ffn_mediator_vm_freeable(const struct ffn_mediator *m,
			      const struct ffn_med_vm *vm)
{
	struct ffn_med_vm *v = (struct ffn_med_vm *)vm;

	(void)m;
	return ffn_atomic32_load(&v->destroyed) &&
	       ffn_atomic32_load(&v->users) == 0;
}
