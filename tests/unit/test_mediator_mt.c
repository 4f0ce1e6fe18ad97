// SPDX-License-Identifier: BSD-3-Clause
/*
 * The mediator under concurrency, against a real SPMC engine: a VM-to-VM
 * sender, an SP sender, receivers calling GET and INFO_GET, a tasklet
 * thread draining SRIs and a hotplug thread taking vCPUs offline and back,
 * all at once. Meant for ThreadSanitizer (make test-tsan). In any build it
 * checks that no interrupt is still held once every vCPU is back online,
 * and that whatever is pending at the end was announced by an NPI after
 * the last GET that could have taken it. (The exact hold/online race is
 * forced deterministically in test_mediator_drain.)
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "ffn/mediator.h"
#include "ffn/spmc.h"
#include "world.h"

#define CPUS 4u
#define NVMS 4u /* IDs 1..4, 2 vCPUs each */
#define VCPUS 2u
#define SP 0x8001u
#define ROUNDS 2000

/* What the threads saw of each VM. */
struct mt_vm {
	struct ffn_hw_vm *vm;
	/* Sequence numbers: the latest NPI into each vCPU / any vCPU, and
	 * the start of the latest GET on each vCPU / any vCPU. */
	_Atomic uint64_t npi_vcpu[VCPUS], npi_any;
	_Atomic uint64_t get_vcpu[VCPUS], get_any;
};

/* The hosted world (host/world.h): the SPMC, the mediator, the queue. */
static struct ffn_hw w;
static struct mt_vm vms[NVMS + 1];
static ffn_atomic32_t stop;
static ffn_atomic32_t go;    /* start gate: every thread starts together */
static _Atomic uint64_t seq; /* host test: C11 atomics, not the env's */
static ffn_spinlock_t sp_cpu_lock; /* one SP vCPU: one caller at a time */

static void store_max(_Atomic uint64_t *a, uint64_t v)
{
	uint64_t old = atomic_load(a);

	while (old < v && !atomic_compare_exchange_weak(a, &old, v))
		;
}

/* The mediator injects: on the thread whose call or drain did it. */
static void on_inject(void *c, struct ffn_hw_vm *vm, uint16_t vcpu,
		      uint32_t intid)
{
	uint64_t n = atomic_fetch_add(&seq, 1) + 1;

	(void)c;
	if (intid != FFN_MED_VIRQ_NPI)
		return;
	store_max(&vms[vm->id].npi_vcpu[vcpu], n);
	store_max(&vms[vm->id].npi_any, n);
}

static void call(ffn_id_t id, uint16_t vcpu, struct ffn_regs *r)
{
	ffn_hw_call_vm(&w, vms[id].vm, vcpu, r);
}

static int32_t vcall(ffn_id_t id, uint16_t vcpu, uint32_t fid, uint32_t w1,
		     uint32_t w2, uint32_t w3)
{
	struct ffn_regs r;

	ffn_hw_regs(&r, fid, w1, w2, w3, 0);
	call(id, vcpu, &r);
	return ffn_regs_error_code(&r);
}

/* Take SRIs and run the work, like the host's interrupt + tasklet. */
static bool run_once(void)
{
	return ffn_hw_settle(&w, 0) > 0;
}

static void wait_go(void)
{
	while (!ffn_atomic32_load(&go))
		ffn_host_yield();
}

static void *tasklet(void *arg)
{
	(void)arg;
	wait_go();
	while (!ffn_atomic32_load(&stop))
		if (!run_once())
			ffn_host_yield();
	return NULL;
}

/* VM1 -> VM2..4, global bit 0 and per-vCPU bit 1 (vCPU alternating). */
static void *vm_sender(void *arg)
{
	(void)arg;
	wait_go();
	for (int i = 0; i < ROUNDS; i++) {
		ffn_host_yield(); /* interleave with the others */
		ffn_id_t to = (ffn_id_t)(2 + i % 3);
		uint32_t flags = (i & 1) ? FFN_NOTIF_FLAG_PER_VCPU |
						   ((uint32_t)(i / 2 % 2) << 16)
					 : 0;

		assert_int_equal(vcall(1, 0, FFN_FID_NOTIFICATION_SET,
				       ffn_w1_pack(1, to), flags,
				       (i & 1) ? 2u : 1u),
				 FFN_OK);
	}
	return NULL;
}

/* SP -> VM2..4, bit 2 global. */
static void *sp_sender(void *arg)
{
	(void)arg;
	wait_go();
	for (int i = 0; i < ROUNDS; i++) {
		ffn_host_yield(); /* interleave with the others */
		ffn_id_t to = (ffn_id_t)(2 + i % 3);
		struct ffn_regs r;

		ffn_spin_lock(&sp_cpu_lock);
		ffn_regs_init(&r, FFN_FID_NOTIFICATION_SET);
		r.x[1] = ffn_w1_pack(SP, to);
		r.x[3] = 4;
		ffn_hw_call_sp(&w, SP, 0, &r);
		assert_int_equal(ffn_regs_error_code(&r), FFN_OK);
		ffn_hw_sp_msg_wait(&w, SP, 0, &r);
		ffn_spin_unlock(&sp_cpu_lock);
	}
	return NULL;
}

