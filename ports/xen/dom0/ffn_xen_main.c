// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0
/*
 * ffn_xen.ko: dom0's scenarios that only exist under Xen. dom0 acts as a
 * toolstack would (destroying and creating domains through domctl,
 * reading Xen's console through sysctl) and as a hostile guest (raw
 * calls). Loaded by /init after ffn_test.ko when ports/xen/boot.sh put
 * it into the initramfs; runs the scenarios named by `scenarios` at
 * load, printing ffn_test.h's lines.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>

#include "ffn_xen.h"

u16 ffn_xen_self;

static char *scenarios = "all";
module_param(scenarios, charp, 0444);
MODULE_PARM_DESC(scenarios, "comma-separated scenarios to run, or all");

int ffn_xen_tp(u16 sp, u32 cmd, u32 a4, u32 a5, u32 a6, u32 a7, u32 res[4])
{
	unsigned long in[8] = {FFN_MSG_SEND_DIRECT_REQ,
			       (unsigned long)ffn_xen_self << 16 | sp,
			       0,
			       cmd,
			       a4,
			       a5,
			       a6,
			       a7},
		      out[8];
	int i;

	ffn_call(in, out);
	if ((u32)out[0] != FFN_MSG_SEND_DIRECT_RESP)
		return ffn_status(out) ? ffn_status(out) : 1;
	if (res)
		for (i = 0; i < 4; i++)
			res[i] = (u32)out[4 + i];
	return (s32)(u32)out[3];
}

int ffn_xen_spmc_counts(struct ffn_spmc_counts *c)
{
	u32 r[4];
	int rc = ffn_xen_tp(FFN_TP_UP_ID, FFN_TP_CMD_STATS, 0, 0, 0, 0, r);

	if (rc)
		return rc;
	c->bitmaps = r[0];
	c->bound = r[1];
	c->queued = r[2];
	c->sris = r[3];
	return 0;
}

int ffn_xen_med_counts(struct ffn_med_counts *c)
{
	char line[256];
	const char *p;
	int rc = ffn_xen_key_line('F', "ffa-notify: stats", line, sizeof(line));

	if (rc)
		return rc;
	p = strstr(line, "vms=");
	if (!p || sscanf(p, "vms=%u records=%d made=%d freed=%d vm_bindings=%u",
			 &c->vms, &c->records, &c->made, &c->freed,
			 &c->vm_bindings) != 5)
		return -EINVAL;
	return 0;
}

static int __init ffn_xen_init(void)
{
	static const struct {
		const char *name;
		void (*fn)(struct ffn_scn *s);
	} table[] = {{"guest_bad", ffn_scn_guest_bad},
		     {"domu_destroy", ffn_scn_domu_destroy}};
	size_t i;
	int id = ffn_own_id();

	for (i = 0; i < ARRAY_SIZE(table); i++) {
		struct ffn_scn s = {.name = table[i].name};

		if (!ffn_in_list(scenarios, s.name))
			continue;
		ffn_start(&s);
		if (ffn_check(&s, id > 0, "FFA_ID_GET (a VM)", "ID %d", id)) {
			ffn_xen_self = id;
			table[i].fn(&s);
		}
		ffn_end(&s);
	}
	return 0;
}

static void __exit ffn_xen_exit(void)
{
}

module_init(ffn_xen_init);
module_exit(ffn_xen_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION(
	"ffa-notify: dom0 as Xen's toolstack and as a hostile guest");
