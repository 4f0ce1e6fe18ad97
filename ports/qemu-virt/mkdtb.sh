#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# The DTB the normal world boots with under the ffa-notify firmware: QEMU's
# own tree for the exact machine command line, plus what a firmware boot
# lacks and Linux needs:
#   /psci { compatible = "arm,psci-1.0", "arm,psci-0.2"; method = "smc"; }
#   enable-method = "psci" on every /cpus/cpu@N
#   /chosen bootargs and (when given) linux,initrd-start/-end (64-bit)
# QEMU's tree for a -bios boot differs from the one without (it has no
# /psci and different devices), so the tree is dumped with -bios given.
#
# Usage: ports/qemu-virt/mkdtb.sh OUT.dtb CPUS "BOOTARGS" \
#            [INITRD_START INITRD_END] [-- QEMU_MACHINE_ARGS...]
#   Without machine arguments: the virt machine of docs/qemu.md with
#   CPUS CPUs and ${FFN_MEM:-1024} MiB (a stand-in -bios image is used:
#   the tree does not depend on the image's content).
# Needs qemu-system-aarch64 and fdtput/fdtget (device-tree-compiler).
set -euo pipefail

[ $# -ge 3 ] || {
	sed -n '/^# Usage/,/^# Needs/p' "$0" >&2
	exit 2
}
out=$1 cpus=$2 bootargs=$3
shift 3
istart="" iend=""
if [ $# -ge 2 ] && [ "$1" != "--" ]; then
	istart=$1 iend=$2
	shift 2
fi
[ $# -gt 0 ] && [ "$1" = "--" ] && shift

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ $# -gt 0 ]; then
	machine=("$@")
else
	head -c 4096 /dev/zero >"$tmp/bios.bin"
	machine=(-M virt,secure=on,virtualization=on,gic-version=3
		-cpu max,pauth-impdef=on -smp "$cpus" -m "${FFN_MEM:-1024}"
		-nic none -bios "$tmp/bios.bin")
fi

# -machine dumpdtb= accumulates with the -M given: QEMU merges them.
qemu-system-aarch64 "${machine[@]}" -machine dumpdtb="$tmp/qemu.dtb" \
	-display none >"$tmp/log" 2>&1 || {
	cat "$tmp/log" >&2
	exit 1
}
cp "$tmp/qemu.dtb" "$out"

fdtput -c "$out" /psci 2>/dev/null || true
fdtput -t s "$out" /psci compatible arm,psci-1.0 arm,psci-0.2
fdtput -t s "$out" /psci method smc
n=0
for node in $(fdtget -l "$out" /cpus); do
	case $node in
	cpu@*)
		fdtput -t s "$out" "/cpus/$node" enable-method psci
		n=$((n + 1))
		;;
	esac
done
[ "$n" -eq "$cpus" ] || {
	echo "mkdtb.sh: QEMU's tree has $n CPUs, expected $cpus" >&2
	exit 1
}
fdtput -c "$out" /chosen 2>/dev/null || true
fdtput -t s "$out" /chosen bootargs "$bootargs"
if [ -n "$istart" ]; then
	fdtput -t x "$out" /chosen linux,initrd-start 0 "$istart"
	fdtput -t x "$out" /chosen linux,initrd-end 0 "$iend"
fi
