#!/usr/bin/env bats
# The proofs that an artifact came from a step's task (lib/provenance.sh, asked
# through assert_from_task): for every kind a check reads, a genuine artifact
# made by really running the tool passes, and a fabricated one and an edited one
# each fail with the one line "out/X was not produced by this step's task: run
# make step-N" (and at most a "found:" line).

bats_require_minimum_version 1.5.0

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  make -s -C "$root/tools" >/dev/null && make -s -C "$root/tools/collector" >/dev/null || return 1
  load ../checker
  load fixtures/provenance
  export FIX="$BATS_FILE_TMPDIR/tools" W7="$BATS_FILE_TMPDIR/w7/steps/07-gc" W8="$BATS_FILE_TMPDIR/w8/steps/08-continuous"
  make_tool_artifacts "$FIX" || { echo "cannot make the tools' artifacts" >&2; return 1; }
  make_sweep_artifacts "$BATS_FILE_TMPDIR/w7" || { echo "cannot run the sweep" >&2; return 1; }
  make_scenario_artifacts "$BATS_FILE_TMPDIR/w8" || { echo "cannot run the scenario: $(tail -n 3 "$W8/out/scenario.log")" >&2; return 1; }
}

setup() {
  load ../checker
  load fixtures/provenance
  in_step "$FIX"
}

teardown() {
  [ ! -e "$FIX/out/provenance-pg.orig" ] || mv -f "$FIX/out/provenance-pg.orig" "$FIX/out/provenance-pg"
}

# Makes DIR the step the assertions speak for (step 9: no such step, so no message names a real one).
in_step() {
  STEP=9 STEP_DIR="$1"
  cd "$1" || return 1
}

# Passes if assert_from_task proves FILE; prints what it said otherwise.
proven() {
  run --separate-stderr assert_from_task "$@"
  [ "$status" -eq 0 ] || { echo "assert_from_task $1 $2 refused a genuine artifact: $stderr" >&2; return 1; }
}

# Passes if assert_from_task refuses FILE with the one line of issue 12's item 4,
# and at most one "found:" line after it.
refused() {
  local file="$2" first
  run --separate-stderr assert_from_task "$@"
  [ "$status" -eq 1 ] || { echo "assert_from_task $1 $file: status $status, want 1: $stderr" >&2; return 1; }
  first=${stderr%%$'\n'*}
  [ "$first" = "${file#"$STEP_DIR"/} was not produced by this step's task: run make step-9" ] ||
    { echo "assert_from_task $1 $file: first line is: $first" >&2; return 1; }
  [ "$(grep -c '' <<<"$stderr")" -le 2 ] || { echo "more than two lines: $stderr" >&2; return 1; }
  [ "$stderr" = "$first" ] || [[ "${stderr#*$'\n'}" == "found:    "* ]] || { echo "the second line is no found: line: $stderr" >&2; return 1; }
}

# Writes stdin to out/NAME under the step and prints that path (a forgery to refuse).
forge() {
  cat >"$STEP_DIR/out/$1" && echo "out/$1"
}

# Copies out/FROM to out/TO through a sed script and prints the new path (an edit to refuse).
edit() {
  sed -e "$3" "$STEP_DIR/out/$1" >"$STEP_DIR/out/$2" && echo "out/$2"
}

# The checker's own run of a valgrind tool on a fixture command, once per file: prints the log.
own_valgrind() {
  local log="$BATS_FILE_TMPDIR/own-$1.log" tool="$1"; shift
  # shellcheck disable=SC2068 # the command is words
  [ -s "$log" ] || "$RUN_LEARNER" -- valgrind "$tool" $@ >/dev/null 2>"$log"
  echo "$log"
}

# ---------------------------------------------------------------- google-pprof's views

@test "a google-pprof text view is proven against google-pprof's own; a one-line or edited one is not" {
  proven pprof out/top.txt --text out/profiles out/cpu.prof
  refused pprof "$(head -n 1 out/top.txt | forge top-forged.txt)" --text out/profiles out/cpu.prof
  refused pprof "$(edit top.txt top-edited.txt '2s/[0-9][0-9]*/1&/')" --text out/profiles out/cpu.prof
}

