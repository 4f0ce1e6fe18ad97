/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A fixed-capacity map from 16-bit endpoint IDs to slot indices:
 * open addressing with linear probing and backward-shift deletion, kept at
 * most half full so that lookups cost O(1) expected whatever the number of
 * entries. The caller provides the table and serialises writers.
 */
#ifndef FFN_IMPL_IDMAP_H
#define FFN_IMPL_IDMAP_H

#include "ffn/abi.h"

#define FFN_IDMAP_EMPTY 0xFFFFFFFFu

struct ffn_idmap_slot {
	uint32_t key; /* FFN_IDMAP_EMPTY or an ID */
	uint32_t value;
};

struct ffn_idmap {
	struct ffn_idmap_slot *slots;
	uint32_t mask; /* slot count - 1; slot count is a power of two */
};

/* Slots needed for @capacity entries: a power of two >= 2 * capacity. */
uint32_t ffni_idmap_slots_for(uint32_t capacity);

/* @slots has ffni_idmap_slots_for(capacity) entries. */
void ffni_idmap_init(struct ffn_idmap *m, struct ffn_idmap_slot *slots,
		     uint32_t slot_count);

/* The slot where @id's probe run starts (Fibonacci hashing). */
static inline uint32_t ffni_idmap_home(const struct ffn_idmap *m, uint32_t id)
{
	return ((id * 0x9E3779B1u) >> 16) & m->mask;
}

/*
 * Return: the value for @id, or FFN_IDMAP_EMPTY. Inline: it sits on
 * every call's path.
 */
static inline uint32_t ffni_idmap_find(const struct ffn_idmap *m, ffn_id_t id)
{
	for (uint32_t i = ffni_idmap_home(m, id);; i = (i + 1) & m->mask) {
		const struct ffn_idmap_slot *s = &m->slots[i];
		if (s->key == id)
			return s->value;
		if (s->key == FFN_IDMAP_EMPTY)
			return FFN_IDMAP_EMPTY;
	}
}

/* Insert @id -> @value; @id must be absent and the map below capacity. */
void ffni_idmap_insert(struct ffn_idmap *m, ffn_id_t id, uint32_t value);

/* Remove @id if present. */
void ffni_idmap_remove(struct ffn_idmap *m, ffn_id_t id);

#endif /* FFN_IMPL_IDMAP_H */
