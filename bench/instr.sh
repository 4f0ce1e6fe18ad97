#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Instructions per call under callgrind (make bench-instr), the way the
# performance anchor measured Hafnium: every phase of ffn-bench --instr
# runs K1 = 1,000 and then K2 = 2,000 iterations, each followed by a
# callgrind dump; per call = (inclusive Ir at K2 - at K1) / 1,000 of a
# named function, so set-up and loop overhead cancel.
#
#   call      bm_measured_{ns,sp,med}: the whole call, entry to return
#             (SPMC: ffn_spmc_call_ns/_sp with dispatch; mediator:
#             ffn_mediator_call including any SMC it makes)
#   handler   SPMC only: ffni_spmc_<op>, the ABI handler (validation and
#             state) without the entry, version check and dispatch
#   smc       mediator only: the SPMC calls the mediator made (bm_smc_in_measured)
#   own       mediator only: call - smc, the mediator's own work
#
# The SRI drain: rounds R = 2 and 4 of "k VMs pending, drain", per drain =
# (Ir(4) - Ir(2)) / 2 of bm_measured_ns (the SPMC's INFO_GET_64 calls
# until nothing is left) or bm_measured_work (ffn_mediator_sri_work).
#
# The calls run twice: with the SPMC's default VM lookup (the hash map)
# and with its direct ID table (ffn-bench --vm-id-table).
#
# Usage: bench/instr.sh BUILD_DIR OUT_DIR [SIZES]   (SIZES: 8,1024,32767)
# Writes OUT_DIR/instr.csv, OUT_DIR/instr_table.csv (the direct ID table),
# OUT_DIR/drain_instr.csv and OUT_DIR/profile.csv (bench/profile.sh --csv).
set -eu
build=$1
out=$2
sizes=${3:-8,1024,32767}
bin=$build/bench/ffn-bench
cg=$out/callgrind
case $cg in /*) ;; *) cg=$(pwd)/$cg ;; esac
command -v valgrind >/dev/null || { echo "instr.sh: valgrind missing" >&2; exit 1; }
rm -rf "$cg"
mkdir -p "$cg"

last=
for n in $(echo "$sizes" | tr , ' '); do
	echo "bench-instr: callgrind, calls at $n VMs" >&2
	valgrind --tool=callgrind --dump-instr=no \
		--callgrind-out-file="$cg/calls.$n.%p" \
		"$bin" --instr --out "$cg" --sizes "$n" calls 2>"$cg/valgrind.$n.log"
	echo "bench-instr: callgrind, calls at $n VMs, direct ID table" >&2
	valgrind --tool=callgrind --dump-instr=no \
		--callgrind-out-file="$cg/table.$n.%p" \
		"$bin" --instr --vm-id-table --out "$cg" --sizes "$n" calls \
		2>"$cg/valgrind.table.$n.log"
	last=$n
done
echo "bench-instr: callgrind, SRI drain among $last VMs" >&2
valgrind --tool=callgrind --dump-instr=no \
	--callgrind-out-file="$cg/drain.$last.%p" \
	"$bin" --instr --out "$cg" --sizes "$last" drain 2>"$cg/valgrind.drain.log"

# One line per (dump tag, function): TAG IR FUNCTION.
raw=$cg/raw.txt
: >"$raw"
for f in "$cg"/calls.* "$cg"/table.* "$cg"/drain.*; do
	tag=$(sed -n 's/^desc: Trigger: Client Request: //p' "$f")
	case $tag in
	calls/* | drain/*) ;;
	*) continue ;;
	esac
	case ${f##*/} in table.*) tag=table${tag#calls} ;; esac
	# From / and with an absolute path: run from the source tree, the
	# annotator lists a function both under its relative and its absolute
	# file name, each with part of its inclusive cost.
	(cd / && callgrind_annotate --inclusive=yes --threshold=100 "$f") |
		awk -v tag="$tag" '
		/^ *[0-9,]+ +\([ 0-9.]+%\) +[^ ]+:[^ ]+ \[/ {
			ir = $1; gsub(",", "", ir)
			fn = $(NF - 1); sub(/.*:/, "", fn)
			print tag, ir, fn
		}' >>"$raw"
done

# per_call PREFIX CSV: the calls of dump tags PREFIX/... into CSV.
per_call() {
	awk -v out="$2" -v prefix="$1" '
	{
		split($1, t, "/")
		if (t[1] != prefix) next
		key = t[2] "," t[3] "," t[4] "," t[5]
		k = t[6]
		v[key, k, $3] += $2
		keys[key] = 1
	}
	function per(key, fn) { return (v[key, 2000, fn] - v[key, 1000, fn]) / 1000 }
	END {
		print "layer,op,recv,vms,call,handler,smc,own" > out
		for (key in keys) {
			split(key, p, ",")
			call = per(key, "bm_measured_ns") + per(key, "bm_measured_sp") + per(key, "bm_measured_med")
			if (p[1] == "spmc") {
				h = per(key, "ffni_spmc_" p[2])
				# No count: the handler was renamed or inlined away,
				# and a zero would pass for a measurement.
				if (h <= 0) {
					printf "instr.sh: no handler ffni_spmc_%s in %s\n", p[2], key > "/dev/stderr"
					bad = 1
				}
				printf "%s,%.1f,%.1f,,\n", key, call, h >> out
			} else {
				smc = per(key, "bm_smc_in_measured")
				printf "%s,%.1f,,%.1f,%.1f\n", key, call, smc, call - smc >> out
			}
		}
		exit bad
	}' "$raw"
}
per_call calls "$out/instr.csv"
per_call table "$out/instr_table.csv"

awk -v out="$out/drain_instr.csv" '
	{
		split($1, t, "/")
		if (t[1] != "drain") next
		key = t[2] "," t[3] "," t[4]
		v[key, t[5], $3] += $2
		keys[key] = 1
	}
	function per(key, fn) { return (v[key, 4, fn] - v[key, 2, fn]) / 2 }
	END {
		print "layer,k,vms,instr,instr_per_vm,smc" > out
		for (key in keys) {
			split(key, p, ",")
			if (p[1] == "spmc") {
				i = per(key, "bm_measured_ns"); smc = i
			} else {
				i = per(key, "bm_measured_work"); smc = per(key, "bm_smc_in_measured")
			}
			printf "%s,%.1f,%.2f,%.1f\n", key, i, i / p[2], smc >> out
		}
	}' "$raw"

# Where the handlers spend, from a run that collects inside the measured
# calls only (the default VM lookup, 8 VMs).
BENCH_BUILD=$build BENCH_OUT=$out "$(dirname "$0")/profile.sh" --csv "$out/profile.csv" spmc/set/vm \
	spmc/get/vm-listed spmc/get/vm spmc/bind/vm spmc/unbind/vm

# Sort the bodies for stable output.
for f in instr instr_table drain_instr; do
	{ head -1 "$out/$f.csv"; tail -n +2 "$out/$f.csv" | sort -t, -k1,1 -k2,2 -k3,3 -k4,4n; } >"$out/$f.csv.tmp"
	mv "$out/$f.csv.tmp" "$out/$f.csv"
done
echo "bench-instr: wrote $out/instr.csv, instr_table.csv and drain_instr.csv" >&2
