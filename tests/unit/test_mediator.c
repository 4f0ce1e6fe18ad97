// SPDX-License-Identifier: BSD-3-Clause
/*
 * The mediator's guest ABI, against a real SPMC engine behind a fake
 * host: FFA_VERSION, FFA_FEATURES, every error row of BIND, UNBIND, SET,
 * GET and INFO_GET in its check order (reserved bits one at a time,
 * spoofing in every ABI), forwarding to the SPMC (the register layout,
 * including the swapped-halves regression) and VM-to-VM notifications.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fake_host.h"

#define VM1 1u
#define VM2 2u
#define VM8 8u /* 8 vCPUs */

static int setup(void **state)
{
	struct fake_host *h = fh_new(NULL);

	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	assert_int_equal(fh_vm_create(h, VM2, 2), FFN_OK);
	assert_int_equal(fh_vm_create(h, VM8, 8), FFN_OK);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM1, VM2), FFN_OK);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM1, VM8), FFN_OK);
	fh_clear(h);
	*state = h;
	return 0;
}

static int teardown(void **state)
{
	fh_free(*state);
	return 0;
}

static void assert_view_equal(const struct ffn_med_vm_view *a,
			      const struct ffn_med_vm_view *b)
{
	assert_memory_equal(a, b, sizeof(*a));
}

static void assert_success_zero(const struct fake_host *h)
{
	assert_int_equal((uint32_t)h->r.x[0], FFN_FID_SUCCESS_32);
	for (unsigned i = 1; i < FFN_REG_COUNT; i++)
		assert_int_equal(h->r.x[i], 0);
}

/* ------------------------------------------------------------------ */

static void test_version(void **state)
{
	struct fake_host *h = *state;

	assert_int_equal(fh_view(h, VM1, 0).version, FFN_VERSION_1_2);
	fh_call(h, VM1, 0, FFN_FID_VERSION, FFN_VERSION(1, 3), 0, 0, 0);
	assert_int_equal(h->r.x[0], FFN_VERSION_1_2);
	assert_int_equal(fh_view(h, VM1, 0).version, FFN_VERSION_1_2);

	fh_call(h, VM1, 0, FFN_FID_VERSION, 0x80010002u, 0, 0, 0);
	assert_int_equal(h->r.x[0], 0xFFFFFFFFFFFFFFFFull);
	assert_int_equal(fh_view(h, VM1, 0).version, FFN_VERSION_1_2);

	/* Negotiating 1.0 turns every notification ABI off for that VM. */
	fh_call(h, VM1, 0, FFN_FID_VERSION, FFN_VERSION_1_0, 0, 0, 0);
	assert_int_equal(h->r.x[0], FFN_VERSION_1_2);
	assert_int_equal(fh_bind(h, VM1, FH_SP1, 0, 1), FFN_NOT_SUPPORTED);
	assert_int_equal(fh_set(h, VM1, VM2, 0, 1), FFN_NOT_SUPPORTED);
	assert_int_equal(fh_get(h, VM1, 0, 0xF), FFN_NOT_SUPPORTED);
	assert_int_equal(fh_call(h, VM1, 0, FFN_FID_NOTIFICATION_INFO_GET_64, 0,
				 0, 0, 0),
			 FFN_NOT_SUPPORTED);
	assert_int_equal(
		fh_call(h, VM1, 0, FFN_FID_FEATURES, FFN_FEAT_NPI, 0, 0, 0),
		FFN_NOT_SUPPORTED);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_BIND, NULL), 0);
	/* Other VMs are unaffected; 1.1 turns them back on. */
	assert_int_equal(fh_get(h, VM2, 0, 0xF), FFN_OK);
	fh_call(h, VM1, 0, FFN_FID_VERSION, FFN_VERSION_1_1, 0, 0, 0);
	assert_int_equal(fh_get(h, VM1, 0, 0xF), FFN_OK);
}

