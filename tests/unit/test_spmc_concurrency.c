// SPDX-License-Identifier: BSD-3-Clause
/*
 * SPMC engine: a concurrency smoke test. Two threads, each acting for
 * one SP sender and one VM receiver on its own CPU, do SET (global and
 * per-vCPU), INFO_GET_64 and GET a bounded number of times. They share
 * the engine's INFO_GET queue and locks. Conservation: every bit a thread
 * sets is returned by exactly one of its GETs, and at the end nothing is
 * left pending or listed. A second test shares one receiver between
 * the threads. Meant to run under ThreadSanitizer too
 * (-DFFN_SANITIZE=thread).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "ffn/info_list.h"
#include "ffn/spmc.h"
#include "world.h"

#define SP_A 0x8001u
#define SP_B 0x8002u
#define SP_C 0x8003u
#define VM_A 0x0010u
#define VM_B 0x0020u
#define CPUS 4u
#define ROUNDS 20000u

static atomic_uint sri_count;
static atomic_uint npi_count;

static const struct ffn_spmc_sp_desc cc_sps[] = {
	{.id = SP_A, .vcpu_count = 1, .notifications = true},
	{.id = SP_B, .vcpu_count = 1, .notifications = true},
	{.id = SP_C, .vcpu_count = 2, .notifications = true},
};

/* What the engine raised, counted as the world delivers it. */
static void on_irq(void *ctx, const struct ffn_hw_irq *irq)
{
	(void)ctx;
	if (irq->to == FFN_HW_TO_CPU)
		atomic_fetch_add(&sri_count, 1);
	else
		atomic_fetch_add(&npi_count, 1);
}

/* The engine of @cfg in the hosted world, the hypervisor off. */
static struct ffn_hw *world(const struct ffn_spmc_config *cfg)
{
	struct ffn_hw_desc d = {
		.cpus = cfg->cpu_count,
		.sps = cfg->sps,
		.sp_count = cfg->sp_count,
		.vm_capacity = cfg->vm_capacity,
		.vm_max_vcpus = cfg->vm_max_vcpus,
	};
	struct ffn_hw *hw = calloc(1, sizeof(*hw));

	assert_non_null(hw);
	hw->obs.irq = on_irq;
	assert_int_equal(ffn_hw_init(hw, &d), 0);
	return hw;
}

static void release(struct ffn_hw *hw)
{
	ffn_hw_fini(hw);
	free(hw);
}

struct worker {
	struct ffn_spmc *spmc;
	ffn_id_t sp, vm;
	uint32_t cpu;
	uint64_t seed;
	/* Results, read by the main thread after join. */
	unsigned errors;
	unsigned mismatches;
	unsigned foreign_ids;
	unsigned listed;
	uint64_t bits_set;
	uint64_t bits_got;
};

static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int32_t sp_call(struct worker *w, uint32_t fid, uint64_t w1, uint64_t w2,
		       uint64_t bitmap)
{
	struct ffn_regs r;

	ffn_hw_regs(&r, fid, w1, w2, (uint32_t)bitmap, bitmap >> 32);
	ffn_spmc_call_sp(w->spmc, w->sp, 0, w->cpu, &r);
	return ffn_regs_error_code(&r);
}

