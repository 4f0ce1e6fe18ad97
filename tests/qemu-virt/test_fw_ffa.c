// SPDX-License-Identifier: BSD-3-Clause
/*
 * The firmware's FF-A layer over the real engine, on the host: the RX/TX
 * pair against hostile addresses, FFA_PARTITION_INFO_GET and RX
 * ownership, direct requests to the test partitions, FFA_RUN with the
 * NPI, the SRI (immediate while the partition runs, delayed until its
 * run ends), the partitions' records, and the re-list for a CPU back
 * from CPU_ON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ffa.h"

#define CPUS 4u
#define PAGES 4u

struct world {
	struct ffn_spmc spmc;
	struct fw_tps tps;
	struct fw_ffa ffa;
	void *storage;
	uint8_t *dram; /* stands for non-secure DRAM */
	unsigned sri[CPUS];
	int sri_while_running; /* SRIs raised while 0x8001 vCPU 0 ran */
};

static struct world *cur;

static void raise_sri(void *ctx, uint32_t cpu)
{
	struct ffn_spmc_view v;

	(void)ctx;
	cur->sri[cpu]++;
	if (ffn_spmc_view(&cur->spmc, FFN_TP_UP_ID, 0, &v) == 0 && v.running)
		cur->sri_while_running++;
}

static void pend_npi(void *ctx, ffn_id_t sp, uint16_t vcpu)
{
	fw_tp_pend_npi(ctx, sp, vcpu);
}

static const struct ffn_spmc_ops ops = {raise_sri, pend_npi};

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));
	struct ffn_spmc_sp_desc descs[FW_TP_COUNT];
	struct ffn_spmc_config cfg = {0};
	struct fw_memmap map;
	size_t need;

	fw_tp_init(&w->tps, CPUS, descs);
	cfg.sps = descs;
	cfg.sp_count = FW_TP_COUNT;
	cfg.vm_capacity = 8;
	cfg.vm_max_vcpus = CPUS;
	cfg.cpu_count = CPUS;
	cfg.sri_intid = 8;
	need = ffn_spmc_storage_size(&cfg);
	w->storage = aligned_alloc(8, (need + 7) & ~(size_t)7);
	assert_int_equal(
		ffn_spmc_init(&w->spmc, &cfg, &ops, &w->tps, w->storage, need),
		0);
	fw_tp_attach(&w->tps, &w->spmc);
	w->dram = aligned_alloc(FW_PAGE_SIZE, 16 * FW_PAGE_SIZE);
	memset(w->dram, 0xee, 16 * FW_PAGE_SIZE);
	map.ns_base = (uintptr_t)w->dram;
	map.ns_end = map.ns_base + 14 * FW_PAGE_SIZE;
	/* The "firmware" is the last two pages, right above DRAM here. */
	map.fw_base = map.ns_end;
	map.fw_end = map.fw_base + 2 * FW_PAGE_SIZE;
	fw_ffa_init(&w->ffa, &w->spmc, &w->tps, &map);
	cur = w;
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	free(w->storage);
	free(w->dram);
	free(w);
	return 0;
}

/* One call on @cpu with x1..x7 = @a. */
static struct ffn_regs call_a(struct world *w, uint32_t cpu, uint32_t fid,
			      const uint64_t a[7])
{
	struct ffn_regs r;

	ffn_regs_init(&r, fid);
	memcpy(&r.x[1], a, 7 * sizeof(uint64_t));
	fw_ffa_call(&w->ffa, cpu, &r);
	return r;
}

static struct ffn_regs call(struct world *w, uint32_t cpu, uint32_t fid,
			    uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			    uint64_t a5)
{
	const uint64_t a[7] = {a1, a2, a3, a4, a5, 0, 0};

	return call_a(w, cpu, fid, a);
}

static uint64_t page(struct world *w, unsigned n)
{
	return (uintptr_t)w->dram + (uint64_t)n * FW_PAGE_SIZE;
}

