// SPDX-License-Identifier: BSD-3-Clause
/* Endpoint ID -> slot map (see ffn/impl/idmap.h). */
#include "ffn/impl/idmap.h"

uint32_t ffni_idmap_slots_for(uint32_t capacity)
{
	uint32_t n = 2;

	while (n < 2u * capacity)
		n <<= 1;
	return n;
}

void ffni_idmap_init(struct ffn_idmap *m, struct ffn_idmap_slot *slots,
		     uint32_t slot_count)
{
	FFN_ASSERT(slot_count >= 2 && (slot_count & (slot_count - 1)) == 0);
	m->slots = slots;
	m->mask = slot_count - 1;
	for (uint32_t i = 0; i < slot_count; i++)
		slots[i].key = FFN_IDMAP_EMPTY;
}

void ffni_idmap_insert(struct ffn_idmap *m, ffn_id_t id, uint32_t value)
{
	uint32_t i = ffni_idmap_home(m, id);

	while (m->slots[i].key != FFN_IDMAP_EMPTY) {
		FFN_ASSERT(m->slots[i].key != id);
		i = (i + 1) & m->mask;
	}
	m->slots[i].key = id;
	m->slots[i].value = value;
}

void ffni_idmap_remove(struct ffn_idmap *m, ffn_id_t id)
{
	uint32_t i = ffni_idmap_home(m, id);

	while (m->slots[i].key != id) {
		if (m->slots[i].key == FFN_IDMAP_EMPTY)
			return;
		i = (i + 1) & m->mask;
	}
	/*
	 * Backward shift: pull later entries of the same probe run into the
	 * hole, so that no tombstone is needed and lookups stay short.
	 */
	for (uint32_t j = i;;) {
		j = (j + 1) & m->mask;
		if (m->slots[j].key == FFN_IDMAP_EMPTY)
			break;
		uint32_t h = ffni_idmap_home(m, m->slots[j].key);
		/* Move j into i unless its home lies cyclically in (i, j]. */
		bool stays = (i <= j) ? (i < h && h <= j) : (i < h || h <= j);
		if (!stays) {
			m->slots[i] = m->slots[j];
			i = j;
		}
	}
	m->slots[i].key = FFN_IDMAP_EMPTY;
}