static void test_features(void **state)
{
	struct fake_host *h = *state;
	static const uint32_t ok[] = {
		FFN_FID_NOTIFICATION_BIND,
		FFN_FID_NOTIFICATION_UNBIND,
		FFN_FID_NOTIFICATION_SET,
		FFN_FID_NOTIFICATION_GET,
		FFN_FID_NOTIFICATION_INFO_GET_32,
		FFN_FID_NOTIFICATION_INFO_GET_64,
		FFN_FID_VERSION,
		FFN_FID_FEATURES,
		FFN_FID_RUN,
	};

	assert_int_equal(
		fh_call(h, VM1, 0, FFN_FID_FEATURES, FFN_FEAT_NPI, 0, 0, 0),
		FFN_OK);
	assert_int_equal(h->r.x[2], 8);
	assert_int_equal(
		fh_call(h, VM1, 0, FFN_FID_FEATURES, FFN_FEAT_SRI, 0, 0, 0),
		FFN_OK);
	assert_int_equal(h->r.x[2], 9);
	assert_int_equal(
		fh_call(h, VM1, 0, FFN_FID_FEATURES, FFN_FEAT_MEI, 0, 0, 0),
		FFN_NOT_SUPPORTED);
	assert_int_equal(fh_call(h, VM1, 0, FFN_FID_FEATURES,
				 FFN_FEAT_NOTIFICATION, 0, 0, 0),
			 FFN_OK);
	assert_success_zero(h); /* per-vCPU supported for VMs and SPs */
	/* Feature IDs: bits [30:8] and the input properties are MBZ. */
	assert_int_equal(fh_call(h, VM1, 0, FFN_FID_FEATURES,
				 0x100 | FFN_FEAT_NPI, 0, 0, 0),
			 FFN_NOT_SUPPORTED);
	assert_int_equal(
		fh_call(h, VM1, 0, FFN_FID_FEATURES, FFN_FEAT_NPI, 1, 0, 0),
		FFN_NOT_SUPPORTED);
	for (unsigned i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(
			fh_call(h, VM1, 0, FFN_FID_FEATURES, ok[i], 0, 0, 0),
			FFN_OK);
		assert_success_zero(h);
	}
	/* Physical-instance ABIs: neither advertised nor callable. */
	assert_int_equal(fh_call(h, VM1, 0, FFN_FID_FEATURES,
				 FFN_FID_NOTIFICATION_BITMAP_CREATE, 0, 0, 0),
			 FFN_NOT_SUPPORTED);
	assert_int_equal(fh_call(h, VM1, 0, FFN_FID_FEATURES,
				 FFN_FID_NOTIFICATION_BITMAP_DESTROY, 0, 0, 0),
			 FFN_NOT_SUPPORTED);
	assert_int_equal(fh_call(h, VM1, 0, FFN_FID_NOTIFICATION_BITMAP_CREATE,
				 VM1, 2, 0, 0),
			 FFN_NOT_SUPPORTED);
	assert_int_equal(fh_call(h, VM1, 0, FFN_FID_NOTIFICATION_BITMAP_DESTROY,
				 VM1, 0, 0, 0),
			 FFN_NOT_SUPPORTED);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_BITMAP_DESTROY, NULL),
			 0);
	assert_int_equal(fh_call(h, VM1, 0, 0x84000099u, 0, 0, 0, 0),
			 FFN_NOT_SUPPORTED);
}

/*
 * Each reserved bit on its own: INVALID_PARAMETERS, no SMC, no state
 * change. @reg/@mask name the reserved bits of one register.
 */
static void check_reserved(struct fake_host *h, ffn_id_t caller,
			   const struct ffn_regs *good, unsigned reg,
			   uint32_t mask)
{
	struct ffn_med_vm_view before = fh_view(h, caller, 0), after;
	struct ffn_med_vm_view before2 = fh_view(h, VM2, 0), after2;

	for (unsigned b = 0; b < 32; b++) {
		struct ffn_regs r = *good;

		if (!(mask & (1u << b)))
			continue;
		r.x[reg] |= 1u << b;
		fh_clear(h);
		assert_int_equal(fh_call_regs(h, caller, 0, &r),
				 FFN_INVALID_PARAMETERS);
		assert_int_equal(h->smc_count, 0);
		assert_int_equal(h->irq_count, 0);
		after = fh_view(h, caller, 0);
		after2 = fh_view(h, VM2, 0);
		assert_view_equal(&before, &after);
		assert_view_equal(&before2, &after2);
	}
}

