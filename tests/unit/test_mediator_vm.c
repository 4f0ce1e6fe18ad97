// SPDX-License-Identifier: BSD-3-Clause
/*
 * The mediator's instance and VM lifecycle against a real SPMC engine:
 * init and probing (firmware notifications on only with every answer),
 * domain creation and its SPMC bitmap, teardown (drain and retry when
 * DENIED, VM-to-VM bindings removed through the policy edges), VM ID
 * reuse, the freeable rule, the policy and scheduler setters.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "fake_host.h"

#define VM1 1u
#define VM2 2u
#define VM3 3u
#define VM4 4u

/* ------------------------------------------------------------------ */
/* Init and probing */

static void nop_smc(void *c, uint32_t cpu, struct ffn_regs *r)
{
	(void)c;
	(void)cpu;
	ffn_regs_error(r, FFN_NOT_SUPPORTED);
}

static void test_init_errors(void **state)
{
	struct ffn_mediator_config cfg = {
		.vm_capacity = 4,
		.sp_capacity = 4,
		.policy_capacity = 4,
		.cpu_count = 2,
	};
	struct ffn_mediator_ops ops = {.smc = nop_smc};
	struct ffn_mediator m;
	size_t size = ffn_mediator_storage_size(&cfg);
	void *mem = malloc(size);

	(void)state;
	assert_true(size > 0);
	/* Every op is required. */
	assert_int_equal(ffn_mediator_init(&m, &cfg, &ops, NULL, mem, size),
			 FFN_INVALID_PARAMETERS);
	cfg.cpu_count = 0;
	assert_int_equal(ffn_mediator_storage_size(&cfg), 0);
	cfg.cpu_count = 2;
	cfg.vm_capacity = 0;
	assert_int_equal(ffn_mediator_storage_size(&cfg), 0);
	free(mem);
}

static void test_init_small_storage(void **state)
{
	struct fake_host *h = fh_new(NULL);
	struct ffn_mediator_config cfg = {
		.vm_capacity = 4,
		.sp_capacity = 4,
		.policy_capacity = 4,
		.cpu_count = 2,
	};
	struct ffn_mediator m;
	size_t size = ffn_mediator_storage_size(&cfg);
	void *mem = malloc(size);

	(void)state;
	/* Borrow the fake host's complete ops table. */
	assert_int_equal(
		ffn_mediator_init(&m, &cfg, h->w.med.ops, h, mem, size - 8),
		FFN_NO_MEMORY);
	assert_int_equal(
		ffn_mediator_init(&m, &cfg, h->w.med.ops, h, mem, size),
		FFN_OK);
	free(mem);
	fh_free(h);
}

static void test_probe_ok(void **state)
{
	struct fake_host *h = fh_new(NULL);
	const struct fh_smc *s = NULL;

	(void)state;
	assert_true(ffn_mediator_fw_enabled(&h->w.med));
	for (unsigned c = 0; c < FH_CPUS; c++)
		assert_true(h->w.sri_registered[c]);
	assert_int_equal(fh_smcs(h, FFN_FID_VERSION, &s), 1);
	assert_int_equal(s->in.x[1], FFN_VERSION_1_2);
	/* SRI + 7 notification ABIs. */
	assert_int_equal(fh_smcs(h, FFN_FID_FEATURES, NULL), 8);
	fh_free(h);
}

/* What the hook makes the SPMC refuse during the probe. */
static uint32_t refuse_fid;
static uint32_t refuse_w1;
static uint32_t version_answer;

static bool hook_probe(struct fake_host *h, uint32_t cpu, struct ffn_regs *r)
{
	uint32_t fid = (uint32_t)r->x[0], w1 = (uint32_t)r->x[1];

	(void)h;
	(void)cpu;
	if (fid == FFN_FID_VERSION && version_answer) {
		ffn_regs_init(r, version_answer);
		return true;
	}
	if (fid == refuse_fid &&
	    (refuse_fid != FFN_FID_FEATURES || w1 == refuse_w1)) {
		ffn_regs_error(r, FFN_NOT_SUPPORTED);
		return true;
	}
	return false;
}

