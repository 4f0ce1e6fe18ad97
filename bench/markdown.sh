#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Print the benchmark CSV files of DIR (default build/bench) as the
# Markdown sections of docs/performance.md (bench/run.sh --markdown).
# Each section is framed by marker comments,
#     <!-- bench:NAME -->  ...  <!-- /bench:NAME -->
# the same ones the document carries, so bench/docs.sh can put a fresh
# run in place of the old one. Sections whose name starts with "instr"
# hold nothing but instruction counts (exact under callgrind): those are
# what the drift test compares with a fresh measurement.
set -eu
dir=${1:-build/bench}

begin() { echo "<!-- bench:$1 -->"; }
end() { echo "<!-- /bench:$1 -->"; }

# Thousands separators, as the prose writes numbers.
AWK_FMT='function th(v,   s, r) {
	s = sprintf("%d", v + (v < 0 ? -0.5 : 0.5)); r = ""
	while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }
	return s r
}'

if [ -f "$dir/machine.txt" ]; then
	begin machine
	echo '```'
	awk '
	{ i = index($0, ":"); val = substr($0, i + 1); sub(/^ +/, "", val); v[substr($0, 1, i - 1)] = val }
	END {
		printf "date:      %s, commit %s\n", v["date"], v["git"]
		printf "kernel:    %s\n", v["uname"]
		printf "cpu:       %s, %s CPUs, %s thread(s) per core, hypervisor %s\n", \
			v["Model name"], v["CPU(s)"], v["Thread(s) per core"], \
			(v["Hypervisor vendor"] == "" ? "none" : v["Hypervisor vendor"])
		printf "caches:    L1d %s, L2 %s, L3 %s\n", v["L1d cache"], v["L2 cache"], v["L3 cache"]
		printf "compiler:  %s (benchmarks: -O2 -gdwarf-4 -DNDEBUG)\n", v["cc"]
		printf "cross:     %s (code size: -Os)\n", v["cross"]
		printf "valgrind:  %s\n", v["valgrind"]
	}' "$dir/machine.txt"
	echo '```'
	end machine
	echo
fi

# The targets, judged on the worst count over every N measured, for each
# VM lookup configuration measured (instr_table.csv: the direct ID table).
if [ -f "$dir/instr.csv" ] && [ -f "$dir/drain_instr.csv" ]; then
	table=$dir/instr_table.csv
	[ -f "$table" ] || table=/dev/null
	begin instr-targets
	if [ "$table" = /dev/null ]; then
		echo "| target (SPMC handler, decode included, every N) | limit | measured, worst N | met? |"
		echo "|---|---|---|---|"
	else
		echo "| target (SPMC handler, decode included, every N) | limit | hash map (default), worst N | met? | direct ID table, worst N | met? |"
		echo "|---|---|---|---|---|---|"
	fi
	awk -F, "$AWK_FMT"'
	FNR == 1 { file = FILENAME == "'"$dir/instr.csv"'" ? 1 : FILENAME == "'"$table"'" ? 3 : 2; next }
	(file == 1 || file == 3) && $1 == "spmc" {
		k = file " " $2 " " $3
		if (!(k in hi) || $6 + 0 > hi[k]) hi[k] = $6 + 0
		if ((k in first) && first[k] != $6) varies = 1
		if (!(k in first)) first[k] = $6
		if (!($4 in ns)) { ns[$4] = 1; nsz++ }
		if (file == 3) tables = 1
	}
	file == 2 && $1 == "spmc" { d[$2 + 0] = $4 + 0; if ($2 + 0 > kmax) kmax = $2 + 0 }
	function cell(f, lim, a, b,   m, s) {
		m = hi[f " " a]; s = th(m)
		if (b != "") { if (hi[f " " b] > m) m = hi[f " " b]; s = s " / " th(hi[f " " b]) }
		return sprintf(" %s | %s |", s, m <= lim ? "yes" : "**no**")
	}
	function row(what, lim, a, b) {
		printf "| %s | %s |%s", what, th(lim), cell(1, lim, a, b)
		if (tables) printf "%s", cell(3, lim, a, b)
		printf "\n"
	}
	END {
		row("SET, VM / SP receiver", 150, "set vm", "set sp")
		row("GET, usual flow (SET, INFO_GET, GET), VM receiver", 120, "get vm-listed", "")
		row("GET right after SET, VM / SP receiver", 150, "get vm", "get sp")
		row("INFO_GET_64, one pending, VM / SP receiver", 300, "info_get vm", "info_get sp")
		row("BIND, VM / SP receiver", 250, "bind vm", "bind sp")
		row("UNBIND, VM / SP receiver", 250, "unbind vm", "unbind sp")
		# Per pending VM: the slope between the smallest and largest k
		# above 1 (the first call of a drain is a fixed cost). The drain
		# makes no lookup: one figure for both configurations.
		klo = 0; for (k in d) if (k + 0 > 1 && (klo == 0 || k + 0 < klo)) klo = k + 0
		if (klo > 0 && kmax > klo) {
			slope = (d[kmax] - d[klo]) / (kmax - klo)
			c = sprintf(" %s | %s |", th(slope), slope <= 120 ? "yes" : "**no**")
			printf "| SRI drain, per pending VM (k = %s ... %s) | 120 |%s%s\n", \
				th(klo), th(kmax), c, tables ? c : ""
		}
		c = sprintf(" %s | %s |", varies ? "differs" : "identical", varies ? "**no**" : "yes")
		printf "| every call: the same count at all %d sizes measured | |%s%s\n", nsz, c, tables ? c : ""
	}' "$dir/instr.csv" "$dir/drain_instr.csv" "$table"
	end instr-targets
	echo
