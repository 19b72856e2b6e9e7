#!/usr/bin/env bats
# The grader's parts, each on its own and fast: the sandbox, the rubric, and
# the intake of a submission's learner files.
# (checker/test/grade.bats grades a whole class with them.)

bats_require_minimum_version 1.5.0

setup() {
  load ../checker
  GRADE="$ROOT/checker/grade"
  . "$ROOT/lib/workbook.sh"
  . "$ROOT/lib/tap.sh"
  . "$GRADE/lib.sh"
}

# ---------------------------------------------------------------- sandbox

# Skips the test where no sandbox can be made (neither as root nor in a user namespace).
need_sandbox() {
  "$GRADE/sandbox" --probe >/dev/null || skip "cannot test here: no namespaces can be made (as root or in a user namespace)"
}

@test "sandbox: no network, its own processes, read-only system, private /tmp, the learner's uid" {
  need_sandbox
  touch "${TMPDIR:-/tmp}/grade-parts-host-$$"
  run -0 "$GRADE/sandbox" --as-learner -- /usr/bin/bash -c '
    (exec 3<>/dev/tcp/1.1.1.1/53) 2>/dev/null && echo "network: yes" || echo "network: no"
    echo "processes: $(ls -d /proc/[0-9]* | wc -l)"
    touch /usr/x 2>/dev/null && echo "usr: writable" || echo "usr: read-only"
    ls /tmp/grade-parts-host-* 2>/dev/null || echo "tmp: private"
    echo "uid: $(id -u)"; ulimit -u; ulimit -t'
  rm -f "${TMPDIR:-/tmp}/grade-parts-host-$$"
  assert_line "network: no"
  assert_line --regexp "^processes: [1-5]$"
  assert_line "usr: read-only"
  assert_line "tmp: private"
  if [ "$(id -u)" = 0 ]; then assert_line "uid: 60000"; fi
  assert_line "272"
  assert_line "300"
}

@test "sandbox: the checker can run learner-exec, the learner cannot (root), whatever the instructor's umask" {
  need_sandbox
  [ "$(id -u)" = 0 ] || skip "not root: the checker and the learner share a uid"
  make -s -C "$ROOT/tools" bin/learner-exec >/dev/null
  umask 077   # (the sandbox's /run/c-prof-labs must still let the checker in)
  run -0 "$GRADE/sandbox" --learner-exec "$ROOT/tools/bin/learner-exec" -- /usr/bin/bash -c '
    setpriv --reuid=$SANDBOX_CHECKER_UID --regid=$SANDBOX_CHECKER_UID --clear-groups --inh-caps=-all -- \
      bash -c "$SANDBOX_LEARNER_EXEC -- /usr/bin/id -u" && echo checker-ran
    setpriv --reuid=$SANDBOX_LEARNER_UID --regid=$SANDBOX_LEARNER_UID --clear-groups --inh-caps=-all -- \
      bash -c "$SANDBOX_LEARNER_EXEC -- /usr/bin/id -u" || echo learner-refused'
  assert_line 60000
  assert_line checker-ran
  assert_line learner-refused
}

@test "sandbox: a fork bomb is stopped at the process limit and reported" {
  need_sandbox
  "$GRADE/sandbox" --probe-cgroup || skip "no cgroup to count processes in"
  run -137 "$GRADE/sandbox" --as-learner --procs 32 --wall 20 --events "$BATS_TEST_TMPDIR/events" -- /usr/bin/bash -c 'b() { b | b & }; b; sleep 20'
  grep -qx 'pids_max 32' "$BATS_TEST_TMPDIR/events"
}

@test "sandbox: a CPU hog is held to its CPU budget, and the events say what the run used" {
  need_sandbox
  "$GRADE/sandbox" --probe-cgroup || skip "no cgroup to measure CPU time in"
  SECONDS=0
  run -137 "$GRADE/sandbox" --as-learner --cpus 1 --cpu-budget 2 --wall 60 --events "$BATS_TEST_TMPDIR/events" -- /usr/bin/bash -c 'while :; do :; done'
  cat "$BATS_TEST_TMPDIR/events"
  # Stopped before the wall-clock limit (60 s), with margin for a busy machine's set-up.
  [ "$SECONDS" -lt 50 ]
  grep -qx 'cpu_budget 2' "$BATS_TEST_TMPDIR/events"
  grep -q '^cpu_seconds [0-9.]*$' "$BATS_TEST_TMPDIR/events"
  grep -q '^wall_seconds [0-9]*$' "$BATS_TEST_TMPDIR/events"
}