@test "a google-pprof SVG call graph is proven whatever its edge order; a hand-made or edited one is not" {
  proven pprof out/cpu.svg --svg out/profiles out/cpu.prof
  refused pprof "$(printf '<svg><g class="node"><title>spin</title></g></svg>\n' | forge cpu-forged.svg)" --svg out/profiles out/cpu.prof
  refused pprof "$(edit cpu.svg cpu-edited.svg 's/>spin</>phase_one</')" --svg out/profiles out/cpu.prof
}

@test "a PNG drawn by graphviz from google-pprof --dot is proven; a PNG signature or a changed byte is not" {
  proven pprof-graph out/cpu.png png out/profiles out/cpu.prof
  refused pprof-graph "$(printf '\x89PNG\r\n\x1a\n' | forge cpu-forged.png)" png out/profiles out/cpu.prof
  cp out/cpu.png out/cpu-edited.png
  printf 'x' | dd of=out/cpu-edited.png bs=1 seek=200 conv=notrunc 2>/dev/null
  refused pprof-graph out/cpu-edited.png png out/profiles out/cpu.prof
}

@test "an SVG call graph drawn without its legend is proven with --no-legend; the same graph with its legend is not" {
  google-pprof --dot out/profiles out/cpu.prof 2>/dev/null | gvpr -c 'N[name=="Legend"]{delete(root,$)}' | dot -Tsvg -o out/cpu-bare.svg
  google-pprof --dot out/profiles out/cpu.prof 2>/dev/null | dot -Tsvg -o out/cpu-legend.svg
  proven pprof-graph out/cpu-bare.svg svg --no-legend out/profiles out/cpu.prof
  refused pprof-graph out/cpu-legend.svg svg --no-legend out/profiles out/cpu.prof
  refused pprof-graph out/cpu-bare.svg svg out/profiles out/cpu.prof
}

@test "a google-pprof --list listing is proven by its source lines and sums; a bare header or an edited count is not" {
  proven pprof-listing out/list.txt spin out/profiles out/cpu.prof
  refused pprof-listing "$(head -n 2 out/list.txt | forge list-forged.txt)" spin out/profiles out/cpu.prof
  refused pprof-listing "$(edit list.txt list-edited.txt 's/^\( *\)\([0-9][0-9]*\)\( *[0-9][0-9]* *18:\)/\1\2\2\3/')" spin out/profiles out/cpu.prof
}

# ---------------------------------------------------------------- callgrind

@test "a callgrind output is proven count for count against the checker's own run; a totals line or edited counts are not" {
  # shellcheck disable=SC2086
  proven callgrind out/callgrind.out work $PROV_WORK
  local total; total=$(callgrind_total out/callgrind.out)
  # shellcheck disable=SC2086
  refused callgrind "$(printf 'events: Ir\ntotals: %s\n' "$total" | forge callgrind-forged.out)" work $PROV_WORK
  # shellcheck disable=SC2086
  refused callgrind "$(edit callgrind.out callgrind-edited.out "s/^summary: .*/summary: $((total + 1))/; s/^totals: .*/totals: $((total + 1))/")" work $PROV_WORK
}

# ---------------------------------------------------------------- valgrind logs

@test "a memcheck log is proven line for line against the checker's own run; a hand-written or edited one is not" {
  local own; own=$(own_valgrind --leak-check=full --show-leak-kinds=all $PROV_LEAK)
  proven valgrind out/memcheck.txt Memcheck "$PROV_LEAK" "$own"
  refused valgrind "$(sed -n '1,4p; /HEAP SUMMARY/,$p' out/memcheck.txt | sed 's/definitely lost: [0-9,]* bytes in [0-9,]* blocks/definitely lost: 0 bytes in 0 blocks/' |
    grep -v 'are definitely lost' | forge memcheck-forged.txt)" Memcheck "$PROV_LEAK" "$own"
  refused valgrind "$(edit memcheck.txt memcheck-edited.txt 's/still reachable: \([0-9,]*\) bytes/still reachable: 1\1 bytes/')" Memcheck "$PROV_LEAK" "$own"
}

