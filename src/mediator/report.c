// SPDX-License-Identifier: BSD-3-Clause
/*
 * What a guest's FFA_NOTIFICATION_INFO_GET reports.
 *
 * Each VM keeps the entries it has not yet been told about: a global
 * entry (rep_global) and an ascending set of vCPUs (rep), each tagged with
 * why (secure pending from the SRI drain, or VM-to-VM pending). An entry
 * is listed once; a GET that clears the pending state drops it too, so it
 * is listed again only when it becomes pending again.
 *
 * SP entries found by the SRI drain are kept for the scheduler VM in one
 * record per SP (global flag + ascending vCPU set), found through an ID
 * map, and queued FIFO in the order they first had something to report.
 *
 * Cost: every list written costs O(1) (set minimum by count-trailing-
 * zeros on a two-level bitmap), so INFO_GET is O(IDs returned).
 */
#include "med_internal.h"

#define ALIGN8(x) (((x) + 7u) & ~(size_t)7u)

size_t ffni_med_sp_storage(const struct ffn_mediator_config *cfg)
{
	uint32_t cap = cfg->sp_capacity;

	return ALIGN8(cap * sizeof(struct ffn_med_sp)) +
	       ALIGN8(ffni_idmap_slots_for(cap) *
		      sizeof(struct ffn_idmap_slot)) +
	       (size_t)cap * FFN_MED_WORDS(cfg->cpu_count) * sizeof(uint64_t);
}

void ffni_med_sp_init(struct ffn_mediator *m, uint8_t *mem)
{
	uint32_t cap = m->cfg.sp_capacity;
	uint32_t words = FFN_MED_WORDS(m->cfg.cpu_count);
	uint64_t *w;

	m->sps = (struct ffn_med_sp *)mem;
	mem += ALIGN8(cap * sizeof(struct ffn_med_sp));
	ffni_idmap_init(&m->sp_map, (struct ffn_idmap_slot *)mem,
			ffni_idmap_slots_for(cap));
	mem += ALIGN8(ffni_idmap_slots_for(cap) *
		      sizeof(struct ffn_idmap_slot));
	w = (uint64_t *)mem;
	memset(w, 0, (size_t)cap * words * sizeof(uint64_t));
	for (uint32_t i = 0; i < cap; i++) {
		memset(&m->sps[i], 0, sizeof(m->sps[i]));
		m->sps[i].rep.words = w + (size_t)i * words;
	}
	m->sp_count = 0;
	m->sp_vcpus = m->cfg.cpu_count;
	m->q_head = m->q_tail = FFN_IDMAP_EMPTY;
}

bool ffni_med_sp_record(struct ffn_mediator *m, const struct ffn_info_entry *e)
{
	struct ffn_med_sp *sp;
	uint32_t idx;

	ffn_spin_lock(&m->sp_lock);
	idx = ffni_idmap_find(&m->sp_map, e->id);
	if (idx == FFN_IDMAP_EMPTY) {
		if (m->sp_count >= m->cfg.sp_capacity) {
			ffn_spin_unlock(&m->sp_lock);
			return false;
		}
		idx = m->sp_count++;
		m->sps[idx].id = e->id;
		ffni_idmap_insert(&m->sp_map, e->id, idx);
	}
	sp = &m->sps[idx];
	if (e->vcpu_count == 0)
		sp->rep_global = true;
	for (unsigned i = 0; i < e->vcpu_count; i++) {
		/*
		 * An MP SP has one vCPU per physical CPU. A larger ID is
		 * reported as a global entry rather than lost: the scheduler
		 * still learns that the SP needs cycles.
		 */
		if (e->vcpus[i] < m->sp_vcpus)
			ffn_med_vset_add(&sp->rep, e->vcpus[i]);
		else
			sp->rep_global = true;
	}
	if (!sp->queued) {
		sp->queued = true;
		sp->next = FFN_IDMAP_EMPTY;
		if (m->q_tail == FFN_IDMAP_EMPTY)
			m->q_head = idx;
		else
			m->sps[m->q_tail].next = idx;
		m->q_tail = idx;
	}
	ffn_spin_unlock(&m->sp_lock);
	return true;
}