static void test_reserved_bits(void **state)
{
	struct fake_host *h = *state;
	struct ffn_regs r;

	/* A VM-to-VM state to protect: VM2 bound to VM1, something pending. */
	assert_int_equal(fh_bind(h, VM2, VM1, 0, 0x3), FFN_OK);
	assert_int_equal(fh_set(h, VM1, VM2, 0, 0x1), FFN_OK);

	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_BIND, ffn_w1_pack(VM1, VM2), 0,
		    0x4, 0);
	check_reserved(h, VM2, &r, 2, FFN_BIND_FLAGS_MBZ);
	for (unsigned reg = 5; reg <= 7; reg++)
		check_reserved(h, VM2, &r, reg, 0xFFFFFFFFu);
	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_BIND, ffn_w1_pack(FH_SP1, VM2), 0,
		    0x4, 0);
	check_reserved(h, VM2, &r, 2, FFN_BIND_FLAGS_MBZ);
	check_reserved(h, VM2, &r, 6, 0xFFFFFFFFu);

	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_UNBIND, ffn_w1_pack(VM1, VM2), 0,
		    0x2, 0);
	check_reserved(h, VM2, &r, 2, 0xFFFFFFFFu);
	for (unsigned reg = 5; reg <= 7; reg++)
		check_reserved(h, VM2, &r, reg, 0xFFFFFFFFu);

	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_SET, ffn_w1_pack(VM1, VM2), 0, 0x2,
		    0);
	check_reserved(h, VM1, &r, 2, FFN_SET_FLAGS_MBZ);
	for (unsigned reg = 5; reg <= 7; reg++)
		check_reserved(h, VM1, &r, reg, 0xFFFFFFFFu);
	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_SET, ffn_w1_pack(VM1, FH_SP1), 0,
		    0x2, 0);
	check_reserved(h, VM1, &r, 2, FFN_SET_FLAGS_MBZ);

	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_GET, ffn_w1_pack(0, VM2), 0xF, 0,
		    0);
	check_reserved(h, VM2, &r, 2, FFN_GET_FLAGS_MBZ);
	for (unsigned reg = 3; reg <= 7; reg++)
		check_reserved(h, VM2, &r, reg, 0xFFFFFFFFu);

	for (unsigned reg = 1; reg <= 7; reg++) {
		ffn_hw_regs(&r, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0);
		check_reserved(h, VM2, &r, reg, 0xFFFFFFFFu);
		ffn_hw_regs(&r, FFN_FID_NOTIFICATION_INFO_GET_32, 0, 0, 0, 0);
		check_reserved(h, VM2, &r, reg, 0xFFFFFFFFu);
	}

	ffn_hw_regs(&r, FFN_FID_RUN, ffn_w1_pack(FH_SP1, 0), 0, 0, 0);
	for (unsigned reg = 2; reg <= 7; reg++)
		check_reserved(h, VM2, &r, reg, 0xFFFFFFFFu);

	/* The upper halves of the registers are not part of SMC32 calls. */
	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_GET, ffn_w1_pack(0, VM2), 0xF, 0,
		    0);
	r.x[3] = 1ull << 40;
	assert_int_equal(fh_call_regs(h, VM2, 0, &r), FFN_OK);
	assert_int_equal(h->r.x[4], 0x1);
}

