// SPDX-License-Identifier: BSD-3-Clause
/*
 * A bare-metal EL2 payload that exercises the firmware without Linux:
 * SMCCC, PSCI (CPU_ON, CPU_OFF, on again), the register boundary, the
 * RX/TX pair with hostile addresses, PARTITION_INFO_GET, direct requests
 * to both test partitions, notifications both ways with the SRI seen
 * pending in the GIC, the delayed SRI. It prints "[smoke] ok/FAIL ..."
 * per check and ends with SYSTEM_OFF (QEMU exits 0) when every check
 * passed, SYSTEM_RESET (QEMU exits 2) otherwise. MMU off: plain loads and
 * stores, no atomics.
 * With FATAL_MAGIC at FATAL_FLAG (run.sh loads it) it instead makes an
 * access that traps to EL3 and that the firmware does not handle (an MTE
 * register with SCR_EL3.ATA clear, on a machine with mte=on): the
 * firmware must report it and end QEMU with status 1.
 */
#include <stdint.h>

#include "ffn_tp.h"

struct regs {
	uint64_t x[18];
};

void smoke_smc(struct regs *r);
void smoke_main(uint64_t cpu);
void *memcpy(void *dst, const void *src, unsigned long n);
void *memset(void *dst, int c, unsigned long n);

/* The compiler's struct copies need these; byte loops (MMU off). */
void *memcpy(void *dst, const void *src, unsigned long n)
{
	volatile uint8_t *d = dst;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, unsigned long n)
{
	volatile uint8_t *d = dst;

	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

#define NS_BUF 0x41000000ul /* RX/TX pages: free DRAM above the payload */
#define GICR_SGI(cpu) (0x080a0000ul + (cpu)*0x20000ul + 0x10000ul)
#define GICR_ISPENDR0 0x200u
#define GICR_ICPENDR0 0x280u
#define SRI 8u
#define FATAL_FLAG 0x40100000ul
#define FATAL_MAGIC 0x7a9e7a9eu

#define FFA_ERROR 0x84000060u
#define FFA_SUCCESS_32 0x84000061u
#define FFA_SUCCESS_64 0xC4000061u
#define FFA_VERSION 0x84000063u
#define FFA_FEATURES 0x84000064u
#define FFA_RX_RELEASE 0x84000065u
#define FFA_RXTX_MAP_64 0xC4000066u
#define FFA_RXTX_UNMAP 0x84000067u
#define FFA_PARTITION_INFO_GET 0x84000068u
#define FFA_ID_GET 0x84000069u
#define FFA_MSG_WAIT 0x8400006Bu
#define FFA_RUN 0x8400006Du
#define FFA_DIRECT_REQ_32 0x8400006Fu
#define FFA_DIRECT_REQ_64 0xC400006Fu
#define FFA_DIRECT_RESP_32 0x84000070u
#define FFA_DIRECT_RESP_64 0xC4000070u
#define FFA_BITMAP_CREATE 0x8400007Du
#define FFA_BIND 0x8400007Fu
#define FFA_SET 0x84000081u
#define FFA_GET 0x84000082u
#define FFA_INFO_GET_64 0xC4000083u

static volatile uint32_t failures;
static volatile uint32_t cpu_seen[8];
static volatile uint32_t cpu_vcpu[8];
uint8_t smoke_stacks[8 * 4096] __attribute__((aligned(16)));
static volatile uint32_t ncpus;
static uint64_t rng_state[8];
static volatile uint32_t fuzz_mode;
static volatile uint32_t fuzz_ok[8], fuzz_refused[8];

static void putc_(char c)
{
	volatile uint32_t *uart = (volatile uint32_t *)0x09000000ul;

	while (uart[0x18 / 4] & (1u << 5))
		;
	uart[0] = (uint8_t)c;
}

static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void puthex(uint64_t v)
{
	puts_("0x");
	for (int i = 60; i >= 0; i -= 4)
		putc_("0123456789abcdef"[(v >> i) & 0xf]);
}

static void check(int ok, const char *what, uint64_t got)
{
	puts_(ok ? "[smoke] ok   " : "[smoke] FAIL ");
	puts_(what);
	if (!ok) {
		puts_(" (got ");
		puthex(got);
		puts_(")");
		failures++;
	}
	puts_("\r\n");
}

static struct regs call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3,
			uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7)
{
	struct regs r = {{fid, a1, a2, a3, a4, a5, a6, a7}};

	smoke_smc(&r);
	return r;
}

