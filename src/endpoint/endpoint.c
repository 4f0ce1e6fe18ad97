// SPDX-License-Identifier: BSD-3-Clause
/*
 * The endpoint driver (see ffn/endpoint.h): discovery, the request API,
 * the NPI handler and the scheduler's SRI handler.
 *
 * Every call goes through ops->call with no driver lock held. The
 * callback table is read under ep->lock and the callback copied out
 * before it is called, so a concurrent relinquish cannot free what a
 * handler is about to call (the use-after-free Linux fixed in its own
 * driver). Per-bit dispatch walks only the set bits (count trailing
 * zeros), so a GET costs O(bits returned).
 */
#include "ffn/endpoint.h"
#include "ffn/impl/bitslice.h"

enum {
	ST_NPI,
	ST_NPI_SPURIOUS,
	ST_SRI,
	ST_SRI_SPURIOUS,
	ST_INFO_CALLS,
	ST_INFO_LISTS,
	ST_INFO_ERRORS,
	ST_RUNS,
	ST_RUN_ERRORS,
	ST_DISPATCHED,
	ST_UNHANDLED,
	ST_GET_ERRORS,
	ST_COUNT
};

FFN_STATIC_ASSERT(ST_COUNT * sizeof(uint64_t) == sizeof(struct ffn_ep_stats),
		  "stats layout");

static void stat(struct ffn_ep *ep, unsigned which, uint64_t n)
{
	ffn_stat_add(&ep->st[which], n);
}

static void call(struct ffn_ep *ep, uint16_t vcpu, struct ffn_regs *r)
{
	ep->ops->call(ep->ops_ctx, vcpu, r);
}

static unsigned ctz64(uint64_t v)
{
	return (unsigned)FFN_CTZ64(v);
}

int ffn_ep_init(struct ffn_ep *ep, const struct ffn_ep_config *cfg,
		const struct ffn_ep_ops *ops, void *ops_ctx)
{
	if (cfg == NULL || ops == NULL || ops->call == NULL ||
	    cfg->vcpu_count == 0)
		return FFN_INVALID_PARAMETERS;
	if ((cfg->role == FFN_EP_ROLE_SP) != ffn_id_is_sp(cfg->id))
		return FFN_INVALID_PARAMETERS;
	memset(ep, 0, sizeof(*ep));
	ep->cfg = *cfg;
	ep->ops = ops;
	ep->ops_ctx = ops_ctx;
	ep->npi_intid = FFN_EP_NO_INTID;
	ep->sri_intid = FFN_EP_NO_INTID;
	ffn_spin_init(&ep->lock);
	for (unsigned i = 0; i < ST_COUNT; i++)
		ffn_stat_clear(&ep->st[i]);
	return FFN_OK;
}

/* FFA_FEATURES(@what): 0 and *@w2 on success, else the error. */
static int32_t features(struct ffn_ep *ep, uint32_t what, uint32_t *w2)
{
	struct ffn_regs r;

	ffn_regs_init(&r, FFN_FID_FEATURES);
	r.x[1] = what;
	call(ep, 0, &r);
	if ((uint32_t)r.x[0] != FFN_FID_SUCCESS_32 &&
	    (uint32_t)r.x[0] != FFN_FID_SUCCESS_64) {
		int32_t err = ffn_regs_error_code(&r);
		return err != FFN_OK ? err : FFN_NOT_SUPPORTED;
	}
	if (w2 != NULL)
		*w2 = (uint32_t)r.x[2];
	return FFN_OK;
}

int ffn_ep_probe(struct ffn_ep *ep)
{
	struct ffn_regs r;
	uint32_t v, w2;

	ffn_regs_init(&r, FFN_FID_VERSION);
	r.x[1] = FFN_VERSION_IMPL;
	call(ep, 0, &r);
	v = (uint32_t)r.x[0];
	/* Same major, and at least 1.1 for notifications. */
	if ((v & 0x80000000u) != 0 || (v >> 16) != 1u ||
	    (v & 0xFFFFu) < (FFN_VERSION_1_1 & 0xFFFFu))
		return FFN_NOT_SUPPORTED;
	ep->version = v < FFN_VERSION_IMPL ? v : FFN_VERSION_IMPL;

	if (features(ep, FFN_FEAT_NPI, &w2) == FFN_OK)
		ep->npi_intid = w2;
	if (features(ep, FFN_FEAT_SRI, &w2) == FFN_OK)
		ep->sri_intid = w2;
	ep->percpu_ok = true;
	if (features(ep, FFN_FEAT_NOTIFICATION, &w2) == FFN_OK) {
		uint32_t no = ep->cfg.role == FFN_EP_ROLE_SP
				      ? FFN_FEAT4_NO_PERCPU_SP
				      : FFN_FEAT4_NO_PERCPU_VM;
		ep->percpu_ok = (w2 & no) == 0;
	}
	/* An endpoint may send without receiving; BIND says it receives. */
	if (features(ep, FFN_FID_NOTIFICATION_SET, NULL) != FFN_OK &&
	    features(ep, FFN_FID_NOTIFICATION_BIND, NULL) != FFN_OK)
		return FFN_NOT_SUPPORTED;
	return FFN_OK;
}

