// SPDX-License-Identifier: BSD-3-Clause
/*
 * Per-call cost of BIND, UNBIND, SET, GET and INFO_GET, in the SPMC engine
 * and in the mediator (a guest's call to its return), at several VM
 * counts (the SRI drain with k VMs pending is drain.c).
 *
 * Each phase repeats one iteration that leaves the state as it found it:
 * the measured call plus the calls that undo it (BIND then UNBIND, SET
 * then GET, ...). Only the measured call is timed, and only it goes
 * through the bm_measured_* wrappers, so that under callgrind its
 * inclusive cost is reported under a name of its own.
 *
 * Time mode: every measured call is timed with a serialised cycle counter;
 * each run keeps the mean of its samples, without those an interrupt hit
 * (bw_robust_mean: the TSC of a virtual machine may step by 10 ns, which
 * a median cannot see through but a mean averages out), minus the cost of
 * an empty timed region; the result is the median of --runs runs, in ns.
 * Instruction mode (--instr, under callgrind): each phase runs K1 and then
 * K2 iterations, each followed by a callgrind dump tagged with the phase
 * and K; bench/instr.sh takes (cost(K2) - cost(K1)) / (K2 - K1) of the
 * named functions, so set-up cost cancels as in the performance anchor.
 */
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "ffn/info_list.h"

#define K1 1000u
#define K2 2000u

/* --- Phases -------------------------------------------------------------- */

struct ph_ctx {
	struct bw *w;
	bool timed;	/* time the measured call (off for batch timing) */
	ffn_id_t vm;	/* the measured VM: the middle one */
	ffn_id_t peer;	/* the other VM of VM-to-VM calls */
	ffn_id_t *perm; /* cold phases: a permutation of the VM IDs */
	uint32_t perm_i;
	uint64_t t0, t1;
};

/* Time @stmt into c->t0/t1 (the measured call, and nothing else). */
#define MEASURE(c, stmt)                                                       \
	do {                                                                   \
		if ((c)->timed) {                                              \
			(c)->t0 = bw_tick();                                   \
			stmt;                                                  \
			(c)->t1 = bw_tick();                                   \
		} else if (bw_marks) {                                         \
			bw_mark_on();                                          \
			stmt;                                                  \
			bw_mark_off();                                         \
		} else {                                                       \
			stmt;                                                  \
		}                                                              \
	} while (0)

struct phase {
	const char *layer, *op, *recv;
	void (*setup)(struct ph_ctx *c);
	void (*iter)(struct ph_ctx *c);
	void (*teardown)(struct ph_ctx *c);
};

static void none(struct ph_ctx *c)
{
	(void)c;
}

/* SPMC: VM receiver, SP sender (BIND/UNBIND come from the normal world). */
static void spmc_bind_vm(struct ph_ctx *c)
{
	struct ffn_regs r;

	bw_regs(&r, FFN_FID_NOTIFICATION_BIND, ffn_w1_pack(BW_SP_MID, c->vm), 0,
		BIT, 0);
	MEASURE(c, bm_measured_ns(c->w, 0, &r));
	bw_expect(&r, FFN_OK, "spmc bind vm");
	bw_ns_call(c->w, FFN_FID_NOTIFICATION_UNBIND,
		   ffn_w1_pack(BW_SP_MID, c->vm), 0, BIT, 0, "unbind");
}

static void spmc_unbind_vm(struct ph_ctx *c)
{
	struct ffn_regs r;

	bw_ns_call(c->w, FFN_FID_NOTIFICATION_BIND,
		   ffn_w1_pack(BW_SP_MID, c->vm), 0, BIT, 0, "bind");
	bw_regs(&r, FFN_FID_NOTIFICATION_UNBIND, ffn_w1_pack(BW_SP_MID, c->vm),
		0, BIT, 0);
	MEASURE(c, bm_measured_ns(c->w, 0, &r));
	bw_expect(&r, FFN_OK, "spmc unbind vm");
}