static int is_err(const struct regs *r, int32_t code)
{
	return (uint32_t)r->x[0] == FFA_ERROR && r->x[2] == (uint64_t)code;
}

static struct regs tp(uint32_t fid, uint16_t sp, uint32_t cmd, uint32_t a4,
		      uint32_t a5, uint32_t a6, uint32_t a7)
{
	return call(fid, sp, 0, cmd, a4, a5, a6, a7);
}

static int sri_pending(uint64_t cpu)
{
	volatile uint32_t *p =
		(volatile uint32_t *)(GICR_SGI(cpu) + GICR_ISPENDR0);
	return (*p >> SRI) & 1u;
}

static void sri_clear(uint64_t cpu)
{
	*(volatile uint32_t *)(GICR_SGI(cpu) + GICR_ICPENDR0) = 1u << SRI;
}

static void fuzz(uint64_t cpu, unsigned calls);

static void secondary(uint64_t cpu)
{
	if (fuzz_mode) {
		fuzz(cpu, 1000);
	} else {
		struct regs r = tp(FFA_DIRECT_REQ_32, FFN_TP_MP_ID,
				   FFN_TP_CMD_PING, 0, 0, 0, 0);
		cpu_vcpu[cpu] = (uint32_t)(r.x[7] >> 16);
	}
	cpu_seen[cpu]++;
	call(0x84000002u, 0, 0, 0, 0, 0, 0, 0); /* CPU_OFF: no return */
	check(0, "CPU_OFF returned", cpu);
}

static void boundary(void)
{
	struct regs r = {{FFA_ID_GET}};
	int kept = 1;

	for (unsigned i = 8; i < 18; i++)
		r.x[i] = 0x5a5a000000000000ull | i;
	smoke_smc(&r);
	for (unsigned i = 8; i < 18; i++)
		kept &= r.x[i] == (0x5a5a000000000000ull | i);
	check(r.x[0] == FFA_SUCCESS_32 && r.x[2] == 0, "FFA_ID_GET = 0",
	      r.x[0]);
	check(kept, "x8-x17 preserved across an FF-A call", r.x[8]);
	r = (struct regs){{0x84000000u, 11, 12, 13, 14, 15, 16, 17}};
	smoke_smc(&r);
	check(r.x[0] == 0x10001 && r.x[4] == 14 && r.x[7] == 17,
	      "PSCI_VERSION 1.1, x1-x17 preserved", r.x[0]);
}

static void rxtx(void)
{
	struct regs r;

	r = call(FFA_RXTX_MAP_64, 0x0e000000ul, NS_BUF, 1, 0, 0, 0, 0);
	check(is_err(&r, -2), "RXTX_MAP TX in secure RAM refused", r.x[2]);
	r = call(FFA_RXTX_MAP_64, NS_BUF + 8, NS_BUF + 0x1000, 1, 0, 0, 0, 0);
	check(is_err(&r, -2), "RXTX_MAP unaligned refused", r.x[2]);
	r = call(FFA_RXTX_MAP_64, NS_BUF, NS_BUF + 0x1000, 0, 0, 0, 0, 0);
	check(is_err(&r, -2), "RXTX_MAP 0 pages refused", r.x[2]);
	r = call(FFA_RXTX_MAP_64, NS_BUF, NS_BUF + 0x1000, 2, 0, 0, 0, 0);
	check(is_err(&r, -2), "RXTX_MAP overlapping refused", r.x[2]);
	r = call(FFA_RXTX_MAP_64, 0x3ffff000ul, NS_BUF, 1, 0, 0, 0, 0);
	check(is_err(&r, -2), "RXTX_MAP below DRAM refused", r.x[2]);
	r = call(FFA_RXTX_MAP_64, 0xfffff000ul, NS_BUF, 1, 0, 0, 0, 0);
	check(is_err(&r, -2), "RXTX_MAP beyond DRAM refused", r.x[2]);
	r = call(FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0, 0, 0);
	check(is_err(&r, -4), "PARTITION_INFO_GET without RX: BUSY", r.x[2]);
	r = call(FFA_RXTX_MAP_64, NS_BUF, NS_BUF + 0x1000, 1, 0, 0, 0, 0);
	check(r.x[0] == FFA_SUCCESS_32, "RXTX_MAP", r.x[0]);
	r = call(FFA_RXTX_MAP_64, NS_BUF + 0x2000, NS_BUF + 0x3000, 1, 0, 0, 0,
		 0);
	check(is_err(&r, -6), "second RXTX_MAP DENIED", r.x[2]);
}

