// SPDX-License-Identifier: BSD-3-Clause
/*
 * Guest FF-A calls (guest trap context, on the calling vCPU's physical
 * CPU): FFA_VERSION, FFA_FEATURES, FFA_RUN and the notification ABIs.
 *
 * Check order for BIND, UNBIND, SET and GET (docs/mediator.md):
 *   the caller's version -> MBZ bits -> IDs (receiver, or for SET the
 *   sender, must be the caller) -> zero bitmap -> delay-SRI flag from a VM
 *   -> global SET with a vCPU -> firmware for an SP peer / the policy for
 *   a VM peer -> receiver state -> binding state -> pending state.
 * A call that fails changes nothing.
 *
 * Every call is O(1) in VMs and bits: bit-sliced bindings and pending
 * counters, hash lookups for the policy, and no lock held over an SMC
 * or an interrupt injection.
 */
#include "med_internal.h"

#define SET_VCPU(flags) ((uint16_t)((uint32_t)(flags) >> FFN_SET_VCPU_SHIFT))

/* Send @fid(w1..w4) to the SPMC; the answer is left in @r. */
static int32_t forward(struct ffn_mediator *m, uint32_t cpu, uint32_t fid,
		       uint32_t w1, uint32_t w2, uint32_t w3, uint32_t w4,
		       struct ffn_regs *r)
{
	ffn_regs_init(r, fid);
	r->x[1] = w1;
	r->x[2] = w2;
	r->x[3] = w3;
	r->x[4] = w4;
	ffn_med_smc(m, cpu, r);
	return ffn_med_spmc_status(r);
}

static uint32_t w(const struct ffn_regs *r, unsigned i)
{
	return (uint32_t)r->x[i];
}

/* Under vm->lock: the IDs of @bitmap pending globally or on any vCPU. */
static uint64_t pending_any(const struct ffn_med_vm *vm, uint64_t bitmap)
{
	/* pend_cnt counts, per ID, the vCPUs that have it pending. */
	return (vm->pend_global | ffn_slice_nonzero(&vm->pend_cnt)) & bitmap;
}

static void do_version(struct ffn_med_vm *vm, struct ffn_regs *r)
{
	uint32_t in = w(r, 1);

	ffn_regs_result(r, FFN_VERSION_IMPL);
	/*
	 * The SPMC's rule (docs/abi.md): bit 31 set or another major (0
	 * included) is NOT_SUPPORTED, in w0 itself, and renegotiates nothing.
	 */
	if ((in & 0x80000000u) || (in >> 16) != (FFN_VERSION_IMPL >> 16)) {
		r->x[0] = ffn_status_reg(FFN_NOT_SUPPORTED);
		return;
	}
	/* The caller's version, at most ours. */
	ffn_atomic32_store(&vm->version,
			   in < FFN_VERSION_IMPL ? in : FFN_VERSION_IMPL);
}

static bool has_notifications(struct ffn_med_vm *vm)
{
	return ffn_atomic32_load(&vm->version) >= FFN_VERSION_1_1;
}

static void do_features(struct ffn_med_vm *vm, struct ffn_regs *r)
{
	uint32_t what = w(r, 1), in2 = w(r, 2);
	bool notif = has_notifications(vm);
	bool ok = false;
	uint32_t out2 = 0;

	/* One rule with the SPMC (docs/abi.md): w3-w7 are reserved... */
	if (!ffn_regs_w_zero(r, 3, 7)) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	/* ...and w2, input properties, is defined for no ABI we answer. */
	if (in2 != 0) {
		ffn_regs_error(r, FFN_NOT_SUPPORTED);
		return;
	}
	if (what & 0x80000000u) {
		switch (what) {
		case FFN_FID_VERSION:
		case FFN_FID_FEATURES:
		case FFN_FID_RUN:
			ok = true;
			break;
		case FFN_FID_NOTIFICATION_BIND:
		case FFN_FID_NOTIFICATION_UNBIND:
		case FFN_FID_NOTIFICATION_SET:
		case FFN_FID_NOTIFICATION_GET:
		case FFN_FID_NOTIFICATION_INFO_GET_32:
		case FFN_FID_NOTIFICATION_INFO_GET_64:
			ok = notif;
			break;
		default: /* BITMAP_CREATE/DESTROY: physical instance only */
			break;
		}
	} else if ((what & 0x7FFFFF00u) == 0 && notif) {
		switch (what) {
		case FFN_FEAT_NPI:
			ok = true;
			out2 = FFN_MED_VIRQ_NPI;
			break;
		case FFN_FEAT_SRI:
			ok = true;
			out2 = FFN_MED_VIRQ_SRI;
			break;
		case FFN_FEAT_NOTIFICATION:
			ok = true; /* per-vCPU supported for VMs and SPs */
			break;
		default: /* MEI: for S-EL1 SPs only */
			break;
		}
	}
	if (!ok) {
		ffn_regs_error(r, FFN_NOT_SUPPORTED);
		return;
	}
	ffn_regs_success(r);
	r->x[2] = out2;
}

