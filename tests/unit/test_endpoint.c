// SPDX-License-Identifier: BSD-3-Clause
/*
 * The endpoint driver against the real SPMC engine: discovery, the
 * request API and callback dispatch per world and per vCPU, the GET flags
 * of each role, the scheduler's INFO_GET loop (more than 20 IDs, the
 * 32-bit convention), NO_DATA and spurious SRIs, and FFA_RUN of SP
 * entries that makes the SP's NPI handler run.
 *
 * The harness is the hosted world (host/world.h), synchronous: an SP
 * conduit makes the call and then FFA_MSG_WAIT (the SP goes back to
 * waiting), and an FFA_RUN that pended the NPI runs that SP's NPI handler
 * in the world's hand-off before it returns, as the SP would run on the
 * caller's CPU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "ffn/endpoint.h"
#include "ffn/spmc.h"
#include "host_world.h"
#include "world.h"

/* One CPU per vCPU of the largest MP SP (SP8): vCPU N runs on CPU N. */
#define TE_CPUS 8u
#define SP1 0x8001u  /* S-EL1, 2 vCPUs */
#define SPE0 0x8002u /* S-EL0, 1 vCPU */
#define SP8 0x8003u  /* S-EL1, 8 vCPUs */
#define NPI_ID FFN_HOST_NPI_INTID
#define SRI_ID FFN_HOST_SRI_INTID
#define MAX_SEEN 128

struct h;

struct port {
	struct h *h;
	ffn_id_t id; /* 0: the NS physical instance */
};

struct seen {
	ffn_id_t receiver, sender;
	uint8_t id;
	bool per_vcpu;
	uint16_t vcpu;
};

struct h {
	struct ffn_hw w; /* the SPMC, with the hypervisor off */
	unsigned sri;
	unsigned npi_count;
	struct port pns, psp1, pspe0, psp8;
	struct ffn_ep ns, sp1, spe0, sp8;
	struct seen seen[MAX_SEEN];
	unsigned nseen;
	struct ffn_info_entry lists[64];
	unsigned nlists;
};

/* What the engine raised, as the world delivers it. */
static void on_irq(void *ctx, const struct ffn_hw_irq *irq)
{
	struct h *h = ctx;

	if (irq->to == FFN_HW_TO_CPU)
		h->sri++;
	else
		h->npi_count++;
}

static struct ffn_ep *ep_of(struct h *h, ffn_id_t id)
{
	switch (id) {
	case SP1:
		return &h->sp1;
	case SPE0:
		return &h->spe0;
	case SP8:
		return &h->sp8;
	default:
		return NULL;
	}
}

/* The SP that FFA_RUN gave cycles takes its NPI now. */
static void on_run(void *ctx, ffn_id_t sp, uint16_t vcpu, uint32_t cpu,
		   bool npi)
{
	(void)cpu;
	if (npi)
		ffn_ep_npi(ep_of(ctx, sp), vcpu);
}

static void conduit(void *ctx, uint16_t vcpu, struct ffn_regs *r)
{
	struct port *p = ctx;
	struct h *h = p->h;
	uint32_t fid = (uint32_t)r->x[0];

	if (p->id == 0) {
		ffn_hw_call_ns(&h->w, vcpu % TE_CPUS, r);
	} else {
		ffn_hw_call_sp(&h->w, p->id, vcpu, r);
		if (fid != FFN_FID_MSG_WAIT) {
			struct ffn_regs w;
			ffn_hw_sp_msg_wait(&h->w, p->id, vcpu, &w);
		}
	}
	assert_true(ffn_hw_settle(&h->w, 0) >= 0);
}

static const struct ffn_ep_ops ep_ops = {conduit};

static void on_notif(void *arg, const struct ffn_ep_notif *n)
{
	struct h *h = arg;
	assert_true(h->nseen < MAX_SEEN);
	h->seen[h->nseen].receiver = n->receiver;
	h->seen[h->nseen].sender = n->sender;
	h->seen[h->nseen].id = n->id;
	h->seen[h->nseen].per_vcpu = n->per_vcpu;
	h->seen[h->nseen].vcpu = n->vcpu;
	h->nseen++;
}

static void on_list(void *arg, const struct ffn_info_entry *e)
{
	struct h *h = arg;
	assert_true(h->nlists < 64);
	h->lists[h->nlists++] = *e;
}

static void ep_setup(struct h *h, struct ffn_ep *ep, struct port *p,
		     ffn_id_t id, uint16_t vcpus, enum ffn_ep_role role)
{
	struct ffn_ep_config cfg = {
		.id = id, .vcpu_count = vcpus, .role = role};
	p->h = h;
	p->id = id;
	assert_int_equal(ffn_ep_init(ep, &cfg, &ep_ops, p), 0);
	assert_int_equal(ffn_ep_probe(ep), 0);
}