fi

# Both VM lookup configurations, SPMC handler per call, beside the
# handler counts of commit 9c6925a (before the hot-path work; the same at
# every N) and of commit 75eabcf (before the fast paths of SET and GET;
# hash map / direct table), which are constants here.
if [ -f "$dir/instr.csv" ] && [ -f "$dir/instr_table.csv" ]; then
	begin instr-vm-table
	echo "| call | receiver | 9c6925a | 75eabcf, map / table | hash map (default) | direct ID table | table - map |"
	echo "|---|---|---|---|---|---|---|"
	awk -F, "$AWK_FMT"'
	BEGIN {
		split("BIND | vm=415,BIND | sp=410,UNBIND | vm=260,UNBIND | sp=255,SET | vm=234,SET | vm-cold=234," \
			"SET | sp=225,GET | vm=209,GET | vm-cold=209,GET | vm-listed=152,GET | sp=198," \
			"INFO_GET | vm=176,INFO_GET | sp=176", b, ",")
		for (i in b) { split(b[i], kv, "="); before[kv[1]] = kv[2] }
		split("BIND | vm=233 / 231,BIND | sp=223 / 223,UNBIND | vm=244 / 242,UNBIND | sp=240 / 240," \
			"SET | vm=228 / 225,SET | vm-cold=228 / 225,SET | sp=216 / 216,GET | vm=178 / 173," \
			"GET | vm-cold=178 / 173,GET | vm-listed=124 / 119,GET | sp=166 / 166," \
			"INFO_GET | vm=171 / 171,INFO_GET | sp=171 / 171", b, ",")
		for (i in b) { split(b[i], kv, "="); round[kv[1]] = kv[2] }
	}
	FNR == 1 { file++; next }
	$1 == "spmc" {
		k = toupper($2) " | " $3
		if (file == 1 && !(k in seen)) { seen[k] = 1; order[++n] = k }
		if (!((file, k) in hi) || $6 + 0 > hi[file, k]) hi[file, k] = $6 + 0
	}
	END {
		for (i = 1; i <= n; i++) {
			k = order[i]
			printf "| %s | %s | %s | %s | %s | %s |\n", k, (k in before) ? before[k] : "", \
				(k in round) ? round[k] : "", th(hi[1, k]), th(hi[2, k]), th(hi[2, k] - hi[1, k])
		}
	}' "$dir/instr.csv" "$dir/instr_table.csv"
	end instr-vm-table
	echo