/* Firmware off: VM-to-VM works, SP-bound calls are NOT_SUPPORTED. */
static void check_fw_off(struct fake_host *h)
{
	assert_false(ffn_mediator_fw_enabled(&h->w.med));
	for (unsigned c = 0; c < FH_CPUS; c++)
		assert_false(h->w.sri_registered[c]);
	fh_clear(h);
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	assert_int_equal(fh_vm_create(h, VM2, 2), FFN_OK);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_BITMAP_CREATE, NULL),
			 0);
	assert_int_equal(fh_bind(h, VM1, FH_SP1, 0, 1), FFN_NOT_SUPPORTED);
	assert_int_equal(fh_unbind(h, VM1, FH_SP1, 1), FFN_NOT_SUPPORTED);
	assert_int_equal(fh_set(h, VM1, FH_SP1, 0, 1), FFN_NOT_SUPPORTED);
	/* Malformed calls are still INVALID_PARAMETERS first. */
	assert_int_equal(fh_bind(h, VM1, FH_SP1, 0, 0), FFN_INVALID_PARAMETERS);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM2, VM1), FFN_OK);
	assert_int_equal(fh_bind(h, VM1, VM2, 0, 1), FFN_OK);
	assert_int_equal(fh_set(h, VM2, VM1, 0, 1), FFN_OK);
	assert_int_equal(fh_irqs(h, VM1, 0, FFN_MED_VIRQ_NPI), 1);
	/* GET of every bitmap: VM bits, no SMC. */
	assert_int_equal(fh_get(h, VM1, 0, 0xF), FFN_OK);
	assert_int_equal(h->r.x[4], 1);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_GET, NULL), 0);
	/* A stray SRI work run does not touch the SPMC. */
	ffn_mediator_sri_work(&h->w.med, 0);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_INFO_GET_64, NULL), 0);
	assert_int_equal(fh_vm_destroy(h, VM1), FFN_OK);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_BITMAP_DESTROY, NULL),
			 0);
}

static void test_probe_refused(void **state)
{
	static const uint32_t fids[] = {
		FFN_FID_NOTIFICATION_BITMAP_CREATE,
		FFN_FID_NOTIFICATION_BITMAP_DESTROY,
		FFN_FID_NOTIFICATION_BIND,
		FFN_FID_NOTIFICATION_UNBIND,
		FFN_FID_NOTIFICATION_SET,
		FFN_FID_NOTIFICATION_GET,
		FFN_FID_NOTIFICATION_INFO_GET_64,
		FFN_FEAT_SRI,
	};
	struct fh_config cfg = {.hook = hook_probe};
	struct fake_host *h;

	(void)state;
	for (unsigned i = 0; i < sizeof(fids) / sizeof(fids[0]); i++) {
		refuse_fid = FFN_FID_FEATURES;
		refuse_w1 = fids[i];
		version_answer = 0;
		h = fh_new(&cfg);
		check_fw_off(h);
		fh_free(h);
	}
	/* An SPMC older than v1.1, or one with another major. */
	refuse_fid = 0;
	version_answer = FFN_VERSION_1_0;
	h = fh_new(&cfg);
	check_fw_off(h);
	fh_free(h);
	version_answer = 0x20000;
	h = fh_new(&cfg);
	check_fw_off(h);
	fh_free(h);
	version_answer = 0xFFFFFFFFu;
	h = fh_new(&cfg);
	check_fw_off(h);
	fh_free(h);
	version_answer = 0;
}

/* ------------------------------------------------------------------ */
/* Creation */

static bool hook_refuse_create(struct fake_host *h, uint32_t cpu,
			       struct ffn_regs *r)
{
	(void)h;
	(void)cpu;
	if ((uint32_t)r->x[0] != FFN_FID_NOTIFICATION_BITMAP_CREATE)
		return false;
	ffn_regs_error(r, FFN_NO_MEMORY);
	return true;
}