/* Raw normal-world call; returns the FF-A error (0 on success). */
static int32_t ns_call(struct h *h, uint32_t fid, uint32_t w1, uint32_t w2,
		       uint64_t bitmap)
{
	struct ffn_regs r;

	ffn_hw_regs(&r, fid, w1, w2, (uint32_t)bitmap, bitmap >> 32);
	ffn_hw_call_ns(&h->w, 0, &r);
	assert_true(ffn_hw_settle(&h->w, 0) >= 0);
	return ffn_regs_error_code(&r);
}

static int setup(void **state)
{
	static const struct ffn_spmc_sp_desc sps[] = {
		{.id = SP1, .vcpu_count = 2, .notifications = true},
		{.id = SPE0,
		 .vcpu_count = 1,
		 .el0 = true,
		 .notifications = true},
		{.id = SP8, .vcpu_count = 8, .notifications = true},
	};
	struct ffn_hw_desc d = {
		.cpus = TE_CPUS,
		.sps = sps,
		.sp_count = 3,
		.vm_capacity = 64,
		.vm_max_vcpus = 8,
	};
	struct h *h = calloc(1, sizeof(*h));

	h->w.obs.ctx = h;
	h->w.obs.irq = on_irq;
	h->w.obs.run = on_run;
	assert_int_equal(ffn_hw_init(&h->w, &d), 0);
	/* The NS physical instance creates its own bitmap (ID 0). */
	assert_int_equal(
		ns_call(h, FFN_FID_NOTIFICATION_BITMAP_CREATE, 0, TE_CPUS, 0),
		0);
	ep_setup(h, &h->ns, &h->pns, 0, TE_CPUS, FFN_EP_ROLE_NS_PHYS);
	ep_setup(h, &h->sp1, &h->psp1, SP1, 2, FFN_EP_ROLE_SP);
	ep_setup(h, &h->spe0, &h->pspe0, SPE0, 1, FFN_EP_ROLE_SP);
	ep_setup(h, &h->sp8, &h->psp8, SP8, 8, FFN_EP_ROLE_SP);
	ffn_ep_set_list_cb(&h->ns, on_list, h);
	*state = h;
	return 0;
}

static int teardown(void **state)
{
	struct h *h = *state;
	ffn_hw_fini(&h->w);
	free(h);
	return 0;
}

static struct ffn_ep_stats stats(struct ffn_ep *ep)
{
	struct ffn_ep_stats s;
	ffn_ep_get_stats(ep, &s);
	return s;
}

static void test_probe_discovers_ids_per_role(void **state)
{
	struct h *h = *state;

	assert_int_equal(h->ns.version, FFN_VERSION_1_2);
	assert_int_equal(ffn_ep_sri_intid(&h->ns), SRI_ID);
	assert_int_equal(ffn_ep_npi_intid(&h->ns), FFN_EP_NO_INTID);
	assert_int_equal(ffn_ep_npi_intid(&h->sp1), NPI_ID);
	assert_int_equal(ffn_ep_sri_intid(&h->sp1), FFN_EP_NO_INTID);
	/* S-EL0: no NPI, it polls. */
	assert_int_equal(ffn_ep_npi_intid(&h->spe0), FFN_EP_NO_INTID);
	assert_true(h->sp1.percpu_ok);
}

static void test_init_rejects_bad_config(void **state)
{
	struct ffn_ep ep;
	struct ffn_ep_config cfg = {
		.id = 1, .vcpu_count = 1, .role = FFN_EP_ROLE_SP};
	(void)state;
	assert_int_equal(ffn_ep_init(&ep, &cfg, &ep_ops, NULL),
			 FFN_INVALID_PARAMETERS);
	cfg.role = FFN_EP_ROLE_VM;
	cfg.id = SP1;
	assert_int_equal(ffn_ep_init(&ep, &cfg, &ep_ops, NULL),
			 FFN_INVALID_PARAMETERS);
	cfg.id = 1;
	cfg.vcpu_count = 0;
	assert_int_equal(ffn_ep_init(&ep, &cfg, &ep_ops, NULL),
			 FFN_INVALID_PARAMETERS);
}