static void partinfo(void)
{
	volatile uint8_t *rx = (volatile uint8_t *)(NS_BUF + 0x1000);
	struct regs r;

	r = call(FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 1, 0, 0);
	check(r.x[0] == FFA_SUCCESS_32 && r.x[2] == 2,
	      "PARTITION_INFO_GET count = 2", r.x[2]);
	r = call(FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0, 0, 0);
	check(r.x[0] == FFA_SUCCESS_32 && r.x[2] == 2 && r.x[3] == 24,
	      "PARTITION_INFO_GET descriptors", r.x[3]);
	check(rx[0] == 0x01 && rx[1] == 0x80 && rx[2] == 1 && rx[4] == 0x09 &&
		      rx[5] == 0x01 && rx[8] == 0x6e && rx[23] == 0x01,
	      "UP descriptor: ID, 1 vCPU, properties, UUID", rx[0]);
	check(rx[24] == 0x02 && rx[25] == 0x80 && rx[26] == ncpus &&
		      rx[47] == 0x02,
	      "MP descriptor: ID, vCPU per CPU, UUID", rx[26]);
	r = call(FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0, 0, 0);
	check(is_err(&r, -4), "PARTITION_INFO_GET while RX owned: BUSY",
	      r.x[2]);
	r = call(FFA_RX_RELEASE, 0, 0, 0, 0, 0, 0, 0);
	check(r.x[0] == FFA_SUCCESS_32, "RX_RELEASE", r.x[0]);
	r = call(FFA_RX_RELEASE, 0, 0, 0, 0, 0, 0, 0);
	check(is_err(&r, -6), "second RX_RELEASE DENIED", r.x[2]);
	r = call(FFA_PARTITION_INFO_GET, FFN_TP_MP_UUID_W0, FFN_TP_MP_UUID_W1,
		 FFN_TP_MP_UUID_W2, FFN_TP_MP_UUID_W3, 1, 0, 0);
	check(r.x[0] == FFA_SUCCESS_32 && r.x[2] == 1, "MP UUID count = 1",
	      r.x[2]);
	r = call(FFA_PARTITION_INFO_GET, 1, 2, 3, 4, 1, 0, 0);
	check(is_err(&r, -2), "unknown UUID INVALID_PARAMETERS", r.x[2]);
}

static void direct(void)
{
	struct regs r;

	r = tp(FFA_DIRECT_REQ_32, FFN_TP_UP_ID, FFN_TP_CMD_PING, 0, 0, 0, 0);
	check(r.x[0] == FFA_DIRECT_RESP_32 && r.x[1] == 0x80010000u &&
		      r.x[3] == 0 && r.x[4] == FFN_TP_MAGIC &&
		      r.x[5] == FFN_TP_UP_ID && r.x[6] == 1,
	      "PING UP (32)", r.x[0]);
	r = tp(FFA_DIRECT_REQ_64, FFN_TP_MP_ID, FFN_TP_CMD_PING, 0, 0, 0, 0);
	check(r.x[0] == FFA_DIRECT_RESP_64 && r.x[5] == FFN_TP_MP_ID &&
		      r.x[6] == ncpus && (r.x[7] >> 16) == 0,
	      "PING MP (64) on CPU 0 runs vCPU 0", r.x[0]);
	r = tp(FFA_DIRECT_REQ_32, 0x8003, FFN_TP_CMD_PING, 0, 0, 0, 0);
	check(is_err(&r, -2), "direct request to no partition refused", r.x[2]);
	r = tp(FFA_DIRECT_REQ_32, FFN_TP_UP_ID, 99, 0, 0, 0, 0);
	check(r.x[3] == (uint32_t)FFN_TP_EBADCMD, "unknown command EBADCMD",
	      r.x[3]);
}