/* SPMC: SP receiver (the middle SP), SP sender; the receiver calls. */
static void spmc_bind_sp(struct ph_ctx *c)
{
	struct ffn_regs r;

	bw_regs(&r, FFN_FID_NOTIFICATION_BIND,
		ffn_w1_pack(BW_SP_PEER, BW_SP_MID), 0, BIT, 0);
	MEASURE(c, bm_measured_sp(c->w, BW_SP_MID, 0, &r));
	bw_expect(&r, FFN_OK, "spmc bind sp");
	bw_sp_call(c->w, BW_SP_MID, FFN_FID_NOTIFICATION_UNBIND,
		   ffn_w1_pack(BW_SP_PEER, BW_SP_MID), 0, BIT, "unbind");
}

static void spmc_unbind_sp(struct ph_ctx *c)
{
	struct ffn_regs r;

	bw_sp_call(c->w, BW_SP_MID, FFN_FID_NOTIFICATION_BIND,
		   ffn_w1_pack(BW_SP_PEER, BW_SP_MID), 0, BIT, "bind");
	bw_regs(&r, FFN_FID_NOTIFICATION_UNBIND,
		ffn_w1_pack(BW_SP_PEER, BW_SP_MID), 0, BIT, 0);
	MEASURE(c, bm_measured_sp(c->w, BW_SP_MID, 0, &r));
	bw_expect(&r, FFN_OK, "spmc unbind sp");
}

static void bind_sp_to_vm(struct ph_ctx *c)
{
	bw_ns_call(c->w, FFN_FID_NOTIFICATION_BIND,
		   ffn_w1_pack(BW_SP_MID, c->vm), 0, BIT, 0, "bind");
}

static void unbind_sp_to_vm(struct ph_ctx *c)
{
	bw_ns_call(c->w, FFN_FID_NOTIFICATION_UNBIND,
		   ffn_w1_pack(BW_SP_MID, c->vm), 0, BIT, 0, "unbind");
}

static void bind_sp_to_sp(struct ph_ctx *c)
{
	bw_sp_call(c->w, BW_SP_MID, FFN_FID_NOTIFICATION_BIND,
		   ffn_w1_pack(BW_SP_PEER, BW_SP_MID), 0, BIT, "bind");
}

static void unbind_sp_to_sp(struct ph_ctx *c)
{
	bw_sp_call(c->w, BW_SP_MID, FFN_FID_NOTIFICATION_UNBIND,
		   ffn_w1_pack(BW_SP_PEER, BW_SP_MID), 0, BIT, "unbind");
}

static void get_vm_at_spmc(struct bw *w, ffn_id_t vm, struct ffn_regs *r)
{
	(void)w;
	bw_regs(r, FFN_FID_NOTIFICATION_GET, vm, FFN_GET_FLAG_SP, 0, 0);
}

static void spmc_set_vm(struct ph_ctx *c)
{
	struct ffn_regs r;

	bw_set_sp_to_vm(c->w, c->vm, &r);
	MEASURE(c, bm_measured_sp(c->w, BW_SP_MID, 0, &r));
	bw_expect(&r, FFN_OK, "spmc set vm");
	get_vm_at_spmc(c->w, c->vm, &r);
	ffn_spmc_call_ns(&c->w->spmc, 0, &r);
	bw_expect(&r, FFN_OK, "get");
}

static void spmc_get_vm(struct ph_ctx *c)
{
	struct ffn_regs r;

	bw_set_sp_to_vm(c->w, c->vm, &r);
	ffn_spmc_call_sp(&c->w->spmc, BW_SP_MID, 0, 0, &r);
	bw_expect(&r, FFN_OK, "set");
	get_vm_at_spmc(c->w, c->vm, &r);
	MEASURE(c, bm_measured_ns(c->w, 0, &r));
	if (ffn_bitmap_from_regs(r.x[2], r.x[3]) != BIT)
		bw_expect(&r, 1, "spmc get vm: bit not returned");
}