@test "sandbox: the wall-clock limit kills the whole sandbox" {
  need_sandbox
  SECONDS=0
  run -137 "$GRADE/sandbox" --wall 2 --events "$BATS_TEST_TMPDIR/events" -- /usr/bin/bash -c 'sleep 60 & sleep 60'
  # Well before the sleeps end (60 s), with margin for a busy machine's set-up.
  [ "$SECONDS" -lt 40 ]
  grep -qx 'timeout 2' "$BATS_TEST_TMPDIR/events"
}

@test "sandbox --probe names the mode, and fails where namespaces cannot be made" {
  need_sandbox
  run -0 "$GRADE/sandbox" --probe
  [ "$output" = "$([ "$(id -u)" = 0 ] && echo root || echo userns)" ]
  mkdir -p "$BATS_TEST_TMPDIR/bin" && printf '#!/bin/sh\nexit 1\n' >"$BATS_TEST_TMPDIR/bin/unshare" && chmod +x "$BATS_TEST_TMPDIR/bin/unshare"
  PATH="$BATS_TEST_TMPDIR/bin:$PATH" run -1 "$GRADE/sandbox" --probe
}

# ---------------------------------------------------------------- rubric

@test "the rubric: named checks, step and global defaults, gates; a stray row is named" {
  RUBRIC="$BATS_TEST_TMPDIR/rubric.tsv"
  printf '*\t1\t[starter-fails]\n*\tgate\t[other]\n1\t3\tanswer hottest names the function with the largest flat share\n1\t0.5\t[starter-fails]\n1\t9\tno such check\n' >"$RUBRIC"
  run -0 step_rubric 1
  assert_line "3	rubric	starter-fails	answer hottest names the function with the largest flat share"
  assert_line "0.5	default	starter-fails	answer burn_hottest names the burner's hottest function"
  assert_line "gate	default	other	the benchmark printed a Go-format line for BenchmarkFib"
  run -0 step_max 1
  assert_output "5"
  run -0 rubric_strays 1
  assert_output 'rubric line 5: step 1 has no check named "no such check"'
}

@test "scoring: weights scaled to the step's [total]; a failed gate or a stopped run gives 0; a spoilt run is regrade" {
  . "$GRADE/grade"
  RUBRIC="$BATS_TEST_TMPDIR/rubric.tsv" WORK="$BATS_TEST_TMPDIR/work" STEPS=1
  printf '1\t20\t[total]\n1\t3\tanswer hottest names the function with the largest flat share\n*\t1\t[starter-fails]\n*\tgate\t[other]\n' >"$RUBRIC"
  rubric_files
  mkdir -p "$WORK/students/s" "$WORK/results/1/k"
  echo k >"$WORK/students/s/1.key"; : >"$WORK/students/s/1.notes"
  : >"$WORK/results/1/k/verdict"; : >"$WORK/results/1/k/diagnostics"; : >"$WORK/results/1/k/logtail"
  # 7 gates pass; hottest (weight 3) passes, the other four answers (weight 1 each) fail: 20 x 3/7.
  check_list "$ROOT/steps/01-cpu/check.bats" | awk -F '\t' '{ print ($2 ~ /^answer/ && $2 !~ /^answer hottest / ? "fail" : "pass") "\t" $2 "\t" }' >"$WORK/results/1/k/checks"
  score_job 1 k && score_step s 1
  run cat "$WORK/students/s/1.summary"
  assert_output "8.57	20	8	12	ok"
  grep -q "^pass	8.57	8.57	answer hottest names" "$WORK/students/s/1.checks"
  sed -i '1s/^pass/fail/' "$WORK/results/1/k/checks"
  score_job 1 k && score_step s 1
  run cat "$WORK/students/s/1.summary"
  assert_output "0	20	7	12	gated"
  printf 'fault\tthe step used up its CPU budget\n' >"$WORK/results/1/k/verdict"
  score_job 1 k && score_step s 1
  run cat "$WORK/students/s/1.summary"
  assert_output "0	20	0	12	fault"
  [ "$(cat "$WORK/students/s/1.why")" = "the step used up its CPU budget" ]
  printf 'regrade\tthe machine was too busy\n' >"$WORK/results/1/k/verdict"
  score_job 1 k && score_step s 1
  run cat "$WORK/students/s/1.summary"
  assert_output "regrade	20	0	12	regrade"
}

@test "a run stopped at a time limit: a busy machine is regrade; a submission that spun or hung is its own fault" {
  . "$GRADE/grade"
  CPUS=1
  run -0 time_verdict 600 100 200 "the task"
  assert_output --regexp '^regrade	the task reached its time limit while the machine was too busy: its processes waited 200 s of 600 s'
  run -0 time_verdict 600 590 3 "the task"
  assert_output --regexp '^fault	the task reached its time limit keeping a CPU busy all along'
  run -0 time_verdict 600 2 1 "the checks"
  assert_output --regexp '^fault	the checks reached its time limit having used 2 s of CPU in 600 s: it hung'
  run -0 time_verdict 600 2 "" "the checks"
  assert_output --regexp '^regrade	the checks reached its time limit, and this machine cannot tell'
}

