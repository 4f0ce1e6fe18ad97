// SPDX-License-Identifier: BSD-3-Clause
/*
 * SPMC engine with the direct VM ID table (cfg.vm_id_table): the table is
 * read without vm_lock, so an entry can be stale by the time the slot's
 * lock is held. Single-threaded: IDs at both ends of the range, slot reuse
 * by another ID, a stale entry made by hand, the storage (64 KiB, less
 * than the hash map's from 4,096 VMs up).
 * Two threads: one signals and retrieves on a VM while the other destroys
 * and re-creates it and another VM in the same slots, so the signalling
 * thread keeps meeting stale entries: every SET that succeeded must be
 * returned by the GET that follows it. Meant for ThreadSanitizer too (the
 * "tsan" label).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "ffn/spmc.h"
#include "world.h"

#define SP 0x8001u
#define CPUS 2u
#define ROUNDS 20000u
#define CHURNS 1000u

static const struct ffn_spmc_sp_desc t_sps[] = {
	{.id = SP, .vcpu_count = 2, .notifications = true},
};

static struct ffn_spmc_config config(uint32_t vms, bool table)
{
	struct ffn_spmc_config cfg = {
		.sps = t_sps,
		.sp_count = 1,
		.vm_capacity = vms,
		.vm_max_vcpus = 1,
		.cpu_count = CPUS,
		.npi_intid = 5,
		.mei_intid = 4,
		.sri_intid = 8,
		.vm_id_table = table,
	};
	return cfg;
}

/*
 * The engine in the hosted world with the hypervisor off and nobody
 * watching: what it raises stays queued, nothing here looks at it.
 */
static struct ffn_hw *engine(uint32_t vms)
{
	struct ffn_hw_desc d = {
		.cpus = CPUS,
		.sps = t_sps,
		.sp_count = 1,
		.vm_capacity = vms,
		.vm_max_vcpus = 1,
		.vm_id_table = true,
	};
	struct ffn_hw *hw = calloc(1, sizeof(*hw));

	assert_non_null(hw);
	assert_int_equal(ffn_hw_init(hw, &d), 0);
	return hw;
}

static void release(struct ffn_hw *hw)
{
	ffn_hw_fini(hw);
	free(hw);
}

static int32_t ns(struct ffn_spmc *spmc, uint32_t cpu, uint32_t fid,
		  uint64_t w1, uint64_t w2, uint64_t bits, struct ffn_regs *r)
{
	ffn_regs_init(r, fid);
	r->x[1] = w1;
	r->x[2] = w2;
	r->x[3] = (uint32_t)bits;
	r->x[4] = (uint32_t)(bits >> 32);
	ffn_spmc_call_ns(spmc, cpu, r);
	return ffn_regs_error_code(r);
}

static int32_t sp_set(struct ffn_spmc *spmc, uint32_t cpu, ffn_id_t vm)
{
	struct ffn_regs r;

	ffn_regs_init(&r, FFN_FID_NOTIFICATION_SET);
	r.x[1] = ffn_w1_pack(SP, vm);
	r.x[3] = 1;
	ffn_spmc_call_sp(spmc, SP, (uint16_t)cpu, cpu, &r);
	return ffn_regs_error_code(&r);
}

/* Create @vm and bind ID 0 of it to SP. */
static int32_t create_bound(struct ffn_spmc *spmc, ffn_id_t vm)
{
	struct ffn_regs r;
	int32_t err =
		ns(spmc, 0, FFN_FID_NOTIFICATION_BITMAP_CREATE, vm, 1, 0, &r);

	if (err != FFN_OK)
		return err;
	return ns(spmc, 0, FFN_FID_NOTIFICATION_BIND, ffn_w1_pack(SP, vm), 0, 1,
		  &r);
}

