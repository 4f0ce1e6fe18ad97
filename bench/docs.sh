#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Keep docs/performance.md in step with the benchmark's CSV files.
#
#   bench/docs.sh update DIR [DOC]   rewrite, in place, every section of
#       DOC framed by <!-- bench:NAME --> ... <!-- /bench:NAME --> for which
#       DIR has data (bench/markdown.sh DIR); other text is left as it is
#   bench/docs.sh check DIR [DOC]    compare DOC's instruction sections
#       (names starting with "instr") with the ones DIR gives: exit 1 when
#       a number differs by more than 2 %, a row or a word differs, or a
#       section is missing on either side
#   bench/docs.sh selftest DIR [DOC] check that "check" fails on a copy of
#       DOC with one count 3 % off (the drift test must be able to fail)
#
# DOC defaults to docs/performance.md.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-}
dir=${2:-}
doc=${3:-$top/docs/performance.md}
[ -n "$dir" ] || { echo "usage: bench/docs.sh update|check|selftest DIR [DOC]" >&2; exit 2; }
[ -f "$doc" ] || { echo "docs.sh: $doc missing" >&2; exit 2; }
gen=$(mktemp)
trap 'rm -f "$gen" "$gen.new"' EXIT
sh "$top/bench/markdown.sh" "$dir" >"$gen"

# Shared by both modes: read the sections of FILE into body[name].
SECTIONS='
function section_name(l,   n) {
	if (l !~ /^<!-- bench:[a-z0-9-]+ -->$/) return ""
	n = l; sub(/^<!-- bench:/, "", n); sub(/ -->$/, "", n); return n
}
function is_end(l) { return l ~ /^<!-- \/bench:[a-z0-9-]+ -->$/ }
function load(file, body, lines,   l, cur, n) {
	cur = ""
	while ((getline l < file) > 0) {
		if ((n = section_name(l)) != "") { cur = n; body[cur] = ""; lines[cur] = 0; continue }
		if (is_end(l)) { cur = ""; continue }
		if (cur != "") { body[cur] = body[cur] l "\n"; lines[cur, ++lines[cur]] = l }
	}
	close(file)
}'

case $mode in
update)
	awk -v gen="$gen" "$SECTIONS"'
	BEGIN { load(gen, fresh, fl) }
	{
		if ((n = section_name($0)) != "") {
			print
			if (n in fresh) { printf "%s", fresh[n]; skip = 1; done++ }
			next
		}
		if (is_end($0)) skip = 0
		if (!skip) print
	}
	END { printf "docs.sh: %d sections rewritten\n", done > "/dev/stderr" }' "$doc" >"$gen.new"
	cat "$gen.new" >"$doc"
	;;
check)
	awk -v gen="$gen" -v doc="$doc" "$SECTIONS"'
	function cells(l, out,   n, i) {
		gsub(/\*\*/, "", l); n = split(l, out, "|")
		for (i = 1; i <= n; i++) { gsub(/^ +| +$/, "", out[i]) }
		return n
	}
	# Numbers of a cell (thousands separators dropped), and its words.
	function tokens(c, num,   n, rest, t) {
		n = 0; rest = c
		while (match(rest, /[0-9][0-9,]*(\.[0-9]+)?/)) {
			t = substr(rest, RSTART, RLENGTH); gsub(",", "", t)
			num[++n] = t + 0; rest = substr(rest, RSTART + RLENGTH)
		}
		return n
	}
	function words(c) { gsub(/[0-9][0-9,]*(\.[0-9]+)?/, "#", c); return c }
	function close_enough(a, b,   m) {
		m = (a > b ? a : b); if (m < 0) m = -m
		d = a - b; if (d < 0) d = -d
		# 2 %, or the rounding of a figure printed with one decimal.
		return d <= 0.02 * m || d <= 0.05
	}
	function bad(s, what) { printf "perf-drift: section %s: %s\n", s, what; fails++ }
	BEGIN {
		load(doc, old, ol); load(gen, fresh, fl)
		for (s in fresh) {
			if (s !~ /^instr/) continue
			checked++
			if (!(s in old)) { bad(s, "missing from the document"); continue }
			if (ol[s] != fl[s]) bad(s, sprintf("%d lines documented, %d measured", ol[s], fl[s]))
			for (i = 1; i <= ol[s] && i <= fl[s]; i++) {
				a = ol[s, i]; b = fl[s, i]
				if (a == b) continue
				na = cells(a, ca); nb = cells(b, cb)
				if (na != nb) { bad(s, "row differs: " a " / measured: " b); continue }
				for (j = 1; j <= na; j++) {
					if (words(ca[j]) != words(cb[j])) { bad(s, "documented \"" a "\", measured \"" b "\""); break }
					ka = tokens(ca[j], xa); kb = tokens(cb[j], xb)
					for (t = 1; t <= ka; t++) if (!close_enough(xa[t], xb[t])) {
						bad(s, sprintf("%s documented, %s measured, in row \"%s\"", xa[t], xb[t], b))
						break
					}
				}
			}
		}
		for (s in old) if (s ~ /^instr/ && !(s in fresh)) bad(s, "no fresh measurement for it")
		if (checked == 0) bad("-", "no instruction sections measured")
		if (fails) { printf "perf-drift: %d differences; regenerate with: make perf-docs\n", fails; exit 1 }
		printf "perf-drift: %d instruction sections match a fresh measurement (2 %%)\n", checked
	}'
	;;
selftest)
	# The SPMC handler column of the first row of instr-calls, 3 % up.
	awk '/^<!-- bench:instr-calls -->$/ { on = 1 }
	on && /^\| spmc / && !done {
		n = split($0, c, "|"); v = c[6]; gsub(/[ ,]/, "", v)
		c[6] = " " int(v * 1.03 + 1) " "; l = ""
		for (i = 1; i < n; i++) l = l c[i] "|"
		print l; done = 1; next
	} { print }' "$doc" >"$gen.new"
	if "$0" check "$dir" "$gen.new"; then
		echo "docs.sh: the check did not see a count 3 % off" >&2
		exit 1
	fi
	echo "docs.sh: the check fails on a count 3 % off, as it should"
	;;
*)
	echo "usage: bench/docs.sh update|check|selftest DIR [DOC]" >&2
	exit 2
	;;
esac
