// SPDX-License-Identifier: BSD-3-Clause
/*
 * Fuzz target (a): random call sequences from random endpoints with
 * random registers through the whole stack (guests -> mediator -> SPMC,
 * SPs -> SPMC), mixed with VM create/destroy (IDs reused) and vCPUs going
 * offline and online. The invariant checker (tests/support/invariant.h)
 * runs after every step; any violation, or any crash or sanitizer report
 * in the core, aborts.
 *
 * Input: a byte stream, one step per opcode byte plus its operands.
 * Registers come from pools of interesting values (the caller, other
 * endpoints, special IDs, single bits, flags) or raw bytes, so both valid
 * and malformed calls are frequent.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "invariant.h"
#include "parse.h"

#define NVM 4u /* VM IDs 1..4 */

struct in {
	const uint8_t *p;
	size_t n;
};

static uint8_t u8(struct in *in)
{
	if (in->n == 0)
		return 0;
	in->n--;
	return *in->p++;
}

static uint32_t u32(struct in *in)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++)
		v = (v << 8) | u8(in);
	return v;
}

/* Past the ABI's calls (host/parse.h): SET and GET again, as they drive
 * the state, BIND again, and an unknown function ID. */
static const uint32_t more_fids[] = {FFN_FID_NOTIFICATION_SET,
				     FFN_FID_NOTIFICATION_GET,
				     FFN_FID_NOTIFICATION_BIND, 0x84000099u};

/* One of 16 function IDs, by the next input byte. */
static uint32_t pick_fid(struct in *in)
{
	unsigned i = u8(in) % 16u;

	return i < FFN_HP_CALL_COUNT ? ffn_hp_calls[i]
				     : more_fids[i - FFN_HP_CALL_COUNT];
}

static ffn_id_t pick_id(struct in *in, ffn_id_t self)
{
	static const ffn_id_t pool[] = {
		1, 2,	   3,	   4,	   FH_SP1, FH_SP4, FH_SP_NONOTIF,
		0, 0x7FFF, 0x8000, 0xFFFF, 0x8003, 5};
	uint8_t b = u8(in);

	if (b < 96)
		return self;
	b %= sizeof(pool) / sizeof(pool[0]);
	return pool[b];
}

/* Registers for @fid from @self (pools, sometimes raw). */
static void make_regs(struct in *in, ffn_id_t self, uint32_t fid,
		      struct ffn_regs *r)
{
	uint8_t shape = u8(in);
	ffn_id_t a = pick_id(in, self), b = pick_id(in, self);
	uint8_t f = u8(in), bit = u8(in);

	ffn_regs_init(r, fid);
	switch (fid) {
	case FFN_FID_NOTIFICATION_SET:
		r->x[1] = ffn_w1_pack(self == a ? a : b, self == a ? b : a);
		break;
	case FFN_FID_NOTIFICATION_GET:
		r->x[1] = ((uint32_t)(f & 3) << 16) | a;
		break;
	default:
		r->x[1] = ffn_w1_pack(b, a);
		break;
	}
	if (fid == FFN_FID_NOTIFICATION_GET)
		r->x[2] = (bit & 0x80) ? 0xF : (bit & 0xF);
	else
		r->x[2] = (f & 1) | (f & 2) | ((uint32_t)((f >> 2) & 3) << 16);
	/* mostly the bound bits 0-19, sometimes any of the 64 */
	if (bit & 0x40) {
		r->x[3] = (bit & 0x20) ? 0 : (uint32_t)(1u << (bit & 31));
		r->x[4] = (bit & 0x20) ? (uint32_t)(1u << (bit & 31)) : 0;
	} else {
		r->x[3] = 1u << ((bit & 0x3F) % 20);
	}
	if (shape & 0x80) /* raw registers */
		for (int i = 1; i <= 7; i++)
			r->x[i] = (shape & (1u << (i % 7))) ? u32(in) : r->x[i];
}

/* FFN_FUZZ_TRACE=1 prints every call (to read a crash's steps). */
static bool tracing;