@test "a log of another PID, tool or command is not a valgrind log of the task" {
  refused valgrind "$(edit memcheck.txt memcheck-pid.txt '3s/^==\([0-9]*\)==/==1\1==/')" Memcheck "$PROV_LEAK"
  refused valgrind "$(edit memcheck.txt memcheck-tool.txt '1s/Memcheck/Helgrind/')" Memcheck "$PROV_LEAK"
  refused valgrind out/memcheck.txt Memcheck "out/provenance leak 21"
}

@test "a Helgrind log is proven against the checker's own run; a hand-written or edited one is not" {
  local own; own=$(own_valgrind --tool=helgrind $PROV_LOCKS_HELGRIND)
  proven valgrind out/helgrind.log Helgrind "$PROV_LOCKS_HELGRIND" "$own"
  refused valgrind "$(grep -e 'Helgrind, a' -e 'Copyright' -e 'Using Valgrind' -e 'Command:' out/helgrind.log |
    cat - <(printf '==1== \n==1== ERROR SUMMARY: 0 errors from 0 contexts (suppressed: 0 from 0)\n') | sed 's/^==[0-9]*==/==1==/' | forge helgrind-forged.log)" \
    Helgrind "$PROV_LOCKS_HELGRIND" "$own"
  refused valgrind "$(edit helgrind.log helgrind-edited.log 's/(suppressed: [0-9]* from/(suppressed: 0 from/')" Helgrind "$PROV_LOCKS_HELGRIND" "$own"
}

@test "a DRD log is proven by its reports, its summary and its addresses; a hand-written or edited one is not" {
  proven drd out/drd.log "$PROV_LOCKS_DRD" out/provenance
  local pid; pid=$(head -n 1 out/drd.log | cut -d= -f3)
  refused drd "$(head -n 5 out/drd.log | cat - <(printf '==%s== Lock on mutex 0x10c0c0 was held during 3 ms (threshold: 1 ms).\n==%s==    at 0x109385: locker (provenance.c:40)\n==%s== \n==%s== ERROR SUMMARY: 1 errors from 1 contexts (suppressed: 0 from 0)\n' "$pid" "$pid" "$pid" "$pid") |
    forge drd-forged.log)" "$PROV_LOCKS_DRD" out/provenance
  refused drd "$(edit drd.log drd-contexts.log 's/errors from \([0-9]*\) contexts/errors from 1\1 contexts/')" "$PROV_LOCKS_DRD" out/provenance
  refused drd "$(edit drd.log drd-function.log 's/: locker (provenance.c/: main (provenance.c/')" "$PROV_LOCKS_DRD" out/provenance
}

@test "a massif file is proven by its snapshots, trees and addresses; a hand-written or edited one is not" {
  proven massif out/massif.out "$PROV_GROW" out/provenance
  refused massif "$(printf 'desc: (none)\ncmd: %s\ntime_unit: i\n#-----------\nsnapshot=0\n#-----------\ntime=0\nmem_heap_B=0\nmem_heap_extra_B=0\nmem_stacks_B=0\nheap_tree=empty\n#-----------\nsnapshot=1\n#-----------\ntime=10\nmem_heap_B=500000\nmem_heap_extra_B=0\nmem_stacks_B=0\nheap_tree=peak\nn0: 500000 (heap allocation functions) malloc/new/new[], --alloc-fns, etc.\n' "$PROV_GROW" |
    forge massif-forged.out)" "$PROV_GROW" out/provenance
  refused massif "$(edit massif.out massif-edited.out '/^heap_tree=peak/,/^#/ s/^n\([0-9]*\): \([0-9]*\) (heap/n\1: 1\2 (heap/')" "$PROV_GROW" out/provenance
}

