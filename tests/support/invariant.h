/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The invariant checker (docs/security.md), for tests and fuzzers that
 * drive a whole stack through the fake host (fake_host.h): guests call
 * through the mediator, SPs call the SPMC.
 *
 * It keeps an independent shadow of what must be pending at every
 * receiver, fed only by the results of successful calls, and checks:
 *   - isolation: a call that succeeds names the caller as receiver
 *     (BIND, UNBIND, GET) or as sender (SET), and a guest's INFO_GET lists
 *     only the guest itself;
 *   - conservation: each GET returns exactly the shadow's pending bits
 *     for the categories it asked for (no bit lost, none invented, none
 *     returned twice), and clears them;
 *   - no lost wake-up: a live VM with bits pending has had an NPI since
 *     the last GET that could have taken them, unless the vCPUs it could
 *     go to are offline (the mediator holds it) or a delayed SRI is still
 *     latched at the SPMC;
 *   - accounting: SPMC bitmaps and mediator contexts match the live VMs,
 *     and fall back to zero, with no VM-to-VM binding left, once every VM
 *     is destroyed.
 * A failure is recorded in inv->msg (the first one) and counted.
 */
#ifndef FFN_INVARIANT_H
#define FFN_INVARIANT_H

#include "fake_host.h"

#define FFN_INV_MAX_EPS 16u

struct ffn_inv_ep {
	ffn_id_t id;
	bool used;
	bool is_vm;
	uint16_t vcpus;
	/* [world]: 0 = from SPs, 1 = from VMs */
	uint64_t glob[2];
	uint64_t vcpu[FH_MAX_VCPUS][2];
	/* sequence numbers of the last NPI and the last GET per world */
	uint64_t npi_any, npi_vcpu[FH_MAX_VCPUS];
	uint64_t get_any[2], get_vcpu[FH_MAX_VCPUS][2];
};

struct ffn_inv {
	struct fake_host *h;
	struct ffn_inv_ep ep[FFN_INV_MAX_EPS];
	uint64_t seq;
	uint64_t call_seq; /* when the current call started */
	unsigned failures;
	uint64_t checks;
	char msg[256];
};

/* Attach to @h (installs its irq_hook); SP receivers are registered. */
void ffn_inv_init(struct ffn_inv *inv, struct fake_host *h);

/* Topology: call after a successful create, and after a destroy. */
void ffn_inv_vm_created(struct ffn_inv *inv, ffn_id_t id, uint16_t vcpus);
void ffn_inv_vm_destroyed(struct ffn_inv *inv, ffn_id_t id);

/* A call is about to be made (interrupts it causes come after this). */
void ffn_inv_begin(struct ffn_inv *inv);

/*
 * A call by endpoint @caller (vCPU @vcpu) finished: @in were its
 * registers, @out the result. Updates the shadow and checks isolation and
 * conservation. Return: 0, or -1 on a violation.
 */
int ffn_inv_call(struct ffn_inv *inv, ffn_id_t caller, uint16_t vcpu,
		 const struct ffn_regs *in, const struct ffn_regs *out);

/* The state-wide checks (wake-up, accounting). Return: 0 or -1. */
int ffn_inv_check(struct ffn_inv *inv);

/* After every VM was destroyed: nothing may be left. Return: 0 or -1. */
int ffn_inv_check_empty(struct ffn_inv *inv);

#endif /* FFN_INVARIANT_H */
