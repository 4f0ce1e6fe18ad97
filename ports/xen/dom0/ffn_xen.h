/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0 */
/*
 * ffn_xen.ko's inner interface: raw calls to the test partitions, the
 * counters the scenarios compare, and the scenarios.
 */
#ifndef FFN_XEN_H
#define FFN_XEN_H

#include "ffn_test.h"
#include "ffn_xen_hc.h"

/* Our FF-A ID (dom0: 1). */
extern u16 ffn_xen_self;

/*
 * A test-partition command as a raw direct request from this CPU.
 * Return: the partition's status (w3), or 1 when the answer was no
 * direct response. @res (may be NULL) gets w4..w7. Any context that may
 * make an HVC.
 */
int ffn_xen_tp(u16 sp, u32 cmd, u32 a4, u32 a5, u32 a6, u32 a7, u32 res[4]);

/*
 * The SPMC's counts (FFN_TP_CMD_STATS to the UP partition). Process
 * context. Return: 0, or ffn_xen_tp's status.
 */
struct ffn_spmc_counts {
	u32 bitmaps, bound, queued, sris;
};
int ffn_xen_spmc_counts(struct ffn_spmc_counts *c);

/*
 * ffa-notify's mediator's counts (Xen's 'F' keyhandler line). Process
 * context. Return: 0; -ENOENT when Xen printed no such line (not
 * ffa-notify's mediator), -EINVAL when it did not parse, or a Xen errno.
 */
struct ffn_med_counts {
	unsigned int vms, vm_bindings;
	int records, made, freed;
};
int ffn_xen_med_counts(struct ffn_med_counts *c);

/*
 * Waits (bounded against a hang) until Xen reports domain @domid shut
 * down. Return: whether it is; *@rc is getdomaininfo's last answer.
 */
bool ffn_xen_wait_shutdown(u16 domid, int *rc);

void ffn_scn_domu_destroy(struct ffn_scn *s);
void ffn_scn_guest_bad(struct ffn_scn *s);

#endif