@test "ms_print's report is proven against ms_print run again on the same file; a hand-written or edited one is not" {
  proven output out/massif.txt ms_print out/massif.out
  refused output "$(printf 'Command: %s\nDetailed snapshots: [9 (peak)]\n' "$PROV_GROW" | forge massif-forged.txt)" ms_print out/massif.out
  refused output "$(edit massif.txt massif-edited.txt '/Command:/ s/grow 500/grow 5000/')" ms_print out/massif.out
}

# ---------------------------------------------------------------- thread dumps

@test "a thread dump is proven by its groups and by addresses that place the server's functions; a made-up or edited one is not" {
  proven thread-dump out/threads.txt "$ROOT/labs/bin/server"
  refused thread-dump "$(printf 'thread profile: total 3\n3 @ 0x55d0c0de1000 0x55d0c0de2000\n#\t0x55d0c0de1000\tleak_park+0x4c\n#\t0x55d0c0de2000\tmain+0x59e\n\n' | forge threads-forged.txt)" "$ROOT/labs/bin/server"
  refused thread-dump "$(edit threads.txt threads-count.txt '0,/^[0-9]* @/ s/^\([0-9]*\) @/1\1 @/')" "$ROOT/labs/bin/server"
  refused thread-dump "$(edit threads.txt threads-name.txt 's/\tleak_park+/\tmain+/')" "$ROOT/labs/bin/server"
}

# ---------------------------------------------------------------- uftrace

@test "a uftrace recording is proven by its command line, program and build ID; a made-up, cut or foreign one is not" {
  local cmd="uftrace record -d out/uftrace.data out/provenance-pg work 1000"
  proven uftrace-data out/uftrace.data out/provenance-pg "$cmd"
  mkdir -p out/forged.data && printf 'not a recording\n' >out/forged.data/info
  refused uftrace-data out/forged.data out/provenance-pg "$cmd"
  cp -r out/uftrace.data out/cut.data
  rm "$(ls out/cut.data/*.dat | grep -v perf | head -n 1)"
  refused uftrace-data out/cut.data out/provenance-pg "$cmd"
  refused uftrace-data out/uftrace.data out/provenance-pg "uftrace record -d out/uftrace.data --depth=1 out/provenance-pg work 1000"
  cp out/provenance-pg out/other-pg
  refused uftrace-data out/uftrace.data out/other-pg "$cmd"
  # The same program rebuilt (another build ID) since it was recorded; teardown puts the build back.
  cp -p out/provenance-pg out/provenance-pg.orig
  gcc -std=c11 -D_GNU_SOURCE -g -O2 -pg "$ROOT/checker/test/fixtures/provenance.c" -o out/provenance-pg -lpthread
  refused uftrace-data out/uftrace.data out/provenance-pg "$cmd"
}

@test "a filtered uftrace recording whose threads ran nothing it keeps is proven; without its main task's data it is not" {
  local cmd="uftrace record -F main -d out/filtered.data out/provenance-pg locks 1000 2"
  $cmd >/dev/null 2>&1
  [ "$(grep -c '^TASK' out/filtered.data/task.txt)" -gt "$(ls out/filtered.data/[0-9]*.dat | wc -l)" ]
  proven uftrace-data out/filtered.data out/provenance-pg "$cmd"
  rm "out/filtered.data/$(sed -n 's/^SESS .* pid=\([0-9]*\) .*/\1/p' out/filtered.data/task.txt).dat"
  refused uftrace-data out/filtered.data out/provenance-pg "$cmd"
}

@test "uftrace's views are proven against uftrace run again; a trace filtered with jq, an edited report or planted options are not" {
  proven uftrace-view out/trace.json out/uftrace.data dump --chrome
  proven uftrace-view out/report.txt out/uftrace.data report
  refused uftrace-view "$(jq -c '.traceEvents |= map(select(.name != "work"))' out/trace.json | forge trace-filtered.json)" out/uftrace.data dump --chrome
  refused uftrace-view "$(edit report.txt report-edited.txt 's/work/wor/')" out/uftrace.data report
  cp -r out/uftrace.data out/opts.data && echo '-N work' >out/opts.data/default.opts
  uftrace dump --chrome -d out/opts.data >out/trace-opts.json 2>/dev/null
  refused uftrace-view out/trace-opts.json out/opts.data dump --chrome
}