void ffni_med_rep_global(struct ffn_med_vm *vm, uint8_t cat)
{
	vm->rep_global |= cat;
}

void ffni_med_rep_vcpu(struct ffn_med_vm *vm, uint16_t vcpu, uint8_t cat)
{
	if (vm->rep_vcpu[vcpu] == 0)
		ffn_med_vset_add(&vm->rep, vcpu);
	vm->rep_vcpu[vcpu] |= cat;
}

void ffni_med_unrep_global(struct ffn_med_vm *vm, uint8_t cat)
{
	vm->rep_global &= (uint8_t)~cat;
}

void ffni_med_unrep_vcpu(struct ffn_med_vm *vm, uint16_t vcpu, uint8_t cat)
{
	if (vm->rep_vcpu[vcpu] == 0)
		return;
	vm->rep_vcpu[vcpu] &= (uint8_t)~cat;
	if (vm->rep_vcpu[vcpu] == 0)
		ffn_med_vset_del(&vm->rep, vcpu);
}

/*
 * Append @id's entries from @global / @set: the global entry first, then
 * the vCPUs ascending, three to a list. Entries written leave the record.
 * @cats, when not NULL, holds each vCPU's category byte (cleared as it is
 * listed, restored when its list did not fit).
 * Return: false when a list did not fit (something remains).
 */
static bool put_entries(struct ffn_info_writer *w, ffn_id_t id, bool *global,
			struct ffn_med_vset *set, uint8_t *cats)
{
	if (*global) {
		if (ffn_info_writer_add(w, id, NULL, 0) != FFN_OK)
			return false;
		*global = false;
	}
	while (!ffn_med_vset_empty(set)) {
		uint16_t v[FFN_INFO_MAX_VCPUS_PER_LIST];
		uint8_t c[FFN_INFO_MAX_VCPUS_PER_LIST];
		unsigned n = 0;

		while (n < FFN_INFO_MAX_VCPUS_PER_LIST &&
		       !ffn_med_vset_empty(set)) {
			v[n] = (uint16_t)ffn_med_vset_first(set);
			ffn_med_vset_del(set, v[n]);
			if (cats) {
				c[n] = cats[v[n]];
				cats[v[n]] = 0;
			}
			n++;
		}
		if (ffn_info_writer_add(w, id, v, n) != FFN_OK) {
			/* Lists are never split: put them back. */
			for (unsigned i = 0; i < n; i++) {
				ffn_med_vset_add(set, v[i]);
				if (cats)
					cats[v[i]] = c[i];
			}
			return false;
		}
	}
	return true;
}

/* Under sp_lock: the scheduler's SP lists, FIFO. */
static bool put_sps(struct ffn_mediator *m, struct ffn_info_writer *w)
{
	while (m->q_head != FFN_IDMAP_EMPTY) {
		struct ffn_med_sp *sp = &m->sps[m->q_head];

		if (!put_entries(w, sp->id, &sp->rep_global, &sp->rep, NULL))
			return false;
		sp->queued = false;
		m->q_head = sp->next;
		if (m->q_head == FFN_IDMAP_EMPTY)
			m->q_tail = FFN_IDMAP_EMPTY;
	}
	return true;
}

void ffni_med_info_get(struct ffn_mediator *m, struct ffn_med_vm *vm,
		       struct ffn_regs *r, bool is64)
{
	struct ffn_info_writer w;
	bool global, done;

	ffn_info_writer_init(&w, r, is64);
	ffn_spin_lock(&vm->lock);
	global = vm->rep_global != 0;
	done = put_entries(&w, vm->id, &global, &vm->rep, vm->rep_vcpu);
	if (!global)
		vm->rep_global = 0;
	if (done && ffn_atomic32_load(&m->scheduler) == vm->id) {
		ffn_spin_lock(&m->sp_lock);
		done = put_sps(m, &w);
		ffn_spin_unlock(&m->sp_lock);
	}
	ffn_spin_unlock(&vm->lock);

	if (w.lists == 0) {
		ffn_regs_error(r, FFN_NO_DATA);
		return;
	}
	/* Every record was emptied unless a list did not fit: exact. */
	ffn_info_writer_finish(&w, !done);
}
