#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Build the firmware and the smoke payload into OUT and boot them once per
# CPU count given; exit 0 when every boot ends with QEMU exiting 0 (every
# check passed, SYSTEM_OFF), else with the first failing boot's status
# (2: a check failed, 1: a firmware fatal error, 124: a hang). Last, one
# boot where the payload makes an access that traps to EL3 unhandled: it
# must end with status 1 and the firmware's FATAL line naming EC 0x18.
# Usage: ports/qemu-virt/fw/smoke/run.sh OUT [CPUS...]   (default: 4)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
shift
[ $# -gt 0 ] || set -- 4
make -s -C "$here/.." O="$out" >/dev/null
make -s -C "$here" O="$out" >/dev/null
# boot MACHINE_OPTIONS CPUS [QEMU args...]: a generous timeout against a
# hang; a boot takes under a second.
boot() {
	m=$1 n=$2
	shift 2
	timeout 120 qemu-system-aarch64 \
		-M "virt,secure=on,virtualization=on,gic-version=3$m" \
		-cpu max,pauth-impdef=on -smp "$n" -m 1024 -nographic \
		-nic none -bios "$out/ffn-fw.bin" \
		-semihosting-config enable=on,target=native \
		-device loader,file="$out/smoke.bin",addr=0x40200000,force-raw=on \
		"$@" </dev/null
}

for cpus in "$@"; do
	echo "smoke: $cpus CPU(s)"
	rc=0
	boot "" "$cpus" || rc=$?
	[ "$rc" -eq 0 ] || exit "$rc"
done

echo "smoke: an unhandled trap"
rc=0
boot ",mte=on" 1 -device loader,addr=0x40100000,data=0x7a9e7a9e,data-len=4 \
	>"$out/smoke-fatal.log" 2>&1 || rc=$?
cat "$out/smoke-fatal.log"
if [ "$rc" -ne 1 ] ||
	! grep -q 'FATAL: unexpected trap from the lower EL on CPU 0: EC=0x18' \
		"$out/smoke-fatal.log"; then
	echo "smoke: the unhandled trap ended with status $rc, not 1 and FATAL"
	exit 1
fi
