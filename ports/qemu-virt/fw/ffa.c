// SPDX-License-Identifier: BSD-3-Clause
/* The normal world's FF-A calls (ffa.h). */
#include "ffa.h"

void fw_ffa_init(struct fw_ffa *f, struct ffn_spmc *spmc, struct fw_tps *tps,
		 const struct fw_memmap *map)
{
	memset(f, 0, sizeof(*f));
	f->spmc = spmc;
	f->tps = tps;
	f->map = *map;
	fw_mailbox_init(&f->mb);
	for (unsigned i = 0; i < FW_TP_COUNT; i++) {
		const struct fw_tp *tp = &tps->tp[i];
		f->parts[i].id = tp->id;
		f->parts[i].vcpu_count = tp->vcpu_count;
		f->parts[i].properties = FW_PART_PROP_DIRECT_RECV |
					 FW_PART_PROP_NOTIFICATIONS |
					 FW_PART_PROP_AARCH64;
		memcpy(f->parts[i].uuid, tp->uuid, sizeof(tp->uuid));
	}
}

bool fw_ffa_cpu_back(struct fw_ffa *f, uint32_t cpu)
{
	struct ffn_spmc_view v;

	f->back[cpu] = true;
	/* Only IDs bound per-vCPU can be pending on a vCPU. */
	return ffn_spmc_view(f->spmc, FFN_ID_NS_PHYS, (uint16_t)cpu, &v) == 0 &&
	       v.per_vcpu_sp != 0;
}

bool fw_ffa_owns(uint32_t fid)
{
	/* Fast calls, owner 4 (standard secure), 0x60..0xFF (SMC32/64). */
	return (fid & 0xBFFFFF00u) == 0x84000000u && (fid & 0xFFu) >= 0x60u;
}

/* The framework IDs answered here rather than by the engine. */
static bool port_fid(uint32_t fid)
{
	switch (fid) {
	case FW_FID_RX_RELEASE:
	case FW_FID_RXTX_MAP_64:
	case FW_FID_RXTX_UNMAP:
	case FW_FID_PARTITION_INFO_GET:
	case FW_FID_ID_GET:
	case FW_FID_DIRECT_REQ_32:
	case FW_FID_DIRECT_REQ_64:
		return true;
	default:
		return false;
	}
}

static void features(struct fw_ffa *f, uint32_t cpu, struct ffn_regs *r)
{
	uint32_t w1 = (uint32_t)r->x[1];

	if (!port_fid(w1)) {
		ffn_spmc_call_ns(f->spmc, cpu, r);
		return;
	}
	/* The engine's checks, in its order (docs/spmc.md). */
	if (!ffn_regs_w_zero(r, 3, 7)) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	if ((uint32_t)r->x[2] != 0) {
		ffn_regs_error(r, FFN_NOT_SUPPORTED);
		return;
	}
	/* w2 = 0: for RXTX_MAP, 4 KiB minimum and no page limit beyond
	 * the call's own 63. */
	ffn_regs_success(r);
}

static void id_get(struct ffn_regs *r)
{
	if (!ffn_regs_w_zero(r, 1, 7)) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	ffn_regs_success(r);
	r->x[2] = FFN_ID_NS_PHYS;
}

/*
 * The normal-world endpoints this firmware knows: ID 0 (the physical
 * instance: the OS, or a hypervisor itself) and every VM a hypervisor
 * created a notification bitmap for. A hypervisor vouches for its VMs'
 * IDs; anything else claiming to send is spoofed.
 */
static bool known_sender(struct fw_ffa *f, ffn_id_t id)
{
	struct ffn_spmc_view v;

	if (id == FFN_ID_NS_PHYS)
		return true;
	return ffn_id_is_vm(id) && ffn_spmc_view(f->spmc, id, 0, &v) == 0;
}

