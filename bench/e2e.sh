#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
#
# make perf-e2e: what one notification costs end to end on the emulated
# machine, in guest instructions, split by where they run. Boots each
# world on 1 CPU with the counting plugin bench/qemu_e2e.c and the test
# module's e2e scenario (ports/qemu-virt/linux/ffn_test_e2e.c), which runs
# every window ROUNDS times between marker instructions; repeats each boot
# RUNS times; writes OUT/e2e.csv, then docs/performance-e2e.md from it
# (bench/e2e-doc.sh). Method and figures: docs/performance-e2e.md.
#
# Usage: bench/e2e.sh [BUILD_DIR [OUT_DIR]]   (default build-qemu, BUILD_DIR/e2e)
# Environment:
#   FFN_E2E_WORLDS  worlds (default "none pkvm xen-own xen-ffn"; the Xen
#                   ones need XEN_SRC, docs/xen.md, and are skipped without)
#   FFN_E2E_ROUNDS  measured rounds per window and boot (default 201)
#   FFN_E2E_RUNS    boots per world (default 3)
#   FFN_E2E_DOC     "-": write no document (default: docs/performance-e2e.md,
#                   and the run's CSV and boot times in docs/performance/)
#   FFN_E2E_CHECK=1 write no document: compare the counts that repeat
#                   exactly (EL3, EL2's FF-A) with the committed run's
#                   (bench/e2e-doc.sh --drift); one boot of 21 rounds per
#                   world unless FFN_E2E_RUNS/ROUNDS say otherwise
set -euo pipefail
trap 'echo "e2e: failed (line $LINENO)" >&2' ERR
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
B=$(realpath -m "${1:-build-qemu}")
OUT=$(realpath -m "${2:-$B/e2e}")
WORLDS=${FFN_E2E_WORLDS:-none pkvm xen-own xen-ffn}
CHECK=${FFN_E2E_CHECK:-0}
if [ "$CHECK" = 1 ]; then
	ROUNDS=${FFN_E2E_ROUNDS:-21} RUNS=${FFN_E2E_RUNS:-1} DOC=-
else
	ROUNDS=${FFN_E2E_ROUNDS:-201} RUNS=${FFN_E2E_RUNS:-3} DOC=docs/performance-e2e.md
	[ "${FFN_E2E_DOC:-}" = - ] && DOC=-
fi
E=$B/e2e
mkdir -p "$E" "$OUT"
X=aarch64-linux-gnu-
now() { date +%s.%N; }
secs() { printf '%.1f' "$(echo "$2 - $1" | bc)"; }
T0=$(now)

# The plugin, against the header of the installed QEMU's source package.
bench/qemu-plugin-header.sh "$E/qemu-plugin"
cc -shared -fPIC -O2 -Wall -Wextra -I"$E/qemu-plugin/include" \
	bench/qemu_e2e.c -o "$E/qemu_e2e.so"
make -s -C ports/qemu-virt/fw O="$B/fw" -j2
scripts/qemu-linux "$B" >"$E/qemu-linux.log" 2>&1 ||
	{ echo "e2e: scripts/qemu-linux failed, see $E/qemu-linux.log" >&2; exit 1; }

# Ranges "BUCKET START END" of the functions of ELF whose name and size
# are those of a function defined in OBJS (static names may repeat: the
# size must match as well).
fn_ranges() {
	local bucket=$1 elf=$2
	shift 2
	"${X}nm" -S --defined-only "$@" | awk '$3 ~ /^[tT]$/ && NF == 4 { print $4, $2 }' |
		sort -u >"$E/fn.want"
	"${X}nm" -S --defined-only "$elf" | awk -v want="$E/fn.want" '
		BEGIN { while ((getline l < want) > 0) { split(l, f, " "); w[f[1] " " f[2]] = 1 } }
		$3 ~ /^[tT]$/ && NF == 4 && (($4 " " $2) in w) { print $1, $2 }' |
		while read -r a n; do printf '%s %s %x\n' "$bucket" "$a" $((0x$a + 0x$n)); done
}
sym() { "${X}nm" "$1" | awk -v s="$2" '$3 == s && v == "" { v = $1 } END { print v }'; }