static enum ffn_ep_world world_of(ffn_id_t sender)
{
	return ffn_id_is_sp(sender) ? FFN_EP_FROM_SP : FFN_EP_FROM_VM;
}

int ffn_ep_request(struct ffn_ep *ep, uint16_t vcpu, ffn_id_t sender,
		   unsigned id, bool per_vcpu, ffn_ep_notif_cb cb, void *arg)
{
	enum ffn_ep_world w = world_of(sender);
	uint64_t bit;
	struct ffn_regs r;
	int32_t err;

	if (id >= FFN_EP_NOTIFS || cb == NULL || sender == ep->cfg.id)
		return FFN_INVALID_PARAMETERS;
	if (per_vcpu && !ep->percpu_ok)
		return FFN_NOT_SUPPORTED;
	bit = 1ull << id;

	/* Reserve the slot first, so two requests cannot both BIND. */
	ffn_spin_lock(&ep->lock);
	if (ep->bound[w] & bit) {
		ffn_spin_unlock(&ep->lock);
		return FFN_DENIED;
	}
	ep->bound[w] |= bit;
	ep->slot[w][id].cb = NULL; /* not dispatched until BIND succeeds */
	ffn_spin_unlock(&ep->lock);

	ffn_regs_init(&r, FFN_FID_NOTIFICATION_BIND);
	r.x[1] = ffn_w1_pack(sender, ep->cfg.id);
	r.x[2] = per_vcpu ? FFN_NOTIF_FLAG_PER_VCPU : 0;
	r.x[3] = (uint32_t)bit;
	r.x[4] = (uint32_t)(bit >> 32);
	call(ep, vcpu, &r);
	err = ffn_regs_error_code(&r);
	if ((uint32_t)r.x[0] != FFN_FID_SUCCESS_32 && err == FFN_OK)
		err = FFN_NOT_SUPPORTED;

	ffn_spin_lock(&ep->lock);
	if (err != FFN_OK) {
		ep->bound[w] &= ~bit;
	} else {
		ep->slot[w][id].cb = cb;
		ep->slot[w][id].arg = arg;
		ep->slot[w][id].sender = sender;
		ep->slot[w][id].per_vcpu = per_vcpu;
	}
	ffn_spin_unlock(&ep->lock);
	return err;
}

int ffn_ep_relinquish(struct ffn_ep *ep, uint16_t vcpu, ffn_id_t sender,
		      unsigned id)
{
	enum ffn_ep_world w = world_of(sender);
	uint64_t bit;
	struct ffn_regs r;
	int32_t err;
	bool mine;

	if (id >= FFN_EP_NOTIFS)
		return FFN_INVALID_PARAMETERS;
	bit = 1ull << id;
	ffn_spin_lock(&ep->lock);
	mine = (ep->bound[w] & bit) != 0 && ep->slot[w][id].cb != NULL &&
	       ep->slot[w][id].sender == sender;
	ffn_spin_unlock(&ep->lock);
	if (!mine)
		return FFN_INVALID_PARAMETERS;

	ffn_regs_init(&r, FFN_FID_NOTIFICATION_UNBIND);
	r.x[1] = ffn_w1_pack(sender, ep->cfg.id);
	r.x[3] = (uint32_t)bit;
	r.x[4] = (uint32_t)(bit >> 32);
	call(ep, vcpu, &r);
	err = ffn_regs_error_code(&r);
	if (err != FFN_OK)
		return err;
	return ffn_ep_forget(ep, w, id);
}

int ffn_ep_forget(struct ffn_ep *ep, enum ffn_ep_world world, unsigned id)
{
	if (id >= FFN_EP_NOTIFS ||
	    (world != FFN_EP_FROM_SP && world != FFN_EP_FROM_VM))
		return FFN_INVALID_PARAMETERS;
	ffn_spin_lock(&ep->lock);
	ep->bound[world] &= ~(1ull << id);
	ep->slot[world][id].cb = NULL;
	ep->slot[world][id].arg = NULL;
	ffn_spin_unlock(&ep->lock);
	return FFN_OK;
}

void ffn_ep_set_fw_cb(struct ffn_ep *ep, ffn_ep_fw_cb cb, void *arg)
{
	ffn_spin_lock(&ep->lock);
	ep->fw_cb = cb;
	ep->fw_arg = arg;
	ffn_spin_unlock(&ep->lock);
}