static void direct_req(struct fw_ffa *f, uint32_t cpu, struct ffn_regs *r)
{
	uint32_t fid = (uint32_t)r->x[0];
	uint32_t w1 = (uint32_t)r->x[1];
	ffn_id_t sender = ffn_w1_sender(w1), receiver = ffn_w1_receiver(w1);
	struct fw_tp *tp = fw_tp_find(f->tps, receiver);
	uint16_t vcpu;

	/* w2 != 0 would be a framework message: none is served here. */
	if (!known_sender(f, sender) || tp == NULL || (uint32_t)r->x[2] != 0) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	vcpu = fw_tp_vcpu_of(tp, cpu);
	if (!fw_tp_claim(tp, vcpu, cpu)) {
		ffn_regs_error(r, FFN_BUSY);
		return;
	}
	fw_tp_direct(f->tps, tp, vcpu, cpu, r);
	fw_tp_release(tp, vcpu);
	r->x[0] = fid == FW_FID_DIRECT_REQ_64 ? FW_FID_DIRECT_RESP_64
					      : FW_FID_DIRECT_RESP_32;
	r->x[1] = ffn_w1_pack(receiver, sender);
	r->x[2] = 0;
	for (unsigned i = 8; i < FFN_REG_COUNT; i++)
		r->x[i] = 0;
}

static void run(struct fw_ffa *f, uint32_t cpu, struct ffn_regs *r)
{
	uint32_t w1 = (uint32_t)r->x[1];
	struct fw_tp *tp = fw_tp_find(f->tps, (ffn_id_t)(w1 >> 16));
	uint16_t vcpu = (uint16_t)w1;

	if (tp == NULL || vcpu >= tp->vcpu_count) {
		/* The engine answers the bad target. */
		ffn_spmc_call_ns(f->spmc, cpu, r);
		return;
	}
	if (fw_tp_vcpu_of(tp, cpu) != vcpu) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	if (!fw_tp_claim(tp, vcpu, cpu)) {
		ffn_regs_error(r, FFN_BUSY);
		return;
	}
	ffn_atomic32_store(&tp->vcpu[vcpu].npi, 0);
	ffn_spmc_call_ns(f->spmc, cpu, r);
	if ((uint32_t)r->x[0] == FFN_FID_MSG_WAIT)
		(void)fw_tp_after_run(f->tps, tp, vcpu, cpu, r);
	fw_tp_release(tp, vcpu);
}

void fw_ffa_call(struct fw_ffa *f, uint32_t cpu, struct ffn_regs *r)
{
	/*
	 * The OS makes FF-A calls only on CPUs it has marked online, so this
	 * is the first point where a GET for this vCPU can run here: what
	 * INFO_GET listed while the CPU was away is listed again now.
	 */
	if (f->back[cpu]) {
		f->back[cpu] = false;
		(void)ffn_spmc_vcpu_online(f->spmc, cpu, FFN_ID_NS_PHYS,
					   (uint16_t)cpu);
	}
	switch ((uint32_t)r->x[0]) {
	case FFN_FID_FEATURES:
		features(f, cpu, r);
		break;
	case FW_FID_ID_GET:
		id_get(r);
		break;
	case FW_FID_RXTX_MAP_64:
		fw_rxtx_map(&f->mb, &f->map, r);
		break;
	case FW_FID_RXTX_UNMAP:
		fw_rxtx_unmap(&f->mb, r);
		break;
	case FW_FID_RX_RELEASE:
		fw_rx_release(&f->mb, r);
		break;
	case FW_FID_PARTITION_INFO_GET:
		fw_partition_info_get(&f->mb, f->parts, FW_TP_COUNT,
				      ffn_atomic32_load(&f->spmc->ns_version),
				      r);
		break;
	case FW_FID_DIRECT_REQ_32:
	case FW_FID_DIRECT_REQ_64:
		direct_req(f, cpu, r);
		break;
	case FFN_FID_RUN:
		run(f, cpu, r);
		break;
	default:
		ffn_spmc_call_ns(f->spmc, cpu, r);
		break;
	}
}