static void test_dispatch_per_world_and_sender(void **state)
{
	struct h *h = *state;

	/* SP1 takes ID 3 from SP8 and ID 3 from VM 0 (the NS instance):
	 * one ID, two worlds, two callbacks. */
	assert_int_equal(ffn_ep_request(&h->sp1, 0, SP8, 3, false, on_notif, h),
			 0);
	assert_int_equal(ffn_ep_request(&h->sp1, 0, 0, 3, false, on_notif, h),
			 0);
	assert_int_equal(ffn_ep_send(&h->sp8, 0, SP1, 3, false, 0, false), 0);
	assert_int_equal(ns_call(h, FFN_FID_NOTIFICATION_SET, SP1, 0, 1u << 3),
			 0);
	assert_int_equal(ffn_ep_npi(&h->sp1, 1), 2);
	assert_int_equal(h->nseen, 2);
	/* VM bitmap first (Linux's order), then SP. */
	assert_int_equal(h->seen[0].sender, 0);
	assert_int_equal(h->seen[1].sender, SP8);
	assert_int_equal(h->seen[1].id, 3);
	assert_int_equal(h->seen[1].receiver, SP1);
	assert_false(h->seen[1].per_vcpu);
	assert_int_equal(h->seen[1].vcpu, 1);
	/* Nothing left: the next NPI is spurious. */
	assert_int_equal(ffn_ep_npi(&h->sp1, 0), 0);
	assert_int_equal(stats(&h->sp1).npi_spurious, 1);
	assert_int_equal(stats(&h->sp1).dispatched, 2);
}

static void test_request_twice_and_relinquish(void **state)
{
	struct h *h = *state;

	assert_int_equal(ffn_ep_request(&h->sp1, 0, SP8, 9, false, on_notif, h),
			 0);
	/* Held here already. */
	assert_int_equal(ffn_ep_request(&h->sp1, 0, SP8, 9, false, on_notif, h),
			 FFN_DENIED);
	assert_int_equal(
		ffn_ep_request(&h->sp1, 0, SP8, 64, false, on_notif, h),
		FFN_INVALID_PARAMETERS);
	assert_int_equal(ffn_ep_request(&h->sp1, 0, SP1, 1, false, on_notif, h),
			 FFN_INVALID_PARAMETERS);
	/* BIND refused by the engine (unknown sender): nothing recorded. */
	assert_int_equal(
		ffn_ep_request(&h->sp1, 0, 0x8077, 10, false, on_notif, h),
		FFN_INVALID_PARAMETERS);
	assert_int_equal(h->sp1.bound[FFN_EP_FROM_SP], 1ull << 9);
	/* Pending: UNBIND is DENIED and the callback stays. */
	assert_int_equal(ffn_ep_send(&h->sp8, 0, SP1, 9, false, 0, false), 0);
	assert_int_equal(ffn_ep_relinquish(&h->sp1, 0, SP8, 9), FFN_DENIED);
	assert_int_equal(ffn_ep_npi(&h->sp1, 0), 1);
	assert_int_equal(h->nseen, 1);
	assert_int_equal(ffn_ep_relinquish(&h->sp1, 0, SP8, 9), 0);
	assert_int_equal(ffn_ep_relinquish(&h->sp1, 0, SP8, 9),
			 FFN_INVALID_PARAMETERS);
	/* Unbound now: SET is refused. */
	assert_int_equal(ffn_ep_send(&h->sp8, 0, SP1, 9, false, 0, false),
			 FFN_DENIED);
	/* Forget drops the record without a call. */
	assert_int_equal(
		ffn_ep_request(&h->sp1, 0, SP8, 11, false, on_notif, h), 0);
	assert_int_equal(ffn_ep_forget(&h->sp1, FFN_EP_FROM_SP, 11), 0);
	assert_int_equal(h->sp1.bound[FFN_EP_FROM_SP], 0);
}

static void test_per_vcpu_dispatch(void **state)
{
	struct h *h = *state;

	assert_int_equal(ffn_ep_request(&h->sp1, 0, SP8, 7, true, on_notif, h),
			 0);
	assert_int_equal(ffn_ep_send(&h->sp8, 0, SP1, 7, true, 1, false), 0);
	/* vCPU 0 has nothing. */
	assert_int_equal(ffn_ep_npi(&h->sp1, 0), 0);
	assert_int_equal(ffn_ep_npi(&h->sp1, 1), 1);
	assert_int_equal(h->nseen, 1);
	assert_true(h->seen[0].per_vcpu);
	assert_int_equal(h->seen[0].vcpu, 1);
	assert_int_equal(h->seen[0].sender, SP8);
}

