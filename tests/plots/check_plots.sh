#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# bench/plots.gp on the CSV files of a `make bench` run kept here (taken on
# the development machine): every plot is drawn, gnuplot says nothing
# (no warning, no error), and each PNG is a real image.
# usage: check_plots.sh GNUPLOT SOURCE_DIR WORK_DIR
set -eu
gp=$1 src=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
cp "$src"/tests/plots/*.csv "$work"/
"$gp" -e "dir='$work'" "$src/bench/plots.gp" 2>"$work/gnuplot.err"
if [ -s "$work/gnuplot.err" ]; then
	echo "check_plots: gnuplot said:" >&2
	cat "$work/gnuplot.err" >&2
	exit 1
fi
for p in calls instr drain drain_instr latency throughput; do
	f="$work/$p.png"
	if [ ! -s "$f" ] || [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" != '211PNG' ]; then
		echo "check_plots: $p.png missing or not a PNG" >&2
		exit 1
	fi
done
echo "check_plots: every plot drawn"
