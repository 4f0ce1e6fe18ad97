// SPDX-License-Identifier: BSD-3-Clause
/*
 * The bad-input sweep (docs/security.md). For every notification ABI, at
 * each interface (a guest at the mediator, an SP at the SPMC, the
 * hypervisor at the SPMC), a call that would succeed is taken, then:
 *   - each reserved or MBZ bit is set on its own;
 *   - each ID field gets each special ID: 0, 0x7FFF, 0x8000, 0xFFFF, IDs
 *     that exist nowhere (VM 5, SP 0x8003) and IDs of other endpoints.
 * Each variant must return FFA_ERROR with a defined code (-1..-10) and
 * leave every byte of state as it was: the SPMC and mediator structures,
 * their integrator-provided storage and every VM's storage are compared
 * before and after. The base call itself must succeed (on a copy of the
 * world), so that each refusal is due to the one field that was changed.
 * BIND, UNBIND and SET run with one bit and with several bits, over a world
 * where some IDs were bound one at a time (so the one-ID sender cache holds
 * them) and others several at a time (so it does not): a refused call must
 * not touch the cache either. Per-vCPU SETs with a vCPU out of range and
 * UNBINDs of pending IDs are refused late, after the binding checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fake_host.h"

#define VM1 1u
#define VM2 2u

enum via { VIA_VM, VIA_SP, VIA_NS };

struct snap {
	uint8_t *buf;
	size_t len;
};

static void snap_add(struct snap *s, const void *p, size_t n)
{
	s->buf = realloc(s->buf, s->len + n);
	assert_non_null(s->buf);
	memcpy(s->buf + s->len, p, n);
	s->len += n;
}

/* The fake host's partitions (fake_host.h), to size the SPMC storage. */
static const struct ffn_spmc_sp_desc fh_sps[] = {
	{.id = FH_SP1, .vcpu_count = 2, .notifications = true},
	{.id = FH_SP4, .vcpu_count = 4, .notifications = true},
	{.id = FH_SP_NONOTIF, .vcpu_count = 1, .notifications = false},
};

/* Every byte of state the SPMC and the mediator own. */
static struct snap snap_take(struct fake_host *h)
{
	struct snap s = {NULL, 0};
	struct ffn_spmc_config cfg = h->w.spmc.cfg;
	size_t n;

	cfg.sps = fh_sps; /* the engine keeps no pointer to them */
	snap_add(&s, &h->w.spmc, sizeof(h->w.spmc));
	n = ffn_spmc_storage_size(&cfg);
	assert_true(n > 0);
	snap_add(&s, h->w.spmc_storage, n);
	snap_add(&s, &h->w.med, sizeof(h->w.med));
	n = ffn_mediator_storage_size(&h->w.med.cfg);
	assert_true(n > 0);
	snap_add(&s, h->w.med_storage, n);
	for (const struct ffn_hw_vm *v = h->w.vms.list; v != NULL; v = v->next)
		snap_add(&s, v->storage, ffn_med_vm_storage_size(v->vcpus));
	return s;
}

/* The world every variant starts from: bindings and pending bits. */
static struct fake_host *world(void)
{
	struct fake_host *h = fh_new(NULL);

