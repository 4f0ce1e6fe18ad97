// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0
/*
 * ffn_bad.ko: the bad_rxtx and bad_input scenarios. Malformed FF-A calls
 * as raw SMCs (HVC under Xen), made before Linux's FF-A driver loads so
 * that the RXTX_MAP checks see no buffers mapped yet; each must get the FF-A
 * error the ABI names (docs/abi.md, docs/qemu.md), and the firmware must still
 * serve afterwards: a ping and a notification round trip, all raw. Leaves
 * nothing behind (buffers unmapped, bitmap destroyed), so the driver loads
 * as usual after it.
 */
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "ffn_test.h"

static u16 self;

/* One raw call; fails the step unless its status is want. */
static bool ffn_expect(struct ffn_scn *s, const char *step, int want,
		       unsigned long x0, unsigned long x1, unsigned long x2,
		       unsigned long x3, unsigned long x4, unsigned long x5,
		       unsigned long x6, unsigned long x7, unsigned long out[8])
{
	unsigned long in[8] = {x0, x1, x2, x3, x4, x5, x6, x7}, tmp[8];
	unsigned long *o = out ? out : tmp;

	ffn_call(in, o);
	return ffn_check(s, ffn_status(o) == want, step,
			 "want %d, got x0 0x%lx x2 0x%lx", want, o[0], o[2]);
}

#define E(step, want, ...) ffn_expect(s, step, want, __VA_ARGS__, NULL)
#define EINV(step, ...) E(step, FFN_INVALID_PARAMETERS, __VA_ARGS__)

static void ffn_bad_partinfo(struct ffn_scn *s, const void *rxbuf)
{
	unsigned long out[8];
	const u8 *rx = rxbuf;

	EINV("PARTITION_INFO_GET of an unknown UUID", FFN_PARTITION_INFO_GET,
	     0x11111111, 0x22222222, 0x33333333, 0x44444444, 1, 0, 0);
	/* Count only (w5 bit 0). */
	if (ffn_expect(s, "PARTITION_INFO_GET of 0x8001's UUID, count", 0,
		       FFN_PARTITION_INFO_GET, FFN_TP_UP_UUID_W0,
		       FFN_TP_UP_UUID_W1, FFN_TP_UP_UUID_W2, FFN_TP_UP_UUID_W3,
		       1, 0, 0, out))
		ffn_check(s, out[2] == 1, "PARTITION_INFO_GET counts one",
			  "count %lu", out[2]);
	/* The descriptor into our RX buffer, which we then own. */
	if (ffn_expect(s, "PARTITION_INFO_GET of 0x8001's UUID", 0,
		       FFN_PARTITION_INFO_GET, FFN_TP_UP_UUID_W0,
		       FFN_TP_UP_UUID_W1, FFN_TP_UP_UUID_W2, FFN_TP_UP_UUID_W3,
		       0, 0, 0, out)) {
		ffn_check(s,
			  out[2] == 1 && (rx[0] | rx[1] << 8) == FFN_TP_UP_ID,
			  "PARTITION_INFO_GET descriptor in RX",
			  "count %lu, ID 0x%x", out[2], rx[0] | rx[1] << 8);
		E("RX_RELEASE", 0, FFN_RX_RELEASE, 0, 0, 0, 0, 0, 0, 0);
	}
	E("RX_RELEASE of a buffer we do not own", FFN_DENIED, FFN_RX_RELEASE, 0,
	  0, 0, 0, 0, 0, 0);
}

