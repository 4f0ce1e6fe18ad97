#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# The benchmark driver behind `make bench` and `make bench-instr`.
#
#   bench/run.sh            build (clang -O2, BENCH_BUILD=build-bench), run
#                           every benchmark, write CSV and PNG plots under
#                           BENCH_OUT (build/bench), print the table
#   bench/run.sh --instr    the same for instructions per call under
#                           callgrind (bench/instr.sh), then the table
#   bench/run.sh --quick    every benchmark once at the smallest size, few
#                           iterations (CI: it only checks that they run)
#   bench/run.sh --table    print the table from the CSV already there
#   bench/run.sh --markdown the same as Markdown tables (for docs/performance.md)
#   bench/run.sh --docs     every benchmark and the callgrind counts, then
#                           rewrite the generated sections of
#                           docs/performance.md in place (make perf-docs)
#   bench/run.sh --check-docs  callgrind counts only, compared with the
#                           document's (the perf-drift test; bench/docs.sh)
#
# docs/performance.md explains the method and the numbers.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
BUILD=${BENCH_BUILD:-build-bench}
OUT=${BENCH_OUT:-build/bench}
CC_BENCH=${BENCH_CC:-clang}
mode=time
for a in "$@"; do
	case $a in
	--quick) mode=quick ;;
	--instr) mode=instr ;;
	--table) mode=table ;;
	--markdown) mode=markdown ;;
	--docs) mode=docs ;;
	--check-docs) mode=check ;;
	*) echo "usage: bench/run.sh [--quick|--instr|--table|--markdown|--docs|--check-docs]" >&2; exit 2 ;;
	esac
done
mkdir -p "$OUT"

build() {
	if [ ! -f "$BUILD/build.ninja" ]; then
		# -O2 as in the anchor (CMake's Release is -O3); DWARF 4
		# because valgrind 3.19 cannot read clang 14's DWARF 5.
		cmake -S . -B "$BUILD" -G Ninja -DCMAKE_C_COMPILER="$CC_BENCH" \
			-DCMAKE_BUILD_TYPE=Release \
			"-DCMAKE_C_FLAGS_RELEASE=-O2 -gdwarf-4 -DNDEBUG" >/dev/null
	fi
	cmake --build "$BUILD" -j "${BENCH_JOBS:-2}" --target ffn-bench
}

# Size of the freestanding core for aarch64 at -Os, per role.
codesize() {
	cc=${FFN_CROSS_CC:-aarch64-linux-gnu-gcc}
	size=${FFN_CROSS_SIZE:-aarch64-linux-gnu-size}
	if ! command -v "$cc" >/dev/null || ! command -v "$size" >/dev/null; then
		echo "bench: $cc or $size missing, no code size" >&2
		return 0
	fi
	d=$BUILD/aarch64-Os
	mkdir -p "$d"
	echo "part,files,text,data,bss" >"$OUT/codesize.csv"
	for role in COMMON SPMC MEDIATOR ENDPOINT; do
		objs=""
		n=0
		for s in $(sed -n "s/^FFN_${role}_SRCS += //p" sources.mk); do
			o="$d/$(echo "$s" | tr / _).o"
			"$cc" -std=c11 -ffreestanding -fno-builtin -nostdlib -Os \
				-mno-outline-atomics -Iinclude -c "$s" -o "$o"
			objs="$objs $o"
			n=$((n + 1))
		done
		# shellcheck disable=SC2086
		"$size" -t $objs | awk -v p="$(echo $role | tr A-Z a-z)" -v n=$n \
			'END { printf "%s,%d,%d,%d,%d\n", p, n, $1, $2, $3 }' \
			>>"$OUT/codesize.csv"
	done
	awk -F, 'NR > 1 {
		t += $3; d += $4; b += $5; f += $2
		if ($1 == "common" || $1 == "spmc") { st += $3; sd += $4; sb += $5 }
		if ($1 == "common" || $1 == "mediator") { mt += $3; md += $4; mb += $5 }
	} END {
		printf "spmc build (common+spmc),,%d,%d,%d\n", st, sd, sb
		printf "hypervisor build (common+mediator),,%d,%d,%d\n", mt, md, mb
		printf "whole core,%d,%d,%d,%d\n", f, t, d, b
	}' "$OUT/codesize.csv" >>"$OUT/codesize.csv"
}

# Machine description for the report.
machine() {
	{
		echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
		echo "uname: $(uname -a)"
		echo "cc: $($CC_BENCH --version | head -1)"
		echo "cross: $(${FFN_CROSS_CC:-aarch64-linux-gnu-gcc} --version 2>/dev/null | head -1)"
		echo "valgrind: $(valgrind --version 2>/dev/null || echo none)"
		# What was measured: the commit, and whether the code differed.
		echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo none)$(
			git diff --quiet HEAD -- src include bench sources.mk 2>/dev/null || echo ' + local changes')"
		lscpu 2>/dev/null | grep -E '^(Architecture|CPU\(s\)|Model name|Thread|Core|Socket|CPU MHz|L1d|L2|L3|Hypervisor)' || true
	} >"$OUT/machine.txt"
}

