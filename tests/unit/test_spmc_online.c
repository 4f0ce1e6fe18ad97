// SPDX-License-Identifier: BSD-3-Clause
/*
 * SPMC engine: ffn_spmc_vcpu_online. A per-vCPU notification listed by
 * INFO_GET while its vCPU was away, and never retrieved, is listed again
 * once that vCPU is back, exactly once (docs/spmc.md, "A vCPU that comes
 * back").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "spmc_fixture.h"

#define PER_VCPU(v) (FFN_NOTIF_FLAG_PER_VCPU | ((uint32_t)(v) << 16))
#define OS FFN_ID_NS_PHYS /* the OS without a hypervisor */
#define OS_VCPUS 4u
#define BIT6 (1ull << 6)
#define BIT9 (1ull << 9)

/* The CPU back (the firmware's call), then its SRI delivered. */
static int online(struct fx *f, uint32_t cpu, ffn_id_t id, uint16_t vcpu)
{
	int rc = ffn_spmc_vcpu_online(&f->w.spmc, cpu, id, vcpu);

	ffn_hw_settle(&f->w, 0);
	return rc;
}

static int setup(void **state)
{
	struct fx *f = fx_new(0);

	/* What Linux does at probe, and its per-vCPU request of ID 6. */
	assert_int_equal(fx_create(f, OS, OS_VCPUS), FFN_OK);
	assert_int_equal(fx_bind(f, FX_SP1, OS, BIT6, true), FFN_OK);
	assert_int_equal(fx_bind(f, FX_SP1, OS, BIT9, false), FFN_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx_free(*state);
	return 0;
}

static int32_t info(struct fx *f)
{
	return fx_ns(f, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0);
}

/*
 * The last INFO_GET listed exactly one receiver, @id, with the vCPUs
 * @vcpus (n = 0: its global entry), and nothing more is pending.
 */
static void assert_listed(const struct fx *f, ffn_id_t id,
			  const uint16_t *vcpus, unsigned n)
{
	uint64_t ids = id;

	assert_int_equal((uint32_t)f->r.x[0], FFN_FID_SUCCESS_64);
	assert_int_equal(f->r.x[2],
			 (1ull << FFN_INFO_LIST_COUNT_SHIFT) |
				 ((uint64_t)n << FFN_INFO_LIST_SIZE_SHIFT));
	for (unsigned i = 0; i < n; i++)
		ids |= (uint64_t)vcpus[i] << (16u * (i + 1u));
	assert_int_equal(f->r.x[3], ids);
	for (unsigned i = 4; i < FFN_REG_COUNT; i++)
		assert_int_equal(f->r.x[i], 0);
}

/* SP1 sets ID 6 for the OS's vCPU @vcpu; INFO_GET lists it. */
static void set_and_list(struct fx *f, uint16_t vcpu)
{
	assert_int_equal(fx_set(f, FX_SP1, OS, PER_VCPU(vcpu), BIT6), FFN_OK);
	assert_int_equal(info(f), FFN_OK);
	assert_listed(f, OS, &vcpu, 1);
}

/* The whole story of a CPU taken offline and brought back. */
static void listed_again_once_after_return(void **state)
{
	struct fx *f = *state;
	const uint16_t one = 1;
	unsigned sri0, sri1;

	/* vCPU 1 is offline: INFO_GET takes its entry, no GET follows. */
	set_and_list(f, 1);
	assert_int_equal(info(f), FFN_NO_DATA);
	/* A second SET of the same ID is no fresh bit: still unlisted. */
	assert_int_equal(fx_set(f, FX_SP1, OS, PER_VCPU(1), BIT6), FFN_OK);
	assert_int_equal(info(f), FFN_NO_DATA);

	/* It is back: listed again, the SRI on the CPU named. */
	sri0 = f->sri[0];
	sri1 = f->sri[1];
	assert_int_equal(online(f, 1, OS, 1), FFN_OK);
	assert_int_equal(f->sri[1], sri1 + 1);
	assert_int_equal(f->sri[0], sri0);
	assert_int_equal(info(f), FFN_OK);
	assert_listed(f, OS, &one, 1);
	/* Exactly once. */
	assert_int_equal(info(f), FFN_NO_DATA);

	/* The GET on vCPU 1 gets it, once. */
	assert_int_equal(fx_get(f, OS, 1, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), BIT6);
	assert_int_equal(fx_get(f, OS, 1, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 0);

	/* Nothing pending any more: nothing listed, no SRI. */
	sri1 = f->sri[1];
	assert_int_equal(online(f, 1, OS, 1), FFN_NO_DATA);
	assert_int_equal(f->sri[1], sri1);
	assert_int_equal(info(f), FFN_NO_DATA);
}

/* Back before anyone asked: still one entry, not two. */
static void unlisted_entry_not_doubled(void **state)
{
	struct fx *f = *state;
	const uint16_t one = 1;

	assert_int_equal(fx_set(f, FX_SP1, OS, PER_VCPU(1), BIT6), FFN_OK);
	assert_int_equal(online(f, 1, OS, 1), FFN_OK);
	assert_int_equal(online(f, 1, OS, 1), FFN_OK);
	assert_int_equal(info(f), FFN_OK);
	assert_listed(f, OS, &one, 1);
	assert_int_equal(info(f), FFN_NO_DATA);
}

/* Only that vCPU's per-vCPU state: not the others', not the global. */
static void only_that_vcpu(void **state)
{
	struct fx *f = *state;
	const uint16_t one = 1;

	set_and_list(f, 1);
	set_and_list(f, 2);
	assert_int_equal(fx_set(f, FX_SP1, OS, 0, BIT9), FFN_OK);
	assert_int_equal(info(f), FFN_OK);
	assert_listed(f, OS, NULL, 0);
	assert_int_equal(info(f), FFN_NO_DATA);

	/* vCPU 3 has nothing: nothing listed. */
	assert_int_equal(online(f, 3, OS, 3), FFN_NO_DATA);
	assert_int_equal(info(f), FFN_NO_DATA);
	assert_int_equal(online(f, 1, OS, 1), FFN_OK);
	assert_int_equal(info(f), FFN_OK);
	assert_listed(f, OS, &one, 1);
	assert_int_equal(info(f), FFN_NO_DATA);
}

/* Listed again after a GET of another vCPU took the global bits. */
static void survives_other_gets(void **state)
{
	struct fx *f = *state;
	const uint16_t one = 1;

	set_and_list(f, 1);
	assert_int_equal(fx_get(f, OS, 0, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_get_sp_bits(f), 0);
	assert_int_equal(online(f, 1, OS, 1), FFN_OK);
	assert_int_equal(info(f), FFN_OK);
	assert_listed(f, OS, &one, 1);
}

/* Bad arguments: INVALID_PARAMETERS, nothing listed, no SRI. */
static void bad_arguments(void **state)
{
	struct fx *f = *state;
	unsigned total;

	set_and_list(f, 1);
	total = f->sri_total;
	assert_int_equal(online(f, FX_CPUS, OS, 1), FFN_INVALID_PARAMETERS);
	assert_int_equal(online(f, 1, OS, OS_VCPUS), FFN_INVALID_PARAMETERS);
	assert_int_equal(online(f, 1, 0x42, 1), FFN_INVALID_PARAMETERS);
	assert_int_equal(online(f, 1, FX_SP8, 1), FFN_INVALID_PARAMETERS);
	assert_int_equal(f->sri_total, total);
	assert_int_equal(info(f), FFN_NO_DATA);
}

/* The same for a VM's bitmap: a receiver is a receiver. */
static void vm_receiver(void **state)
{
	struct fx *f = *state;
	const uint16_t two = 2;

	assert_int_equal(fx_create(f, 7, 3), FFN_OK);
	assert_int_equal(fx_bind(f, FX_SP1, 7, BIT6, true), FFN_OK);
	assert_int_equal(fx_set(f, FX_SP1, 7, PER_VCPU(2), BIT6), FFN_OK);
	assert_int_equal(info(f), FFN_OK);
	assert_listed(f, 7, &two, 1);
	assert_int_equal(online(f, 0, 7, 2), FFN_OK);
	assert_int_equal(info(f), FFN_OK);
	assert_listed(f, 7, &two, 1);
	assert_int_equal(info(f), FFN_NO_DATA);
	/* A destroyed bitmap has no state. */
	assert_int_equal(fx_get(f, 7, 2, FFN_GET_FLAG_SP), FFN_OK);
	assert_int_equal(fx_destroy(f, 7), FFN_OK);
	assert_int_equal(online(f, 0, 7, 2), FFN_INVALID_PARAMETERS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(listed_again_once_after_return,
						setup, teardown),
		cmocka_unit_test_setup_teardown(unlisted_entry_not_doubled,
						setup, teardown),
		cmocka_unit_test_setup_teardown(only_that_vcpu, setup,
						teardown),
		cmocka_unit_test_setup_teardown(survives_other_gets, setup,
						teardown),
		cmocka_unit_test_setup_teardown(bad_arguments, setup, teardown),
		cmocka_unit_test_setup_teardown(vm_receiver, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
