#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# One boot of the Xen world on QEMU virt: our EL3 firmware, Xen at EL2
# (variant own or ffn, ports/xen/build.sh), dom0 = the test's Linux
# (scripts/qemu-linux) at EL1 running the test modules, to PSCI SYSTEM_OFF.
#
# Usage: ports/xen/run.sh VARIANT CPUS LOG [SCENARIOS]
#   BUILD (default build-qemu) holds fw/ffn-fw.bin, linux/, xen/<VARIANT>/.
#   SCENARIOS: the test module's list (default all).
#   XEN_EXTRA: more of Xen's command line. TIMEOUT: seconds (default 300,
#   only against a hang). The console goes to LOG, and to LOG.t with each
#   line prefixed by the seconds since QEMU started (boot and scenario
#   times). The exit code is QEMU's.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
variant=$1 cpus=$2 log=$3 scenarios=${4:-all}
build=${BUILD:-build-qemu}
fw=$build/fw/ffn-fw.bin
xen=$build/xen/$variant/xen
kernel=$build/linux/Image
initrd=$build/linux/initramfs.cpio.gz
for f in "$fw" "$xen" "$kernel" "$initrd"; do
	[ -f "$f" ] || { echo "ports/xen/run.sh: missing $f" >&2; exit 2; }
done

# Memory: Xen 0x40200000 (where the firmware enters EL2), dom0's kernel
# 0x44000000, DTB 0x48000000, initramfs 0x48200000; Xen moves itself up.
kaddr=0x44000000
iaddr=0x48200000
xen_args="console=dtuart dtuart=/pl011@9000000 dom0_mem=384M"
xen_args+=" dom0_max_vcpus=$cpus tee=ffa"
if [ "$variant" = ffn ]; then
	# dom0 (FF-A ID 1) is the scheduler VM: it gets the virtual SRI.
	xen_args+=" ffn_sched=1"
fi
xen_args+=" ${XEN_EXTRA:-}"
dom0_args="console=hvc0 rdinit=/init ffn.scenarios=$scenarios"

dtb=$(dirname "$log")/$(basename "$log" .log).dtb
"$here/mkdtb.sh" "$dtb" "$cpus" "$xen_args" "$dom0_args" \
	"$kaddr" "$kernel" "$iaddr" "$initrd"

# Copy the console, stamping each line with the time since the start
# (bash's EPOCHREALTIME in microseconds: no process per line).
stamp() {
	local t0=${EPOCHREALTIME/./} line d
	while IFS= read -r line; do
		d=$((10#${EPOCHREALTIME/./} - 10#$t0))
		printf '%s\n' "$line" >&3
		printf '%d.%03d %s\n' $((d / 1000000)) $((d % 1000000 / 1000)) \
			"$line" >&4
	done
}

export LC_ALL=C
exec 3>"$log" 4>"$log.t"
timeout "${TIMEOUT:-300}" qemu-system-aarch64 \
	-M virt,secure=on,virtualization=on,gic-version=3 \
	-cpu max,pauth-impdef=on -smp "$cpus" -m 1024 \
	-nographic -nic none \
	-semihosting-config enable=on,target=native \
	-bios "$fw" \
	-device loader,file="$xen",addr=0x40200000,force-raw=on \
	-device loader,file="$dtb",addr=0x48000000,force-raw=on \
	-device loader,file="$kernel",addr=$kaddr,force-raw=on \
	-device loader,file="$initrd",addr=$iaddr,force-raw=on \
	</dev/null 2>&1 | stamp
rc=${PIPESTATUS[0]}
exec 3>&- 4>&-
exit "$rc"