static void trace(const char *who, unsigned id, unsigned v,
		  const struct ffn_regs *r, const struct ffn_regs *o)
{
	if (!tracing)
		return;
	fprintf(stderr,
		"%s %#x.%u %s w1=%#llx w2=%#llx w3=%#llx w4=%#llx -> w0=%#llx "
		"w2=%#llx w3=%#llx w4=%#llx w5=%#llx\n",
		who, id, v, ffn_fid_name((uint32_t)r->x[0]) ?: "?",
		(unsigned long long)r->x[1], (unsigned long long)r->x[2],
		(unsigned long long)r->x[3], (unsigned long long)r->x[4],
		(unsigned long long)o->x[0], (unsigned long long)o->x[2],
		(unsigned long long)o->x[3], (unsigned long long)o->x[4],
		(unsigned long long)o->x[5]);
}

static void die(struct ffn_inv *inv, const char *what)
{
	fprintf(stderr, "fuzz_stack: invariant violated after %s: %s\n", what,
		inv->msg);
	abort();
}

static void check(struct ffn_inv *inv, const char *what)
{
	if (inv->failures || ffn_inv_check(inv) != 0)
		die(inv, what);
}

/*
 * Every live VM (each vCPU) and every SP (each vCPU) calls GET for all it
 * may ask for, so that the checker compares each pending bit with the
 * shadow.
 */