	assert_int_equal(fh_vm_create(h, VM1, 2), FFN_OK);
	assert_int_equal(fh_vm_create(h, VM2, 2), FFN_OK);
	/* VM1: bits 0-3 global and 8-11 per-vCPU from SP1; bit 0 pending */
	assert_int_equal(fh_bind(h, VM1, FH_SP1, 0, 0xFull), FFN_OK);
	assert_int_equal(
		fh_bind(h, VM1, FH_SP1, FFN_NOTIF_FLAG_PER_VCPU, 0xF00ull),
		FFN_OK);
	assert_int_equal(fh_sp_set(h, FH_SP1, VM1, 0, 0x1ull), FFN_OK);
	/* SP4: bits 0-3 from SP1, bit 1 pending */
	assert_int_equal(fh_sp(h, FH_SP4, 0, FFN_FID_NOTIFICATION_BIND,
			       ffn_w1_pack(FH_SP1, FH_SP4), 0, 0xF, 0),
			 FFN_OK);
	assert_int_equal(fh_sp(h, FH_SP1, 0, FFN_FID_NOTIFICATION_SET,
			       ffn_w1_pack(FH_SP1, FH_SP4), 0, 0x2, 0),
			 FFN_OK);
	/* SP4: bits 4-7 from VM1, and 12-15 per-vCPU */
	assert_int_equal(fh_sp(h, FH_SP4, 0, FFN_FID_NOTIFICATION_BIND,
			       ffn_w1_pack(VM1, FH_SP4), 0, 0xF0, 0),
			 FFN_OK);
	assert_int_equal(fh_sp(h, FH_SP4, 0, FFN_FID_NOTIFICATION_BIND,
			       ffn_w1_pack(VM1, FH_SP4),
			       FFN_NOTIF_FLAG_PER_VCPU, 0xF000, 0),
			 FFN_OK);
	/* VM1: bit 16 per-vCPU and bit 17 global from SP1, one at a time */
	assert_int_equal(
		fh_bind(h, VM1, FH_SP1, FFN_NOTIF_FLAG_PER_VCPU, 1ull << 16),
		FFN_OK);
	assert_int_equal(fh_bind(h, VM1, FH_SP1, 0, 1ull << 17), FFN_OK);
	/* VM1: bits 20-23 per-vCPU from VM2 (VM to VM), several at once */
	assert_int_equal(ffn_mediator_allow(&h->w.med, VM2, VM1), FFN_OK);
	assert_int_equal(
		fh_bind(h, VM1, VM2, FFN_NOTIF_FLAG_PER_VCPU, 0xF00000ull),
		FFN_OK);
	/* SP vCPUs stay running: later calls from them change nothing. */
	assert_int_equal(fh_sp(h, FH_SP4, 0, FFN_FID_FEATURES, 1, 0, 0, 0),
			 FFN_OK);
	fh_run(h);
	fh_clear(h);
	return h;
}

static void call(struct fake_host *h, enum via via, ffn_id_t who,
		 struct ffn_regs *r)
{
	switch (via) {
	case VIA_VM:
		(void)fh_call_regs(h, who, 0, r);
		*r = h->r;
		break;
	case VIA_SP:
		ffn_spmc_call_sp(&h->w.spmc, who, 0, 0, r);
		fh_run(h);
		break;
	case VIA_NS:
		ffn_spmc_call_ns(&h->w.spmc, 0, r);
		fh_run(h);
		break;
	}
}

struct sweep {
	unsigned variants;
	unsigned failures;
};

/* One variant: must fail with a defined code and change nothing. */
static void expect_refused(struct sweep *sw, enum via via, ffn_id_t who,
			   const struct ffn_regs *in, const char *what)
{
	struct fake_host *h = world();
	struct snap before = snap_take(h), after;
	struct ffn_regs r = *in;
	int32_t code;

	call(h, via, who, &r);
	after = snap_take(h);
	code = ffn_regs_error_code(&r);
	sw->variants++;
	if ((uint32_t)r.x[0] != FFN_FID_ERROR || code > -1 || code < -10) {
		sw->failures++;
		fprintf(stderr,
			"sweep: %s: %s w1=%#llx w2=%#llx w3=%#llx w5=%#llx "
			"w7=%#llx not refused (w0=%#llx w2=%#llx)\n",
			what, ffn_fid_name((uint32_t)in->x[0]),
			(unsigned long long)in->x[1],
			(unsigned long long)in->x[2],
			(unsigned long long)in->x[3],
			(unsigned long long)in->x[5],
			(unsigned long long)in->x[7],
			(unsigned long long)r.x[0], (unsigned long long)r.x[2]);
	} else if (before.len != after.len ||
		   memcmp(before.buf, after.buf, before.len) != 0) {
		size_t at = 0;
		while (at < before.len && before.buf[at] == after.buf[at])
			at++;
		sw->failures++;
		fprintf(stderr,
			"sweep: %s: %s w1=%#llx w2=%#llx refused (%d) but "
			"state changed at byte %zu\n",
			what, ffn_fid_name((uint32_t)in->x[0]),
			(unsigned long long)in->x[1],
			(unsigned long long)in->x[2], code, at);
	}
	free(before.buf);
	free(after.buf);
	fh_free(h);
}

/*
 * The unmodified call succeeds, and changes the state: so the snapshot
 * comparison does see the changes a call makes.
 */
static void expect_base_ok(enum via via, ffn_id_t who,
			   const struct ffn_regs *in)
{
	struct fake_host *h = world();
	struct snap before = snap_take(h), after;
	struct ffn_regs r = *in;

	call(h, via, who, &r);
	after = snap_take(h);
	if (ffn_regs_error_code(&r) != FFN_OK)
		fprintf(stderr, "sweep: base %s from %#x fails: %d\n",
			ffn_fid_name((uint32_t)in->x[0]), who,
			ffn_regs_error_code(&r));
	assert_int_equal(ffn_regs_error_code(&r), FFN_OK);
	assert_true(before.len != after.len ||
		    memcmp(before.buf, after.buf, before.len) != 0);
	free(before.buf);
	free(after.buf);
	fh_free(h);
}

