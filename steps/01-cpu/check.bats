#!/usr/bin/env bats
# Step 01 checks: the CPU profiles are genuine, the reports were made from them,
# and your answers agree with the checker's own reading of your profiles.
load ../../checker/checker

setup_file() {
  step_setup_file
  # The task's fib operations (how many follows your variant), from the step's Makefile (once per file: each make costs 60 ms of CPU).
  export FIB_OPS
  FIB_OPS=$(cd "$BATS_TEST_DIRNAME" && make -s --no-print-directory print-FIB_OPS)
}
setup() { step_setup 1; }

# Fails unless out/callgrind.out is the task's callgrind run (counted again by the checker).
callgrind_from_task() {
  assert_from_task callgrind out/callgrind.out bench_fib out/bench -bench '^Fib$' -benchtime 1x
}

@test "the benchmark printed a Go-format line for BenchmarkFib" {
  assert_from_task bench out/bench.txt steps/01-cpu -n "$FIB_OPS" -c out/cpu.prof Fib
  run grep -E '^BenchmarkFib(-[0-9]+)?[[:space:]]+[0-9]+[[:space:]]+[0-9.]+ ns/op[[:space:]]+[0-9]+ B/op[[:space:]]+[0-9]+ allocs/op$' out/bench.txt
  [ "$status" -eq 0 ] || check_fail "a line like 'BenchmarkFib-2  195  6004256 ns/op  0 B/op  0 allocs/op'" "$(head -c 300 out/bench.txt)"
}

@test "out/cpu.prof is a genuine CPU profile of out/bench with at least 100 samples" {
  assert_genuine_profile cpu out/cpu.prof out/bench 100
}

@test "fib is the hottest function in out/cpu.prof, and with its caller holds at least 90% of the flat samples" {
  need_artifact out/cpu.prof
  # The caller's own work (your variant's function between bench_fib and fib, if any) counts with fib.
  local caller_flat
  caller_flat=$(flat_percent out/bench out/cpu.prof "$(top_caller out/bench out/cpu.prof fib)")
  assert_function_dominates out/bench out/cpu.prof fib "$(awk -v c="$caller_flat" 'BEGIN { print 90 - c }')"
}

@test "out/burn.prof was taken from out/burn_cpu through the preloaded libprofiler" {
  assert_preloaded_profile cpu out/burn.prof out/burn_cpu libprofiler 50
}

@test "the text reports were made from out/cpu.prof" {
  assert_from_task pprof out/top.txt --text out/bench out/cpu.prof
  assert_from_task pprof out/top-cum.txt --text --cum out/bench out/cpu.prof
  assert_from_task pprof-listing out/list-fib.txt fib out/bench out/cpu.prof
  assert_from_task pprof out/burn-top.txt --text out/burn_cpu out/burn.prof
}

@test "the call graphs are a real SVG and a real PNG" {
  assert_from_task pprof out/cpu.svg --svg out/bench out/cpu.prof
  assert_from_task pprof-graph out/cpu.png png out/bench out/cpu.prof
  grep -q '>fib<' out/cpu.svg || check_fail "a node for fib in out/cpu.svg" "no fib node"
}

@test "callgrind counted the instructions of one benchmark operation inside bench_fib" {
  callgrind_from_task
  grep -q '^cmd: .*out/bench .*-benchtime 1x' out/callgrind.out ||
    check_fail "a callgrind run of out/bench -benchtime 1x" "$(grep '^cmd:' out/callgrind.out)"
  local total
  total=$(callgrind_total out/callgrind.out)
  [ "${total:-0}" -gt 1000000 ] || check_fail "millions of instructions in out/callgrind.out" "${total:-none}"
}

# bats test_tags=starter-fails
@test "answer hottest names the function with the largest flat share" {
  need_artifact out/cpu.prof
  assert_answer_is hottest function "$(top_function out/bench out/cpu.prof)" "the top row's function" "google-pprof --text out/bench out/cpu.prof"
}

# bats test_tags=starter-fails
@test "answer fib_flat_percent is within 3 points of fib's flat share" {
  need_artifact out/cpu.prof
  assert_answer_near fib_flat_percent percent "$(flat_percent out/bench out/cpu.prof fib)" 3 "fib's flat%" "google-pprof --text out/bench out/cpu.prof"
}

# bats test_tags=starter-fails
@test "answer fib_caller names the function that calls fib" {
  need_artifact out/cpu.prof
  assert_answer_is fib_caller function "$(top_caller out/bench out/cpu.prof fib)" "the function just above fib in its stacks" "out/cpu.prof"
}

# bats test_tags=starter-fails
@test "answer burn_hottest names the burner's hottest function" {
  need_artifact out/burn.prof
  assert_answer_is burn_hottest function "$(top_function out/burn_cpu out/burn.prof)" "the top row's function" "google-pprof --text out/burn_cpu out/burn.prof"
}

# bats test_tags=starter-fails
@test "answer fib_instructions_millions is within 2% of callgrind's count" {
  callgrind_from_task
  local millions
  millions=$(awk -v t="$(callgrind_total out/callgrind.out)" 'BEGIN { printf "%.2f", t / 1e6 }')
  assert_answer_near_percent fib_instructions_millions millions "$millions" 2 "callgrind's total in millions" "out/callgrind.out"
}
