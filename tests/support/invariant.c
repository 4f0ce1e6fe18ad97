// SPDX-License-Identifier: BSD-3-Clause
/* The invariant checker (see invariant.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ffn/info_list.h"
#include "invariant.h"

/* The fake host's irq_hook has no context pointer: one checker at a time. */
static struct ffn_inv *cur;

static int fail(struct ffn_inv *inv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct ffn_inv *inv, const char *fmt, ...)
{
	va_list ap;

	if (inv->failures++ == 0) {
		va_start(ap, fmt);
		vsnprintf(inv->msg, sizeof(inv->msg), fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Bits of a pending set appeared since the last GET: when they did. */
struct since {
	uint64_t glob[2], vcpu[FH_MAX_VCPUS][2];
};
static struct since since_of[FFN_INV_MAX_EPS];

static struct ffn_inv_ep *find(struct ffn_inv *inv, ffn_id_t id)
{
	for (unsigned i = 0; i < FFN_INV_MAX_EPS; i++)
		if (inv->ep[i].used && inv->ep[i].id == id)
			return &inv->ep[i];
	return NULL;
}

static struct ffn_inv_ep *add(struct ffn_inv *inv, ffn_id_t id, uint16_t vcpus,
			      bool is_vm)
{
	for (unsigned i = 0; i < FFN_INV_MAX_EPS; i++) {
		struct ffn_inv_ep *e = &inv->ep[i];

		if (e->used)
			continue;
		memset(e, 0, sizeof(*e));
		memset(&since_of[i], 0, sizeof(since_of[i]));
		e->used = true;
		e->id = id;
		e->vcpus = vcpus;
		e->is_vm = is_vm;
		return e;
	}
	return NULL;
}

static void on_irq(struct fake_host *h, ffn_id_t vm, uint16_t vcpu,
		   uint32_t intid)
{
	struct ffn_inv_ep *e;

	(void)h;
	if (!cur || intid != FFN_MED_VIRQ_NPI)
		return;
	e = find(cur, vm);
	if (!e || vcpu >= FH_MAX_VCPUS)
		return;
	e->npi_any = ++cur->seq;
	e->npi_vcpu[vcpu] = e->npi_any;
}

void ffn_inv_init(struct ffn_inv *inv, struct fake_host *h)
{
	memset(inv, 0, sizeof(*inv));
	inv->h = h;
	cur = inv;
	h->irq_hook = on_irq;
	(void)add(inv, FH_SP1, 2, false);
	(void)add(inv, FH_SP4, 4, false);
	(void)add(inv, FH_SP_NONOTIF, 1, false);
}

void ffn_inv_vm_created(struct ffn_inv *inv, ffn_id_t id, uint16_t vcpus)
{
	if (find(inv, id) || !add(inv, id, vcpus, true))
		(void)fail(inv, "vm %#x created twice or too many VMs", id);
}

void ffn_inv_vm_destroyed(struct ffn_inv *inv, ffn_id_t id)
{
	struct ffn_inv_ep *e = find(inv, id);

	/* Its pending notifications die with it; senders' bits elsewhere
	 * stay pending where they were delivered. */
	if (e)
		e->used = false;
}

static int on_set(struct ffn_inv *inv, ffn_id_t caller,
		  const struct ffn_regs *in)
{
	uint32_t w1 = (uint32_t)in->x[1], flags = (uint32_t)in->x[2];
	ffn_id_t sender = ffn_w1_sender(w1), receiver = ffn_w1_receiver(w1);
	uint64_t bm = ffn_bitmap_from_regs(in->x[3], in->x[4]);
	struct ffn_inv_ep *e;
	unsigned world = ffn_id_is_sp(sender) ? 0u : 1u;
	uint64_t *slot, *when;
	unsigned idx;

	if (sender != caller)
		return fail(inv, "isolation: %#x's SET as sender %#x succeeded",
			    caller, sender);
	e = find(inv, receiver);
	if (!e)
		return fail(inv,
			    "SET %#x -> %#x succeeded, receiver has no state",
			    sender, receiver);
	idx = (unsigned)(e - inv->ep);
	if (flags & FFN_NOTIF_FLAG_PER_VCPU) {
		unsigned v = flags >> 16;
		if (v >= e->vcpus)
			return fail(inv, "SET to %#x vCPU %u of %u succeeded",
				    receiver, v, e->vcpus);
		slot = &e->vcpu[v][world];
		when = &since_of[idx].vcpu[v][world];
	} else {
		slot = &e->glob[world];
		when = &since_of[idx].glob[world];
	}
	/* The NPI may have come during the call itself: compare with the
	 * moment the call started. */
	if (*slot == 0)
		*when = inv->call_seq;
	*slot |= bm;
	return 0;
}

static int on_get(struct ffn_inv *inv, ffn_id_t caller,
		  const struct ffn_regs *in, const struct ffn_regs *out)
{
	uint32_t w1 = (uint32_t)in->x[1], flags = (uint32_t)in->x[2];
	ffn_id_t receiver = (ffn_id_t)(w1 & 0xFFFFu);
	unsigned v = w1 >> 16;
	struct ffn_inv_ep *e;
	int rc = 0;

	if (receiver != caller)
		return fail(inv, "isolation: %#x's GET for %#x succeeded",
			    caller, receiver);
	e = find(inv, receiver);
	if (!e || v >= e->vcpus)
		return fail(inv, "GET for %#x vCPU %u succeeded without state",
			    receiver, v);
	for (unsigned world = 0; world < 2; world++) {
		uint64_t got = ffn_bitmap_from_regs(out->x[2 + 2 * world],
						    out->x[3 + 2 * world]);
		bool asked = (flags &
			      (world ? FFN_GET_FLAG_VM : FFN_GET_FLAG_SP)) != 0;
		uint64_t want =
			asked ? (e->glob[world] | e->vcpu[v][world]) : 0;

		if (got != want)
			rc = fail(inv,
				  "conservation: GET %#x.%u %s bits %#llx, "
				  "expected %#llx",
				  receiver, v, world ? "from-VM" : "from-SP",
				  (unsigned long long)got,
				  (unsigned long long)want);
		if (asked) {
			e->glob[world] = 0;
			e->vcpu[v][world] = 0;
			e->get_any[world] = ++inv->seq;
			e->get_vcpu[v][world] = e->get_any[world];
		}
	}
	return rc;
}

static int on_info(struct ffn_inv *inv, ffn_id_t caller,
		   const struct ffn_regs *in, const struct ffn_regs *out)
{
	struct ffn_info_reader r;
	struct ffn_info_entry ent;
	bool is64 = FFN_FID_IS_64((uint32_t)in->x[0]);

	if (ffn_info_reader_init(&r, out, is64) != 0)
		return fail(inv, "INFO_GET reply to %#x is malformed", caller);
	while (ffn_info_reader_next(&r, &ent))
		if (ent.id != caller)
			return fail(inv, "isolation: %#x's INFO_GET lists %#x",
				    caller, ent.id);
	return 0;
}

void ffn_inv_begin(struct ffn_inv *inv)
{
	inv->call_seq = ++inv->seq;
}

int ffn_inv_call(struct ffn_inv *inv, ffn_id_t caller, uint16_t vcpu,
		 const struct ffn_regs *in, const struct ffn_regs *out)
{
	uint32_t fid = (uint32_t)in->x[0];
	uint32_t w0 = (uint32_t)out->x[0];
	ffn_id_t receiver = ffn_w1_receiver(in->x[1]);

	(void)vcpu;
	inv->checks++;
	if (w0 != FFN_FID_SUCCESS_32 && w0 != FFN_FID_SUCCESS_64)
		return 0;
	switch (fid) {
	case FFN_FID_NOTIFICATION_BIND:
	case FFN_FID_NOTIFICATION_UNBIND:
		if (receiver != caller)
			return fail(inv, "isolation: %#x bound/unbound for %#x",
				    caller, receiver);
		return 0;
	case FFN_FID_NOTIFICATION_SET:
		return on_set(inv, caller, in);
	case FFN_FID_NOTIFICATION_GET:
		return on_get(inv, caller, in, out);
	case FFN_FID_NOTIFICATION_INFO_GET_32:
	case FFN_FID_NOTIFICATION_INFO_GET_64:
		if (ffn_id_is_vm(caller))
			return on_info(inv, caller, in, out);
		return fail(inv, "SP %#x got INFO_GET data", caller);
	case FFN_FID_NOTIFICATION_BITMAP_CREATE:
	case FFN_FID_NOTIFICATION_BITMAP_DESTROY:
		return fail(inv,
			    "%#x called BITMAP_CREATE/DESTROY with success",
			    caller);
	default:
		return 0;
	}
}

static bool latched(struct ffn_inv *inv)
{
	for (unsigned c = 0; c < inv->h->w.spmc.cfg.cpu_count; c++)
		if (ffn_atomic32_load(&inv->h->w.spmc.sri_delayed[c]) != 0)
			return true;
	return false;
}

int ffn_inv_check(struct ffn_inv *inv)
{
	struct fake_host *h = inv->h;
	struct ffn_spmc_stats ss;
	unsigned live = 0;
	int rc = 0;

	for (const struct ffn_hw_vm *v = h->w.vms.list; v != NULL; v = v->next)
		live += v->alive;
	ffn_spmc_get_stats(&h->w.spmc, &ss);
	if (ss.vm_bitmaps != live)
		rc = fail(inv, "accounting: %u SPMC bitmaps for %u live VMs",
			  ss.vm_bitmaps, live);
	if (latched(inv))
		return rc;

	for (unsigned i = 0; i < FFN_INV_MAX_EPS; i++) {
		struct ffn_inv_ep *e = &inv->ep[i];
		struct ffn_hw_vm *vm;
		bool any_online = false;

		if (!e->used || !e->is_vm)
			continue;
		vm = fh_vm(h, e->id);
		if (!vm)
			continue;
		for (unsigned v = 0; v < e->vcpus; v++)
			any_online |= vm->online[v];
		for (unsigned w = 0; w < 2; w++) {
			if (e->glob[w] && any_online &&
			    e->npi_any < since_of[i].glob[w])
				rc = fail(inv,
					  "lost wake-up: vm %#x global %#llx "
					  "pending, no NPI since",
					  e->id,
					  (unsigned long long)e->glob[w]);
			for (unsigned v = 0; v < e->vcpus; v++)
				if (e->vcpu[v][w] && vm->online[v] &&
				    e->npi_vcpu[v] < since_of[i].vcpu[v][w])
					rc = fail(inv,
						  "lost wake-up: vm %#x.%u "
						  "%#llx pending, no NPI since",
						  e->id, v,
						  (unsigned long long)
							  e->vcpu[v][w]);
		}
	}
	return rc;
}

int ffn_inv_check_empty(struct ffn_inv *inv)
{
	struct ffn_spmc_stats ss;
	struct ffn_mediator_stats ms;
	int rc = 0;

	ffn_spmc_get_stats(&inv->h->w.spmc, &ss);
	ffn_mediator_get_stats(&inv->h->w.med, &ms);
	if (ss.vm_bitmaps != 0 || ms.vms != 0 || ms.vm_bindings != 0)
		rc = fail(inv,
			  "accounting: after destroy %u bitmaps, %u contexts, "
			  "%u VM-to-VM bindings left",
			  ss.vm_bitmaps, ms.vms, ms.vm_bindings);
	for (const struct ffn_hw_vm *v = inv->h->w.vms.list; v != NULL;
	     v = v->next)
		rc = fail(inv, "accounting: vm %#x storage never freed", v->id);
	return rc;
}
