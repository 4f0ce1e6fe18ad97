// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0
/*
 * guest_bad: the cases of docs/security.md that a guest can attempt under
 * Xen, as raw HVCs from dom0 (FF-A ID 1, the scheduler VM, policy edge
 * 3>2 only), each answered with the FF-A error docs/abi.md and
 * docs/mediator.md name, and the state checked unchanged afterwards: a
 * pending bit survives every refused call and the final legitimate GET
 * returns exactly it. Runs with Linux's FF-A driver unloaded, so no NPI
 * handler GETs in between. docs/xen.md §10 maps each case to its row of
 * docs/security.md.
 */
#include "ffn_xen.h"

#define DOMU_A 2u /* the first test guest (powered off, ID 11 pending) */
#define DOMU_B 3u /* the second one */
#define PEND 3u	  /* bound from the UP partition and left pending */
#define PERV 4u	  /* the UP partition binds it from us, per vCPU */
#define JUNK 0x5a5a5a5aul
#define TP_GET_SP_VM 3u /* the partition GET's flags: SP | VM */

#define FFN_INFO_GET_32 0x84000083u
#define FFN_INVALID FFN_INVALID_PARAMETERS

/*
 * One raw call: the step is ok when the status is @want and, for an
 * error, every result register past w2 is zero (nothing of the call's
 * own registers or of anyone's state comes back).
 */
static bool expect(struct ffn_scn *s, const char *step, int want,
		   const unsigned long in[8], unsigned long out[8])
{
	unsigned long tmp[8];
	unsigned long *o = out ? out : tmp;
	bool clean = true;
	int i;

	ffn_call(in, o);
	if ((u32)o[0] == FFN_ERROR)
		for (i = 3; i < 8; i++)
			clean &= !o[i];
	return ffn_check(s, ffn_status(o) == want && clean, step,
			 "want %d, got x0 0x%lx x2 0x%lx x3 0x%lx x7 0x%lx",
			 want, o[0], o[2], o[3], o[7]);
}

#define X(...) ((const unsigned long[8]){__VA_ARGS__})

/* Spoofing: another endpoint named as the caller. */
static void spoofing(struct ffn_scn *s, unsigned long me)
{
	const unsigned long up = FFN_TP_UP_ID;

	expect(s, "BIND for another receiver (VM 2)", FFN_INVALID,
	       X(FFN_BIND, up << 16 | DOMU_A, 0, 1u << 12), NULL);
	expect(s, "UNBIND of another receiver's binding (VM 2, ID 11)",
	       FFN_INVALID, X(FFN_UNBIND, up << 16 | DOMU_A, 0, 1u << 11),
	       NULL);
	expect(s, "SET naming another sender (VM 2)", FFN_INVALID,
	       X(FFN_SET, (unsigned long)DOMU_A << 16 | up, 0, 1u << PEND),
	       NULL);
	expect(s, "SET naming an SP sender", FFN_INVALID,
	       X(FFN_SET, up << 16 | me, 0, 1u << PEND), NULL);
	expect(s, "GET of another receiver (VM 2, which has ID 11 pending)",
	       FFN_INVALID, X(FFN_GET, DOMU_A, 1), NULL);
	expect(s, "GET of an SP's bitmap", FFN_INVALID, X(FFN_GET, up, 2),
	       NULL);
	expect(s, "BIND with the hypervisor (0) as sender", FFN_INVALID,
	       X(FFN_BIND, me, 0, 1u << 12), NULL);
	expect(s, "BIND from SP 0x8000, which does not exist", FFN_INVALID,
	       X(FFN_BIND, 0x8000ul << 16 | me, 0, 1u << 12), NULL);
	expect(s, "BIND for receiver 0xFFFF", FFN_INVALID,
	       X(FFN_BIND, up << 16 | 0xffff, 0, 1u << 12), NULL);
	expect(s, "SET to VM 0x7FFF, which does not exist", FFN_INVALID,
	       X(FFN_SET, me << 16 | 0x7fff, 0, 1u << 12), NULL);
}

