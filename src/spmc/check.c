// SPDX-License-Identifier: BSD-3-Clause
/*
 * The engine's structural invariants, checked after every call in debug
 * builds (FFN_CHECK_INVARIANTS; CMake defines it for CMAKE_BUILD_TYPE
 * Debug, which `make test-asan` uses), so that every test that reaches the
 * engine, concurrent ones included, also checks:
 *   - conservation: a bit is pending only while bound, with the type it
 *     was bound with (from a VM sender it may also be pending unbound: its
 *     sender's bitmap was destroyed); the per-ID vCPU counters agree with
 *     the vCPUs;
 *   - the VM-sender index has exactly one node per (SP, VM sender) pair,
 *     at the pair's lowest bound ID, on that VM's list;
 *   - no lost wake-up: a receiver is queued for INFO_GET exactly when it
 *     has something unlisted, and only pending state is unlisted;
 *   - accounting: the bound-ID count, the VM map and the free-slot stack
 *     agree with the receivers in use.
 * It takes every lock in the documented order, so it sees no call half
 * done. O(receivers x vCPUs): never compiled into release builds, and
 * skipped for engines with more than CHECK_MAX_VM_SLOTS VM slots.
 */
#include "spmc_internal.h"

#ifdef FFN_CHECK_INVARIANTS

static uint32_t check_bindings(const struct ffn_bindings *b,
			       const struct ffn_spmc_pending *global,
			       const struct ffn_spmc_pending *vcpu,
			       uint16_t vcpus, bool from_sp,
			       const struct ffn_slice *count)
{
	uint64_t g = from_sp ? global->from_sp : global->from_vm;
	/* From VMs, IDs left pending by a destroyed sender are unbound. */
	uint64_t unbound_ok = from_sp ? 0 : ~b->bound;
	uint64_t any = 0;

	/* Pending implies bound, global bits bound global. */
	FFN_ASSERT((g & ~b->bound & ~unbound_ok) == 0 &&
		   (g & b->per_vcpu) == 0);
	FFN_ASSERT((b->per_vcpu & ~b->bound) == 0);
	/* The one-ID cache holds bound IDs only (SET's fast check). */
	FFN_ASSERT((b->cached & ~b->bound) == 0);
	for (uint16_t v = 0; v < vcpus; v++) {
		uint64_t p = from_sp ? vcpu[v].from_sp : vcpu[v].from_vm;
		/* Per-vCPU bits bound per-vCPU. */
		FFN_ASSERT((p & ~b->per_vcpu & ~unbound_ok) == 0 &&
			   (p & b->bound & ~b->per_vcpu) == 0);
		any |= p;
	}
	FFN_ASSERT(ffn_slice_nonzero(count) == any);
	/* The one-ID cache agrees with the planes. */
	for (unsigned id = 0; id < 64; id++)
		if ((b->cached & b->bound) & (1ull << id))
			FFN_ASSERT(b->sender[id] ==
				   ffn_bindings_sender_of(b, id, from_sp));
	return ffn_popcount64(b->bound);
}

static uint32_t check_ep(const struct ffn_spmc_ep *ep)
{
	uint32_t bound =
		check_bindings(&ep->from_sp, &ep->global, ep->vcpu,
			       ep->vcpu_count, true, &ep->vcpu_count_sp);
	bool unlisted = ep->rep_global != 0 || ep->rep_summary != 0;

	if (ep->from_vm != NULL)
		bound += check_bindings(ep->from_vm, &ep->global, ep->vcpu,
					ep->vcpu_count, false,
					&ep->vcpu_count_vm);
	else
		FFN_ASSERT(ep->global.from_vm == 0 &&
			   ffn_slice_nonzero(&ep->vcpu_count_vm) == 0);
	/* Nothing is bound at a receiver without notifications (SET's fast
	 * path relies on it: no cached ID there). */
	FFN_ASSERT(ep->notifications || bound == 0);
	/* Only pending state is unlisted; queued exactly when unlisted. */
	FFN_ASSERT(!(ep->rep_global & FFN_REP_SP) || ep->global.from_sp);
	FFN_ASSERT(!(ep->rep_global & FFN_REP_VM) || ep->global.from_vm);
	FFN_ASSERT(!(ep->rep_global & FFN_REP_FW) || ep->framework);
	for (uint16_t v = 0; v < ep->vcpu_count; v++) {
		bool marked = (ep->rep_words[v / 64u] >> (v % 64u)) & 1u;
		uint8_t r = ep->rep_vcpu[v];
		FFN_ASSERT(marked == (r != 0));
		FFN_ASSERT(!(r & FFN_REP_SP) || ep->vcpu[v].from_sp);
		FFN_ASSERT(!(r & FFN_REP_VM) || ep->vcpu[v].from_vm);
	}
	FFN_ASSERT((ffn_atomic32_load((ffn_atomic32_t *)&ep->queued) != 0) ==
		   unlisted);
	return bound;
}