/* Spoofing another VM's ID, in every ABI that carries one. */
static void test_spoofing(void **state)
{
	struct fake_host *h = *state;
	struct ffn_med_vm_view before = fh_view(h, VM2, 0), after;

	/* VM1 binds / unbinds at VM2 (VM1 is even an allowed sender). */
	assert_int_equal(fh_call(h, VM1, 0, FFN_FID_NOTIFICATION_BIND,
				 ffn_w1_pack(VM1, VM2), 0, 1, 0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_call(h, VM1, 0, FFN_FID_NOTIFICATION_BIND,
				 ffn_w1_pack(FH_SP1, VM2), 0, 1, 0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_call(h, VM1, 0, FFN_FID_NOTIFICATION_UNBIND,
				 ffn_w1_pack(FH_SP1, VM2), 0, 1, 0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_call(h, VM1, 0, FFN_FID_NOTIFICATION_UNBIND,
				 ffn_w1_pack(VM1, VM2), 0, 1, 0),
			 FFN_INVALID_PARAMETERS);
	/* VM2 sets as VM1, to a VM and to an SP. */
	assert_int_equal(fh_bind(h, VM2, VM1, 0, 1), FFN_OK);
	before = fh_view(h, VM2, 0);
	assert_int_equal(fh_call(h, VM2, 0, FFN_FID_NOTIFICATION_SET,
				 ffn_w1_pack(VM1, VM2), 0, 1, 0),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_call(h, VM2, 0, FFN_FID_NOTIFICATION_SET,
				 ffn_w1_pack(VM1, FH_SP1), 0, 1, 0),
			 FFN_INVALID_PARAMETERS);
	/* VM1 gets VM2's notifications. */
	assert_int_equal(fh_call(h, VM1, 0, FFN_FID_NOTIFICATION_GET,
				 ffn_w1_pack(0, VM2), 0xF, 0, 0),
			 FFN_INVALID_PARAMETERS);
	/* Sender == receiver, and the hypervisor's own ID. */
	assert_int_equal(fh_bind(h, VM2, VM2, 0, 1), FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_bind(h, VM2, 0, 0, 1), FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_set(h, VM2, VM2, 0, 1), FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_set(h, VM2, 0, 0, 1), FFN_INVALID_PARAMETERS);
	/* vCPU of GET beyond the caller's. */
	assert_int_equal(fh_call(h, VM2, 0, FFN_FID_NOTIFICATION_GET,
				 ffn_w1_pack(2, VM2), 0xF, 0, 0),
			 FFN_INVALID_PARAMETERS);

	after = fh_view(h, VM2, 0);
	assert_view_equal(&before, &after);
	assert_int_equal(h->irq_count, 0);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_BIND, NULL) +
				 fh_smcs(h, FFN_FID_NOTIFICATION_UNBIND, NULL) +
				 fh_smcs(h, FFN_FID_NOTIFICATION_SET, NULL) +
				 fh_smcs(h, FFN_FID_NOTIFICATION_GET, NULL),
			 0);
}

/* Zero bitmap, delay-SRI and global-with-vCPU, VM and SP peers alike. */
static void test_invalid_rows(void **state)
{
	struct fake_host *h = *state;

	assert_int_equal(fh_bind(h, VM2, VM1, 0, 0), FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_bind(h, VM2, FH_SP1, 0, 0), FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_unbind(h, VM2, VM1, 0), FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_unbind(h, VM2, FH_SP1, 0), FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_set(h, VM1, VM2, 0, 0), FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_set(h, VM1, FH_SP1, 0, 0), FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_set(h, VM1, VM2, FFN_NOTIF_FLAG_DELAY_SRI, 1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_set(h, VM1, FH_SP1, FFN_NOTIF_FLAG_DELAY_SRI, 1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_set(h, VM1, VM2, 1u << 16, 1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_set(h, VM1, FH_SP1, 1u << 16, 1),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(h->smc_count, 0);
}

/* BIND/UNBIND with an SP sender go to the SPMC, lo in w3 and hi in w4. */
static void test_forward_bind_halves(void **state)
{
	struct fake_host *h = *state;
	const struct fh_smc *s = NULL;
	uint64_t bm = (1ull << 40) | 1u;

	assert_int_equal(fh_bind(h, VM2, FH_SP1, 0, bm), FFN_OK);
	assert_success_zero(h);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_BIND, &s), 1);
	assert_int_equal(s->in.x[1], ffn_w1_pack(FH_SP1, VM2));
	assert_int_equal(s->in.x[2], 0);
	assert_int_equal(s->in.x[3], 0x1);
	assert_int_equal(s->in.x[4], 0x100);
	/* The SPMC agrees: ID 40 and ID 0 are bound, ID 8 and 32 are not. */
	assert_int_equal(fh_sp_set(h, FH_SP1, VM2, 0, 1ull << 40), FFN_OK);
	assert_int_equal(fh_sp_set(h, FH_SP1, VM2, 0, 1ull << 32), FFN_DENIED);
	assert_int_equal(fh_get(h, VM2, 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(h->r.x[2], 0);
	assert_int_equal(h->r.x[3], 0x100);

	/* Per-vCPU flag passes through; UNBIND sends w2 = 0. */
	assert_int_equal(
		fh_bind(h, VM2, FH_SP1, FFN_NOTIF_FLAG_PER_VCPU, 1ull << 63),
		FFN_OK);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_BIND, &s), 2);
	assert_int_equal(s->in.x[2], FFN_NOTIF_FLAG_PER_VCPU);
	assert_int_equal(s->in.x[4], 0x80000000u);
	assert_int_equal(fh_unbind(h, VM2, FH_SP1, bm), FFN_OK);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_UNBIND, &s), 1);
	assert_int_equal(s->in.x[1], ffn_w1_pack(FH_SP1, VM2));
	assert_int_equal(s->in.x[2], 0);
	assert_int_equal(s->in.x[3], 0x1);
	assert_int_equal(s->in.x[4], 0x100);
	assert_int_equal(fh_sp_set(h, FH_SP1, VM2, 0, 1ull << 40), FFN_DENIED);
	/* The SPMC's own errors come back unchanged. */
	assert_int_equal(fh_bind(h, VM2, FH_SP1, 0, 1ull << 63), FFN_DENIED);
	assert_int_equal(fh_bind(h, VM2, 0x8009, 0, 1), FFN_INVALID_PARAMETERS);
}

/* SET to an SP is forwarded as given; the SP's GET sees the VM bits. */
static void test_forward_set(void **state)
{
	struct fake_host *h = *state;
	const struct fh_smc *s = NULL;
	uint64_t bm = (1ull << 33) | 4u;

	assert_int_equal(fh_sp(h, FH_SP4, 0, FFN_FID_NOTIFICATION_BIND,
			       ffn_w1_pack(VM1, FH_SP4),
			       FFN_NOTIF_FLAG_PER_VCPU, 4, 2),
			 FFN_OK);
	assert_int_equal(fh_sp(h, FH_SP4, 0, FFN_FID_MSG_WAIT, 0, 0, 0, 0),
			 FFN_OK);
	assert_int_equal(fh_set(h, VM1, FH_SP4,
				FFN_NOTIF_FLAG_PER_VCPU | (3u << 16), bm),
			 FFN_OK);
	assert_success_zero(h);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_SET, &s), 1);
	assert_int_equal(s->in.x[1], ffn_w1_pack(VM1, FH_SP4));
	assert_int_equal(s->in.x[2], FFN_NOTIF_FLAG_PER_VCPU | (3u << 16));
	assert_int_equal(s->in.x[3], 4);
	assert_int_equal(s->in.x[4], 2);
	assert_int_equal(fh_sp(h, FH_SP4, 3, FFN_FID_NOTIFICATION_GET,
			       ffn_w1_pack(3, FH_SP4), FFN_GET_FLAG_VM, 0, 0),
			 FFN_OK);
	assert_int_equal(h->r.x[4], 4);
	assert_int_equal(h->r.x[5], 2);
	/* Not bound: the SPMC's DENIED. */
	assert_int_equal(fh_set(h, VM1, FH_SP4, 0, 1), FFN_DENIED);
}