/* A direct request to @sp from VM 0 on @cpu; the status is x3. */
static struct ffn_regs tp(struct world *w, uint32_t cpu, ffn_id_t sp,
			  uint32_t cmd, uint32_t a4, uint32_t a5, uint64_t ids)
{
	const uint64_t a[7] = {
		sp, 0, cmd, a4, a5, (uint32_t)ids, (uint32_t)(ids >> 32)};

	return call_a(w, cpu, FW_FID_DIRECT_REQ_32, a);
}

static void assert_error(const struct ffn_regs *r, int32_t err)
{
	assert_int_equal(ffn_regs_error_code(r), err);
}

static void test_rxtx_hostile(void **state)
{
	struct world *w = *state;
	struct {
		uint64_t tx, rx, w3, x4;
	} bad[] = {
		{page(w, 0) + 8, page(w, 1), 1, 0},   /* unaligned TX */
		{page(w, 0), page(w, 1) + 16, 1, 0},  /* unaligned RX */
		{page(w, 0), page(w, 1), 0, 0},	      /* no pages */
		{page(w, 0), page(w, 1), 2, 0},	      /* RX inside TX */
		{page(w, 0), page(w, 0), 1, 0},	      /* RX == TX */
		{page(w, 0), page(w, 1), 1u << 6, 0}, /* w3 MBZ bits */
		{page(w, 0), page(w, 1), 1, 1},	      /* x4 MBZ */
		{page(w, 13), page(w, 1), 2, 0},      /* TX runs past DRAM */
		{page(w, 14), page(w, 1), 1, 0},      /* TX in the firmware */
		{page(w, 0) - FW_PAGE_SIZE, page(w, 1), 1, 0}, /* below DRAM */
		{page(w, 0), ~0ull & ~0xfffull, 1, 0},	       /* wraps */
		{page(w, 0), page(w, 2), 63, 0}, /* huge: past DRAM end */
	};

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ffn_regs r = call(w, 0, FW_FID_RXTX_MAP_64, bad[i].tx,
					 bad[i].rx, bad[i].w3, bad[i].x4, 0);
		assert_error(&r, FFN_INVALID_PARAMETERS);
		assert_false(w->ffa.mb.mapped);
	}
	{
		struct ffn_regs r =
			call(w, 0, FW_FID_RXTX_UNMAP, 0, 0, 0, 0, 0);
		assert_error(&r, FFN_INVALID_PARAMETERS);
		r = call(w, 1, FW_FID_RXTX_MAP_64, page(w, 0), page(w, 2), 2, 0,
			 0);
		assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
		r = call(w, 1, FW_FID_RXTX_MAP_64, page(w, 4), page(w, 5), 1, 0,
			 0);
		assert_error(&r, FFN_DENIED);
		assert_int_equal(w->ffa.mb.tx, page(w, 0));
		r = call(w, 1, FW_FID_RXTX_UNMAP, 1u << 16, 0, 0, 0, 0);
		assert_error(&r, FFN_INVALID_PARAMETERS);
		r = call(w, 1, FW_FID_RXTX_UNMAP, 0, 0, 0, 0, 0);
		assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
		assert_false(w->ffa.mb.mapped);
	}
}

