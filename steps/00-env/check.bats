#!/usr/bin/env bats
# Step 00 checks: every tool the workbook uses is installed and works, and the
# hello profile went through the whole chain.
load ../../checker/checker

setup_file() { step_setup_file; }
setup() { step_setup 0; }

@test "every tool the workbook needs is installed" {
  run "$ROOT/scripts/deps" --check
  [ "$status" -eq 0 ] || check_fail "ok for every row of scripts/deps --check" "$(grep missing <<<"$output" | tr -s ' ' | tr '\n' ';')"
}

@test "gcc compiles and links against libprofiler" {
  [ -x out/hello ] || check_fail "out/hello built by make step-0" "no out/hello: run make step-0"
  readelf -d out/hello | grep -q 'NEEDED.*libprofiler' || check_fail "out/hello linked with libprofiler" "no libprofiler in its NEEDED entries"
}

@test "out/hello.prof is a genuine CPU profile of out/hello with at least 20 samples" {
  assert_genuine_profile cpu out/hello.prof out/hello 20
}

@test "google-pprof finds is_prime on top of the hello profile" {
  assert_from_task pprof out/hello-top.txt --text out/hello out/hello.prof
  [[ "$(top_function out/hello out/hello.prof)" == is_prime* ]] ||
    check_fail "is_prime on top of google-pprof --text" "$(top_function out/hello out/hello.prof)"
}

@test "graphviz rendered the call graph to SVG" {
  assert_from_task pprof-graph out/hello.svg svg --no-legend out/hello out/hello.prof
  grep -q 'is_prime' out/hello.svg || check_fail "an SVG with an is_prime node in out/hello.svg" "$(head -c 120 out/hello.svg)"
}

@test "valgrind runs a program to the end" {
  run valgrind --tool=none --error-exitcode=3 out/hello 1000
  [ "$status" -eq 0 ] || check_fail "valgrind to run out/hello 1000" "exit $status: ${output: -200}"
}