/* GET asks the SPMC only for SP and SPM, for that vCPU. */
static void test_forward_get(void **state)
{
	struct fake_host *h = *state;
	const struct fh_smc *s = NULL;

	assert_int_equal(fh_get(h, VM8, 5, 0xF), FFN_OK);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_GET, &s), 1);
	assert_int_equal(s->in.x[1], ffn_w1_pack(5, VM8));
	assert_int_equal(s->in.x[2], FFN_GET_FLAG_SP | FFN_GET_FLAG_SPM);
	assert_int_equal(fh_get(h, VM8, 5, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_GET, &s), 2);
	assert_int_equal(s->in.x[2], FFN_GET_FLAG_SP);
	/* VM and HYP bitmaps are the mediator's own: no SMC. */
	assert_int_equal(fh_get(h, VM8, 5, FFN_GET_FLAG_VM | FFN_GET_FLAG_HYP),
			 FFN_OK);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_GET, NULL), 2);
	assert_success_zero(h);
}

/* ------------------------------------------------------------------ */
/* VM-to-VM */

static void test_vm_policy(void **state)
{
	struct fake_host *h = *state;

	/* VM2 -> VM1 is not allowed: DENIED at BIND... */
	assert_int_equal(fh_bind(h, VM1, VM2, 0, 1), FFN_DENIED);
	/* ... but a malformed call is still INVALID_PARAMETERS first. */
	assert_int_equal(fh_bind(h, VM1, VM2, 0, 0), FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_bind(h, VM1, VM2, 0x2, 1), FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_call(h, VM2, 0, FFN_FID_NOTIFICATION_BIND,
				 ffn_w1_pack(VM2, VM1), 0, 1, 0),
			 FFN_INVALID_PARAMETERS);
	/* Not allowed beats "no such VM", so IDs cannot be probed. */
	assert_int_equal(fh_bind(h, VM1, 0x77, 0, 1), FFN_DENIED);
	assert_int_equal(ffn_mediator_allow(&h->w.med, 0x77, VM1), FFN_OK);
	assert_int_equal(fh_bind(h, VM1, 0x77, 0, 1), FFN_INVALID_PARAMETERS);
	/* The direction matters; allowing it makes it work. */
	assert_int_equal(fh_set(h, VM2, VM1, 0, 1), FFN_DENIED);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM2, VM1), FFN_OK);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM2, VM1), FFN_OK);
	assert_int_equal(fh_bind(h, VM1, VM2, 0, 1), FFN_OK);
	assert_int_equal(fh_set(h, VM2, VM1, 0, 1), FFN_OK);
	assert_int_equal(fh_view(h, VM1, 0).pend_global, 1);
	/* Nothing here went to the SPMC. */
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_BIND, NULL), 0);
	assert_int_equal(fh_smcs(h, FFN_FID_NOTIFICATION_SET, NULL), 0);
}

