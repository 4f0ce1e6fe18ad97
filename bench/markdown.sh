#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Print the benchmark CSV files of DIR (default build/bench) as the
# Markdown tables of docs/performance.md, so that the document can be
# refreshed from a new run: bench/run.sh --markdown.
set -eu
dir=${1:-build/bench}

# Instructions: one row per call, the value at the largest N and whether
# every N gave the same count.
if [ -f "$dir/instr.csv" ]; then
	echo "| layer | call | receiver / peer | whole call | SPMC handler | SMCs made | mediator own | same at every N |"
	echo "|---|---|---|---|---|---|---|---|"
	awk -F, 'NR > 1 {
		key = $1 "|" $2 "|" $3
		if (!(key in seen)) { seen[key] = 1; order[++n] = key }
		if (!(key in lo) || $4 + 0 < lon[key]) { lon[key] = $4 + 0; lo[key] = $5 }
		if (!(key in hi) || $4 + 0 > hin[key]) { hin[key] = $4 + 0; hi[key] = $0 }
		if ((key in first) && first[key] != $5) diff[key] = 1
		if (!(key in first)) first[key] = $5
	} END {
		for (i = 1; i <= n; i++) {
			k = order[i]; split(hi[k], f, ",")
			printf "| %s | %s | %s | %d | %s | %s | %s | %s |\n", f[1], toupper(f[2]), f[3], f[5], \
				f[6] == "" ? "" : int(f[6]), f[7] == "" ? "" : int(f[7]), \
				f[8] == "" ? "" : int(f[8]), (k in diff) ? "**no**" : "yes"
		}
	}' "$dir/instr.csv" | sort -t'|' -k2,2r -k3,3 -k4,4
	echo
fi

# Nanoseconds: per call / per iteration at each N, and both ratios.
if [ -f "$dir/calls.csv" ]; then
	awk -F, 'NR > 1 {
		key = $1 "," $2 "," $3
		if (!(key in seen)) { seen[key] = 1; order[++n] = key }
		c[key, $4] = $5; it[key, $4] = $6
		if (!($4 in vs)) { vs[$4] = 1; sizes[++ns] = $4 }
	} END {
		for (i = 1; i <= ns; i++) for (j = i + 1; j <= ns; j++)
			if (sizes[j] + 0 < sizes[i] + 0) { t = sizes[i]; sizes[i] = sizes[j]; sizes[j] = t }
		printf "| call |"
		for (i = 1; i <= ns; i++) printf " N = %s |", sizes[i]
		printf " ratio per call | ratio per iteration |\n|---|"
		for (i = 1; i <= ns + 2; i++) printf "---|"
		printf "\n"
		for (k = 1; k <= n; k++) {
			split(order[k], f, ",")
			printf "| %s %s (%s) |", f[1], toupper(f[2]), f[3]
			for (i = 1; i <= ns; i++) printf " %s / %s |", c[order[k], sizes[i]], it[order[k], sizes[i]]
			a = c[order[k], sizes[1]]; b = it[order[k], sizes[1]]
			printf " %.2f | %.2f |\n", (a > 0 ? c[order[k], sizes[ns]] / a : 0), \
				(b > 0 ? it[order[k], sizes[ns]] / b : 0)
		}
	}' "$dir/calls.csv"
	echo
fi

if [ -f "$dir/drain_instr.csv" ] && [ -f "$dir/drain.csv" ]; then
	echo "| k | SPMC instr | per VM | mediator instr | per VM | SPMC ns | per VM | mediator ns | per VM |"
	echo "|---|---|---|---|---|---|---|---|---|"
	awk -F, 'FNR == 1 { file++; next }
		file == 1 { ins[$1, $2] = $4; ipv[$1, $2] = $5; ks[$2] = 1 }
		file == 2 { ns[$1, $2] = $4; npv[$1, $2] = $5 }
		END {
			n = 0; for (k in ks) kk[++n] = k + 0
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
				if (kk[j] < kk[i]) { t = kk[i]; kk[i] = kk[j]; kk[j] = t }
			for (i = 1; i <= n; i++) {
				k = kk[i]
				printf "| %d | %d | %.0f | %d | %.0f | %.0f | %.1f | %.0f | %.1f |\n", k, \
					ins["spmc", k], ipv["spmc", k], ins["mediator", k], ipv["mediator", k], \
					ns["spmc", k], npv["spmc", k], ns["mediator", k], npv["mediator", k]
			}
		}' "$dir/drain_instr.csv" "$dir/drain.csv"
	echo
fi

for f in latency sim_latency throughput memory codesize; do
	[ -f "$dir/$f.csv" ] || continue
	awk -F, -v f="$f" 'NR == 1 {
		cols = (f == "memory") ? 3 : NF
		printf "|"; for (i = 1; i <= cols; i++) printf " %s |", $i; printf "\n|"
		for (i = 1; i <= cols; i++) printf "---|"; printf "\n"; next
	} {
		printf "|"; for (i = 1; i <= cols; i++) printf " %s |", $i; printf "\n"
	}' "$dir/$f.csv"
	echo
done
