#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The build-time changes to an extracted Xen tree (never to a source
# tree: ports/xen/build.sh runs this on its own copy).
# Usage: ports/xen/patch-xen.sh XEN_TREE own|ffn REPO
#
#   both 0. dom0less-build.c: a dom0less domU whose node has
#           tee = "ffa" gets the TEE mediator (arch.tee_type), as xl's
#           tee="ffa" does for a domU it creates. Xen gives FF-A only to
#           dom0 otherwise, and without xl there is no other way. No FF-A
#           code is touched, so "own" stays Xen's own mediator.
#   own  nothing more: Xen's own FF-A notification mediator.
#   ffn  ffa-notify's mediator in place of xen/arch/arm/tee/ffa_notif.c:
#        1. tee/Makefile builds ffa_notif_ffn.o (ours) instead of
#           ffa_notif.o, plus the subdirectory ffn/ holding the unmodified
#           core (src/mediator, src/common, include/ffn) and our Xen
#           environment header, with a Makefile written here;
#        2. ffa_private.h: one pointer in struct ffa_ctx_notif, the state
#           the replaced file keeps per domain, because ours keeps a
#           different one; and the prototypes of the two entry points
#           below;
#        3. ffa.c: FFA_RUN goes to the mediator (ffa_notif_handle_run),
#           because Xen's own RUN answers the SPMC's FFA_MSG_WAIT (an SP
#           that ran and waits again) with ABORTED and does not check the
#           registers RUN leaves MBZ;
#        4. vpsci.c: CPU_ON tells the mediator a vCPU came online
#           (ffa_notif_vcpu_online), so interrupts held for an offline
#           vCPU are delivered; Xen has no hook for this, and CPU_ON
#           clears the vCPU's pending virtual interrupts.
#   ffn-debug  ffn, and:
#        5. arm/setup.c: spin_debug_enable() once the CPUs are being
#           prepared, where x86's setup.c calls it. Arm never calls it, so
#           on Arm CONFIG_DEBUG_LOCKS' check that a lock is always taken
#           with interrupts enabled, or always disabled, never runs.
# Each change checks its anchor and fails loudly on a Xen tree where it
# does not apply (docs/xen.md: applying the port to another Xen tree).
set -euo pipefail

tree=$1
variant=$2
repo=$3
tee="$tree/xen/arch/arm/tee"

die() {
	echo "patch-xen.sh: $*" >&2
	exit 1
}

# Replace the single line equal to $2 (after leading blanks) in file $1
# by the lines in $3; fail unless exactly one line matches.
replace_line() {
	local f=$1 old=$2 new=$3 n
	n=$(grep -cxF -- "$old" "$f" || true)
	[ "$n" = 1 ] || die "$f: expected one line '$old', found $n"
	# Through the environment: awk -v would interpret backslashes.
	OLD=$old NEW=$new awk '$0 == ENVIRON["OLD"] { print ENVIRON["NEW"]; next }
		{ print }' "$f" >"$f.new"
	mv "$f.new" "$f"
}

case "$variant" in own | ffn | ffn-debug) ;; *) die "unknown variant $variant" ;; esac

# 5. Lock debugging on Arm (ffn-debug only; the other changes as ffn).
if [ "$variant" = ffn-debug ]; then
	replace_line "$tree/xen/arch/arm/setup.c" '    smp_prepare_cpus();' \
		'    smp_prepare_cpus();

    /* ffa-notify: as x86 does; Arm never enables the lock checks. */
    spin_debug_enable();'
	variant=ffn
fi

# 0. FF-A for dom0less domUs that ask for it.
replace_line "$tree/xen/arch/arm/dom0less-build.c" \
	'    d_cfg->flags |= XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;' \
	'    d_cfg->flags |= XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;

    /* ffa-notify: tee = "ffa" in the domain node gives it FF-A. */
    {
        const char *tee;

        if ( !dt_property_read_string(node, "tee", &tee) &&
             !strcmp(tee, "ffa") )
            d_cfg->arch.tee_type = XEN_DOMCTL_CONFIG_TEE_FFA;
    }'
[ "$variant" = own ] && exit 0
[ -f "$tee/ffa_notif.c" ] || die "$tee/ffa_notif.c not found: not a Xen with FF-A notifications"

# 1. Our glue and the core, built by Xen's own build.
rm "$tee/ffa_notif.c"
cp "$repo/ports/xen/ffa_notif_ffn.c" "$tee/"
mkdir -p "$tee/ffn/include"
cp "$repo"/src/mediator/*.c "$repo"/src/mediator/*.h "$repo"/src/common/*.c "$tee/ffn/"
cp -r "$repo/include/ffn" "$tee/ffn/include/"
cp "$repo/ports/xen/ffn_xen_env.h" "$tee/ffn/include/"
replace_line "$tee/Makefile" 'obj-$(CONFIG_FFA) += ffa_notif.o' \
	'obj-$(CONFIG_FFA) += ffa_notif_ffn.o
# ffa-notify: the mediator core and its Xen environment (ffn/).
obj-$(CONFIG_FFA) += ffn/
$(obj)/ffa_notif_ffn.o: CFLAGS-y += -I$(srcdir)/ffn/include -DFFN_ENV_HEADER="\"ffn_xen_env.h\""'
{
	echo "# Written by ffa-notify's ports/xen/patch-xen.sh: the unmodified"
	echo "# core is C11 and mixes declarations and code, which Xen's gnu99"
	echo "# and -Wdeclaration-after-statement would refuse."
	for f in "$tee"/ffn/*.c; do
		echo "obj-y += $(basename "${f%.c}").o"
	done
	echo 'CFLAGS-y += -std=gnu11 -Wno-declaration-after-statement'
	echo 'CFLAGS-y += -I$(srcdir)/include -DFFN_ENV_HEADER="\"ffn_xen_env.h\""'
} >"$tee/ffn/Makefile"

# 2. Per-domain state and our entry points.
replace_line "$tee/ffa_private.h" 'struct ffa_ctx_notif {' \
	'struct ffn_xen_vm;
struct ffa_ctx_notif {
    /* ffa-notify: the mediator'"'"'s per-domain record (ffa_notif_ffn.c). */
    struct ffn_xen_vm *ffn_vm;'
replace_line "$tee/ffa_private.h" '#endif /*__FFA_PRIVATE_H__*/' \
	'/* ffa-notify: FFA_RUN and vCPU online, see ffa_notif_ffn.c. */
void ffa_notif_handle_run(struct cpu_user_regs *regs);
void ffa_notif_vcpu_online(struct vcpu *v);

#endif /*__FFA_PRIVATE_H__*/'

# 3. FFA_RUN reaches the mediator.
replace_line "$tee/ffa.c" '        ffa_handle_run(regs, fid);' \
	'        ffa_notif_handle_run(regs); /* ffa-notify */'

# 4. vCPU online.
vpsci="$tree/xen/arch/arm/vpsci.c"
replace_line "$vpsci" '#include <public/sched.h>' \
	'#include <public/sched.h>

/* ffa-notify: held notification interrupts (tee/ffa_notif_ffn.c). */
void ffa_notif_vcpu_online(struct vcpu *v);'
replace_line "$vpsci" '    vcpu_wake(v);' \
	'    vcpu_wake(v);
    if ( IS_ENABLED(CONFIG_FFA) )
        ffa_notif_vcpu_online(v); /* ffa-notify */'
echo "patch-xen.sh: ffn applied to $tree"
