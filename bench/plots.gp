# SPDX-License-Identifier: BSD-3-Clause
#
# Plots of the benchmark CSV files: gnuplot -e "dir='build/bench'" bench/plots.gp
# Each plot is drawn only if its CSV exists.
if (!exists("dir")) dir = 'build/bench'
set datafile separator ','
set terminal pngcairo size 1000,600 noenhanced font ',10'
set grid
set key outside right top

exists_file(f) = system('[ -f "' . f . '" ] && echo 1 || echo 0') + 0

# rows(file, layer, op, recv): "vms value" lines of one series.
rows(f, layer, op, recv, col) = sprintf("< awk -F, '$1==\"%s\" && $2==\"%s\" && $3==\"%s\" {print $4 \",\" $%d}' %s | sort -t, -k1,1n", layer, op, recv, col, f)

ops = "bind unbind set get info_get"

do for [kind in "calls instr"] {
	f = dir . '/' . kind . '.csv'
	if (exists_file(f)) {
		set output dir . '/' . kind . '.png'
		set multiplot layout 1,2 title (kind eq "calls" ? "Per call, ns (median of runs)" : "Per call, instructions (callgrind, K-difference)")
		set logscale x 2
		set xlabel 'VMs with a bitmap'
		set ylabel (kind eq "calls" ? 'ns per call' : 'instructions per call')
		set yrange [0:*]
		set xrange [6:50000]
		do for [layer in "spmc mediator"] {
			set title layer
			plot for [op in ops] rows(f, layer, op, "vm", 5) using 1:2 with linespoints title op . ' (vm)', \
			     for [op in ops] rows(f, layer, op, "sp", 5) using 1:2 with linespoints dashtype 2 title op . ' (sp)'
		}
		unset multiplot
		unset logscale
		unset xrange
	}
}

do for [kind in "drain drain_instr"] {
	f = dir . '/' . kind . '.csv'
	if (exists_file(f)) {
		set output dir . '/' . kind . '.png'
		set title (kind eq "drain" ? "SRI drain: ns for k VMs pending (log-log); slope 1 = linear in k" : "SRI drain: instructions for k VMs pending (log-log)")
		set logscale xy 10
		set xlabel 'k: VMs pending'
		set ylabel (kind eq "drain" ? 'ns per drain' : 'instructions per drain')
		set xrange [0.8:3000]
		set yrange [*:*]
		plot sprintf("< awk -F, '$1==\"spmc\"' %s", f) using 2:4 with linespoints title 'SPMC INFO_GET_64 drain', \
		     sprintf("< awk -F, '$1==\"mediator\"' %s", f) using 2:4 with linespoints title 'mediator SRI work'
		unset logscale
		unset xrange
	}
}

f = dir . '/latency_samples.csv'
if (exists_file(f)) {
	set output dir . '/latency.png'
	set title 'End-to-end latency: CDF (SP SET -> receiver callback vs. bare futex ping)'
	set logscale x 10
	set xlabel 'latency, us'
	set ylabel 'fraction of samples'
	set yrange [0:1]
	set xrange [*:*]
	plot sprintf("< awk -F, '$1==\"baseline\" {print $2/1000}' %s | sort -g", f) using 1:(1) smooth cnormal with lines lw 2 title 'baseline (futex ping)', \
	     sprintf("< awk -F, '$1==\"notification\" {print $2/1000}' %s | sort -g", f) using 1:(1) smooth cnormal with lines lw 2 title 'notification'
	unset logscale
}

f = dir . '/throughput.csv'
if (exists_file(f)) {
	set output dir . '/throughput.png'
	set title 'Deliveries per second (2 threads, 2 cores)'
	set logscale x 2
	set xlabel 'VMs'
	set ylabel 'deliveries / s'
	set yrange [0:*]
	set xrange [4:2048]
	plot f using 1:3 every ::1 with linespoints lw 2 title 'SP -> VM'
	unset logscale
}
