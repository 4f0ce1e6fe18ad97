// SPDX-License-Identifier: BSD-3-Clause
/*
 * The VM-to-VM access policy: which VM may signal which.
 *
 * An open-addressing table keyed by the (sender, receiver) pair answers
 * "allowed?" in O(1) expected at BIND. Each edge also sits on a list of
 * its sender's edges, so that destroying a VM visits exactly the
 * receivers it may have bound at. Edges are only ever added (a permission
 * is about IDs and outlives the VMs), and a new edge goes to the head of
 * its sender's list: the rest of a list never changes, so a walker that
 * read the head under the lock may follow it afterwards without the lock.
 */
#include "med_internal.h"

#define ALIGN8(x) (((x) + 7u) & ~(size_t)7u)

static uint32_t pair_slots(uint32_t capacity)
{
	uint32_t n = 2;

	while (n < 2u * capacity)
		n <<= 1;
	return n;
}

size_t ffni_med_policy_storage(const struct ffn_mediator_config *cfg)
{
	uint32_t cap = cfg->policy_capacity;

	return ALIGN8(pair_slots(cap) * sizeof(uint32_t)) +
	       ALIGN8(cap * sizeof(struct ffn_med_edge)) +
	       ALIGN8(ffni_idmap_slots_for(cap) *
		      sizeof(struct ffn_idmap_slot));
}

void ffni_med_policy_init(struct ffn_mediator *m, uint8_t *mem)
{
	uint32_t cap = m->cfg.policy_capacity;
	uint32_t slots = pair_slots(cap);

	m->pairs = (uint32_t *)mem;
	m->pair_mask = slots - 1;
	for (uint32_t i = 0; i < slots; i++)
		m->pairs[i] = FFN_IDMAP_EMPTY;
	mem += ALIGN8(slots * sizeof(uint32_t));
	m->edges = (struct ffn_med_edge *)mem;
	mem += ALIGN8(cap * sizeof(struct ffn_med_edge));
	ffni_idmap_init(&m->sender_head, (struct ffn_idmap_slot *)mem,
			ffni_idmap_slots_for(cap));
	m->edge_count = 0;
}

static uint32_t pair_home(const struct ffn_mediator *m, ffn_id_t s, ffn_id_t r)
{
	uint32_t key = ((uint32_t)s << 16) | r;

	return ((key * 0x9E3779B1u) >> 12) & m->pair_mask;
}

/* Under policy_lock: the edge index of (s, r), or FFN_IDMAP_EMPTY. */
static uint32_t pair_find(const struct ffn_mediator *m, ffn_id_t s, ffn_id_t r)
{
	for (uint32_t i = pair_home(m, s, r);; i = (i + 1) & m->pair_mask) {
		uint32_t e = m->pairs[i];

		if (e == FFN_IDMAP_EMPTY)
			return FFN_IDMAP_EMPTY;
		if (m->edges[e].sender == s && m->edges[e].receiver == r)
			return e;
	}
}

int ffn_mediator_allow(struct ffn_mediator *m, ffn_id_t sender,
		       ffn_id_t receiver)
{
	uint32_t e, head, i;

	if (sender == 0 || receiver == 0 || !ffn_id_is_vm(sender) ||
	    !ffn_id_is_vm(receiver) || sender == receiver)
		return FFN_INVALID_PARAMETERS;

	ffn_spin_lock(&m->policy_lock);
	if (pair_find(m, sender, receiver) != FFN_IDMAP_EMPTY) {
		ffn_spin_unlock(&m->policy_lock);
		return FFN_OK;
	}
	if (m->edge_count >= m->cfg.policy_capacity) {
		ffn_spin_unlock(&m->policy_lock);
		return FFN_NO_MEMORY;
	}
	e = m->edge_count;
	head = ffni_idmap_find(&m->sender_head, sender);
	m->edges[e].sender = sender;
	m->edges[e].receiver = receiver;
	m->edges[e].next = head;
	for (i = pair_home(m, sender, receiver); m->pairs[i] != FFN_IDMAP_EMPTY;
	     i = (i + 1) & m->pair_mask)
		;
	m->pairs[i] = e;
	if (head != FFN_IDMAP_EMPTY)
		ffni_idmap_remove(&m->sender_head, sender);
	ffni_idmap_insert(&m->sender_head, sender, e);
	m->edge_count = e + 1;
	ffn_spin_unlock(&m->policy_lock);
	return FFN_OK;
}

bool ffni_med_policy_allowed(struct ffn_mediator *m, ffn_id_t sender,
			     ffn_id_t receiver)
{
	bool ok;

	ffn_spin_lock(&m->policy_lock);
	ok = pair_find(m, sender, receiver) != FFN_IDMAP_EMPTY;
	ffn_spin_unlock(&m->policy_lock);
	return ok;
}

uint32_t ffni_med_policy_first(struct ffn_mediator *m, ffn_id_t sender)
{
	uint32_t e;

	ffn_spin_lock(&m->policy_lock);
	e = ffni_idmap_find(&m->sender_head, sender);
	ffn_spin_unlock(&m->policy_lock);
	return e;
}