static void drain(struct fake_host *h, struct ffn_inv *inv)
{
	static const ffn_id_t sps[] = {FH_SP1, FH_SP4};
	static const uint16_t nv[] = {2, 4};
	struct ffn_regs r, out;

	for (ffn_id_t id = 1; id <= NVM; id++) {
		struct ffn_hw_vm *vm = fh_vm(h, id);

		for (uint16_t v = 0; vm && v < vm->vcpus; v++) {
			ffn_regs_init(&r, FFN_FID_NOTIFICATION_GET);
			r.x[1] = ((uint32_t)v << 16) | id;
			r.x[2] = 0xF;
			ffn_inv_begin(inv);
			(void)fh_call_regs(h, id, v, &r);
			out = h->r;
			trace("vm", id, v, &r, &out);
			(void)ffn_inv_call(inv, id, v, &r, &out);
		}
	}
	for (unsigned s = 0; s < 2; s++) {
		for (uint16_t v = 0; v < nv[s]; v++) {
			ffn_regs_init(&r, FFN_FID_NOTIFICATION_GET);
			r.x[1] = ((uint32_t)v << 16) | sps[s];
			r.x[2] = FFN_GET_FLAG_SP | FFN_GET_FLAG_VM;
			ffn_inv_begin(inv);
			(void)fh_sp(h, sps[s], v, (uint32_t)r.x[0], r.x[1],
				    r.x[2], 0, 0);
			out = h->r;
			trace("sp", sps[s], v, &r, &out);
			(void)ffn_inv_call(inv, sps[s], v, &r, &out);
			(void)fh_sp(h, sps[s], v, FFN_FID_MSG_WAIT, 0, 0, 0, 0);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = {data, size};
	struct fake_host *h = fh_new(NULL);
	struct ffn_inv inv;
	unsigned steps = 0;

	tracing = getenv("FFN_FUZZ_TRACE") != NULL;
	ffn_inv_init(&inv, h);
	(void)ffn_mediator_allow(&h->w.med, 1, 2);
	(void)ffn_mediator_allow(&h->w.med, 2, 1);
	(void)ffn_mediator_allow(&h->w.med, 3, 1);
	/* A starting world with bindings, so that SETs and GETs carry bits
	 * from the first step: VMs 1 and 2 (2 vCPUs), bits 0-7 global and
	 * 8-15 per-vCPU from SP1 at both, bits 16-19 from VM 1 at VM 2 and
	 * at SP1, bits 0-7 from SP1 at SP4. */
	for (ffn_id_t id = 1; id <= 2; id++) {
		if (fh_vm_create(h, id, 2) != FFN_OK)
			abort();
		ffn_inv_vm_created(&inv, id, 2);
		(void)fh_bind(h, id, FH_SP1, 0, 0xFFull);
		(void)fh_bind(h, id, FH_SP1, FFN_NOTIF_FLAG_PER_VCPU,
			      0xFF00ull);
	}
	(void)fh_bind(h, 2, 1, 0, 0xF0000ull);
	(void)fh_sp(h, FH_SP1, 0, FFN_FID_NOTIFICATION_BIND,
		    ffn_w1_pack(1, FH_SP1), 0, 0xF0000ull, 0);
	(void)fh_sp(h, FH_SP4, 0, FFN_FID_NOTIFICATION_BIND,
		    ffn_w1_pack(FH_SP1, FH_SP4), 0, 0xFFull, 0);
	(void)fh_sp(h, FH_SP1, 0, FFN_FID_MSG_WAIT, 0, 0, 0, 0);
	(void)fh_sp(h, FH_SP4, 0, FFN_FID_MSG_WAIT, 0, 0, 0, 0);

	while (in.n > 0 && steps++ < 256) {
		uint8_t op = u8(&in) % 8;
		ffn_id_t id = (ffn_id_t)(1 + u8(&in) % NVM);
		struct ffn_hw_vm *vm = fh_vm(h, id);
		struct ffn_regs r, out;

		if (h->irq_count > FH_IRQ_MAX / 2 ||
		    h->smc_count > FH_SMC_MAX / 2)
			fh_clear(h);
		switch (op) {
		case 0:
		case 1: { /* a guest call */
			uint16_t v;
			if (!vm)
				break;
			v = (uint16_t)(u8(&in) % vm->vcpus);
			make_regs(&in, id, pick_fid(&in), &r);
			ffn_inv_begin(&inv);
			(void)fh_call_regs(h, id, v, &r);
			out = h->r;
			trace("vm", id, v, &r, &out);
			(void)ffn_inv_call(&inv, id, v, &r, &out);
			check(&inv, "guest call");
			break;
		}
		case 2:
		case 7: { /* an SP call */
			static const ffn_id_t sps[] = {FH_SP1, FH_SP4,
						       FH_SP_NONOTIF};
			static const uint16_t nv[] = {2, 4, 1};
			unsigned s = u8(&in) % 3;
			uint16_t v = (uint16_t)(u8(&in) % nv[s]);
			make_regs(&in, sps[s], pick_fid(&in), &r);
			ffn_inv_begin(&inv);
			(void)fh_sp(h, sps[s], v, (uint32_t)r.x[0], r.x[1],
				    r.x[2], r.x[3], r.x[4]);
			out = h->r;
			r.x[5] = r.x[6] = r.x[7] = 0; /* fh_sp passes w1-w4 */
			trace("sp", sps[s], v, &r, &out);
			(void)ffn_inv_call(&inv, sps[s], v, &r, &out);
			if (op == 7) /* hand the CPU back */
				(void)fh_sp(h, sps[s], v, FFN_FID_MSG_WAIT, 0,
					    0, 0, 0);
			check(&inv, "SP call");
			break;
		}
		case 3: /* create */
			if (!vm) {
				uint16_t n = (uint16_t)(1 + u8(&in) % 4);
				if (fh_vm_create(h, id, n) == FFN_OK)
					ffn_inv_vm_created(&inv, id, n);
				if (tracing)
					fprintf(stderr, "create %u vcpus %u\n",
						id, n);
			}
			check(&inv, "create");
			break;
		case 4: /* destroy */
			if (vm) {
				(void)fh_vm_destroy(h, id);
				ffn_inv_vm_destroyed(&inv, id);
				if (tracing)
					fprintf(stderr, "destroy %u\n", id);
			}
			check(&inv, "destroy");
			break;
		case 5: /* a vCPU off or on */
			if (vm) {
				uint16_t v = (uint16_t)(u8(&in) % vm->vcpus);
				fh_vcpu_set(h, id, v, !vm->online[v]);
				if (tracing)
					fprintf(stderr, "vcpu %u.%u %s\n", id,
						v,
						vm->online[v] ? "on" : "off");
			}
			check(&inv, "vcpu toggle");
			break;
		case 6: /* well-behaved receivers take what is pending */
			drain(h, &inv);
			check(&inv, "receiver GET");
			break;
		}
	}

	/* Everything still pending must be exactly what was SET. */
	drain(h, &inv);
	check(&inv, "final GETs");

	/* Tear everything down: nothing may be left behind. */
	for (ffn_id_t id = 1; id <= NVM; id++)
		if (fh_vm(h, id)) {
			(void)fh_vm_destroy(h, id);
			ffn_inv_vm_destroyed(&inv, id);
		}
	fh_run(h);
	if (ffn_inv_check_empty(&inv) != 0)
		die(&inv, "teardown");
	fh_free(h);
	return 0;
}
