# SPDX-License-Identifier: BSD-3-Clause
#
# Plots of the benchmark CSV files: gnuplot -e "dir='build/bench'" bench/plots.gp
# Each plot is drawn only if its CSV exists.
#   calls.png, instr.png  bars per call, one cluster per call and receiver,
#                         one colour per VM count, both layers on one y axis
#   drain*.png            ns (instructions) per SRI drain of k VMs, log-log
#   latency.png           CDF of SET -> callback against the futex baseline,
#                         cropped to the data, p50 and p99 marked
#   throughput.png        deliveries per second, in millions, per VM count
if (!exists("dir")) dir = 'build/bench'
set datafile separator ','
set terminal pngcairo size 1200,620 noenhanced font ',11'
set grid ytics
# Distinct colours (a colour-blind-safe palette), one per series.
array pal[6] = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00']

exists_file(f) = system('[ -f "' . f . '" ] && echo 1 || echo 0') + 0

# The VM counts measured in a calls/instr CSV, ascending, as "8 1024 32767".
sizes_of(f) = system(sprintf("awk -F, 'NR > 1 && !s[$4]++ {print $4}' %s | sort -n | tr '\\n' ' '", f))

# One row per (op, receiver) of @layer: "op (recv)" then @col at each size;
# rows in the order of a notification's life (bind, set, get, ...), the
# VM receiver before the SP one, so both layers read alike.
bars(f, layer, col, sizes) = sprintf("< awk -F, -v L=%s -v C=%d -v S='%s' 'BEGIN { n = split(S, sz, \" \"); o = \" bind unbind set get info_get \"; r = \" vm sp vm-listed vm-cold sp-cold \" } NR > 1 && $1 == L { k = $2 \" (\" $3 \")\"; if (!(k in rk)) { rk[k] = index(o, \" \" $2 \" \") * 100 + index(r, \" \" $3 \" \"); ord[++m] = k } v[k, $4] = $C } END { for (i = 2; i <= m; i++) for (j = i; j > 1 && rk[ord[j]] < rk[ord[j - 1]]; j--) { t = ord[j]; ord[j] = ord[j - 1]; ord[j - 1] = t } for (i = 1; i <= m; i++) { printf \"%%s\", ord[i]; for (j = 1; j <= n; j++) printf \",%%s\", v[ord[i], sz[j]]; printf \"\\n\" } }' %s", layer, col, sizes, f)

do for [kind in "calls instr"] {
	f = dir . '/' . kind . '.csv'
	if (exists_file(f)) {
		sizes = sizes_of(f)
		nsz = words(sizes)
		# One y axis for both layers: the largest value, with headroom.
		ymax = system(sprintf("awk -F, 'NR > 1 && $5 > m { m = $5 } END { print m * 1.6 }' %s", f)) + 0
		ymin = system(sprintf("awk -F, 'NR > 1 && (m == \"\" || $5 < m) { m = $5 } END { print m / 1.6 }' %s", f)) + 0
		set output dir . '/' . kind . '.png'
		set multiplot layout 1,2 title (kind eq "calls" ? "Per call, ns (median of runs), at each number of VMs with a bitmap" : "Per call, instructions (callgrind, K-difference), at each number of VMs with a bitmap")
		set style data histogram
		set style histogram clustered gap 1
		set style fill solid 0.85 border -1
		set boxwidth 0.9
		set xtics rotate by -35 scale 0
		# Log y when the dearest call costs over ten times the cheapest
		# (cold caches at 32767 VMs): a linear axis would flatten every
		# other bar. Otherwise linear from 0.
		uselog = ymax / ymin > 10 * 1.6 * 1.6
		if (uselog) {
			set logscale y 10
			set yrange [ymin:ymax]
			set ytics (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000)
		} else {
			set yrange [0:ymax / 1.6 * 1.15]
			set ytics autofreq
		}
		set ylabel (kind eq "calls" ? 'ns per call' : 'instructions per call') . (uselog ? ' (log scale)' : '')
		set key top left horizontal maxcols 3 samplen 2 opaque
		# Same margins in both panels, so the shared y axis lines up.
		set lmargin 10
		set bmargin 7
		set tmargin 4
		do for [layer in "spmc mediator"] {
			set title layer
			plot for [j = 1:nsz] bars(f, layer, 5, sizes) using (column(j + 1)):xtic(1) lc rgb pal[j] title word(sizes, j) . ' VMs'
		}
		unset multiplot
		unset logscale
		unset lmargin
		unset bmargin
		unset tmargin
		set ytics autofreq
		unset style data
		set xtics norotate
		set style fill empty
	}
}