static void test_partition_info(void **state)
{
	struct world *w = *state;
	uint8_t *rx = w->dram + FW_PAGE_SIZE;
	struct ffn_regs r;

	r = call(w, 0, FW_FID_PARTITION_INFO_GET, 0, 0, 0, 0, 1);
	assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
	assert_int_equal(r.x[2], 2);
	assert_int_equal(r.x[3], 0);
	r = call(w, 0, FW_FID_PARTITION_INFO_GET, 0, 0, 0, 0, 0);
	assert_error(&r, FFN_BUSY); /* no RX */
	r = call(w, 0, FW_FID_RXTX_MAP_64, page(w, 0), page(w, 1), 1, 0, 0);
	assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
	r = call(w, 0, FW_FID_RX_RELEASE, 0, 0, 0, 0, 0);
	assert_error(&r, FFN_DENIED); /* the producer owns it */
	r = call(w, 0, FW_FID_PARTITION_INFO_GET, 0, 0, 0, 0, 0);
	assert_int_equal(r.x[2], 2);
	assert_int_equal(r.x[3], 24);
	assert_int_equal(rx[0] | rx[1] << 8, FFN_TP_UP_ID);
	assert_int_equal(rx[2] | rx[3] << 8, 1);
	assert_int_equal(rx[4] | rx[5] << 8, 0x109);
	assert_memory_equal(rx + 8, w->tps.tp[0].uuid, 16);
	assert_int_equal(rx[24] | rx[25] << 8, FFN_TP_MP_ID);
	assert_int_equal(rx[26] | rx[27] << 8, CPUS);
	assert_int_equal(rx[48], 0xee); /* nothing written past the end */
	r = call(w, 0, FW_FID_PARTITION_INFO_GET, 0, 0, 0, 0, 0);
	assert_error(&r, FFN_BUSY); /* the consumer still owns RX */
	r = call(w, 2, FW_FID_RX_RELEASE, 0, 0, 0, 0, 0);
	assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
	r = call(w, 0, FW_FID_PARTITION_INFO_GET, FFN_TP_MP_UUID_W0,
		 FFN_TP_MP_UUID_W1, FFN_TP_MP_UUID_W2, FFN_TP_MP_UUID_W3, 0);
	assert_int_equal(r.x[2], 1);
	assert_int_equal(rx[0] | rx[1] << 8, FFN_TP_MP_ID);
	call(w, 0, FW_FID_RX_RELEASE, 0, 0, 0, 0, 0);
	r = call(w, 0, FW_FID_PARTITION_INFO_GET, 1, 2, 3, 4, 0);
	assert_error(&r, FFN_INVALID_PARAMETERS);
	r = call(w, 0, FW_FID_PARTITION_INFO_GET, 0, 0, 0, 0, 2);
	assert_error(&r, FFN_INVALID_PARAMETERS);
	/* A v1.0 caller: 8-byte descriptors, no flags. */
	r = call(w, 0, FFN_FID_VERSION, FFN_VERSION_1_0, 0, 0, 0, 0);
	r = call(w, 0, FW_FID_PARTITION_INFO_GET, 0, 0, 0, 0, 1);
	assert_error(&r, FFN_INVALID_PARAMETERS);
	r = call(w, 0, FW_FID_PARTITION_INFO_GET, 0, 0, 0, 0, 0);
	assert_int_equal(r.x[3], 8);
	assert_int_equal(rx[8] | rx[9] << 8, FFN_TP_MP_ID);
}

static void test_features_and_id(void **state)
{
	struct world *w = *state;
	struct ffn_regs r;

	r = call(w, 0, FW_FID_ID_GET, 0, 0, 0, 0, 0);
	assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
	assert_int_equal(r.x[2], 0);
	r = call(w, 0, FW_FID_ID_GET, 1, 0, 0, 0, 0);
	assert_error(&r, FFN_INVALID_PARAMETERS);
	r = call(w, 0, FFN_FID_FEATURES, FW_FID_RXTX_MAP_64, 0, 0, 0, 0);
	assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
	r = call(w, 0, FFN_FID_FEATURES, FW_FID_DIRECT_REQ_64, 0, 1, 0, 0);
	assert_error(&r, FFN_INVALID_PARAMETERS);
	r = call(w, 0, FFN_FID_FEATURES, FW_FID_DIRECT_RESP_32, 0, 0, 0, 0);
	assert_error(&r, FFN_NOT_SUPPORTED);
	r = call(w, 0, FFN_FID_FEATURES, FFN_FEAT_SRI, 0, 0, 0, 0);
	assert_int_equal(r.x[2], 8);
	r = call(w, 0, 0x840000feu, 0, 0, 0, 0, 0);
	assert_error(&r, FFN_NOT_SUPPORTED);
}