static void test_vm_bind_rows(void **state)
{
	struct fake_host *h = *state;
	struct ffn_mediator_stats st;

	assert_int_equal(fh_bind(h, VM2, VM1, 0, 0x3), FFN_OK);
	ffn_mediator_get_stats(&h->w.med, &st);
	assert_int_equal(st.vm_bindings, 2);
	/* Already bound, even to the same sender: DENIED. */
	assert_int_equal(fh_bind(h, VM2, VM1, 0, 0x2), FFN_DENIED);
	assert_int_equal(fh_bind(h, VM2, VM1, 0, 0x6), FFN_DENIED);
	assert_int_equal(fh_view(h, VM2, 0).bound, 0x3);
	/* UNBIND: not bound, or bound to another sender: DENIED. */
	assert_int_equal(fh_unbind(h, VM2, VM1, 0x4), FFN_DENIED);
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM8, VM2), FFN_OK);
	assert_int_equal(fh_unbind(h, VM2, VM8, 0x1), FFN_DENIED);
	/* Pending: DENIED for UNBIND, state unchanged. */
	assert_int_equal(fh_set(h, VM1, VM2, 0, 0x1), FFN_OK);
	assert_int_equal(fh_unbind(h, VM2, VM1, 0x1), FFN_DENIED);
	assert_int_equal(fh_view(h, VM2, 0).bound, 0x3);
	assert_int_equal(fh_unbind(h, VM2, VM1, 0x2), FFN_OK);
	assert_int_equal(fh_view(h, VM2, 0).bound, 0x1);
	assert_int_equal(fh_get(h, VM2, 0, FFN_GET_FLAG_VM), FFN_OK);
	assert_int_equal(fh_unbind(h, VM2, VM1, 0x1), FFN_OK);
	assert_int_equal(fh_view(h, VM2, 0).bound, 0);
	ffn_mediator_get_stats(&h->w.med, &st);
	assert_int_equal(st.vm_bindings, 0);
}

