/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private helpers shared by the mediator's source files. Lock order and
 * contexts: include/ffn/impl/mediator_state.h and docs/mediator.md.
 */
#ifndef FFN_MED_INTERNAL_H
#define FFN_MED_INTERNAL_H

#include "ffn/info_list.h"
#include "ffn/mediator.h"

/* One-time log flags (m->logged). */
#define FFN_MED_LOGGED_NO_SCHED 0x1u
#define FFN_MED_LOGGED_HYP 0x2u
#define FFN_MED_LOGGED_SP_FULL 0x4u
#define FFN_MED_LOGGED_BAD_VCPU 0x8u
#define FFN_MED_LOGGED_DRAIN 0x10u

/* Bit helpers without libgcc calls (the core is freestanding). */
static inline unsigned ffn_med_ctz(uint64_t x)
{
	return (unsigned)FFN_CTZ64(x);
}

/* Ascending vCPU sets (struct ffn_med_vset). */
static inline void ffn_med_vset_add(struct ffn_med_vset *s, uint32_t v)
{
	s->words[v / 64u] |= 1ull << (v % 64u);
	s->summary |= 1ull << (v / 64u);
}

static inline void ffn_med_vset_del(struct ffn_med_vset *s, uint32_t v)
{
	uint64_t *w = &s->words[v / 64u];

	*w &= ~(1ull << (v % 64u));
	if (*w == 0)
		s->summary &= ~(1ull << (v / 64u));
}

static inline bool ffn_med_vset_empty(const struct ffn_med_vset *s)
{
	return s->summary == 0;
}

/* The lowest member; the set must not be empty. */
static inline uint32_t ffn_med_vset_first(const struct ffn_med_vset *s)
{
	unsigned w = ffn_med_ctz(s->summary);

	return w * 64u + ffn_med_ctz(s->words[w]);
}

static inline bool ffn_med_fw(const struct ffn_mediator *m)
{
	return ffn_atomic32_load((ffn_atomic32_t *)&m->fw_enabled) != 0;
}

/* SMC with no mediator lock held. */
static inline void ffn_med_smc(struct ffn_mediator *m, uint32_t cpu,
			       struct ffn_regs *r)
{
	m->ops->smc(m->ops_ctx, cpu, r);
}

/*
 * The FF-A status of an SPMC answer: 0 for FFA_SUCCESS_32/64, the error
 * code of FFA_ERROR, and ABORTED for anything else (a confused SPMC).
 */
static inline int32_t ffn_med_spmc_status(const struct ffn_regs *r)
{
	uint32_t w0 = (uint32_t)r->x[0];
	int32_t err;

	if (w0 == FFN_FID_SUCCESS_32 || w0 == FFN_FID_SUCCESS_64)
		return FFN_OK;
	err = ffn_regs_error_code(r);
	return err < 0 ? err : FFN_ABORTED;
}

/* Log @flag's message only the first time. */
static inline bool ffn_med_log_once(struct ffn_mediator *m, uint32_t flag)
{
	return (ffn_atomic32_or(&m->logged, flag) & flag) == 0;
}

/*
 * Another VM's context, held for the mediator's use (ops->vm_get plus the
 * VM's user count that ffn_mediator_vm_freeable waits for). NULL when the
 * VM does not exist or is being destroyed.
 */
struct ffn_med_vm *ffni_med_vm_get(struct ffn_mediator *m, ffn_id_t id);
void ffni_med_vm_put(struct ffn_mediator *m, struct ffn_med_vm *vm);

/* policy.c */
size_t ffni_med_policy_storage(const struct ffn_mediator_config *cfg);
void ffni_med_policy_init(struct ffn_mediator *m, uint8_t *mem);
bool ffni_med_policy_allowed(struct ffn_mediator *m, ffn_id_t sender,
			     ffn_id_t receiver);
/* The first edge of @sender, or FFN_IDMAP_EMPTY; edges are immutable. */
uint32_t ffni_med_policy_first(struct ffn_mediator *m, ffn_id_t sender);

/* report.c: the receiver-side records and the guest's INFO_GET. */
size_t ffni_med_sp_storage(const struct ffn_mediator_config *cfg);
void ffni_med_sp_init(struct ffn_mediator *m, uint8_t *mem);
/* Record a drained SP entry for the scheduler. Return false if dropped. */
bool ffni_med_sp_record(struct ffn_mediator *m, const struct ffn_info_entry *e);
void ffni_med_info_get(struct ffn_mediator *m, struct ffn_med_vm *vm,
		       struct ffn_regs *r, bool is64);
/* Under vm->lock: mark entries unreported / drop them. */
void ffni_med_rep_global(struct ffn_med_vm *vm, uint8_t cat);
void ffni_med_rep_vcpu(struct ffn_med_vm *vm, uint16_t vcpu, uint8_t cat);
void ffni_med_unrep_global(struct ffn_med_vm *vm, uint8_t cat);
void ffni_med_unrep_vcpu(struct ffn_med_vm *vm, uint16_t vcpu, uint8_t cat);

/* drain.c: virtual interrupts, with no mediator lock held. */
void ffni_med_inject_global(struct ffn_mediator *m, struct ffn_med_vm *vm,
			    uint32_t held_kind);
/* Virtual SRI to a newly named scheduler when SP entries wait. */
void ffni_med_kick_scheduler(struct ffn_mediator *m, ffn_id_t sched_id);
void ffni_med_inject_vcpu(struct ffn_mediator *m, struct ffn_med_vm *vm,
			  uint16_t vcpu);

/* avail.c: VM availability messages to the SPs that ask for them. */
int32_t ffni_med_vm_created(struct ffn_mediator *m, ffn_id_t vm, uint32_t cpu);
void ffni_med_vm_destroyed(struct ffn_mediator *m, ffn_id_t vm, uint32_t cpu);

/* dispatch.c */
void ffni_med_dispatch(struct ffn_mediator *m, struct ffn_med_vm *vm,
		       uint16_t vcpu, uint32_t cpu, struct ffn_regs *r);

#endif /* FFN_MED_INTERNAL_H */