/* The usual flow: SET, INFO_GET lists the VM, then the GET (measured). */
static void spmc_get_vm_listed(struct ph_ctx *c)
{
	struct ffn_regs r;

	bw_set_sp_to_vm(c->w, c->vm, &r);
	ffn_spmc_call_sp(&c->w->spmc, BW_SP_MID, 0, 0, &r);
	bw_expect(&r, FFN_OK, "set");
	bw_regs(&r, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0);
	ffn_spmc_call_ns(&c->w->spmc, 0, &r);
	bw_expect(&r, FFN_OK, "info_get");
	get_vm_at_spmc(c->w, c->vm, &r);
	MEASURE(c, bm_measured_ns(c->w, 0, &r));
	if (ffn_bitmap_from_regs(r.x[2], r.x[3]) != BIT)
		bw_expect(&r, 1, "spmc get vm-listed: bit not returned");
}

static void set_sp_to_sp(struct ffn_regs *r)
{
	bw_regs(r, FFN_FID_NOTIFICATION_SET, ffn_w1_pack(BW_SP_PEER, BW_SP_MID),
		0, BIT, 0);
}

static void get_sp(struct ffn_regs *r)
{
	bw_regs(r, FFN_FID_NOTIFICATION_GET, BW_SP_MID, FFN_GET_FLAG_SP, 0, 0);
}

static void spmc_set_sp(struct ph_ctx *c)
{
	struct ffn_regs r;

	set_sp_to_sp(&r);
	MEASURE(c, bm_measured_sp(c->w, BW_SP_PEER, 0, &r));
	bw_expect(&r, FFN_OK, "spmc set sp");
	get_sp(&r);
	ffn_spmc_call_sp(&c->w->spmc, BW_SP_MID, 0, 0, &r);
	bw_expect(&r, FFN_OK, "get");
}

static void spmc_get_sp(struct ph_ctx *c)
{
	struct ffn_regs r;

	set_sp_to_sp(&r);
	ffn_spmc_call_sp(&c->w->spmc, BW_SP_PEER, 0, 0, &r);
	bw_expect(&r, FFN_OK, "set");
	get_sp(&r);
	MEASURE(c, bm_measured_sp(c->w, BW_SP_MID, 0, &r));
	if (ffn_bitmap_from_regs(r.x[2], r.x[3]) != BIT)
		bw_expect(&r, 1, "spmc get sp: bit not returned");
}

static void info_get_checked(struct ph_ctx *c, ffn_id_t expect_id)
{
	struct ffn_regs r;

	bw_regs(&r, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0);
	MEASURE(c, bm_measured_ns(c->w, 0, &r));
	bw_expect(&r, FFN_OK, "spmc info_get");
	/* One list, no more pending, the expected ID in the first slot. */
	if (((uint32_t)r.x[2] >> FFN_INFO_LIST_COUNT_SHIFT &
	     FFN_INFO_LIST_COUNT_MASK) != 1 ||
	    (r.x[2] & FFN_INFO_MORE_PENDING) != 0 ||
	    (ffn_id_t)r.x[3] != expect_id)
		bw_expect(&r, 1, "spmc info_get: unexpected list");
}

static void spmc_info_vm(struct ph_ctx *c)
{
	struct ffn_regs r;

	bw_set_sp_to_vm(c->w, c->vm, &r);
	ffn_spmc_call_sp(&c->w->spmc, BW_SP_MID, 0, 0, &r);
	bw_expect(&r, FFN_OK, "set");
	info_get_checked(c, c->vm);
	get_vm_at_spmc(c->w, c->vm, &r);
	ffn_spmc_call_ns(&c->w->spmc, 0, &r);
	bw_expect(&r, FFN_OK, "get");
}

static void spmc_info_sp(struct ph_ctx *c)
{
	struct ffn_regs r;

	set_sp_to_sp(&r);
	ffn_spmc_call_sp(&c->w->spmc, BW_SP_PEER, 0, 0, &r);
	bw_expect(&r, FFN_OK, "set");
	info_get_checked(c, BW_SP_MID);
	get_sp(&r);
	ffn_spmc_call_sp(&c->w->spmc, BW_SP_MID, 0, 0, &r);
	bw_expect(&r, FFN_OK, "get");
}

/* Mediator: the guest is the middle VM; its peer is an SP or a VM. */
static void med_measured(struct ph_ctx *c, ffn_id_t vm, uint32_t fid,
			 uint64_t w1, uint64_t w2, uint64_t bits,
			 const char *what, struct ffn_regs *r)
{
	bw_regs(r, fid, w1, w2, (uint32_t)bits, bits >> 32);
	MEASURE(c, bm_measured_med(c->w, bw_med_vm(c->w, vm), r));
	bw_expect(r, FFN_OK, what);
}