static void test_vm_set_get(void **state)
{
	struct fake_host *h = *state;
	uint64_t g = (1ull << 63) | 1u, p = 1ull << 20;

	/* Not bound: DENIED, nothing pending, no NPI. */
	assert_int_equal(fh_set(h, VM1, VM8, 0, g), FFN_DENIED);
	assert_int_equal(h->irq_count, 0);
	assert_int_equal(fh_bind(h, VM8, VM1, 0, g), FFN_OK);
	assert_int_equal(fh_bind(h, VM8, VM1, FFN_NOTIF_FLAG_PER_VCPU, p),
			 FFN_OK);
	/* Partly bound: DENIED. */
	assert_int_equal(fh_set(h, VM1, VM8, 0, g | 2), FFN_DENIED);
	/* Type mismatch both ways: INVALID_PARAMETERS. */
	assert_int_equal(fh_set(h, VM1, VM8, 0, p), FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_set(h, VM1, VM8, FFN_NOTIF_FLAG_PER_VCPU, g),
			 FFN_INVALID_PARAMETERS);
	/* vCPU out of range; receiver that does not exist. */
	assert_int_equal(
		fh_set(h, VM1, VM8, FFN_NOTIF_FLAG_PER_VCPU | (8u << 16), p),
		FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_set(h, VM1, 0x55, 0, 1), FFN_INVALID_PARAMETERS);
	assert_int_equal(fh_view(h, VM8, 0).pend_any, 0);
	assert_int_equal(h->irq_count, 0);

	/* Global: NPI into the first online vCPU. */
	assert_int_equal(fh_set(h, VM1, VM8, 0, g), FFN_OK);
	assert_success_zero(h);
	assert_int_equal(fh_irqs(h, VM8, 0, FFN_MED_VIRQ_NPI), 1);
	assert_int_equal(h->irq_count, 1);
	/* Per-vCPU: NPI into exactly vCPU 6. */
	assert_int_equal(
		fh_set(h, VM1, VM8, FFN_NOTIF_FLAG_PER_VCPU | (6u << 16), p),
		FFN_OK);
	assert_int_equal(fh_irqs(h, VM8, 6, FFN_MED_VIRQ_NPI), 1);
	assert_int_equal(h->irq_count, 2);
	/* Binding a pending ID, even on another vCPU: DENIED. */
	assert_int_equal(fh_unbind(h, VM8, VM1, p), FFN_DENIED);

	/* GET on vCPU 3: the global bits only, in w4/w5. */
	assert_int_equal(fh_get(h, VM8, 3, 0xF), FFN_OK);
	assert_int_equal((uint32_t)h->r.x[0], FFN_FID_SUCCESS_32);
	assert_int_equal(h->r.x[2], 0);
	assert_int_equal(h->r.x[3], 0);
	assert_int_equal(h->r.x[4], 1);
	assert_int_equal(h->r.x[5], 0x80000000u);
	/* Not requested: stays pending. */
	assert_int_equal(fh_get(h, VM8, 6, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(h->r.x[4], 0);
	assert_int_equal(fh_view(h, VM8, 6).pend_vcpu, p);
	assert_int_equal(fh_get(h, VM8, 6, FFN_GET_FLAG_VM), FFN_OK);
	assert_int_equal(h->r.x[4], (uint32_t)p);
	assert_int_equal(fh_get(h, VM8, 6, FFN_GET_FLAG_VM), FFN_OK);
	assert_success_zero(h);
	assert_int_equal(fh_view(h, VM8, 0).pend_any, 0);
	assert_int_equal(fh_unbind(h, VM8, VM1, p), FFN_OK);
}

/* A guest's INFO_GET: its own lists, each entry once until GET clears. */
static void test_guest_info_get(void **state)
{
	struct fake_host *h = *state;
	uint64_t p = 1ull << 5;

	assert_int_equal(fh_call(h, VM8, 0, FFN_FID_NOTIFICATION_INFO_GET_64, 0,
				 0, 0, 0),
			 FFN_NO_DATA);
	assert_int_equal(fh_bind(h, VM8, VM1, 0, 1), FFN_OK);
	assert_int_equal(fh_bind(h, VM8, VM1, FFN_NOTIF_FLAG_PER_VCPU, p),
			 FFN_OK);
	assert_int_equal(fh_set(h, VM1, VM8, 0, 1), FFN_OK);
	for (unsigned v = 7; v < 8; v--)
		assert_int_equal(fh_set(h, VM1, VM8,
					FFN_NOTIF_FLAG_PER_VCPU | (v << 16), p),
				 FFN_OK);

	/* 64-bit: [R] [R,0,1,2] [R,3,4,5] [R,6,7]: 13 IDs, one call. */
	assert_int_equal(fh_call(h, VM8, 0, FFN_FID_NOTIFICATION_INFO_GET_64, 0,
				 0, 0, 0),
			 FFN_OK);
	assert_int_equal(h->r.x[0], FFN_FID_SUCCESS_64);
	assert_int_equal(h->r.x[2], (4u << 7) | (0u << 12) | (3u << 14) |
					    (3u << 16) | (2u << 18));
	assert_int_equal(h->r.x[3], 0x0001000000080008ull);
	assert_int_equal(h->r.x[4], 0x0004000300080002ull);
	assert_int_equal(h->r.x[5], 0x0007000600080005ull);
	assert_int_equal(h->r.x[6], 0);
	assert_int_equal(h->r.x[7], 0);
	/* Reported once. */
	assert_int_equal(fh_call(h, VM8, 0, FFN_FID_NOTIFICATION_INFO_GET_64, 0,
				 0, 0, 0),
			 FFN_NO_DATA);

	/* GET clears vCPU 4 and the global entry; a new SET re-lists. */
	assert_int_equal(fh_get(h, VM8, 4, FFN_GET_FLAG_VM), FFN_OK);
	assert_int_equal(
		fh_set(h, VM1, VM8, FFN_NOTIF_FLAG_PER_VCPU | (4u << 16), p),
		FFN_OK);
	assert_int_equal(fh_set(h, VM1, VM8, 0, 1), FFN_OK);
	/* 32-bit convention: SUCCESS_32, two IDs per register. */
	assert_int_equal(fh_call(h, VM8, 0, FFN_FID_NOTIFICATION_INFO_GET_32, 0,
				 0, 0, 0),
			 FFN_OK);
	assert_int_equal(h->r.x[0], FFN_FID_SUCCESS_32);
	assert_int_equal(h->r.x[2], (2u << 7) | (0u << 12) | (1u << 14));
	assert_int_equal(h->r.x[3], 0x00080008u);
	assert_int_equal(h->r.x[4], 0x4u);
	assert_int_equal(fh_call(h, VM8, 0, FFN_FID_NOTIFICATION_INFO_GET_32, 0,
				 0, 0, 0),
			 FFN_NO_DATA);
	/* A GET before any INFO_GET drops the entry: nothing to report. */
	assert_int_equal(
		fh_set(h, VM1, VM8, FFN_NOTIF_FLAG_PER_VCPU | (4u << 16), p),
		FFN_OK);
	assert_int_equal(fh_set(h, VM1, VM8, 0, 1), FFN_OK);
	assert_int_equal(fh_get(h, VM8, 4, FFN_GET_FLAG_VM), FFN_OK);
	assert_int_equal(h->r.x[4], 1 | p);
	assert_int_equal(fh_call(h, VM8, 0, FFN_FID_NOTIFICATION_INFO_GET_64, 0,
				 0, 0, 0),
			 FFN_NO_DATA);
}

/* 32-bit: 10 IDs; lists are never split and more-pending is exact. */
static void test_guest_info_get_32_more(void **state)
{
	struct fake_host *h = *state;
	uint64_t p = 1ull << 5;

	assert_int_equal(fh_bind(h, VM8, VM1, 0, 1), FFN_OK);
	assert_int_equal(fh_bind(h, VM8, VM1, FFN_NOTIF_FLAG_PER_VCPU, p),
			 FFN_OK);
	assert_int_equal(fh_set(h, VM1, VM8, 0, 1), FFN_OK);
	for (unsigned v = 0; v < 8; v++)
		assert_int_equal(fh_set(h, VM1, VM8,
					FFN_NOTIF_FLAG_PER_VCPU | (v << 16), p),
				 FFN_OK);
	/* [R] [R,0,1,2] [R,3,4,5] = 9 IDs; [R,6,7] does not fit. */
	assert_int_equal(fh_call(h, VM8, 0, FFN_FID_NOTIFICATION_INFO_GET_32, 0,
				 0, 0, 0),
			 FFN_OK);
	assert_int_equal(h->r.x[2], 1u | (3u << 7) | (3u << 14) | (3u << 16));
	assert_int_equal(h->r.x[7], 0x0005u);
	assert_int_equal(fh_call(h, VM8, 0, FFN_FID_NOTIFICATION_INFO_GET_32, 0,
				 0, 0, 0),
			 FFN_OK);
	assert_int_equal(h->r.x[2], (1u << 7) | (2u << 12));
	assert_int_equal(h->r.x[3], 0x00060008u);
	assert_int_equal(h->r.x[4], 0x7u);
	/* Nothing left. */
	assert_int_equal(fh_call(h, VM8, 0, FFN_FID_NOTIFICATION_INFO_GET_32, 0,
				 0, 0, 0),
			 FFN_NO_DATA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_features, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reserved_bits, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_spoofing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_rows, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_forward_bind_halves, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_forward_set, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_forward_get, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_vm_policy, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_vm_bind_rows, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_vm_set_get, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_guest_info_get, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_guest_info_get_32_more,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
