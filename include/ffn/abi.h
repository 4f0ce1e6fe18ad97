/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FF-A ABI constants and register helpers shared by every role.
 *
 * Values follow FF-A v1.2 (DEN0077A) as summarised in
 * docs/abi.md. Nothing here depends on a role's state.
 */
#ifndef FFN_ABI_H
#define FFN_ABI_H

#include "ffn/env.h"

/* Versions: bit 31 MBZ, [30:16] major, [15:0] minor. */
#define FFN_VERSION(major, minor)                                              \
	(((uint32_t)(major) << 16) | (uint32_t)(minor))
#define FFN_VERSION_1_0 FFN_VERSION(1, 0)
#define FFN_VERSION_1_1 FFN_VERSION(1, 1)
#define FFN_VERSION_1_2 FFN_VERSION(1, 2)
/* The version every role of this library implements. */
#define FFN_VERSION_IMPL FFN_VERSION_1_2

/* Function IDs. */
#define FFN_FID_ERROR 0x84000060u
#define FFN_FID_SUCCESS_32 0x84000061u
#define FFN_FID_SUCCESS_64 0xC4000061u
#define FFN_FID_INTERRUPT 0x84000062u
#define FFN_FID_VERSION 0x84000063u
#define FFN_FID_FEATURES 0x84000064u
#define FFN_FID_MSG_WAIT 0x8400006Bu
#define FFN_FID_RUN 0x8400006Du
#define FFN_FID_MSG_SEND_DIRECT_REQ_32 0x8400006Fu
#define FFN_FID_MSG_SEND_DIRECT_RESP_32 0x84000070u
#define FFN_FID_NOTIFICATION_BITMAP_CREATE 0x8400007Du
#define FFN_FID_NOTIFICATION_BITMAP_DESTROY 0x8400007Eu
#define FFN_FID_NOTIFICATION_BIND 0x8400007Fu
#define FFN_FID_NOTIFICATION_UNBIND 0x84000080u
#define FFN_FID_NOTIFICATION_SET 0x84000081u
#define FFN_FID_NOTIFICATION_GET 0x84000082u
#define FFN_FID_NOTIFICATION_INFO_GET_32 0x84000083u
#define FFN_FID_NOTIFICATION_INFO_GET_64 0xC4000083u

/* SMCCC: bit 30 of a function ID selects the 64-bit convention. */
#define FFN_FID_IS_64(fid) (((fid)&0x40000000u) != 0)

/* FF-A error codes, returned in w2 of FFA_ERROR. */
enum ffn_error {
	FFN_OK = 0,
	FFN_NOT_SUPPORTED = -1,
	FFN_INVALID_PARAMETERS = -2,
	FFN_NO_MEMORY = -3,
	FFN_BUSY = -4,
	FFN_INTERRUPTED = -5,
	FFN_DENIED = -6,
	FFN_RETRY = -7,
	FFN_ABORTED = -8,
	FFN_NO_DATA = -9,
	FFN_NOT_READY = -10,
};

/* FFA_FEATURES feature IDs (w1 with bit 31 clear). */
#define FFN_FEAT_NPI 0x1u
#define FFN_FEAT_SRI 0x2u
#define FFN_FEAT_MEI 0x3u
#define FFN_FEAT_NOTIFICATION 0x4u
/* Feature ID 4, w2: per-vCPU notifications NOT supported for VMs / SPs. */
#define FFN_FEAT4_NO_PERCPU_VM (1u << 0)
#define FFN_FEAT4_NO_PERCPU_SP (1u << 1)

/* BIND w2 and SET w2 flags. */
#define FFN_NOTIF_FLAG_PER_VCPU (1u << 0)
#define FFN_NOTIF_FLAG_DELAY_SRI (1u << 1)
#define FFN_BIND_FLAGS_MBZ 0xFFFFFFFEu
#define FFN_SET_FLAGS_MBZ 0x0000FFFCu
#define FFN_SET_VCPU_SHIFT 16

/*
 * Framework direct messages (FF-A v1.1 on): w2 bit 31 set, the message
 * type in w2[7:0]. The VM availability messages go from the hypervisor
 * (sender 0) to an SP, with the VM's ID in w5[15:0]; the SP answers with
 * FFA_MSG_SEND_DIRECT_RESP_32, w2 = bit 31 | the response type, w3 = its
 * status (0 or a negative FF-A error code).
 */