# The attribution of one world: first matching line wins.
ranges() {
	local world=$1 fw=$B/fw/ffn-fw.elf
	echo "kernel ffff000000000000 ffffffffffffffff"
	fn_ranges el3-engine "$fw" "$B"/fw/core/*.o
	echo "el3-port $(sym "$fw" __fw_start) $(sym "$fw" __fw_end)"
	# Entries into EL3: its lower-EL AArch64 synchronous vector (every
	# SMC; any other exception there is fatal).
	local v
	v=$(sym "$fw" fw_vectors)
	printf 'entry:el3 %x %x\n' $((0x$v + 0x400)) $((0x$v + 0x404))
	case $world in
	xen-*)
		local t=$B/xen/${world#xen-}/tree/xen
		fn_ranges el2-ffa "$t/xen-syms" "$t/arch/arm/tee/built_in.o"
		echo "el2-xen $(sym "$t/xen-syms" _start) $(sym "$t/xen-syms" _end)"
		# Entries into Xen: a guest's synchronous exception (its HVCs,
		# trapped SMCs and system registers), a physical IRQ (from a
		# guest or from Xen itself).
		local e
		for e in el2-sync:guest_sync el2-irq:guest_irq el2-irq:hyp_irq; do
			v=$(sym "$t/xen-syms" "${e#*:}")
			printf 'entry:%s %x %x\n' "${e%%:*}" $((0x$v)) $((0x$v + 4))
		done
		local g=$B/xen/guest/ffn-guest.elf
		"${X}readelf" -lW "$g" | awk '$1 == "LOAD" { print $3, $6 }' |
			while read -r a n; do printf 'domu %x %x\n' $((a)) $((a + n)); done
		;;
	esac
}

boot() {
	local world=$1 plug=$2
	export FFN_SCENARIOS=e2e FFN_QEMU_ARGS="-plugin $plug"
	case $world in
	none) scripts/qemu-boot "$B" 1 "ffn.e2e=$ROUNDS" ;;
	pkvm) scripts/qemu-boot "$B" 1 kvm-arm.mode=protected "ffn.e2e=$ROUNDS" ;;
	xen-own | xen-ffn)
		FFN_DOM0_ARGS="ffn.e2e=$ROUNDS" ports/xen/boot.sh "$B" "${world#xen-}" 1 ;;
	esac
}

: >"$E/runs.txt"
for w in $WORLDS; do
	ws=scripts/qemu-world-$w
	prc=0
	"$ws" prepare "$B" >"$E/$w-prepare.log" 2>&1 || prc=$?
	if [ "$prc" = 77 ]; then
		echo "e2e: skip $w: $(tail -n1 "$E/$w-prepare.log")"
		continue
	elif [ "$prc" != 0 ]; then
		echo "e2e: $w: prepare failed, see $E/$w-prepare.log" >&2
		exit 1
	fi
	ranges "$w" >"$E/ranges-$w.txt"
	for r in $(seq 1 "$RUNS"); do
		t=$(now)
		log=$E/$w-$r.log res=$E/$w-$r.out
		rc=0
		setsid timeout -k 5 900 bash -c "$(declare -f boot); B='$B' ROUNDS='$ROUNDS' boot '$w' \
			'$E/qemu_e2e.so,ranges=$E/ranges-$w.txt,out=$res'" >"$log" 2>&1 </dev/null || rc=$?
		v=$(tr -d '\r' <"$log" | grep -E '^(\[[ 0-9.]*\] )?ffn-test: e2e: (ok|FAIL) ' |
			sed 's/.*ffn-test: e2e: //' | tr '\n' ';')
		echo "e2e: $w run $r: exit $rc, $(secs "$t" "$(now)") s; $v"
		echo "$w $r $rc $(secs "$t" "$(now)")" >>"$E/runs.txt"
		[ "$rc" = 0 ] || { echo "e2e: $w run $r failed, see $log" >&2; exit 1; }
	done
done

# One CSV row per world x run x scenario x span (win: BEGIN to END; round:
# BEGIN to the next BEGIN). Rounds are sorted by their total; min, median
# (the middle one; the lower middle for an even count), p90, max of the
# total, and the bucket split of the median round. Every scenario but
# "empty" has empty's median split of the same span subtracted first.
csv=$OUT/e2e.csv
echo "world,run,scenario,span,rounds,min,median,p90,max,el3_engine,el3_port,el2_ffa,el2_xen,domu,kernel,other,el3_entries,el2_sync,el2_irq" >"$csv"
while read -r w r rc s; do
	awk -v world="$w" -v run="$r" '
	function isort(a, n,   i, j, t) {
		for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && tot[a[j]] > tot[t]; j--) a[j + 1] = a[j]; a[j + 1] = t }
	}
	$1 == "buckets" { nb = 0; for (i = 2; i <= NF; i++) if ($i != "entries") bn[++nb] = $i; next }
	$1 == "win" || $1 == "round" {
		k = $1 SUBSEP $2; idx = ++cnt[k]; id = k SUBSEP idx
		for (i = 1; i <= nb; i++) val[id, bn[i]] = $(i + 2)
		if (!($2 in seen)) { seen[$2] = 1; order[++ns] = $2 }
		next
	}
	END {
		split("empty ping sp2l l2sp", name, " ")
		nc = split("el3-engine el3-port el2-ffa el2-xen domu kernel other", col, " ")
		nx = split("el3 el2-sync el2-irq", ext, " ")
		for (pass = 0; pass < 2; pass++) for (si = 1; si <= ns; si++) {
			sc = order[si]
			if ((sc == 0) != (pass == 0)) continue
			for (sp = 1; sp <= 2; sp++) {
				span = sp == 1 ? "win" : "round"; k = span SUBSEP sc; n = cnt[k]
				if (!n) continue
				delete tot; delete a
				for (j = 1; j <= n; j++) {
					t = 0
					for (c = 1; c <= nc; c++) {
						v = val[k, j, col[c]] + 0
						if (sc != 0) v -= base[span, col[c]]
						adj[j, col[c]] = v; t += v
					}
					tot[j] = t; a[j] = j
				}
				isort(a, n)
				m = a[int((n + 1) / 2)]
				if (sc == 0) for (c = 1; c <= nc; c++) base[span, col[c]] = adj[m, col[c]]
				# Entries: n/a where the world has no such counter.
				for (c = 1; c <= nx; c++) {
					x = (k SUBSEP m SUBSEP ext[c]) in val ? val[k, m, ext[c]] : "n/a"
					if (x != "n/a" && sc != 0) x -= xbase[span, ext[c]]
					if (sc == 0) xbase[span, ext[c]] = x
					xs[c] = x
				}
				p90 = a[int(n * 0.9 + 0.5) < 1 ? 1 : int(n * 0.9 + 0.5)]
				printf "%s,%s,%s,%s,%d,%d,%d,%d,%d", world, run, name[sc + 1], span, n, tot[a[1]], tot[m], tot[p90], tot[a[n]]
				for (c = 1; c <= nc; c++) printf ",%d", adj[m, col[c]]
				for (c = 1; c <= nx; c++) printf ",%s", xs[c]
				printf "\n"
			}
		}
	}' "$E/$w-$r.out" >>"$csv"
done <"$E/runs.txt"
echo "e2e: wrote $csv ($(secs "$T0" "$(now)") s)"
if [ "$CHECK" = 1 ]; then
	exec bench/e2e-doc.sh --drift docs/performance/e2e.csv "$csv"
fi
# The run's data is kept beside the document it makes (CTest
# check:perf-e2e-doc regenerates the one from the other).
if [ "$DOC" != - ]; then
	cp "$csv" docs/performance/e2e.csv
	cp "$E/runs.txt" docs/performance/e2e-runs.txt
	bench/e2e-doc.sh docs/performance/e2e.csv docs/performance/e2e-runs.txt >"$DOC"
	echo "e2e: wrote $DOC, docs/performance/e2e.csv, docs/performance/e2e-runs.txt"
fi
