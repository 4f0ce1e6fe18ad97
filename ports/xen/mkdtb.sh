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