@test "run verdicts: a fork bomb and a used-up CPU budget are faults; an untrusted report or a broken sandbox is regrade" {
  . "$GRADE/grade"
  local res="$BATS_TEST_TMPDIR/res"
  mkdir -p "$res" && echo 0 >"$res/exit" && printf 'run 0\nchecks 1\n' >"$res/status"
  printf 'verdict\tok\n' >"$res/read"
  : >"$res/events"
  run -0 run_verdict "$res"
  assert_output ""
  printf 'verdict\tvoid\tcheck 2 where check 3 was due\n' >"$res/read"
  run -0 run_verdict "$res"
  assert_output --regexp "^regrade	the checks' report cannot be trusted: check 2 where check 3 was due"
  echo 'pids_max 256' >"$res/events"
  run -0 run_verdict "$res"
  assert_output --regexp '^fault	.*process limit'
  echo 'cpu_budget 900' >"$res/events"
  run -0 run_verdict "$res"
  assert_output --regexp '^fault	.*CPU budget'
  : >"$res/events"; echo 1 >"$res/exit"
  run -0 run_verdict "$res"
  assert_output --regexp '^regrade	the grading sandbox ended abnormally'
}

@test "run verdicts: a check that skipped is regrade, never points; one stopped at its own limit is judged by the machine's load" {
  . "$GRADE/grade"
  local res="$BATS_TEST_TMPDIR/res"
  mkdir -p "$res" && echo 0 >"$res/exit" && printf 'run 0\nchecks 1\n' >"$res/status" && : >"$res/events"
  printf 'pass\tfirst\t\nskip\tsecond\tcannot count instructions here: ptrace is refused\nverdict\tok\n' >"$res/read"
  run -0 run_verdict "$res"
  assert_output 'regrade	the check "second" could not run on this machine (cannot count instructions here: ptrace is refused): grade it where it can.'
  printf 'fail\tsecond\tstopped at its time limit of 600 s: a program that never ends, or a machine too busy (BATS_TEST_TIMEOUT)\nverdict\tok\n' >"$res/read"
  printf 'wall_seconds 700\ncpu_seconds 650\ncpu_wait_seconds 400\n' >"$res/events"
  run -0 run_verdict "$res"
  assert_output --regexp '^regrade	the check "second" \(600 s\) reached its time limit while the machine was too busy'
  printf 'wall_seconds 700\ncpu_seconds 690\ncpu_wait_seconds 3\n' >"$res/events"
  run -0 run_verdict "$res"
  assert_output --regexp '^fault	the check "second" \(600 s\) reached its time limit keeping a CPU busy'
}

@test "a bad rubric row stops with its line number" {
  RUBRIC="$BATS_TEST_TMPDIR/rubric.tsv"
  printf '# comment\n1\tlots\tanswer hottest\n' >"$RUBRIC"
  run -1 rubric_rows
  assert_output --partial "line 2: points must be a number or gate"
  run -2 "$GRADE/grade" --rubric "$RUBRIC" --show-rubric --steps 1
}

@test "the shipped rubric is valid and every row names a real check" {
  run -0 rubric_rows
  local n
  for n in $(gradable_steps); do run -0 rubric_strays "$n"; assert_output ""; done
}

# ---------------------------------------------------------------- intake