void ffn_ep_set_list_cb(struct ffn_ep *ep, ffn_ep_list_cb cb, void *arg)
{
	ffn_spin_lock(&ep->lock);
	ep->list_cb = cb;
	ep->list_arg = arg;
	ffn_spin_unlock(&ep->lock);
}

int ffn_ep_send(struct ffn_ep *ep, uint16_t vcpu, ffn_id_t receiver,
		unsigned id, bool per_vcpu, uint16_t target_vcpu,
		bool delay_sri)
{
	struct ffn_regs r;
	uint64_t bit;
	uint32_t flags = 0;

	if (id >= FFN_EP_NOTIFS)
		return FFN_INVALID_PARAMETERS;
	bit = 1ull << id;
	if (per_vcpu)
		flags = FFN_NOTIF_FLAG_PER_VCPU |
			((uint32_t)target_vcpu << FFN_SET_VCPU_SHIFT);
	if (delay_sri)
		flags |= FFN_NOTIF_FLAG_DELAY_SRI;
	ffn_regs_init(&r, FFN_FID_NOTIFICATION_SET);
	r.x[1] = ffn_w1_pack(ep->cfg.id, receiver);
	r.x[2] = flags;
	r.x[3] = (uint32_t)bit;
	r.x[4] = (uint32_t)(bit >> 32);
	call(ep, vcpu, &r);
	if ((uint32_t)r.x[0] == FFN_FID_SUCCESS_32)
		return FFN_OK;
	return ffn_regs_error_code(&r) != FFN_OK ? ffn_regs_error_code(&r)
						 : FFN_NOT_SUPPORTED;
}

static uint32_t get_flags(const struct ffn_ep *ep)
{
	if (ep->cfg.role == FFN_EP_ROLE_NS_PHYS)
		return FFN_GET_FLAG_SP | FFN_GET_FLAG_SPM;
	return FFN_GET_FLAG_SP | FFN_GET_FLAG_VM | FFN_GET_FLAG_SPM |
	       FFN_GET_FLAG_HYP;
}

static void dispatch_fw(struct ffn_ep *ep, uint32_t bits, bool hyp,
			uint16_t vcpu)
{
	ffn_ep_fw_cb cb;
	void *arg;

	if (bits == 0)
		return;
	ffn_spin_lock(&ep->lock);
	cb = ep->fw_cb;
	arg = ep->fw_arg;
	ffn_spin_unlock(&ep->lock);
	while (bits != 0) {
		unsigned b = (unsigned)FFN_CTZ32(bits);
		bits &= bits - 1u;
		if (cb != NULL) {
			cb(arg, b, hyp, vcpu);
			stat(ep, ST_DISPATCHED, 1);
		} else {
			stat(ep, ST_UNHANDLED, 1);
		}
	}
}

static void dispatch(struct ffn_ep *ep, enum ffn_ep_world w, uint64_t bits,
		     uint16_t vcpu)
{
	while (bits != 0) {
		unsigned id = ctz64(bits);
		struct ffn_ep_slot s;
		struct ffn_ep_notif n;

		bits &= bits - 1u;
		ffn_spin_lock(&ep->lock);
		s = ep->slot[w][id];
		ffn_spin_unlock(&ep->lock);
		if (s.cb == NULL) {
			stat(ep, ST_UNHANDLED, 1);
			continue;
		}
		n.receiver = ep->cfg.id;
		n.sender = s.sender;
		n.id = (uint8_t)id;
		n.per_vcpu = s.per_vcpu;
		n.vcpu = vcpu;
		s.cb(s.arg, &n);
		stat(ep, ST_DISPATCHED, 1);
	}
}

/* GET for @vcpu and dispatch: the bits returned, or a negative error. */
static int get_and_dispatch(struct ffn_ep *ep, uint16_t vcpu)
{
	struct ffn_regs r;
	uint64_t from_sp, from_vm;
	uint32_t spm, hyp;
	int32_t err;

	ffn_regs_init(&r, FFN_FID_NOTIFICATION_GET);
	r.x[1] = ffn_get_w1(ep->cfg.id, vcpu);
	r.x[2] = get_flags(ep);
	call(ep, vcpu, &r);
	if ((uint32_t)r.x[0] != FFN_FID_SUCCESS_32) {
		err = ffn_regs_error_code(&r);
		stat(ep, ST_GET_ERRORS, 1);
		return err != FFN_OK ? err : FFN_NOT_SUPPORTED;
	}
	from_sp = ffn_bitmap_from_regs(r.x[2], r.x[3]);
	from_vm = ffn_bitmap_from_regs(r.x[4], r.x[5]);
	spm = (uint32_t)r.x[6];
	hyp = (uint32_t)r.x[7];
	/* Linux's order: SPM framework, HYP framework, VMs, SPs. */
	dispatch_fw(ep, spm, false, vcpu);
	dispatch_fw(ep, hyp, true, vcpu);
	dispatch(ep, FFN_EP_FROM_VM, from_vm, vcpu);
	dispatch(ep, FFN_EP_FROM_SP, from_sp, vcpu);
	return (int)(ffn_popcount64(from_sp) + ffn_popcount64(from_vm) +
		     ffn_popcount64(spm) + ffn_popcount64(hyp));
}

