// SPDX-License-Identifier: BSD-3-Clause
/*
 * SPMC engine: ffn_spmc_storage_size / ffn_spmc_init errors (spmc.h), and
 * a normal-world capacity of the whole 15-bit ID space (docs/spmc.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "ffn/spmc.h"

static void nop_sri(void *ctx, uint32_t cpu)
{
	(void)ctx;
	(void)cpu;
}

static void nop_npi(void *ctx, ffn_id_t sp, uint16_t vcpu)
{
	(void)ctx;
	(void)sp;
	(void)vcpu;
}

static const struct ffn_spmc_ops ops = {nop_sri, nop_npi};

static struct ffn_spmc_sp_desc sps[2];

static struct ffn_spmc_config base(void)
{
	struct ffn_spmc_config cfg = {
		.sps = sps,
		.sp_count = 2,
		.vm_capacity = 4,
		.vm_max_vcpus = 2,
		.cpu_count = 2,
	};

	sps[0] = (struct ffn_spmc_sp_desc){
		.id = 0x8001, .vcpu_count = 1, .notifications = true};
	sps[1] = (struct ffn_spmc_sp_desc){.id = 0x8002,
					   .vcpu_count = 4,
					   .el0 = true,
					   .notifications = true};
	return cfg;
}

static int init(const struct ffn_spmc_config *cfg, const struct ffn_spmc_ops *o)
{
	static uint64_t storage[4096];
	struct ffn_spmc spmc;

	return ffn_spmc_init(&spmc, cfg, o, NULL, storage, sizeof(storage));
}

static void init_valid(void **state)
{
	struct ffn_spmc_config cfg = base();

	(void)state;
	assert_true(ffn_spmc_storage_size(&cfg) > 0);
	assert_int_equal(init(&cfg, &ops), FFN_OK);
}

static void init_invalid_configs(void **state)
{
	struct ffn_spmc_config cfg;
	static const struct ffn_spmc_ops no_sri = {NULL, nop_npi};
	static const struct ffn_spmc_ops no_npi = {nop_sri, NULL};

	(void)state;
	cfg = base();
	sps[1].id = 0x0002; /* no bit 15 */
	assert_int_equal(ffn_spmc_storage_size(&cfg), 0);
	assert_int_equal(init(&cfg, &ops), FFN_INVALID_PARAMETERS);
	cfg = base();
	sps[1].id = 0x8001; /* duplicate */
	assert_int_equal(init(&cfg, &ops), FFN_INVALID_PARAMETERS);
	cfg = base();
	sps[0].vcpu_count = 0;
	assert_int_equal(init(&cfg, &ops), FFN_INVALID_PARAMETERS);
	cfg = base();
	sps[0].vcpu_count = FFN_SPMC_MAX_VCPUS + 1;
	assert_int_equal(init(&cfg, &ops), FFN_INVALID_PARAMETERS);
	cfg = base();
	cfg.vm_capacity = FFN_VM_ID_COUNT + 1;
	assert_int_equal(init(&cfg, &ops), FFN_INVALID_PARAMETERS);
	cfg = base();
	cfg.cpu_count = 0;
	assert_int_equal(init(&cfg, &ops), FFN_INVALID_PARAMETERS);
	cfg = base();
	assert_int_equal(init(&cfg, &no_sri), FFN_INVALID_PARAMETERS);
	assert_int_equal(init(&cfg, &no_npi), FFN_INVALID_PARAMETERS);
	assert_int_equal(init(&cfg, NULL), FFN_INVALID_PARAMETERS);
}