static void do_run(struct ffn_mediator *m, uint32_t cpu, struct ffn_regs *r)
{
	uint32_t w1 = w(r, 1);
	struct ffn_regs out;

	if (!ffn_regs_w_zero(r, 2, 7) || !ffn_id_is_sp(ffn_w1_sender(w1))) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	/* The SPMC knows its SPs and their vCPU counts; it answers the rest. */
	ffn_regs_init(&out, FFN_FID_RUN);
	out.x[1] = w1;
	ffn_med_smc(m, cpu, &out);
	for (unsigned i = 0; i < FFN_RESULT_REGS; i++)
		r->x[i] = out.x[i];
}

static int32_t bind_vm(struct ffn_mediator *m, struct ffn_med_vm *vm,
		       ffn_id_t sender, uint32_t flags, uint64_t bitmap)
{
	struct ffn_med_vm *s;
	int32_t rc = FFN_OK;

	/* Before existence, so that a VM cannot probe which IDs exist. */
	if (!ffni_med_policy_allowed(m, sender, vm->id))
		return FFN_DENIED;
	s = ffni_med_vm_get(m, sender);
	if (!s)
		return FFN_INVALID_PARAMETERS;
	ffn_spin_lock(&vm->lock);
	if (ffn_atomic32_load(&s->dying))
		rc = FFN_INVALID_PARAMETERS; /* its teardown is under way */
	else if (vm->bind.bound & bitmap)
		rc = FFN_DENIED;
	else if (pending_any(vm, bitmap))
		rc = FFN_DENIED;
	else
		ffn_bindings_bind(&vm->bind, sender, bitmap,
				  (flags & FFN_NOTIF_FLAG_PER_VCPU) != 0);
	ffn_spin_unlock(&vm->lock);
	if (rc == FFN_OK)
		ffn_atomic32_add(&m->vm_bindings, ffn_popcount64(bitmap));
	ffni_med_vm_put(m, s);
	return rc;
}

static bool sender_exists(struct ffn_mediator *m, ffn_id_t id)
{
	struct ffn_med_vm *s = ffni_med_vm_get(m, id);

	if (s)
		ffni_med_vm_put(m, s);
	return s != NULL;
}

