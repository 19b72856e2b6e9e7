#!/usr/bin/env bats
# The benchmark harness's own tests (labs/bench): Go-format lines, exact
# iteration counts, allocation counting, profiles, and one-line errors.

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  make -s -C "$root/labs" bin/bench >/dev/null
  make -s -C "$root/tools" >/dev/null
}

setup() {
  load ../checker
  BENCH="$ROOT/labs/bench"
}

@test "a benchmark prints a Go-format line with the exact count asked by -benchtime Nx" {
  run -0 "$BENCH" -bench Alloc16 -benchtime 250x
  assert_line --regexp '^BenchmarkAlloc16(-[0-9]+)?[[:space:]]+250[[:space:]]+[0-9.]+ ns/op[[:space:]]+1024 B/op[[:space:]]+16 allocs/op$'
  assert_line PASS
}

@test "a benchmark that does not allocate reports 0 B/op and 0 allocs/op" {
  run -0 "$BENCH" -bench BurnCPU -benchtime 3x
  assert_line --regexp "^BenchmarkBurnCPU.*[[:space:]]0 B/op[[:space:]]+0 allocs/op$"
}

@test "-count repeats the benchmark and -benchtime as a duration scales the iterations" {
  run -0 "$BENCH" -bench Alloc16 -benchtime 50ms -count 3
  [ "$(grep -c '^BenchmarkAlloc16' <<<"$output")" -eq 3 ]
  # 50 ms of a sub-microsecond operation needs many thousands of iterations.
  local n; n=$(awk '/^BenchmarkAlloc16/ { print $2; exit }' <<<"$output")
  [ "$n" -gt 1000 ]
}

@test "-cpuprofile writes a genuine CPU profile of the harness" {
  # A fixed amount of work (not of time), so a busy machine still gives the samples.
  run -0 "$BENCH" -bench BurnCPU -benchtime 40x -cpuprofile "$BATS_TEST_TMPDIR/cpu.prof"
  run -0 "$INSPECT" --kind cpu --binary "$ROOT/labs/bin/bench" --min-samples 5 "$BATS_TEST_TMPDIR/cpu.prof"
}

@test "-memprofile writes a heap profile that counts the benchmark's allocations" {
  run -0 "$BENCH" -bench Alloc16 -benchtime 1000x -memprofile "$BATS_TEST_TMPDIR/heap.prof"
  run -0 "$INSPECT" --kind heap --binary "$ROOT/labs/bin/bench" "$BATS_TEST_TMPDIR/heap.prof"
  # The 1 warm-up run and the 1000 measured runs: 1001 x 16 blocks.
  local allocs; allocs=$(google-pprof --text --alloc_objects "$ROOT/labs/bin/bench" "$BATS_TEST_TMPDIR/heap.prof" 2>/dev/null | awk '$6 == "bench_alloc16" { print $1 }')
  [ "$allocs" -eq 16016 ]
}

@test "bad flags and values get one line on stderr and exit 2" {
  assert_refuses_args bench "$BENCH" -- "-benchtime bogus" "-benchtime 0s" "-benchtime -1x" "-count 0" "-count many" \
    "-nosuch" "-bench (" "-cpuprofile" "stray" "-list=yes"
}

@test "a pattern that matches nothing says so and exits 1" {
  run --separate-stderr "$BENCH" -bench NoSuchBenchmark
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"no benchmark matches"* ]]
}

@test "interleave alternates the two commands and prints medians, the ratio A/B and each side's spread" {
  run -0 "$ROOT/lib/interleave" -k 4 -w 0 -m 'v: ([0-9]+)' -n before,after 'echo v: 30' 'echo v: 10'
  assert_line "median before: 30"
  assert_line "median after: 10"
  assert_line "ratio before/after: 3.000"
  assert_line "summary: A=30 B=10 A/B=3.000 spread_A=0% spread_B=0%"
}

@test "ratio_of is A/B, the one direction; a B of 0 counts as 1; spread_percent is half the range over the median" {
  . "$ROOT/lib/ratio.sh"
  [ "$(ratio_of 40388073 2692)" = "15002.999" ]
  [ "$(ratio_of 5 0)" = "5.000" ]
  [ "$(spread_percent 90 100 110)" = 10 ]
}