static void med_bind_sp(struct ph_ctx *c)
{
	struct ffn_regs r;

	med_measured(c, c->vm, FFN_FID_NOTIFICATION_BIND,
		     ffn_w1_pack(BW_SP_MID, c->vm), 0, BIT, "med bind sp", &r);
	bw_med_call(c->w, c->vm, FFN_FID_NOTIFICATION_UNBIND,
		    ffn_w1_pack(BW_SP_MID, c->vm), 0, BIT, "unbind");
}

static void med_unbind_sp(struct ph_ctx *c)
{
	struct ffn_regs r;

	bw_med_call(c->w, c->vm, FFN_FID_NOTIFICATION_BIND,
		    ffn_w1_pack(BW_SP_MID, c->vm), 0, BIT, "bind");
	med_measured(c, c->vm, FFN_FID_NOTIFICATION_UNBIND,
		     ffn_w1_pack(BW_SP_MID, c->vm), 0, BIT, "med unbind sp",
		     &r);
}

static void allow_peer(struct ph_ctx *c)
{
	if (ffn_mediator_allow(&c->w->med, c->peer, c->vm) != 0) {
		fprintf(stderr, "ffn-bench: allow failed\n");
		exit(1);
	}
}

static void med_bind_vm(struct ph_ctx *c)
{
	struct ffn_regs r;

	med_measured(c, c->vm, FFN_FID_NOTIFICATION_BIND,
		     ffn_w1_pack(c->peer, c->vm), 0, BIT, "med bind vm", &r);
	bw_med_call(c->w, c->vm, FFN_FID_NOTIFICATION_UNBIND,
		    ffn_w1_pack(c->peer, c->vm), 0, BIT, "unbind");
}

static void med_unbind_vm(struct ph_ctx *c)
{
	struct ffn_regs r;

	bw_med_call(c->w, c->vm, FFN_FID_NOTIFICATION_BIND,
		    ffn_w1_pack(c->peer, c->vm), 0, BIT, "bind");
	med_measured(c, c->vm, FFN_FID_NOTIFICATION_UNBIND,
		     ffn_w1_pack(c->peer, c->vm), 0, BIT, "med unbind vm", &r);
}

/* The guest signals the middle SP, which bound the guest as sender. */
static void sp_binds_vm(struct ph_ctx *c)
{
	bw_sp_call(c->w, BW_SP_MID, FFN_FID_NOTIFICATION_BIND,
		   ffn_w1_pack(c->vm, BW_SP_MID), 0, BIT, "sp bind");
}

static void sp_unbinds_vm(struct ph_ctx *c)
{
	bw_sp_call(c->w, BW_SP_MID, FFN_FID_NOTIFICATION_UNBIND,
		   ffn_w1_pack(c->vm, BW_SP_MID), 0, BIT, "sp unbind");
}

static void med_set_sp(struct ph_ctx *c)
{
	struct ffn_regs r;

	med_measured(c, c->vm, FFN_FID_NOTIFICATION_SET,
		     ffn_w1_pack(c->vm, BW_SP_MID), 0, BIT, "med set sp", &r);
	bw_sp_call(c->w, BW_SP_MID, FFN_FID_NOTIFICATION_GET, BW_SP_MID,
		   FFN_GET_FLAG_VM, 0, "sp get");
	/* The SRI the SET raised finds nothing left: clear the latch. */
	c->w->sri_raised[0] = 0;
}

/* The guest receives from the middle SP: SET, SRI drain, then GET. */
static void guest_binds_sp(struct ph_ctx *c)
{
	bw_med_call(c->w, c->vm, FFN_FID_NOTIFICATION_BIND,
		    ffn_w1_pack(BW_SP_MID, c->vm), 0, BIT, "bind");
}

static void guest_unbinds_sp(struct ph_ctx *c)
{
	bw_med_call(c->w, c->vm, FFN_FID_NOTIFICATION_UNBIND,
		    ffn_w1_pack(BW_SP_MID, c->vm), 0, BIT, "unbind");
}