/* BIND and UNBIND: @is_bind selects the flags rule and the action. */
static int32_t do_bind(struct ffn_mediator *m, struct ffn_med_vm *vm,
		       uint32_t cpu, struct ffn_regs *r, bool is_bind)
{
	uint32_t w1 = w(r, 1), flags = w(r, 2);
	ffn_id_t sender = ffn_w1_sender(w1);
	uint64_t bitmap = ffn_bitmap_from_regs(r->x[3], r->x[4]);
	struct ffn_regs out;
	int32_t rc;

	if ((is_bind ? (flags & FFN_BIND_FLAGS_MBZ) : flags) != 0 ||
	    !ffn_regs_w_zero(r, 5, 7))
		return FFN_INVALID_PARAMETERS;
	if (ffn_w1_receiver(w1) != vm->id || sender == vm->id || sender == 0)
		return FFN_INVALID_PARAMETERS;
	if (bitmap == 0)
		return FFN_INVALID_PARAMETERS;

	if (ffn_id_is_sp(sender)) {
		if (!ffn_med_fw(m))
			return FFN_NOT_SUPPORTED;
		/* lo in w3, hi in w4 (Xen once swapped them). */
		return forward(m, cpu,
			       is_bind ? FFN_FID_NOTIFICATION_BIND
				       : FFN_FID_NOTIFICATION_UNBIND,
			       ffn_w1_pack(sender, vm->id), flags,
			       (uint32_t)bitmap, (uint32_t)(bitmap >> 32),
			       &out);
	}
	if (is_bind)
		return bind_vm(m, vm, sender, flags, bitmap);
	/*
	 * UNBIND's ID rows as BIND's, and as the SPMC's (a sender that does
	 * not exist is INVALID_PARAMETERS), behind the same policy check, so
	 * that UNBIND is no probe of which VM IDs exist either. Edges are
	 * never removed, so the policy never refuses a real binding.
	 */
	if (!ffni_med_policy_allowed(m, sender, vm->id))
		return FFN_DENIED;
	if (!sender_exists(m, sender))
		return FFN_INVALID_PARAMETERS;

	ffn_spin_lock(&vm->lock);
	if (!ffn_bindings_all_bound_to(&vm->bind, sender, bitmap))
		rc = FFN_DENIED;
	else if (pending_any(vm, bitmap))
		rc = FFN_DENIED;
	else
		rc = FFN_OK;
	if (rc == FFN_OK)
		ffn_bindings_unbind(&vm->bind, bitmap);
	ffn_spin_unlock(&vm->lock);
	if (rc == FFN_OK)
		ffn_atomic32_sub(&m->vm_bindings, ffn_popcount64(bitmap));
	return rc;
}

static int32_t set_vm(struct ffn_mediator *m, ffn_id_t sender,
		      ffn_id_t receiver, uint32_t flags, uint64_t bitmap)
{
	bool per = (flags & FFN_NOTIF_FLAG_PER_VCPU) != 0;
	uint16_t tv = SET_VCPU(flags);
	struct ffn_med_vm *rv = ffni_med_vm_get(m, receiver);
	int32_t rc = FFN_OK;

	if (!rv)
		return FFN_INVALID_PARAMETERS;
	ffn_spin_lock(&rv->lock);
	if (per ? (bitmap & rv->bind.bound & ~rv->bind.per_vcpu) != 0
		: (bitmap & rv->bind.per_vcpu) != 0)
		rc = FFN_INVALID_PARAMETERS; /* bound with the other type */
	else if (!ffn_bindings_all_bound_to(&rv->bind, sender, bitmap))
		rc = FFN_DENIED;
	else if (per && tv >= rv->vcpu_count)
		rc = FFN_INVALID_PARAMETERS;
	if (rc == FFN_OK)
		ffn_bindings_remember(&rv->bind, sender, bitmap);
	if (rc == FFN_OK && per) {
		ffn_slice_inc(&rv->pend_cnt, bitmap & ~rv->pend_vcpu[tv]);
		rv->pend_vcpu[tv] |= bitmap;
		ffni_med_rep_vcpu(rv, tv, FFN_MED_REP_VM);
	} else if (rc == FFN_OK) {
		rv->pend_global |= bitmap;
		ffni_med_rep_global(rv, FFN_MED_REP_VM);
	}
	ffn_spin_unlock(&rv->lock);
	if (rc == FFN_OK) {
		if (per)
			ffni_med_inject_vcpu(m, rv, tv);
		else
			ffni_med_inject_global(m, rv, FFN_MED_HELD_NPI);
	}
	ffni_med_vm_put(m, rv);
	return rc;
}

