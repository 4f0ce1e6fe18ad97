#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The DTB for a Xen boot on QEMU virt: the platform's DTB for a Linux
# boot (ports/qemu-virt/mkdtb.sh: QEMU's tree plus /psci and the CPUs'
# enable-method), with /chosen rewritten the way Xen reads it:
#   xen,xen-bootargs    Xen's own command line
#   xen,dom0-bootargs   dom0's command line
#   module@KERNEL       compatible "multiboot,kernel", "multiboot,module"
#   module@INITRD       compatible "multiboot,ramdisk", "multiboot,module"
#   domU1..N            (FFN_DOMUS="ADDR:FILE ...") dom0less guests: one
#                       vCPU, 32 MiB, Xen's vPL011, tee = "ffa" (the
#                       build-time change of ports/xen/patch-xen.sh)
# Linux's linux,initrd-* and bootargs are removed: Xen would take the
# first for a second ramdisk module.
#
# Usage: ports/xen/mkdtb.sh OUT.dtb CPUS "XEN_ARGS" "DOM0_ARGS" \
#            KERNEL_ADDR KERNEL_FILE INITRD_ADDR INITRD_FILE \
#            [-- QEMU_MACHINE_ARGS...]   (passed on to ports/qemu-virt/mkdtb.sh)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=$1 cpus=$2 xen_args=$3 dom0_args=$4
kaddr=$5 kfile=$6 iaddr=$7 ifile=$8
shift 8

ksize=$(stat -c %s "$kfile")
isize=$(stat -c %s "$ifile")
iend=$(printf '0x%x' $((iaddr + isize)))

"$here/../qemu-virt/mkdtb.sh" "$out" "$cpus" "$dom0_args" "$iaddr" "$iend" "$@" >&2

hex() { printf '0x%x' "$1"; }
fdtput -d "$out" /chosen linux,initrd-start 2>/dev/null || true
fdtput -d "$out" /chosen linux,initrd-end 2>/dev/null || true
fdtput -d "$out" /chosen bootargs 2>/dev/null || true
fdtput -t x "$out" /chosen '#address-cells' 2
fdtput -t x "$out" /chosen '#size-cells' 2
fdtput -t s "$out" /chosen xen,xen-bootargs "$xen_args"
fdtput -t s "$out" /chosen xen,dom0-bootargs "$dom0_args"

k=/chosen/module@${kaddr#0x}
fdtput -c "$out" "$k"
fdtput -t s "$out" "$k" compatible multiboot,kernel multiboot,module
fdtput -t x "$out" "$k" reg 0 "$kaddr" 0 "$(hex "$ksize")"

r=/chosen/module@${iaddr#0x}
fdtput -c "$out" "$r"
fdtput -t s "$out" "$r" compatible multiboot,ramdisk multiboot,module
fdtput -t x "$out" "$r" reg 0 "$iaddr" 0 "$(hex "$isize")"

n=0
for g in ${FFN_DOMUS:-}; do
	n=$((n + 1))
	gaddr=${g%%:*} gfile=${g#*:}
	d=/chosen/domU$n
	fdtput -c "$out" "$d"
	fdtput -t s "$out" "$d" compatible xen,domain
	fdtput -t x "$out" "$d" '#address-cells' 2
	fdtput -t x "$out" "$d" '#size-cells' 2
	fdtput -t x "$out" "$d" memory 0 0x8000
	fdtput -t x "$out" "$d" cpus 1
	fdtput -t s "$out" "$d" vpl011 ""
	fdtput -t s "$out" "$d" tee ffa
	fdtput -c "$out" "$d/module@${gaddr#0x}"
	fdtput -t s "$out" "$d/module@${gaddr#0x}" compatible multiboot,kernel multiboot,module
	fdtput -t x "$out" "$d/module@${gaddr#0x}" reg 0 "$gaddr" 0 "$(hex "$(stat -c %s "$gfile")")"
done
