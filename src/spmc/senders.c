// SPDX-License-Identifier: BSD-3-Clause
/*
 * The VM-sender index: for each normal-world ID that some SP has bound as
 * a sender, the list of SPs holding such bindings. BITMAP_DESTROY of that
 * ID walks it and removes every binding that names the ID, at every SP, so
 * that a later VM with the same ID inherits no authorisation (docs/spmc.md,
 * "A VM ID reused").
 *
 * One node per (SP, VM sender) pair, stored at the SP's slot of the
 * pair's lowest bound ID (its anchor): node sp_index * 64 + anchor. The
 * pair's IDs are found from the bit-sliced bindings in 15 word operations,
 * so BIND and UNBIND touch at most one node (link, unlink, or move it when
 * the anchor changes) whatever the number of bits, and DESTROY costs one
 * map probe plus 15 word operations per SP that bound the VM.
 *
 * Context: every function runs under vm_lock (outermost), which therefore
 * protects the map and the links; the caller holds the SP's ep->lock
 * where one is named.
 */
#include "spmc_internal.h"

#define NO_NODE FFN_IDMAP_EMPTY

/* The IDs bound at @ep (an SP) with VM @vm as their sender. */
uint64_t ffni_spmc_ids_from_vm(const struct ffn_spmc_ep *ep, ffn_id_t vm)
{
	const struct ffn_bindings *b = ep->from_vm;

	return b->bound & ~ffn_bindings_other_sender(b, vm, b->bound);
}

static uint32_t node_of(const struct ffn_spmc *spmc,
			const struct ffn_spmc_ep *ep, uint64_t ids)
{
	return (uint32_t)(ep - spmc->sps) * 64u + (uint32_t)FFN_CTZ64(ids);
}

/* Point whatever referred to @old (the map or a neighbour) at @now. */
static void relink(struct ffn_spmc *spmc, ffn_id_t vm, uint32_t prev,
		   uint32_t next, uint32_t now)
{
	if (prev == NO_NODE) {
		ffni_idmap_remove(&spmc->vsend_map, vm);
		if (now != NO_NODE)
			ffni_idmap_insert(&spmc->vsend_map, vm, now);
	} else {
		spmc->vsend[prev].next = now;
	}
	if (next != NO_NODE)
		spmc->vsend[next].prev = now;
}

static void unlink_node(struct ffn_spmc *spmc, uint32_t n)
{
	struct ffn_spmc_vsend *x = &spmc->vsend[n];

	if (x->prev == NO_NODE) {
		ffni_idmap_remove(&spmc->vsend_map, x->vm);
		if (x->next != NO_NODE)
			ffni_idmap_insert(&spmc->vsend_map, x->vm, x->next);
	} else {
		spmc->vsend[x->prev].next = x->next;
	}
	if (x->next != NO_NODE)
		spmc->vsend[x->next].prev = x->prev;
	x->linked = false;
}

void ffni_spmc_vsend_update(struct ffn_spmc *spmc, const struct ffn_spmc_ep *ep,
			    ffn_id_t vm, uint64_t before, uint64_t after)
{
	uint32_t old, now, head;
	struct ffn_spmc_vsend *x;

	if (before == after)
		return;
	if (before == 0) {
		/* A new pair: push it at the head of @vm's list. */
		now = node_of(spmc, ep, after);
		head = ffni_idmap_find(&spmc->vsend_map, vm);
		x = &spmc->vsend[now];
		x->vm = vm;
		x->prev = NO_NODE;
		x->next = head;
		x->linked = true;
		relink(spmc, vm, NO_NODE, head, now);
		return;
	}
	old = node_of(spmc, ep, before);
	if (after == 0) {
		unlink_node(spmc, old);
		return;
	}
	now = node_of(spmc, ep, after);
	if (now == old)
		return;
	/* The anchor moved: the node moves with it, same list position. */
	spmc->vsend[now] = spmc->vsend[old];
	spmc->vsend[old].linked = false;
	relink(spmc, vm, spmc->vsend[now].prev, spmc->vsend[now].next, now);
}

void ffni_spmc_vsend_drop(struct ffn_spmc *spmc, ffn_id_t vm)
{
	uint32_t n;

	while ((n = ffni_idmap_find(&spmc->vsend_map, vm)) != NO_NODE) {
		struct ffn_spmc_ep *ep = &spmc->sps[n / 64u];
		uint64_t ids;

		ffn_spin_lock(&ep->lock);
		ids = ffni_spmc_ids_from_vm(ep, vm);
		FFN_ASSERT(ids != 0 && node_of(spmc, ep, ids) == n);
		/*
		 * Pending bits of these IDs stay: they were delivered before
		 * the VM went, and GET returns them. Until then the IDs
		 * cannot be bound again (BIND answers DENIED).
		 */
		ffn_bindings_unbind(ep->from_vm, ids);
		ffn_atomic32_sub(&spmc->bound_ids, ffn_popcount64(ids));
		unlink_node(spmc, n);
		ffn_spin_unlock(&ep->lock);
	}
}