static void test_create(void **state)
{
	struct fh_config cfg = {.vm_capacity = 3};
	struct fake_host *h = fh_new(&cfg);
	const struct fh_smc *s = NULL;
	struct ffn_med_vm *vm = (void *)1;
	size_t size = ffn_med_vm_storage_size(2);
	void *mem = malloc(size);

	(void)state;
	assert_int_equal(fh_vm_create(h, VM1, 3), FFN_OK);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_BITMAP_CREATE, &s), 1);
	assert_int_equal(s->in.x[1], VM1);
	assert_int_equal(s->in.x[2], 3);
	assert_int_equal(fh_view(h, VM1, 0).version, FFN_VERSION_1_2);

	/* Bad arguments leave no trace and *vm NULL. */
	assert_int_equal(ffn_mediator_vm_create(&h->w.med, &vm, 0, 2, mem, size,
						0, NULL),
			 FFN_INVALID_PARAMETERS);
	assert_null(vm);
	assert_int_equal(ffn_mediator_vm_create(&h->w.med, &vm, FH_SP1, 2, mem,
						size, 0, NULL),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(ffn_mediator_vm_create(&h->w.med, &vm, 9, 0, mem, size,
						0, NULL),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(ffn_med_vm_storage_size(FFN_MED_MAX_VCPUS + 1), 0);
	assert_int_equal(ffn_mediator_vm_create(&h->w.med, &vm, 9, 2, mem,
						size - 1, 0, NULL),
			 FFN_NO_MEMORY);
	assert_int_equal(ffn_mediator_vm_create(&h->w.med, &vm, VM1, 2, mem,
						size, 0, NULL),
			 FFN_INVALID_PARAMETERS); /* ID in use */
	assert_int_equal(fh_stats(h).vms, 1);

	/* The SPMC refuses the bitmap: a clear error, nothing half set up. */
	h->hook = hook_refuse_create;
	assert_int_equal(fh_vm_create(h, VM2, 2), FFN_NO_MEMORY);
	assert_int_equal(fh_stats(h).vms, 1);
	assert_null(fh_vm(h, VM2));
	h->hook = NULL;
	assert_int_equal(fh_vm_create(h, VM2, 2), FFN_OK);

	/* Capacity. */
	assert_int_equal(fh_vm_create(h, VM3, 1), FFN_OK);
	assert_int_equal(ffn_mediator_vm_create(&h->w.med, &vm, VM4, 2, mem,
						size, 0, NULL),
			 FFN_NO_MEMORY);
	assert_int_equal(fh_vm_destroy(h, VM3), FFN_OK);
	assert_int_equal(fh_vm_create(h, VM4, 1), FFN_OK);
	assert_int_equal(fh_stats(h).vms, 3);
	free(mem);
	fh_free(h);
}

/* ------------------------------------------------------------------ */
/* Teardown and reuse */

static void test_destroy_pending(void **state)
{
	struct fake_host *h = fh_new(NULL);
	struct ffn_spmc_view sv;
	const struct fh_smc *s = NULL;

	(void)state;
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	assert_int_equal(fh_bind(h, VM1, FH_SP1, FFN_NOTIF_FLAG_PER_VCPU, 2),
			 FFN_OK);
	assert_int_equal(fh_bind(h, VM1, FH_SP1, 0, 1), FFN_OK);
	assert_int_equal(fh_sp_set(h, FH_SP1, VM1, 0, 1), FFN_OK);
	assert_int_equal(fh_sp_set(h, FH_SP1, VM1,
				   FFN_NOTIF_FLAG_PER_VCPU | (1u << 16), 2),
			 FFN_OK);
	fh_clear(h);
	/* DENIED (pending), drained by GET per vCPU, then destroyed. */
	assert_int_equal(fh_vm_destroy(h, VM1), FFN_OK);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_BITMAP_DESTROY, &s),
			 2);
	assert_int_equal(s->in.x[1], VM1);
	assert_int_equal((uint32_t)s->out.x[0], FFN_FID_SUCCESS_32);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_GET, &s), 2);
	assert_int_equal(s->in.x[1], ffn_w1_pack(1, VM1));
	assert_int_equal(s->in.x[2], FFN_GET_FLAG_SP | FFN_GET_FLAG_SPM);
	assert_int_equal(ffn_spmc_view(&h->w.spmc, VM1, 0, &sv),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_stats(h).vms, 0);

	/* The ID comes back with a fresh bitmap: nothing inherited. */
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	assert_int_equal(fh_sp_set(h, FH_SP1, VM1, 0, 1), FFN_DENIED);
	assert_int_equal(fh_get(h, VM1, 1, 0xF), FFN_OK);
	for (unsigned i = 2; i <= 7; i++)
		assert_int_equal(h->r.x[i], 0);
	fh_free(h);
}

static bool hook_destroy_denied(struct fake_host *h, uint32_t cpu,
				struct ffn_regs *r)
{
	(void)h;
	(void)cpu;
	if ((uint32_t)r->x[0] != FFN_FID_NOTIFICATION_BITMAP_DESTROY)
		return false;
	ffn_regs_error(r, FFN_DENIED);
	return true;
}

