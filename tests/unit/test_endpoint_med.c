// SPDX-License-Identifier: BSD-3-Clause
/*
 * The endpoint driver as a guest under the real mediator (and the real
 * SPMC behind it), on the host platform with no thread started: every
 * step is driven from the test. Covers the guest GET flags (all four
 * bitmaps), VM-to-VM dispatch, the guest INFO_GET loop over more than 20
 * IDs (own per-vCPU lists, each answered by a GET for that vCPU), NO_DATA
 * and a spurious SRI, and a scheduler VM whose FFA_RUN reaches an SP.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ffn/endpoint.h"
#include "ffn/mediator.h"
#include "sim.h"

#define BIGVM 5u
#define BIG_VCPUS 40u

struct seen {
	unsigned n;
	uint64_t vcpus; /* bit v: a callback for vCPU v */
	ffn_id_t sender;
	bool per_vcpu;
};

static void on_notif(void *arg, const struct ffn_ep_notif *n)
{
	struct seen *s = arg;

	s->n++;
	s->vcpus |= 1ull << n->vcpu;
	s->sender = n->sender;
	s->per_vcpu = n->per_vcpu;
}

static int setup(void **state)
{
	struct ffn_sim_config c;
	char err[256] = "";
	struct ffn_sim *s;

	memset(&c, 0, sizeof(c));
	c.cpus = 4;
	c.doms[c.dom_count++] =
		(struct ffn_sim_dom_desc){.id = 0x8001, .vcpus = 2};
	c.doms[c.dom_count++] = (struct ffn_sim_dom_desc){.id = 1, .vcpus = 1};
	c.doms[c.dom_count++] = (struct ffn_sim_dom_desc){.id = 2, .vcpus = 2};
	c.doms[c.dom_count++] = (struct ffn_sim_dom_desc){.id = 3, .vcpus = 1};
	c.doms[c.dom_count++] =
		(struct ffn_sim_dom_desc){.id = BIGVM, .vcpus = BIG_VCPUS};
	c.scheduler = 1;
	c.allow[c.allow_count++] =
		(struct ffn_sim_allow){.sender = 3, .receiver = 2};
	s = ffn_sim_new(&c, err, sizeof(err));
	if (s == NULL)
		fail_msg("ffn_sim_new: %s", err);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	ffn_sim_free(*state);
	return 0;
}

static struct ffn_ep *ep(struct ffn_sim *s, ffn_id_t id)
{
	struct ffn_ep *e = ffn_sim_ep(s, id);

	assert_non_null(e);
	return e;
}

static struct ffn_ep_stats stats(struct ffn_ep *e)
{
	struct ffn_ep_stats st;

	ffn_ep_get_stats(e, &st);
	return st;
}

static void test_guest_probe(void **state)
{
	struct ffn_sim *s = *state;

	/* The mediator's virtual IDs: NPI SGI 8, SRI SGI 9. */
	assert_int_equal(ffn_ep_npi_intid(ep(s, 2)), FFN_MED_VIRQ_NPI);
	assert_int_equal(ffn_ep_sri_intid(ep(s, 2)), FFN_MED_VIRQ_SRI);
	assert_int_equal(ffn_ep_npi_intid(ep(s, 0x8001)), 5);
	assert_true(ep(s, 2)->percpu_ok);
}

static void test_vm_to_vm_dispatch(void **state)
{
	struct ffn_sim *s = *state;
	struct seen seen = {0};

	assert_int_equal(
		ffn_ep_request(ep(s, 2), 0, 3, 5, false, on_notif, &seen), 0);
	assert_int_equal(ffn_ep_send(ep(s, 3), 0, 2, 5, false, 0, false), 0);
	/* GET with SP|VM|SPM|HYP: the mediator accepts all four. */
	assert_int_equal(ffn_ep_npi(ep(s, 2), 1), 1);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.sender, 3);
	assert_int_equal(stats(ep(s, 2)).get_errors, 0);
	assert_int_equal(ffn_ep_npi(ep(s, 2), 0), 0);
	assert_int_equal(stats(ep(s, 2)).npi_spurious, 1);
	/* Not allowed the other way round: DENIED at BIND. */
	assert_int_equal(
		ffn_ep_request(ep(s, 3), 0, 2, 5, false, on_notif, &seen),
		FFN_DENIED);
}