static void ffn_bad_rxtx(struct ffn_scn *s)
{
	void *buf = alloc_pages_exact(3 * PAGE_SIZE, GFP_KERNEL | __GFP_ZERO);
	unsigned long tx, rx;

	if (!buf) {
		ffn_fail(s, "rxtx", "no memory");
		return;
	}
	tx = virt_to_phys(buf);
	rx = tx + PAGE_SIZE;
	EINV("RXTX_MAP secure RAM", FFN_RXTX_MAP_64, 0x0e000000, 0x0e001000, 1,
	     0, 0, 0, 0);
	EINV("RXTX_MAP firmware flash", FFN_RXTX_MAP_64, 0x0, 0x1000, 1, 0, 0,
	     0, 0);
	EINV("RXTX_MAP outside DRAM", FFN_RXTX_MAP_64, 0x4000000000UL,
	     0x4000001000UL, 1, 0, 0, 0, 0);
	EINV("RXTX_MAP unaligned TX", FFN_RXTX_MAP_64, tx + 0x10, rx, 1, 0, 0,
	     0, 0);
	EINV("RXTX_MAP unaligned RX", FFN_RXTX_MAP_64, tx, rx + 0x800, 1, 0, 0,
	     0, 0);
	EINV("RXTX_MAP TX == RX", FFN_RXTX_MAP_64, tx, tx, 1, 0, 0, 0, 0);
	EINV("RXTX_MAP overlapping (2 pages, RX = TX + 1 page)",
	     FFN_RXTX_MAP_64, tx, rx, 2, 0, 0, 0, 0);
	EINV("RXTX_MAP 0 pages", FFN_RXTX_MAP_64, tx, rx, 0, 0, 0, 0, 0);
	if (E("RXTX_MAP good", 0, FFN_RXTX_MAP_64, tx, rx, 1, 0, 0, 0, 0)) {
		E("RXTX_MAP again (already mapped)", FFN_DENIED,
		  FFN_RXTX_MAP_64, tx + 2 * PAGE_SIZE, rx, 1, 0, 0, 0, 0);
		/* With buffers mapped, as a hypervisor in front may insist. */
		ffn_bad_partinfo(s, buf + PAGE_SIZE);
		E("RXTX_UNMAP", 0, FFN_RXTX_UNMAP, 0, 0, 0, 0, 0, 0, 0);
	}
	EINV("RXTX_UNMAP with nothing mapped", FFN_RXTX_UNMAP, 0, 0, 0, 0, 0, 0,
	     0);
	free_pages_exact(buf, 3 * PAGE_SIZE);
}

static void ffn_bad_notif(struct ffn_scn *s)
{
	const unsigned long up = FFN_TP_UP_ID, mp = FFN_TP_MP_ID;
	const unsigned long me = self;

	/* BIND: the caller is the receiver; the sender must be an SP. */
	EINV("BIND from a VM sender", FFN_BIND, 0x0001 << 16 | me, 0, 1, 0, 0,
	     0, 0);
	EINV("BIND from an unknown SP", FFN_BIND, 0x8fffUL << 16 | me, 0, 1, 0,
	     0, 0, 0);
	EINV("BIND for an SP receiver", FFN_BIND, up << 16 | mp, 0, 1, 0, 0, 0,
	     0);
	EINV("BIND flags MBZ", FFN_BIND, up << 16 | me, 2, 1, 0, 0, 0, 0);
	EINV("BIND w5 MBZ", FFN_BIND, up << 16 | me, 0, 1, 0, 1, 0, 0);
	EINV("BIND empty bitmap", FFN_BIND, up << 16 | me, 0, 0, 0, 0, 0, 0);
	E("UNBIND of an unbound ID", FFN_DENIED, FFN_UNBIND, up << 16 | me, 0,
	  1, 0, 0, 0, 0);
	EINV("UNBIND flags MBZ", FFN_UNBIND, up << 16 | me, 1, 1, 0, 0, 0, 0);
	/* SET: the caller is the sender. */
	EINV("SET naming an SP sender", FFN_SET, up << 16 | mp, 0, 1, 0, 0, 0,
	     0);
	EINV("SET delay-SRI from the normal world", FFN_SET, me << 16 | up, 2,
	     1, 0, 0, 0, 0);
	EINV("SET to an unknown SP", FFN_SET, me << 16 | 0x8fff, 0, 1, 0, 0, 0,
	     0);
	EINV("SET flags MBZ", FFN_SET, me << 16 | up, 1 << 5, 1, 0, 0, 0, 0);
	EINV("SET global with a vCPU", FFN_SET, me << 16 | up, 1 << 16, 1, 0, 0,
	     0, 0);
	EINV("SET empty bitmap", FFN_SET, me << 16 | up, 0, 0, 0, 0, 0, 0);
	E("SET of an ID the partition did not bind", FFN_DENIED, FFN_SET,
	  me << 16 | up, 0, 1, 0, 0, 0, 0);
	/* GET: the caller is the receiver. */
	EINV("GET flags MBZ", FFN_GET, me, 1 << 4, 0, 0, 0, 0, 0);
	EINV("GET w3 MBZ", FFN_GET, me, 1, 7, 0, 0, 0, 0);
	EINV("GET for an SP receiver", FFN_GET, up, 1, 0, 0, 0, 0, 0);
	EINV("GET vCPU out of range", FFN_GET, 0xfff0UL << 16 | me, 1, 0, 0, 0,
	     0, 0);
	if (!self)
		EINV("GET of the VM bitmap at the physical instance", FFN_GET,
		     me, 2, 0, 0, 0, 0, 0);
	EINV("INFO_GET_64 junk in x1", FFN_INFO_GET_64, 0xdead, 0, 0, 0, 0, 0,
	     0);
	E("INFO_GET_64 with nothing pending", FFN_NO_DATA, FFN_INFO_GET_64, 0,
	  0, 0, 0, 0, 0, 0);
	/* Scheduling. */
	EINV("RUN of an unknown SP", FFN_RUN, 0x8fffUL << 16, 0, 0, 0, 0, 0, 0);
	EINV("RUN vCPU out of range", FFN_RUN, mp << 16 | 0x100, 0, 0, 0, 0, 0,
	     0);
	E("MSG_WAIT from the normal world", FFN_NOT_SUPPORTED, FFN_MSG_WAIT, 0,
	  0, 0, 0, 0, 0, 0);
}