/* The VM-sender index (senders.c) against the SPs' bindings. */
static void check_vsend(struct ffn_spmc *spmc)
{
	uint32_t pairs = 0, nodes = 0;

	for (uint32_t i = 0; i < spmc->cfg.sp_count; i++) {
		const struct ffn_spmc_ep *ep = &spmc->sps[i];

		for (unsigned id = 0; id < 64; id++) {
			ffn_id_t vm;
			uint64_t ids;
			const struct ffn_spmc_vsend *x;

			if (!((ep->from_vm->bound >> id) & 1u))
				continue;
			vm = ffn_bindings_sender_of(ep->from_vm, id, false);
			ids = ffni_spmc_ids_from_vm(ep, vm);
			if ((unsigned)FFN_CTZ64(ids) != id)
				continue;
			pairs++;
			x = &spmc->vsend[i * 64u + id];
			FFN_ASSERT(x->linked && x->vm == vm);
		}
	}
	for (uint32_t n = 0; n < 64u * spmc->cfg.sp_count; n++) {
		const struct ffn_spmc_vsend *x = &spmc->vsend[n];

		if (!x->linked)
			continue;
		nodes++;
		if (x->prev == FFN_IDMAP_EMPTY)
			FFN_ASSERT(ffni_idmap_find(&spmc->vsend_map, x->vm) ==
				   n);
		else
			FFN_ASSERT(spmc->vsend[x->prev].next == n &&
				   spmc->vsend[x->prev].vm == x->vm);
		if (x->next != FFN_IDMAP_EMPTY)
			FFN_ASSERT(spmc->vsend[x->next].prev == n);
	}
	FFN_ASSERT(pairs == nodes);
}

/* Above this many VM slots a check per call would make tests quadratic. */
#define CHECK_MAX_VM_SLOTS 4096u

void ffni_spmc_check(struct ffn_spmc *spmc)
{
	uint32_t bound = 0, in_use = 0, queued = 0, listed = 0;

	if (spmc->cfg.vm_capacity > CHECK_MAX_VM_SLOTS)
		return;

	ffn_spin_lock(&spmc->vm_lock);
	for (uint32_t i = 0; i < spmc->cfg.sp_count; i++)
		ffn_spin_lock(&spmc->sps[i].lock);
	for (uint32_t i = 0; i < spmc->cfg.vm_capacity; i++)
		ffn_spin_lock(&spmc->vms[i].lock);
	ffn_spin_lock(&spmc->info_lock);

	for (uint32_t i = 0; i < spmc->cfg.sp_count; i++) {
		bound += check_ep(&spmc->sps[i]);
		queued += ffn_atomic32_load(&spmc->sps[i].queued) != 0;
	}
	for (uint32_t i = 0; i < spmc->cfg.vm_capacity; i++) {
		struct ffn_spmc_ep *ep = &spmc->vms[i];
		if (!ep->in_use)
			continue;
		in_use++;
		FFN_ASSERT(ffni_spmc_vm_slot(spmc, ep->id) == i);
		bound += check_ep(ep);
		queued += ffn_atomic32_load(&ep->queued) != 0;
	}
	for (struct ffn_spmc_ep *ep = spmc->q_head; ep != NULL; ep = ep->q_next)
		listed++;
	FFN_ASSERT(listed == queued);
	FFN_ASSERT(in_use + spmc->vm_free_count == spmc->cfg.vm_capacity);
	FFN_ASSERT(bound == ffn_atomic32_load(&spmc->bound_ids));
	check_vsend(spmc);

	ffn_spin_unlock(&spmc->info_lock);
	for (uint32_t i = spmc->cfg.vm_capacity; i-- > 0;)
		ffn_spin_unlock(&spmc->vms[i].lock);
	for (uint32_t i = spmc->cfg.sp_count; i-- > 0;)
		ffn_spin_unlock(&spmc->sps[i].lock);
	ffn_spin_unlock(&spmc->vm_lock);
}

#endif /* FFN_CHECK_INVARIANTS */