static void sp_signals_guest(struct ph_ctx *c)
{
	struct ffn_regs r;

	bw_set_sp_to_vm(c->w, c->vm, &r);
	ffn_spmc_call_sp(&c->w->spmc, BW_SP_MID, 0, 0, &r);
	bw_expect(&r, FFN_OK, "sp set");
	bw_take_sri(c->w, 0);
}

static void med_get_sp(struct ph_ctx *c)
{
	struct ffn_regs r;

	sp_signals_guest(c);
	med_measured(c, c->vm, FFN_FID_NOTIFICATION_GET, c->vm, GET_ALL, 0,
		     "med get sp", &r);
	if (ffn_bitmap_from_regs(r.x[2], r.x[3]) != BIT)
		bw_expect(&r, 1, "med get sp: bit not returned");
}

static void med_info_sp(struct ph_ctx *c)
{
	struct ffn_regs r;

	sp_signals_guest(c);
	med_measured(c, c->vm, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0,
		     "med info_get sp", &r);
	if ((ffn_id_t)r.x[3] != c->vm)
		bw_expect(&r, 1, "med info_get sp: unexpected list");
	bw_med_call(c->w, c->vm, FFN_FID_NOTIFICATION_GET, c->vm, GET_ALL, 0,
		    "get");
}

/* VM to VM: the peer signals the middle VM, which bound it. */
static void vm_binds_peer(struct ph_ctx *c)
{
	allow_peer(c);
	bw_med_call(c->w, c->vm, FFN_FID_NOTIFICATION_BIND,
		    ffn_w1_pack(c->peer, c->vm), 0, BIT, "bind");
}

static void vm_unbinds_peer(struct ph_ctx *c)
{
	bw_med_call(c->w, c->vm, FFN_FID_NOTIFICATION_UNBIND,
		    ffn_w1_pack(c->peer, c->vm), 0, BIT, "unbind");
}

static void med_set_vm(struct ph_ctx *c)
{
	struct ffn_regs r;

	med_measured(c, c->peer, FFN_FID_NOTIFICATION_SET,
		     ffn_w1_pack(c->peer, c->vm), 0, BIT, "med set vm", &r);
	bw_med_call(c->w, c->vm, FFN_FID_NOTIFICATION_GET, c->vm, GET_ALL, 0,
		    "get");
}

static void med_get_vm(struct ph_ctx *c)
{
	struct ffn_regs r;

	bw_med_call(c->w, c->peer, FFN_FID_NOTIFICATION_SET,
		    ffn_w1_pack(c->peer, c->vm), 0, BIT, "set");
	med_measured(c, c->vm, FFN_FID_NOTIFICATION_GET, c->vm, GET_ALL, 0,
		     "med get vm", &r);
	if (ffn_bitmap_from_regs(r.x[4], r.x[5]) != BIT)
		bw_expect(&r, 1, "med get vm: bit not returned");
}

static void med_info_vm(struct ph_ctx *c)
{
	struct ffn_regs r;

	bw_med_call(c->w, c->peer, FFN_FID_NOTIFICATION_SET,
		    ffn_w1_pack(c->peer, c->vm), 0, BIT, "set");
	med_measured(c, c->vm, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0,
		     "med info_get vm", &r);
	if ((ffn_id_t)r.x[3] != c->vm)
		bw_expect(&r, 1, "med info_get vm: unexpected list");
	bw_med_call(c->w, c->vm, FFN_FID_NOTIFICATION_GET, c->vm, GET_ALL, 0,
		    "get");
}

static void allow_only(struct ph_ctx *c)
{
	allow_peer(c);
}

/*
 * Cold receivers: the same SET/GET pairs, but each iteration signals the
 * next VM of a fixed random permutation of all N, so at 32,767 VMs the
 * receiver's state is rarely in the cache and the hash lookup meets every
 * probe length the ID map has. This is the cost the hot rows leave out.
 */
#define COLD_BIT (1ull << 1)

static ffn_id_t cold_next(struct ph_ctx *c)
{
	ffn_id_t id = c->perm[c->perm_i];

	c->perm_i = c->perm_i + 1u == c->w->nvms ? 0 : c->perm_i + 1u;
	return id;
}

