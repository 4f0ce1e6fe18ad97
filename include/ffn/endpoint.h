/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The endpoint driver: what a guest kernel, the normal-world OS or a
 * secure partition runs to use FF-A notifications (the counterpart of
 * Linux's drivers/firmware/arm_ffa notification code, written here).
 *
 *  - ffn_ep_probe() negotiates the version and discovers the NPI and SRI
 *    interrupt IDs with FFA_FEATURES.
 *  - ffn_ep_request() / ffn_ep_relinquish() BIND / UNBIND one
 *    notification ID for one sender and attach a callback to it, global
 *    or per-vCPU.
 *  - ffn_ep_npi() is the NPI handler: one GET with the flags of the role,
 *    then the callback of every bit returned (framework SPM, framework
 *    HYP, VM bitmap, SP bitmap: Linux's order).
 *  - ffn_ep_sri() is the scheduler's SRI handler: INFO_GET_64 while
 *    more-pending, one list callback per list, FFA_RUN for SP entries, a
 *    GET for the endpoint's own entries. NO_DATA is normal.
 *
 * Freestanding like the rest of the core: no malloc, no libc. The
 * integrator embeds struct ffn_ep and gives an ops table whose call() is
 * the conduit (HVC, SMC or SVC) of one vCPU.
 *
 * Contexts: ffn_ep_npi and ffn_ep_sri run in the interrupt (or bottom
 * half) context of the vCPU that took the interrupt; several vCPUs of one
 * endpoint may run them at once. Request/relinquish run in thread
 * context, concurrently with the handlers. Callbacks are made with no
 * driver lock held. Lock order: ep->lock is a leaf (never held across a
 * call, a callback or another lock).
 */
#ifndef FFN_ENDPOINT_H
#define FFN_ENDPOINT_H

#include "ffn/abi.h"
#include "ffn/info_list.h"

#define FFN_EP_NOTIFS 64u
/* Bound on INFO_GET calls in one SRI (a firmware that never clears
 * more-pending must not hang the handler). */
#define FFN_EP_INFO_MAX_ROUNDS 4096u
/* FFA_FEATURES gave no interrupt ID. */
#define FFN_EP_NO_INTID 0xFFFFFFFFu

enum ffn_ep_role {
	/* A VM under a hypervisor (virtual FF-A instance): GET SP|VM|SPM|HYP.
	 */
	FFN_EP_ROLE_VM,
	/* A secure partition at the SPMC: GET SP|VM|SPM|HYP. */
	FFN_EP_ROLE_SP,
	/* The NS physical instance (ID 0) at the SPMC: GET SP|SPM only. */
	FFN_EP_ROLE_NS_PHYS,
};

/* The world of a notification's sender: selects the bitmap of GET. */
enum ffn_ep_world {
	FFN_EP_FROM_SP = 0,
	FFN_EP_FROM_VM = 1,
};

/* What a callback receives. */
struct ffn_ep_notif {
	ffn_id_t receiver; /* this endpoint */
	ffn_id_t sender;   /* the sender the ID was requested for */
	uint8_t id;	   /* notification ID 0..63 */
	bool per_vcpu;
	uint16_t vcpu; /* the vCPU GET was made for */
};

typedef void (*ffn_ep_notif_cb)(void *arg, const struct ffn_ep_notif *n);
/* Framework notification bit @bit (0 = RX buffer full); @hyp: HYP half. */
typedef void (*ffn_ep_fw_cb)(void *arg, unsigned bit, bool hyp, uint16_t vcpu);
/* One INFO_GET list, before the driver acts on it. */
typedef void (*ffn_ep_list_cb)(void *arg, const struct ffn_info_entry *e);

struct ffn_ep_ops {
	/*
	 * Make FF-A call @regs from vCPU @vcpu of this endpoint; @regs
	 * receives the result. Any context the caller of the driver is in.
	 * It cannot fail: a conduit that cannot reach its callee writes an
	 * FFA_ERROR (NOT_SUPPORTED) into @regs, which the driver then
	 * returns as that call's error.
	 */
	void (*call)(void *ctx, uint16_t vcpu, struct ffn_regs *regs);
};

struct ffn_ep_config {
	ffn_id_t id;
	uint16_t vcpu_count;
	enum ffn_ep_role role;
	/* Use INFO_GET_32 instead of INFO_GET_64 in ffn_ep_sri. */
	bool info_get_32;
};

struct ffn_ep_stats {
	uint64_t npi_taken;	 /* ffn_ep_npi calls */
	uint64_t npi_spurious;	 /* ... whose GET returned nothing */
	uint64_t sri_taken;	 /* ffn_ep_sri calls */
	uint64_t sri_spurious;	 /* ... whose first INFO_GET was NO_DATA */
	uint64_t info_get_calls; /* INFO_GET calls made */
	uint64_t info_lists;	 /* lists read */
	uint64_t info_errors;	 /* INFO_GET errors other than NO_DATA */
	uint64_t runs;		 /* FFA_RUN calls made */
	uint64_t run_errors;	 /* ... that did not return FFA_MSG_WAIT */
	uint64_t dispatched;	 /* notification callbacks made */
	uint64_t unhandled;	 /* bits returned with no callback */
	uint64_t get_errors;	 /* GET calls that failed */
};

/* The internals; integrators only size and place them. */
#include "ffn/impl/endpoint_state.h"

/*
 * Set up @ep. No call is made.
 * Return: 0, or FFN_INVALID_PARAMETERS (no ops->call, vCPU count 0, an SP
 * role without bit 15 in the ID or a VM role with it).
 */
int ffn_ep_init(struct ffn_ep *ep, const struct ffn_ep_config *cfg,
		const struct ffn_ep_ops *ops, void *ops_ctx);

/*
 * Discovery, from vCPU 0: FFA_VERSION (1.2), FFA_FEATURES for the NPI,
 * the SRI, feature 4 (per-vCPU support) and the BIND ABI.
 * Return: 0; FFN_NOT_SUPPORTED when the version is incompatible or the
 * notification ABIs are missing (the endpoint then has no notifications,
 * as Linux carries on without them). A missing NPI or SRI is not an
 * error: ffn_ep_npi_intid / ffn_ep_sri_intid say FFN_EP_NO_INTID.
 */
int ffn_ep_probe(struct ffn_ep *ep);

static inline uint32_t ffn_ep_npi_intid(const struct ffn_ep *ep)
{
	return ep->npi_intid;
}

static inline uint32_t ffn_ep_sri_intid(const struct ffn_ep *ep)
{
	return ep->sri_intid;
}

/*
 * Bind notification @id for @sender (the receiver is this endpoint) and
 * attach @cb(@arg) to it. @per_vcpu binds it per-vCPU. Called from
 * @vcpu.
 * Return: 0; FFN_INVALID_PARAMETERS (@id >= 64, @cb NULL, @sender equals
 * this endpoint); FFN_DENIED when this driver already holds @id for the
 * sender's world; FFN_NOT_SUPPORTED for per-vCPU when feature 4 said no;
 * or the error BIND returned (nothing is recorded then).
 */
int ffn_ep_request(struct ffn_ep *ep, uint16_t vcpu, ffn_id_t sender,
		   unsigned id, bool per_vcpu, ffn_ep_notif_cb cb, void *arg);

/*
 * UNBIND @id of @sender's world and drop its callback.
 * Return: 0; FFN_INVALID_PARAMETERS (@id >= 64, not requested here for
 * @sender); or the error UNBIND returned (DENIED while it is pending: the
 * callback stays).
 */
int ffn_ep_relinquish(struct ffn_ep *ep, uint16_t vcpu, ffn_id_t sender,
		      unsigned id);

/*
 * Drop the record of @id in @world without UNBIND: for a binding the
 * other side already removed (a hypervisor drops VM-to-VM bindings whose
 * sender was destroyed). Return: 0 or FFN_INVALID_PARAMETERS.
 */
int ffn_ep_forget(struct ffn_ep *ep, enum ffn_ep_world world, unsigned id);

/* Framework-notification and INFO_GET-list callbacks (NULL to clear). */
void ffn_ep_set_fw_cb(struct ffn_ep *ep, ffn_ep_fw_cb cb, void *arg);
void ffn_ep_set_list_cb(struct ffn_ep *ep, ffn_ep_list_cb cb, void *arg);

/*
 * SET: signal @receiver's notification @id from this endpoint.
 * @per_vcpu targets @target_vcpu; @delay_sri asks for the delayed SRI
 * (SPs only). Return: 0 or the error SET returned.
 */
int ffn_ep_send(struct ffn_ep *ep, uint16_t vcpu, ffn_id_t receiver,
		unsigned id, bool per_vcpu, uint16_t target_vcpu,
		bool delay_sri);

/*
 * The NPI handler (also the poll of an endpoint without an NPI, such as
 * an S-EL0 SP given cycles): GET for @vcpu with the role's flags, then
 * one callback per bit returned.
 * Return: the number of bits returned (0: spurious), or a negative FF-A
 * error when GET failed.
 */
int ffn_ep_npi(struct ffn_ep *ep, uint16_t vcpu);

/*
 * The scheduler's SRI handler (the whole bottom half), on @vcpu.
 * Calls INFO_GET while more-pending is set (at most
 * FFN_EP_INFO_MAX_ROUNDS times). For each list: the list callback, then
 * for an SP entry FFA_RUN of each listed vCPU (vCPU 0 for a global
 * entry), made from this endpoint's vCPU of the same number when it has
 * one (an MP SP's vCPU N runs only on CPU N), else from @vcpu; and for
 * this endpoint's own ID a GET for each listed vCPU (@vcpu
 * for a global entry). Other IDs get only the list callback.
 * Return: the number of lists read (0: spurious SRI); a negative FF-A
 * error when the first INFO_GET failed with something else than NO_DATA.
 */
int ffn_ep_sri(struct ffn_ep *ep, uint16_t vcpu);

void ffn_ep_get_stats(struct ffn_ep *ep, struct ffn_ep_stats *out);

#endif /* FFN_ENDPOINT_H */
