#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# The annotated callgrind profile of one measured call, per call:
#
#   bench/profile.sh PHASE [N [FLAG]]  e.g. spmc/set/vm, spmc/get/vm-listed,
#                                  mediator/get/sp (the tags of ffn-bench
#                                  --instr; N VMs, default 8; FLAG passed
#                                  to ffn-bench, e.g. --vm-id-table)
#
# Callgrind collects only inside the measured wrappers (bm_measured_*,
# --toggle-collect), so the dump after the K2 = 2,000 iterations of PHASE
# holds exactly 2,000 measured calls and nothing of their undo calls or
# the loop. Every count below is divided by 2,000: first the call tree
# (inclusive cost of each function, and what it calls), then every source
# line of the engine that executed, with its own instructions per call.
#
#   bench/profile.sh --csv FILE PHASE...   the handler of each PHASE (at 8
#                                  VMs) split by where its instructions are:
#                                  each file whose code was inlined into it,
#                                  and each function it calls (inclusive);
#                                  one row per phase and part, into FILE
#
#   bench/profile.sh --asm PHASE [N [FLAG]]  the handler's machine
#                                  instructions that ran, each with its
#                                  count per call (bench/asmprof.py)
#
# Needs the benchmark build (bench/run.sh builds it) and valgrind.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
csv=
asm=
if [ "${1:-}" = --asm ]; then
	asm=1
	shift
fi
if [ "${1:-}" = --csv ]; then
	csv=${2:?usage: bench/profile.sh --csv FILE PHASE...}
	shift 2
	phases="$*"
	set -- "$1" 8
fi
phase=${1:?usage: bench/profile.sh PHASE [N [FLAG]]}
n=${2:-8}
flag=${3:-}
BUILD=${BENCH_BUILD:-build-bench}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
OUT=${BENCH_OUT:-build/bench}
k=2000
mkdir -p "$OUT/profile"
d=$(cd "$OUT/profile" && pwd)
rm -f "$d"/cg.*
dump=no
[ -z "$asm" ] || dump=yes
valgrind --tool=callgrind --dump-instr=$dump '--toggle-collect=bm_measured_*' \
	--callgrind-out-file="$d/cg.%p" "$BUILD/bench/ffn-bench" --instr \
	$flag --out "$d" --sizes "$n" calls 2>"$d/valgrind.log" >/dev/null
dump_of() {
	f=$(grep -l "^desc: Trigger: Client Request: calls/$1/$n/$k\$" "$d"/cg.* | head -1)
	[ -n "$f" ] || { echo "profile.sh: no phase $1 at $n VMs" >&2; exit 1; }
}

if [ -n "$csv" ]; then
	echo "phase,part,instr" >"$csv"
	for p in $phases; do
		dump_of "$p"
		fn=ffni_spmc_$(echo "$p" | cut -d/ -f2)
		case $fn in *_bind | *_unbind) fn=bind_or_unbind ;; esac
		# Blocks "* FILE:ffni_spmc_OP": inclusive cost, then the callees
		# ("> ..."); the part's own cost is the first minus the others.
		(cd / && callgrind_annotate --inclusive=yes --tree=calling --threshold=100 "$f") |
			awk -v top="$top/" -v k=$k -v phase="$p" -v fn="$fn" '
			function num(s) { gsub(/[ ,]/, "", s); return s + 0 }
			function flush() { if (cur != "") own[cur] += incl - callees; cur = "" }
			/^ *[0-9][0-9,]* +\([ 0-9.]+%\) +\* / {
				flush()
				n = split($0, w, /  +/); name = $NF == "]" ? $(NF - 1) : $NF
				for (i = 1; i <= NF; i++) if ($i == "*") name = $(i + 1)
				sub(/ \[.*/, "", name); sub(top, "", name)
				if (name ~ (":" fn "$")) {
					cur = name; sub(/:.*/, "", cur); incl = num($1); callees = 0
					if (!(cur in seen)) { seen[cur] = 1; order[++np] = cur }
				}
				next
			}
			cur != "" && /^ *[0-9][0-9,]* +\([ 0-9.]+%\) +> / {
				if (cur != order[1]) next
				for (i = 1; i <= NF; i++) if ($i == ">") callee = $(i + 1)
				sub(top, "", callee); v = num($1)
				callees += v; call[callee] += v
				if (!(callee in cseen)) { cseen[callee] = 1; corder[++nc] = callee }
				next
			}
			/^ *$/ { flush() }
			END {
				flush()
				# The defining file'"'"'s block is inclusive of the code
				# inlined from the others: take that out of it.
				main = order[1]
				for (i = 2; i <= np; i++) own[main] -= own[order[i]]
				for (i = 1; i <= np; i++)
					printf "%s,%s%s,%.1f\n", phase, order[i], i == 1 ? " (own code)" : " (inlined)", own[order[i]] / k
				for (i = 1; i <= nc; i++) printf "%s,%s,%.1f\n", phase, corder[i], call[corder[i]] / k
			}' >>"$csv"
	done
	exit 0
fi
dump_of "$phase"

if [ -n "$asm" ]; then
	fn=ffni_spmc_$(echo "$phase" | cut -d/ -f2)
	case $fn in *_bind | *_unbind) fn=bind_or_unbind ;; esac
	echo "== $phase at $n VMs $flag: $fn, instructions that ran, per call"
	python3 bench/asmprof.py "$f" "$BUILD/bench/ffn-bench" "$fn" $k
	exit 0
fi

# Counts at the start of a line, divided by K.
per_call() {
	awk -v k=$k '
	match($0, /^ *[0-9][0-9,]*/) {
		v = substr($0, RSTART, RLENGTH); gsub(/[ ,]/, "", v)
		printf "%8.1f%s\n", v / k, substr($0, RSTART + RLENGTH); next
	}
	{ print }'
}

echo "== $phase at $n VMs $flag: instructions per call (callgrind, collected inside bm_measured_* only)"
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
