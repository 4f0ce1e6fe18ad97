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
#include "host_world.h"

#define CPUS 4u
#define NVMS 4u /* IDs 1..4, 2 vCPUs each */
#define VCPUS 2u
#define SP 0x8001u
#define ROUNDS 2000

struct mt_vm {
	void *storage;
	struct ffn_med_vm *med;
	ffn_atomic32_t online[VCPUS];
	/* Sequence numbers: the latest NPI into each vCPU / any vCPU, and
	 * the start of the latest GET on each vCPU / any vCPU. */
	_Atomic uint64_t npi_vcpu[VCPUS], npi_any;
	_Atomic uint64_t get_vcpu[VCPUS], get_any;
};

static struct ffn_spmc spmc;
static struct ffn_mediator med;
static struct mt_vm vms[NVMS + 1];
static ffn_atomic32_t sri_pending[CPUS];
static ffn_atomic32_t work_pending;
static ffn_atomic32_t stop;
static ffn_atomic32_t go;    /* start gate: every thread starts together */
static _Atomic uint64_t seq; /* host test: C11 atomics, not the env's */
static ffn_spinlock_t sp_cpu_lock; /* one SP vCPU: one caller at a time */

static void raise_sri(void *c, uint32_t cpu)
{
	(void)c;
	ffn_atomic32_add(&sri_pending[cpu], 1);
}

static void pend_npi(void *c, ffn_id_t sp, uint16_t vcpu)
{
	(void)c;
	(void)sp;
	(void)vcpu;
}

static const struct ffn_spmc_ops spmc_ops = {raise_sri, pend_npi};

static struct mt_vm *of(struct ffn_med_vm *vm)
{
	return ffn_med_vm_host(vm);
}

static void op_smc(void *c, uint32_t cpu, struct ffn_regs *r)
{
	(void)c;
	ffn_spmc_call_ns(&spmc, cpu, r);
}

static void store_max(_Atomic uint64_t *a, uint64_t v)
{
	uint64_t old = atomic_load(a);

	while (old < v && !atomic_compare_exchange_weak(a, &old, v))
		;
}

static void op_inject(void *c, struct ffn_med_vm *vm, uint16_t vcpu,
		      uint32_t intid)
{
	uint64_t n = atomic_fetch_add(&seq, 1) + 1;

	(void)c;
	if (intid != FFN_MED_VIRQ_NPI)
		return;
	store_max(&of(vm)->npi_vcpu[vcpu], n);
	store_max(&of(vm)->npi_any, n);
}

static bool op_online(void *c, struct ffn_med_vm *vm, uint16_t vcpu)
{
	(void)c;
	return ffn_atomic32_load(&of(vm)->online[vcpu]) != 0;
}

static struct ffn_med_vm *op_get(void *c, ffn_id_t id)
{
	(void)c;
	return id >= 1 && id <= NVMS ? vms[id].med : NULL;
}

static void op_put(void *c, struct ffn_med_vm *vm)
{
	(void)c;
	(void)vm;
}

static void op_schedule(void *c)
{
	(void)c;
	ffn_atomic32_add(&work_pending, 1);
}

static int op_register(void *c, uint32_t cpu, uint32_t intid)
{
	(void)c;
	(void)cpu;
	(void)intid;
	return 0;
}

static const struct ffn_mediator_ops med_ops = {
	op_smc, op_inject, op_online, op_get, op_put, op_schedule, op_register,
};

static void call(ffn_id_t id, uint16_t vcpu, struct ffn_regs *r)
{
	ffn_mediator_call(&med, vms[id].med, vcpu, vcpu % CPUS, r);
}

static int32_t vcall(ffn_id_t id, uint16_t vcpu, uint32_t fid, uint32_t w1,
		     uint32_t w2, uint32_t w3)
{
	struct ffn_regs r;

	ffn_regs_init(&r, fid);
	r.x[1] = w1;
	r.x[2] = w2;
	r.x[3] = w3;
	call(id, vcpu, &r);
	return ffn_regs_error_code(&r);
}

