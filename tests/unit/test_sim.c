// SPDX-License-Identifier: BSD-3-Clause
/*
 * The host platform (sim/): exact counts on every path under real
 * threads, domain references that keep a destroyed VM's context alive,
 * VM churn with re-binding, the sequence-diagram capture, and the
 * synchronous FFA_RUN (no BUSY from the engine, every run answered).
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ffn/endpoint.h"
#include "ffn/mediator.h"
#include "ffn/spmc.h"
#include "sim.h"

static void base_config(struct ffn_sim_config *c)
{
	memset(c, 0, sizeof(*c));
	c->cpus = 2;
	c->doms[c->dom_count++] =
		(struct ffn_sim_dom_desc){.id = 0x8001, .vcpus = 2};
	c->doms[c->dom_count++] = (struct ffn_sim_dom_desc){
		.id = 0x8002, .vcpus = 1, .el0 = true};
	c->doms[c->dom_count++] =
		(struct ffn_sim_dom_desc){.id = 1, .vcpus = 1};
	c->doms[c->dom_count++] =
		(struct ffn_sim_dom_desc){.id = 2, .vcpus = 2};
	c->doms[c->dom_count++] =
		(struct ffn_sim_dom_desc){.id = 3, .vcpus = 2};
	c->scheduler = 1;
	c->allow[c->allow_count++] =
		(struct ffn_sim_allow){.sender = 2, .receiver = 3};
	c->flows[c->flow_count++] = (struct ffn_sim_flow_desc){
		.sender = 0x8001, .receiver = 2, .id = 1};
	c->flows[c->flow_count++] =
		(struct ffn_sim_flow_desc){.sender = 0x8001,
					   .sender_vcpu = 1,
					   .receiver = 3,
					   .receiver_vcpu = 1,
					   .per_vcpu = true,
					   .id = 2};
	c->flows[c->flow_count++] = (struct ffn_sim_flow_desc){
		.sender = 2, .receiver = 0x8001, .id = 3};
	c->flows[c->flow_count++] = (struct ffn_sim_flow_desc){
		.sender = 3, .receiver = 0x8002, .id = 4};
	c->flows[c->flow_count++] =
		(struct ffn_sim_flow_desc){.sender = 0x8001,
					   .receiver = 0x8002,
					   .id = 5,
					   .delay_sri = true};
	c->flows[c->flow_count++] =
		(struct ffn_sim_flow_desc){.sender = 2, .receiver = 3, .id = 6};
	c->count = 1200;
	c->rate = 0;
	c->seed = 3;
}

static struct ffn_sim *new_sim(const struct ffn_sim_config *c)
{
	char err[256] = "";
	struct ffn_sim *s = ffn_sim_new(c, err, sizeof(err));

	if (s == NULL)
		fail_msg("ffn_sim_new: %s", err);
	return s;
}

static void assert_balanced(const struct ffn_sim_result *r)
{
	for (unsigned p = 0; p < FFN_SIM_PATH_COUNT; p++) {
		const struct ffn_sim_row *w = &r->row[p];

		assert_int_equal(w->lost, 0);
		/* Refused SETs would mean a binding was not made again. */
		assert_int_equal(w->rejected, 0);
		assert_int_equal(w->sent, w->delivered + w->coalesced +
						  w->discarded + w->lost);
	}
	assert_int_equal(r->sri_unhandled, 0);
	assert_int_equal(r->run_errors, 0);
}

static void test_every_path_counts_balance(void **state)
{
	struct ffn_sim_config c;
	struct ffn_sim_result r;
	struct ffn_sim *s;
	uint64_t sent = 0;

	(void)state;
	base_config(&c);
	s = new_sim(&c);
	assert_int_equal(ffn_sim_start(s), 0);
	ffn_sim_run(s, NULL, NULL);
	ffn_sim_stop(s, &r);
	assert_balanced(&r);
	for (unsigned p = 0; p < FFN_SIM_PATH_COUNT; p++) {
		if (p == FFN_SIM_PATH_SP_VM_VCPU || p == FFN_SIM_PATH_SP_VM ||
		    p == FFN_SIM_PATH_VM_SP || p == FFN_SIM_PATH_SP_SP ||
		    p == FFN_SIM_PATH_VM_VM)
			assert_true(r.row[p].delivered > 0);
		sent += r.row[p].sent;
	}
	assert_int_equal(sent, 1200);
	/* SP receivers were reached only through the scheduler's runs. */
	assert_true(r.runs > 0);
	assert_true(r.sched_sri > 0);
	ffn_sim_free(s);
}