static void ffn_bad_misc(struct ffn_scn *s)
{
	const unsigned long up = FFN_TP_UP_ID, me = self;

	E("unknown FF-A function", FFN_NOT_SUPPORTED, 0x840000feUL, 0, 0, 0, 0,
	  0, 0, 0);
	E("unknown SiP function", FFN_NOT_SUPPORTED, 0x8200ff00UL, 0, 0, 0, 0,
	  0, 0, 0);
	E("FEATURES of an unknown function", FFN_NOT_SUPPORTED, FFN_FEATURES,
	  0x840000feUL, 0, 0, 0, 0, 0, 0);
	EINV("direct request to an unknown partition", FFN_MSG_SEND_DIRECT_REQ,
	     me << 16 | 0x8fff, 0, FFN_TP_CMD_PING, 0, 0, 0, 0);
	EINV("direct request with a spoofed sender", FFN_MSG_SEND_DIRECT_REQ,
	     (me + 0x21) << 16 | up, 0, FFN_TP_CMD_PING, 0, 0, 0, 0);
}

/* The firmware still serves: a ping and a raw round trip SP -> us. */
static void ffn_bad_still_serves(struct ffn_scn *s, bool have_bitmap)
{
	const unsigned long up = FFN_TP_UP_ID, me = self;
	unsigned long out[8];

	ffn_expect(s, "still serves: ping", 1, FFN_MSG_SEND_DIRECT_REQ,
		   me << 16 | up, 0, FFN_TP_CMD_PING, 0, 0, 0, 0, out);
	ffn_check(s,
		  (u32)out[0] == FFN_MSG_SEND_DIRECT_RESP && !out[3] &&
			  (u32)out[4] == FFN_TP_MAGIC,
		  "still serves: ping answered", "x0 0x%lx w3 %ld w4 0x%lx",
		  out[0], (long)(s32)out[3], out[4]);
	if (!have_bitmap)
		return;
	if (!E("still serves: BIND ID 3", 0, FFN_BIND, up << 16 | me, 0, 1 << 3,
	       0, 0, 0, 0))
		return;
	ffn_call((unsigned long[8]){FFN_MSG_SEND_DIRECT_REQ, me << 16 | up, 0,
				    FFN_TP_CMD_SET, me, 0, 1 << 3, 0},
		 out);
	ffn_check(s, (u32)out[0] == FFN_MSG_SEND_DIRECT_RESP && !out[3],
		  "still serves: partition sets ID 3", "x0 0x%lx w3 %ld",
		  out[0], (long)(s32)out[3]);
	ffn_expect(s, "still serves: INFO_GET", 0, FFN_INFO_GET_64, 0, 0, 0, 0,
		   0, 0, 0, out);
	/* One list (count field [11:7] = 1) of one ID: ours. */
	ffn_check(s, ((out[2] >> 7) & 0x1f) == 1 && (u16)out[3] == self,
		  "still serves: INFO_GET lists us", "x2 0x%lx x3 0x%lx",
		  out[2], out[3]);
	ffn_expect(s, "still serves: GET returns ID 3", 0, FFN_GET, me, 1, 0, 0,
		   0, 0, 0, out);
	ffn_check(s, out[2] == 1 << 3 && !out[3], "still serves: exactly ID 3",
		  "SP bitmap 0x%lx%08lx", out[3], out[2]);
	E("still serves: UNBIND ID 3", 0, FFN_UNBIND, up << 16 | me, 0, 1 << 3,
	  0, 0, 0, 0);
}