set key outside right top vertical
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
		set grid xtics ytics
		plot sprintf("< awk -F, '$1==\"spmc\"' %s", f) using 2:4 with linespoints lw 2 lc rgb pal[1] title 'SPMC INFO_GET_64 drain', \
		     sprintf("< awk -F, '$1==\"mediator\"' %s", f) using 2:4 with linespoints lw 2 lc rgb pal[2] title 'mediator SRI work'
		unset logscale
		unset xrange
		unset xlabel
	}
}

f = dir . '/latency_samples.csv'
if (exists_file(f)) {
	s = dir . '/latency.csv'
	pct(series, col) = system(sprintf("awk -F, '$1 == \"%s\" {print $%d}' %s", series, col, s)) / 1000.0
	# Cropped to where the data is: from the fastest sample to 1.5 times
	# the larger p99 (or to the 99th percentile of all samples without
	# latency.csv); how many samples lie beyond is in the title.
	lo = system(sprintf("awk -F, 'NR > 1 {print $2}' %s | sort -g | head -1", f)) / 1000.0
	if (exists_file(s)) {
		hi = 1.5 * (pct("baseline", 4) > pct("notification", 4) ? pct("baseline", 4) : pct("notification", 4))
	} else {
		hi = system(sprintf("awk -F, 'NR > 1 {print $2}' %s | sort -g | awk '{v[NR] = $1} END {i = int(NR * 0.99); if (i < 1) i = 1; print v[i]}'", f)) / 1000.0
	}
	beyond = system(sprintf("awk -F, -v H=%f 'NR > 1 && $2 / 1000 > H {n++} END {print n + 0}' %s", hi, f)) + 0
	total = system(sprintf("awk -F, 'NR > 1 {n++} END {print n + 0}' %s", f)) + 0
	set output dir . '/latency.png'
	set title sprintf("End-to-end latency: SP SET -> receiver callback, against a bare futex ping (CDF; %d of %d samples beyond %.0f us)", beyond, total, hi)
	set xlabel 'latency, us'
	set ylabel 'fraction of samples'
	set key inside bottom right vertical opaque box
	set grid xtics ytics
	set xrange [lo - (hi - lo) * 0.02 : hi]
	set yrange [0:1.02]
	set ytics 0.1
	j = 0
	do for [series in "baseline notification"] {
		j = j + 1
		if (exists_file(s)) {
			p50 = pct(series, 3)
			p99 = pct(series, 4)
			set arrow from p50, graph 0 to p50, graph 1 nohead dt 2 lw 1.5 lc rgb pal[j] front
			set arrow from p99, graph 0 to p99, graph 1 nohead dt 3 lw 1.5 lc rgb pal[j] front
			set label sprintf('%s p50 %.1f us', series, p50) at p50, graph (0.62 - 0.07 * j) left offset 0.5,0 tc rgb pal[j] front
			set label sprintf('%s p99 %.1f us', series, p99) at p99, graph (0.40 - 0.07 * j) left offset 0.5,0 tc rgb pal[j] front
		}
	}
	plot sprintf("< awk -F, '$1==\"baseline\" {print $2/1000}' %s | sort -g", f) using 1:(1) smooth cnormal with lines lw 2.5 lc rgb pal[1] title 'baseline (futex ping)', \
	     sprintf("< awk -F, '$1==\"notification\" {print $2/1000}' %s | sort -g", f) using 1:(1) smooth cnormal with lines lw 2.5 lc rgb pal[2] title 'notification'
	unset arrow
	unset label
	unset xrange
	set ytics autofreq
}

f = dir . '/throughput.csv'
if (exists_file(f)) {
	set output dir . '/throughput.png'
	set title 'Throughput, SP -> VM deliveries in M/s (2 threads, 2 cores)'
	set logscale x 2
	set xlabel 'VMs'
	set ylabel 'deliveries, M/s (millions per second)'
	set key bottom right vertical opaque box
	set grid xtics ytics
	set yrange [0:*]
	# Ticks at the VM counts measured, and room either side of them.
	set xtics ()
	stats f using 1 nooutput
	set xrange [STATS_min / 1.5 : STATS_max * 1.5]
	do for [i = 0:STATS_records - 1] {
		v = system(sprintf("awk -F, 'NR == %d + 2 {print $1}' %s", i, f)) + 0
		set xtics add (sprintf('%d', v) v)
	}
	set format y '%.2f'
	plot f using 1:($3 / 1e6) every ::1 with linespoints lw 2.5 pt 7 lc rgb pal[1] title 'median of the runs', \
	     f using 1:($4 / 1e6) every ::1 with points pt 6 ps 1.5 lc rgb pal[2] title 'best run'
	unset logscale
	set format y '%g'
}