int ffn_ep_npi(struct ffn_ep *ep, uint16_t vcpu)
{
	int n;

	stat(ep, ST_NPI, 1);
	n = get_and_dispatch(ep, vcpu);
	if (n == 0)
		stat(ep, ST_NPI_SPURIOUS, 1);
	return n;
}

static void run_sp(struct ffn_ep *ep, uint16_t vcpu, ffn_id_t sp,
		   uint16_t target)
{
	struct ffn_regs r;

	ffn_regs_init(&r, FFN_FID_RUN);
	r.x[1] = ffn_run_w1(sp, target);
	call(ep, vcpu, &r);
	stat(ep, ST_RUNS, 1);
	if ((uint32_t)r.x[0] != FFN_FID_MSG_WAIT)
		stat(ep, ST_RUN_ERRORS, 1);
}

/* The vCPU of ours to run SP vCPU @target from (see handle_list). */
static uint16_t run_from(const struct ffn_ep *ep, uint16_t vcpu,
			 uint16_t target)
{
	return target < ep->cfg.vcpu_count ? target : vcpu;
}

static void handle_list(struct ffn_ep *ep, uint16_t vcpu,
			const struct ffn_info_entry *e)
{
	ffn_ep_list_cb cb;
	void *arg;

	ffn_spin_lock(&ep->lock);
	cb = ep->list_cb;
	arg = ep->list_arg;
	ffn_spin_unlock(&ep->lock);
	if (cb != NULL)
		cb(arg, e);

	if (ffn_id_is_sp(e->id)) {
		/*
		 * Give the SP cycles so that its NPI (or poll) runs. An MP
		 * SP's vCPU N runs only on CPU N, so its FFA_RUN is made from
		 * our vCPU N when we have one; a global entry runs vCPU 0.
		 */
		if (e->vcpu_count == 0)
			run_sp(ep, run_from(ep, vcpu, 0), e->id, 0);
		for (unsigned i = 0; i < e->vcpu_count; i++)
			run_sp(ep, run_from(ep, vcpu, e->vcpus[i]), e->id,
			       e->vcpus[i]);
	} else if (e->id == ep->cfg.id) {
		if (e->vcpu_count == 0)
			(void)get_and_dispatch(ep, vcpu);
		for (unsigned i = 0; i < e->vcpu_count; i++)
			(void)get_and_dispatch(ep, e->vcpus[i]);
	}
}

int ffn_ep_sri(struct ffn_ep *ep, uint16_t vcpu)
{
	bool is64 = !ep->cfg.info_get_32;
	unsigned lists = 0;

	stat(ep, ST_SRI, 1);
	for (unsigned round = 0; round < FFN_EP_INFO_MAX_ROUNDS; round++) {
		struct ffn_regs r;
		struct ffn_info_reader rd;
		struct ffn_info_entry e;
		int err;

		ffn_regs_init(&r, is64 ? FFN_FID_NOTIFICATION_INFO_GET_64
				       : FFN_FID_NOTIFICATION_INFO_GET_32);
		call(ep, vcpu, &r);
		stat(ep, ST_INFO_CALLS, 1);
		/* Accept either success convention, as Linux does. */
		err = ffn_info_reader_init(
			&rd, &r, (uint32_t)r.x[0] == FFN_FID_SUCCESS_64);
		if (err == FFN_NO_DATA)
			break;
		if (err != FFN_OK) {
			stat(ep, ST_INFO_ERRORS, 1);
			if (round == 0)
				return err;
			break;
		}
		while (ffn_info_reader_next(&rd, &e)) {
			lists++;
			stat(ep, ST_INFO_LISTS, 1);
			handle_list(ep, vcpu, &e);
		}
		if (!ffn_info_reader_more(&rd))
			break;
	}
	if (lists == 0)
		stat(ep, ST_SRI_SPURIOUS, 1);
	return (int)lists;
}

void ffn_ep_get_stats(struct ffn_ep *ep, struct ffn_ep_stats *out)
{
	uint64_t *o = (uint64_t *)out;

	for (unsigned i = 0; i < ST_COUNT; i++)
		o[i] = ffn_stat_read(&ep->st[i]);
}