static void test_ns_phys_sri_own_entry(void **state)
{
	struct h *h = *state;

	/* SP1 -> the NS instance (ID 0). The SRI handler finds ID 0 in
	 * the list and GETs with SP|SPM, the only flags the SPMC accepts
	 * from the normal world for a VM receiver. */
	assert_int_equal(ffn_ep_request(&h->ns, 0, SP1, 2, false, on_notif, h),
			 0);
	assert_int_equal(ffn_ep_send(&h->sp1, 0, 0, 2, false, 0, false), 0);
	assert_true(h->sri >= 1);
	assert_int_equal(ffn_ep_sri(&h->ns, 0), 1);
	assert_int_equal(h->nlists, 1);
	assert_int_equal(h->lists[0].id, 0);
	assert_int_equal(h->nseen, 1);
	assert_int_equal(h->seen[0].receiver, 0);
	assert_int_equal(h->seen[0].sender, SP1);
	assert_int_equal(stats(&h->ns).get_errors, 0);
	/* A duplicate SRI finds NO_DATA: spurious, not an error. */
	assert_int_equal(ffn_ep_sri(&h->ns, 2), 0);
	assert_int_equal(stats(&h->ns).sri_spurious, 1);
	assert_int_equal(stats(&h->ns).info_errors, 0);
}

/* 25 VM receivers pending from SP1: 25 IDs, over 2 INFO_GET_64 calls. */
static void pend_25_vms(struct h *h)
{
	for (uint32_t vm = 1; vm <= 25; vm++) {
		assert_int_equal(ns_call(h, FFN_FID_NOTIFICATION_BITMAP_CREATE,
					 vm, 2, 0),
				 0);
		assert_int_equal(ns_call(h, FFN_FID_NOTIFICATION_BIND,
					 ffn_w1_pack(SP1, (ffn_id_t)vm), 0, 1),
				 0);
		assert_int_equal(ffn_ep_send(&h->sp1, 0, (ffn_id_t)vm, 0, false,
					     0, false),
				 0);
	}
}

static void test_info_get_loop_over_20_ids(void **state)
{
	struct h *h = *state;
	uint32_t seen_mask = 0;

	pend_25_vms(h);
	assert_int_equal(ffn_ep_sri(&h->ns, 0), 25);
	assert_int_equal(h->nlists, 25);
	for (unsigned i = 0; i < 25; i++) {
		assert_int_equal(h->lists[i].vcpu_count, 0);
		seen_mask |= 1u << h->lists[i].id;
	}
	assert_int_equal(seen_mask, 0x3FFFFFEu); /* IDs 1..25, once each */
	assert_int_equal(stats(&h->ns).info_get_calls, 2);
	/* Not our ID and not an SP: list callback only. */
	assert_int_equal(stats(&h->ns).runs, 0);
	assert_int_equal(ffn_ep_sri(&h->ns, 0), 0);
	assert_int_equal(stats(&h->ns).sri_spurious, 1);
}

static void test_info_get_32_convention(void **state)
{
	struct h *h = *state;

	h->ns.cfg.info_get_32 = true;
	pend_25_vms(h);
	assert_int_equal(ffn_ep_sri(&h->ns, 0), 25);
	/* 10 IDs per call: 10 + 10 + 5. */
	assert_int_equal(stats(&h->ns).info_get_calls, 3);
}

static void test_sri_runs_sp_and_npi_dispatches(void **state)
{
	struct h *h = *state;

	/* VM 0 -> SP1, global. */
	assert_int_equal(ffn_ep_request(&h->sp1, 0, 0, 12, false, on_notif, h),
			 0);
	assert_int_equal(
		ns_call(h, FFN_FID_NOTIFICATION_SET, SP1, 0, 1ull << 12), 0);
	assert_int_equal(ffn_ep_sri(&h->ns, 0), 1);
	assert_int_equal(h->lists[0].id, SP1);
	assert_int_equal(stats(&h->ns).runs, 1);
	assert_int_equal(stats(&h->ns).run_errors, 0);
	assert_int_equal(h->npi_count, 1);
	assert_int_equal(h->nseen, 1);
	assert_int_equal(h->seen[0].receiver, SP1);
	assert_int_equal(h->seen[0].id, 12);
	assert_int_equal(h->seen[0].sender, 0);
}

static void test_sri_runs_each_listed_vcpu(void **state)
{
	struct h *h = *state;

	assert_int_equal(ffn_ep_request(&h->sp8, 0, SP1, 1, true, on_notif, h),
			 0);
	for (uint16_t v = 0; v < 8; v++)
		assert_int_equal(
			ffn_ep_send(&h->sp1, 0, SP8, 1, true, v, false), 0);
	assert_int_equal(ffn_ep_sri(&h->ns, 0), 3);
	/* [R,0,1,2] [R,3,4,5] [R,6,7] */
	assert_int_equal(h->lists[0].vcpu_count, 3);
	assert_int_equal(h->lists[2].vcpu_count, 2);
	assert_int_equal(h->lists[2].vcpus[1], 7);
	assert_int_equal(stats(&h->ns).runs, 8);
	assert_int_equal(h->nseen, 8);
	for (unsigned i = 0; i < 8; i++) {
		assert_int_equal(h->seen[i].vcpu, i);
		assert_true(h->seen[i].per_vcpu);
	}
}