/* Take SRIs and run the work, like the host's interrupt + tasklet. */
static bool run_once(void)
{
	bool did = false;

	for (uint32_t c = 0; c < CPUS; c++) {
		while (ffn_atomic32_load(&sri_pending[c])) {
			ffn_atomic32_sub(&sri_pending[c], 1);
			ffn_mediator_sri_irq(&med, c);
			did = true;
		}
	}
	while (ffn_atomic32_load(&work_pending)) {
		ffn_atomic32_sub(&work_pending, 1);
		ffn_mediator_sri_work(&med, 1);
		did = true;
	}
	return did;
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
		ffn_spmc_call_sp(&spmc, SP, 0, 3, &r);
		assert_int_equal(ffn_regs_error_code(&r), FFN_OK);
		ffn_regs_init(&r, FFN_FID_MSG_WAIT);
		ffn_spmc_call_sp(&spmc, SP, 0, 3, &r);
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

		ffn_atomic32_store(&vms[id].online[v], 0);
		/* Long enough for SETs and drains to find it offline. */
		for (int k = 0; k < 20; k++)
			ffn_host_yield();
		ffn_atomic32_store(&vms[id].online[v], 1);
		ffn_mediator_vcpu_online(&med, vms[id].med, v);
	}
	return NULL;
}

static void test_concurrent(void **state)
{
	struct ffn_spmc_sp_desc sp = {
		.id = SP, .vcpu_count = 1, .notifications = true};
	struct ffn_spmc_config sc = {.sps = &sp,
				     .sp_count = 1,
				     .vm_capacity = 8,
				     .vm_max_vcpus = VCPUS,
				     .cpu_count = CPUS};
	struct ffn_mediator_config mc = {
		.vm_capacity = 8,
		.sp_capacity = 4,
		.policy_capacity = 16,
		.cpu_count = CPUS,
	};
	size_t s1 = ffn_spmc_storage_size(&sc),
	       s2 = ffn_mediator_storage_size(&mc);
	void *m1 = aligned_alloc(8, (s1 + 7) & ~7ul);
	void *m2 = aligned_alloc(8, (s2 + 7) & ~7ul);
	pthread_t t[5];

	ffn_host_spmc_intids(&sc);
	(void)state;
	ffn_spin_init(&sp_cpu_lock);
	assert_int_equal(ffn_spmc_init(&spmc, &sc, &spmc_ops, NULL, m1, s1),
			 FFN_OK);
	assert_int_equal(ffn_mediator_init(&med, &mc, &med_ops, NULL, m2, s2),
			 FFN_OK);
	assert_int_equal(ffn_mediator_probe(&med, 0), FFN_OK);
	assert_true(ffn_mediator_fw_enabled(&med));
	for (ffn_id_t id = 1; id <= NVMS; id++) {
		size_t sz = ffn_med_vm_storage_size(VCPUS);

		vms[id].storage = aligned_alloc(8, (sz + 7) & ~7ul);
		for (unsigned v = 0; v < VCPUS; v++)
			ffn_atomic32_store(&vms[id].online[v], 1);
		assert_int_equal(ffn_mediator_vm_create(&med, &vms[id].med, id,
							VCPUS, vms[id].storage,
							sz, 0, &vms[id]),
				 FFN_OK);
	}
	for (ffn_id_t id = 2; id <= NVMS; id++) {
		assert_int_equal(ffn_mediator_allow(&med, 1, id), FFN_OK);
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

			assert_int_equal(
				ffn_mediator_vm_view(&med, m->med, v, &vw),
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
	for (ffn_id_t id = 1; id <= NVMS; id++) {
		assert_int_equal(ffn_mediator_vm_destroy(&med, vms[id].med, 0),
				 FFN_OK);
		assert_true(ffn_mediator_vm_freeable(&med, vms[id].med));
		free(vms[id].storage);
	}
	free(m1);
	free(m2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
