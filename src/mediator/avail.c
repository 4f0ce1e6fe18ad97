// SPDX-License-Identifier: BSD-3-Clause
/*
 * VM availability messages (FF-A v1.1 on): "VM created" and "VM
 * destroyed", framework direct requests from the hypervisor (ID 0) to the
 * SPs whose partition properties (bits 6 and 7, in the host's SP list)
 * ask for them, so that an SP can set up or drop its state for a VM.
 *
 * Request: FFA_MSG_SEND_DIRECT_REQ_32, w1 = 0 << 16 | SP, w2 = bit 31 |
 * type (4 created, 6 destroyed), w5 = the VM's ID. Answer:
 * FFA_MSG_SEND_DIRECT_RESP_32 with w1 = SP << 16 | 0, w2 = bit 31 | the
 * response type (5, 7) and the SP's status in w3; anything else is an
 * error (the SPMC's FFA_ERROR code, or ABORTED for a malformed answer).
 * RETRY and INTERRUPTED are retried a few times, as the SP is only
 * briefly unable to take it.
 *
 * Context: domain management (vm_create, vm_destroy), no lock held; one
 * SMC per subscribed SP (and per retry).
 */
#include "med_internal.h"

#define MSG_ATTEMPTS 4

static int32_t send_msg(struct ffn_mediator *m, uint32_t cpu, ffn_id_t sp,
			ffn_id_t vm, uint32_t type)
{
	struct ffn_regs r;
	int32_t rc = FFN_ABORTED;

	for (unsigned attempt = 0; attempt < MSG_ATTEMPTS; attempt++) {
		ffn_regs_init(&r, FFN_FID_MSG_SEND_DIRECT_REQ_32);
		r.x[1] = ffn_w1_pack(0, sp);
		r.x[2] = FFN_MSG_FLAG_FRAMEWORK | type;
		r.x[5] = vm;
		ffn_med_smc(m, cpu, &r);
		if ((uint32_t)r.x[0] == FFN_FID_MSG_SEND_DIRECT_RESP_32 &&
		    (uint32_t)r.x[1] == ffn_w1_pack(sp, 0) &&
		    (uint32_t)r.x[2] == (FFN_MSG_FLAG_FRAMEWORK | (type + 1u)))
			rc = (int32_t)(uint32_t)r.x[3];
		else if ((uint32_t)r.x[0] == FFN_FID_ERROR)
			rc = ffn_regs_error_code(&r);
		else
			rc = FFN_ABORTED;
		if (rc != FFN_RETRY && rc != FFN_INTERRUPTED)
			break;
	}
	if (rc == FFN_OK) {
		ffn_stat_add(&m->vm_msgs, 1);
	} else {
		ffn_stat_add(&m->vm_msg_errors, 1);
		FFN_LOG(FFN_LOG_ERROR,
			"mediator: VM %s message for VM 0x%x to SP 0x%x "
			"failed (%d)",
			type == FFN_MSG_VM_CREATED ? "created" : "destroyed",
			vm, sp, rc);
	}
	return rc;
}

static bool msgs_on(struct ffn_mediator *m)
{
	return ffn_atomic32_load(&m->vm_msgs_on) != 0;
}

int32_t ffni_med_vm_created(struct ffn_mediator *m, ffn_id_t vm, uint32_t cpu)
{
	const uint32_t both =
		FFN_PART_PROP_VM_CREATED | FFN_PART_PROP_VM_DESTROYED;
	int32_t rc = FFN_OK;
	uint32_t i;

	if (!msgs_on(m))
		return FFN_OK;
	for (i = 0; i < m->cfg.sp_count && rc == FFN_OK; i++)
		if (m->parts[i].properties & FFN_PART_PROP_VM_CREATED)
			rc = send_msg(m, cpu, m->parts[i].id, vm,
				      FFN_MSG_VM_CREATED);
	if (rc == FFN_OK)
		return FFN_OK;
	/* Undo: the SPs that heard of the VM and want to hear of its end. */
	for (uint32_t j = 0; j + 1 < i; j++)
		if ((m->parts[j].properties & both) == both)
			(void)send_msg(m, cpu, m->parts[j].id, vm,
				       FFN_MSG_VM_DESTROYED);
	return rc;
}

void ffni_med_vm_destroyed(struct ffn_mediator *m, ffn_id_t vm, uint32_t cpu)
{
	if (!msgs_on(m))
		return;
	for (uint32_t i = 0; i < m->cfg.sp_count; i++)
		if (m->parts[i].properties & FFN_PART_PROP_VM_DESTROYED)
			(void)send_msg(m, cpu, m->parts[i].id, vm,
				       FFN_MSG_VM_DESTROYED);
}