static void cold_bind(struct ph_ctx *c)
{
	if (c->perm == NULL) {
		/* A fixed Fisher-Yates shuffle of 1..N (xorshift, seed 1). */
		uint64_t x = 88172645463325252ull;

		c->perm = malloc(sizeof(*c->perm) * c->w->nvms);
		for (uint32_t i = 0; i < c->w->nvms; i++)
			c->perm[i] = (ffn_id_t)(i + 1u);
		for (uint32_t i = c->w->nvms - 1u; i > 0; i--) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			uint32_t j = (uint32_t)(x % (i + 1u));
			ffn_id_t t = c->perm[i];
			c->perm[i] = c->perm[j];
			c->perm[j] = t;
		}
	}
	c->perm_i = 0;
	for (uint32_t i = 0; i < c->w->nvms; i++)
		bw_ns_call(c->w, FFN_FID_NOTIFICATION_BIND,
			   ffn_w1_pack(BW_SP_MID, c->perm[i]), 0, COLD_BIT, 0,
			   "cold bind");
}

static void cold_unbind(struct ph_ctx *c)
{
	for (uint32_t i = 0; i < c->w->nvms; i++)
		bw_ns_call(c->w, FFN_FID_NOTIFICATION_UNBIND,
			   ffn_w1_pack(BW_SP_MID, c->perm[i]), 0, COLD_BIT, 0,
			   "cold unbind");
}

static void spmc_set_cold(struct ph_ctx *c)
{
	ffn_id_t vm = cold_next(c);
	struct ffn_regs r;

	bw_regs(&r, FFN_FID_NOTIFICATION_SET, ffn_w1_pack(BW_SP_MID, vm), 0,
		COLD_BIT, 0);
	MEASURE(c, bm_measured_sp(c->w, BW_SP_MID, 0, &r));
	bw_expect(&r, FFN_OK, "spmc set cold");
	get_vm_at_spmc(c->w, vm, &r);
	ffn_spmc_call_ns(&c->w->spmc, 0, &r);
	bw_expect(&r, FFN_OK, "get");
}

static void spmc_get_cold(struct ph_ctx *c)
{
	ffn_id_t vm = cold_next(c);
	struct ffn_regs r;

	bw_regs(&r, FFN_FID_NOTIFICATION_SET, ffn_w1_pack(BW_SP_MID, vm), 0,
		COLD_BIT, 0);
	ffn_spmc_call_sp(&c->w->spmc, BW_SP_MID, 0, 0, &r);
	bw_expect(&r, FFN_OK, "set");
	get_vm_at_spmc(c->w, vm, &r);
	MEASURE(c, bm_measured_ns(c->w, 0, &r));
	if (ffn_bitmap_from_regs(r.x[2], r.x[3]) != COLD_BIT)
		bw_expect(&r, 1, "spmc get cold: bit not returned");
}

/* The guest side: SP SET, SRI drain, then the guest's GET (measured). */
static void med_get_cold(struct ph_ctx *c)
{
	ffn_id_t vm = cold_next(c);
	struct ffn_regs r;

	bw_regs(&r, FFN_FID_NOTIFICATION_SET, ffn_w1_pack(BW_SP_MID, vm), 0,
		COLD_BIT, 0);
	ffn_spmc_call_sp(&c->w->spmc, BW_SP_MID, 0, 0, &r);
	bw_expect(&r, FFN_OK, "set");
	bw_take_sri(c->w, 0);
	med_measured(c, vm, FFN_FID_NOTIFICATION_GET, vm, GET_ALL, 0,
		     "med get cold", &r);
	if (ffn_bitmap_from_regs(r.x[2], r.x[3]) != COLD_BIT)
		bw_expect(&r, 1, "med get cold: bit not returned");
}