/* Set each bit of @mbz in register @reg of @base, one at a time. */
static void sweep_bits(struct sweep *sw, enum via via, ffn_id_t who,
		       const struct ffn_regs *base, unsigned reg, uint32_t mbz,
		       const char *what)
{
	for (unsigned b = 0; b < 32; b++) {
		struct ffn_regs r = *base;

		if (!(mbz & (1u << b)))
			continue;
		r.x[reg] = (uint32_t)r.x[reg] | (1u << b);
		expect_refused(sw, via, who, &r, what);
	}
}

static const ffn_id_t special[] = {0x0000, 0x7FFF, 0x8000, 0xFFFF,
				   5,	   0x8003, VM2,	   FH_SP_NONOTIF};
/* Masks of special[] entries that are valid in a given field. */
#define SK_NONE 0u
#define SK_NWD_IDS 0x53u /* 0, 0x7FFF, 5, VM2: any normal-world ID */
#define SK_SP_NONOTIF 0x80u
#define SK_VM2 0x40u

/* The reserved bits and the w5-w7 MBZ registers of a BIND/UNBIND/SET. */
static void sweep_common(struct sweep *sw, enum via via, ffn_id_t who,
			 const struct ffn_regs *base, uint32_t w2_mbz,
			 const char *what)
{
	expect_base_ok(via, who, base);
	sweep_bits(sw, via, who, base, 2, w2_mbz, what);
	for (unsigned reg = 5; reg <= 7; reg++)
		sweep_bits(sw, via, who, base, reg, 0xFFFFFFFFu, what);
}

/*
 * Replace the sender (@hi) or receiver (!@hi) half of w1 by each special
 * ID, except those in @skip (a mask over special[]) that are valid there.
 */
static void sweep_ids(struct sweep *sw, enum via via, ffn_id_t who,
		      const struct ffn_regs *base, bool hi, unsigned skip,
		      const char *what)
{
	for (unsigned i = 0; i < sizeof(special) / sizeof(special[0]); i++) {
		struct ffn_regs r = *base;
		uint32_t w1 = (uint32_t)r.x[1];

		if (skip & (1u << i))
			continue;
		if (hi)
			w1 = (w1 & 0xFFFFu) | ((uint32_t)special[i] << 16);
		else
			w1 = (w1 & 0xFFFF0000u) | special[i];
		r.x[1] = w1;
		expect_refused(sw, via, who, &r, what);
	}
}

