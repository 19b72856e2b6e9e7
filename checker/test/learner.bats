#!/usr/bin/env bats
# The learner's loop, tried in a throw-away copy of the workbook: progress from
# recorded results, hints that remember, reset and restore that never lose work,
# watch mode, and .vscode/tasks.json in step with the Makefile.

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  export COPY="$BATS_FILE_TMPDIR/workbook"
  (. "$root/lib/workbook.sh" && copy_workbook "$COPY")
  # The tools and lab programs already built here, times kept: make check builds them first, and
  # rebuilds only what is older than its sources (a whole build otherwise, to reject STEP=x).
  cp -a "$root/tools/bin" "$COPY/tools/" 2>/dev/null || true
  cp -a "$root/labs/bin" "$COPY/labs/" 2>/dev/null || true
  # reset finds the starter files in git's HEAD, as in a learner's clone.
  git -C "$COPY" init -q && git -C "$COPY" add -A &&
    git -C "$COPY" -c user.name=t -c user.email=t@t commit -qm starter
}

setup() {
  load ../checker
  cd "$COPY" || return 1
  rm -rf .learner steps/09-probe
  git checkout -q -- steps
}

# Writes a recorded check result for a step: PASSED of TOTAL tests passed.
record_result() {
  local name="$1" passed="$2" total="$3" i
  mkdir -p .learner/results
  { echo "1..$total"; for i in $(seq 1 "$total"); do
      if [ "$i" -le "$passed" ]; then echo "ok $i check $i"; else echo "not ok $i check $i"; fi; done
  } >".learner/results/$name.tap"
}

@test "progress shows recorded results and the next action without running any check" {
  record_result 00-env 6 6
  record_result 01-cpu 7 12
  mkdir -p "$BATS_TEST_TMPDIR/bin" && printf '#!/bin/sh\necho "bats must not run" >&2; exit 99\n' >"$BATS_TEST_TMPDIR/bin/bats"
  chmod +x "$BATS_TEST_TMPDIR/bin/bats"
  PATH="$BATS_TEST_TMPDIR/bin:$PATH" run -0 make -s progress
  assert_line --regexp '^  0 +env +✓ pass +6/6 passed$'
  assert_line --regexp '^  1 +cpu +✗ fail +7/12 passed$'
  assert_output --partial "Next: step 1 — answer the questions in steps/01-cpu/answers.md, then make check STEP=1"
  refute_output --partial "bats must not run"
}

@test "progress sends a new learner to step 0, and past it once step 1 passes" {
  run -0 make -s progress
  assert_output --partial "Next: read steps/00-env/README.md, then run: make step-0"
  record_result 01-cpu 12 12
  run -0 make -s progress
  refute_output --partial "make step-0"
}

@test "hint shows the next hint each time, remembers, and FROM=1 starts again" {
  run -0 make -s hint STEP=1
  assert_line "Hint 1 of 5 for step 1 (01-cpu):"
  local first="$output"
  run -0 make -s hint STEP=1
  assert_line "Hint 2 of 5 for step 1 (01-cpu):"
  [ "$output" != "$first" ]
  run -0 scripts/hint 1 --peek
  assert_line "Hint 3 of 5 for step 1 (01-cpu):"
  run -0 make -s hint STEP=1
  assert_line "Hint 3 of 5 for step 1 (01-cpu):"
  run -0 make -s hint STEP=1 FROM=1
  assert_line "Hint 1 of 5 for step 1 (01-cpu):"
}

@test "the last hint points to a section of the chapter and repeats" {
  local i
  for i in 1 2 3 4 5 6; do run -0 make -s hint STEP=1; done
  assert_line "Hint 5 of 5 for step 1 (01-cpu):"
  assert_output --partial "steps/01-cpu/README.md"
  assert_output --partial "That was the last hint"
}