static const struct phase phases[] = {
	{"spmc", "bind", "vm", none, spmc_bind_vm, none},
	{"spmc", "bind", "sp", none, spmc_bind_sp, none},
	{"spmc", "unbind", "vm", none, spmc_unbind_vm, none},
	{"spmc", "unbind", "sp", none, spmc_unbind_sp, none},
	{"spmc", "set", "vm", bind_sp_to_vm, spmc_set_vm, unbind_sp_to_vm},
	{"spmc", "set", "sp", bind_sp_to_sp, spmc_set_sp, unbind_sp_to_sp},
	{"spmc", "get", "vm", bind_sp_to_vm, spmc_get_vm, unbind_sp_to_vm},
	{"spmc", "get", "sp", bind_sp_to_sp, spmc_get_sp, unbind_sp_to_sp},
	{"spmc", "get", "vm-listed", bind_sp_to_vm, spmc_get_vm_listed,
	 unbind_sp_to_vm},
	{"spmc", "info_get", "vm", bind_sp_to_vm, spmc_info_vm,
	 unbind_sp_to_vm},
	{"spmc", "info_get", "sp", bind_sp_to_sp, spmc_info_sp,
	 unbind_sp_to_sp},
	/* Mediator rows: "recv" names the peer (an SP, or another VM). */
	{"mediator", "bind", "sp", none, med_bind_sp, none},
	{"mediator", "bind", "vm", allow_only, med_bind_vm, none},
	{"mediator", "unbind", "sp", none, med_unbind_sp, none},
	{"mediator", "unbind", "vm", allow_only, med_unbind_vm, none},
	{"mediator", "set", "sp", sp_binds_vm, med_set_sp, sp_unbinds_vm},
	{"mediator", "set", "vm", vm_binds_peer, med_set_vm, vm_unbinds_peer},
	{"mediator", "get", "sp", guest_binds_sp, med_get_sp, guest_unbinds_sp},
	{"mediator", "get", "vm", vm_binds_peer, med_get_vm, vm_unbinds_peer},
	{"mediator", "info_get", "sp", guest_binds_sp, med_info_sp,
	 guest_unbinds_sp},
	{"mediator", "info_get", "vm", vm_binds_peer, med_info_vm,
	 vm_unbinds_peer},
	/* Cold receivers (see cold_next): SET/GET pairs over all N VMs. */
	{"spmc", "set", "vm-cold", cold_bind, spmc_set_cold, cold_unbind},
	{"spmc", "get", "vm-cold", cold_bind, spmc_get_cold, cold_unbind},
	{"mediator", "get", "sp-cold", cold_bind, med_get_cold, cold_unbind},
};

#define PHASE_COUNT (sizeof(phases) / sizeof(phases[0]))

/* --qemu-marks: an empty bracket, the plugin's fixed cost per bracket. */
static void empty_bracket(struct ph_ctx *c)
{
	MEASURE(c, (void)0);
}

static const struct phase calibrate = {"calibrate", "none",	   "none",
				       none,	    empty_bracket, none};

static void run_instr(const struct phase *p, struct ph_ctx *c)
{
	const unsigned ks[2] = {K1, K2};
	char tag[160];

	/* Warm up once so that first-touch costs fall outside both dumps. */
	p->setup(c);
	for (unsigned i = 0; i < 16; i++)
		p->iter(c);
	p->teardown(c);
	snprintf(tag, sizeof(tag), "warmup/%s/%s/%s", p->layer, p->op, p->recv);
	bw_cg_dump(tag);
	for (unsigned k = 0; k < 2; k++) {
		p->setup(c);
		for (unsigned i = 0; i < ks[k]; i++)
			p->iter(c);
		p->teardown(c);
		snprintf(tag, sizeof(tag), "calls/%s/%s/%s/%u/%u", p->layer,
			 p->op, p->recv, c->w->nvms, ks[k]);
		bw_cg_dump(tag);
	}
}

/*
 * One run of one phase in time mode: the measured call alone (timed call
 * by call, see the top of this file) into *@call_ns, and one whole
 * iteration (the call plus its undo, e.g. SET + GET) into *@iter_ns,
 * timed as a batch with no timer inside: steadier, and the better figure
 * for comparing VM counts.
 */
#define BATCH 100u

