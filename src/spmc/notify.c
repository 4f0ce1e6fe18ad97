// SPDX-License-Identifier: BSD-3-Clause
/*
 * FFA_NOTIFICATION_BIND, _UNBIND, _SET and _GET at the SPMC.
 *
 * Context: an SMC from the normal world or a call from an SP vCPU, on any
 * CPU. Each call holds one receiver's lock (taken through the VM map for
 * normal-world receivers) and, to update the INFO_GET report state,
 * info_lock inside it. The SRI is raised after every lock is dropped.
 *
 * Check order, per docs/abi.md: reserved bits -> IDs -> bitmap -> caller
 * world -> receiver state -> binding state -> pending state. Every check
 * happens before the first write, so a refused call changes nothing.
 * Every path is a fixed number of word operations: no loop depends on
 * the number of endpoints or on how many bits a bitmap has.
 */
#include "report.h"

/*
 * The ID rows shared by BIND and UNBIND (docs/abi.md, BIND rows 2-5): the
 * receiver is the calling SP itself, or, from the normal world, a VM
 * whose sender must be an existing SP.
 */
static bool bind_ids_valid(const struct ffn_spmc_caller *c, ffn_id_t sender,
			   ffn_id_t receiver)
{
	if (sender == receiver)
		return false;
	if (caller_is_ns(c)) {
		if (!ffn_id_is_vm(receiver) || !ffn_id_is_sp(sender))
			return false;
	} else if (receiver != c->self->id) {
		return false;
	}
	return ffn_id_is_vm(sender) ||
	       ffni_spmc_sp_find(c->spmc, sender) != NULL;
}

/* The bindings that hold @sender's world at @ep (VMs bind SPs only). */
static struct ffn_bindings *bindings_of(struct ffn_spmc_ep *ep, ffn_id_t sender)
{
	if (ffn_id_is_sp(sender))
		return &ep->from_sp;
	return ep->from_vm;
}

/* IDs pending from @sender's world, globally or on any vCPU. */
static uint64_t pending_from_world(const struct ffn_spmc_ep *ep,
				   ffn_id_t sender)
{
	if (ffn_id_is_sp(sender))
		return ep->global.from_sp |
		       ffn_slice_nonzero(&ep->vcpu_count_sp);
	return ep->global.from_vm | ffn_slice_nonzero(&ep->vcpu_count_vm);
}

/* Receiver-state rows shared by BIND and UNBIND (rows 8-10). */
static int32_t bind_receiver_state(struct ffn_spmc_ep *ep, ffn_id_t sender)
{
	if (ep->is_sp && ffn_atomic32_load(&ep->version) < FFN_VERSION_1_1)
		return FFN_NOT_SUPPORTED;
	if (!ep->notifications)
		return FFN_NOT_SUPPORTED;
	if (bindings_of(ep, sender) == NULL)
		return FFN_INVALID_PARAMETERS;
	return FFN_OK;
}

/* BIND's last row; ep->lock held, earlier rows passed. */
static int32_t do_bind(struct ffn_spmc *spmc, struct ffn_spmc_ep *ep,
		       ffn_id_t sender, uint64_t bitmap, bool per_vcpu)
{
	struct ffn_bindings *b = bindings_of(ep, sender);

	/* Already bound, even to the same sender: DENIED (docs/abi.md C4). */
	if ((b->bound & bitmap) != 0 || ep->masked)
		return FFN_DENIED;
	/*
	 * An unbound ID from a secure sender is never pending. One from a
	 * VM may be: its sender's bitmap was destroyed, which unbound it and
	 * left what it had set for GET. It is DENIED until then, as UNBIND
	 * refuses pending IDs.
	 */
	if (!ffn_id_is_sp(sender) &&
	    (pending_from_world(ep, sender) & bitmap) != 0)
		return FFN_DENIED;
#ifdef FFN_CHECK_INVARIANTS
	/*
	 * The secure half of that rule (see ffn_spmc_ep). Debug builds
	 * only: ffni_spmc_check asserts it after every call there, and here
	 * it was a sixth of a release BIND.
	 */
	FFN_ASSERT((pending_from_world(ep, sender) & bitmap) == 0);
#endif
	ffn_bindings_bind(b, sender, bitmap, per_vcpu);
	ffn_atomic32_add(&spmc->bound_ids, ffn_popcount64(bitmap));
	return FFN_OK;
}