/* Receivers: GET and INFO_GET on all their vCPUs. */
static void *receiver(void *arg)
{
	(void)arg;
	wait_go();
	for (int i = 0; i < ROUNDS; i++) {
		ffn_host_yield(); /* interleave with the others */
		ffn_id_t id = (ffn_id_t)(2 + i % 3);
		uint16_t v = (uint16_t)(i % VCPUS);
		uint64_t n = atomic_fetch_add(&seq, 1) + 1;
		int32_t rc;

		store_max(&vms[id].get_vcpu[v], n);
		store_max(&vms[id].get_any, n);
		assert_int_equal(vcall(id, v, FFN_FID_NOTIFICATION_GET,
				       ffn_w1_pack(v, id), 0xF, 0),
				 FFN_OK);
		rc = vcall(id, v, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0);
		assert_true(rc == FFN_OK || rc == FFN_NO_DATA);
	}
	return NULL;
}

/* Hotplug: vCPUs of VM2 and VM3 go offline and come back. */
static void *hotplug(void *arg)
{
	(void)arg;
	wait_go();
	for (int i = 0; i < ROUNDS; i++) {
		ffn_id_t id = (ffn_id_t)(2 + i % 2);
		uint16_t v = (uint16_t)(i / 2 % VCPUS);

		ffn_hw_vcpu_set(&w, vms[id].vm, v, false);
		/* Long enough for SETs and drains to find it offline. */
		for (int k = 0; k < 20; k++)
			ffn_host_yield();
		ffn_hw_vcpu_set(&w, vms[id].vm, v, true);
	}
	return NULL;
}

static void test_concurrent(void **state)
{
	struct ffn_spmc_sp_desc sp = {
		.id = SP, .vcpu_count = 1, .notifications = true};
	struct ffn_hw_desc d = {
		.cpus = CPUS,
		.hyp = true,
		.sps = &sp,
		.sp_count = 1,
		.vm_capacity = 8,
		.vm_max_vcpus = VCPUS,
		.sp_capacity = 4,
		.policy_capacity = 16,
	};
	pthread_t t[5];

	(void)state;
	ffn_spin_init(&sp_cpu_lock);
	w.obs.inject = on_inject;
	assert_int_equal(ffn_hw_init(&w, &d), 0);
	assert_true(ffn_mediator_fw_enabled(&w.med));
	for (ffn_id_t id = 1; id <= NVMS; id++)
		assert_int_equal(ffn_hw_vm_create(&w, id, VCPUS, &vms[id].vm),
				 FFN_OK);
	for (ffn_id_t id = 2; id <= NVMS; id++) {
		assert_int_equal(ffn_mediator_allow(&w.med, 1, id), FFN_OK);
		assert_int_equal(vcall(id, 0, FFN_FID_NOTIFICATION_BIND,
				       ffn_w1_pack(1, id), 0, 1),
				 FFN_OK);
		assert_int_equal(vcall(id, 0, FFN_FID_NOTIFICATION_BIND,
				       ffn_w1_pack(1, id),
				       FFN_NOTIF_FLAG_PER_VCPU, 2),
				 FFN_OK);
		assert_int_equal(vcall(id, 0, FFN_FID_NOTIFICATION_BIND,
				       ffn_w1_pack(SP, id), 0, 4),
				 FFN_OK);
	}

	pthread_create(&t[0], NULL, tasklet, NULL);
	pthread_create(&t[1], NULL, vm_sender, NULL);
	pthread_create(&t[2], NULL, sp_sender, NULL);
	pthread_create(&t[3], NULL, receiver, NULL);
	pthread_create(&t[4], NULL, hotplug, NULL);
	ffn_atomic32_store(&go, 1);
	for (int i = 1; i < 5; i++)
		pthread_join(t[i], NULL);
	ffn_atomic32_store(&stop, 1);
	pthread_join(t[0], NULL);
	while (run_once())
		;

	/*
	 * Whatever is still pending was announced by an NPI that came after
	 * the last GET that could have taken it: global IDs (VM bit 0, SP
	 * bit 2) by an NPI into any vCPU after any GET, per-vCPU ID 1 by an
	 * NPI into that vCPU after a GET on that vCPU.
	 */
	for (ffn_id_t id = 2; id <= NVMS; id++) {
		struct mt_vm *m = &vms[id];
		uint64_t global = 0;

		for (uint16_t v = 0; v < VCPUS; v++) {
			struct ffn_med_vm_view vw;
			struct ffn_regs r;

			assert_int_equal(ffn_mediator_vm_view(
						 &w.med, m->vm->med, v, &vw),
					 FFN_OK);
			assert_int_equal(vw.held_global, 0);
			assert_false(vw.held_vcpu);
			ffn_regs_init(&r, FFN_FID_NOTIFICATION_GET);
			r.x[1] = ffn_w1_pack(v, id);
			r.x[2] = 0xF;
			call(id, v, &r);
			global |= (r.x[4] & 1) | (r.x[2] & 4);
			if (r.x[4] & 2)
				assert_true(atomic_load(&m->npi_vcpu[v]) >
					    atomic_load(&m->get_vcpu[v]));
		}
		if (global)
			assert_true(atomic_load(&m->npi_any) >
				    atomic_load(&m->get_any));
	}
	for (ffn_id_t id = 1; id <= NVMS; id++)
		assert_int_equal(ffn_hw_vm_destroy(&w, vms[id].vm), FFN_OK);
	/* Nothing holds them any more: the settle frees every one. */
	assert_true(ffn_hw_settle(&w, 0) >= 0);
	assert_int_equal(ffn_hw_vm_count(&w), 0);
	ffn_hw_fini(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