static void run_time(const struct phase *p, struct ph_ctx *c,
		     const struct bw_opts *o, double *s, double *call_ns,
		     double *iter_ns)
{
	uint64_t t0, t1;
	unsigned batches = o->iters / BATCH ? o->iters / BATCH : 1;

	p->setup(c);
	c->timed = true;
	for (unsigned i = 0; i < o->iters / 8u + 16u; i++)
		p->iter(c);
	for (unsigned i = 0; i < o->iters; i++) {
		p->iter(c);
		s[i] = (double)(c->t1 - c->t0);
	}
	*call_ns = (bw_robust_mean(s, o->iters) - bw_tick_overhead()) *
		   bw_tick_ns();
	/* Batches of BATCH iterations; the median batch, so that a
	 * preemption (the machine is shared) costs one batch, not the run. */
	c->timed = false;
	for (unsigned b = 0; b < batches; b++) {
		t0 = bw_now_ns();
		for (unsigned i = 0; i < BATCH; i++)
			p->iter(c);
		t1 = bw_now_ns();
		s[b] = (double)(t1 - t0) / (double)BATCH;
	}
	*iter_ns = bw_median(s, batches);
	p->teardown(c);
}

/*
 * Time mode keeps a world per VM count alive and interleaves them: run r
 * measures every phase at every count before run r + 1 starts, so a burst
 * of load from elsewhere on the machine hits one run of every count
 * rather than every run of one count, and the median drops it.
 */
static int calls_time(const struct bw_opts *o)
{
	FILE *csv = bw_csv(o, "calls.csv", "layer,op,recv,vms,ns,iter_ns");
	struct ph_ctx ctx[8];
	size_t cells = PHASE_COUNT * o->nsizes * o->runs;
	double *call = malloc(sizeof(double) * cells);
	double *iter = malloc(sizeof(double) * cells);
	double *s = malloc(sizeof(double) * o->iters);

	fprintf(stderr, "tick: %.4f ns, empty timed region %.1f ticks\n",
		bw_tick_ns(), bw_tick_overhead());
	for (unsigned si = 0; si < o->nsizes; si++) {
		struct bw *w = bw_new(o->sizes[si], BW_VM_VCPUS);
		ctx[si] = (struct ph_ctx){
			.w = w, .vm = bw_vm_mid(w), .peer = bw_vm_peer(w)};
	}
#define CELL(p, si, r) (((p)*o->nsizes + (si)) * o->runs + (r))
	for (unsigned r = 0; r < o->runs; r++)
		for (unsigned p = 0; p < PHASE_COUNT; p++)
			for (unsigned si = 0; si < o->nsizes; si++)
				run_time(&phases[p], &ctx[si], o, s,
					 &call[CELL(p, si, r)],
					 &iter[CELL(p, si, r)]);
	for (unsigned p = 0; p < PHASE_COUNT; p++) {
		for (unsigned si = 0; si < o->nsizes; si++) {
			double c = bw_median(&call[CELL(p, si, 0)], o->runs);
			double it = bw_median(&iter[CELL(p, si, 0)], o->runs);

			fprintf(csv, "%s,%s,%s,%u,%.1f,%.1f\n", phases[p].layer,
				phases[p].op, phases[p].recv, o->sizes[si], c,
				it);
			fprintf(stderr,
				"  %-8s %-8s %-2s N=%-5u %7.1f ns (iteration "
				"%.1f ns)\n",
				phases[p].layer, phases[p].op, phases[p].recv,
				o->sizes[si], c, it);
		}
	}
#undef CELL
	for (unsigned si = 0; si < o->nsizes; si++) {
		free(ctx[si].perm);
		bw_free(ctx[si].w);
	}
	free(call);
	free(iter);
	free(s);
	fclose(csv);
	return 0;
}

int bench_calls(const struct bw_opts *o)
{
	if (!o->instr)
		return calls_time(o);
	/* Instruction mode: one size per process (bench/instr.sh). */
	for (unsigned si = 0; si < o->nsizes; si++) {
		struct bw *w = bw_new(o->sizes[si], BW_VM_VCPUS);
		struct ph_ctx c = {
			.w = w, .vm = bw_vm_mid(w), .peer = bw_vm_peer(w)};

		if (bw_marks)
			run_instr(&calibrate, &c);
		for (unsigned i = 0; i < PHASE_COUNT; i++)
			run_instr(&phases[i], &c);
		free(c.perm);
		bw_free(w);
	}
	return 0;
}