static void info_get(struct worker *w)
{
	struct ffn_regs r;
	struct ffn_info_reader rd;
	struct ffn_info_entry e;
	int err;

	ffn_regs_init(&r, FFN_FID_NOTIFICATION_INFO_GET_64);
	ffn_spmc_call_ns(w->spmc, w->cpu, &r);
	err = ffn_info_reader_init(&rd, &r, true);
	if (err == FFN_NO_DATA)
		return;
	if (err != FFN_OK) {
		w->errors++;
		return;
	}
	while (ffn_info_reader_next(&rd, &e)) {
		w->listed++;
		if (e.id != VM_A && e.id != VM_B)
			w->foreign_ids++;
		for (unsigned i = 0; i < e.vcpu_count; i++)
			if (e.vcpus[i] > 1)
				w->foreign_ids++;
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	uint32_t w1 = ffn_w1_pack(w->sp, w->vm);

	for (unsigned i = 0; i < ROUNDS; i++) {
		uint64_t bits = next_rand(&w->seed);
		uint64_t global = bits & 0xFFFFFFFFull;
		uint64_t percpu = bits & 0xFFFFFFFF00000000ull;
		uint16_t vcpu = (uint16_t)(i & 1u);
		uint64_t got;
		struct ffn_regs r;

		if (global != 0 &&
		    sp_call(w, FFN_FID_NOTIFICATION_SET, w1, 0, global) != 0)
			w->errors++;
		if (percpu != 0 &&
		    sp_call(w, FFN_FID_NOTIFICATION_SET, w1,
			    FFN_NOTIF_FLAG_PER_VCPU |
				    ((uint32_t)vcpu << FFN_SET_VCPU_SHIFT) |
				    ((i & 2u) ? FFN_NOTIF_FLAG_DELAY_SRI : 0),
			    percpu) != 0)
			w->errors++;
		w->bits_set += (uint64_t)__builtin_popcountll(bits);
		if ((i & 3u) == 0 && sp_call(w, FFN_FID_MSG_WAIT, 0, 0, 0) != 0)
			w->errors++;

		info_get(w);

		ffn_regs_init(&r, FFN_FID_NOTIFICATION_GET);
		r.x[1] = ((uint32_t)vcpu << 16) | w->vm;
		r.x[2] = FFN_GET_FLAG_SP;
		ffn_spmc_call_ns(w->spmc, w->cpu, &r);
		if ((uint32_t)r.x[0] != FFN_FID_SUCCESS_32) {
			w->errors++;
			continue;
		}
		got = ffn_bitmap_from_regs(r.x[2], r.x[3]);
		w->bits_got += (uint64_t)__builtin_popcountll(got);
		if (got != bits)
			w->mismatches++;
	}
	return NULL;
}

static void two_threads_conserve_bits(void **state)
{
	struct ffn_spmc_config cfg = {
		.sps = cc_sps,
		.sp_count = 3,
		.vm_capacity = 4,
		.vm_max_vcpus = 2,
		.cpu_count = CPUS,
	};
	struct ffn_hw *hw = world(&cfg);
	struct ffn_spmc *spmc = &hw->spmc;
	struct ffn_spmc_stats st;
	struct worker w[2];
	pthread_t th[2];
	struct ffn_regs r;

	(void)state;
	memset(w, 0, sizeof(w));
	for (unsigned t = 0; t < 2; t++) {
		w[t].spmc = spmc;
		w[t].sp = t ? SP_B : SP_A;
		w[t].vm = t ? VM_B : VM_A;
		w[t].cpu = t + 1;
		w[t].seed = t ? 0x9E3779B97F4A7C15ull : 0xD1B54A32D192ED03ull;

		ffn_regs_init(&r, FFN_FID_NOTIFICATION_BITMAP_CREATE);
		r.x[1] = w[t].vm;
		r.x[2] = 2;
		ffn_spmc_call_ns(spmc, 0, &r);
		assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
		for (int per = 0; per < 2; per++) {
			ffn_regs_init(&r, FFN_FID_NOTIFICATION_BIND);
			r.x[1] = ffn_w1_pack(w[t].sp, w[t].vm);
			r.x[2] = (uint32_t)per;
			r.x[per ? 4 : 3] = 0xFFFFFFFFu;
			ffn_spmc_call_ns(spmc, 0, &r);
			assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
		}
	}

	for (unsigned t = 0; t < 2; t++)
		assert_int_equal(
			pthread_create(&th[t], NULL, worker_main, &w[t]), 0);
	for (unsigned t = 0; t < 2; t++)
		assert_int_equal(pthread_join(th[t], NULL), 0);

	for (unsigned t = 0; t < 2; t++) {
		assert_int_equal(w[t].errors, 0);
		assert_int_equal(w[t].mismatches, 0);
		assert_int_equal(w[t].foreign_ids, 0);
		assert_int_equal(w[t].bits_got, w[t].bits_set);
		assert_true(w[t].bits_set > ROUNDS);
	}
	/* Something was listed, and nothing is left. */
	assert_true(w[0].listed + w[1].listed > 0);
	ffn_regs_init(&r, FFN_FID_NOTIFICATION_INFO_GET_64);
	ffn_spmc_call_ns(spmc, 0, &r);
	assert_int_equal(ffn_regs_error_code(&r), FFN_NO_DATA);
	ffn_spmc_get_stats(spmc, &st);
	assert_int_equal(st.queued, 0);
	assert_int_equal(st.bound_ids, 128);
	assert_true(ffn_hw_settle(hw, 0) >= 0);
	assert_true(atomic_load(&sri_count) >= ROUNDS);
	for (unsigned t = 0; t < 2; t++) {
		struct ffn_spmc_view v;
		for (uint16_t vc = 0; vc < 2; vc++) {
			assert_int_equal(ffn_spmc_view(spmc, w[t].vm, vc, &v),
					 FFN_OK);
			assert_int_equal(v.global.from_sp | v.vcpu.from_sp, 0);
		}
	}
	release(hw);
}

/*
 * Both threads signal one shared receiver, SP C: thread t sends from its
 * own SP (bits 0-31 from A, 32-63 from B) and retrieves as C's vCPU t,
 * so each GET may return bits the other thread set. A bit is set only
 * while it is not in flight, so conservation is exact: every SET is
 * returned by exactly one GET of either thread, and no GET returns a
 * bit that is not in flight.
 */
struct shared {
	struct ffn_spmc *spmc;
	atomic_uint inflight[64];
};

struct sworker {
	struct shared *sh;
	unsigned t;
	uint64_t seed;
	unsigned errors, spurious;
	uint64_t sets, returned;
};

static void take_bits(struct sworker *w, uint64_t bits)
{
	while (bits != 0) {
		unsigned b = (unsigned)__builtin_ctzll(bits);
		bits &= bits - 1;
		if (atomic_exchange(&w->sh->inflight[b], 0) != 1)
			w->spurious++;
		w->returned++;
	}
}

static bool get_c(struct sworker *w, uint16_t vcpu, uint32_t cpu)
{
	struct ffn_regs r;

	ffn_regs_init(&r, FFN_FID_NOTIFICATION_GET);
	r.x[1] = ((uint32_t)vcpu << 16) | SP_C;
	r.x[2] = FFN_GET_FLAG_SP;
	ffn_spmc_call_sp(w->sh->spmc, SP_C, vcpu, cpu, &r);
	if ((uint32_t)r.x[0] != FFN_FID_SUCCESS_32)
		return false;
	take_bits(w, ffn_bitmap_from_regs(r.x[2], r.x[3]));
	return true;
}

static void *sworker_main(void *arg)
{
	struct sworker *w = arg;
	ffn_id_t sender = w->t ? SP_B : SP_A;
	uint32_t cpu = w->t + 1;

	for (unsigned i = 0; i < ROUNDS; i++) {
		unsigned b = (unsigned)(next_rand(&w->seed) % 32u) + 32u * w->t;
		struct ffn_regs r;

		if (atomic_load(&w->sh->inflight[b]) == 0) {
			atomic_store(&w->sh->inflight[b], 1);
			ffn_regs_init(&r, FFN_FID_NOTIFICATION_SET);
			r.x[1] = ffn_w1_pack(sender, SP_C);
			r.x[3] = (uint32_t)(1ull << b);
			r.x[4] = (1ull << b) >> 32;
			ffn_spmc_call_sp(w->sh->spmc, sender, 0, cpu, &r);
			if ((uint32_t)r.x[0] != FFN_FID_SUCCESS_32)
				w->errors++;
			w->sets++;
		}
		if ((i & 1u) == 0 && !get_c(w, (uint16_t)w->t, cpu))
			w->errors++;
		if ((i & 7u) == 0) {
			ffn_regs_init(&r, FFN_FID_NOTIFICATION_INFO_GET_64);
			ffn_spmc_call_ns(w->sh->spmc, cpu, &r);
			if ((uint32_t)r.x[0] != FFN_FID_SUCCESS_64 &&
			    ffn_regs_error_code(&r) != FFN_NO_DATA)
				w->errors++;
		}
	}
	return NULL;
}

static void two_threads_share_a_receiver(void **state)
{
	struct ffn_spmc_config cfg = {
		.sps = cc_sps,
		.sp_count = 3,
		.vm_capacity = 1,
		.vm_max_vcpus = 1,
		.cpu_count = CPUS,
	};
	static struct shared sh;
	struct ffn_hw *hw = world(&cfg);
	struct ffn_spmc *spmc = &hw->spmc;
	struct sworker w[2];
	pthread_t th[2];
	struct ffn_regs r;
	uint64_t sets = 0, returned = 0;

	(void)state;
	sh.spmc = spmc;
	for (unsigned b = 0; b < 64; b++)
		atomic_store(&sh.inflight[b], 0);
	for (unsigned t = 0; t < 2; t++) {
		ffn_regs_init(&r, FFN_FID_NOTIFICATION_BIND);
		r.x[1] = ffn_w1_pack(t ? SP_B : SP_A, SP_C);
		r.x[t ? 4 : 3] = 0xFFFFFFFFu;
		ffn_spmc_call_sp(spmc, SP_C, 0, 0, &r);
		assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
	}
	memset(w, 0, sizeof(w));
	for (unsigned t = 0; t < 2; t++) {
		w[t].sh = &sh;
		w[t].t = t;
		w[t].seed = t ? 0x2545F4914F6CDD1Dull : 0x9E3779B97F4A7C15ull;
		assert_int_equal(
			pthread_create(&th[t], NULL, sworker_main, &w[t]), 0);
	}
	for (unsigned t = 0; t < 2; t++)
		assert_int_equal(pthread_join(th[t], NULL), 0);

	/* Drain what is still in flight. */
	assert_true(get_c(&w[0], 0, 0));
	for (unsigned t = 0; t < 2; t++) {
		assert_int_equal(w[t].errors, 0);
		assert_int_equal(w[t].spurious, 0);
		sets += w[t].sets;
		returned += w[t].returned;
	}
	assert_true(sets > ROUNDS / 4);
	assert_int_equal(returned, sets);
	for (unsigned b = 0; b < 64; b++)
		assert_int_equal(atomic_load(&sh.inflight[b]), 0);
	ffn_regs_init(&r, FFN_FID_NOTIFICATION_INFO_GET_64);
	ffn_spmc_call_ns(spmc, 0, &r);
	assert_int_equal(ffn_regs_error_code(&r), FFN_NO_DATA);
	release(hw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_threads_conserve_bits),
		cmocka_unit_test(two_threads_share_a_receiver),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