/* Reserved bits the existing bad_input does not reach. */
static void reserved(struct ffn_scn *s, unsigned long me)
{
	const unsigned long up = FFN_TP_UP_ID;

	expect(s, "BIND w6 MBZ", FFN_INVALID,
	       X(FFN_BIND, up << 16 | me, 0, 1u << 12, 0, 0, 1), NULL);
	expect(s, "BIND w7 MBZ", FFN_INVALID,
	       X(FFN_BIND, up << 16 | me, 0, 1u << 12, 0, 0, 0, 1), NULL);
	expect(s, "UNBIND w5 MBZ", FFN_INVALID,
	       X(FFN_UNBIND, up << 16 | me, 0, 1u << PEND, 0, 1), NULL);
	expect(s, "SET w5 MBZ, junk in w6/w7", FFN_INVALID,
	       X(FFN_SET, me << 16 | up, 0, 1, 0, JUNK, JUNK, JUNK), NULL);
	expect(s, "GET w4 MBZ", FFN_INVALID, X(FFN_GET, me, 1, 0, 1), NULL);
	expect(s, "GET w7 MBZ", FFN_INVALID,
	       X(FFN_GET, me, 1, 0, 0, 0, 0, JUNK), NULL);
	/* SMC64: all 64 bits of x1-x7 are the call's. */
	expect(s, "INFO_GET_64 x1 bit 32", FFN_INVALID,
	       X(FFN_INFO_GET_64, 1ul << 32), NULL);
	expect(s, "INFO_GET_64 x7 junk", FFN_INVALID,
	       X(FFN_INFO_GET_64, 0, 0, 0, 0, 0, 0, JUNK << 32), NULL);
	expect(s, "INFO_GET_32 w1 junk", FFN_INVALID, X(FFN_INFO_GET_32, JUNK),
	       NULL);
	expect(s, "RUN w2 MBZ", FFN_INVALID, X(FFN_RUN, up << 16, JUNK), NULL);
	expect(s, "RUN of a VM (VM 2)", FFN_INVALID,
	       X(FFN_RUN, (unsigned long)DOMU_A << 16), NULL);
}

/* Bindings, pending state, policy and the physical-instance ABIs. */
static void state(struct ffn_scn *s, unsigned long me)
{
	const unsigned long up = FFN_TP_UP_ID, mp = FFN_TP_MP_ID;

	expect(s, "BIND of the pending ID again, same sender", FFN_DENIED,
	       X(FFN_BIND, up << 16 | me, 0, 1u << PEND), NULL);
	expect(s, "BIND of the pending ID from another SP (re-pointing)",
	       FFN_DENIED, X(FFN_BIND, mp << 16 | me, 0, 1u << PEND), NULL);
	expect(s, "UNBIND of the pending ID", FFN_DENIED,
	       X(FFN_UNBIND, up << 16 | me, 0, 1u << PEND), NULL);
	expect(s, "UNBIND from the wrong sender", FFN_DENIED,
	       X(FFN_UNBIND, mp << 16 | me, 0, 1u << PEND), NULL);
	expect(s, "SET with delay-SRI to a VM (VM 2)", FFN_INVALID,
	       X(FFN_SET, me << 16 | DOMU_A, 2, 1u << 12), NULL);
	expect(s, "BIND from VM 3: no policy edge 3>1", FFN_DENIED,
	       X(FFN_BIND, (unsigned long)DOMU_B << 16 | me, 0, 1u << 12),
	       NULL);
	expect(s, "SET to VM 3: nothing bound, no policy edge 1>3", FFN_DENIED,
	       X(FFN_SET, me << 16 | DOMU_B, 0, 1u << 12), NULL);
	/* Only the hypervisor creates and destroys bitmaps. */
	expect(s, "BITMAP_DESTROY of VM 3's bitmap", FFN_NOT_SUPPORTED,
	       X(FFN_BITMAP_DESTROY, DOMU_B), NULL);
	expect(s, "BITMAP_DESTROY of our own bitmap", FFN_NOT_SUPPORTED,
	       X(FFN_BITMAP_DESTROY, me), NULL);
	expect(s, "BITMAP_CREATE of VM 40", FFN_NOT_SUPPORTED,
	       X(FFN_BITMAP_CREATE, 40, 1), NULL);
}

