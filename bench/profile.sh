#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# The annotated callgrind profile of one measured call, per call:
#
#   bench/profile.sh PHASE [N]     e.g. spmc/set/vm, spmc/get/vm-listed,
#                                  mediator/get/sp (the tags of ffn-bench
#                                  --instr; N VMs, default 8)
#
# Callgrind collects only inside the measured wrappers (bm_measured_*,
# --toggle-collect), so the dump after the K2 = 2,000 iterations of PHASE
# holds exactly 2,000 measured calls and nothing of their undo calls or
# the loop. Every count below is divided by 2,000: first the call tree
# (inclusive cost of each function, and what it calls), then every source
# line of the engine that executed, with its own instructions per call.
# Needs the benchmark build (bench/run.sh builds it) and valgrind.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
phase=${1:?usage: bench/profile.sh PHASE [N]}
n=${2:-8}
BUILD=${BENCH_BUILD:-build-bench}
OUT=${BENCH_OUT:-build/bench}
k=2000
mkdir -p "$OUT/profile"
d=$(cd "$OUT/profile" && pwd)
rm -f "$d"/cg.*
valgrind --tool=callgrind --dump-instr=no '--toggle-collect=bm_measured_*' \
	--callgrind-out-file="$d/cg.%p" "$top/$BUILD/bench/ffn-bench" --instr \
	--out "$d" --sizes "$n" calls 2>"$d/valgrind.log" >/dev/null
f=$(grep -l "^desc: Trigger: Client Request: calls/$phase/$n/$k\$" "$d"/cg.* | head -1)
[ -n "$f" ] || { echo "profile.sh: no phase $phase at $n VMs" >&2; exit 1; }

# Counts at the start of a line, divided by K.
per_call() {
	awk -v k=$k '
	match($0, /^ *[0-9][0-9,]*/) {
		v = substr($0, RSTART, RLENGTH); gsub(/[ ,]/, "", v)
		printf "%8.1f%s\n", v / k, substr($0, RSTART + RLENGTH); next
	}
	{ print }'
}

echo "== $phase at $n VMs: instructions per call (callgrind, collected inside bm_measured_* only)"
echo
echo "-- call tree (inclusive; '>' lines: callees of the function above)"
(cd / && callgrind_annotate --inclusive=yes --tree=calling --threshold=100 "$f") |
	sed -n '/^Ir/,$p' | grep -v '^Ir\|^--\|^ *$' | grep -v 'PROGRAM TOTALS' |
	sed 's|\[[^]]*\]$||; s|'"$top"'/||g' | per_call
echo
echo "-- source lines (self cost per call; files of the engine and its headers)"
(cd / && callgrind_annotate --auto=yes --threshold=100 --context=0 "$f") |
	awk -v top="$top/" -v k=$k '
	/^-- Auto-annotated source: / {
		file = $NF; sub(top, "", file); keep = (file ~ /^(src|include)\//)
		if (keep) print "\n" file; next
	}
	/^-- line [0-9]+ -/ { ln = $3; next }
	keep && match($0, /^ *[0-9][0-9,]* +\([ 0-9.]+%\) /) {
		v = substr($0, 1, RLENGTH); sub(/\(.*/, "", v); gsub(/[ ,]/, "", v)
		printf "%8.1f  %5s: %s\n", v / k, ln, substr($0, RLENGTH + 1)
	}'
