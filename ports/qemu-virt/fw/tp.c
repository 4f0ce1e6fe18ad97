// SPDX-License-Identifier: BSD-3-Clause
/*
 * The test partitions' behaviour (tp.h, ffn_tp.h): each command is one
 * or a few FF-A calls to the engine as the partition, and a record of
 * what the partition received.
 */
#include "tp.h"

#if FW_TRACE
#include "console.h"
#endif

#define ALL_VCPUS 0xffffu

static unsigned popcount64(uint64_t v)
{
	unsigned n = 0;

	/* No __builtin_popcount: without FP/SIMD it is a libgcc call. */
	for (; v != 0; v &= v - 1)
		n++;
	return n;
}

void fw_tp_init(struct fw_tps *t, uint32_t cpu_count,
		struct ffn_spmc_sp_desc *descs)
{
	static const uint32_t uuids[FW_TP_COUNT][4] = {
		{FFN_TP_UP_UUID_W0, FFN_TP_UP_UUID_W1, FFN_TP_UP_UUID_W2,
		 FFN_TP_UP_UUID_W3},
		{FFN_TP_MP_UUID_W0, FFN_TP_MP_UUID_W1, FFN_TP_MP_UUID_W2,
		 FFN_TP_MP_UUID_W3},
	};

	memset(t, 0, sizeof(*t));
	for (unsigned i = 0; i < FW_TP_COUNT; i++) {
		struct fw_tp *tp = &t->tp[i];
		tp->id = i == 0 ? FFN_TP_UP_ID : FFN_TP_MP_ID;
		tp->vcpu_count = i == 0 ? 1 : (uint16_t)cpu_count;
		memcpy(tp->uuid, uuids[i], sizeof(tp->uuid));
		ffn_spin_init(&tp->lock);
		descs[i].id = tp->id;
		descs[i].vcpu_count = tp->vcpu_count;
		descs[i].el0 = false; /* S-EL1: the engine pends our NPI */
		descs[i].notifications = true;
	}
}

void fw_tp_attach(struct fw_tps *t, struct ffn_spmc *spmc)
{
	t->spmc = spmc;
}

struct fw_tp *fw_tp_find(struct fw_tps *t, ffn_id_t id)
{
	for (unsigned i = 0; i < FW_TP_COUNT; i++)
		if (t->tp[i].id == id)
			return &t->tp[i];
	return NULL;
}

uint16_t fw_tp_vcpu_of(const struct fw_tp *tp, uint32_t cpu)
{
	return tp->vcpu_count > 1 ? (uint16_t)cpu : 0;
}

bool fw_tp_claim(struct fw_tp *tp, uint16_t vcpu, uint32_t cpu)
{
	uint32_t free = 0;

	return ffn_atomic32_cas(&tp->vcpu[vcpu].owner, &free, cpu + 1u);
}

void fw_tp_release(struct fw_tp *tp, uint16_t vcpu)
{
	ffn_atomic32_store(&tp->vcpu[vcpu].owner, 0);
}

/* One FF-A call of @tp's @vcpu; returns the error code (0 = success). */
static int32_t call(struct fw_tps *t, struct fw_tp *tp, uint16_t vcpu,
		    uint32_t cpu, struct ffn_regs *r)
{
	ffn_spmc_call_sp(t->spmc, tp->id, vcpu, cpu, r);
	return ffn_regs_error_code(r);
}

static int32_t notif_call(struct fw_tps *t, struct fw_tp *tp, uint16_t vcpu,
			  uint32_t cpu, uint32_t fid, uint32_t w1, uint32_t w2,
			  uint64_t ids)
{
	struct ffn_regs r;

	ffn_regs_init(&r, fid);
	r.x[1] = w1;
	r.x[2] = w2;
	ffn_regs_set_bitmap(&r, ids);
	return call(t, tp, vcpu, cpu, &r);
}