@test "a view the task dumped from a time-filtered recording is proven: the command line's filter is applied again" {
  local cmd="uftrace record --time-filter=1ms -d out/timed.data out/provenance-pg locks 1000 2000" try
  # The replay's filter (kept in default.opts) drops the short scheduler waits a busy run has;
  # a run without any is recorded again, so the two views differ and the proof has work to do.
  for try in 1 2 3 4 5; do
    rm -rf out/timed.data out/timed-plain.data && $cmd >/dev/null 2>&1
    cp -r out/timed.data out/timed-plain.data && rm out/timed-plain.data/default.opts
    uftrace dump --chrome -d out/timed.data >out/trace-timed.json 2>/dev/null
    uftrace dump --chrome -d out/timed-plain.data >out/trace-plain.json 2>/dev/null
    cmp -s out/trace-timed.json out/trace-plain.json || break
  done
  [ "$(cat out/timed.data/default.opts)" = "-t 1ms" ]
  run ! cmp -s out/trace-timed.json out/trace-plain.json
  proven uftrace-view out/trace-timed.json out/timed.data dump --chrome
  refused uftrace-view out/trace-plain.json out/timed.data dump --chrome
}

@test "the time filter is read from each spelling of the recording's command line, and only before its program" {
  local spelling
  for spelling in "-t 2ms" "-t2ms" "--time-filter=2ms" "--time-filter 2ms"; do
    rm -rf out/spelled.data && uftrace record $spelling -d out/spelled.data out/provenance-pg work 10 >/dev/null 2>&1
    [ "$(uftrace_record_time_filter out/spelled.data)" = 2ms ]
  done
  rm -rf out/spelled.data && uftrace record -d out/spelled.data out/provenance-pg work 10 >/dev/null 2>&1
  [ -z "$(uftrace_record_time_filter out/spelled.data)" ]
  rm -rf out/spelled.data && uftrace record -d out/spelled.data out/provenance-pg work 10 -t 3ms >/dev/null 2>&1
  [ -z "$(uftrace_record_time_filter out/spelled.data)" ]
}

# ---------------------------------------------------------------- benchmarks

@test "a benchmark's output is proven by the harness's format, this machine, its runs and its CPU profile; a typed or edited one is not" {
  proven bench out/bench.txt fixtures -n 1000000 -c out/bench.prof Alloc16
  refused bench "$(sed -e '5s/.*/BenchmarkAlloc16-2 1000000 300 ns\/op 1024 B\/op 16 allocs\/op/' out/bench.txt | forge bench-forged.txt)" fixtures -n 1000000 -c out/bench.prof Alloc16
  refused bench "$(edit bench.txt bench-ns.txt '5s/\t *[0-9.]* ns\/op/\t       1.000 ns\/op/')" fixtures -n 1000000 -c out/bench.prof Alloc16
  refused bench out/bench.txt other -n 1000000 Alloc16
  refused bench out/bench.txt fixtures -n 200 Alloc16
}

# ---------------------------------------------------------------- step 07: GC logs, the sweep, its plot and summary

@test "a Boehm GC log is proven by its numbered collections; a hand-written or cut one is not" {
  in_step "$W7"
  proven boehm-log out/gc-boehm-d8.log
  refused boehm-log "$(printf 'Number of processors: %s\nComplete collection took 1 ms 0 ns\n' "$(getconf _NPROCESSORS_ONLN)" | forge gc-forged.log)"
  refused boehm-log "$(edit gc-boehm-d8.log gc-cut.log '0,/^GC #2 freed/ { /^GC #2 freed/d }')"
}