static void test_reference_keeps_destroyed_vm(void **state)
{
	struct ffn_sim_config c;
	struct ffn_sim *s;
	struct ffn_med_vm *vm;

	(void)state;
	base_config(&c);
	s = new_sim(&c);
	/* Deferred work holds VM 2 (the mediator's vm_get) ... */
	vm = ffn_sim_vm_get(s, 2);
	assert_non_null(vm);
	/* ... while the toolstack destroys it. */
	ffn_sim_vm_destroy(s, 2);
	assert_null(ffn_sim_vm_get(s, 2));
	assert_int_equal(ffn_sim_vms_freed(s), 0);
	ffn_sim_vm_put(s, vm);
	assert_int_equal(ffn_sim_vms_freed(s), 1);
	/* The same ID can come back. */
	assert_int_equal(ffn_sim_vm_create(s, 2), FFN_OK);
	assert_non_null(vm = ffn_sim_vm_get(s, 2));
	ffn_sim_vm_put(s, vm);
	ffn_sim_free(s);
}

static void test_churn_rebinds_and_delivers(void **state)
{
	struct ffn_sim_config c;
	struct ffn_sim_result r;
	struct ffn_sim *s;

	(void)state;
	base_config(&c);
	/* VM 2 sends VM-to-VM and to an SP, and receives from an SP; VM 3
	 * receives from VM 2 and from an SP per-vCPU. */
	c.churn[c.churn_count++] =
		(struct ffn_sim_churn){.vm = 2, .at_percent = 20};
	c.churn[c.churn_count++] =
		(struct ffn_sim_churn){.vm = 3, .at_percent = 50};
	c.churn[c.churn_count++] =
		(struct ffn_sim_churn){.vm = 2, .at_percent = 80};
	c.rate = 20000;
	s = new_sim(&c);
	assert_int_equal(ffn_sim_start(s), 0);
	ffn_sim_run(s, NULL, NULL);
	ffn_sim_stop(s, &r);
	assert_balanced(&r);
	assert_int_equal(r.churns, 3);
	assert_int_equal(r.vm_freed, 3);
	assert_int_equal(r.leaked, 0);
	/* Every flow still delivered after the last churn: the bindings
	 * the mediator dropped with the sender were made again. */
	for (unsigned i = 0; i < c.flow_count; i++)
		assert_true(ffn_sim_flow_delivered(s, i) > 0);
	ffn_sim_free(s);
}

static void test_capture_draws_first_deliveries(void **state)
{
	struct ffn_sim_config c;
	struct ffn_sim_result r;
	struct ffn_sim *s;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	base_config(&c);
	c.count = 60;
	s = new_sim(&c);
	assert_int_equal(ffn_sim_start(s), 0);
	/* One per path: SP->VM, SP->VM per-vCPU, VM->SP, SP->SP, VM->VM. */
	assert_int_equal(ffn_sim_capture(s, 8), 5);
	ffn_sim_run(s, NULL, NULL);
	ffn_sim_stop(s, &r);
	assert_balanced(&r);
	f = open_memstream(&buf, &len);
	assert_int_equal(ffn_sim_write_svg(s, f), 0);
	fclose(f);
	assert_non_null(strstr(buf, "5. VM -&gt; VM: vm:2.0 -&gt; vm:3 id 6"));
	assert_non_null(strstr(buf, "FFA_RUN w1=0x80010000"));
	assert_non_null(strstr(buf, "vSRI (vSGI 9) vm:1.0"));
	assert_non_null(strstr(buf, "callback: id 6 from vm:2"));
	free(buf);
	ffn_sim_free(s);
}

/* A VM whose vCPUs all go offline: the mediator holds its NPIs and
 * injects them when one comes back; nothing is lost. */
static void test_offline_vcpu_holds_then_delivers(void **state)
{
	struct ffn_sim_config c;
	struct ffn_sim_result r;
	struct ffn_sim *s;

	(void)state;
	base_config(&c);
	c.rate = 20000;
	for (uint16_t v = 0; v < 2; v++) {
		c.vcpu_ev[c.vcpu_ev_count++] = (struct ffn_sim_vcpu_event){
			.vm = 2, .vcpu = v, .online = false, .at_percent = 10};
	}
	for (uint16_t v = 0; v < 2; v++) {
		c.vcpu_ev[c.vcpu_ev_count++] = (struct ffn_sim_vcpu_event){
			.vm = 2, .vcpu = v, .online = true, .at_percent = 60};
	}
	s = new_sim(&c);
	assert_int_equal(ffn_sim_start(s), 0);
	ffn_sim_run(s, NULL, NULL);
	ffn_sim_stop(s, &r);
	assert_balanced(&r);
	assert_int_equal(r.vcpu_offline, 2);
	assert_true(r.npi_held > 0);
	assert_true(r.row[FFN_SIM_PATH_SP_VM].delivered > 0);
	ffn_sim_free(s);
}

/* No hypervisor: the NS instance's driver is the SRI handler and the
 * scheduler (GET with SP|SPM, FFA_RUN of SP entries). */
