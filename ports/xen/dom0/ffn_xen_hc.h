/* SPDX-License-Identifier: BSD-3-Clause OR GPL-2.0 */
/*
 * ffn_xen.ko's hypercalls, as a toolstack in dom0 makes them
 * (ffn_xen_hc.c, built against the Xen tree's public headers). Only plain
 * C types cross this interface, so the scenario files never see Xen's
 * headers next to Linux's own copies of them. Process context; each
 * returns 0 or a negative Xen errno.
 */
#ifndef FFN_XEN_HC_H
#define FFN_XEN_HC_H

#include <linux/types.h>

/* XEN_DOMCTL_destroydomain (Xen continues it until the domain is dead). */
int ffn_xen_destroy(u16 domid);

/*
 * XEN_DOMCTL_createdomain of @domid with @vcpus vCPUs and the FF-A TEE:
 * the smallest configuration Arm accepts. It never runs. @got receives
 * the ID Xen gave.
 */
int ffn_xen_create_ffa(u16 domid, u32 vcpus, u16 *got);

/* XEN_DOMCTL_getdomaininfo: *@flags = XEN_DOMINF_*, -ESRCH if none. */
int ffn_xen_dominfo(u16 domid, u32 *flags);
#define FFN_XEN_DYING 0x1u    /* XEN_DOMINF_dying, checked at build */
#define FFN_XEN_SHUTDOWN 0x4u /* XEN_DOMINF_shutdown */

/*
 * XEN_SYSCTL_debug_keys of @key, then the console text it printed
 * (XEN_SYSCTL_readconsole from the ring's end before the key): the last
 * line containing @tag is copied to @line (@len bytes, NUL-terminated).
 * Return: 0, -ENOENT when no such line was printed, or a Xen errno.
 */
int ffn_xen_key_line(char key, const char *tag, char *line, size_t len);

#endif