static void test_direct_requests(void **state)
{
	struct world *w = *state;
	struct ffn_regs r;

	r = tp(w, 3, FFN_TP_MP_ID, FFN_TP_CMD_PING, 0, 0, 0);
	assert_int_equal(r.x[0], FW_FID_DIRECT_RESP_32);
	assert_int_equal(r.x[1], (uint32_t)FFN_TP_MP_ID << 16);
	assert_int_equal(r.x[3], 0);
	assert_int_equal(r.x[4], FFN_TP_MAGIC);
	assert_int_equal(r.x[6], CPUS);
	assert_int_equal(r.x[7], 3u << 16 | FFN_TP_VERSION);
	/* A sender with no bitmap is spoofed; one with a bitmap is a VM. */
	r = tp(w, 0, FFN_TP_UP_ID, FFN_TP_CMD_PING, 0, 0, 0);
	assert_int_equal(r.x[0], FW_FID_DIRECT_RESP_32);
	{
		struct ffn_regs q;
		ffn_regs_init(&q, FW_FID_DIRECT_REQ_64);
		q.x[1] = 5u << 16 | FFN_TP_UP_ID;
		fw_ffa_call(&w->ffa, 0, &q);
		assert_error(&q, FFN_INVALID_PARAMETERS);
		r = call(w, 0, FFN_FID_NOTIFICATION_BITMAP_CREATE, 5, 1, 0, 0,
			 0);
		assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
		ffn_regs_init(&q, FW_FID_DIRECT_REQ_64);
		q.x[1] = 5u << 16 | FFN_TP_UP_ID;
		q.x[3] = FFN_TP_CMD_PING;
		fw_ffa_call(&w->ffa, 0, &q);
		assert_int_equal(q.x[0], FW_FID_DIRECT_RESP_64);
		assert_int_equal(q.x[1], (uint32_t)FFN_TP_UP_ID << 16 | 5);
		ffn_regs_init(&q, FW_FID_DIRECT_REQ_32);
		q.x[1] = FFN_TP_UP_ID;
		q.x[2] = 1u << 31; /* a framework message */
		fw_ffa_call(&w->ffa, 0, &q);
		assert_error(&q, FFN_INVALID_PARAMETERS);
	}
	r = tp(w, 0, 0x8003, FFN_TP_CMD_PING, 0, 0, 0);
	assert_error(&r, FFN_INVALID_PARAMETERS);
	/* The UP partition's only vCPU is running on another CPU. */
	assert_true(fw_tp_claim(&w->tps.tp[0], 0, 2));
	r = tp(w, 1, FFN_TP_UP_ID, FFN_TP_CMD_PING, 0, 0, 0);
	assert_error(&r, FFN_BUSY);
	fw_tp_release(&w->tps.tp[0], 0);
	r = tp(w, 1, FFN_TP_UP_ID, 77, 0, 0, 0);
	assert_int_equal((int32_t)r.x[3], FFN_TP_EBADCMD);
	r = tp(w, 1, FFN_TP_UP_ID, FFN_TP_CMD_REPORT, 1, 0, 0);
	assert_int_equal((int32_t)r.x[3], FFN_TP_EBADCMD);
	/* A peer ID wider than 16 bits, in each command that names one. */
	static const uint32_t peer_cmds[] = {FFN_TP_CMD_BIND, FFN_TP_CMD_UNBIND,
					     FFN_TP_CMD_SET,
					     FFN_TP_CMD_SET_EACH};
	for (unsigned i = 0; i < 4; i++) {
		r = tp(w, 1, FFN_TP_UP_ID, peer_cmds[i], 0x10000u, 0, 1);
		assert_int_equal((int32_t)r.x[3], FFN_TP_EBADCMD);
	}
}