static void test_hypervisor_off(void **state)
{
	struct ffn_sim_config c;
	struct ffn_sim_result r;
	struct ffn_sim *s;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.cpus = 2;
	c.hyp_off = true;
	c.doms[c.dom_count++] =
		(struct ffn_sim_dom_desc){.id = 0x8001, .vcpus = 2};
	c.doms[c.dom_count++] = (struct ffn_sim_dom_desc){
		.id = 0x8002, .vcpus = 1, .el0 = true};
	c.flows[c.flow_count++] = (struct ffn_sim_flow_desc){
		.sender = 0x8001, .receiver = 0, .id = 1};
	c.flows[c.flow_count++] = (struct ffn_sim_flow_desc){.sender = 0x8001,
							     .sender_vcpu = 1,
							     .receiver = 0,
							     .receiver_vcpu = 1,
							     .per_vcpu = true,
							     .id = 2};
	c.flows[c.flow_count++] = (struct ffn_sim_flow_desc){
		.sender = 0, .sender_vcpu = 1, .receiver = 0x8002, .id = 3};
	c.count = 900;
	c.rate = 20000;
	s = new_sim(&c);
	assert_int_equal(ffn_sim_start(s), 0);
	ffn_sim_run(s, NULL, NULL);
	ffn_sim_stop(s, &r);
	assert_balanced(&r);
	assert_true(r.row[FFN_SIM_PATH_SP_NS].delivered > 0);
	assert_true(r.row[FFN_SIM_PATH_SP_NS_VCPU].delivered > 0);
	assert_true(r.row[FFN_SIM_PATH_NS_SP].delivered > 0);
	assert_true(r.runs > 0);
	/* The NS driver never asked for the VM or HYP bitmaps. */
	assert_int_equal(ffn_sim_scheduler_ep(s)->cfg.role,
			 FFN_EP_ROLE_NS_PHYS);
	{
		struct ffn_ep_stats es;

		ffn_ep_get_stats(ffn_sim_scheduler_ep(s), &es);
		assert_int_equal(es.get_errors, 0);
	}
	ffn_sim_free(s);
}

/* The loss detector itself: a receiver that drops its callback. */
static void test_lost_notifications_are_counted(void **state)
{
	struct ffn_sim_config c;
	struct ffn_sim_result r;
	struct ffn_sim *s;

	(void)state;
	base_config(&c);
	c.count = 300;
	s = new_sim(&c);
	/* VM 2 forgets notification 1 from the SP: GET still clears the
	 * bit, but no callback runs, so nothing is delivered. */
	assert_int_equal(ffn_ep_forget(ffn_sim_ep(s, 2), FFN_EP_FROM_SP, 1), 0);
	assert_int_equal(ffn_sim_start(s), 0);
	ffn_sim_run(s, NULL, NULL);
	ffn_sim_stop(s, &r);
	assert_int_equal(r.row[FFN_SIM_PATH_SP_VM].delivered, 0);
	assert_true(r.row[FFN_SIM_PATH_SP_VM].lost > 0);
	assert_int_equal(r.row[FFN_SIM_PATH_SP_VM].sent,
			 r.row[FFN_SIM_PATH_SP_VM].lost +
				 r.row[FFN_SIM_PATH_SP_VM].coalesced);
	/* The other paths are unaffected. */
	assert_int_equal(r.row[FFN_SIM_PATH_VM_VM].lost, 0);
	ffn_sim_free(s);
}

/* A bitmap nobody owns at the SPMC is reported as leaked state. */
static void test_leaked_slot_is_counted(void **state)
{
	struct ffn_sim_config c;
	struct ffn_sim_result r;
	struct ffn_regs regs;
	struct ffn_sim *s;

	(void)state;
	base_config(&c);
	c.count = 50;
	s = new_sim(&c);
	assert_int_equal(ffn_sim_start(s), 0);
	ffn_sim_run(s, NULL, NULL);
	ffn_regs_init(&regs, FFN_FID_NOTIFICATION_BITMAP_CREATE);
	regs.x[1] = 0x7000;
	regs.x[2] = 1;
	ffn_sim_spmc_call_ns(s, 0, &regs);
	assert_int_equal((uint32_t)regs.x[0], FFN_FID_SUCCESS_32);
	ffn_sim_stop(s, &r);
	assert_int_equal(r.leaked, 1);
	ffn_sim_free(s);
}

static void test_setup_errors(void **state)
{
	struct ffn_sim_config c;
	char err[256];

	(void)state;
	base_config(&c);
	c.scheduler = 0x8001; /* not a VM */
	assert_null(ffn_sim_new(&c, err, sizeof(err)));
	assert_non_null(strstr(err, "scheduler"));
	base_config(&c);
	c.allow_count = 0; /* VM 2 -> VM 3 now DENIED at BIND */
	assert_null(ffn_sim_new(&c, err, sizeof(err)));
	assert_non_null(strstr(err, "BIND failed (DENIED)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_path_counts_balance),
		cmocka_unit_test(test_reference_keeps_destroyed_vm),
		cmocka_unit_test(test_churn_rebinds_and_delivers),
		cmocka_unit_test(test_capture_draws_first_deliveries),
		cmocka_unit_test(test_offline_vcpu_holds_then_delivers),
		cmocka_unit_test(test_hypervisor_off),
		cmocka_unit_test(test_lost_notifications_are_counted),
		cmocka_unit_test(test_leaked_slot_is_counted),
		cmocka_unit_test(test_setup_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