static void wait(struct fw_tps *t, struct fw_tp *tp, uint16_t vcpu,
		 uint32_t cpu, struct ffn_regs *out)
{
	struct ffn_regs r;

	ffn_regs_init(&r, FFN_FID_MSG_WAIT);
	ffn_spmc_call_sp(t->spmc, tp->id, vcpu, cpu, &r);
	if (out != NULL)
		*out = r;
}

static void record(struct fw_tp *tp, uint16_t vcpu, uint64_t sp, uint64_t vm,
		   bool run)
{
	struct fw_tp_vcpu *v = &tp->vcpu[vcpu];

	ffn_spin_lock(&tp->lock);
	v->received |= sp | vm;
	v->count += popcount64(sp) + popcount64(vm);
	if (run)
		v->runs++;
	ffn_spin_unlock(&tp->lock);
#if FW_TRACE
	fw_log("tp %x/%u got sp=%llx vm=%llx%s", tp->id, vcpu,
	       (unsigned long long)sp, (unsigned long long)vm,
	       run ? " (run)" : "");
#endif
}

/* GET for @vcpu with @flags; fills @sp/@vm and records them. */
static int32_t get(struct fw_tps *t, struct fw_tp *tp, uint16_t vcpu,
		   uint32_t cpu, uint32_t flags, uint64_t *sp, uint64_t *vm,
		   bool run)
{
	struct ffn_regs r;
	int32_t err;

	ffn_regs_init(&r, FFN_FID_NOTIFICATION_GET);
	r.x[1] = ((uint32_t)vcpu << 16) | tp->id;
	r.x[2] = flags;
	err = call(t, tp, vcpu, cpu, &r);
	*sp = *vm = 0;
	if (err != FFN_OK)
		return err;
	*sp = ffn_bitmap_from_regs(r.x[2], r.x[3]);
	*vm = ffn_bitmap_from_regs(r.x[4], r.x[5]);
	if ((*sp | *vm) != 0 || run)
		record(tp, vcpu, *sp, *vm, run);
	return FFN_OK;
}

/* The binding table entry for @sender, made if @make; NULL if full. */
static struct fw_tp_binding *binding(struct fw_tp *tp, ffn_id_t sender,
				     bool make)
{
	struct fw_tp_binding *free = NULL;

	for (unsigned i = 0; i < FW_TP_MAX_SENDERS; i++) {
		struct fw_tp_binding *b = &tp->bound[i];
		if (b->used && b->sender == sender)
			return b;
		if (!b->used && free == NULL)
			free = b;
	}
	if (make && free != NULL) {
		free->used = true;
		free->sender = sender;
		free->ids = 0;
		return free;
	}
	return NULL;
}

static int32_t cmd_bind(struct fw_tps *t, struct fw_tp *tp, uint16_t vcpu,
			uint32_t cpu, ffn_id_t sender, uint32_t flags,
			uint64_t ids)
{
	struct fw_tp_binding *b;
	int32_t err;

	ffn_spin_lock(&tp->lock);
	b = binding(tp, sender, true);
	ffn_spin_unlock(&tp->lock);
	if (b == NULL)
		return FFN_NO_MEMORY; /* the table for RESET is full */
	err = notif_call(t, tp, vcpu, cpu, FFN_FID_NOTIFICATION_BIND,
			 ffn_w1_pack(sender, tp->id), flags, ids);
	ffn_spin_lock(&tp->lock);
	if (err == FFN_OK)
		b->ids |= ids;
	if (b->ids == 0)
		b->used = false;
	ffn_spin_unlock(&tp->lock);
	return err;
}

static int32_t cmd_unbind(struct fw_tps *t, struct fw_tp *tp, uint16_t vcpu,
			  uint32_t cpu, ffn_id_t sender, uint64_t ids)
{
	int32_t err = notif_call(t, tp, vcpu, cpu, FFN_FID_NOTIFICATION_UNBIND,
				 ffn_w1_pack(sender, tp->id), 0, ids);
	struct fw_tp_binding *b;

	if (err != FFN_OK)
		return err;
	ffn_spin_lock(&tp->lock);
	b = binding(tp, sender, false);
	if (b != NULL) {
		b->ids &= ~ids;
		if (b->ids == 0)
			b->used = false;
	}
	ffn_spin_unlock(&tp->lock);
	return FFN_OK;
}