struct send_arg {
	ffn_id_t to;
	unsigned vcpus;
};

static void send_each_vcpu(struct ffn_ep *e, uint16_t vcpu, void *arg)
{
	struct send_arg *a = arg;

	for (unsigned i = 0; i < a->vcpus; i++)
		assert_int_equal(ffn_ep_send(e, vcpu, a->to, 1, true,
					     (uint16_t)i, false),
				 0);
}

static void test_guest_info_get_loop_over_20_ids(void **state)
{
	struct ffn_sim *s = *state;
	struct seen seen = {0};
	struct send_arg a = {BIGVM, BIG_VCPUS};
	struct ffn_ep *e = ep(s, BIGVM);

	assert_int_equal(ffn_ep_request(e, 0, 0x8001, 1, true, on_notif, &seen),
			 0);
	ffn_sim_sp_run(s, 0x8001, 0, send_each_vcpu, &a);
	/* The SRI's tasklet: the mediator drains the SPMC. */
	ffn_sim_sri_work(s, 0);
	/*
	 * The guest's INFO_GET lists its own ID with 3 vCPUs per list: 14
	 * lists, 54 IDs, 5 lists (20 IDs) per INFO_GET_64: 3 calls. Each
	 * list makes the driver GET for the vCPUs it names.
	 */
	assert_int_equal(ffn_ep_sri(e, 0), 14);
	assert_int_equal(stats(e).info_get_calls, 3);
	assert_int_equal(seen.n, BIG_VCPUS);
	assert_int_equal(seen.vcpus, (1ull << BIG_VCPUS) - 1u);
	assert_true(seen.per_vcpu);
	assert_int_equal(seen.sender, 0x8001);
	/* Nothing left: NO_DATA, a spurious SRI. */
	assert_int_equal(ffn_ep_sri(e, 0), 0);
	assert_int_equal(stats(e).sri_spurious, 1);
	assert_int_equal(stats(e).info_errors, 0);
	/* The NPIs the drain injected now find nothing: spurious, harmless. */
	assert_int_equal(ffn_ep_npi(e, 7), 0);
}

static void sp_bind_9(struct ffn_ep *e, uint16_t vcpu, void *arg)
{
	assert_int_equal(ffn_ep_request(e, vcpu, 2, 9, false, on_notif, arg),
			 0);
}

static void test_scheduler_runs_sp(void **state)
{
	struct ffn_sim *s = *state;
	struct seen seen = {0};
	struct ffn_ep *sched = ep(s, 1);

	/* The SP binds ID 9 for VM 2 (it runs to do so, then waits). */
	ffn_sim_sp_run(s, 0x8001, 0, sp_bind_9, &seen);
	assert_int_equal(ffn_ep_send(ep(s, 2), 0, 0x8001, 9, false, 0, false),
			 0);
	ffn_sim_sri_work(s, 0);
	/* The scheduler's INFO_GET lists the SP; the driver runs it. With no
	 * SP thread the run returns at once; the NPI is pended for it. */
	assert_int_equal(ffn_ep_sri(sched, 0), 1);
	assert_int_equal(stats(sched).runs, 1);
	assert_int_equal(stats(sched).run_errors, 0);
	assert_true(ffn_sim_virq_pending(s, 0x8001, 0, 5));
	/* The SP takes its NPI. */
	assert_int_equal(ffn_ep_npi(ep(s, 0x8001), 0), 1);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.sender, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_guest_probe),
		T(test_vm_to_vm_dispatch),
		T(test_guest_info_get_loop_over_20_ids),
		T(test_scheduler_runs_sp),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