static void notifications(void)
{
	struct regs r;

	r = call(FFA_BITMAP_CREATE, 0, ncpus, 0, 0, 0, 0, 0);
	check(r.x[0] == FFA_SUCCESS_32, "BITMAP_CREATE(0)", r.x[2]);
	/* SP -> VM: the VM binds, the partition sets, SRI, INFO_GET, GET. */
	r = call(FFA_BIND, (uint64_t)FFN_TP_UP_ID << 16, 0, 0x5, 0, 0, 0, 0);
	check(r.x[0] == FFA_SUCCESS_32, "VM binds IDs 0,2 to UP", r.x[2]);
	sri_clear(0);
	r = tp(FFA_DIRECT_REQ_32, FFN_TP_UP_ID, FFN_TP_CMD_SET, 0, 0, 0x4, 0);
	check(r.x[3] == 0, "UP sets ID 2 for VM 0", r.x[3]);
	check(sri_pending(0), "SRI (SGI 8) pending on CPU 0", 0);
	sri_clear(0);
	r = call(FFA_INFO_GET_64, 0, 0, 0, 0, 0, 0, 0);
	check(r.x[0] == FFA_SUCCESS_64 && ((r.x[2] >> 7) & 0x1f) == 1 &&
		      (uint16_t)r.x[3] == 0,
	      "INFO_GET lists VM 0", r.x[2]);
	r = call(FFA_INFO_GET_64, 0, 0, 0, 0, 0, 0, 0);
	check(is_err(&r, -9), "INFO_GET again: NO_DATA, sign-extended", r.x[2]);
	r = call(FFA_GET, 0, 1, 0, 0, 0, 0, 0);
	check(r.x[0] == FFA_SUCCESS_32 && r.x[2] == 0x4, "GET returns ID 2",
	      r.x[2]);
	/* Delayed SRI: none at the SET, one when the run ends. */
	r = tp(FFA_DIRECT_REQ_32, FFN_TP_UP_ID, FFN_TP_CMD_SET, 0, 0x2, 0x1, 0);
	check(r.x[3] == 0 && sri_pending(0), "delayed SRI fired at the end",
	      r.x[3]);
	sri_clear(0);
	r = call(FFA_GET, 0, 1, 0, 0, 0, 0, 0);
	check(r.x[2] == 0x1, "GET returns ID 0", r.x[2]);

	/* VM -> SP: the partition binds, the VM sets, INFO_GET, FFA_RUN. */
	r = tp(FFA_DIRECT_REQ_32, FFN_TP_UP_ID, FFN_TP_CMD_BIND, 0, 0, 0, 0x1);
	check(r.x[3] == 0, "UP binds ID 32 to VM 0", r.x[3]);
	r = call(FFA_SET, FFN_TP_UP_ID, 0, 0, 0x1, 0, 0, 0);
	check(r.x[0] == FFA_SUCCESS_32 && sri_pending(0),
	      "VM sets ID 32 for UP, SRI", r.x[2]);
	sri_clear(0);
	r = call(FFA_INFO_GET_64, 0, 0, 0, 0, 0, 0, 0);
	check(r.x[0] == FFA_SUCCESS_64 && (uint16_t)r.x[3] == FFN_TP_UP_ID,
	      "INFO_GET lists UP", r.x[3]);
	r = call(FFA_RUN, (uint64_t)FFN_TP_MP_ID << 16 | 1, 0, 0, 0, 0, 0, 0);
	check(ncpus < 2 || is_err(&r, -2), "RUN of MP vCPU 1 on CPU 0 refused",
	      r.x[2]);
	r = call(FFA_RUN, (uint64_t)FFN_TP_UP_ID << 16, 0, 0, 0, 0, 0, 0);
	check(r.x[0] == FFA_MSG_WAIT, "RUN UP -> MSG_WAIT", r.x[0]);
	r = tp(FFA_DIRECT_REQ_32, FFN_TP_UP_ID, FFN_TP_CMD_REPORT, 0xffff, 0, 0,
	       0);
	check(r.x[3] == 0 && r.x[4] == 0 && r.x[5] == 1 && r.x[6] == 1 &&
		      r.x[7] == 1,
	      "UP got ID 32 once, in one run", r.x[5]);
	r = tp(FFA_DIRECT_REQ_32, FFN_TP_UP_ID, FFN_TP_CMD_RESET, 0, 0, 0, 0);
	check(r.x[3] == 0, "RESET", r.x[3]);
	r = call(FFA_SET, FFN_TP_UP_ID, 0, 0, 0x1, 0, 0, 0);
	check(is_err(&r, -6), "SET after RESET: unbound, DENIED", r.x[2]);
}

