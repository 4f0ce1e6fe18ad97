// SPDX-License-Identifier: BSD-3-Clause
/*
 * Framework direct messages at the SPMC: the VM availability messages
 * ("VM created", "VM destroyed"; FF-A v1.1 on) that the hypervisor sends
 * to the SPs whose partition properties ask for them (ffn_spmc_sp_desc
 * vm_created / vm_destroyed, from the manifest).
 *
 * FFA_MSG_SEND_DIRECT_REQ_32 from the normal world:
 *   w1 = sender[31:16] (0: the hypervisor) | receiver SP[15:0];
 *   w2 = bit 31 (framework message) | type[7:0] (4 created, 6 destroyed),
 *        w2[30:8] MBZ;
 *   w3, w4: not read (a hypervisor may put a VM handle there);
 *   w5[15:0] = the VM's ID, w5[31:16] MBZ; w6, w7 MBZ.
 * Errors, in order: NOT_SUPPORTED (an SP calls, a caller below v1.1, or
 * w2 bit 31 clear: partition messages, which the engine has no partition
 * code to answer); INVALID_PARAMETERS (an MBZ bit, a sender other than 0,
 * another type, a receiver that is not a known SP, a VM ID with bit 15,
 * an MP SP with no vCPU for this CPU); DENIED (the SP does not subscribe
 * to that message); BUSY (the vCPU that would take it is running).
 *
 * The message runs the SP's vCPU for this CPU (an MP SP's vCPU N runs on
 * CPU N; a UP SP's only vCPU anywhere), which pends the NPI if due, as
 * FFA_RUN does. The engine has no partition code: it answers for the SP,
 * which acknowledges and goes back to waiting: FFA_MSG_SEND_DIRECT_RESP_32
 * with w1 = SP[31:16] | 0, w2 = bit 31 | the response type (5 or 7), and
 * w3 = 0, success. What the SP does about its bindings does not matter for
 * isolation: BITMAP_DESTROY removes every binding naming the VM anyway.
 *
 * Context: any CPU, normal-world SMC; takes the SP's lock only.
 */
#include "spmc_internal.h"

void ffni_spmc_direct_req(const struct ffn_spmc_caller *c, struct ffn_regs *r)
{
	uint32_t w1 = (uint32_t)r->x[1];
	uint32_t w2 = (uint32_t)r->x[2];
	uint32_t w5 = (uint32_t)r->x[5];
	uint32_t type = w2 & FFN_MSG_TYPE_MASK;
	ffn_id_t receiver = ffn_w1_receiver(w1);
	struct ffn_spmc_ep *ep;
	bool wants;
	uint16_t vcpu;

	if (!caller_is_ns(c) || c->version < FFN_VERSION_1_1 ||
	    (w2 & FFN_MSG_FLAG_FRAMEWORK) == 0) {
		ffn_regs_error(r, FFN_NOT_SUPPORTED);
		return;
	}
	ep = ffn_id_is_sp(receiver) ? ffni_spmc_sp_find(c->spmc, receiver)
				    : NULL;
	vcpu = ep != NULL && ep->vcpu_count > 1 ? (uint16_t)c->cpu : 0;
	if ((w2 & ~(FFN_MSG_FLAG_FRAMEWORK | FFN_MSG_TYPE_MASK)) != 0 ||
	    ffn_w1_sender(w1) != 0 ||
	    (type != FFN_MSG_VM_CREATED && type != FFN_MSG_VM_DESTROYED) ||
	    ep == NULL || (w5 >> 16) != 0 || !ffn_id_is_vm((ffn_id_t)w5) ||
	    !ffn_regs_w_zero(r, 6, 7) || c->cpu >= 0x10000u ||
	    vcpu >= ep->vcpu_count) {
		ffn_regs_error(r, FFN_INVALID_PARAMETERS);
		return;
	}
	wants = type == FFN_MSG_VM_CREATED ? ep->vm_created : ep->vm_destroyed;
	if (!wants) {
		ffn_regs_error(r, FFN_DENIED);
		return;
	}
	if (ffni_spmc_wake(c->spmc, ep, vcpu) != FFN_OK) {
		ffn_regs_error(r, FFN_BUSY);
		return;
	}
	ffn_stat_add(&c->spmc->vm_msgs, 1);
	ffn_regs_result(r, FFN_FID_MSG_SEND_DIRECT_RESP_32);
	r->x[1] = ffn_w1_pack(ep->id, 0);
	r->x[2] = FFN_MSG_FLAG_FRAMEWORK | (type + 1u);
}