@test "the sweep's CSV is proven by its GC logs and the checker's own runs; a typed or edited one is not" {
  in_step "$W7"
  local own="$BATS_FILE_TMPDIR/own7"
  [ -s "$own/own.csv" ] || ./sweep --only boehm-d8,glibc --requests 4000 --live-mb 2 --csv "$own/own.csv" --logs "$own" >/dev/null
  proven sweep out/sweep.csv "$own/own.csv" out gcstats.awk
  refused sweep "$(sed -n 1p out/sweep.csv | cat - <(printf 'boehm-d8,boehm,GC_FREE_SPACE_DIVISOR=8,9000,8000,1.0,20.0,900.0,50,10.0,1.00,8000,0,100\nglibc,malloc,,9000,9000,1.0,20.0,900.0,0,,,,,100\n') |
    forge sweep-forged.csv)" "$own/own.csv" out gcstats.awk
  refused sweep "$(awk -F, -v OFS=, '$1 == "glibc" { $4 = $4 * 2 } { print }' out/sweep.csv | forge sweep-rss.csv)" "$own/own.csv" out gcstats.awk
  refused sweep "$(awk -F, -v OFS=, '$1 == "boehm-d8" { $10 = $10 + 1 } { print }' out/sweep.csv | forge sweep-pause.csv)" "$own/own.csv" out gcstats.awk
}

@test "a plot is proven against gnuplot's own drawing of the same CSV; a PNG header or an edited SVG is not" {
  in_step "$W7"
  local own="$BATS_FILE_TMPDIR/plot7"
  mkdir -p "$own"
  gnuplot -e "csv='out/sweep.csv'; png='$own/tradeoff.png'; svg='$own/tradeoff.svg'" plot.gp
  proven derived out/tradeoff.png "$own/tradeoff.png"
  proven derived out/tradeoff.svg "$own/tradeoff.svg"
  refused derived "$(printf '\x89PNG\r\n\x1a\n' | forge tradeoff-forged.png)" "$own/tradeoff.png"
  refused derived "$(edit tradeoff.svg tradeoff-edited.svg 's/GC_FREE_SPACE_DIVISOR/GC_DIVISOR/')" "$own/tradeoff.svg"
}

@test "a summary is proven word for word against the checker's own reading, however padded; a short or edited one is not" {
  in_step "$W7"
  local own="$BATS_FILE_TMPDIR/gcstats7.txt" f
  for f in out/gc-boehm-*.log; do echo "${f#out/} $(awk -f gcstats.awk "$f")"; done >"$own"
  proven derived out/gcstats.txt "$own" words
  refused derived "$(printf 'gc-boehm-d8.log collections=1\n' | forge gcstats-forged.txt)" "$own" words
  refused derived "$(edit gcstats.txt gcstats-edited.txt 's/collections=\([0-9]*\)/collections=1\1/')" "$own" words
}

# ---------------------------------------------------------------- step 08: the collector, its windows and the run record

@test "a merged profile is proven byte for byte against profile-merge of its windows; one window or an edited merge is not" {
  in_step "$W8"
  local windows
  windows=$("$ROOT/tools/collector/windows" -d out/profiles/cpu paths "$(sed -n 's/^before: //p' out/run.txt)")
  # shellcheck disable=SC2086 # the window files, one a word
  proven merged-profile out/before.prof $windows
  cp "$(ls out/profiles/cpu/cpu_*.prof | tail -n 1)" out/one-window.prof
  # shellcheck disable=SC2086
  refused merged-profile out/one-window.prof $windows
  cp out/before.prof out/before-edited.prof
  printf '\x07' | dd of=out/before-edited.prof bs=1 seek=64 conv=notrunc 2>/dev/null
  # shellcheck disable=SC2086
  refused merged-profile out/before-edited.prof $windows
}

@test "the collector's log is proven by its numbered windows and the files it saved; a typed or edited one is not" {
  in_step "$W8"
  proven collector-log out/collector.log out/profiles
  refused collector-log "$(printf '2026/01/01 00:00:00 collect: collecting from http://127.0.0.1:1 into %s: CPU windows of 1 s every 1 s, keeping 5\n2026/01/01 00:00:05 collect: stopped by SIGTERM: saved 0 CPU and 0 heap profiles in x\n' "$(realpath out/profiles)" |
    forge collector-forged.log)" out/profiles
  # the last window it saved (still there: the oldest are rotated away) with another sample count
  refused collector-log "$(awk -v last="$(grep -n ' samples)$' out/collector.log | tail -n 1 | cut -d: -f1)" \
    'NR == last { sub(/, [0-9]+ samples\)$/, ", 1" substr($0, match($0, /[0-9]+ samples\)$/))) } { print }' out/collector.log | forge collector-edited.log)" out/profiles
}

