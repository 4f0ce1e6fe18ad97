#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Print docs/performance-e2e.md from the CSV of bench/e2e.sh (and its
# runs.txt: "world run exit seconds" per boot). Every number in the
# document comes from those two files; the prose is here.
#
# Usage: bench/e2e-doc.sh E2E_CSV RUNS_TXT > docs/performance-e2e.md
#        bench/e2e-doc.sh --check E2E_CSV RUNS_TXT DOC
#            exit 1 when DOC is not what the CSV gives (CTest
#            check:perf-e2e-doc, over the CSV committed in docs/performance/)
#        bench/e2e-doc.sh --selftest E2E_CSV RUNS_TXT DOC
#            exit 1 unless --check fails on a copy of the CSV with one
#            count changed, and --drift on one EL3 count 3 % off (the
#            checks must be able to fail)
#        bench/e2e-doc.sh --drift OLD_CSV NEW_CSV
#            exit 1 when a count that repeats exactly from run to run (EL3:
#            engine and port; EL2: FF-A) differs by more than 2 % between
#            the two CSVs, or a row of one is missing from the other
#            (make perf-e2e-check: the committed run against a fresh one)
set -eu
usage="usage: bench/e2e-doc.sh [--check|--selftest] E2E_CSV RUNS_TXT [DOC]"
case ${1:-} in
--drift)
	old=${2:?$usage} new=${3:?$usage}
	awk -F, '
	FNR == 1 { f++; next }
	{
		k = $1 " " $3 " " $4
		if ((f, k) in v) next
		v[f, k] = $10 " " $11 " " $12; keys[k] = 1; world[f, $1] = 1; wk[k] = $1
	}
	END {
		split("el3-engine el3-port el2-ffa", nm, " ")
		for (k in keys) {
			# A world the fresh run could not boot (no XEN_SRC) is not compared.
			if (!((2, wk[k]) in world)) { skipped[wk[k]] = 1; continue }
			if (!((1, k) in v) || !((2, k) in v)) { printf "e2e-doc: %s: only in one CSV\n", k; bad++; continue }
			split(v[1, k], a, " "); split(v[2, k], b, " ")
			for (i = 1; i <= 3; i++) {
				d = a[i] - b[i]; if (d < 0) d = -d
				if (d > 0.02 * (a[i] > b[i] ? a[i] : b[i])) {
					printf "e2e-doc: %s %s: %d, now %d\n", k, nm[i], a[i], b[i]; bad++
				}
			}
		}
		if (bad) { printf "e2e-doc: %d counts moved by more than 2 %% (make perf-e2e)\n", bad; exit 1 }
		s = ""; for (w in skipped) s = s " " w
		print "e2e-doc: EL3 and FF-A counts within 2 % of the committed run" (s != "" ? "; not run:" s : "")
	}' "$old" "$new"
	exit
	;;
--check | --selftest)
	mode=$1
	csv=${2:?$usage} runs=${3:?$usage} doc=${4:?$usage}
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	if [ "$mode" = --selftest ]; then
		# The first median of a measured scenario, one more.
		awk -F, -v OFS=, 'NR > 1 && $3 != "empty" && !done { $7 = $7 + 1; done = 1 } { print }' \
			"$csv" >"$tmp/e2e.csv"
		if "$0" --check "$tmp/e2e.csv" "$runs" "$doc" >/dev/null 2>&1; then
			echo "e2e-doc: --check passed on a changed CSV" >&2
			exit 1
		fi
		# And --drift on one EL3 count 3 % off.
		awk -F, -v OFS=, 'NR > 1 && $3 != "empty" && !done { $11 = int($11 * 1.03) + 1; done = 1 } { print }' \
			"$csv" >"$tmp/drift.csv"
		if "$0" --drift "$csv" "$tmp/drift.csv" >/dev/null 2>&1; then
			echo "e2e-doc: --drift passed on a count 3 % off" >&2
			exit 1
		fi
		echo "e2e-doc: --check and --drift fail on a changed CSV, as they must"
		exit 0
	fi
	"$0" "$csv" "$runs" >"$tmp/doc.md"
	if ! diff -u "$doc" "$tmp/doc.md" >"$tmp/diff"; then
		head -n 40 "$tmp/diff" >&2
		echo "e2e-doc: $doc is not what $csv gives (bench/e2e-doc.sh)" >&2
		exit 1
	fi
	echo "e2e-doc: $doc matches $csv"
	exit 0
	;;
