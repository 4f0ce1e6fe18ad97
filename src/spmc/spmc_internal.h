/* SPDX-License-Identifier: BSD-3-Clause */
/* Internals shared by the SPMC engine's files. */
#ifndef FFN_SPMC_INTERNAL_H
#define FFN_SPMC_INTERNAL_H

#include "ffn/info_list.h"
#include "ffn/spmc.h"

/* Who is calling: the normal world (self == NULL) or an SP vCPU. */
struct ffn_spmc_caller {
	struct ffn_spmc *spmc;
	struct ffn_spmc_ep *self;
	uint16_t vcpu;
	uint32_t cpu;
	uint32_t version;
};

static inline bool caller_is_ns(const struct ffn_spmc_caller *c)
{
	return c->self == NULL;
}

/* bitmap.c: receiver lookup and the normal-world bitmaps. */
struct ffn_spmc_ep *ffni_spmc_lock_vm_receiver(struct ffn_spmc *spmc,
					       ffn_id_t id);
uint32_t ffni_spmc_vm_slot(struct ffn_spmc *spmc, ffn_id_t id);

/*
 * @p, a slot's address, is not NULL: said so that a caller's test of
 * NULL after the lookup is left to the lookup's miss.
 */
#define ffni_nonnull(p)                                                        \
	do {                                                                   \
		if ((p) == NULL)                                               \
			__builtin_unreachable();                               \
	} while (0)

/* SP @id's state, or NULL. Inline: on the path of every SP call. */
static inline struct ffn_spmc_ep *ffni_spmc_sp_find(struct ffn_spmc *spmc,
						    ffn_id_t id)
{
	uint32_t i = ffni_idmap_find(&spmc->sp_map, id);
	struct ffn_spmc_ep *ep;

	if (i == FFN_IDMAP_EMPTY)
		return NULL;
	ep = &spmc->sps[i];
	ffni_nonnull(ep);
	return ep;
}

/* The direct table's entry for VM @id: its slot index, or EMPTY. */
static inline uint32_t ffni_spmc_table_get(struct ffn_spmc *spmc, ffn_id_t id)
{
	uint32_t w = ffn_atomic32_load(&spmc->vm_table[id / 2u]);

	return ((w >> (16u * (id % 2u))) & 0xFFFFu) - 1u;
}

/*
 * The receiver @id with its lock held, or NULL when it has no state.
 * Inline: every call but INFO_GET starts with it. SPs and the direct
 * table need no vm_lock (bitmap.c explains why a table entry is only a
 * hint); the hash map, or a stale table entry, takes the path under it.
 */
static inline __attribute__((__always_inline__)) struct ffn_spmc_ep *
ffni_spmc_lock_receiver(struct ffn_spmc *spmc, ffn_id_t id)
{
	struct ffn_spmc_ep *ep;
	uint32_t i;

	if (ffn_id_is_sp(id)) {
		ep = ffni_spmc_sp_find(spmc, id);
		if (ep != NULL)
			ffn_spin_lock(&ep->lock);
		return ep;
	}
	if (spmc->vm_table == NULL) {
		ffn_spin_lock(&spmc->vm_lock);
		i = ffni_idmap_find(&spmc->vm_map, id);
		/* Slot indices are below 2^31: a sign test, one instruction. */
		if ((int32_t)i < 0) {
			ffn_spin_unlock(&spmc->vm_lock);
			return NULL;
		}
		ep = &spmc->vms[i];
		ffni_nonnull(ep);
		ffn_spin_lock(&ep->lock);
		ffn_spin_unlock(&spmc->vm_lock);
		return ep;
	}
	i = ffni_spmc_table_get(spmc, id);
	if (i == FFN_IDMAP_EMPTY)
		return NULL;
	ep = &spmc->vms[i];
	ffni_nonnull(ep);
	ffn_spin_lock(&ep->lock);
	if (ep->in_use && ep->id == id)
		return ep;
	ffn_spin_unlock(&ep->lock);
	return ffni_spmc_lock_vm_receiver(spmc, id);
}
void ffni_spmc_bitmap_create(const struct ffn_spmc_caller *c,
			     struct ffn_regs *r);
