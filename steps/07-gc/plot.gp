# plot.gp — draws out/sweep.csv as the memory vs latency trade-off, twice:
# out/tradeoff.png and out/tradeoff.svg. Called by `make plot` as
#   gnuplot -e "csv='out/sweep.csv'; png='out/tradeoff.png'; svg='out/tradeoff.svg'" plot.gp
# Top: Boehm GC's divisor sweep (peak RSS and collections). Bottom: every setting,
# peak RSS against p99 latency. One column, so that its text stays readable at a
# book's column width and on A4.

set datafile separator ","

# True for the rows of the plain divisor sweep, boehm-d1 ... boehm-d8 (not boehm-d1-max16m).
is_divisor(name) = strstrt(name, "boehm-d") == 1 && strlen(name) <= 9 && strstrt(substr(name, 8, 99), "-") == 0
divisor(name) = real(substr(name, 8, 99))
mib(kb) = kb / 1024.0

# Draws both panels once per format.
do for [format in "png svg"] {
  reset
  set datafile separator ","
  if (format eq "png") {
    set terminal pngcairo size 640,900 font ",12"
    set output png
  } else {
    set terminal svg size 640,900 font ",12" dynamic
    set output svg
  }
  set multiplot layout 2,1
  set lmargin 12
  set title "GC\\_FREE\\_SPACE\\_DIVISOR: bigger collects\nmore often, in less memory"
  set xlabel "GC\\_FREE\\_SPACE\\_DIVISOR"
  set logscale x 2
  set xrange [0.8:10]
  set ylabel "peak RSS (MiB)"
  set y2label "collections"
  set ytics nomirror
  set y2tics
  set yrange [0:*]
  set y2range [0:*]
  set key top center
  set grid
  plot csv using (is_divisor(strcol(1)) ? divisor(strcol(1)) : NaN):(mib($4)) every ::1 \
         with linespoints lw 2 pt 7 title "peak RSS", \
       '' using (is_divisor(strcol(1)) ? divisor(strcol(1)) : NaN):9 every ::1 axes x1y2 \
         with linespoints lw 2 pt 5 dt 2 title "collections"
  unset y2label
  unset y2tics
  unset logscale x
  set ytics mirror
  set xrange [*:*]
  set yrange [*:*]
  set title "every setting: peak RSS and p99 request latency"
  set xlabel "peak RSS (MiB)"
  set ylabel "p99 latency (us, log scale)"
  set logscale y 10
  set offsets graph 0.05, graph 0.25, graph 0.1, graph 0.1
  set key top right
  plot csv using (strcol(2) eq "boehm" ? mib($4) : NaN):7 every ::1 with points pt 7 ps 1.2 title "Boehm GC", \
       '' using (strcol(2) eq "malloc" ? mib($4) : NaN):7 every ::1 with points pt 5 ps 1.2 title "malloc (glibc, tcmalloc, jemalloc)", \
       '' using (mib($4)):7:1 every ::1 with labels left offset 0.8,0.4 font ",11" notitle
  unset multiplot
}
set output
