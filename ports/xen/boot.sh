#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# One boot of the Xen world on QEMU virt: our EL3 firmware, Xen at EL2
# (variant own, ffn or ffn-debug, ports/xen/build.sh), dom0 = the test's Linux
# (scripts/qemu-linux) at EL1 running the test modules, and two dom0less
# test guests (ports/xen/guest) at EL1, until dom0's
# PSCI SYSTEM_OFF reaches the firmware through Xen and ends QEMU. The
# console goes to stdout without CRs; the exit code is QEMU's (the
# firmware's).
# The worlds xen-own and xen-ffn of scripts/qemu-test are this script.
#
# Usage: ports/xen/boot.sh BUILD_DIR own|ffn|ffn-debug CPUS
#   BUILD_DIR holds fw/ffn-fw.bin, linux/{Image,initramfs.cpio.gz},
#   xen/VARIANT/xen, xen/guest/ffn-guest.bin and xen/dom0/ffn_xen.ko
#   (ports/xen/build.sh). Environment: FFN_SCENARIOS (the test module's list,
#   default all), XEN_EXTRA (more of Xen's command line), FFN_DOM0_ARGS
#   (more of dom0's), FFN_QEMU_ARGS (more QEMU arguments, e.g. a plugin).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$1 variant=$2 cpus=$3
scenarios=${FFN_SCENARIOS:-all}
fw=$build/fw/ffn-fw.bin
xen=$build/xen/$variant/xen
kernel=$build/linux/Image
initrd=$build/linux/initramfs.cpio.gz
guest=$build/xen/guest/ffn-guest.bin
xenmod=$build/xen/dom0/ffn_xen.ko
for f in "$fw" "$xen" "$kernel" "$initrd" "$guest" "$xenmod"; do
	[ -f "$f" ] || { echo "ports/xen/boot.sh: missing $f" >&2; exit 2; }
done
# dom0's initramfs: the Linux side's, with dom0's Xen-only module
# appended as a second archive (the kernel unpacks both), which /init
# loads when it is there.
mkdir -p "$build/boot/xen-$variant-$cpus.root/lib/modules"
cp "$xenmod" "$build/boot/xen-$variant-$cpus.root/lib/modules/"
initrd_xen=$build/boot/xen-$variant-$cpus.cpio.gz
{
	cat "$initrd"
	(cd "$build/boot/xen-$variant-$cpus.root" &&
		find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -9n)
} >"$initrd_xen"
initrd=$initrd_xen

# Memory: Xen 0x40200000 (where the firmware enters EL2), dom0's kernel
# 0x44000000, DTB 0x48000000, initramfs 0x48200000; Xen moves itself up.
kaddr=0x44000000
iaddr=0x48200000
xen_args="console=dtuart dtuart=/pl011@9000000 dom0_mem=384M"
# dom0's vCPU n stays on CPU n: an MP partition's vCPU is the physical
# CPU it runs on, and the test pairs them as Linux's CPU numbers.
xen_args+=" dom0_max_vcpus=$cpus dom0_vcpus_pin tee=ffa"
# Synchronous console: with the guests printing through Xen's console as
# well, Xen's buffered serial output stalled on this machine (under both
# mediators, boot never ending); polled output does not. dom0 is booted
# quiet to keep the polled output short: /init raises the log level
# before the tests run.
xen_args+=" sync_console"
if [ "$variant" != own ]; then
	# dom0 (FF-A ID 1) is the scheduler VM: it gets the virtual SRI. The
	# second guest (ID 3) may signal the first (ID 2), not the reverse.
	xen_args+=" ffn_sched=1 ffn_policy=3>2"
fi
xen_args+=" ${XEN_EXTRA:-}"
dom0_args="console=hvc0 quiet rdinit=/init ffn.scenarios=$scenarios ${FFN_DOM0_ARGS:-}"

loaders=()
machine=(-M virt,secure=on,virtualization=on,gic-version=3
	-cpu max,pauth-impdef=on -smp "$cpus" -m 1024 -nic none)
# Two dom0less test guests (ports/xen/guest): domains 1 and 2, FF-A IDs
# 2 and 3, each from its own copy of the image.
domus="0x4a000000:$guest 0x4a100000:$guest"
loaders+=(-device "loader,file=$guest,addr=0x4a000000,force-raw=on"
	-device "loader,file=$guest,addr=0x4a100000,force-raw=on")
mkdir -p "$build/boot"
dtb=$build/boot/xen-$variant-$cpus.dtb
FFN_DOMUS=$domus "$here/mkdtb.sh" "$dtb" "$cpus" "$xen_args" "$dom0_args" \
	"$kaddr" "$kernel" "$iaddr" "$initrd" -- "${machine[@]}" -bios "$fw"

# Xen's console ends lines with CR CR LF (dom0's hvc adds one CR, Xen
# another): print plain lines, so readers of the console need not care,
# line by line, so the time a reader sees a line is when it was printed.
qemu-system-aarch64 "${machine[@]}" -nographic \
	-semihosting-config enable=on,target=native \
	-bios "$fw" \
	-device loader,file="$xen",addr=0x40200000,force-raw=on \
	-device loader,file="$dtb",addr=0x48000000,force-raw=on \
	-device loader,file="$kernel",addr=$kaddr,force-raw=on \
	-device loader,file="$initrd",addr=$iaddr,force-raw=on \
	"${loaders[@]}" ${FFN_QEMU_ARGS:-} </dev/null | stdbuf -oL tr -d '\r'