void ffni_spmc_bitmap_destroy(const struct ffn_spmc_caller *c,
			      struct ffn_regs *r);
void ffni_spmc_bitmap_destroy(const struct ffn_spmc_caller *c,
			      struct ffn_regs *r);

/* senders.c: the VM-sender index, under vm_lock. */
uint64_t ffni_spmc_ids_from_vm(const struct ffn_spmc_ep *ep, ffn_id_t vm);
/* @ep's IDs bound to VM @vm went from @before to @after (ep->lock held). */
void ffni_spmc_vsend_update(struct ffn_spmc *spmc, const struct ffn_spmc_ep *ep,
			    ffn_id_t vm, uint64_t before, uint64_t after);
/* Remove every SP's bindings naming VM @vm (takes each SP's ep->lock). */
void ffni_spmc_vsend_drop(struct ffn_spmc *spmc, ffn_id_t vm);

/* notify.c: BIND, UNBIND, SET, GET. */
void ffni_spmc_bind(const struct ffn_spmc_caller *c, struct ffn_regs *r);
void ffni_spmc_unbind(const struct ffn_spmc_caller *c, struct ffn_regs *r);
void ffni_spmc_set(const struct ffn_spmc_caller *c, struct ffn_regs *r);
void ffni_spmc_get(const struct ffn_spmc_caller *c, struct ffn_regs *r);

/*
 * info.c: the report queue and INFO_GET. Callers hold ep->lock. The
 * updates of the SET and GET paths are inline, in report.h.
 */
void ffni_spmc_report_vcpu(struct ffn_spmc *spmc, struct ffn_spmc_ep *ep,
			   uint16_t vcpu, uint8_t cats);
void ffni_spmc_report_clear_vcpu(struct ffn_spmc *spmc, struct ffn_spmc_ep *ep,
				 uint16_t vcpu, uint8_t cats);
void ffni_spmc_report_drop(struct ffn_spmc *spmc, struct ffn_spmc_ep *ep);
void ffni_spmc_info_get(const struct ffn_spmc_caller *c, struct ffn_regs *r,
			bool is64);

/* run.c: FFA_RUN, FFA_MSG_WAIT, the SRI and the NPI. */
void ffni_spmc_run(const struct ffn_spmc_caller *c, struct ffn_regs *r);
void ffni_spmc_msg_wait(const struct ffn_spmc_caller *c, struct ffn_regs *r);
void ffni_spmc_sri_delay(struct ffn_spmc *spmc, uint32_t cpu);
void ffni_spmc_return_to_ns(struct ffn_spmc *spmc, uint32_t cpu);
int32_t ffni_spmc_wake(struct ffn_spmc *spmc, struct ffn_spmc_ep *ep,
		       uint16_t vcpu);

/* Raise the SRI on @cpu now. Inline: every SET ends with it. */
static inline void ffni_spmc_sri_now(struct ffn_spmc *spmc, uint32_t cpu)
{
	ffn_stat_add(&spmc->sri_raised, 1);
	spmc->ops->raise_sri(spmc->ops_ctx, cpu);
}

/* msg.c: framework direct messages (VM availability). */
void ffni_spmc_direct_req(const struct ffn_spmc_caller *c, struct ffn_regs *r);

/* check.c: structural invariants, debug builds only. */
#ifdef FFN_CHECK_INVARIANTS
void ffni_spmc_check(struct ffn_spmc *spmc);
#else
static inline void ffni_spmc_check(struct ffn_spmc *spmc)
{
	(void)spmc;
}
#endif

#endif /* FFN_SPMC_INTERNAL_H */