static void test_sp_to_vm(void **state)
{
	struct world *w = *state;
	struct ffn_regs r;

	r = call(w, 0, FFN_FID_NOTIFICATION_BITMAP_CREATE, 0, CPUS, 0, 0, 0);
	r = call(w, 0, FFN_FID_NOTIFICATION_BIND, FFN_TP_UP_ID << 16, 0,
		 0x8000000fu, 0, 0);
	assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
	/* Immediate SRI: raised on the sender's CPU while it runs. */
	r = tp(w, 2, FFN_TP_UP_ID, FFN_TP_CMD_SET, 0, 0, 0x1);
	assert_int_equal(r.x[3], 0);
	assert_int_equal(w->sri[2], 1);
	assert_int_equal(w->sri_while_running, 1);
	/* Delayed: raised once the run ends, on the same CPU. */
	r = tp(w, 2, FFN_TP_UP_ID, FFN_TP_CMD_SET, 0, FFN_NOTIF_FLAG_DELAY_SRI,
	       0x2);
	assert_int_equal(w->sri[2], 2);
	assert_int_equal(w->sri_while_running, 1);
	/* SET_EACH: one SET per bit, stops at the first error. */
	r = tp(w, 1, FFN_TP_UP_ID, FFN_TP_CMD_SET_EACH, 0, 0,
	       0xcull | 1ull << 31 | 1ull << 40);
	assert_int_equal((int32_t)r.x[3], FFN_DENIED); /* 40 is not bound */
	assert_int_equal(r.x[4], 3);
	assert_int_equal(w->sri[1], 3);
	r = call(w, 0, FFN_FID_NOTIFICATION_GET, 0, FFN_GET_FLAG_SP, 0, 0, 0);
	assert_int_equal(r.x[2], 0x8000000full);
	/* A vCPU is never left running: the MP partition serves again. */
	r = tp(w, 1, FFN_TP_MP_ID, FFN_TP_CMD_PING, 0, 0, 0);
	assert_int_equal(r.x[0], FW_FID_DIRECT_RESP_32);
}

/*
 * A CPU back from CPU_ON: a per-vCPU notification INFO_GET listed while
 * it was away is listed again at that CPU's first FF-A call, not before
 * (another CPU's INFO_GET meanwhile would hand it to a CPU the OS may not
 * have marked online yet), and once.
 */
static void test_cpu_back(void **state)
{
	struct world *w = *state;
	struct ffn_regs r;
	unsigned sri1;

	/* No bitmap, then no per-vCPU binding: nothing to pend the SRI for. */
	assert_false(fw_ffa_cpu_back(&w->ffa, 1));
	r = call(w, 0, FFN_FID_NOTIFICATION_BITMAP_CREATE, 0, CPUS, 0, 0, 0);
	assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
	assert_false(fw_ffa_cpu_back(&w->ffa, 1));
	r = call(w, 0, FFN_FID_NOTIFICATION_BIND, FFN_TP_MP_ID << 16,
		 FFN_NOTIF_FLAG_PER_VCPU, 1u << 6, 0, 0);
	assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
	/* CPU 1's first call since: nothing pending, nothing listed. */
	r = call(w, 1, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0, 0);
	assert_error(&r, FFN_NO_DATA);

	/* CPU 1 is away; the partition sets ID 6 for vCPU 1 from CPU 0. */
	r = tp(w, 0, FFN_TP_MP_ID, FFN_TP_CMD_SET, 0,
	       FFN_NOTIF_FLAG_PER_VCPU | 1u << 16, 1u << 6);
	assert_int_equal(r.x[3], 0);
	r = call(w, 0, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0, 0);
	assert_int_equal(r.x[0], FFN_FID_SUCCESS_64);
	assert_int_equal(r.x[2], 0x1080);  /* one list: ID 0 and one vCPU */
	assert_int_equal(r.x[3], 0x10000); /* ID 0, vCPU 1 */
	/* The GET on CPU 1 cannot run: nothing asks again. */
	r = call(w, 0, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0, 0);
	assert_error(&r, FFN_NO_DATA);

	/* CPU 1 comes back: the SRI is due there, the re-list waits. */
	assert_true(fw_ffa_cpu_back(&w->ffa, 1));
	r = call(w, 0, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0, 0);
	assert_error(&r, FFN_NO_DATA);
	sri1 = w->sri[1];
	r = call(w, 1, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0, 0);
	assert_int_equal(r.x[0], FFN_FID_SUCCESS_64);
	assert_int_equal(r.x[2], 0x1080);
	assert_int_equal(r.x[3], 0x10000);
	assert_int_equal(w->sri[1], sri1 + 1);
	/* Once. */
	r = call(w, 1, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0, 0);
	assert_error(&r, FFN_NO_DATA);
	r = call(w, 1, FFN_FID_NOTIFICATION_GET, 1u << 16, FFN_GET_FLAG_SP, 0,
		 0, 0);
	assert_int_equal(r.x[2], 1u << 6);
	r = call(w, 1, FFN_FID_NOTIFICATION_INFO_GET_64, 0, 0, 0, 0, 0);
	assert_error(&r, FFN_NO_DATA);
}