static int32_t do_set(struct ffn_mediator *m, struct ffn_med_vm *vm,
		      uint32_t cpu, struct ffn_regs *r)
{
	uint32_t w1 = w(r, 1), flags = w(r, 2);
	ffn_id_t receiver = ffn_w1_receiver(w1);
	uint64_t bitmap = ffn_bitmap_from_regs(r->x[3], r->x[4]);
	struct ffn_regs out;

	if ((flags & FFN_SET_FLAGS_MBZ) || !ffn_regs_w_zero(r, 5, 7))
		return FFN_INVALID_PARAMETERS;
	if (ffn_w1_sender(w1) != vm->id || receiver == vm->id || receiver == 0)
		return FFN_INVALID_PARAMETERS;
	if (bitmap == 0)
		return FFN_INVALID_PARAMETERS;
	/* Only SPs may delay the SRI (v1.2 §16.5.1). */
	if (flags & FFN_NOTIF_FLAG_DELAY_SRI)
		return FFN_INVALID_PARAMETERS;
	if (!(flags & FFN_NOTIF_FLAG_PER_VCPU) && SET_VCPU(flags) != 0)
		return FFN_INVALID_PARAMETERS;

	if (ffn_id_is_sp(receiver)) {
		if (!ffn_med_fw(m))
			return FFN_NOT_SUPPORTED;
		return forward(m, cpu, FFN_FID_NOTIFICATION_SET, w1, flags,
			       (uint32_t)bitmap, (uint32_t)(bitmap >> 32),
			       &out);
	}
	return set_vm(m, vm->id, receiver, flags, bitmap);
}

static void do_get(struct ffn_mediator *m, struct ffn_med_vm *vm, uint32_t cpu,
		   struct ffn_regs *r)
{
	uint32_t w1 = w(r, 1), flags = w(r, 2);
	uint16_t gv = (uint16_t)(w1 >> 16);
	uint32_t sec = flags & (FFN_GET_FLAG_SP | FFN_GET_FLAG_SPM);
	uint64_t bit = 1ull << (gv % 64u);
	uint32_t sp_lo = 0, sp_hi = 0, fw_spm = 0, fw_hyp = 0;
	uint64_t vm_bits = 0;
	struct ffn_regs out;
	bool cleared = false, had_global = false, had_vcpu = false;
	bool had_rep_global = false, had_rep_vcpu = false;

	if ((flags & FFN_GET_FLAGS_MBZ) || !ffn_regs_w_zero(r, 3, 7) ||
	    (ffn_id_t)w1 != vm->id || gv >= vm->vcpu_count) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}

	/*
	 * Without firmware notifications no SP can have signalled: the SP
	 * and SPM bitmaps are simply zero, so a guest that always asks for
	 * all four (Linux does) still gets its VM bitmap.
	 */
	if (sec && ffn_med_fw(m)) {
		if (sec == (FFN_GET_FLAG_SP | FFN_GET_FLAG_SPM)) {
			/*
			 * Clear the record before the SMC: a drain that lists
			 * the VM afterwards marks it again (at worst a
			 * spurious entry), while clearing after the SMC could
			 * erase a record for bits the SMC did not return.
			 */
			ffn_spin_lock(&vm->lock);
			had_global = vm->sec_global;
			had_vcpu = (vm->sec_vcpu[gv / 64u] & bit) != 0;
			had_rep_global =
				(vm->rep_global & FFN_MED_REP_SEC) != 0;
			had_rep_vcpu =
				(vm->rep_vcpu[gv] & FFN_MED_REP_SEC) != 0;
			vm->sec_global = false;
			vm->sec_vcpu[gv / 64u] &= ~bit;
			ffni_med_unrep_global(vm, FFN_MED_REP_SEC);
			ffni_med_unrep_vcpu(vm, gv, FFN_MED_REP_SEC);
			ffn_spin_unlock(&vm->lock);
			cleared = true;
		}
		int32_t rc = forward(m, cpu, FFN_FID_NOTIFICATION_GET,
				     ffn_w1_pack(gv, vm->id), sec, 0, 0, &out);
		if (rc != FFN_OK) {
			/*
			 * A refused GET writes nothing: put back what was
			 * cleared (anything a drain added meanwhile stays).
			 */
			if (cleared) {
				ffn_spin_lock(&vm->lock);
				vm->sec_global |= had_global;
				if (had_vcpu)
					vm->sec_vcpu[gv / 64u] |= bit;
				if (had_rep_global)
					ffni_med_rep_global(vm,
							    FFN_MED_REP_SEC);
				if (had_rep_vcpu)
					ffni_med_rep_vcpu(vm, gv,
							  FFN_MED_REP_SEC);
				ffn_spin_unlock(&vm->lock);
			}
			ffn_regs_error(r, rc);
			return;
		}
		sp_lo = w(&out, 2);
		sp_hi = w(&out, 3);
		fw_spm = w(&out, 6);
		fw_hyp = w(&out, 7);
	}

	ffn_spin_lock(&vm->lock);
	if (flags & FFN_GET_FLAG_VM) {
		vm_bits = vm->pend_global | vm->pend_vcpu[gv];
		ffn_slice_dec(&vm->pend_cnt, vm->pend_vcpu[gv]);
		vm->pend_vcpu[gv] = 0;
		vm->pend_global = 0;
		ffni_med_unrep_global(vm, FFN_MED_REP_VM);
		ffni_med_unrep_vcpu(vm, gv, FFN_MED_REP_VM);
	}
	if (flags & (FFN_GET_FLAG_SPM | FFN_GET_FLAG_HYP)) {
		/* Both framework halves together, docs/abi.md C1. */
		fw_hyp |= (uint32_t)vm->hyp_fw;
		vm->hyp_fw = 0;
	}
	ffn_spin_unlock(&vm->lock);

	ffn_regs_success(r);
	r->x[2] = sp_lo;
	r->x[3] = sp_hi;
	r->x[4] = (uint32_t)vm_bits;
	r->x[5] = (uint32_t)(vm_bits >> 32);
	r->x[6] = fw_spm;
	r->x[7] = fw_hyp;
}