static void test_guest_at_mediator(void **state)
{
	struct sweep sw = {0, 0};
	struct ffn_regs r;

	(void)state;
	for (unsigned k = 0; k < 2; k++) {
		/* BIND bit 4 (or 4, 5 and 40) from SP1 (free) */
		ffn_hw_regs(&r, FFN_FID_NOTIFICATION_BIND,
			    ffn_w1_pack(FH_SP1, VM1), 0, k ? 0x30 : 0x10,
			    k ? 1u << 8 : 0);
		sweep_common(&sw, VIA_VM, VM1, &r, FFN_BIND_FLAGS_MBZ,
			     "vm BIND");
		sweep_ids(&sw, VIA_VM, VM1, &r, false, SK_NONE,
			  "vm BIND receiver");
		/*
		 * an SP without notification support may still be a sender,
		 * and VM2 is allowed to signal VM1
		 */
		sweep_ids(&sw, VIA_VM, VM1, &r, true, SK_SP_NONOTIF | SK_VM2,
			  "vm BIND sender");
		/* UNBIND bit 2 (or 2 and 3: bound, not pending) */
		ffn_hw_regs(&r, FFN_FID_NOTIFICATION_UNBIND,
			    ffn_w1_pack(FH_SP1, VM1), 0, k ? 0xC : 0x4, 0);
		sweep_common(&sw, VIA_VM, VM1, &r, 0xFFFFFFFFu, "vm UNBIND");
		sweep_ids(&sw, VIA_VM, VM1, &r, false, SK_NONE,
			  "vm UNBIND receiver");
		sweep_ids(&sw, VIA_VM, VM1, &r, true, SK_NONE,
			  "vm UNBIND sender");
		/* UNBIND of a pending ID (bit 0), alone or with bit 2 */
		ffn_hw_regs(&r, FFN_FID_NOTIFICATION_UNBIND,
			    ffn_w1_pack(FH_SP1, VM1), 0, k ? 0x5 : 0x1, 0);
		expect_refused(&sw, VIA_VM, VM1, &r, "vm UNBIND pending");
		/* SET VM1 -> SP4 per-vCPU bit 12 (or 12, 13), vCPU too big */
		ffn_hw_regs(&r, FFN_FID_NOTIFICATION_SET,
			    ffn_w1_pack(VM1, FH_SP4),
			    FFN_NOTIF_FLAG_PER_VCPU | 3u << 16,
			    k ? 0x3000 : 0x1000, 0);
		expect_base_ok(VIA_VM, VM1, &r);
		for (unsigned v = 4; v <= 0xFFFF; v = v * 4 + 3) {
			r.x[2] = FFN_NOTIF_FLAG_PER_VCPU | v << 16;
			expect_refused(&sw, VIA_VM, VM1, &r,
				       "vm SET sp vcpu range");
		}
		/* SET VM2 -> VM1 per-vCPU bit 20 (or 20, 21), vCPU too big */
		ffn_hw_regs(&r, FFN_FID_NOTIFICATION_SET, ffn_w1_pack(VM2, VM1),
			    FFN_NOTIF_FLAG_PER_VCPU | 1u << 16,
			    k ? 0x300000 : 0x100000, 0);
		expect_base_ok(VIA_VM, VM2, &r);
		for (unsigned v = 2; v <= 0xFFFF; v = v * 4 + 3) {
			r.x[2] = FFN_NOTIF_FLAG_PER_VCPU | v << 16;
			expect_refused(&sw, VIA_VM, VM2, &r,
				       "vm SET vm vcpu range");
		}
	}
	/* GET all four bitmaps on vCPU 0 */
	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_GET, VM1, 0xF, 0, 0);
	expect_base_ok(VIA_VM, VM1, &r);
	sweep_bits(&sw, VIA_VM, VM1, &r, 2, FFN_GET_FLAGS_MBZ, "vm GET flags");
	for (unsigned reg = 3; reg <= 7; reg++)
		sweep_bits(&sw, VIA_VM, VM1, &r, reg, 0xFFFFFFFFu,
			   "vm GET w3-7");
	sweep_ids(&sw, VIA_VM, VM1, &r, false, SK_NONE, "vm GET receiver");
	r.x[1] = (2u << 16) | VM1; /* vCPU 2 of 2 */
	expect_refused(&sw, VIA_VM, VM1, &r, "vm GET vcpu");
	/* INFO_GET: w1-w7 MBZ (all 64 bits of x1-x7 for the SMC64 call) */
	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0);
	for (unsigned reg = 1; reg <= 7; reg++) {
		sweep_bits(&sw, VIA_VM, VM1, &r, reg, 0xFFFFFFFFu,
			   "vm INFO_GET_64");
		for (unsigned b = 32; b < 64; b++) {
			struct ffn_regs x = r;
			x.x[reg] = 1ull << b;
			expect_refused(&sw, VIA_VM, VM1, &x,
				       "vm INFO_GET_64 hi");
		}
	}
	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_INFO_GET_32, 0, 0, 0, 0);
	for (unsigned reg = 1; reg <= 7; reg++)
		sweep_bits(&sw, VIA_VM, VM1, &r, reg, 0xFFFFFFFFu,
			   "vm INFO_GET_32");
	/* Guests may not touch bitmaps at all. */
	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_BITMAP_CREATE, VM1, 2, 0, 0);
	expect_refused(&sw, VIA_VM, VM1, &r, "vm BITMAP_CREATE");
	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_BITMAP_DESTROY, VM1, 0, 0, 0);
	expect_refused(&sw, VIA_VM, VM1, &r, "vm BITMAP_DESTROY");
	/* SET VM1 -> SP4 bit 4 (or 4, 5): no delay flag from a VM, global */
	for (unsigned k = 0; k < 2; k++) {
		ffn_hw_regs(&r, FFN_FID_NOTIFICATION_SET,
			    ffn_w1_pack(VM1, FH_SP4), 0, k ? 0x30 : 0x10, 0);
		sweep_common(&sw, VIA_VM, VM1, &r,
			     FFN_SET_FLAGS_MBZ | FFN_NOTIF_FLAG_DELAY_SRI |
				     0xFFFF0000u,
			     "vm SET");
		sweep_ids(&sw, VIA_VM, VM1, &r, true, SK_NONE, "vm SET sender");
		sweep_ids(&sw, VIA_VM, VM1, &r, false, SK_NONE,
			  "vm SET receiver");
	}
	printf("sweep: guest at mediator: %u variants\n", sw.variants);
	assert_int_equal(sw.failures, 0);
}