/* An SPMC that keeps refusing: bounded retries, the error reported. */
static void test_destroy_refused(void **state)
{
	struct fake_host *h = fh_new(NULL);

	(void)state;
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	h->hook = hook_destroy_denied;
	fh_clear(h);
	assert_int_equal(fh_vm_destroy(h, VM1), FFN_DENIED);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_BITMAP_DESTROY, NULL),
			 4);
	assert_int_equal(fh_stats(h).vms, 0);
	fh_free(h);
}

/*
 * A VM cannot be created before the probe: it would have no SPMC bitmap
 * once SP notifications come on, and its GET (SP|VM|SPM|HYP, as Linux
 * asks) would fail for ever. After a probe, on or off, creation works.
 */
static void test_create_before_probe_refused(void **state)
{
	struct fh_config cfg = {.no_probe = true};
	struct fake_host *h = fh_new(&cfg);

	(void)state;
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_NOT_READY);
	assert_int_equal(fh_stats(h).vms, 0);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_BITMAP_CREATE, NULL),
			 0);
	assert_int_equal(ffn_mediator_probe(&h->w.med, 0), FFN_OK);
	assert_true(ffn_mediator_fw_enabled(&h->w.med));
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	assert_int_equal(fh_get(h, VM1, 0, 0xF), FFN_OK);
	fh_clear(h);
	assert_int_equal(fh_vm_destroy(h, VM1), FFN_OK);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_BITMAP_DESTROY, NULL),
			 1);
	fh_free(h);
}

static bool hook_get_refused(struct fake_host *h, uint32_t cpu,
			     struct ffn_regs *r)
{
	(void)h;
	(void)cpu;
	if ((uint32_t)r->x[0] != FFN_FID_NOTIFICATION_GET)
		return false;
	ffn_regs_error(r, FFN_INVALID_PARAMETERS);
	return true;
}

/* A GET the SPMC refuses writes nothing: the secure records stay. */
static void test_refused_get_writes_nothing(void **state)
{
	struct fake_host *h = fh_new(NULL);
	size_t n = ffn_med_vm_storage_size(2);
	unsigned char *before = malloc(n);

	(void)state;
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	assert_int_equal(fh_bind(h, VM1, FH_SP1, 0, 0x1), FFN_OK);
	assert_int_equal(fh_bind(h, VM1, FH_SP1, FFN_NOTIF_FLAG_PER_VCPU, 0x2),
			 FFN_OK);
	assert_int_equal(fh_sp_set(h, FH_SP1, VM1, 0, 0x1), FFN_OK);
	assert_int_equal(fh_sp_set(h, FH_SP1, VM1,
				   FFN_NOTIF_FLAG_PER_VCPU | 1u << 16, 0x2),
			 FFN_OK);
	assert_true(fh_view(h, VM1, 1).sec_global);
	assert_true(fh_view(h, VM1, 1).sec_vcpu);
	memcpy(before, fh_vm(h, VM1)->storage, n);
	h->hook = hook_get_refused;
	assert_int_equal(fh_get(h, VM1, 1, 0xF), FFN_INVALID_PARAMETERS);
	assert_memory_equal(before, fh_vm(h, VM1)->storage, n);
	/* Once the SPMC answers again, the GET returns everything. */
	h->hook = NULL;
	assert_int_equal(fh_call(h, VM1, 1, FFN_FID_NOTIFICATION_INFO_GET_64, 0,
				 0, 0, 0),
			 FFN_OK);
	assert_int_equal(fh_get(h, VM1, 1, 0xF), FFN_OK);
	assert_int_equal(h->r.x[2], 0x3);
	free(before);
	fh_free(h);
}

