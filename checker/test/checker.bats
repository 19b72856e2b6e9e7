#!/usr/bin/env bats
# The helper library's own tests: each assertion passes on the right input and
# fails, with expected/found/hint lines, on the wrong one (the answer assertions
# are tested in answers.bats).

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  make -s -C "$root/tools" >/dev/null
  load fixtures/profiles
  make_fixture_profiles "$BATS_FILE_TMPDIR" cpu contention
}

setup() {
  load ../checker
  FIX="$BATS_FILE_TMPDIR"
  STEP=7
  STEP_DIR="$BATS_TEST_TMPDIR"
}

@test "assert_ratio_at_least passes at the threshold and fails below it with the ratio" {
  assert_ratio_at_least 3000 1000 3 "instructions"
  run assert_ratio_at_least 2900 1000 3 "instructions"
  assert_failure
  assert_output --partial "found:    2.9x (2900 before, 1000 after)"
}

@test "top_function, flat_percent and top_caller read a real CPU profile" {
  [ "$(top_function "$FIX/profiles" "$FIX/cpu.prof")" = spin ]
  awk -v p="$(flat_percent "$FIX/profiles" "$FIX/cpu.prof" spin)" 'BEGIN { exit !(p > 80) }'
  [ "$(flat_percent "$FIX/profiles" "$FIX/cpu.prof" no_such_function)" = 0 ]
  [ "$(top_caller "$FIX/profiles" "$FIX/cpu.prof" spin)" = phase_one ]
}

@test "assert_function_dominates fails when another function is on top" {
  assert_function_dominates "$FIX/profiles" "$FIX/cpu.prof" spin 80
  run assert_function_dominates "$FIX/profiles" "$FIX/cpu.prof" main 80
  assert_failure
  assert_output --partial "spin on top"
}

@test "assert_genuine_profile fails on the wrong kind and on a missing file" {
  assert_genuine_profile contention "$FIX/contention.prof" "$FIX/profiles" 1
  run assert_genuine_profile cpu "$FIX/contention.prof" "$FIX/profiles" 1
  assert_failure
  assert_output --partial "expected a cpu profile, found a contention profile"
  run assert_genuine_profile cpu "$FIX/nothing.prof" "$FIX/profiles" 1
  assert_failure
  assert_output --partial "run make step-7 first"
}

@test "instructions counts string work the same every run (alignment-sensitive strlen)" {
  printf '%s\n' '#include <stdlib.h>' '#include <string.h>' \
    '__attribute__((noinline)) size_t measure(const char *s) { return strlen(s); }' \
    'int main(void) { return (int)(measure(getenv("TEXT")) & 1); }' >"$BATS_TEST_TMPDIR/strlen.c"
  gcc -O1 -g "$BATS_TEST_TMPDIR/strlen.c" -o "$BATS_TEST_TMPDIR/strlen"
  local counts="" i
  for i in 1 2 3 4; do counts="$counts $(instructions measure TEXT=abcdefghijklmnopqrstuvwxyz0123456789 -- "$BATS_TEST_TMPDIR/strlen")"; done
  [ "$(tr ' ' '\n' <<<"$counts" | sed '/^$/d' | sort -u | wc -l)" -eq 1 ] || { echo "counts differ:$counts" >&2; return 1; }
}

@test "instructions gives the same count twice and counts only inside the named function" {
  local a b
  a=$(instructions spin "$FIX/profiles" contention "$BATS_TEST_TMPDIR/c1")
  b=$(instructions spin "$FIX/profiles" contention "$BATS_TEST_TMPDIR/c2")
  [ "$a" = "$b" ]
  # write_contention never calls spin: nothing is counted.
  [ "${a:-0}" -eq 0 ]
  a=$(instructions main "$FIX/profiles" contention "$BATS_TEST_TMPDIR/c3")
  [ "$a" -gt 1000 ]
}