static void test_sp_at_spmc(void **state)
{
	struct sweep sw = {0, 0};
	struct ffn_regs r;

	(void)state;
	for (unsigned k = 0; k < 2; k++) {
		/* SP4 binds bit 8 (or 8, 9 and 40) from SP1 */
		ffn_hw_regs(&r, FFN_FID_NOTIFICATION_BIND,
			    ffn_w1_pack(FH_SP1, FH_SP4), 0, k ? 0x300 : 0x100,
			    k ? 1u << 8 : 0);
		sweep_common(&sw, VIA_SP, FH_SP4, &r, FFN_BIND_FLAGS_MBZ,
			     "sp BIND");
		sweep_ids(&sw, VIA_SP, FH_SP4, &r, false, SK_NONE,
			  "sp BIND receiver");
		/* VM senders are valid at an SP: VM2 exists; 0 is the NS ID */
		/*
		 * Any normal-world ID may be named as a sender at an SP (the
		 * SPMC does not track VMs without a hypervisor, and the
		 * mediator checks that a VM's SET names itself); SPs without
		 * notification support may send. docs/security.md records this
		 * choice.
		 */
		sweep_ids(&sw, VIA_SP, FH_SP4, &r, true,
			  SK_NWD_IDS | SK_SP_NONOTIF, "sp BIND sender");
		/* UNBIND bit 2 (or 2 and 3) */
		ffn_hw_regs(&r, FFN_FID_NOTIFICATION_UNBIND,
			    ffn_w1_pack(FH_SP1, FH_SP4), 0, k ? 0xC : 0x4, 0);
		sweep_common(&sw, VIA_SP, FH_SP4, &r, 0xFFFFFFFFu, "sp UNBIND");
		sweep_ids(&sw, VIA_SP, FH_SP4, &r, false, SK_NONE,
			  "sp UNBIND receiver");
		sweep_ids(&sw, VIA_SP, FH_SP4, &r, true, SK_NONE,
			  "sp UNBIND sender");
		/* UNBIND of the pending bit 1, alone or with bit 2 */
		ffn_hw_regs(&r, FFN_FID_NOTIFICATION_UNBIND,
			    ffn_w1_pack(FH_SP1, FH_SP4), 0, k ? 0x6 : 0x2, 0);
		expect_refused(&sw, VIA_SP, FH_SP4, &r, "sp UNBIND pending");
		/* SET SP1 -> VM1 per-vCPU bit 8 (or 16: cached), vCPU too big
		 */
		ffn_hw_regs(&r, FFN_FID_NOTIFICATION_SET,
			    ffn_w1_pack(FH_SP1, VM1),
			    FFN_NOTIF_FLAG_PER_VCPU | 1u << 16,
			    k ? 1u << 16 : 0x100, 0);
		expect_base_ok(VIA_SP, FH_SP1, &r);
		for (unsigned v = 2; v <= 0xFFFF; v = v * 4 + 3) {
			r.x[2] = FFN_NOTIF_FLAG_PER_VCPU | v << 16;
			expect_refused(&sw, VIA_SP, FH_SP1, &r,
				       "sp SET vcpu range");
		}
		/* SET SP1 -> VM1 bit 1 (or 1, 2), delayed SRI allowed for SPs
		 */
		ffn_hw_regs(&r, FFN_FID_NOTIFICATION_SET,
			    ffn_w1_pack(FH_SP1, VM1), FFN_NOTIF_FLAG_DELAY_SRI,
			    k ? 0x6 : 0x2, 0);
		sweep_common(&sw, VIA_SP, FH_SP1, &r,
			     FFN_SET_FLAGS_MBZ | 0xFFFF0000u, "sp SET");
		sweep_ids(&sw, VIA_SP, FH_SP1, &r, false, SK_NONE,
			  "sp SET receiver");
		sweep_ids(&sw, VIA_SP, FH_SP1, &r, true, SK_NONE,
			  "sp SET sender");
	}
	/* GET at SP4 vCPU 0, SP and VM bitmaps */
	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_GET, FH_SP4, 0x3, 0, 0);
	expect_base_ok(VIA_SP, FH_SP4, &r);
	sweep_bits(&sw, VIA_SP, FH_SP4, &r, 2, FFN_GET_FLAGS_MBZ,
		   "sp GET flags");
	for (unsigned reg = 3; reg <= 7; reg++)
		sweep_bits(&sw, VIA_SP, FH_SP4, &r, reg, 0xFFFFFFFFu,
			   "sp GET w3-7");
	sweep_ids(&sw, VIA_SP, FH_SP4, &r, false, SK_NONE, "sp GET receiver");
	/* SPs get no INFO_GET, no bitmaps */
	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0);
	expect_refused(&sw, VIA_SP, FH_SP4, &r, "sp INFO_GET_64");
	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_BITMAP_CREATE, 7, 1, 0, 0);
	expect_refused(&sw, VIA_SP, FH_SP4, &r, "sp BITMAP_CREATE");
	printf("sweep: SP at SPMC: %u variants\n", sw.variants);
	assert_int_equal(sw.failures, 0);
}