#define FFN_MSG_FLAG_FRAMEWORK (1u << 31)
#define FFN_MSG_TYPE_MASK 0xFFu
#define FFN_MSG_VM_CREATED 0x4u
#define FFN_MSG_VM_CREATED_RESP 0x5u
#define FFN_MSG_VM_DESTROYED 0x6u
#define FFN_MSG_VM_DESTROYED_RESP 0x7u

/* Partition properties (FFA_PARTITION_INFO_GET) that concern us. */
#define FFN_PART_PROP_RECV_NOTIF (1u << 3)
#define FFN_PART_PROP_VM_CREATED (1u << 6)   /* wants "VM created" */
#define FFN_PART_PROP_VM_DESTROYED (1u << 7) /* wants "VM destroyed" */

/* FFA_MSG_WAIT w2 flags (FF-A v1.2). */
#define FFN_MSG_WAIT_FLAG_RETAIN_RX (1u << 0)

/* GET w2 flags. */
#define FFN_GET_FLAG_SP (1u << 0)
#define FFN_GET_FLAG_VM (1u << 1)
#define FFN_GET_FLAG_SPM (1u << 2)
#define FFN_GET_FLAG_HYP (1u << 3)
#define FFN_GET_FLAGS_MBZ 0xFFFFFFF0u

/*
 * Framework notifications: one 64-bit bitmap, the SPM half in bits
 * [31:0] (returned in w6) and the hypervisor half in [63:32] (w7).
 */
#define FFN_FW_RX_FULL_SPM (1ull << 0)
#define FFN_FW_RX_FULL_HYP (1ull << 32)

/* INFO_GET return header (w2/x2). */
#define FFN_INFO_MORE_PENDING (1u << 0)
#define FFN_INFO_LIST_COUNT_SHIFT 7
#define FFN_INFO_LIST_COUNT_MASK 0x1Fu
#define FFN_INFO_LIST_SIZE_SHIFT 12
#define FFN_INFO_IDS_32 10u
#define FFN_INFO_IDS_64 20u
#define FFN_INFO_MAX_VCPUS_PER_LIST 3u

/*
 * The largest vCPU count of one endpoint, at the SPMC and at the mediator
 * alike: both keep the vCPUs with something to report in a two-level
 * bitmap of 64 words of 64 bits, which INFO_GET walks in O(1) per entry.
 */
#define FFN_MAX_VCPUS 4096u

/* Endpoint IDs: bit 15 set means a secure partition. */
typedef uint16_t ffn_id_t;
#define FFN_ID_SECURE_BIT 0x8000u
#define FFN_ID_NS_PHYS 0x0000u
#define FFN_VM_ID_COUNT 0x8000u

static inline bool ffn_id_is_sp(ffn_id_t id)
{
	return (id & FFN_ID_SECURE_BIT) != 0;
}

static inline bool ffn_id_is_vm(ffn_id_t id)
{
	return (id & FFN_ID_SECURE_BIT) == 0;
}

/* w1 of BIND, UNBIND and SET: sender in [31:16], receiver in [15:0]. */
static inline ffn_id_t ffn_w1_sender(uint64_t w1)
{
	return (ffn_id_t)((uint32_t)w1 >> 16);
}

static inline ffn_id_t ffn_w1_receiver(uint64_t w1)
{
	return (ffn_id_t)((uint32_t)w1 & 0xFFFFu);
}

static inline uint32_t ffn_w1_pack(ffn_id_t sender, ffn_id_t receiver)
{
	return ((uint32_t)sender << 16) | receiver;
}

/* w1 of GET: the vCPU in [31:16], the receiver in [15:0]. */
static inline uint32_t ffn_get_w1(ffn_id_t receiver, uint16_t vcpu)
{
	return ((uint32_t)vcpu << 16) | receiver;
}

/* w1 of FFA_RUN: the target SP in [31:16], its vCPU in [15:0]. */
static inline uint32_t ffn_run_w1(ffn_id_t sp, uint16_t vcpu)
{
	return ((uint32_t)sp << 16) | vcpu;
}

/*
 * w2 of SET: bit 0 per-vCPU, bit 1 delay the SRI (SPs only), the target
 * vCPU in [31:16] (0 for a global notification).
 */
static inline uint32_t ffn_set_w2(bool per_vcpu, bool delay_sri, uint16_t vcpu)
{
	return ((uint32_t)vcpu << FFN_SET_VCPU_SHIFT) |
	       (per_vcpu ? FFN_NOTIF_FLAG_PER_VCPU : 0u) |
	       (delay_sri ? FFN_NOTIF_FLAG_DELAY_SRI : 0u);
}

