#!/usr/bin/env bats
# The one reader of bats' TAP stream (lib/tap.sh): as make check and the
# self-test read it, and strictly, against the checks a check.bats declares,
# as the grader reads it (a stream that cannot be trusted is void).

bats_require_minimum_version 1.5.0

setup() {
  load ../checker
  . "$ROOT/lib/tap.sh"
}

# Writes the expected names and a TAP report for three checks.
three_checks() {
  printf 'first check\nsecond check\nthird check\n' >"$BATS_TEST_TMPDIR/names"
  cat >"$BATS_TEST_TMPDIR/tap" <<'EOF'
1..3
ok 1 first check
not ok 2 second check
# (in test file check.bats, line 12)
#   `assert_answer_is x y' failed
# expected: x: the top row's function
# found:    x: <no answer yet in answers.md>
# hint:     make hint STEP=1
ok 3 third check # skip (no Go here)
EOF
}

@test "tap_results reads bats' report: pass, fail with its message, skip" {
  three_checks
  run -0 tap_results "$BATS_TEST_TMPDIR/tap" "$BATS_TEST_TMPDIR/names" 1
  assert_line "pass	first check	"
  assert_line "$(printf 'fail\tsecond check\texpected: x: the top row\047s function\037found:    x: <no answer yet in answers.md>\037hint:     make hint STEP=1')"
  assert_line "skip	third check	(no Go here)"
  assert_line "verdict	ok"
}

@test "tap_results voids a report with an injected, repeated, missing or renamed result, or a lying status" {
  three_checks
  cp "$BATS_TEST_TMPDIR/tap" "$BATS_TEST_TMPDIR/good"
  sed '2a ok 2 second check' "$BATS_TEST_TMPDIR/good" >"$BATS_TEST_TMPDIR/tap"
  run -0 tap_results "$BATS_TEST_TMPDIR/tap" "$BATS_TEST_TMPDIR/names" 1
  assert_line --regexp '^verdict	void	check 2 where check 3 was due'
  sed '/^ok 3/d' "$BATS_TEST_TMPDIR/good" >"$BATS_TEST_TMPDIR/tap"
  run -0 tap_results "$BATS_TEST_TMPDIR/tap" "$BATS_TEST_TMPDIR/names" 1
  assert_line "verdict	void	the report has 2 results for 3 checks"
  sed 's/^ok 1 first check/ok 1 free points/' "$BATS_TEST_TMPDIR/good" >"$BATS_TEST_TMPDIR/tap"
  run -0 tap_results "$BATS_TEST_TMPDIR/tap" "$BATS_TEST_TMPDIR/names" 1
  assert_line --partial 'check 1 is named "free points"'
  run -0 tap_results "$BATS_TEST_TMPDIR/good" "$BATS_TEST_TMPDIR/names" 0
  assert_line "verdict	void	bats exited with status 0 after 1 failures"
  printf '1..3\nok 1 first check\n' >"$BATS_TEST_TMPDIR/tap"
  run -0 tap_results "$BATS_TEST_TMPDIR/tap" "$BATS_TEST_TMPDIR/names" 137
  assert_line --regexp '^verdict	void	'
  assert_line --regexp '^fail	third check'
}

@test "a check that outlives CHECK_TIME_LIMIT fails with that reason, under its own name, and the next check still runs" {
  mkdir "$BATS_TEST_TMPDIR/step"
  printf '@test "never ends" {\n  sleep 60\n}\n@test "quick" {\n  true\n}\n' >"$BATS_TEST_TMPDIR/step/check.bats"
  check_list "$BATS_TEST_TMPDIR/step/check.bats" | cut -f2 >"$BATS_TEST_TMPDIR/names"
  local started=$SECONDS
  (cd "$BATS_TEST_TMPDIR/step" && CHECK_TIME_LIMIT=2 check_bats) >"$BATS_TEST_TMPDIR/tap" 2>&1 || true
  [ $((SECONDS - started)) -lt 30 ]
  run -0 tap_results "$BATS_TEST_TMPDIR/tap" "$BATS_TEST_TMPDIR/names" 1
  assert_line "fail	never ends	stopped at its time limit of 2 s: a program that never ends, or a machine too busy (BATS_TEST_TIMEOUT)"
  assert_line "pass	quick	"
  assert_line "verdict	ok"
}