static void test_hyp_at_spmc(void **state)
{
	struct sweep sw = {0, 0};
	struct ffn_regs r;

	(void)state;
	/* BITMAP_CREATE for VM 7, 2 vCPUs */
	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_BITMAP_CREATE, 7, 2, 0, 0);
	expect_base_ok(VIA_NS, 0, &r);
	sweep_bits(&sw, VIA_NS, 0, &r, 1, 0xFFFF0000u, "ns CREATE w1");
	for (unsigned reg = 3; reg <= 7; reg++)
		sweep_bits(&sw, VIA_NS, 0, &r, reg, 0xFFFFFFFFu, "ns CREATE");
	for (unsigned i = 0; i < sizeof(special) / sizeof(special[0]); i++) {
		ffn_id_t id = special[i];
		/* 0, 0x7FFF and 5 are valid new VM IDs */
		if (id == 0 || id == 0x7FFF || id == 5)
			continue;
		r.x[1] = id;
		expect_refused(&sw, VIA_NS, 0, &r, "ns CREATE id");
	}
	/* BITMAP_DESTROY VM2 (no pending bits) */
	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_BITMAP_DESTROY, VM2, 0, 0, 0);
	expect_base_ok(VIA_NS, 0, &r);
	for (unsigned reg = 2; reg <= 7; reg++)
		sweep_bits(&sw, VIA_NS, 0, &r, reg, 0xFFFFFFFFu, "ns DESTROY");
	for (unsigned i = 0; i < sizeof(special) / sizeof(special[0]); i++) {
		if (special[i] == VM2)
			continue;
		r.x[1] = special[i];
		expect_refused(&sw, VIA_NS, 0, &r, "ns DESTROY id");
	}
	/* the hypervisor's GET for VM1: VM and HYP bitmaps are its own */
	ffn_hw_regs(&r, FFN_FID_NOTIFICATION_GET, VM1, FFN_GET_FLAG_SP, 0, 0);
	expect_base_ok(VIA_NS, 0, &r);
	sweep_bits(&sw, VIA_NS, 0, &r, 2,
		   FFN_GET_FLAGS_MBZ | FFN_GET_FLAG_VM | FFN_GET_FLAG_HYP,
		   "ns GET flags");
	/* the hypervisor acts for every VM: VM2 is valid */
	sweep_ids(&sw, VIA_NS, 0, &r, false, SK_VM2, "ns GET receiver");
	/* SET VM1 -> SP4 per-vCPU bit 12 (or 12-14), vCPU out of range */
	for (unsigned k = 0; k < 2; k++) {
		ffn_hw_regs(&r, FFN_FID_NOTIFICATION_SET,
			    ffn_w1_pack(VM1, FH_SP4),
			    FFN_NOTIF_FLAG_PER_VCPU | 3u << 16,
			    k ? 0x7000 : 0x1000, 0);
		expect_base_ok(VIA_NS, 0, &r);
		for (unsigned v = 4; v <= 0xFFFF; v = v * 4 + 3) {
			r.x[2] = FFN_NOTIF_FLAG_PER_VCPU | v << 16;
			expect_refused(&sw, VIA_NS, 0, &r, "ns SET vcpu range");
		}
	}
	printf("sweep: hypervisor at SPMC: %u variants\n", sw.variants);
	assert_int_equal(sw.failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guest_at_mediator),
		cmocka_unit_test(test_sp_at_spmc),
		cmocka_unit_test(test_hyp_at_spmc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