/* Destroying a VM removes the bindings naming it, through its edges. */
static void test_destroy_unbinds_sender(void **state)
{
	struct fake_host *h = fh_new(NULL);
	unsigned gets;

	(void)state;
	for (ffn_id_t id = VM1; id <= VM4; id++)
		assert_int_equal(fh_vm_create(h, id, 2), FFN_OK);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM1, VM2), FFN_OK);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM1, VM3), FFN_OK);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM4, VM2), FFN_OK);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM2, VM4), FFN_OK);
	assert_int_equal(fh_bind(h, VM2, VM1, 0, 0x3), FFN_OK);
	assert_int_equal(fh_bind(h, VM3, VM1, FFN_NOTIF_FLAG_PER_VCPU, 0x4),
			 FFN_OK);
	assert_int_equal(fh_bind(h, VM2, VM4, 0, 0x30), FFN_OK);
	assert_int_equal(fh_bind(h, VM4, VM2, 0, 0x1), FFN_OK);
	assert_int_equal(fh_set(h, VM1, VM2, 0, 0x1), FFN_OK);
	assert_int_equal(
		fh_set(h, VM1, VM3, FFN_NOTIF_FLAG_PER_VCPU | (1u << 16), 0x4),
		FFN_OK);
	assert_int_equal(fh_stats(h).vm_bindings, 6);

	gets = h->w.vms.get_calls;
	assert_int_equal(fh_vm_destroy(h, VM1), FFN_OK);
	/* Exactly VM1's two receivers were visited. */
	assert_int_equal(h->w.vms.get_calls - gets, 2);
	assert_int_equal(fh_view(h, VM2, 0).bound, 0x30);
	assert_int_equal(fh_view(h, VM3, 0).bound, 0);
	assert_int_equal(fh_view(h, VM4, 0).bound, 0x1);
	assert_int_equal(fh_stats(h).vm_bindings, 3);
	/* What was delivered stays delivered. */
	assert_int_equal(fh_view(h, VM2, 0).pend_global, 0x1);
	assert_int_equal(fh_view(h, VM3, 1).pend_vcpu, 0x4);

	/* A new VM1 inherits no binding; the permission (about IDs) stays. */
	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	assert_int_equal(fh_set(h, VM1, VM2, 0, 0x2), FFN_DENIED);
	assert_int_equal(fh_set(h, VM1, VM3, FFN_NOTIF_FLAG_PER_VCPU, 0x4),
			 FFN_DENIED);
	/* The pending ID cannot be rebound until the receiver's GET. */
	assert_int_equal(fh_bind(h, VM2, VM1, 0, 0x1), FFN_DENIED);
	assert_int_equal(fh_bind(h, VM3, VM1, 0, 0x4), FFN_DENIED);
	assert_int_equal(fh_bind(h, VM2, VM1, 0, 0x2), FFN_OK);
	assert_int_equal(fh_set(h, VM1, VM2, 0, 0x2), FFN_OK);
	assert_int_equal(fh_get(h, VM2, 0, FFN_GET_FLAG_VM), FFN_OK);
	assert_int_equal(h->r.x[4], 0x3);
	assert_int_equal(fh_bind(h, VM2, VM1, 0, 0x1), FFN_OK);

	/* A re-created receiver starts empty, too. */
	assert_int_equal(fh_vm_destroy(h, VM4), FFN_OK);
	assert_int_equal(fh_vm_create(h, VM4, 2), FFN_OK);
	assert_int_equal(fh_view(h, VM4, 0).bound, 0);
	assert_int_equal(fh_set(h, VM2, VM4, 0, 0x1), FFN_DENIED);
	assert_int_equal(fh_call(h, VM4, 0, FFN_FID_NOTIFICATION_INFO_GET_64, 0,
				 0, 0, 0),
			 FFN_NO_DATA);
	fh_free(h);
}

/* A BIND naming a sender whose teardown has begun is refused. */
static void test_bind_dying_sender(void **state)
{
	struct fake_host *h = fh_new(NULL);
	struct ffn_hw_vm *v;

	(void)state;
	assert_int_equal(fh_vm_create(h, VM1, 1), FFN_OK);
	assert_int_equal(fh_vm_create(h, VM2, 1), FFN_OK);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM1, VM2), FFN_OK);
	/* Teardown started but the host's lookup still finds it. */
	v = fh_vm(h, VM1);
	ffn_atomic32_store(&v->med->dying, 1);
	assert_int_equal(fh_bind(h, VM2, VM1, 0, 1), FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_view(h, VM2, 0).bound, 0);
	ffn_atomic32_store(&v->med->dying, 0);
	assert_int_equal(fh_bind(h, VM2, VM1, 0, 1), FFN_OK);
	fh_free(h);
}

/* Freed only when no deferred work holds the context. */
static bool freeable_inside;
static bool destroyed_inside;