fi

# The time targets: every hot call flat in N, and the end-to-end latency.
if [ -f "$dir/calls.csv" ] || [ -f "$dir/latency.csv" ]; then
	begin ns-targets
	echo "| target (time) | limit | measured | met? |"
	echo "|---|---|---|---|"
	if [ -f "$dir/calls.csv" ]; then
		awk -F, 'NR > 1 && $3 !~ /cold/ {
			k = $1 " " $2 " " $3
			if (!(k in lo) || $4 + 0 < lo[k]) { lo[k] = $4 + 0; a[k] = $6 }
			if (!(k in hi) || $4 + 0 > hi[k]) { hi[k] = $4 + 0; b[k] = $6 }
		} END {
			m = 0; for (k in a) if (a[k] > 0 && b[k] / a[k] > m) { m = b[k] / a[k]; w = k }
			printf "| every call (receiver hot) at the largest N within 1.2x of the smallest, per iteration | 1.20 | worst %.2f (%s) | %s |\n", \
				m, w, m <= 1.2 ? "yes" : "**no**"
		}' "$dir/calls.csv"
	fi
	if [ -f "$dir/latency.csv" ]; then
		awk -F, '$1 == "baseline" { b = $3 } $1 == "notification" { n = $3 }
		END { if (b > 0) printf "| end-to-end p50, SP SET to the VM callback, vs the bare wake-up (2 threads) | 2.00 | %.2f (%.1f vs %.1f us) | %s |\n", \
			n / b, n / 1000, b / 1000, n / b <= 2 ? "yes" : "**no**" }' "$dir/latency.csv"
	fi
	end ns-targets
	echo
fi

# Against Hafnium, measured the same way by the performance anchor
# (x86-64, clang 14 -O2 without LTO, handler instructions, an SP receiver
# with an SP sender). Its figures are constants here; ours are the "sp"
# rows at the largest N, and the drain of 256 pending VMs comes from the
# linear fit of ours.
if [ -f "$dir/instr.csv" ] && [ -f "$dir/drain_instr.csv" ]; then
	begin instr-hafnium
	echo "| call | Hafnium, N = 16 | Hafnium, N = 256 | ffa-notify, N up to 32,767 | fewer instructions |"
	echo "|---|---|---|---|---|"
	awk -F, "$AWK_FMT"'
	FNR == 1 { file++; next }
	file == 1 && $1 == "spmc" && $3 == "sp" { if ($4 + 0 >= nmax) { nmax = $4 + 0 }; h[$2, $4 + 0] = $6 + 0 }
	file == 2 && $1 == "spmc" { d[$2 + 0] = $4 + 0; if ($2 + 0 > kmax) kmax = $2 + 0 }
	function row(what, h16, h256, ours) {
		printf "| %s | %s | %s | %s | %.1fx |\n", what, th(h16), th(h256), th(ours), h16 / ours
	}
	END {
		row("BIND", 1056, 1057, h["bind", nmax])
		row("SET", 1003, 1004, h["set", nmax])
		row("GET (right after SET)", 849, 850, h["get", nmax])
		row("UNBIND", 1017, 1018, h["unbind", nmax])
		printf "| INFO_GET, one pending | 23,660 | 366,140 | %s | %.0fx at N = 16, %.0fx at 256 |\n", \
			th(h["info_get", nmax]), 23660 / h["info_get", nmax], 366140 / h["info_get", nmax]
		klo = 0; for (k in d) if (k + 0 > 1 && (klo == 0 || k + 0 < klo)) klo = k + 0
		if (klo > 0 && kmax > klo) {
			at = d[klo] + (d[kmax] - d[klo]) / (kmax - klo) * (256 - klo)
			printf "| drain N pending (INFO_GET calls until none is left), N = 256 | 51 K (N = 16) | 2.67 M | %s | %.0fx |\n", \
				th(at), 2670000 / at
		}
	}' "$dir/instr.csv" "$dir/drain_instr.csv"
	end instr-hafnium
	echo