@test "reset keeps the learner's answers in a backup and restore brings them back" {
  echo "hottest: my answer" >>steps/01-cpu/answers.md
  run -0 make -s reset STEP=1
  assert_output --partial "your files are saved in .learner/backups/01-cpu/"
  run -0 git diff --quiet -- steps/01-cpu/answers.md
  run -0 make -s restore STEP=1
  run -0 grep -x "hottest: my answer" steps/01-cpu/answers.md
}

@test "reset of an untouched step makes no backup, and restore without a backup says so" {
  run -0 make -s reset STEP=1
  assert_output --partial "already the starter"
  [ ! -d .learner/backups ]
  run -2 make -s restore STEP=1
  assert_output --partial "no backup of step 1 yet"
}

@test "restore over new edits saves those edits first" {
  echo "first edit" >>steps/01-cpu/answers.md
  make -s reset STEP=1 >/dev/null
  echo "second edit" >>steps/01-cpu/answers.md
  run -0 make -s restore STEP=1
  assert_output --partial "the files it replaced are saved in"
  run -0 grep -rx "second edit" .learner/backups/01-cpu
  run -0 grep -x "first edit" steps/01-cpu/answers.md
}

@test "learner commands reject a missing or bad step number with one line" {
  local target
  for target in hint reset restore ui watch check; do
    run make -s "$target" STEP=x
    [ "$status" -ne 0 ] || { echo "$target accepted STEP=x" >&2; return 1; }
    assert_output --partial "must be a step number"
  done
  run make -s step-9
  assert_output --partial "there is no step 9"
}

@test ".vscode/tasks.json is what scripts/vscode-tasks makes, and every task is a make target" {
  diff <(scripts/vscode-tasks) .vscode/tasks.json
  local help; help=$(make -s help)
  local cmd target
  while read -r cmd; do
    target=$(awk '{ print $2 }' <<<"$cmd")
    target=${target/step-[0-9]/step-N}
    grep -q "^  $target " <<<"$help" || { echo "tasks.json runs '$cmd' but make help has no $target" >&2; return 1; }
  done < <(sed -n 's/.*"command": "\(make [^"]*\)".*/\1/p' .vscode/tasks.json)
}

# Registers the grader tests' probe (fixtures/grade/09-probe) as step 9 of this copy:
# a step whose task and checks take seconds (setup removes it again).
add_probe_step() {
  cp -r "$BATS_TEST_DIRNAME/fixtures/grade/09-probe" steps/09-probe &&
    printf '9\t09-probe\ta probe\tsrc/probe.c answers.md\n' >>steps/steps.tsv
}

# Waits (at most 240 s) until the watch log shows N finished rounds; polls twice a
# second, counting in bash (a round takes seconds; a grep a poll costs CPU on a busy machine).
wait_rounds() {
  local i text n
  for ((i = 0; i < 480; i++)); do
    text="" n=0
    IFS= read -r -d '' text <"$2" || true
    while [[ "$text" == *"waiting for your next save"* ]]; do text="${text#*waiting for your next save}"; n=$((n + 1)); done
    [ "$n" -lt "$1" ] || return 0
    sleep 0.5
  done
}

@test "watch re-runs the checks when answers.md is saved, and polls when told to" {
  add_probe_step
  local log="$BATS_TEST_TMPDIR/watch.log"
  WATCH_POLL=1 timeout 600 scripts/watch 9 >"$log" 2>&1 &
  local pid=$!
  # Each round ends with the "waiting for your next save" line; the first runs the task (no out/ yet).
  wait_rounds 1 "$log"
  # The starter's probe prints 41, so 41 is the right answer for it.
  sed -i 's/^value:$/value: 41/' steps/09-probe/answers.md
  wait_rounds 2 "$log"
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  run cat "$log"
  assert_output --partial "polling every second"
  assert_output --partial "Last change: (a watched file)"
  assert_output --partial "✗ answer value is the number the probe prints"
  assert_output --partial "✓ answer value is the number the probe prints"
}