/* UNBIND's last rows; ep->lock held, earlier rows passed. */
static int32_t do_unbind(struct ffn_spmc *spmc, struct ffn_spmc_ep *ep,
			 ffn_id_t sender, uint64_t bitmap)
{
	struct ffn_bindings *b = bindings_of(ep, sender);
	uint64_t global =
		ffn_id_is_sp(sender) ? ep->global.from_sp : ep->global.from_vm;

	/* Only IDs bound per-vCPU can be pending on a vCPU. */
	if (!ffn_bindings_all_bound_to(b, sender, bitmap) ||
	    (global & bitmap) != 0 ||
	    ((bitmap & b->per_vcpu) != 0 &&
	     (pending_from_world(ep, sender) & bitmap) != 0))
		return FFN_DENIED;
	ffn_bindings_unbind(b, bitmap);
	ffn_atomic32_sub(&spmc->bound_ids, ffn_popcount64(bitmap));
	return FFN_OK;
}

/*
 * BIND and UNBIND share every row up to the binding state. They differ in
 * w2: BIND's flags (bit 0 per-vCPU, the rest MBZ), UNBIND's MBZ word.
 */
static void bind_or_unbind(const struct ffn_spmc_caller *c, struct ffn_regs *r,
			   bool bind)
{
	uint32_t w1 = (uint32_t)r->x[1];
	uint32_t flags = (uint32_t)r->x[2];
	uint32_t flags_mbz = bind ? FFN_BIND_FLAGS_MBZ : 0xFFFFFFFFu;
	uint64_t bitmap = ffn_bitmap_from_regs(r->x[3], r->x[4]);
	ffn_id_t sender = ffn_w1_sender(w1);
	ffn_id_t receiver = ffn_w1_receiver(w1);
	/* An SP binding a VM sender: the VM-sender index follows, under
	 * vm_lock (outermost), so BITMAP_DESTROY can find the binding. */
	bool index = !caller_is_ns(c) && ffn_id_is_vm(sender);
	uint64_t before = 0;
	struct ffn_spmc_ep *ep;
	int32_t err;

	if ((flags & flags_mbz) != 0 || !ffn_regs_w_zero(r, 5, 7) ||
	    !bind_ids_valid(c, sender, receiver) || bitmap == 0) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	if (index)
		ffn_spin_lock(&c->spmc->vm_lock);
	ep = ffni_spmc_lock_receiver(c->spmc, receiver);
	if (ep == NULL) {
		if (index)
			ffn_spin_unlock(&c->spmc->vm_lock);
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	err = bind_receiver_state(ep, sender);
	if (err == FFN_OK && index)
		before = ffni_spmc_ids_from_vm(ep, sender);
	if (err == FFN_OK && bind)
		err = do_bind(c->spmc, ep, sender, bitmap,
			      (flags & FFN_NOTIF_FLAG_PER_VCPU) != 0);
	else if (err == FFN_OK)
		err = do_unbind(c->spmc, ep, sender, bitmap);
	if (err == FFN_OK && index)
		ffni_spmc_vsend_update(c->spmc, ep, sender, before,
				       bind ? before | bitmap
					    : before & ~bitmap);
	ffn_spin_unlock(&ep->lock);
	if (index)
		ffn_spin_unlock(&c->spmc->vm_lock);
	ffn_regs_status(r, err);
}

void ffni_spmc_bind(const struct ffn_spmc_caller *c, struct ffn_regs *r)
{
	bind_or_unbind(c, r, true);
}

void ffni_spmc_unbind(const struct ffn_spmc_caller *c, struct ffn_regs *r)
{
	bind_or_unbind(c, r, false);
}

/* SET's ID rows (docs/abi.md, SET row 3). */
static bool set_ids_valid(const struct ffn_spmc_caller *c, ffn_id_t sender,
			  ffn_id_t receiver)
{
	if (sender == receiver)
		return false;
	if (caller_is_ns(c))
		return ffn_id_is_vm(sender) && ffn_id_is_sp(receiver);
	return sender == c->self->id;
}

/*
 * SET's receiver and binding rows (6-10), with ep->lock held; @b is the
 * bindings of @sender's world (NULL: an SP's own VM bindings missing).
 * A per-vCPU SET needs IDs bound per-vCPU and a global one global IDs:
 * the per-vCPU flag's mask flips b->per_vcpu for the one test.
 */
static inline __attribute__((__always_inline__)) int32_t
set_check(const struct ffn_spmc_ep *ep, const struct ffn_bindings *b,
	  ffn_id_t sender, uint64_t bitmap, uint32_t flags)
{
	uint64_t want = 0 - (uint64_t)(flags & FFN_NOTIF_FLAG_PER_VCPU);

	if (!ep->notifications || ep->masked || b == NULL)
		return FFN_DENIED;
	if ((bitmap & b->bound & (b->per_vcpu ^ want)) != 0)
		return FFN_INVALID_PARAMETERS;
	if (!ffn_bindings_all_bound_to(b, sender, bitmap))
		return FFN_DENIED;
	if (want != 0 && (flags >> FFN_SET_VCPU_SHIFT) >= ep->vcpu_count)
		return FFN_INVALID_PARAMETERS;
	return FFN_OK;
}

/*
 * SET's rows before the receiver: reserved bits, IDs, bitmap, caller
 * world (rows 1-5). A vCPU is named only with the per-vCPU flag, so the
 * flags' MBZ mask takes in w2[31:16] when bit 0 is clear.
 */
static inline __attribute__((__always_inline__)) bool
set_args_valid(const struct ffn_spmc_caller *c, const struct ffn_regs *r)
{
	uint32_t flags = (uint32_t)r->x[2];
	uint32_t vcpu_mbz =
		((flags & FFN_NOTIF_FLAG_PER_VCPU) - 1u) & 0xFFFF0000u;
	uint32_t w1 = (uint32_t)r->x[1];

	return (flags & (FFN_SET_FLAGS_MBZ | vcpu_mbz)) == 0 &&
	       ffn_regs_w_zero(r, 5, 7) &&
	       set_ids_valid(c, ffn_w1_sender(w1), ffn_w1_receiver(w1)) &&
	       ffn_bitmap_from_regs(r->x[3], r->x[4]) != 0 &&
	       ((flags & FFN_NOTIF_FLAG_DELAY_SRI) == 0 || !caller_is_ns(c));
}

/*
 * SET's last rows and its update, with ep->lock held; drops it. The
 * arguments are read again from @r rather than kept from the checks:
 * kept live across the lock, they were spilled and reloaded.
 */
static inline __attribute__((__always_inline__)) int32_t
set_locked(struct ffn_spmc *spmc, struct ffn_spmc_ep *ep,
	   const struct ffn_regs *r)
{
	uint32_t flags = (uint32_t)r->x[2];
	ffn_id_t sender = ffn_w1_sender(r->x[1]);
	uint64_t bitmap = ffn_bitmap_from_regs(r->x[3], r->x[4]);
	bool per_vcpu = (flags & FFN_NOTIF_FLAG_PER_VCPU) != 0;
	uint32_t vcpu = flags >> FFN_SET_VCPU_SHIFT;
	bool from_sp = ffn_id_is_sp(sender);
	struct ffn_bindings *b = from_sp ? &ep->from_sp : ep->from_vm;
	struct ffn_spmc_pending *p;
	uint64_t *field, fresh;
	int32_t err;

	err = set_check(ep, b, sender, bitmap, flags);
	if (err != FFN_OK) {
		ffn_spin_unlock(&ep->lock);
		return err;
	}
	ffn_bindings_remember(b, sender, bitmap);
	p = per_vcpu ? &ep->vcpu[vcpu] : &ep->global;
	field = from_sp ? &p->from_sp : &p->from_vm;
	/* Only bits that become pending count: re-setting is idempotent. */
	fresh = bitmap & ~*field;
	*field |= bitmap;
	if (fresh != 0) {
		uint8_t cat = from_sp ? FFN_REP_SP : FFN_REP_VM;
		if (per_vcpu) {
			ffn_slice_inc(from_sp ? &ep->vcpu_count_sp
					      : &ep->vcpu_count_vm,
				      fresh);
			ffni_spmc_report_vcpu(spmc, ep, (uint16_t)vcpu, cat);
		} else {
			ffni_spmc_report_global(spmc, ep, cat);
		}
	}
	ffn_spin_unlock(&ep->lock);
	return FFN_OK;
}

/* Every SET signals: a spurious SRI is harmless, a lost one is not. */
static inline __attribute__((__always_inline__)) void
set_signal(struct ffn_spmc *spmc, uint32_t cpu, bool delay)
{
	if (delay)
		ffni_spmc_sri_delay(spmc, cpu);
	else
		ffni_spmc_sri_now(spmc, cpu);
}

/* Every SET, row by row (docs/abi.md); set_fast takes the usual one. */
static __attribute__((__noinline__)) void
set_general(const struct ffn_spmc_caller *c, struct ffn_regs *r)
{
	struct ffn_spmc *spmc = c->spmc;
	ffn_id_t receiver = ffn_w1_receiver(r->x[1]);
	struct ffn_spmc_ep *ep;
	uint32_t cpu;
	int32_t err;
	bool delay;

	if (!set_args_valid(c, r)) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	ep = ffni_spmc_lock_receiver(spmc, receiver);
	if (ep == NULL) {
		/* An unknown SP is a bad ID; a VM without a bitmap is refused.
		 */
		ffn_regs_error(r, ffn_id_is_sp(receiver)
					  ? FFN_INVALID_PARAMETERS
					  : FFN_DENIED);
		return;
	}
	err = set_locked(spmc, ep, r);
	if (err != FFN_OK) {
		ffn_regs_error(r, err);
		return;
	}
	/* The result first, so that raising the SRI is the call's last act. */
	delay = ((uint32_t)r->x[2] & FFN_NOTIF_FLAG_DELAY_SRI) != 0;
	cpu = c->cpu;
	ffn_regs_success(r);
	set_signal(spmc, cpu, delay);
}

/*
 * A global SET that set_fast cannot take, with ep->lock held and every row
 * before the receiver passed but the bitmap's: the general path's rows
 * from there on, without a second lookup. Drops the lock. Out of line, so
 * that the fast path keeps no values across it but its own arguments.
 */
static __attribute__((__noinline__)) int32_t
set_fast_fallback(struct ffn_spmc *spmc, struct ffn_spmc_ep *ep,
		  const struct ffn_regs *r)
{
	/* The bitmap's row comes before the receiver's (docs/abi.md). */
	if (ffn_bitmap_from_regs(r->x[3], r->x[4]) == 0) {
		ffn_spin_unlock(&ep->lock);
		return FFN_INVALID_PARAMETERS;
	}
	return set_locked(spmc, ep, r);
}

/*
 * set_fast's checks under ep->lock, and the update; drops the lock. The
 * arguments are read again from @r: kept live across the lock, they were
 * spilled and reloaded.
 */
static inline __attribute__((__always_inline__)) int32_t
set_fast_locked(struct ffn_spmc *spmc, struct ffn_spmc_ep *ep,
		const struct ffn_regs *r)
{
	ffn_id_t sender = ffn_w1_sender(r->x[1]);
	uint64_t bitmap = ffn_bitmap_from_regs(r->x[3], r->x[4]);
	bool from_sp = ffn_id_is_sp(sender);
	/* Only an SP has VM senders' bindings: a VM's from_vm is NULL. */
	struct ffn_bindings *b = from_sp ? &ep->from_sp : ep->from_vm;
	uint64_t *field;
	unsigned bit;

	/*
	 * The bitmap is first checked here: one cached ID, which the cache
	 * holds only while it is bound; a global SET needs a global ID. A
	 * cached ID makes the bitmap non-zero, as ffn_bindings_one_id needs.
	 * No test of ep->notifications: a receiver without them never had
	 * an ID bound (BIND refuses), so none cached, and it never changes.
	 */
	if ((!from_sp && b == NULL) || ep->masked ||
	    (b->cached & ~b->per_vcpu & bitmap) == 0 ||
	    !ffn_bindings_one_id(bitmap, &bit) || b->sender[bit] != sender)
		return set_fast_fallback(spmc, ep, r);
	field = from_sp ? &ep->global.from_sp : &ep->global.from_vm;
	if ((*field & bitmap) == 0) {
		*field |= bitmap;
		ffni_spmc_report_global(spmc, ep,
					from_sp ? FFN_REP_SP : FFN_REP_VM);
	}
	ffn_spin_unlock(&ep->lock);
	return FFN_OK;
}

/*
 * The usual SET: global, one ID, whose sender the receiver's binding
 * cache holds (drivers bind and signal one ID at a time). On that case
 * it makes every check set_general makes, with no call before the SRI:
 * the general path's helpers and cold branches cost their register saves
 * and spills on every call. Any other SET is the general path's: one the
 * checks before the lock turn away returns false having written nothing
 * (set_general then makes the whole call), one turned away under the
 * lock goes on through set_fast_fallback.
 */
static inline __attribute__((__always_inline__)) bool
set_fast(const struct ffn_spmc_caller *c, struct ffn_regs *r)
{
	uint32_t flags = (uint32_t)r->x[2];
	uint32_t w1 = (uint32_t)r->x[1];
	struct ffn_spmc_ep *ep;
	int32_t err;

	/*
	 * w2: no flag but the delay, which only SPs may give; vCPU 0. The
	 * bitmap is checked under the lock (set_fast_locked).
	 */
	if ((flags & ~FFN_NOTIF_FLAG_DELAY_SRI) != 0 ||
	    (flags != 0 && caller_is_ns(c)) || !ffn_regs_w_zero(r, 5, 7) ||
	    !set_ids_valid(c, ffn_w1_sender(w1), ffn_w1_receiver(w1)))
		return false;
	ep = ffni_spmc_lock_receiver(c->spmc, ffn_w1_receiver(w1));
	if (ep == NULL)
		return false;
	err = set_fast_locked(c->spmc, ep, r);
	if (err != FFN_OK) {
		ffn_regs_error(r, err);
		return true;
	}
	flags = (uint32_t)r->x[2];
	ffn_regs_success(r);
	set_signal(c->spmc, c->cpu, flags != 0);
	return true;
}

void ffni_spmc_set(const struct ffn_spmc_caller *c, struct ffn_regs *r)
{
	if (!set_fast(c, r))
		set_general(c, r);
}

/* Return and clear one category: global bits plus @vcpu's bits. */
static uint64_t take(uint64_t *global, uint64_t *mine, struct ffn_slice *count)
{
	uint64_t bits = *global | *mine;

	ffn_slice_dec(count, *mine);
	*global = 0;
	*mine = 0;
	return bits;
}

/* Put one category's bits in its two result registers, from x[@lo]. */
static inline void get_result(struct ffn_regs *r, unsigned lo, uint64_t bits)
{
	r->x[lo] = (uint32_t)bits;
	r->x[lo + 1] = bits >> 32;
}

/*
 * GET's rows under ep->lock and its update; drops the lock. The
 * arguments are read again from @r (kept live across the lock, they were
 * spilled), and each category's result registers are written where it
 * is taken, so that no bitmap stays live to the end of the call.
 */
static inline __attribute__((__always_inline__)) int32_t
get_locked(struct ffn_spmc *spmc, struct ffn_spmc_ep *ep, struct ffn_regs *r)
{
	uint32_t flags = (uint32_t)r->x[2];
	uint16_t vcpu = (uint16_t)((uint32_t)r->x[1] >> 16);
	struct ffn_spmc_pending *mine;
	uint8_t cats = 0;

	if (vcpu >= ep->vcpu_count || !ep->notifications) {
		ffn_spin_unlock(&ep->lock);
		return vcpu >= ep->vcpu_count ? FFN_INVALID_PARAMETERS
					      : FFN_NOT_SUPPORTED;
	}
	mine = &ep->vcpu[vcpu];
	if (flags & FFN_GET_FLAG_SP) {
		get_result(r, 2,
			   take(&ep->global.from_sp, &mine->from_sp,
				&ep->vcpu_count_sp));
		cats |= FFN_REP_SP;
	} else {
		get_result(r, 2, 0);
	}
	if (flags & FFN_GET_FLAG_VM) {
		get_result(r, 4,
			   take(&ep->global.from_vm, &mine->from_vm,
				&ep->vcpu_count_vm));
		cats |= FFN_REP_VM;
	} else {
		get_result(r, 4, 0);
	}
	/* One framework bitmap; either flag returns both (docs/abi.md C1). */
	if (flags & (FFN_GET_FLAG_SPM | FFN_GET_FLAG_HYP)) {
		get_result(r, 6, ep->framework);
		ep->framework = 0;
		cats |= FFN_REP_FW;
	} else {
		get_result(r, 6, 0);
	}
	/*
	 * A receiver out of the queue has nothing listable (INFO_GET took it
	 * all, or nothing was set since the last GET): skip info_lock. The
	 * usual flow, SET -> SRI -> INFO_GET -> GET, always takes this path.
	 */
	if (cats != 0 && ffn_atomic32_load(&ep->queued) != 0)
		ffni_spmc_report_clear(spmc, ep, vcpu, cats);
	ffn_spin_unlock(&ep->lock);
	return FFN_OK;
}

void ffni_spmc_get(const struct ffn_spmc_caller *c, struct ffn_regs *r)
{
	uint32_t w1 = (uint32_t)r->x[1];
	uint32_t flags = (uint32_t)r->x[2];
	ffn_id_t receiver = (ffn_id_t)w1;
	struct ffn_spmc_ep *ep;
	int32_t err;

	if ((flags & FFN_GET_FLAGS_MBZ) != 0 || !ffn_regs_w_zero(r, 3, 7) ||
	    (caller_is_ns(c) ? !ffn_id_is_vm(receiver)
			     : receiver != c->self->id) ||
	    (caller_is_ns(c) &&
	     (flags & (FFN_GET_FLAG_VM | FFN_GET_FLAG_HYP)) != 0)) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	ep = ffni_spmc_lock_receiver(c->spmc, receiver);
	if (ep == NULL) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	err = get_locked(c->spmc, ep, r);
	if (err != FFN_OK) {
		ffn_regs_error(r, err);
		return;
	}
	r->x[0] = FFN_FID_SUCCESS_32;
	r->x[1] = 0;
}

int ffn_spmc_framework_set(struct ffn_spmc *spmc, uint32_t cpu, ffn_id_t sender,
			   ffn_id_t receiver)
{
	uint64_t bit =
		ffn_id_is_sp(sender) ? FFN_FW_RX_FULL_SPM : FFN_FW_RX_FULL_HYP;
	struct ffn_spmc_ep *ep = ffni_spmc_lock_receiver(spmc, receiver);

	if (ep == NULL)
		return FFN_INVALID_PARAMETERS;
	if (!ep->notifications || ep->masked) {
		ffn_spin_unlock(&ep->lock);
		return FFN_DENIED;
	}
	if ((ep->framework & bit) == 0) {
		ep->framework |= bit;
		ffni_spmc_report_global(spmc, ep, FFN_REP_FW);
	}
	ffn_spin_unlock(&ep->lock);
	ffni_spmc_sri_now(spmc, cpu);
	return FFN_OK;
}