/* Fixed-seed xorshift, one stream per CPU: the same calls every run. */

static uint64_t rng(uint64_t cpu)
{
	uint64_t x = rng_state[cpu];

	if (x == 0)
		x = 0x9e3779b97f4a7c15ull ^ (cpu << 32);
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	rng_state[cpu] = x;
	return x;
}

/* An argument the firmware might find interesting: often 0, a partition
 * ID, a small number, a single bit, or anything. */
static uint64_t arg(uint64_t cpu)
{
	switch (rng(cpu) % 6) {
	case 0:
	case 1:
		return 0;
	case 2:
		return rng(cpu) & 1 ? FFN_TP_UP_ID : FFN_TP_MP_ID;
	case 3:
		return rng(cpu) % 16;
	case 4:
		return 1ull << (rng(cpu) % 64);
	default:
		return rng(cpu);
	}
}

/*
 * Random FF-A calls from @cpu (every function ID 0x60..0x8F, both widths,
 * random arguments; a quarter are direct requests to the partitions with
 * random commands). RX/TX is mapped before, so a random MAP cannot point
 * RX at this payload.
 */
static void fuzz(uint64_t cpu, unsigned calls)
{
	struct regs r;

	for (unsigned i = 0; i < calls; i++) {
		uint32_t fid = 0x84000060u + (uint32_t)(rng(cpu) % 0x30);
		if (rng(cpu) & 1)
			fid |= 0x40000000u;
		r.x[0] = fid;
		for (unsigned a = 1; a < 18; a++)
			r.x[a] = a < 8 ? arg(cpu) : 0;
		if (rng(cpu) % 4 == 0) {
			r.x[0] = rng(cpu) & 1 ? FFA_DIRECT_REQ_32
					      : FFA_DIRECT_REQ_64;
			r.x[1] = rng(cpu) & 1 ? FFN_TP_UP_ID : FFN_TP_MP_ID;
			r.x[2] = 0;
			r.x[3] = rng(cpu) % 10;
		}
		smoke_smc(&r);
		if ((uint32_t)r.x[0] == FFA_ERROR)
			fuzz_refused[cpu]++;
		else
			fuzz_ok[cpu]++;
	}
}

/* Every CPU at once: the firmware's locks and the partitions' claims
 * under contention. */
static void fuzz_all(unsigned calls)
{
	uint32_t ok = 0, refused = 0;
	struct regs r;

	fuzz_mode = 1;
	for (uint32_t c = 1; c < ncpus; c++)
		call(0xC4000003u, c, 0x40200000ul, 0, 0, 0, 0, 0);
	fuzz(0, calls);
	for (uint32_t c = 1; c < ncpus; c++)
		do
			r = call(0xC4000004u, c, 0, 0, 0, 0, 0, 0);
		while (r.x[0] != 1 || cpu_seen[c] != 3);
	for (uint32_t c = 0; c < ncpus; c++) {
		ok += fuzz_ok[c];
		refused += fuzz_refused[c];
	}
	call(FFA_VERSION, 0x10001, 0, 0, 0, 0, 0, 0);
	puts_("[smoke] random calls served ");
	puthex(ok);
	puts_(", refused ");
	puthex(refused);
	puts_("\r\n");
	/* Both kinds of answer happened: the calls reached real checks. */
	check(ok + refused == calls * ncpus && ok > calls / 10 &&
		      refused > calls / 10,
	      "random FF-A calls on every CPU: some served, some refused", ok);
	r = tp(FFA_DIRECT_REQ_32, FFN_TP_UP_ID, FFN_TP_CMD_PING, 0, 0, 0, 0);
	check(r.x[4] == FFN_TP_MAGIC, "partitions still serve after them",
	      r.x[0]);
}