static void ids_at_both_ends_and_slot_reuse(void **state)
{
	struct ffn_hw *hw = engine(2);
	struct ffn_spmc *spmc = &hw->spmc;
	struct ffn_regs r;

	(void)state;
	assert_int_equal(create_bound(spmc, 1), FFN_OK);
	assert_int_equal(create_bound(spmc, 0x7FFF), FFN_OK);
	/* Both slots taken. */
	assert_int_equal(
		ns(spmc, 0, FFN_FID_NOTIFICATION_BITMAP_CREATE, 5, 1, 0, &r),
		FFN_NO_MEMORY);
	assert_int_equal(sp_set(spmc, 0, 0x7FFF), FFN_OK);
	assert_int_equal(ns(spmc, 0, FFN_FID_NOTIFICATION_GET, 0x7FFF,
			    FFN_GET_FLAG_SP, 0, &r),
			 FFN_OK);
	assert_int_equal(r.x[2], 1);
	/* A neighbour in the same table word is unknown. */
	assert_int_equal(sp_set(spmc, 0, 0x7FFE), FFN_DENIED);
	assert_int_equal(sp_set(spmc, 0, 0), FFN_DENIED);

	/* 0x7FFF's slot goes to 6: the old ID is gone, the new one works. */
	assert_int_equal(ns(spmc, 0, FFN_FID_NOTIFICATION_BITMAP_DESTROY,
			    0x7FFF, 0, 0, &r),
			 FFN_OK);
	assert_int_equal(create_bound(spmc, 6), FFN_OK);
	assert_int_equal(sp_set(spmc, 0, 0x7FFF), FFN_DENIED);
	assert_int_equal(ns(spmc, 0, FFN_FID_NOTIFICATION_GET, 0x7FFF,
			    FFN_GET_FLAG_SP, 0, &r),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(sp_set(spmc, 0, 6), FFN_OK);
	assert_int_equal(ns(spmc, 0, FFN_FID_NOTIFICATION_GET, 6,
			    FFN_GET_FLAG_SP, 0, &r),
			 FFN_OK);
	assert_int_equal(r.x[2], 1);
	assert_int_equal(ns(spmc, 0, FFN_FID_NOTIFICATION_GET, 1,
			    FFN_GET_FLAG_SP, 0, &r),
			 FFN_OK);
	assert_int_equal(r.x[2], 0);
	release(hw);
}

/*
 * A stale entry, made by hand (white box: entry = slot + 1, two 16-bit
 * entries per word, ID 1 in the high half of word 0): VM 1's entry names
 * VM 2's slot. The lookup must see that the slot holds another ID and
 * refuse, never signal VM 2.
 */
static void stale_entry_never_reaches_another_vm(void **state)
{
	struct ffn_hw *hw = engine(2);
	struct ffn_spmc *spmc = &hw->spmc;
	struct ffn_spmc_view v;
	uint32_t w;

	(void)state;
	assert_int_equal(create_bound(spmc, 2), FFN_OK);
	w = atomic_load(&spmc->vm_table[1]); /* IDs 2 (low) and 3 */
	assert_int_equal(w & 0xFFFFu, 1);    /* VM 2 in slot 0 */
	atomic_store(&spmc->vm_table[0], (w & 0xFFFFu) << 16);
	assert_int_equal(sp_set(spmc, 0, 1), FFN_DENIED);
	assert_int_equal(ffn_spmc_view(spmc, 2, 0, &v), FFN_OK);
	assert_int_equal(v.global.from_sp, 0);
	release(hw);
}

static void storage_is_64_kib_whatever_the_capacity(void **state)
{
	struct ffn_spmc_config small_map = config(16, false);
	struct ffn_spmc_config small_table = config(16, true);
	struct ffn_spmc_config big_map = config(4096, false);
	struct ffn_spmc_config big_table = config(4096, true);

	(void)state;
	/* 16 VMs: 32 map slots of 8 bytes replaced by 64 KiB. */
	assert_int_equal(ffn_spmc_storage_size(&small_table) -
				 ffn_spmc_storage_size(&small_map),
			 65536 - 32 * 8);
	/* 4,096 VMs: 8,192 map slots, the same bytes. */
	assert_int_equal(ffn_spmc_storage_size(&big_table),
			 ffn_spmc_storage_size(&big_map));
}

struct churn {
	struct ffn_spmc *spmc;
	atomic_int stop;
	atomic_uint recreated;
	unsigned set_ok, lost, churn_errors;
};

/* CPU 1: SET ID 0 of VM 1, then GET it; a successful SET must come back. */
static void *signaller(void *arg)
{
	struct churn *c = arg;
	struct ffn_regs r;

	/*
	 * Until both have done their share: the threads may start late, and
	 * VM 1 exists only in short windows of the churn, which a loaded
	 * machine can make every one of ROUNDS SETs miss.
	 */
	for (unsigned i = 0;
	     i < ROUNDS || atomic_load(&c->recreated) < CHURNS || !c->set_ok;
	     i++) {
		if (sp_set(c->spmc, 1, 1) != FFN_OK)
			continue;
		c->set_ok++;
		/* Pending, so DESTROY is refused until this GET. */
		if (ns(c->spmc, 1, FFN_FID_NOTIFICATION_GET, 1, FFN_GET_FLAG_SP,
		       0, &r) != FFN_OK ||
		    r.x[2] != 1)
			c->lost++;
	}
	atomic_store(&c->stop, 1);
	return NULL;
}

/*
 * CPU 0: destroy VM 1, create VM 2 in its slot and VM 1 in the other, then
 * the reverse, so VM 1's table entry keeps going stale under the
 * signaller. A refused DESTROY (something pending) masks VM 1 until the
 * signaller's GET: create it again after a drain.
 */
static void *churner(void *arg)
{
	struct churn *c = arg;
	struct ffn_regs r;

	while (!atomic_load(&c->stop)) {
		if (ns(c->spmc, 0, FFN_FID_NOTIFICATION_BITMAP_DESTROY, 1, 0, 0,
		       &r) != FFN_OK)
			continue;
		/* Counted, not asserted: cmocka asserts only in its thread. */
		if (create_bound(c->spmc, 2) != FFN_OK ||
		    create_bound(c->spmc, 1) != FFN_OK ||
		    ns(c->spmc, 0, FFN_FID_NOTIFICATION_BITMAP_DESTROY, 2, 0, 0,
		       &r) != FFN_OK)
			c->churn_errors++;
		atomic_fetch_add(&c->recreated, 1);
	}
	return NULL;
}

static void stale_entries_lose_nothing(void **state)
{
	struct ffn_hw *hw = engine(2);
	struct ffn_spmc *spmc = &hw->spmc;
	struct churn c = {.spmc = spmc};
	pthread_t a, b;

	(void)state;
	assert_int_equal(create_bound(spmc, 1), FFN_OK);
	assert_int_equal(pthread_create(&a, NULL, signaller, &c), 0);
	assert_int_equal(pthread_create(&b, NULL, churner, &c), 0);
	assert_int_equal(pthread_join(a, NULL), 0);
	assert_int_equal(pthread_join(b, NULL), 0);
	assert_int_equal(c.lost, 0);
	assert_int_equal(c.churn_errors, 0);
	assert_true(c.set_ok > 0);
	assert_true(atomic_load(&c.recreated) >= CHURNS);
	release(hw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ids_at_both_ends_and_slot_reuse),
		cmocka_unit_test(stale_entry_never_reaches_another_vm),
		cmocka_unit_test(storage_is_64_kib_whatever_the_capacity),
		cmocka_unit_test(stale_entries_lose_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