static int32_t cmd_set(struct fw_tps *t, struct fw_tp *tp, uint16_t vcpu,
		       uint32_t cpu, ffn_id_t receiver, uint32_t flags,
		       uint64_t ids)
{
	return notif_call(t, tp, vcpu, cpu, FFN_FID_NOTIFICATION_SET,
			  ffn_w1_pack(tp->id, receiver), flags, ids);
}

static int32_t cmd_report(struct fw_tp *tp, uint32_t which, uint32_t *out)
{
	uint64_t ids = 0;
	uint32_t count = 0, runs = 0;

	if (which != ALL_VCPUS && which >= tp->vcpu_count)
		return FFN_TP_EBADCMD;
	ffn_spin_lock(&tp->lock);
	for (uint16_t v = 0; v < tp->vcpu_count; v++) {
		struct fw_tp_vcpu *rec = &tp->vcpu[v];
		if (which != ALL_VCPUS && which != v)
			continue;
		ids |= rec->received;
		count += rec->count;
		runs += rec->runs;
		rec->received = 0;
		rec->count = 0;
		rec->runs = 0;
	}
	ffn_spin_unlock(&tp->lock);
	out[0] = (uint32_t)ids;
	out[1] = (uint32_t)(ids >> 32);
	out[2] = count;
	out[3] = runs;
	return FFN_OK;
}

/* RESET: drain every vCPU (claiming the others), unbind, clear. */
static int32_t cmd_reset(struct fw_tps *t, struct fw_tp *tp, uint16_t vcpu,
			 uint32_t cpu)
{
	const uint32_t flags = FFN_GET_FLAG_SP | FFN_GET_FLAG_VM;
	int32_t status = FFN_OK;
	uint16_t v;

	for (v = 0; v < tp->vcpu_count; v++)
		if (v != vcpu && !fw_tp_claim(tp, v, cpu))
			break;
	if (v < tp->vcpu_count) {
		while (v-- > 0)
			if (v != vcpu)
				fw_tp_release(tp, v);
		return FFN_BUSY;
	}
	for (v = 0; v < tp->vcpu_count; v++) {
		uint64_t sp, vm;
		int32_t err = get(t, tp, v, cpu, flags, &sp, &vm, false);
		if (err != FFN_OK && status == FFN_OK)
			status = err;
		if (v != vcpu)
			wait(t, tp, v, cpu, NULL);
	}
	for (unsigned i = 0; i < FW_TP_MAX_SENDERS; i++) {
		struct fw_tp_binding b;
		int32_t err;
		ffn_spin_lock(&tp->lock);
		b = tp->bound[i];
		ffn_spin_unlock(&tp->lock);
		if (!b.used || b.ids == 0)
			continue;
		err = cmd_unbind(t, tp, vcpu, cpu, b.sender, b.ids);
		if (err != FFN_OK && status == FFN_OK)
			status = err;
	}
	ffn_spin_lock(&tp->lock);
	for (v = 0; v < tp->vcpu_count; v++) {
		tp->vcpu[v].received = 0;
		tp->vcpu[v].count = 0;
		tp->vcpu[v].runs = 0;
	}
	ffn_spin_unlock(&tp->lock);
	for (v = 0; v < tp->vcpu_count; v++)
		if (v != vcpu)
			fw_tp_release(tp, v);
	return status;
}

