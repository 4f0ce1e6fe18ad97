// SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0
/*
 * The domctl and sysctl hypercalls of ffn_xen.ko (ffn_xen_hc.h), made with
 * privcmd_call as Linux's privcmd driver makes them for a toolstack. The
 * structures come from the Xen tree the hypervisor was built from
 * (ports/xen/build.sh passes its public headers), so their layout and
 * interface versions are the running Xen's. Buffers are kernel memory:
 * Xen copies them through dom0's own page tables.
 */
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/vmalloc.h>

#define __XEN_TOOLS__ 1
#include "domctl.h"
#include "sysctl.h"
#include "xen.h"

#include "ffn_xen_hc.h"

/* Linux's own declaration sits with its copy of Xen's headers. */
long privcmd_call(unsigned int call, unsigned long a1, unsigned long a2,
		  unsigned long a3, unsigned long a4, unsigned long a5);

static_assert(FFN_XEN_DYING == XEN_DOMINF_dying);
static_assert(FFN_XEN_SHUTDOWN == XEN_DOMINF_shutdown);

/* The console ring is read in pieces of this size. */
#define FFN_CON_CHUNK (16 * 1024)

static int domctl(struct xen_domctl *op)
{
	op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	return (int)privcmd_call(__HYPERVISOR_domctl, (unsigned long)op, 0, 0,
				 0, 0);
}

static int sysctl(struct xen_sysctl *op)
{
	op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return (int)privcmd_call(__HYPERVISOR_sysctl, (unsigned long)op, 0, 0,
				 0, 0);
}

int ffn_xen_destroy(u16 domid)
{
	struct xen_domctl *op = kzalloc(sizeof(*op), GFP_KERNEL);
	int rc;

	if (!op)
		return -ENOMEM;
	op->cmd = XEN_DOMCTL_destroydomain;
	op->domain = domid;
	rc = domctl(op);
	kfree(op);
	return rc;
}

int ffn_xen_create_ffa(u16 domid, u32 vcpus, u16 *got)
{
	struct xen_domctl *op = kzalloc(sizeof(*op), GFP_KERNEL);
	struct xen_domctl_createdomain *c;
	int rc;

	if (!op)
		return -ENOMEM;
	op->cmd = XEN_DOMCTL_createdomain;
	op->domain = domid;
	c = &op->u.createdomain;
	/* Arm guests are HVM with HAP; the rest is the smallest accepted. */
	c->flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
	c->max_vcpus = vcpus;
	c->max_evtchn_port = 0;
	c->max_grant_frames = -1;
	c->max_maptrack_frames = -1;
	c->grant_opts = XEN_DOMCTL_GRANT_version(1);
	c->arch.gic_version = XEN_DOMCTL_CONFIG_GIC_NATIVE;
	c->arch.tee_type = XEN_DOMCTL_CONFIG_TEE_FFA;
	rc = domctl(op);
	if (!rc && got)
		*got = op->domain;
	kfree(op);
	return rc;
}

int ffn_xen_dominfo(u16 domid, u32 *flags)
{
	struct xen_domctl *op = kzalloc(sizeof(*op), GFP_KERNEL);
	int rc;

	if (!op)
		return -ENOMEM;
	op->cmd = XEN_DOMCTL_getdomaininfo;
	op->domain = domid;
	rc = domctl(op);
	if (!rc)
		*flags = op->u.getdomaininfo.flags;
	kfree(op);
	return rc;
}

/*
 * One incremental read of the console ring from *@index into @buf.
 * Return: bytes read (0 at the end) or a Xen errno; *@index moves on.
 */
static int con_read(struct xen_sysctl *op, char *buf, u32 *index)
{
	int rc;

	memset(op, 0, sizeof(*op));
	op->cmd = XEN_SYSCTL_readconsole;
	op->u.readconsole.incremental = 1;
	op->u.readconsole.index = *index;
	set_xen_guest_handle(op->u.readconsole.buffer, buf);
	op->u.readconsole.count = FFN_CON_CHUNK;
	rc = sysctl(op);
	if (rc)
		return rc;
	*index = op->u.readconsole.index;
	return (int)op->u.readconsole.count;
}

/* Copy the last line of @buf[0..@n) holding @tag into @line. */
static bool last_line(const char *buf, int n, const char *tag, char *line,
		      size_t len)
{
	bool found = false;
	int i = 0;

	while (i < n) {
		int e = i;

		while (e < n && buf[e] != '\n')
			e++;
		if (strnstr(buf + i, tag, e - i)) {
			size_t k = min_t(size_t, e - i, len - 1);

			memcpy(line, buf + i, k);
			line[k] = 0;
			found = true;
		}
		i = e + 1;
	}
	return found;
}

int ffn_xen_key_line(char key, const char *tag, char *line, size_t len)
{
	struct xen_sysctl *op = kzalloc(sizeof(*op), GFP_KERNEL);
	char *buf = vmalloc(FFN_CON_CHUNK), *k = kzalloc(1, GFP_KERNEL);
	bool found = false;
	u32 index = 0;
	int rc, n;

	if (!op || !buf || !k) {
		rc = -ENOMEM;
		goto out;
	}
	/* Skip what the ring holds already: only the key's output counts. */
	while ((rc = con_read(op, buf, &index)) > 0)
		;
	if (rc < 0)
		goto out;
	*k = key;
	memset(op, 0, sizeof(*op));
	op->cmd = XEN_SYSCTL_debug_keys;
	set_xen_guest_handle(op->u.debug_keys.keys, k);
	op->u.debug_keys.nr_keys = 1;
	rc = sysctl(op);
	if (rc)
		goto out;
	while ((n = con_read(op, buf, &index)) > 0)
		found |= last_line(buf, n, tag, line, len);
	rc = n < 0 ? n : found ? 0 : -ENOENT;
out:
	kfree(k);
	vfree(buf);
	kfree(op);
	return rc;
}