# A small trace-event file shaped like uftrace's: two workers, the second waits in
# "lock" (with a kernel event inside) while the first runs "work".
write_trace() {
  cat >"$1" <<'JSON'
{"traceEvents":[
{"ts":0,"ph":"M","pid":10,"name":"process_name","args":{"name":"[10] t"}},
{"ts":100.0,"ph":"B","pid":10,"name":"main"},
{"ts":101.0,"ph":"B","pid":10,"tid":11,"name":"worker"},
{"ts":102.0,"ph":"B","pid":10,"tid":11,"name":"update"},
{"ts":103.0,"ph":"B","pid":10,"tid":11,"name":"lock"},
{"ts":103.5,"ph":"E","pid":10,"tid":11,"name":"lock"},
{"ts":104.0,"ph":"B","pid":10,"tid":12,"name":"worker"},
{"ts":104.5,"ph":"B","pid":10,"tid":12,"name":"update"},
{"ts":105.0,"ph":"B","pid":10,"tid":12,"name":"lock"},
{"ts":105.5,"ph":"B","pid":10,"tid":12,"name":"linux:schedule"},
{"ts":106.0,"ph":"B","pid":10,"tid":11,"name":"work"},
{"ts":110.0,"ph":"E","pid":10,"tid":11,"name":"work"},
{"ts":110.2,"ph":"E","pid":10,"tid":11,"name":"update"},
{"ts":111.0,"ph":"E","pid":10,"tid":12,"name":"linux:schedule"},
{"ts":111.5,"ph":"E","pid":10,"tid":12,"name":"lock"},
{"ts":112.0,"ph":"E","pid":10,"tid":12,"name":"update"},
{"ts":113.0,"ph":"E","pid":10,"tid":12,"name":"worker"},
{"ts":113.5,"ph":"E","pid":10,"tid":11,"name":"worker"},
{"ts":114.0,"ph":"E","pid":10,"name":"main"}
], "displayTimeUnit": "ns", "metadata": {"version":"uftrace v0.13 ( x86_64 )"}}
JSON
}

@test "assert_genuine_trace accepts a real uftrace trace and names what is wrong with others" {
  local dir="$BATS_TEST_TMPDIR"
  printf '#include <stdio.h>\nstatic int twice(int x) { return 2 * x; }\nint main(void) { printf("%%d\\n", twice(21)); return 0; }\n' >"$dir/t.c"
  gcc -pg -O0 "$dir/t.c" -o "$dir/t"
  (cd "$dir" && uftrace record -d t.data ./t >/dev/null && uftrace dump -d t.data --chrome >real.json)
  assert_genuine_trace "$dir/real.json"
  [ "$(trace_calls "$dir/real.json" twice)" = 1 ]
  [ "$(trace_caller "$dir/real.json" twice)" = main ]
  head -c 200 "$dir/real.json" >"$dir/cut.json"
  run assert_genuine_trace "$dir/cut.json"
  assert_failure
  assert_output --partial "expected: "
  assert_output --partial "a Chrome trace-event file from uftrace dump --chrome"
  echo '[1, 2]' >"$dir/array.json"
  run assert_genuine_trace "$dir/array.json"
  assert_output --partial "found:    a JSON array, not a trace-event object"
  echo '{"traceEvents": [{"ph": "B", "ts": 1, "pid": 1, "name": "f"}]}' >"$dir/other.json"
  run assert_genuine_trace "$dir/other.json"
  assert_output --partial "not written by uftrace"
  echo '{"traceEvents": [{"ph": "M", "ts": 0, "pid": 1, "name": "x"}], "metadata": {"version": "uftrace v0.13"}}' >"$dir/empty.json"
  run assert_genuine_trace "$dir/empty.json"
  assert_output --partial "no call events"
  run assert_genuine_trace "$dir/missing.json"
  assert_output --partial "run make step-7 first"
}

@test "trace_calls, trace_threads, trace_durations and trace_longest read calls per thread" {
  write_trace "$BATS_TEST_TMPDIR/t.json"
  local t="$BATS_TEST_TMPDIR/t.json"
  [ "$(trace_event_count "$t")" = 18 ]
  [ "$(trace_calls "$t" lock)" = 2 ]
  [ "$(trace_calls "$t" nothing)" = 0 ]
  [ "$(trace_threads "$t")" = 3 ]
  [ "$(trace_threads "$t" lock)" = 2 ]
  [ "$(trace_durations "$t" lock)" = "$(printf '11 103.000 0.500\n12 105.000 6.500')" ]
  [ "$(trace_longest "$t" lock)" = "12 105.000 6.500" ]
  [ "$(trace_mean_ms "$t" work)" = 0.004 ]
  [ -z "$(trace_mean_ms "$t" nothing)" ]
}