esac
csv=${1:?$usage}
runs=${2:?$usage}

# The table of one span (win or round): per world and scenario, the run
# whose median total is the median of the runs' medians gives the split.
table() {
	awk -F, -v span="$1" -v what="${2:-split}" '
	function th(v,   s, r) {
		s = sprintf("%d", v); r = ""
		while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
		return s r
	}
	NR == 1 { next }
	$4 == span {
		k = $1 "," $3
		if (!(k in n)) order[++nk] = k
		i = ++n[k]; med[k, i] = $7; mn[k, i] = $6; rounds[k] = $5
		row[k, i] = $0
	}
	END {
		if (what == "split") {
			print "| world | scenario | EL3: engine | EL3: port | EL2: hypervisor | EL2: of which FF-A | Linux kernel | guests, other | total (median) | min | runs: median range | EL3, EL2 same every run |"
			print "|---|---|---|---|---|---|---|---|---|---|---|---|"
		} else if (what == "entries") {
			print "| world | scenario | entries into EL3 (SMCs) | into Xen: traps from a guest | into Xen: IRQs |"
			print "|---|---|---|---|---|"
		} else {
			print "| world | scenario | total (median) | / none | EL3 vs none | EL2 added | kernel vs none |"
			print "|---|---|---|---|---|---|---|"
		}
		for (o = 1; o <= nk; o++) {
			k = order[o]; m = n[k]
			# The runs sorted by their median: the middle one.
			for (i = 1; i <= m; i++) a[i] = i
			for (i = 2; i <= m; i++) { t = a[i]; for (j = i - 1; j >= 1 && med[k, a[j]] > med[k, t]; j--) a[j + 1] = a[j]; a[j + 1] = t }
			c = a[int((m + 1) / 2)]
			split(row[k, c], f, ",")
			lo = mn[k, 1]; for (i = 2; i <= m; i++) if (mn[k, i] < lo) lo = mn[k, i]
			# f: 10 el3_engine 11 el3_port 12 el2_ffa 13 el2_xen 14 domu 15 kernel 16 other
			if (f[1] == "pkvm") { el2 = f[16]; ffa = "n/a"; oth = f[14] }
			else if (f[1] ~ /^xen-/) { el2 = f[12] + f[13]; ffa = th(f[12]); oth = f[14] + f[16] }
			else { el2 = 0; ffa = "n/a"; oth = f[14] + f[16] }
			spread = m > 1 ? th(med[k, a[1]]) "-" th(med[k, a[m]]) : "one run"
			same = "yes"
			for (i = 1; i <= m; i++) {
				split(row[k, i], g, ",")
				for (j = 10; j <= 13; j++) if (g[j] != f[j]) same = "**no**"
			}
			if (f[1] == "none") { ntot[f[3]] = f[7]; nel3[f[3]] = f[10] + f[11]; nkern[f[3]] = f[15] }
			if (what == "compare") {
				if (f[1] == "none" || !(f[3] in ntot) || f[3] == "empty" || ntot[f[3]] <= 0) continue
				printf "| %s | %s | %s | %.2f | %+d | %s | %+d |\n", f[1], f[3], th(f[7]), \
					f[7] / ntot[f[3]], f[10] + f[11] - nel3[f[3]], th(el2), f[15] - nkern[f[3]]
				continue
			}
			if (what == "entries") {
				if (f[3] == "empty") continue
				printf "| %s | %s | %s | %s | %s |\n", f[1], f[3], f[17], f[18], f[19]
				continue
			}
			printf "| %s | %s | %s | %s | %s | %s | %s | %s | **%s** | %s | %s | %s |\n", \
				f[1], f[3], th(f[10]), th(f[11]), th(el2), ffa, th(f[15]), th(oth), \
				th(f[7]), th(lo), spread, same
		}
	}' "$csv"
}

rounds=$(awk -F, 'NR > 1 { print $5; exit }' "$csv")
nruns=$(awk -F, 'NR > 1 && $3 == "empty" && $4 == "win" { n[$1]++ } END { m = 0; for (w in n) if (n[w] > m) m = n[w]; print m }' "$csv")

