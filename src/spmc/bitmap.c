// SPDX-License-Identifier: BSD-3-Clause
/*
 * Receiver lookup, and the normal-world bitmaps that the hypervisor (or
 * the OS without one) creates and destroys: FFA_NOTIFICATION_BITMAP_CREATE
 * and FFA_NOTIFICATION_BITMAP_DESTROY.
 *
 * Context: any CPU, normal-world SMC. Lock order: vm_lock -> ep->lock ->
 * info_lock. The VM map is only read under vm_lock, and a lookup takes the
 * receiver's lock before dropping vm_lock, so DESTROY (which holds both)
 * can never free a slot between a lookup and its use.
 *
 * With the direct ID table (cfg.vm_id_table) a receiver lookup reads the
 * table without vm_lock and takes the slot's lock; the slot's own id and
 * in_use, which CREATE and DESTROY write under that lock, then say whether
 * it still holds that ID. The table is only a hint: a stale one (the ID
 * destroyed, its slot reused) is caught by that check and the lookup is
 * redone under vm_lock, where the table is exact.
 */
#include "spmc_internal.h"

/* Set @id's entry to @slot (EMPTY: none); vm_lock held. */
static void table_set(struct ffn_spmc *spmc, ffn_id_t id, uint32_t slot)
{
	ffn_atomic32_t *word = &spmc->vm_table[id / 2u];
	unsigned shift = 16u * (id % 2u);
	uint32_t w = ffn_atomic32_load(word) & ~(0xFFFFu << shift);

	ffn_atomic32_store(word, w | (((slot + 1u) & 0xFFFFu) << shift));
}

/* VM @id's slot index, or FFN_IDMAP_EMPTY; vm_lock held. */
uint32_t ffni_spmc_vm_slot(struct ffn_spmc *spmc, ffn_id_t id)
{
	if (spmc->vm_table != NULL)
		return ffni_spmc_table_get(spmc, id);
	return ffni_idmap_find(&spmc->vm_map, id);
}

static void vm_slot_set(struct ffn_spmc *spmc, ffn_id_t id, uint32_t slot)
{
	if (spmc->vm_table != NULL)
		table_set(spmc, id, slot);
	else if (slot == FFN_IDMAP_EMPTY)
		ffni_idmap_remove(&spmc->vm_map, id);
	else
		ffni_idmap_insert(&spmc->vm_map, id, slot);
}

/* A VM receiver looked up under vm_lock, where the ID map is exact. */
struct ffn_spmc_ep *ffni_spmc_lock_vm_receiver(struct ffn_spmc *spmc,
					       ffn_id_t id)
{
	struct ffn_spmc_ep *ep;
	uint32_t i;

	ffn_spin_lock(&spmc->vm_lock);
	i = ffni_spmc_vm_slot(spmc, id);
	ep = i == FFN_IDMAP_EMPTY ? NULL : &spmc->vms[i];
	if (ep != NULL) {
		ffn_spin_lock(&ep->lock);
		/* Exact under vm_lock; checked all the same, as it is cheap. */
		if (!ep->in_use || ep->id != id) {
			ffn_spin_unlock(&ep->lock);
			ep = NULL;
		}
	}
	ffn_spin_unlock(&spmc->vm_lock);
	return ep;
}

static void reset_receiver_state(struct ffn_spmc_ep *ep)
{
	ffn_bindings_reset(&ep->from_sp);
	memset(&ep->global, 0, sizeof(ep->global));
	ep->framework = 0;
	ep->masked = false;
	memset(&ep->vcpu_count_sp, 0, sizeof(ep->vcpu_count_sp));
	memset(&ep->vcpu_count_vm, 0, sizeof(ep->vcpu_count_vm));
	memset(ep->vcpu, 0, sizeof(*ep->vcpu) * ep->vcpu_count);
	memset(ep->rep_vcpu, 0, ep->vcpu_count);
	memset(ep->rep_words, 0,
	       sizeof(uint64_t) * (((size_t)ep->vcpu_count + 63u) / 64u));
	ep->rep_global = 0;
	ep->rep_summary = 0;
	ffn_atomic32_store(&ep->queued, 0);
	ep->q_next = ep->q_prev = NULL;
}

/*
 * BITMAP_CREATE: w1[15:0] VM ID, w1[31:16] MBZ, w2 vCPU count, w3-w7 MBZ.
 * Errors, in order: NOT_SUPPORTED (an SP calls); INVALID_PARAMETERS (MBZ
 * set, ID with bit 15, vCPU count 0); DENIED (already created);
 * NO_MEMORY (vCPU count above vm_max_vcpus, or no free slot).
 */