@test "trace_caller and trace_stacks_at follow each thread's nesting and skip kernel events" {
  write_trace "$BATS_TEST_TMPDIR/t.json"
  local t="$BATS_TEST_TMPDIR/t.json"
  [ "$(trace_caller "$t" lock)" = update ]
  [ "$(trace_caller "$t" worker)" = "" ]
  run trace_stacks_at "$t" 108
  assert_success
  assert_line "$(printf '10\tmain')"
  assert_line "$(printf '11\tworker;update;work')"
  assert_line "$(printf '12\tworker;update;lock')"
  [ "${#lines[@]}" = 3 ]
  run trace_stacks_at "$t" 113.2
  assert_line "$(printf '11\tworker')"
  refute_line --partial "12"
}

# ---------------------------------------------------------------- heap, massif, memcheck helpers

# Compiles a program that leaks 10 blocks of 100 bytes and keeps 3 of 1000 in a global.
compile_leaker() {
  printf '%s\n' '#include <stdlib.h>' 'void *volatile kept[3]; void *volatile last;' \
    'int main(void) { for (int i = 0; i < 10; i++) last = malloc(100); last = 0;' \
    '  for (int i = 0; i < 3; i++) kept[i] = malloc(1000); return 0; }' >"$BATS_TEST_TMPDIR/leaker.c"
  gcc -O0 -g "$BATS_TEST_TMPDIR/leaker.c" -o "$BATS_TEST_TMPDIR/leaker"
}

@test "pprof_heap_total reads the Total line of each heap view" {
  (cd "$BATS_TEST_TMPDIR" && "$FIX/profiles" heap heap.prof) 2>/dev/null
  # The fixture keeps 50 of 100 blocks of 4 KiB.
  [ "$(pprof_heap_total "$FIX/profiles" "$BATS_TEST_TMPDIR/heap.prof" inuse_objects)" -ge 50 ]
  [ "$(pprof_heap_total "$FIX/profiles" "$BATS_TEST_TMPDIR/heap.prof" alloc_objects)" -ge 100 ]
  awk -v m="$(pprof_heap_total "$FIX/profiles" "$BATS_TEST_TMPDIR/heap.prof" alloc_space)" 'BEGIN { exit !(m >= 0.3) }'
  run pprof_heap_total "$FIX/profiles" "$FIX/nothing.prof" inuse_space
  assert_failure
}

@test "massif_peak_bytes reads the peak of a real massif file and refuses other files" {
  valgrind --tool=massif --massif-out-file="$BATS_TEST_TMPDIR/massif.out" "$FIX/profiles" heap "$BATS_TEST_TMPDIR/h.prof" >/dev/null 2>&1
  local peak; peak=$(massif_peak_bytes "$BATS_TEST_TMPDIR/massif.out")
  # At least the 50 kept blocks of 4 KiB, at most all 100 and a 1 MiB allowance.
  [ "$peak" -ge $((50 * 4096)) ] && [ "$peak" -le $((100 * 4096 + 1048576)) ] || { echo "peak $peak" >&2; return 1; }
  run massif_peak_bytes "$FIX/cpu.prof"
  assert_failure
}

@test "memcheck_bytes tells definitely lost from still reachable, and refuses other logs" {
  compile_leaker
  valgrind --leak-check=full --log-file="$BATS_TEST_TMPDIR/mc.txt" "$BATS_TEST_TMPDIR/leaker"
  [ "$(memcheck_bytes "$BATS_TEST_TMPDIR/mc.txt" "definitely lost")" = 1000 ]
  [ "$(memcheck_bytes "$BATS_TEST_TMPDIR/mc.txt" "still reachable")" = 3000 ]
  [ "$(memcheck_bytes "$BATS_TEST_TMPDIR/mc.txt" "possibly lost")" = 0 ]
  echo "not a valgrind log" >"$BATS_TEST_TMPDIR/other.txt"
  run memcheck_bytes "$BATS_TEST_TMPDIR/other.txt" "definitely lost"
  assert_failure
}