static void hook_destroy_in_irq(struct fake_host *h, ffn_id_t vm, uint16_t vcpu,
				uint32_t intid)
{
	struct ffn_hw_vm *v = fh_vm(h, vm);

	(void)vcpu;
	(void)intid;
	if (vm != VM1 || destroyed_inside)
		return;
	destroyed_inside = true;
	v->alive = false;
	assert_int_equal(ffn_mediator_vm_destroy(&h->w.med, v->med, 0), FFN_OK);
	freeable_inside = ffn_mediator_vm_freeable(&h->w.med, v->med);
}

static void test_freeable(void **state)
{
	struct fake_host *h = fh_new(NULL);

	(void)state;
	assert_int_equal(fh_vm_create(h, VM1, 1), FFN_OK);
	assert_false(ffn_mediator_vm_freeable(&h->w.med, fh_vm(h, VM1)->med));
	assert_int_equal(fh_bind(h, VM1, FH_SP1, 0, 1), FFN_OK);
	h->irq_hook = hook_destroy_in_irq;
	freeable_inside = true;
	destroyed_inside = false;
	/* The drain holds VM1 while it injects; VM1 is destroyed then. */
	assert_int_equal(fh_sp_set(h, FH_SP1, VM1, 0, 1), FFN_OK);
	assert_true(destroyed_inside);
	assert_false(freeable_inside);
	/* Once the drain let go, the host reaped it. */
	for (const struct ffn_hw_vm *v = h->w.vms.list; v != NULL; v = v->next)
		assert_false(v->id == VM1);
	fh_free(h);
}

/* ------------------------------------------------------------------ */
/* Setters */

static void test_allow_errors(void **state)
{
	struct fh_config cfg = {.policy_capacity = 2};
	struct fake_host *h = fh_new(&cfg);

	(void)state;
	assert_int_equal(ffn_mediator_allow(&h->w.med, 0, VM1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM1, 0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(ffn_mediator_allow(&h->w.med, FH_SP1, VM1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM1, FH_SP1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM1, VM1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM1, VM2), FFN_OK);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM2, VM1), FFN_OK);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM1, VM3),
			 FFN_NO_MEMORY);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM1, VM2), FFN_OK);
	fh_free(h);
}

/* Many edges: each pair answers for itself (hash collisions included). */
static void test_policy_table(void **state)
{
	struct fh_config cfg = {.policy_capacity = 600};
	struct fake_host *h = fh_new(&cfg);

	(void)state;
	assert_int_equal(fh_vm_create(h, 7, 1), FFN_OK);
	for (ffn_id_t s = 100; s < 700; s++)
		assert_int_equal(ffn_mediator_allow(&h->w.med, s, 7), FFN_OK);
	for (ffn_id_t s = 90; s < 710; s++) {
		int32_t want = (s >= 100 && s < 700) ? FFN_INVALID_PARAMETERS
						     : FFN_DENIED;
		/* Allowed but absent senders get INVALID, others DENIED. */
		assert_int_equal(fh_bind(h, 7, s, 0, 1), want);
	}
	fh_free(h);
}

static void test_set_scheduler(void **state)
{
	struct fake_host *h = fh_new(NULL);

	(void)state;
	assert_int_equal(ffn_mediator_set_scheduler(&h->w.med, 0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(ffn_mediator_set_scheduler(&h->w.med, FH_SP1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(ffn_mediator_set_scheduler(&h->w.med, VM1), FFN_OK);
	assert_int_equal(
		ffn_mediator_set_scheduler(&h->w.med, FFN_MED_NO_SCHEDULER),
		FFN_OK);
	fh_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_errors),
		cmocka_unit_test(test_init_small_storage),
		cmocka_unit_test(test_probe_ok),
		cmocka_unit_test(test_probe_refused),
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_destroy_pending),
		cmocka_unit_test(test_destroy_refused),
		cmocka_unit_test(test_create_before_probe_refused),
		cmocka_unit_test(test_refused_get_writes_nothing),
		cmocka_unit_test(test_destroy_unbinds_sender),
		cmocka_unit_test(test_bind_dying_sender),
		cmocka_unit_test(test_freeable),
		cmocka_unit_test(test_allow_errors),
		cmocka_unit_test(test_policy_table),
		cmocka_unit_test(test_set_scheduler),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