# pivot FILE VALUE_COLUMN TITLE: one row per (layer, op, recv), one column
# per VM count, and the ratio of the largest count to the smallest.
pivot() {
	[ -f "$1" ] || return 0
	awk -F, -v col="$2" -v title="$3" '
	NR == 1 { next }
	{
		key = $1 " " $2 " " $3
		if (!(key in seen)) { seen[key] = 1; order[++nk] = key }
		val[key, $4] = $col
		if (!($4 in vs)) { vs[$4] = 1; sizes[++ns] = $4 }
	}
	END {
		# sizes ascending
		for (i = 1; i <= ns; i++) for (j = i + 1; j <= ns; j++)
			if (sizes[j] + 0 < sizes[i] + 0) { t = sizes[i]; sizes[i] = sizes[j]; sizes[j] = t }
		printf "\n%s\n", title
		printf "%-28s", "layer op peer/receiver"
		for (i = 1; i <= ns; i++) printf " %10s", "N=" sizes[i]
		if (ns > 1) printf " %8s", "ratio"
		printf "\n"
		for (k = 1; k <= nk; k++) {
			key = order[k]
			any = 0
			for (i = 1; i <= ns; i++) if (val[key, sizes[i]] != "") any = 1
			if (!any) continue
			printf "%-28s", key
			for (i = 1; i <= ns; i++) printf " %10s", val[key, sizes[i]]
			if (ns > 1 && val[key, sizes[1]] > 0)
				printf " %8.2f", val[key, sizes[ns]] / val[key, sizes[1]]
			printf "\n"
		}
	}' "$1"
}

table() {
	echo
	echo "=== ffa-notify benchmarks ($OUT; method: docs/performance.md)"
	sed -n 's/^Model name: *\(.*\)/machine: \1/p' "$OUT/machine.txt" 2>/dev/null || true
	pivot "$OUT/calls.csv" 5 "Per call, ns (each call timed; median of runs; ratio = largest N / smallest N)"
	pivot "$OUT/calls.csv" 6 "Per iteration (the call and its undo, e.g. SET+GET), ns, batch-timed"
	pivot "$OUT/instr.csv" 5 "Per call, instructions under callgrind (whole call, K-difference)"
	pivot "$OUT/instr.csv" 6 "SPMC handler only, instructions (target: SET, GET <= 150)"
	pivot "$OUT/instr.csv" 8 "Mediator's own instructions (call minus the SMCs it makes)"
	for f in drain drain_instr; do
		[ -f "$OUT/$f.csv" ] || continue
		echo
		if [ $f = drain ]; then
			echo "SRI drain, ns (k VMs pending among N)"
		else
			echo "SRI drain, instructions"
		fi
		if [ $f = memory ]; then cut -d, -f1-3 "$OUT/$f.csv" | column -s, -t; else column -s, -t <"$OUT/$f.csv"; fi
	done
	if [ -f "$OUT/sim_latency.csv" ]; then
		echo
		echo "End-to-end latency on the sim/ platform (ffa-notify run's threads), with a condvar ping-pong baseline"
		column -s, -t <"$OUT/sim_latency.csv"
	fi
	if [ -f "$OUT/latency.csv" ]; then
		echo
		echo "End-to-end latency, SP SET -> receiver VM callback (2 threads, futex wake-up)"
		column -s, -t <"$OUT/latency.csv"
		awk -F, '$1 == "baseline" { b = $3 } $1 == "notification" { n = $3 }
			END { if (b > 0) printf "p50 ratio notification/baseline: %.2f (target <= 2)\n", n / b }' \
			"$OUT/latency.csv"
	fi
	for f in throughput memory codesize; do
		[ -f "$OUT/$f.csv" ] || continue
		echo
		case $f in
		throughput) echo "Throughput, deliveries per second (2 threads; median and best of the runs)" ;;
		memory) echo "Memory (bytes of state)" ;;
		codesize) echo "Core size, aarch64-linux-gnu-gcc -Os (bytes)" ;;
		esac
		if [ $f = memory ]; then cut -d, -f1-3 "$OUT/$f.csv" | column -s, -t; else column -s, -t <"$OUT/$f.csv"; fi
	done
}

plots() {
	if ! command -v gnuplot >/dev/null; then
		echo "bench: gnuplot missing, no plots" >&2
		return 0
	fi
	gnuplot -e "dir='$OUT'" bench/plots.gp 2>"$OUT/gnuplot.log" ||
		{ echo "bench: gnuplot failed, see $OUT/gnuplot.log" >&2; return 0; }
	echo "bench: plots in $OUT/*.png" >&2
}

case $mode in
quick)
	build
	machine
	"$BUILD/bench/ffn-bench" --quick --out "$OUT" all
	codesize
	# The callgrind path too, at the smallest size.
	if command -v valgrind >/dev/null; then
		bench/instr.sh "$BUILD" "$OUT" 8
	fi
	table
	;;
time)
	build
	machine
	"$BUILD/bench/ffn-bench" --out "$OUT" all
	codesize
	plots
	table
	;;
instr)
	build
	machine
	bench/instr.sh "$BUILD" "$OUT"
	plots
	table
	;;
table)
	table
	;;
markdown)
	bench/markdown.sh "$OUT"
	;;
docs)
	build
	machine
	"$BUILD/bench/ffn-bench" --out "$OUT" all
	codesize
	bench/instr.sh "$BUILD" "$OUT"
	# aarch64 under QEMU when the cross tools are there; the first run
	# fetches QEMU's plugin header (bench/qemu-plugin-header.sh).
	if command -v qemu-aarch64 >/dev/null &&
		command -v "${FFN_CROSS_CC:-aarch64-linux-gnu-gcc}" >/dev/null; then
		bench/aarch64.sh "$BUILD/aarch64" "$OUT" ||
			echo "bench: no aarch64 counts (bench/aarch64.sh failed)" >&2
	fi
	plots
	table
	bench/docs.sh update "$OUT"
	# The document shows the plots of the same run.
	for p in "$OUT"/*.png; do
		[ -f "$p" ] && cp "$p" docs/performance/
	done
	echo "bench: docs/performance.md rewritten from $OUT" >&2
	;;
check)
	build
	bench/instr.sh "$BUILD" "$OUT"
	bench/docs.sh check "$OUT"
	;;
esac
