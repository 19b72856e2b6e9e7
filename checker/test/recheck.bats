#!/usr/bin/env bats
# make check as a learner meets it, on a small step (the grader's fixture step
# 09, checker/test/fixtures/grade/09-probe) in a throw-away copy: it builds
# first and stops at a compile error, re-runs only the answer checks when only
# answers.md changed, and keeps what ended when it is interrupted.

bats_require_minimum_version 1.5.0

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  export COPY="$BATS_FILE_TMPDIR/workbook"
  make -s -C "$root" tools >/dev/null && (. "$root/lib/workbook.sh" && copy_workbook "$COPY" --built)
  cp -r "$root/checker/test/fixtures/grade/09-probe" "$COPY/steps/09-probe"
  printf '9\t09-probe\ta probe\tsrc/probe.c answers.md\n' >>"$COPY/steps/steps.tsv"
  cp "$COPY/steps/09-probe/solution/src/probe.c" "$COPY/steps/09-probe/src/probe.c"
  make -s -C "$COPY" tools >/dev/null
  make -s -C "$COPY" step-9 >/dev/null
}

setup() {
  load ../checker
  cd "$COPY" || return 1
}

# Writes VALUE as the answer of step 09.
answer() {
  printf '# Step 09 questions\n\nvalue: %s\n' "$1" >steps/09-probe/answers.md
}

@test "a first check runs every check and records the step" {
  answer 42
  run -0 make -s check STEP=9
  assert_line "step 9 (09-probe): checking..."
  assert_line "✓ step 9 passed"
}

@test "after an edit of answers.md only, the answer checks run again and the rest are reused" {
  answer 42
  make -s check STEP=9 >/dev/null
  answer 41
  run -2 make -s check STEP=9
  assert_line --partial "nothing but answers.md changed since the last check"
  assert_line "  ✗ answer value is the number the probe prints"
  assert_line "  ✓ the probe answers 42 (the checker's own run)"
  run -0 scripts/progress
  assert_line --regexp '^  9 +probe +✗ fail +4/5 passed$'
}

@test "an edit of the code, or CHECK_ALL=1, runs every check again" {
  answer 42
  make -s check STEP=9 >/dev/null
  run -0 make -s check STEP=9 CHECK_ALL=1
  assert_line "step 9 (09-probe): checking..."
  echo '/* edited */' >>steps/09-probe/src/probe.c
  run -0 make -s check STEP=9
  assert_line "step 9 (09-probe): checking..."
}

@test "a compile error is reported first, with the compiler's line, and recorded" {
  cp steps/09-probe/src/probe.c "$BATS_TEST_TMPDIR/probe.c"
  echo 'int broken(' >>steps/09-probe/src/probe.c
  run -2 make -s check STEP=9
  cp "$BATS_TEST_TMPDIR/probe.c" steps/09-probe/src/probe.c
  assert_line "✗ step 9: your code does not compile (make build in steps/09-probe):"
  assert_line --partial "src/probe.c:"
  refute_line --partial "checking..."
  run -0 scripts/progress
  assert_line --regexp '^  9 +probe +✗ fail +0/1 passed$'
}

@test "interrupted, make check keeps the results of the checks that ended" {
  answer 42
  printf '@test "a check that takes long" {\n  sleep 60\n}\n' >>steps/09-probe/check.bats
  scripts/check 9 >"$BATS_TEST_TMPDIR/out" 2>&1 &
  local pid=$! waited=0
  # Until the five quick checks have ended (60 s at most).
  until [ "$(grep -c '^ok ' .learner/results/09-probe.tap.tmp 2>/dev/null)" -ge 5 ] || [ "$waited" -ge 300 ]; do
    sleep 0.2
    waited=$((waited + 1))
  done
  kill -TERM "$pid"
  wait "$pid" || true
  sed -i '/a check that takes long/,$d' steps/09-probe/check.bats
  run -0 cat "$BATS_TEST_TMPDIR/out"
  assert_line --partial "interrupted: the checks of step 9 that ended are recorded"
  run -0 scripts/progress
  assert_line --regexp '^  9 +probe +✗ fail +5/6 passed$'
}
