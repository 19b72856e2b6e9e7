#!/usr/bin/env bats
# The helper library's own tests: each assertion passes on the right input and
# fails, with expected/found/hint lines, on the wrong one.

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  make -s -C "$root/tools" >/dev/null
  gcc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -g -O1 -fno-omit-frame-pointer \
    "$BATS_TEST_DIRNAME/fixtures/profiles.c" -o "$BATS_FILE_TMPDIR/profiles" -Wl,--no-as-needed -ltcmalloc_and_profiler
  (cd "$BATS_FILE_TMPDIR" && ./profiles cpu cpu.prof && ./profiles contention contention.prof) 2>/dev/null
}

setup() {
  load ../checker
  FIX="$BATS_FILE_TMPDIR"
  STEP=7
  STEP_DIR="$BATS_TEST_TMPDIR"
  cat >"$STEP_DIR/answers.md" <<'EOF'
Which function?
hottest: `spin`
share: 97.5 %
empty:
  indented: yes
EOF
}

@test "answer reads the text after the key, without backticks or a percent sign" {
  [ "$(answer hottest)" = spin ]
  [ "$(answer share)" = 97.5 ]
  [ "$(answer indented)" = yes ]
  [ -z "$(answer empty)" ]
  [ -z "$(answer missing)" ]
}

@test "assert_answer_is passes on the right answer and fails without revealing it" {
  assert_answer_is hottest spin "the top function" "a profile"
  run assert_answer_is hottest main "the top function" "a profile"
  assert_failure
  assert_output --partial "expected: hottest: the top function (read from a profile)"
  assert_output --partial "found:    hottest: spin"
  assert_output --partial "hint:     make hint STEP=7"
  refute_output --partial "main"
}

@test "assert_answer_is fails on an empty answer and on an empty reading" {
  run assert_answer_is empty spin "x" "y"
  assert_failure
  assert_output --partial "<no answer yet in answers.md>"
  run assert_answer_is hottest "" "x" "a broken profile"
  assert_failure
  assert_output --partial "could not read it"
}

@test "assert_answer_near accepts answers inside the tolerance and says too high or too low" {
  assert_answer_near share 100 3 "a share" "a profile"
  run assert_answer_near share 90 3 "a share" "a profile"
  assert_failure
  assert_output --partial "(too high)"
  refute_output --partial "90"
  run assert_answer_near share 101 3 "a share" "a profile"
  assert_failure
  assert_output --partial "(too low)"
  run assert_answer_near hottest 1 3 "a share" "a profile"
  assert_failure
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