/* bad_rxtx: the RX/TX buffer calls and what depends on buffer ownership. */
static void ffn_scn_bad_rxtx(struct ffn_scn *s)
{
	unsigned long out[8];

	ffn_bad_rxtx(s);
	ffn_expect(s, "still serves: ping", 1, FFN_MSG_SEND_DIRECT_REQ,
		   (unsigned long)self << 16 | FFN_TP_UP_ID, 0, FFN_TP_CMD_PING,
		   0, 0, 0, 0, out);
}

/* bad_input: every other malformed call, then a raw round trip. */
static void ffn_scn_bad_input(struct ffn_scn *s)
{
	unsigned long in[8] = {FFN_FEATURES, FFN_BITMAP_CREATE}, out[8];
	bool bitmap, ours = false;

	ffn_call(in, out);
	if (!ffn_status(out)) {
		EINV("BITMAP_CREATE MBZ", FFN_BITMAP_CREATE, 1UL << 16 | self,
		     num_possible_cpus(), 0, 0, 0, 0, 0);
		EINV("BITMAP_CREATE of an SP ID", FFN_BITMAP_CREATE, 0x8001,
		     num_possible_cpus(), 0, 0, 0, 0, 0);
		EINV("BITMAP_CREATE of 0 vCPUs", FFN_BITMAP_CREATE, self, 0, 0,
		     0, 0, 0, 0);
		E("BITMAP_DESTROY of no bitmap", FFN_DENIED, FFN_BITMAP_DESTROY,
		  self, 0, 0, 0, 0, 0, 0);
		ours = E("BITMAP_CREATE", 0, FFN_BITMAP_CREATE, self,
			 num_possible_cpus(), 0, 0, 0, 0, 0);
		if (ours)
			E("BITMAP_CREATE again", FFN_DENIED, FFN_BITMAP_CREATE,
			  self, num_possible_cpus(), 0, 0, 0, 0, 0);
		bitmap = ours;
	} else {
		ffn_ok(s, "BITMAP_CREATE not offered: our bitmap is the "
			  "hypervisor's");
		bitmap = true;
	}
	ffn_bad_notif(s);
	ffn_bad_misc(s);
	ffn_bad_still_serves(s, bitmap);
	if (ours) {
		E("BITMAP_DESTROY", 0, FFN_BITMAP_DESTROY, self, 0, 0, 0, 0, 0,
		  0);
		E("BITMAP_DESTROY again", FFN_DENIED, FFN_BITMAP_DESTROY, self,
		  0, 0, 0, 0, 0, 0);
	}
}

static char *scenarios = "all";
module_param(scenarios, charp, 0444);
MODULE_PARM_DESC(scenarios, "comma-separated scenarios to run, or all");

static int __init ffn_bad_init(void)
{
	static const struct {
		const char *name;
		void (*fn)(struct ffn_scn *s);
	} table[] = {{"bad_rxtx", ffn_scn_bad_rxtx},
		     {"bad_input", ffn_scn_bad_input}};
	unsigned long in[8] = {FFN_VERSION, 0x10001}, out[8];
	size_t i;
	int id;

	/* What any client does first; its answer is checked by probe. */
	ffn_call(in, out);
	id = ffn_own_id();
	for (i = 0; i < ARRAY_SIZE(table); i++) {
		struct ffn_scn sc = {.name = table[i].name};

		if (!ffn_in_list(scenarios, sc.name))
			continue;
		ffn_start(&sc);
		ffn_check(&sc, out[0] >> 16 == 1 && (out[0] & 0xffff) >= 1,
			  "FFA_VERSION(1.1)", "x0 0x%lx", out[0]);
		if (ffn_check(&sc, id >= 0, "FFA_ID_GET", "failed")) {
			self = id;
			table[i].fn(&sc);
		}
		ffn_end(&sc);
	}
	return 0;
}

static void __exit ffn_bad_exit(void)
{
}

module_init(ffn_bad_init);
module_exit(ffn_bad_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION(
	"ffa-notify: malformed FF-A calls, answered with their errors");