void ffni_spmc_bitmap_create(const struct ffn_spmc_caller *c,
			     struct ffn_regs *r)
{
	struct ffn_spmc *spmc = c->spmc;
	uint32_t w1 = (uint32_t)r->x[1];
	uint32_t vcpus = (uint32_t)r->x[2];
	ffn_id_t id = (ffn_id_t)w1;
	struct ffn_spmc_ep *ep;
	int32_t err = FFN_OK;
	uint32_t slot;

	if (!caller_is_ns(c)) {
		ffn_regs_error(r, FFN_NOT_SUPPORTED);
		return;
	}
	if ((w1 >> 16) != 0 || !ffn_regs_w_zero(r, 3, 7) || !ffn_id_is_vm(id) ||
	    vcpus == 0) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}

	ffn_spin_lock(&spmc->vm_lock);
	if (ffni_spmc_vm_slot(spmc, id) != FFN_IDMAP_EMPTY) {
		err = FFN_DENIED;
	} else if (vcpus > spmc->cfg.vm_max_vcpus || spmc->vm_free_count == 0) {
		err = FFN_NO_MEMORY;
	} else {
		slot = spmc->vm_free[--spmc->vm_free_count];
		ep = &spmc->vms[slot];
		ffn_spin_lock(&ep->lock);
		ep->id = id;
		ep->vcpu_count = (uint16_t)vcpus;
		ep->in_use = true;
		ep->is_sp = false;
		ep->el0 = false;
		ep->notifications = true;
		reset_receiver_state(ep);
		ffn_spin_unlock(&ep->lock);
		vm_slot_set(spmc, id, slot);
	}
	ffn_spin_unlock(&spmc->vm_lock);
	ffn_regs_status(r, err);
}

static bool anything_pending(const struct ffn_spmc_ep *ep)
{
	return (ep->global.from_sp | ep->global.from_vm | ep->framework |
		ffn_slice_nonzero(&ep->vcpu_count_sp) |
		ffn_slice_nonzero(&ep->vcpu_count_vm)) != 0;
}

/*
 * BITMAP_DESTROY: w1[15:0] VM ID, w1[31:16] and w2-w7 MBZ.
 * Errors, in order: NOT_SUPPORTED (an SP calls); INVALID_PARAMETERS (MBZ
 * set, ID with bit 15); DENIED (not created, or anything pending: any of
 * the 64 IDs, globally or on any vCPU, or a framework bit). Bindings do
 * not block it (docs/abi.md C6): they go with the bitmap. Nothing of the
 * bitmap survives into a later one with the same ID. A refusal for
 * pending state masks the bitmap (see ffn_spmc_ep.masked), so the
 * caller's drain-and-retry always converges.
 */
void ffni_spmc_bitmap_destroy(const struct ffn_spmc_caller *c,
			      struct ffn_regs *r)
{
	struct ffn_spmc *spmc = c->spmc;
	uint32_t w1 = (uint32_t)r->x[1];
	ffn_id_t id = (ffn_id_t)w1;
	struct ffn_spmc_ep *ep;
	int32_t err = FFN_OK;
	uint32_t slot;

	if (!caller_is_ns(c)) {
		ffn_regs_error(r, FFN_NOT_SUPPORTED);
		return;
	}
	if ((w1 >> 16) != 0 || !ffn_regs_w_zero(r, 2, 7) || !ffn_id_is_vm(id)) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}

	ffn_spin_lock(&spmc->vm_lock);
	slot = ffni_spmc_vm_slot(spmc, id);
	if (slot == FFN_IDMAP_EMPTY) {
		err = FFN_DENIED;
	} else {
		ep = &spmc->vms[slot];
		ffn_spin_lock(&ep->lock);
		if (anything_pending(ep)) {
			ep->masked = true;
			err = FFN_DENIED;
		} else {
			ffn_atomic32_sub(&spmc->bound_ids,
					 ffn_popcount64(ep->from_sp.bound));
			ffni_spmc_report_drop(spmc, ep);
			reset_receiver_state(ep);
			ep->in_use = false;
			vm_slot_set(spmc, id, FFN_IDMAP_EMPTY);
			spmc->vm_free[spmc->vm_free_count++] = slot;
		}
		ffn_spin_unlock(&ep->lock);
		/*
		 * The ID is gone: so is every SP's binding that names it as
		 * sender, so a later VM with this ID inherits none. Still
		 * under vm_lock, which orders it before any BIND of the
		 * new holder.
		 */
		if (err == FFN_OK)
			ffni_spmc_vsend_drop(spmc, id);
	}
	ffn_spin_unlock(&spmc->vm_lock);
	ffn_regs_status(r, err);
}