@test "assert_preloaded_profile wants the library in the map but not in the binary" {
  # The fixture links gperftools (libtcmalloc_and_profiler) itself: nothing was preloaded.
  run assert_preloaded_profile cpu "$FIX/cpu.prof" "$FIX/profiles" libtcmalloc
  assert_failure
  assert_output --partial "built without linking libtcmalloc"
  compile_leaker
  LD_PRELOAD="$(gcc -print-file-name=libprofiler.so.0)" CPUPROFILE="$BATS_TEST_TMPDIR/l.prof" "$BATS_TEST_TMPDIR/leaker" 2>/dev/null
  [ -s "$BATS_TEST_TMPDIR/l.prof" ] || skip "the leaker ran too briefly for a CPU profile file"
  assert_preloaded_profile cpu "$BATS_TEST_TMPDIR/l.prof" "$BATS_TEST_TMPDIR/leaker" libprofiler
  run assert_preloaded_profile cpu "$BATS_TEST_TMPDIR/l.prof" "$BATS_TEST_TMPDIR/leaker" libtcmalloc
  assert_failure
  assert_output --partial "libtcmalloc in the profile's memory map"
}

@test "csv_value finds a row by its first field and a column by its header name" {
  printf 'point,peak_rss_kb,collections\nboehm-d1,25000,85\nboehm-d8,13700,907\n' >"$BATS_TEST_TMPDIR/s.csv"
  [ "$(csv_value "$BATS_TEST_TMPDIR/s.csv" boehm-d8 collections)" = 907 ]
  [ "$(csv_value "$BATS_TEST_TMPDIR/s.csv" boehm-d1 peak_rss_kb)" = 25000 ]
  [ -z "$(csv_value "$BATS_TEST_TMPDIR/s.csv" boehm-d2 collections)" ]
  [ -z "$(csv_value "$BATS_TEST_TMPDIR/s.csv" boehm-d1 no_such_column)" ]
  # The header row is never a data row.
  [ -z "$(csv_value "$BATS_TEST_TMPDIR/s.csv" point collections)" ]
}

@test "assert_refuses_args fails on exit 0, on two lines and on a missing prefix" {
  printf '#!/bin/sh\ncase "$1" in ok) exit 0;; two) echo "p: a" >&2; echo "p: b" >&2; exit 2;; other) echo "q: x" >&2; exit 2;; *) echo "p: bad" >&2; exit 2;; esac\n' >"$BATS_TEST_TMPDIR/prog"
  chmod +x "$BATS_TEST_TMPDIR/prog"
  assert_refuses_args p "$BATS_TEST_TMPDIR/prog" -- "bad" "worse one"
  run assert_refuses_args p "$BATS_TEST_TMPDIR/prog" -- ok
  assert_failure
  run assert_refuses_args p "$BATS_TEST_TMPDIR/prog" -- two
  assert_failure
  run assert_refuses_args p "$BATS_TEST_TMPDIR/prog" -- other
  assert_failure
}

@test "tap_results reads bats' TAP: status, name, and a failure's explanation without location lines" {
  . "$ROOT/lib/tap.sh"
  printf '%s\n' '1..3' 'ok 1 first passes' 'not ok 2 second fails' '# (in test file check.bats, line 9)' \
    "#   \`check_fail x y' failed" '# expected: a' '# found:    b' 'ok 3 third # skip no go' >"$BATS_TEST_TMPDIR/t.tap"
  run -0 tap_results "$BATS_TEST_TMPDIR/t.tap"
  [ "${#lines[@]}" -eq 3 ]
  [ "${lines[0]}" = "$(printf 'pass\tfirst passes\t')" ]
  [ "${lines[1]}" = "$(printf 'fail\tsecond fails\texpected: a\037found:    b')" ]
  [ "${lines[2]}" = "$(printf 'skip\tthird\tno go')" ]
}
