#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Build the firmware and the smoke payload into OUT and boot them once per
# CPU count given; exit 0 when every boot ends with QEMU exiting 0 (every
# check passed, SYSTEM_OFF), else with the first failing boot's status
# (2: a check failed, 1: a firmware fatal error, 124: a hang).
# Usage: ports/qemu-virt/fw/smoke/run.sh OUT [CPUS...]   (default: 4)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
shift
[ $# -gt 0 ] || set -- 4
make -s -C "$here/.." O="$out" >/dev/null
make -s -C "$here" O="$out" >/dev/null
for cpus in "$@"; do
	echo "smoke: $cpus CPU(s)"
	# A generous timeout against a hang; a pass takes under a second.
	rc=0
	timeout 120 qemu-system-aarch64 \
		-M virt,secure=on,virtualization=on,gic-version=3 \
		-cpu max,pauth-impdef=on -smp "$cpus" -m 1024 -nographic \
		-nic none -bios "$out/ffn-fw.bin" \
		-semihosting-config enable=on,target=native \
		-device loader,file="$out/smoke.bin",addr=0x40200000,force-raw=on \
		</dev/null || rc=$?
	[ "$rc" -eq 0 ] || exit "$rc"
done
