#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Instructions per call on aarch64: ffn-bench cross-built for aarch64
# (aarch64-linux-gnu-gcc -O2, not PIE), run under qemu-aarch64 with the
# counting plugin bench/qemu_icount.c, which counts the guest instructions
# executed inside each measured call (--qemu-marks brackets it). The same
# K-difference as bench/instr.sh: (count at K2 = 2,000 - count at K1 =
# 1,000) / 1,000, minus the same for an empty bracket. This is the whole
# call (the "whole call" column of the x86-64 table: entry, version check,
# dispatch and handler, and for the mediator the SMCs it makes).
#
# Usage: bench/aarch64.sh BUILD_DIR OUT_DIR [SIZES]   (default 8,1024,32767)
# Writes OUT_DIR/instr_aarch64.csv (layer,op,recv,vms,call).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
b=${1:?usage: bench/aarch64.sh BUILD_DIR OUT_DIR [SIZES]}
out=${2:?usage: bench/aarch64.sh BUILD_DIR OUT_DIR [SIZES]}
sizes=${3:-8,1024,32767}
cc=${FFN_CROSS_CC:-aarch64-linux-gnu-gcc}
for t in "$cc" qemu-aarch64 cc; do
	command -v "$t" >/dev/null || { echo "aarch64.sh: $t missing" >&2; exit 1; }
done
mkdir -p "$b" "$out"
b=$(cd "$b" && pwd)

# The plugin, against the header of the installed QEMU's source package.
"$top/bench/qemu-plugin-header.sh" "$b/qemu-plugin"
plugin=$b/qemu_icount.so
cc -shared -fPIC -O2 -Wall -I"$b/qemu-plugin/include" \
	"$top/bench/qemu_icount.c" -o "$plugin"

# ffn-bench for aarch64: the core (sources.mk) with the host environment
# (host/env, as the x86-64 build: its spin loop yields) and the benchmark
# files (not the sim/ latency one, which needs the platform).
srcs=$(sed -n 's/^FFN_[A-Z]*_SRCS += //p' "$top/sources.mk")
bin=$b/ffn-bench
objs=
mkdir -p "$b/obj"
for s in $srcs host/env/host_env.c bench/main.c bench/world.c \
	bench/measured.c bench/calls.c bench/drain.c bench/e2e.c \
	bench/memory.c bench/vmtable.c; do
	o=$b/obj/$(echo "$s" | tr / _).o
	"$cc" -std=c11 -O2 -DNDEBUG -fno-pie -DFFN_ENV_HEADER='"ffn_env_host.h"' \
		-I"$top/include" -I"$top/host" -I"$top/host/env" -I"$top/bench" \
		-c "$top/$s" -o "$o"
	objs="$objs $o"
done
# shellcheck disable=SC2086
"$cc" -no-pie -static $objs -lpthread -o "$bin"

addr() {
	a=$(aarch64-linux-gnu-nm "$bin" | awk -v s="$1" '$3 == s { print "0x" $1 }')
	[ -n "$a" ] || { echo "aarch64.sh: no symbol $1" >&2; exit 1; }
	echo "$a"
}
args="on=$(addr bw_mark_on),off=$(addr bw_mark_off),dump=$(addr bw_mark_dump)"

log=$b/icount.log
: >"$log"
for n in $(echo "$sizes" | tr , ' '); do
	echo "bench-aarch64: qemu-aarch64, calls at $n VMs" >&2
	qemu-aarch64 -plugin "$plugin,$args" -d plugin \
		"$bin" --instr --qemu-marks --out "$b" --sizes "$n" calls \
		2>>"$log" >/dev/null
done

# "mark-dump TAG" then "icount N": per call at each (phase, N).
awk -v out="$out/instr_aarch64.csv" '
	$1 == "mark-dump" { tag = $2; next }
	$1 == "icount" && tag != "" { split(tag, t, "/"); if (t[1] == "calls") {
		key = t[2] "," t[3] "," t[4] "," t[5]; v[key, t[6]] = $2
		if (!(key in seen)) { seen[key] = 1; order[++n] = key }
	} tag = "" }
	END {
		print "layer,op,recv,vms,call" > out
		for (i = 1; i <= n; i++) {
			k = order[i]; split(k, p, ",")
			if (p[1] == "calibrate") continue
			cal = (v["calibrate,none,none," p[4], 2000] - v["calibrate,none,none," p[4], 1000]) / 1000
			printf "%s,%.1f\n", k, (v[k, 2000] - v[k, 1000]) / 1000 - cal >> out
		}
	}' "$log"
echo "bench-aarch64: wrote $out/instr_aarch64.csv" >&2