void ffni_med_dispatch(struct ffn_mediator *m, struct ffn_med_vm *vm,
		       uint16_t vcpu, uint32_t cpu, struct ffn_regs *r)
{
	uint32_t fid = w(r, 0);

	(void)vcpu;
	switch (fid) {
	case FFN_FID_VERSION:
		do_version(vm, r);
		return;
	case FFN_FID_FEATURES:
		do_features(vm, r);
		return;
	case FFN_FID_RUN:
		do_run(m, cpu, r);
		return;
	case FFN_FID_NOTIFICATION_BIND:
	case FFN_FID_NOTIFICATION_UNBIND:
	case FFN_FID_NOTIFICATION_SET:
	case FFN_FID_NOTIFICATION_GET:
	case FFN_FID_NOTIFICATION_INFO_GET_32:
	case FFN_FID_NOTIFICATION_INFO_GET_64:
		break;
	default: /* BITMAP_CREATE/DESTROY included: not for guests */
		ffn_regs_error(r, FFN_NOT_SUPPORTED);
		return;
	}
	if (!has_notifications(vm)) {
		ffn_regs_error(r, FFN_NOT_SUPPORTED);
		return;
	}
	switch (fid) {
	case FFN_FID_NOTIFICATION_BIND:
		ffn_regs_status(r, do_bind(m, vm, cpu, r, true));
		return;
	case FFN_FID_NOTIFICATION_UNBIND:
		ffn_regs_status(r, do_bind(m, vm, cpu, r, false));
		return;
	case FFN_FID_NOTIFICATION_SET:
		ffn_regs_status(r, do_set(m, vm, cpu, r));
		return;
	case FFN_FID_NOTIFICATION_GET:
		do_get(m, vm, cpu, r);
		return;
	default:
		/* INFO_GET_64 is an SMC64 call: all 64 bits of x1-x7 count. */
		if (!ffn_regs_args_zero(r, 1, 7)) {
			ffn_regs_error(r, FFN_INVALID_PARAMETERS);
			return;
		}
		ffni_med_info_get(m, vm, r,
				  fid == FFN_FID_NOTIFICATION_INFO_GET_64);
		return;
	}
}