fi

# Where each handler's instructions are (bench/profile.sh --csv): rows
# are parts, columns the phases, in the order the CSV has them.
if [ -f "$dir/profile.csv" ]; then
	begin instr-profile
	awk -F, "$AWK_FMT"'
	NR == 1 { next }
	{
		if (!($1 in ps)) { ps[$1] = 1; phases[++np] = $1 }
		part = $2; sub(/^(src\/spmc|include\/ffn)\//, "", part)
		if (part ~ /:/) { sub(/^[^:]*:/, "", part); part = "`" part "()`" }
		else { f = part; sub(/ .*/, "", f); rest = part; sub(/^[^ ]* /, "", rest); part = "`" f "` " rest }
		if (!(part in pt)) { pt[part] = 1; parts[++nq] = part }
		v[$1, part] = $3; tot[$1] += $3
	}
	END {
		# A fixed order whatever the annotator printed first (it breaks
		# ties in no fixed order): own code, then inlined files, then
		# callees, each by their largest count, then by name.
		for (j = 1; j <= nq; j++) {
			m = 0; for (i = 1; i <= np; i++) if ((phases[i], parts[j]) in v && v[phases[i], parts[j]] > m) m = v[phases[i], parts[j]]
			g = parts[j] ~ /own code/ ? 0 : parts[j] ~ /inlined/ ? 1 : 2
			key[j] = sprintf("%d %09.1f %s", g, 1e6 - m, parts[j])
		}
		for (i = 1; i <= nq; i++) for (j = i + 1; j <= nq; j++)
			if (key[j] < key[i]) { t = key[i]; key[i] = key[j]; key[j] = t; t = parts[i]; parts[i] = parts[j]; parts[j] = t }
		printf "| part |"; for (i = 1; i <= np; i++) printf " %s |", phases[i]; printf "\n|---|"
		for (i = 1; i <= np; i++) printf "---|"; printf "\n"
		for (j = 1; j <= nq; j++) {
			printf "| %s |", parts[j]
			for (i = 1; i <= np; i++) printf " %s |", ((phases[i], parts[j]) in v) ? th(v[phases[i], parts[j]]) : ""
			printf "\n"
		}
		printf "| **handler** |"; for (i = 1; i <= np; i++) printf " **%s** |", th(tot[phases[i]]); printf "\n"
	}' "$dir/profile.csv"
	end instr-profile
	echo
fi

# aarch64 beside x86-64, whole call (bench/aarch64.sh: QEMU plugin count
# of the cross-built benchmark). Not an "instr" section: the drift test
# does not rebuild it (it needs the cross tools and QEMU's plugin header).
if [ -f "$dir/instr.csv" ] && [ -f "$dir/instr_aarch64.csv" ]; then
	begin aarch64-calls
	echo "| layer | call | receiver / peer | x86-64, clang -O2 (callgrind) | aarch64, gcc -O2 (QEMU plugin) | aarch64 / x86-64 | aarch64 same at every N |"
	echo "|---|---|---|---|---|---|---|"
	awk -F, "$AWK_FMT"'
	FNR == 1 { file++; next }
	{
		k = $1 "|" $2 "|" $3
		if (file == 1 && (!((1, k) in nv) || $4 + 0 > nv[1, k])) { nv[1, k] = $4 + 0; x[k] = $5 }
		if (file == 2) {
			if (!(k in seen)) { seen[k] = 1; order[++n] = k }
			if (!((2, k) in nv) || $4 + 0 > nv[2, k]) { nv[2, k] = $4 + 0; a[k] = $5 }
			if ((k in f) && f[k] != $5) diff[k] = 1
			if (!(k in f)) f[k] = $5
		}
	}
	END {
		for (i = 1; i <= n; i++) {
			k = order[i]; split(k, p, "|")
			printf "| %s | %s | %s | %s | %s | %.2f | %s |\n", p[1], toupper(p[2]), p[3], th(x[k]), th(a[k]), \
				(x[k] > 0 ? a[k] / x[k] : 0), ((k in diff) ? "**no**" : "yes")
		}
	}' "$dir/instr.csv" "$dir/instr_aarch64.csv" | sort -t'|' -k2,2r -k3,3 -k4,4
	end aarch64-calls
	echo
fi

# Instructions: one row per call, the value at the largest N and whether
# every N gave the same count.
if [ -f "$dir/instr.csv" ]; then
	begin instr-calls
	echo "| layer | call | receiver / peer | whole call | SPMC handler | SMCs made | mediator own | same at every N |"
	echo "|---|---|---|---|---|---|---|---|"
	awk -F, "$AWK_FMT"'NR > 1 {
		key = $1 "|" $2 "|" $3
		if (!(key in seen)) { seen[key] = 1; order[++n] = key }
		if (!(key in hin) || $4 + 0 > hin[key]) { hin[key] = $4 + 0; hi[key] = $0 }
		if ((key in first) && first[key] != ($5 "," $6 "," $7)) diff[key] = 1
		if (!(key in first)) first[key] = $5 "," $6 "," $7
	} END {
		for (i = 1; i <= n; i++) {
			k = order[i]; split(hi[k], f, ",")
			printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", f[1], toupper(f[2]), f[3], th(f[5]), \
				f[6] == "" ? "" : th(f[6]), f[7] == "" ? "" : th(f[7]), \
				f[8] == "" ? "" : th(f[8]), (k in diff) ? "**no**" : "yes"
		}
	}' "$dir/instr.csv" | sort -t'|' -k2,2r -k3,3 -k4,4
	end instr-calls
	echo