/* w2 of BIND: bit 0 per-vCPU, the rest MBZ. */
static inline uint32_t ffn_bind_w2(bool per_vcpu)
{
	return per_vcpu ? FFN_NOTIF_FLAG_PER_VCPU : 0u;
}

/* A 64-bit notification bitmap travels as lo in w3 and hi in w4. */
static inline uint64_t ffn_bitmap_from_regs(uint64_t w3, uint64_t w4)
{
	return ((uint64_t)(uint32_t)w4 << 32) | (uint32_t)w3;
}

/*
 * The register image of one call or return, x0..x17 (SMCCC v1.2).
 * A 32-bit (SMC32) call uses only the low 32 bits of x0..x7; the callee
 * ignores the upper halves.
 *
 * The register contract of every role (docs/abi.md): a result is written
 * into x0..x7 only, and x8..x17 are never written, so a port may pass
 * the caller's saved register block straight through. 32-bit values are
 * zero-extended into their x register, except a negative status code (the
 * w2 of FFA_ERROR, the NOT_SUPPORTED that FFA_VERSION puts in w0), which
 * is sign-extended: x2 of FFA_ERROR NO_DATA reads as -9 in 64 bits too.
 */
#define FFN_REG_COUNT 18
#define FFN_RESULT_REGS 8
struct ffn_regs {
	uint64_t x[FFN_REG_COUNT];
};

/* Zero every register, then set w0 = fid: a fresh call. */
static inline void ffn_regs_init(struct ffn_regs *r, uint32_t fid)
{
	memset(r, 0, sizeof(*r));
	r->x[0] = fid;
}

/* Put a 64-bit notification bitmap into w3 (lo) and w4 (hi). */
static inline void ffn_regs_set_bitmap(struct ffn_regs *r, uint64_t bitmap)
{
	r->x[3] = (uint32_t)bitmap;
	r->x[4] = bitmap >> 32;
}

/* Start a result in place: zero x0..x7, set w0 = fid; x8..x17 untouched. */
static inline void ffn_regs_result(struct ffn_regs *r, uint32_t fid)
{
	for (unsigned i = 0; i < FFN_RESULT_REGS; i++)
		r->x[i] = 0;
	r->x[0] = fid;
}

/* A negative status code as it sits in a 64-bit register. */
static inline uint64_t ffn_status_reg(int32_t err)
{
	return (uint64_t)(int64_t)err;
}

/* Fill @r with FFA_ERROR carrying @err (a negative enum ffn_error). */
static inline void ffn_regs_error(struct ffn_regs *r, int32_t err)
{
	ffn_regs_result(r, FFN_FID_ERROR);
	r->x[2] = ffn_status_reg(err);
}

/* Fill @r with FFA_SUCCESS_32, every result register zero. */
static inline void ffn_regs_success(struct ffn_regs *r)
{
	ffn_regs_result(r, FFN_FID_SUCCESS_32);
}

/* Fill @r with the result of a call that returned @err (0 = success). */
static inline void ffn_regs_status(struct ffn_regs *r, int32_t err)
{
	if (err == FFN_OK)
		ffn_regs_success(r);
	else
		ffn_regs_error(r, err);
}

/* True when the low 32 bits of x[first..last] are all zero. */
static inline bool ffn_regs_w_zero(const struct ffn_regs *r, unsigned first,
				   unsigned last)
{
	uint32_t acc = 0;
	for (unsigned i = first; i <= last; i++)
		acc |= (uint32_t)r->x[i];
	return acc == 0;
}

/*
 * True when x[first..last] are zero as the call's convention reads them:
 * the low 32 bits for an SMC32 function ID, all 64 for an SMC64 one.
 */
static inline bool ffn_regs_args_zero(const struct ffn_regs *r, unsigned first,
				      unsigned last)
{
	uint64_t acc = 0;
	for (unsigned i = first; i <= last; i++)
		acc |= r->x[i];
	if (!FFN_FID_IS_64((uint32_t)r->x[0]))
		acc = (uint32_t)acc;
	return acc == 0;
}

/* The FF-A error code carried by a result, or 0 for any other result. */
static inline int32_t ffn_regs_error_code(const struct ffn_regs *r)
{
	if ((uint32_t)r->x[0] != FFN_FID_ERROR)
		return FFN_OK;
	return (int32_t)(uint32_t)r->x[2];
}

/* Names for logs and the console; NULL when unknown. */
const char *ffn_fid_name(uint32_t fid);
const char *ffn_error_name(int32_t err);

#endif /* FFN_ABI_H */