static void test_vm_to_sp_run(void **state)
{
	struct world *w = *state;
	struct ffn_regs r;

	/* MP vCPU 3 binds ID 7 per-vCPU from VM 0, and ID 1 globally. */
	r = tp(w, 3, FFN_TP_MP_ID, FFN_TP_CMD_BIND, 0, FFN_NOTIF_FLAG_PER_VCPU,
	       1ull << 7);
	assert_int_equal(r.x[3], 0);
	r = tp(w, 3, FFN_TP_MP_ID, FFN_TP_CMD_BIND, 0, 0, 1ull << 1);
	assert_int_equal(r.x[3], 0);
	r = call(w, 0, FFN_FID_NOTIFICATION_SET, FFN_TP_MP_ID,
		 FFN_NOTIF_FLAG_PER_VCPU | 3u << 16, 1u << 7, 0, 0);
	assert_int_equal(r.x[0], FFN_FID_SUCCESS_32);
	/* vCPU 3 of the MP partition runs on CPU 3 only. */
	r = call(w, 0, FFN_FID_RUN, FFN_TP_MP_ID << 16 | 3, 0, 0, 0, 0);
	assert_error(&r, FFN_INVALID_PARAMETERS);
	r = call(w, 3, FFN_FID_RUN, FFN_TP_MP_ID << 16 | 3, 0, 0, 0, 0);
	assert_int_equal(r.x[0], FFN_FID_MSG_WAIT);
	/* Nothing pending: a run without the NPI is not counted. */
	r = call(w, 3, FFN_FID_RUN, FFN_TP_MP_ID << 16 | 3, 0, 0, 0, 0);
	assert_int_equal(r.x[0], FFN_FID_MSG_WAIT);
	r = tp(w, 3, FFN_TP_MP_ID, FFN_TP_CMD_REPORT, 3, 0, 0);
	assert_int_equal(r.x[4], 1u << 7);
	assert_int_equal(r.x[6], 1);
	assert_int_equal(r.x[7], 1);
	/* Global, taken by a direct GET on CPU 1 (vCPU 1). */
	r = call(w, 0, FFN_FID_NOTIFICATION_SET, FFN_TP_MP_ID, 0, 1u << 1, 0,
		 0);
	r = tp(w, 1, FFN_TP_MP_ID, FFN_TP_CMD_GET, FFN_GET_FLAG_VM, 0, 0);
	assert_int_equal(r.x[6], 1u << 1);
	r = tp(w, 1, FFN_TP_MP_ID, FFN_TP_CMD_REPORT, 0xffff, 0, 0);
	assert_int_equal(r.x[4], 1u << 1);
	assert_int_equal(r.x[6], 1);
	assert_int_equal(r.x[7], 0);
	/* A bad FFA_RUN changes nothing and the engine answers it. */
	r = call(w, 0, FFN_FID_RUN, 0x8009u << 16, 0, 0, 0, 0);
	assert_error(&r, FFN_INVALID_PARAMETERS);
	r = call(w, 0, FFN_FID_RUN, FFN_TP_UP_ID << 16, 1, 0, 0, 0);
	assert_error(&r, FFN_INVALID_PARAMETERS);
	/* RESET: unbound, so the VM's SET is refused. */
	r = call(w, 0, FFN_FID_NOTIFICATION_SET, FFN_TP_MP_ID, 0, 1u << 1, 0,
		 0);
	r = tp(w, 0, FFN_TP_MP_ID, FFN_TP_CMD_RESET, 0, 0, 0);
	assert_int_equal(r.x[3], 0);
	r = call(w, 0, FFN_FID_NOTIFICATION_SET, FFN_TP_MP_ID, 0, 1u << 1, 0,
		 0);
	assert_error(&r, FFN_DENIED);
	r = tp(w, 2, FFN_TP_MP_ID, FFN_TP_CMD_REPORT, 0xffff, 0, 0);
	assert_int_equal(r.x[6], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rxtx_hostile, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_partition_info, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_features_and_id, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_direct_requests, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_sp_to_vm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpu_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vm_to_sp_run, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