static void cpus(void)
{
	for (int round = 0; round < 2; round++) {
		for (uint32_t c = 1; c < ncpus; c++) {
			struct regs r = call(0xC4000003u, c, 0x40200000ul, 0, 0,
					     0, 0, 0);
			check(r.x[0] == 0, "CPU_ON", r.x[0]);
			while (cpu_seen[c] != (uint32_t)round + 1)
				;
			do
				r = call(0xC4000004u, c, 0, 0, 0, 0, 0, 0);
			while (r.x[0] != 1);
			check(cpu_vcpu[c] == c, "secondary ran MP vCPU = CPU",
			      cpu_vcpu[c]);
		}
	}
	check(call(0xC4000003u, 0, 0x40200000ul, 0, 0, 0, 0, 0).x[0] ==
		      (uint64_t)-4,
	      "CPU_ON of CPU 0: ALREADY_ON", 0);
	check(call(0xC4000003u, 0x100, 0x40200000ul, 0, 0, 0, 0, 0).x[0] ==
		      (uint64_t)-2,
	      "CPU_ON of a missing CPU: INVALID_PARAMETERS", 0);
}

void smoke_main(uint64_t cpu)
{
	struct regs r;

	if (cpu != 0)
		secondary(cpu);
	if (*(volatile uint32_t *)FATAL_FLAG == FATAL_MAGIC) {
		uint64_t v;
		puts_("[smoke] reading GCR_EL1: the firmware must stop "
		      "here\r\n");
		__asm__ volatile("mrs %0, S3_0_C1_C0_6" : "=r"(v));
		check(0, "a trap to EL3 was reported", v);
		call(0x84000009u, 0, 0, 0, 0, 0, 0, 0);
	}
	check(call(0x80000000u, 0, 0, 0, 0, 0, 0, 0).x[0] == 0x10002,
	      "SMCCC_VERSION 1.2", 0);
	check(call(0x84000050u, 0, 0, 0, 0, 0, 0, 0).x[0] == ~0ull,
	      "TRNG_VERSION NOT_SUPPORTED (-1)", 0);
	check(call(0x84000006u, 0, 0, 0, 0, 0, 0, 0).x[0] == 2,
	      "MIGRATE_INFO_TYPE 2", 0);
	check(call(0x8400000Au, 0x80000000u, 0, 0, 0, 0, 0, 0).x[0] == 0,
	      "PSCI_FEATURES(SMCCC_VERSION)", 0);
	r = call(FFA_VERSION, 0x10001, 0, 0, 0, 0, 0, 0);
	check(r.x[0] == 0x10002, "FFA_VERSION(1.1) = 1.2", r.x[0]);
	r = call(FFA_FEATURES, 2, 0, 0, 0, 0, 0, 0);
	check(r.x[0] == FFA_SUCCESS_32 && r.x[2] == SRI, "FEATURES(SRI) = 8",
	      r.x[2]);
	r = call(FFA_FEATURES, FFA_RXTX_MAP_64, 0, 0, 0, 0, 0, 0);
	check(r.x[0] == FFA_SUCCESS_32, "FEATURES(RXTX_MAP_64)", r.x[0]);
	r = call(FFA_FEATURES, 0xC4000071u, 0, 0, 0, 0, 0, 0);
	check(is_err(&r, -1), "FEATURES(MEM_DONATE) NOT_SUPPORTED", r.x[2]);
	/* The CPU count, as the firmware reports it in the MP descriptor. */
	r = call(FFA_DIRECT_REQ_32, FFN_TP_MP_ID, 0, FFN_TP_CMD_PING, 0, 0, 0,
		 0);
	ncpus = (uint32_t)r.x[6];
	boundary();
	rxtx();
	partinfo();
	direct();
	notifications();
	cpus();
	fuzz_all(1000);
	puts_(failures ? "[smoke] FAILED\r\n" : "[smoke] all passed\r\n");
	call(failures ? 0x84000009u : 0x84000008u, 0, 0, 0, 0, 0, 0, 0);
}