cat <<EOF
# One notification, end to end, on the emulated machine

<!-- Generated by bench/e2e-doc.sh from the CSV of bench/e2e.sh (make perf-e2e): do not edit. -->

What one notification costs end to end on QEMU's \`virt\` machine, in
emulated (guest) instructions, split by where they run: our EL3 firmware
(the SPMC engine and the rest of the firmware), the hypervisor at EL2, the
Linux kernel. The worlds are those of \`make qemu-test\`
([qemu-linux.md](qemu-linux.md), [xen.md](xen.md)): no hypervisor
(\`none\`), pKVM, and Xen with its own mediator (\`xen-own\`) and with ours
(\`xen-ffn\`). The per-call costs of the engine and the mediator alone are
in [performance.md](performance.md); this page is the whole path through
real clients.

\`\`\`sh
make perf-e2e     # every world the machine can run (Xen: XEN_SRC, docs/xen.md), then this page
FFN_E2E_WORLDS=none FFN_E2E_RUNS=1 bench/e2e.sh   # one world, one boot; FFN_E2E_DOC=- keeps this page
\`\`\`

It is not part of \`make test\`: it boots each world several times
(times below). The counts are exact for what ran, but what runs varies a
little (a timer tick falling into a round, the kernel's scheduler), so no
test of \`make test\` holds them to a tolerance. \`make perf-e2e-check\` boots
each world once (21 rounds) and fails when a count that repeats exactly
from run to run (EL3's engine and port, EL2's FF-A code) moved by more than
2 % from the run below; the kernel's and the rest of Xen's are not
compared. CTest's \`check:perf-e2e-doc\` checks that this page is what its
CSV (\`docs/performance/e2e.csv\`) gives.

## What is measured

The Linux test module's \`e2e\` scenario (\`ports/qemu-virt/linux/ffn_test_e2e.c\`,
run only when the kernel command line says \`ffn.e2e=N\`) repeats each
window N times, after 3 unmeasured rounds, on a 1-CPU machine:

| scenario | from (BEGIN marker) | to (END marker) |
|---|---|---|
| \`empty\` | BEGIN | END right after it: the markers' own cost |
| \`ping\` | before a direct request PING to partition 0x8001 | after it returned: the carrier of \`sp2l\`'s SET, for reference |
| \`sp2l\` | before the direct request asking 0x8001 to SET a global notification for Linux | the entry of the module's notification callback: the partition's SET in the engine, the SRI, the driver's INFO_GET and GET, and whatever Linux and the hypervisor do in between (the IRQ, the driver's work item, the switch to it) |
| \`l2sp\` | before the driver's \`notify_send\` (FFA_NOTIFICATION_SET to 0x8001) | the return of FFA_RUN, made by the module's scheduler callback inside the driver's SRI work: the SET, the SRI, INFO_GET listing 0x8001, the callback, FFA_RUN, the partition taking its NPI and GETting |

Two spans are reported for each:
- **to delivery** (BEGIN to END): the latency path;
- **whole round** (BEGIN to the next BEGIN): everything the notification
  caused until the test thread, woken by the callback, starts the next
  one (the rest of the driver's work, the wake-up and the switch back).
  The last round of each scenario ends elsewhere and is dropped: N - 1
  rounds.

Every scenario has the median of \`empty\`'s split for the same span
subtracted (for the round, that is the loop's own cost).

## How it is counted and attributed

\`bench/qemu_e2e.c\` is a QEMU system-mode TCG plugin (QEMU 7.2, built
against \`qemu-plugin.h\` from Debian's \`qemu\` source package at build time,
as \`bench/aarch64.sh\`'s plugin is). It counts every executed guest
instruction (an inline add per translated block and bucket) and snapshots
the counters at marker instructions: \`MOVZ XZR, #imm\` executed by the test
module, a write to the zero register that changes nothing and that no
compiler emits (\`0xFA00 | s\` begins scenario s, \`0xFB00 | s\` ends it).
A block cut short by a synchronous exception is counted whole (rare in
these paths); interrupts are taken between blocks. The machine has one
vCPU, so the counters need no atomics and the window holds everything the
machine ran.

QEMU 7.2's plugin API reads no registers, so the exception level is not
known: an instruction is attributed by its **virtual address**, with the
ranges \`bench/e2e.sh\` reads from the images of the run:
- **EL3: engine**: the firmware's functions that are the SPMC engine's
  (\`src/spmc\`, \`src/common\`: name and size as in the engine's object
  files); **EL3: port**: the rest of the firmware image (\`ports/qemu-virt/fw\`:
  the SMC vectors and boundary, FF-A framework calls, the test partitions).
  The firmware runs identity-mapped at 0x0e000000;
- **EL2** under Xen: Xen's image (\`_start\`-\`_end\` of \`xen-syms\`), and **of
  which FF-A**: the functions of \`xen/arch/arm/tee/\` (the FF-A mediator: in
  \`xen-ffn\` our mediator and its glue, in \`xen-own\` Xen's; both with Xen's
  own direct-message, RX/TX and partition code). Under pKVM: every address
  in the lower half that is not the firmware's (pKVM's hypervisor runs at
  its own low virtual addresses; user space does not run in a window:
  where it would show, as "other", in \`none\` and under Xen, it is 0);
- **Linux kernel**: the upper half of the address space (the kernel and its
  modules: the FF-A driver, the test module). It runs at EL1 under a
  hypervisor, and at EL2 (VHE) in \`none\`;
- **guests, other**: the Xen worlds' dom0less test guests (their load
  range) and anything else: zero in every row below unless shown.

## Results

N = $rounds measured rounds per boot, $nruns boot(s) per world. Total: the
median over the rounds of one boot; min: the smallest round over all
boots; the split is the median round's (it adds up to the total), from the
boot whose median is the middle one; "runs: median range" is the smallest
and largest of the boots' medians; the last column says whether the EL3 and
EL2 counts of the boots' median rounds were identical (the kernel's are
where rounds differ: ticks, scheduling).

### To delivery

EOF
table win
cat <<EOF

How many times each level was entered in the median round of the same
boot: entries into EL3 are executions of the firmware's lower-EL
synchronous vector (every SMC; nothing else may arrive there), into Xen of
its guest-synchronous vector (dom0's HVCs, which carry its FF-A calls under
Xen, and its trapped instructions) and of its two IRQ vectors (a physical
interrupt taken in a guest or in Xen: the SRI, timer ticks). pKVM's vectors
are at addresses the images do not give, so they are not counted (n/a).

EOF
table win entries
cat <<EOF

The same windows against \`none\` (median totals; the other columns are
differences of the median rounds' splits, so they need not add up to the
difference of the totals):

EOF
table win compare
cat <<EOF

Reading them:
- The EL3 and EL2 counts are those of one code path: they repeat from round
  to round and boot to boot (the last column of the first table). The
  kernel's vary: a timer tick, the scheduler's choices, the work item's
  queueing. That is why the minimum is given beside the median.
- EL3 is the same in every world for a given call sequence, plus what a VM
  sender costs the firmware's direct-request path under Xen (the "EL3 vs
  none" column); the engine's own share is the smaller part of EL3, the
  rest being the port: the SMC entry and exit, the boundary's register
  copy, the direct-request and FFA_RUN paths and the test partition itself.
- The hypervisor's share is where the worlds differ. pKVM's FF-A proxy
  checks and forwards; under Xen most of EL2 is Xen's own trap handling,
  interrupt routing and the virtual interrupt it injects, and the FF-A
  column (the mediator and the rest of Xen's FF-A code) is where the two
  mediators differ.

### Whole round

EOF
table round
cat <<EOF

Under \`xen-own\` there is no \`l2sp\` row: Xen's own mediator never injects
the virtual SRI into dom0, so the driver's scheduler callback is never
called and nothing runs the partition (the round times out; the same reason
\`l2sp_global\` is an expected failure of that world in
[qemu-linux.md](qemu-linux.md)).

## Run times

Wall time of each boot (QEMU start to exit, the plugin loaded, all four
windows with N rounds each), on this project's shared 2-core machine:

| world | boot | seconds |
|---|---|---|
EOF
awk '{ printf "| %s | %s | %s |\n", $1, $2, $4 }' "$runs"