static void init_storage_too_small(void **state)
{
	struct ffn_spmc_config cfg = base();
	size_t need = ffn_spmc_storage_size(&cfg);
	void *buf = aligned_alloc(8, need + 8);
	struct ffn_spmc spmc;

	(void)state;
	assert_non_null(buf);
	assert_int_equal(ffn_spmc_init(&spmc, &cfg, &ops, NULL, buf, need - 1),
			 FFN_NO_MEMORY);
	assert_int_equal(ffn_spmc_init(&spmc, &cfg, &ops, NULL, NULL, need),
			 FFN_NO_MEMORY);
	/* Misaligned. */
	assert_int_equal(
		ffn_spmc_init(&spmc, &cfg, &ops, NULL, (char *)buf + 4, need),
		FFN_NO_MEMORY);
	assert_int_equal(ffn_spmc_init(&spmc, &cfg, &ops, NULL, buf, need),
			 FFN_OK);
	free(buf);
}

static int32_t ns(struct ffn_spmc *spmc, uint32_t fid, uint32_t w1, uint32_t w2)
{
	struct ffn_regs r;

	ffn_regs_init(&r, fid);
	r.x[1] = w1;
	r.x[2] = w2;
	ffn_spmc_call_ns(spmc, 0, &r);
	return ffn_regs_error_code(&r);
}

/* Every normal-world ID at once: 0 .. 0x7FFF. */
static void whole_id_space(void **state)
{
	struct ffn_spmc_config cfg = base();
	struct ffn_spmc_stats st;
	struct ffn_spmc spmc;
	size_t need;
	void *buf;

	(void)state;
	cfg.vm_capacity = FFN_VM_ID_COUNT;
	cfg.vm_max_vcpus = 1;
	need = ffn_spmc_storage_size(&cfg);
	buf = aligned_alloc(8, (need + 7) & ~(size_t)7);
	assert_non_null(buf);
	assert_int_equal(ffn_spmc_init(&spmc, &cfg, &ops, NULL, buf, need),
			 FFN_OK);
	for (uint32_t id = 0; id < FFN_VM_ID_COUNT; id++)
		if (ns(&spmc, FFN_FID_NOTIFICATION_BITMAP_CREATE, id, 1) !=
		    FFN_OK)
			fail_msg("CREATE 0x%x failed", id);
	ffn_spmc_get_stats(&spmc, &st);
	assert_int_equal(st.vm_bitmaps, FFN_VM_ID_COUNT);
	assert_int_equal(
		ns(&spmc, FFN_FID_NOTIFICATION_BITMAP_CREATE, 0x1234, 1),
		FFN_DENIED);
	assert_int_equal(
		ns(&spmc, FFN_FID_NOTIFICATION_BITMAP_DESTROY, 0x1234, 0),
		FFN_OK);
	assert_int_equal(
		ns(&spmc, FFN_FID_NOTIFICATION_BITMAP_CREATE, 0x1234, 1),
		FFN_OK);
	for (uint32_t id = 0; id < FFN_VM_ID_COUNT; id += 0x111)
		assert_int_equal(
			ns(&spmc, FFN_FID_NOTIFICATION_BITMAP_DESTROY, id, 0),
			FFN_OK);
	free(buf);
}

static void view_errors(void **state)
{
	struct ffn_spmc_config cfg = base();
	struct ffn_spmc spmc;
	struct ffn_spmc_view v;
	size_t need = ffn_spmc_storage_size(&cfg);
	void *buf = aligned_alloc(8, (need + 7) & ~(size_t)7);

	(void)state;
	assert_int_equal(ffn_spmc_init(&spmc, &cfg, &ops, NULL, buf, need),
			 FFN_OK);
	assert_int_equal(ffn_spmc_view(&spmc, 0x8002, 3, &v), FFN_OK);
	assert_int_equal(v.vcpu_count, 4);
	assert_int_equal(ffn_spmc_view(&spmc, 0x8002, 4, &v),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(ffn_spmc_view(&spmc, 0x8009, 0, &v),
			 FFN_INVALID_PARAMETERS);
	assert_int_equal(ffn_spmc_view(&spmc, 0x0001, 0, &v),
			 FFN_INVALID_PARAMETERS);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_valid),
		cmocka_unit_test(init_invalid_configs),
		cmocka_unit_test(init_storage_too_small),
		cmocka_unit_test(whole_id_space),
		cmocka_unit_test(view_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
