#!/usr/bin/env bats
# checker/lint: the bats lines that can never fail a test are found, their
# right forms are not, and the workbook's own tests have none.

bats_require_minimum_version 1.5.0

setup() {
  load ../checker
  FIX="$BATS_TEST_DIRNAME/fixtures/lint/weak.bats.in"
}

@test "a mid-test ! and a mid-test [ a ] && [ b ] are flagged, with file and line" {
  run -1 "$ROOT/checker/lint" "$FIX"
  assert_line --regexp 'fixtures/lint/weak.bats.in:5: ! grep -q x /dev/null +<- a mid-test ! never fails the test'
  assert_line --regexp 'fixtures/lint/weak.bats.in:6: \[ -e /nonexistent \] && \[ -e /etc \] +<- \[ a \] && \[ b \] never fails'
}

@test "run !, [ ! ... ], || false, an assignment after && and a last line are not flagged" {
  run -1 "$ROOT/checker/lint" "$FIX"
  refute_line --regexp 'weak.bats.in:(1[1-5]):'
}

@test "the workbook's own tests have no line that can never fail" {
  run -0 "$ROOT/checker/lint"
  assert_output --regexp '^lint: no bats assertion that can never fail, in [0-9]+ file'
}