static void test_el0_sp_polls(void **state)
{
	struct h *h = *state;

	assert_int_equal(
		ffn_ep_request(&h->spe0, 0, SP1, 4, false, on_notif, h), 0);
	assert_int_equal(ffn_ep_send(&h->sp1, 0, SPE0, 4, false, 0, false), 0);
	/* FFA_RUN pends no NPI for an S-EL0 SP ... */
	assert_int_equal(ffn_ep_sri(&h->ns, 0), 1);
	assert_int_equal(h->npi_count, 0);
	assert_int_equal(h->nseen, 0);
	/* ... which finds its notification by polling with GET. */
	assert_int_equal(ffn_ep_npi(&h->spe0, 0), 1);
	assert_int_equal(h->nseen, 1);
	assert_int_equal(h->seen[0].receiver, SPE0);
}

static void test_sri_error_from_sp(void **state)
{
	struct h *h = *state;

	/* INFO_GET is NOT_SUPPORTED to an SP: reported, not looped on. */
	assert_int_equal(ffn_ep_sri(&h->sp1, 0), FFN_NOT_SUPPORTED);
	assert_int_equal(stats(&h->sp1).info_get_calls, 1);
	assert_int_equal(stats(&h->sp1).info_errors, 1);
}

/* A firmware that answers INFO_GET from a script, for edge cases. */
struct fake {
	unsigned calls;
	int mode; /* 0: more-pending forever, 1: SUCCESS_32 reply, 2: bad */
};

static void fake_call(void *ctx, uint16_t vcpu, struct ffn_regs *r)
{
	struct fake *f = ctx;
	struct ffn_info_writer w;
	bool is64 = f->mode != 1;

	(void)vcpu;
	f->calls++;
	ffn_info_writer_init(&w, r, is64);
	assert_int_equal(ffn_info_writer_add(&w, 0x1234, NULL, 0), 0);
	ffn_info_writer_finish(&w, f->mode == 0);
	if (f->mode == 2)
		r->x[2] |= 1u << 3; /* a reserved header bit */
}

static const struct ffn_ep_ops fake_ops = {fake_call};

static void fake_ep(struct ffn_ep *ep, struct fake *f)
{
	struct ffn_ep_config cfg = {
		.id = 0, .vcpu_count = 1, .role = FFN_EP_ROLE_NS_PHYS};
	assert_int_equal(ffn_ep_init(ep, &cfg, &fake_ops, f), 0);
}

static void test_sri_loop_is_bounded(void **state)
{
	struct fake f = {0, 0};
	struct ffn_ep ep;

	(void)state;
	fake_ep(&ep, &f);
	/* more-pending never clears: the handler still returns. */
	assert_int_equal(ffn_ep_sri(&ep, 0), FFN_EP_INFO_MAX_ROUNDS);
	assert_int_equal(f.calls, FFN_EP_INFO_MAX_ROUNDS);
}

static void test_sri_accepts_success_32_and_rejects_bad(void **state)
{
	struct fake f = {0, 1};
	struct ffn_ep ep;

	(void)state;
	fake_ep(&ep, &f);
	/* INFO_GET_64 answered in the 32-bit convention: still read. */
	assert_int_equal(ffn_ep_sri(&ep, 0), 1);
	f.mode = 2;
	assert_int_equal(ffn_ep_sri(&ep, 0), FFN_INVALID_PARAMETERS);
	assert_int_equal(stats(&ep).info_errors, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_probe_discovers_ids_per_role),
		T(test_init_rejects_bad_config),
		T(test_dispatch_per_world_and_sender),
		T(test_request_twice_and_relinquish),
		T(test_per_vcpu_dispatch),
		T(test_ns_phys_sri_own_entry),
		T(test_info_get_loop_over_20_ids),
		T(test_info_get_32_convention),
		T(test_sri_runs_sp_and_npi_dispatches),
		T(test_sri_runs_each_listed_vcpu),
		T(test_el0_sp_polls),
		T(test_sri_error_from_sp),
#undef T
		cmocka_unit_test(test_sri_loop_is_bounded),
		cmocka_unit_test(test_sri_accepts_success_32_and_rejects_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