/* A SET refused late (vCPU out of range) leaves no trace at the SP. */
static void late_refusal(struct ffn_scn *s, unsigned long me)
{
	const unsigned long up = FFN_TP_UP_ID;
	u32 r[4];
	int rc;

	rc = ffn_xen_tp(FFN_TP_UP_ID, FFN_TP_CMD_BIND, me, 1, 1u << PERV, 0,
			NULL);
	if (!ffn_check(s, rc == 0, "UP partition binds ID 4 from us, per vCPU",
		       "rc %d", rc))
		return;
	expect(s, "SET per-vCPU, vCPU 5 of a 1-vCPU SP", FFN_INVALID,
	       X(FFN_SET, me << 16 | up, 5ul << 16 | 1, 1u << PERV), NULL);
	expect(s, "SET global of a per-vCPU binding", FFN_INVALID,
	       X(FFN_SET, me << 16 | up, 0, 1u << PERV), NULL);
	rc = ffn_xen_tp(FFN_TP_UP_ID, FFN_TP_CMD_GET, TP_GET_SP_VM, 0, 0, 0, r);
	ffn_check(s, rc == 0 && !r[2] && !r[3],
		  "the partition's GET: nothing arrived",
		  "rc %d VM bits 0x%x%08x", rc, r[3], r[2]);
	expect(s, "SET per-vCPU, vCPU 0", 0,
	       X(FFN_SET, me << 16 | up, 1, 1u << PERV), NULL);
	rc = ffn_xen_tp(FFN_TP_UP_ID, FFN_TP_CMD_GET, TP_GET_SP_VM, 0, 0, 0, r);
	ffn_check(s, rc == 0 && r[2] == 1u << PERV && !r[3],
		  "the partition's GET: exactly ID 4", "rc %d VM bits 0x%x%08x",
		  rc, r[3], r[2]);
	rc = ffn_xen_tp(FFN_TP_UP_ID, FFN_TP_CMD_UNBIND, me, 0, 1u << PERV, 0,
			NULL);
	ffn_check(s, rc == 0, "UP partition unbinds ID 4", "rc %d", rc);
}

/*
 * An INFO_GET_64 answer's lists (x2: [11:7] how many, 2 bits per list
 * from bit 12 for its vCPU IDs; x3-x7: the 16-bit IDs, each list its
 * endpoint then its vCPUs). Return: how many lists name @me, or -1 when
 * one names another VM.
 */
static int info_only_us(const unsigned long out[8], u16 me)
{
	unsigned int lists = (out[2] >> 7) & 0x1f, slot = 0, i;
	int ours = 0;

	for (i = 0; i < lists && slot < 20; i++) {
		u16 ep = (u16)(out[3 + slot / 4] >> (16 * (slot % 4)));

		if (ep == me)
			ours++;
		else if (!(ep & 0x8000))
			return -1;
		slot += 1 + ((out[2] >> (12 + 2 * i)) & 3);
	}
	return ours;
}

void ffn_scn_guest_bad(struct ffn_scn *s)
{
	const unsigned long up = FFN_TP_UP_ID, me = ffn_xen_self;
	unsigned long out[8];
	int rc;

	/* VM 2 keeps ID 11 pending from here on: nobody may see it. */
	if (!ffn_check(s, ffn_xen_wait_shutdown(DOMU_A - 1, &rc),
		       "VM 2 powered off with ID 11 pending",
		       "getdomaininfo %d", rc))
		return;
	if (!expect(s, "BIND ID 3 from the UP partition", 0,
		    X(FFN_BIND, up << 16 | me, 0, 1u << PEND), NULL))
		return;
	rc = ffn_xen_tp(FFN_TP_UP_ID, FFN_TP_CMD_SET, me, 0, 1u << PEND, 0,
			NULL);
	if (!ffn_check(s, rc == 0, "the partition SETs ID 3", "rc %d", rc))
		return;
	spoofing(s, me);
	reserved(s, me);
	state(s, me);
	late_refusal(s, me);
	/*
	 * INFO_GET lists our entry once, and no other VM's. We are the
	 * scheduler VM, so SP entries may be listed too (late_refusal's SET
	 * to the UP partition's vCPU 0 left one).
	 */
	if (expect(s, "INFO_GET_64", 0, X(FFN_INFO_GET_64), out))
		ffn_check(s, info_only_us(out, me) == 1,
			  "INFO_GET_64 lists our entry, no other VM's (VM 2's)",
			  "x2 0x%lx x3 0x%lx x4 0x%lx", out[2], out[3], out[4]);
	expect(s, "INFO_GET_64 again: listed once until GET", FFN_NO_DATA,
	       X(FFN_INFO_GET_64), NULL);
	if (expect(s, "GET (SP) after every refusal", 0, X(FFN_GET, me, 1),
		   out))
		ffn_check(s, out[2] == 1u << PEND && !out[3],
			  "GET returns exactly the pending ID 3",
			  "SP bitmap 0x%lx%08lx", out[3], out[2]);
	expect(s, "GET again: nothing", 0, X(FFN_GET, me, 1), out);
	ffn_check(s, !out[2] && !out[3], "GET again returns no bit",
		  "SP bitmap 0x%lx%08lx", out[3], out[2]);
	expect(s, "UNBIND ID 3", 0, X(FFN_UNBIND, up << 16 | me, 0, 1u << PEND),
	       NULL);
}