fi

# The drain, k pending VMs per row; CSV column 6 (the mediator's SMCs)
# only in the instruction file.
drain_rows() {
	awk -F, -v smc="$2" "$AWK_FMT"'NR > 1 { v[$1, $2 + 0] = $4; p[$1, $2 + 0] = $5; s[$1, $2 + 0] = $6; ks[$2 + 0] = 1 }
	END {
		n = 0; for (k in ks) kk[++n] = k + 0
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (kk[j] < kk[i]) { t = kk[i]; kk[i] = kk[j]; kk[j] = t }
		for (i = 1; i <= n; i++) {
			k = kk[i]
			printf "| %s | %s | %.1f | %s | %.1f |", th(k), th(v["spmc", k]), p["spmc", k], \
				th(v["mediator", k]), p["mediator", k]
			if (smc) printf " %s |", th(s["mediator", k])
			printf "\n"
		}
	}' "$1"
}

if [ -f "$dir/drain_instr.csv" ]; then
	begin instr-drain
	echo "| k pending | SPMC instr | per VM | mediator instr | per VM | of which SPMC (SMCs) |"
	echo "|---|---|---|---|---|---|"
	drain_rows "$dir/drain_instr.csv" 1
	end instr-drain
	echo
fi

# Nanoseconds: per call / per iteration at each N, and both ratios.
if [ -f "$dir/calls.csv" ]; then
	begin ns-calls
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
	end ns-calls
	echo
fi

if [ -f "$dir/drain.csv" ]; then
	begin ns-drain
	echo "| k pending | SPMC ns | per VM | mediator ns | per VM |"
	echo "|---|---|---|---|---|"
	drain_rows "$dir/drain.csv" 0
	end ns-drain
	echo
fi

for f in latency sim_latency throughput memory memory_vm_table codesize; do
	[ -f "$dir/$f.csv" ] || continue
	begin "$(echo $f | tr _ -)"
	awk -F, -v f="$f" 'NR == 1 {
		cols = (f == "memory") ? 3 : NF
		printf "|"; for (i = 1; i <= cols; i++) printf " %s |", $i; printf "\n|"
		for (i = 1; i <= cols; i++) printf "---|"; printf "\n"; next
	} {
		printf "|"; for (i = 1; i <= cols; i++) printf " %s |", $i; printf "\n"
	}' "$dir/$f.csv"
	end "$(echo $f | tr _ -)"
	echo
done