@test "the scenario's run record is proven by the server's and the collector's logs and the windows; a typed or edited one is not" {
  in_step "$W8"
  local logs=(out/server.log out/collector.log out/profiles/cpu)
  proven scenario-record out/run.txt "${logs[@]}"
  refused scenario-record "$(printf 'seed_sha256: %064d\nwindow_sec: 1\nkeep: 5\nrelease: 20260101-000000\nbefore: 20260101-000000..20260101-000001\nafter: 20260101-000002..20260101-000003\n' 0 |
    forge run-forged.txt)" "${logs[@]}"
  refused scenario-record "$(edit run.txt run-window.txt 's/^window_sec: .*/window_sec: 7/')" "${logs[@]}"
  refused scenario-record "$(edit run.txt run-keep.txt 's/^keep: .*/keep: 99/')" "${logs[@]}"
  refused scenario-record "$(edit run.txt run-extra.txt '$a truth_sha256: 0')" "${logs[@]}"
}

# ---------------------------------------------------------------- the assertion

@test "a missing artifact is the usual missing-file failure, and an unknown kind is a usage error" {
  run --separate-stderr assert_from_task pprof out/no-such.txt --text out/profiles out/cpu.prof
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"no such file (or it is empty): run make step-9 first"* ]]
  run --separate-stderr assert_from_task no-such-kind out/top.txt
  [ "$status" -eq 2 ]
}

# ---------------------------------------------------------------- the cache of readings and verdicts

@test "a verdict is keyed by content: an artifact edited in place, its size and time kept, is judged again" {
  cp -p out/top.txt out/top-inplace.txt
  proven pprof out/top-inplace.txt --text out/profiles out/cpu.prof
  printf 'X' | dd of=out/top-inplace.txt bs=1 seek="$(grep -bo samples out/top-inplace.txt | head -n 1 | cut -d: -f1)" conv=notrunc status=none
  touch -r out/top.txt out/top-inplace.txt
  refused pprof out/top-inplace.txt --text out/profiles out/cpu.prof
}

@test "google-pprof's reading is shared through READINGS_CACHE: a copy of the same profile reuses it, an edited one does not" {
  export READINGS_CACHE="$BATS_TEST_TMPDIR/readings"
  cp out/cpu.prof out/cpu-shared.prof
  run -0 pprof_cached --text out/profiles out/cpu-shared.prof
  local first="$output" key
  key=$(readings_key --text out/profiles out/cpu-shared.prof)
  cp out/cpu.prof out/cpu-copy.prof && mv -f out/cpu-copy.prof out/cpu-shared.prof
  run -0 pprof_cached --text out/profiles out/cpu-shared.prof
  [ "$output" = "$first" ]
  run -0 find "$READINGS_CACHE" -name 'pprof-*'
  [ "${#lines[@]}" -eq 1 ]
  printf '\0' >>out/cpu-shared.prof
  [ "$(readings_key --text out/profiles out/cpu-shared.prof)" != "$key" ]
}

@test "a learner's make check keeps its readings in .learner/readings; the grader's and the self-test's tools get none of it" {
  run -0 env -u READINGS_CACHE WORKBOOK_TOOL_ENV="$ROOT/.learner/tools" bash -c '. "$1/lib/readings.sh" && echo "$READINGS_CACHE"' _ "$ROOT"
  [ "$output" = "$ROOT/.learner/readings" ]
  run -0 env -u READINGS_CACHE WORKBOOK_TOOL_ENV=/tmp/checker-tools bash -c '. "$1/lib/readings.sh" && echo "${READINGS_CACHE:-unset}"' _ "$ROOT"
  [ "$output" = unset ]
}