void fw_tp_direct(struct fw_tps *t, struct fw_tp *tp, uint16_t vcpu,
		  uint32_t cpu, struct ffn_regs *r)
{
	uint32_t cmd = (uint32_t)r->x[3];
	uint32_t a[4] = {(uint32_t)r->x[4], (uint32_t)r->x[5],
			 (uint32_t)r->x[6], (uint32_t)r->x[7]};
	uint64_t ids = ((uint64_t)a[3] << 32) | a[2];
	uint32_t out[4] = {0, 0, 0, 0};
	int32_t status = FFN_OK;
	/* The commands whose w4 names a peer endpoint: a 16-bit ID. */
	bool takes_peer = cmd == FFN_TP_CMD_BIND || cmd == FFN_TP_CMD_UNBIND ||
			  cmd == FFN_TP_CMD_SET || cmd == FFN_TP_CMD_SET_EACH;

	/* A peer ID over 16 bits is a bad command: 0 names none (the default).
	 */
	if (takes_peer && a[0] > 0xffffu)
		cmd = 0;
	switch (cmd) {
	case FFN_TP_CMD_PING:
		out[0] = FFN_TP_MAGIC;
		out[1] = tp->id;
		out[2] = tp->vcpu_count;
		out[3] = ((uint32_t)vcpu << 16) | FFN_TP_VERSION;
		break;
	case FFN_TP_CMD_BIND:
		status = cmd_bind(t, tp, vcpu, cpu, (ffn_id_t)a[0], a[1], ids);
		break;
	case FFN_TP_CMD_UNBIND:
		status = cmd_unbind(t, tp, vcpu, cpu, (ffn_id_t)a[0], ids);
		break;
	case FFN_TP_CMD_SET:
		status = cmd_set(t, tp, vcpu, cpu, (ffn_id_t)a[0], a[1], ids);
		break;
	case FFN_TP_CMD_SET_EACH:
		for (uint64_t left = ids; left != 0; left &= left - 1) {
			status = cmd_set(t, tp, vcpu, cpu, (ffn_id_t)a[0], a[1],
					 left & (~left + 1));
			if (status != FFN_OK)
				break;
			out[0]++;
		}
		break;
	case FFN_TP_CMD_GET: {
		uint64_t sp, vm;
		status = get(t, tp, vcpu, cpu, a[0], &sp, &vm, false);
		out[0] = (uint32_t)sp;
		out[1] = (uint32_t)(sp >> 32);
		out[2] = (uint32_t)vm;
		out[3] = (uint32_t)(vm >> 32);
		break;
	}
	case FFN_TP_CMD_REPORT:
		status = cmd_report(tp, a[0], out);
		break;
	case FFN_TP_CMD_RESET:
		status = cmd_reset(t, tp, vcpu, cpu);
		break;
	case FFN_TP_CMD_STATS: {
		struct ffn_spmc_stats st;
		ffn_spmc_get_stats(t->spmc, &st);
		out[0] = st.vm_bitmaps;
		out[1] = st.bound_ids;
		out[2] = st.queued;
		out[3] = (uint32_t)st.sri_raised;
		break;
	}
	default:
		status = FFN_TP_EBADCMD;
		break;
	}
	/* The response ends the run (see tp.h). */
	wait(t, tp, vcpu, cpu, NULL);
	r->x[3] = (uint32_t)status;
	for (unsigned i = 0; i < 4; i++)
		r->x[4 + i] = out[i];
}

void fw_tp_pend_npi(struct fw_tps *t, ffn_id_t sp, uint16_t vcpu)
{
	struct fw_tp *tp = fw_tp_find(t, sp);

	if (tp != NULL && vcpu < tp->vcpu_count)
		ffn_atomic32_store(&tp->vcpu[vcpu].npi, 1);
}

bool fw_tp_after_run(struct fw_tps *t, struct fw_tp *tp, uint16_t vcpu,
		     uint32_t cpu, struct ffn_regs *r)
{
	uint64_t sp, vm;

	if (ffn_atomic32_xchg(&tp->vcpu[vcpu].npi, 0) == 0)
		return false;
	(void)get(t, tp, vcpu, cpu, FFN_GET_FLAG_SP | FFN_GET_FLAG_VM, &sp, &vm,
		  true);
	wait(t, tp, vcpu, cpu, r);
	return true;
}
