// SPDX-License-Identifier: BSD-3-Clause
/*
 * A small EL1 test guest for the Xen worlds: a dom0less domU with one
 * vCPU, built on src/endpoint/, that takes its virtual NPI through Xen's
 * vGIC (SGI 8, read from ICC_IAR1_EL1) and calls GET with every flag
 * (the endpoint's VM role asks SP|VM|SPM|HYP).
 *
 * Two copies run. FFA_ID_GET says which one this is:
 *   ID 2 (domain 1) receives: an SP's notification (domu_sp2vm) and one
 *     from the other guest, which the policy allows (vm2vm_allowed);
 *     and Xen's RX-buffer-full notification for an indirect message
 *     (vm2vm_rxfull);
 *   ID 3 (domain 2) sends that one (vm2vm_send), is refused a binding the
 *     policy does not allow (vm2vm_denied), tries to spoof its sender
 *     (vm2vm_spoof) and sends the indirect message (vm2vm_send2).
 * The RX/TX buffers are read with the MMU off (non-cacheable) while Xen
 * writes them cacheable: coherent under QEMU, which models no caches.
 * Lines go out through Xen's emulated PL011 in the test module's format
 * ("ffn-test: SCENARIO: ok STEP", "... FAIL STEP (why)", "... PASS|FAIL").
 * Waits are polls bounded against a hang, never sleeps.
 */
#include "ffn/endpoint.h"
#include "ffn_tp.h"

#define UART_DR 0x22000000ul   /* Xen's vPL011 for domUs */
#define GICD_CTLR 0x03001000ul /* Xen's vGICv3 distributor */
#define GICR0_SGI 0x03030000ul /* vCPU 0's redistributor, SGI frame */
#define GICR_ISENABLER0 0x100u
#define INTID_SPURIOUS 1023u
#define NPI_INTID 8u /* what Xen's FFA_FEATURES(NPI) answers */
#define SELF_A 2u
#define SELF_B 3u
#define ID_SP 9u   /* from the UP partition to A */
#define ID_VM 5u   /* from B to A */
#define ID_BAD 7u  /* A to B: not allowed */
#define ID_OFF 11u /* from the UP partition to A, left pending at power-off */

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;

	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

