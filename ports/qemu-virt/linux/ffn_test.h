/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0 */
/*
 * Shared by our two test modules: ffn_test.ko (the scenarios through Linux's
 * FF-A driver) and ffn_bad.ko (malformed calls as raw SMCs, before the
 * driver loads). Reporting, raw FF-A calls and the FF-A constants they use.
 *
 * Every step prints "ffn-test: <scenario>: ok <step>" or
 * "ffn-test: <scenario>: FAIL <step> (<why>)", every scenario
 * "ffn-test: <scenario>: start" first and "ffn-test: <scenario>: PASS|FAIL"
 * last: scripts/qemu-test reads exactly these lines from the console.
 */
#ifndef FFN_TEST_H
#define FFN_TEST_H

#include <linux/arm-smccc.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/types.h>

#include "ffn_tp.h"

/* FF-A function IDs (SMC32 unless _64) and status codes. */
#define FFN_ERROR 0x84000060u
#define FFN_SUCCESS 0x84000061u
#define FFN_SUCCESS_64 0xc4000061u
#define FFN_VERSION 0x84000063u
#define FFN_FEATURES 0x84000064u
#define FFN_RX_RELEASE 0x84000065u
#define FFN_RXTX_MAP_64 0xc4000066u
#define FFN_RXTX_UNMAP 0x84000067u
#define FFN_PARTITION_INFO_GET 0x84000068u
#define FFN_ID_GET 0x84000069u
#define FFN_MSG_WAIT 0x8400006bu
#define FFN_RUN 0x8400006du
#define FFN_MSG_SEND_DIRECT_REQ 0x8400006fu
#define FFN_MSG_SEND_DIRECT_RESP 0x84000070u
#define FFN_BITMAP_CREATE 0x8400007du
#define FFN_BITMAP_DESTROY 0x8400007eu
#define FFN_BIND 0x8400007fu
#define FFN_UNBIND 0x84000080u
#define FFN_SET 0x84000081u
#define FFN_GET 0x84000082u
#define FFN_INFO_GET_64 0xc4000083u

#define FFN_NOT_SUPPORTED (-1)
#define FFN_INVALID_PARAMETERS (-2)
#define FFN_NO_MEMORY (-3)
#define FFN_BUSY (-4)
#define FFN_DENIED (-6)
#define FFN_NO_DATA (-9)

/* SMCCC's answer to a function ID nobody implements. */
#define FFN_SMCCC_UNKNOWN 0xffffffffu

struct ffn_scn {
	const char *name;
	int failed;
};

#define ffn_start(s) pr_info("ffn-test: %s: start\n", (s)->name)
#define ffn_ok(s, fmt, ...)                                                    \
	pr_info("ffn-test: %s: ok " fmt "\n", (s)->name, ##__VA_ARGS__)
#define ffn_fail(s, step, fmt, ...)                                            \
	do {                                                                   \
		(s)->failed++;                                                 \
		pr_info("ffn-test: %s: FAIL %s (" fmt ")\n", (s)->name, step,  \
			##__VA_ARGS__);                                        \
	} while (0)
/* A step that is ok when cond holds. Returns cond. */
#define ffn_check(s, cond, step, fmt, ...)                                     \
	({                                                                     \
		bool c_ = (cond);                                              \
		if (c_)                                                        \
			ffn_ok(s, "%s", step);                                 \
		else                                                           \
			ffn_fail(s, step, fmt, ##__VA_ARGS__);                 \
		c_;                                                            \
	})
#define ffn_end(s)                                                             \
	pr_info("ffn-test: %s: %s\n", (s)->name, (s)->failed ? "FAIL" : "PASS")

/*
 * One FF-A call with the conduit Linux uses for PSCI (SMC on bare metal and
 * under pKVM, HVC under Xen), x0-x7 in and out. Any context.
 */
static inline void ffn_call(const unsigned long in[8], unsigned long out[8])
{
	struct arm_smccc_1_2_regs a = {0}, r = {0};

	a.a0 = in[0];
	a.a1 = in[1];
	a.a2 = in[2];
	a.a3 = in[3];
	a.a4 = in[4];
	a.a5 = in[5];
	a.a6 = in[6];
	a.a7 = in[7];
	if (arm_smccc_1_1_get_conduit() == SMCCC_CONDUIT_HVC)
		arm_smccc_1_2_hvc(&a, &r);
	else
		arm_smccc_1_2_smc(&a, &r);
	out[0] = r.a0;
	out[1] = r.a1;
	out[2] = r.a2;
	out[3] = r.a3;
	out[4] = r.a4;
	out[5] = r.a5;
	out[6] = r.a6;
	out[7] = r.a7;
}

/*
 * The FF-A status of a result: 0 for FFA_SUCCESS (32 or 64), the error code
 * for FFA_ERROR, FFN_NOT_SUPPORTED for SMCCC's unknown-function answer, and
 * 1 for anything else (a call answered with another function, such as a
 * direct response or FFA_MSG_WAIT).
 */
static inline int ffn_status(const unsigned long out[8])
{
	u32 x0 = (u32)out[0];

	if (x0 == FFN_SUCCESS || x0 == FFN_SUCCESS_64)
		return 0;
	if (x0 == FFN_ERROR)
		return (s32)out[2];
	if (x0 == FFN_SMCCC_UNKNOWN)
		return FFN_NOT_SUPPORTED;
	return 1;
}

/* Our own FF-A ID (not 0 under Xen), or -1 if FFA_ID_GET fails. */
static inline int ffn_own_id(void)
{
	unsigned long in[8] = {FFN_ID_GET}, out[8];

	ffn_call(in, out);
	return ffn_status(out) ? -1 : (int)(out[2] & 0xffff);
}

/*
 * Whether scenario @name is in @list (comma separated, or "all"): the
 * `scenarios` parameter of our modules.
 */
static inline bool ffn_in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	if (!strcmp(list, "all"))
		return true;
	for (p = list; p && *p; p = strchr(p, ','), p = p ? p + 1 : NULL)
		if (!strncmp(p, name, n) && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

#endif