@test "intake takes only the registry's learner files and refuses links, devices, hard links and big files" {
  . "$GRADE/intake.sh"
  BASE=$ROOT HEAD_COMMIT=abc1234
  local sub="$BATS_TEST_TMPDIR/sub" prep="$BATS_TEST_TMPDIR/prep" notes="$BATS_TEST_TMPDIR/notes" d
  d="$sub/steps/05-improve"
  # step 05's learner files: src/fib_fast.c, src/pool.c, src/tally_sharded.c; the rest is the harness.
  mkdir -p "$d/src" "$d/out"
  echo "mine" >"$d/src/fib_fast.c"
  ln -s /etc/passwd "$d/src/pool.c"
  mkfifo "$d/src/tally_sharded.c"
  echo "harness" >"$d/src/bench_improve.c"
  echo "forged" >"$d/out/bench.txt"
  echo "edited" >"$d/check.bats"
  : >"$notes"
  prepare_step "$sub" 5 "$prep" "$notes"
  cat "$notes"
  [ "$(cat "$prep/src/fib_fast.c")" = mine ]
  cmp "$prep/src/pool.c" "$ROOT/steps/05-improve/src/pool.c"
  cmp "$prep/src/tally_sharded.c" "$ROOT/steps/05-improve/src/tally_sharded.c"
  cmp "$prep/src/bench_improve.c" "$ROOT/steps/05-improve/src/bench_improve.c"
  cmp "$prep/check.bats" "$ROOT/steps/05-improve/check.bats"
  [ -d "$prep/out" ]
  [ -z "$(ls -A "$prep/out")" ]
  [ ! -e "$prep/solution" ]
  grep -qx "taken: steps/05-improve/src/fib_fast.c" "$notes"
  grep -qx "refused: steps/05-improve/src/pool.c is a symbolic link" "$notes"
  grep -qx "refused: steps/05-improve/src/tally_sharded.c is not a regular file" "$notes"
  grep -qx "ignored: steps/05-improve/src/bench_improve.c differs from the instructor's copy; the grader used its own" "$notes"
  grep -qx "ignored: steps/05-improve/out/ (1 files): the grader never uses submitted artifacts, it makes its own" "$notes"
  grep -qx "ignored: steps/05-improve/check.bats differs from the instructor's copy; the grader used its own" "$notes"
}

@test "intake refuses a hard link and a file too big to read, and grades the starter where a file is missing" {
  . "$GRADE/intake.sh"
  BASE=$ROOT HEAD_COMMIT=abc1234
  local sub="$BATS_TEST_TMPDIR/sub" prep="$BATS_TEST_TMPDIR/prep" notes="$BATS_TEST_TMPDIR/notes" d
  d="$sub/steps/02-heap"
  mkdir -p "$d/src"
  head -c 2000000 /dev/zero >"$d/src/request.c"
  : >"$notes"
  prepare_step "$sub" 2 "$prep" "$notes"
  cat "$notes"
  grep -qx "refused: steps/02-heap/src/request.c is 1954 KiB (a learner file may have 1024 KiB)" "$notes"
  grep -qx "starter: steps/02-heap/answers.md is not in your submission: the starter's version of it (the workbook's at commit abc1234) was graded" "$notes"
  cmp "$prep/answers.md" "$ROOT/steps/02-heap/answers.md"
  echo "shared" >"$d/answers.md" && ln "$d/answers.md" "$sub/hard-too"
  rm -rf "$prep" && : >"$notes"
  prepare_step "$sub" 2 "$prep" "$notes"
  grep -qx "refused: steps/02-heap/answers.md is a hard link" "$notes"
}

@test "submissions with the same learner files share one digest; any byte or mode changes it" {
  . "$GRADE/intake.sh"
  local a="$BATS_TEST_TMPDIR/a" b="$BATS_TEST_TMPDIR/b"
  mkdir -p "$a/src" "$b/src" && echo x >"$a/src/f.c" && echo x >"$b/src/f.c" && echo q >"$a/answers.md" && echo q >"$b/answers.md"
  step_learner_files() { echo src/f.c answers.md; }
  [ "$(learner_digest 2 "$a")" = "$(learner_digest 2 "$b")" ]
  chmod +x "$b/src/f.c"
  [ "$(learner_digest 2 "$a")" != "$(learner_digest 2 "$b")" ]
  chmod -x "$b/src/f.c" && echo y >>"$b/src/f.c"
  [ "$(learner_digest 2 "$a")" != "$(learner_digest 2 "$b")" ]
}

@test "untouched questions in either language are the starter, never copies; the same filled-in answers are copies" {
  . "$GRADE/grade"
  local dir="$BATS_TEST_TMPDIR/starter" file="$BATS_TEST_TMPDIR/digests.tsv" en ja
  mkdir -p "$dir" && printf 'Questions\n\nvalue:\n' >"$dir/answers.md" && printf '質問\n\nvalue:\n' >"$dir/answers.ja.md"
  step_learner_files() { echo answers.md; }
  starter_digests 9 "$dir" >"$file"
  # (the starter's learner files as handed out, then with the Japanese questions)
  en=$(sed -n 1p "$file" | cut -f3) ja=$(sed -n 2p "$file" | cut -f3)
  [ -n "$ja" ]
  [ "$en" != "$ja" ]
  printf '9\tada\t%s\t-\n9\tbea\t%s\t-\n9\tcy\t%s\t-\n9\tdee\t%s\t-\n9\teli\tfilled\t-\n9\tfay\tfilled\t-\n' \
    "$en" "$en" "$ja" "$ja" >>"$file"
  run -0 copies "$file"
  [ "$output" = "step 9, identical answers.md: eli fay" ]
}