static void mmio_w32(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static void out(const char *s)
{
	while (*s)
		mmio_w32(UART_DR, (uint8_t)*s++);
}

static void out_int(int32_t v)
{
	char b[12];
	int i = 11;
	uint32_t u = v < 0 ? (uint32_t)-v : (uint32_t)v;

	b[i] = 0;
	do {
		b[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		b[--i] = '-';
	out(&b[i]);
}

struct scn {
	const char *name;
	int failed;
};

static void line(struct scn *s, const char *what)
{
	out("ffn-test: ");
	out(s->name);
	out(": ");
	out(what);
}

static void start(struct scn *s)
{
	line(s, "start\n");
}

/* One step: ok when @got == @want, else FAIL with both values. */
static bool check(struct scn *s, const char *step, int32_t got, int32_t want)
{
	if (got == want) {
		line(s, "ok ");
		out(step);
		out("\n");
		return true;
	}
	s->failed++;
	line(s, "FAIL ");
	out(step);
	out(" (want ");
	out_int(want);
	out(", got ");
	out_int(got);
	out(")\n");
	return false;
}

static void end(struct scn *s)
{
	line(s, s->failed ? "FAIL\n" : "PASS\n");
}

/* ---- FF-A through Xen: HVC, SMCCC v1.2 (x0-x7 back, x8-x17 checked) */

/*
 * An FF-A call (x0-x7 in and out), with x8-x17 loaded with a pattern
 * first. Return: how many of x8-x17 came back neither unchanged nor
 * zero. Xen's FF-A code zeroes them for a v1.2 guest (ffa_set_regs);
 * anything else would be someone's state leaking (docs/security.md).
 */
static int hvc_x8_x17(struct ffn_regs *r)
{
	register uint64_t x0 __asm__("x0") = r->x[0];
	register uint64_t x1 __asm__("x1") = r->x[1];
	register uint64_t x2 __asm__("x2") = r->x[2];
	register uint64_t x3 __asm__("x3") = r->x[3];
	register uint64_t x4 __asm__("x4") = r->x[4];
	register uint64_t x5 __asm__("x5") = r->x[5];
	register uint64_t x6 __asm__("x6") = r->x[6];
	register uint64_t x7 __asm__("x7") = r->x[7];
	uint64_t hi[10];
	int changed = 0;

	for (unsigned i = 0; i < 10; i++)
		hi[i] = 0x5a00000000000000ull | (8 + i);
	/* x8-x17 in from hi[], out to hi[]; the pointer lives in x18-x30,
	 * which SMCCC preserves too. */
	__asm__ volatile(
		"ldp x8, x9, [%8]\n\tldp x10, x11, [%8, #16]\n\t"
		"ldp x12, x13, [%8, #32]\n\tldp x14, x15, [%8, #48]\n\t"
		"ldp x16, x17, [%8, #64]\n\thvc #0\n\t"
		"stp x8, x9, [%8]\n\tstp x10, x11, [%8, #16]\n\t"
		"stp x12, x13, [%8, #32]\n\tstp x14, x15, [%8, #48]\n\t"
		"stp x16, x17, [%8, #64]"
		: "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5),
		  "+r"(x6), "+r"(x7)
		: "r"(hi)
		: "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",
		  "x17", "memory");
	memset(r, 0, sizeof(*r));
	r->x[0] = x0;
	r->x[1] = x1;
	r->x[2] = x2;
	r->x[3] = x3;
	r->x[4] = x4;
	r->x[5] = x5;
	r->x[6] = x6;
	r->x[7] = x7;
	for (unsigned i = 0; i < 10; i++)
		changed += hi[i] != 0 &&
			   hi[i] != (0x5a00000000000000ull | (8 + i));
	return changed;
}

static void hvc(struct ffn_regs *r)
{
	(void)hvc_x8_x17(r);
}

static void ep_call(void *ctx, uint16_t vcpu, struct ffn_regs *r)
{
	(void)ctx;
	(void)vcpu;
	hvc(r);
}

static const struct ffn_ep_ops ep_ops = {.call = ep_call};
static struct ffn_ep ep;
static ffn_id_t self;

/* A test partition's command over a direct request: its status (w3). */
static int32_t tp(ffn_id_t sp, uint32_t cmd, uint32_t a4, uint32_t a5,
		  uint32_t a6, uint32_t a7)
{
	struct ffn_regs r;

	ffn_regs_init(&r, 0x8400006Fu); /* FFA_MSG_SEND_DIRECT_REQ_32 */
	r.x[1] = ffn_w1_pack(self, sp);
	r.x[3] = cmd;
	r.x[4] = a4;
	r.x[5] = a5;
	r.x[6] = a6;
	r.x[7] = a7;
	hvc(&r);
	if ((uint32_t)r.x[0] != 0x84000070u) /* FFA_MSG_SEND_DIRECT_RESP_32 */
		return ffn_regs_error_code(&r) ? ffn_regs_error_code(&r)
					       : FFN_ABORTED;
	return (int32_t)(uint32_t)r.x[3];
}

/* ---- the virtual NPI through the vGIC ---- */

static uint64_t now(void)
{
	uint64_t t;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(t));
	return t;
}

static uint64_t freq(void)
{
	uint64_t f;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return f;
}

static void gic_init(void)
{
	uint64_t v = 0xf0;

	mmio_w32(GICD_CTLR, 0x12); /* EnableGrp1A | ARE */
	mmio_w32(GICR0_SGI + GICR_ISENABLER0, 1u << NPI_INTID);
	__asm__ volatile("msr S3_0_C4_C6_0, %0" ::"r"(v)); /* ICC_PMR_EL1 */
	v = 1;
	__asm__ volatile("msr S3_0_C12_C12_7, %0; isb" ::"r"(v)); /* IGRPEN1 */
}

/*
 * Wait (bounded by 10 s against a hang) for the NPI and acknowledge it.
 * Interrupts stay masked: ICC_IAR1_EL1 still returns the pending one.
 * Return: true when SGI 8 arrived.
 */
static bool wait_npi(void)
{
	uint64_t until = now() + 10 * freq(), iar;

	while (now() < until) {
		__asm__ volatile("mrs %0, S3_0_C12_C12_0" : "=r"(iar));
		iar &= 0xffffff;
		if (iar == INTID_SPURIOUS)
			continue;
		__asm__ volatile("msr S3_0_C12_C12_1, %0; isb" ::"r"(iar));
		if (iar == NPI_INTID)
			return true;
	}
	return false;
}

static unsigned got_id[2][64];
static unsigned got_rxfull;
/* This guest's RX/TX pair for indirect messages: [0] TX, [1] RX. */
static uint8_t rxtx[2][4096] __attribute__((aligned(4096)));

#define FID_RX_RELEASE 0x84000065u
#define FID_RXTX_MAP_64 0xC4000066u
#define FID_MSG_SEND2 0x84000086u
/* FF-A v1.2 indirect message header (flags, reserved, offset, IDs, size,
 * reserved, UUID): the payload follows it. */
#define MSG_HDR 40u
#define MSG_WORD 0x21666e66u /* "ffn!" */

static void on_fw(void *arg, unsigned bit, bool hyp, uint16_t vcpu)
{
	(void)arg;
	(void)vcpu;
	if (bit == 0 && hyp)
		got_rxfull++;
}

static int32_t rxtx_map(void)
{
	struct ffn_regs r;

	ffn_regs_init(&r, FID_RXTX_MAP_64);
	r.x[1] = (uintptr_t)rxtx[0];
	r.x[2] = (uintptr_t)rxtx[1];
	r.x[3] = 1;
	hvc(&r);
	return ffn_regs_error_code(&r);
}

static uint32_t rd32(const uint8_t *p)
{
	return *(volatile const uint32_t *)p;
}

static void on_notif(void *arg, const struct ffn_ep_notif *n)
{
	(void)arg;
	got_id[ffn_id_is_sp(n->sender) ? 0 : 1][n->id]++;
}

/* NPI, then GET (every flag) and the callbacks; how many bits came. */
static int take_npi(struct scn *s)
{
	if (!check(s, "NPI through the vGIC", wait_npi(), true))
		return 0;
	return ffn_ep_npi(&ep, 0);
}

static void scn_sp2vm(void)
{
	struct scn s = {.name = "domu_sp2vm"};

	start(&s);
	if (check(&s, "request from the UP partition",
		  ffn_ep_request(&ep, 0, FFN_TP_UP_ID, ID_SP, false, on_notif,
				 NULL),
		  0) &&
	    check(&s, "partition SETs",
		  tp(FFN_TP_UP_ID, FFN_TP_CMD_SET, self, 0, 1u << ID_SP, 0),
		  0)) {
		check(&s, "GET returns it", take_npi(&s), 1);
		check(&s, "callback once", (int32_t)got_id[0][ID_SP], 1);
	}
	check(&s, "relinquish", ffn_ep_relinquish(&ep, 0, FFN_TP_UP_ID, ID_SP),
	      0);
	end(&s);
}

static void scn_vm_receive(void)
{
	struct scn s = {.name = "vm2vm_allowed"};

	start(&s);
	if (check(&s, "request from VM 3 (policy allows)",
		  ffn_ep_request(&ep, 0, SELF_B, ID_VM, false, on_notif, NULL),
		  0)) {
		check(&s, "GET returns it", take_npi(&s), 1);
		check(&s, "callback once", (int32_t)got_id[1][ID_VM], 1);
	}
	end(&s);
}

static void scn_rxfull(void)
{
	struct scn s = {.name = "vm2vm_rxfull"};
	struct ffn_regs r;

	start(&s);
	ffn_ep_set_fw_cb(&ep, on_fw, NULL);
	if (check(&s, "RXTX_MAP", rxtx_map(), 0)) {
		check(&s, "NPI, GET with HYP: one bit", take_npi(&s), 1);
		check(&s, "RX buffer full once", (int32_t)got_rxfull, 1);
		check(&s, "message from VM 3",
		      rd32(&rxtx[1][12]) == ffn_w1_pack(SELF_B, SELF_A) &&
			      rd32(&rxtx[1][16]) == 4 &&
			      rd32(&rxtx[1][MSG_HDR]) == MSG_WORD,
		      1);
		ffn_regs_init(&r, FID_RX_RELEASE);
		hvc(&r);
		check(&s, "RX_RELEASE", ffn_regs_error_code(&r), 0);
	}
	end(&s);
}

static void scn_send2(void)
{
	struct scn s = {.name = "vm2vm_send2"};
	uint64_t until = now() + 10 * freq();
	volatile uint32_t *tx = (volatile uint32_t *)rxtx[0];
	struct ffn_regs r;

	start(&s);
	if (!check(&s, "RXTX_MAP", rxtx_map(), 0)) {
		end(&s);
		return;
	}
	tx[2] = MSG_HDR;		     /* offset */
	tx[3] = ffn_w1_pack(SELF_B, SELF_A); /* sender, receiver */
	tx[4] = 4;			     /* size */
	tx[MSG_HDR / 4] = MSG_WORD;
	/* Refused until VM 2 has mapped its RX buffer: poll for that. */
	do {
		ffn_regs_init(&r, FID_MSG_SEND2);
		r.x[1] = (uint32_t)SELF_B << 16;
		hvc(&r);
	} while (ffn_regs_error_code(&r) && now() < until);
	check(&s, "SEND2 to VM 2", ffn_regs_error_code(&r), 0);
	end(&s);
}

static void scn_vm_send(void)
{
	struct scn s = {.name = "vm2vm_send"};
	uint64_t until = now() + 10 * freq();
	int rc;

	start(&s);
	/* DENIED until the receiver has bound the ID: poll for that. */
	do
		rc = ffn_ep_send(&ep, 0, SELF_A, ID_VM, false, 0, false);
	while (rc == FFN_DENIED && now() < until);
	check(&s, "SET to VM 2 once it bound", rc, 0);
	end(&s);
}

static void scn_vm_denied(void)
{
	struct scn s = {.name = "vm2vm_denied"};

	start(&s);
	check(&s, "request from VM 2 (policy refuses)",
	      ffn_ep_request(&ep, 0, SELF_A, ID_BAD, false, on_notif, NULL),
	      FFN_DENIED);
	end(&s);
}

static void scn_vm_spoof(void)
{
	struct scn s = {.name = "vm2vm_spoof"};
	struct ffn_regs r;

	start(&s);
	ffn_regs_init(&r, FFN_FID_NOTIFICATION_SET);
	r.x[1] = ffn_w1_pack(SELF_A, FFN_TP_UP_ID); /* "from VM 2" */
	r.x[3] = 1u << ID_SP;
	hvc(&r);
	check(&s, "SET naming another sender", ffn_regs_error_code(&r),
	      FFN_INVALID_PARAMETERS);
	ffn_regs_init(&r, FFN_FID_NOTIFICATION_GET);
	r.x[1] = SELF_A; /* another VM's bitmap */
	r.x[2] = FFN_GET_FLAG_VM;
	hvc(&r);
	check(&s, "GET of another receiver", ffn_regs_error_code(&r),
	      FFN_INVALID_PARAMETERS);
	end(&s);
}

/*
 * The last of A: bind ID_OFF from the UP partition, have it SET, and
 * power off with it pending. dom0 then destroys this domain while the
 * partition keeps SETting it (dom0's domu_destroy).
 */
static void scn_poweroff(void)
{
	struct scn s = {.name = "domu_poweroff"};

	start(&s);
	if (check(&s, "request from the UP partition",
		  ffn_ep_request(&ep, 0, FFN_TP_UP_ID, ID_OFF, false, on_notif,
				 NULL),
		  0))
		check(&s, "partition SETs it; left pending",
		      tp(FFN_TP_UP_ID, FFN_TP_CMD_SET, self, 0, 1u << ID_OFF,
			 0),
		      0);
	end(&s);
}

/*
 * Register hygiene seen from a guest (docs/security.md): a refused call
 * returns zeros past w2 whatever it passed in, and x8-x17 come back as
 * they were or zero.
 */
static void scn_regs(void)
{
	struct scn s = {.name = "vm_regs"};
	struct ffn_regs r;
	int changed;

	start(&s);
	ffn_regs_init(&r, FFN_FID_NOTIFICATION_SET);
	r.x[1] = ffn_w1_pack(self, SELF_A);
	r.x[2] = 0;
	r.x[3] = 1u << ID_VM;
	r.x[5] = 0x5a5a5a5au; /* MBZ */
	r.x[6] = 0x5a5a5a5au;
	r.x[7] = 0x5a5a5a5au;
	changed = hvc_x8_x17(&r);
	check(&s, "SET with w5 MBZ: INVALID_PARAMETERS",
	      ffn_regs_error_code(&r), FFN_INVALID_PARAMETERS);
	check(&s, "... x3-x7 of the answer zero",
	      !(r.x[3] | r.x[4] | r.x[5] | r.x[6] | r.x[7]), 1);
	check(&s, "... x8-x17 unchanged or zero", changed, 0);
	ffn_regs_init(&r, FFN_FID_NOTIFICATION_INFO_GET_64);
	r.x[4] = 0x5a5a5a5a5a5a5a5aull; /* MBZ, all 64 bits */
	changed = hvc_x8_x17(&r);
	check(&s, "INFO_GET_64 with x4 junk: INVALID_PARAMETERS",
	      ffn_regs_error_code(&r), FFN_INVALID_PARAMETERS);
	check(&s, "... x3-x7 of the answer zero",
	      !(r.x[3] | r.x[4] | r.x[5] | r.x[6] | r.x[7]), 1);
	check(&s, "... x8-x17 unchanged or zero", changed, 0);
	end(&s);
}

void guest_main(void)
{
	struct ffn_ep_config cfg = {.vcpu_count = 1, .role = FFN_EP_ROLE_VM};
	struct scn s;
	struct ffn_regs r;

	out("ffn-guest: up\n");
	ffn_regs_init(&r, FFN_FID_VERSION);
	r.x[1] = FFN_VERSION_1_2;
	hvc(&r);
	ffn_regs_init(&r, 0x84000069u); /* FFA_ID_GET */
	hvc(&r);
	self = (ffn_id_t)r.x[2];
	cfg.id = self;
	s.name = self == SELF_A ? "domu2_probe" : "domu3_probe";
	s.failed = 0;
	gic_init();
	start(&s);
	check(&s, "FFA_ID_GET", (uint32_t)r.x[0] == FFN_FID_SUCCESS_32, 1);
	check(&s, "endpoint init", ffn_ep_init(&ep, &cfg, &ep_ops, NULL), 0);
	check(&s, "probe", ffn_ep_probe(&ep), 0);
	check(&s, "NPI is SGI 8", (int32_t)ffn_ep_npi_intid(&ep), NPI_INTID);
	end(&s);
	if (self == SELF_A) {
		scn_sp2vm();
		scn_vm_receive();
		scn_rxfull();
		scn_poweroff();
	} else if (self == SELF_B) {
		scn_vm_send();
		scn_vm_denied();
		scn_vm_spoof();
		scn_regs();
		scn_send2();
	}
	out("ffn-guest: done\n");
	/* PSCI SYSTEM_OFF: Xen shuts the domain down; nothing runs on. */
	ffn_regs_init(&r, 0x84000008u);
	hvc(&r);
}
