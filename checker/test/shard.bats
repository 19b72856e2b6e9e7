#!/usr/bin/env bats
# Grading a class on many machines: make grade SHARD=I/N grades a deterministic
# part of the submissions, and checker/grade/merge joins the parts. A class of
# 10 (copies of two distinct submissions of the grader's cheap step 09: the
# reference solution and the starter) is graded whole, then in two shards; the
# merged gradebook must be the whole one.

bats_require_minimum_version 1.5.0

# The grader's limits for step 09: small on what the probe needs, wide on time (a busy machine).
LIMITS="--run-seconds 120 --check-seconds 120 --cpu-seconds 15 --cpu-budget 20 --memory-mib 512 --procs 64 --out-mib 64"
# Students with the solution (in both shards: ada in 2, bea and eli in 1); the others hand in the starter.
SOLVED="ada bea eli"
CLASS="ada bea cai dov eli fay gus hal ida jon"

setup_file() {
  local root id; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  [ -d "$root/steps/01-cpu/solution" ] || skip "no solution/ here (a student kit): grading tests need the reference solution"
  "$root/checker/grade/sandbox" --probe >/dev/null ||
    skip "cannot test here: no namespaces can be made (as root or in a user namespace), so the grader refuses to grade"
  export ROOT="$root" TREE="$BATS_FILE_TMPDIR/workbook" SUBS="$BATS_FILE_TMPDIR/class"
  (. "$ROOT/lib/workbook.sh" && . "$ROOT/checker/test/probe-class.bash" && probe_tree "$TREE" &&
    probe_submission "$TREE" solution "$BATS_FILE_TMPDIR/solution" && probe_submission "$TREE" starter "$BATS_FILE_TMPDIR/starter")
  mkdir -p "$SUBS"
  for id in $CLASS; do
    if [[ " $SOLVED " == *" $id "* ]]; then cp -r "$BATS_FILE_TMPDIR/solution" "$SUBS/$id"; else cp -r "$BATS_FILE_TMPDIR/starter" "$SUBS/$id"; fi
  done
  # shellcheck disable=SC2086
  "$TREE/checker/grade/grade" --steps 9 --jobs 2 $LIMITS --out "$BATS_FILE_TMPDIR/whole" "$SUBS" >"$BATS_FILE_TMPDIR/whole.log" 2>&1
  echo $? >"$BATS_FILE_TMPDIR/whole.status"
  # The two shards at once, as two machines would grade them (one through make grade SHARD=).
  (make -s -C "$TREE" grade STEPS=9 SHARD=1/2 OUT="$BATS_FILE_TMPDIR/shard-1" SUBMISSIONS="$SUBS" GRADE_FLAGS="--jobs 2 $LIMITS" \
    >"$BATS_FILE_TMPDIR/shard-1.log" 2>&1; echo $? >"$BATS_FILE_TMPDIR/shard-1.status") &
  # shellcheck disable=SC2086
  ("$TREE/checker/grade/grade" --steps 9 --jobs 2 $LIMITS --shard 2/2 --out "$BATS_FILE_TMPDIR/shard-2" "$SUBS" >"$BATS_FILE_TMPDIR/shard-2.log" 2>&1
    echo $? >"$BATS_FILE_TMPDIR/shard-2.status") &
  wait
  "$TREE/checker/grade/merge" --out "$BATS_FILE_TMPDIR/merged" "$BATS_FILE_TMPDIR/shard-2" "$BATS_FILE_TMPDIR/shard-1" >"$BATS_FILE_TMPDIR/merge.log" 2>&1
  echo $? >"$BATS_FILE_TMPDIR/merge.status"
}

setup() {
  load ../checker
}

@test "the class was graded whole and in two shards, each shard a part of it" {
  local part
  for part in whole shard-1 shard-2; do
    cat "$BATS_FILE_TMPDIR/$part.log"
    [ "$(cat "$BATS_FILE_TMPDIR/$part.status")" = 0 ]
  done
  [ "$(tail -n +2 "$BATS_FILE_TMPDIR/whole/grades.csv" | wc -l)" = 10 ]
  [ "$(tail -n +2 "$BATS_FILE_TMPDIR/shard-1/grades.csv" | wc -l)" = 6 ]
  [ "$(tail -n +2 "$BATS_FILE_TMPDIR/shard-2/grades.csv" | wc -l)" = 4 ]
  grep -q '^grade: 6 submission(s) (shard 1/2 of 10), steps 9' "$BATS_FILE_TMPDIR/shard-1.log"
}

@test "merge of shard 1/2 and shard 2/2 is the unsharded grades.csv, byte for byte" {
  cat "$BATS_FILE_TMPDIR/merge.log"
  [ "$(cat "$BATS_FILE_TMPDIR/merge.status")" = 0 ]
  cat "$BATS_FILE_TMPDIR/whole/grades.csv"
  cmp "$BATS_FILE_TMPDIR/whole/grades.csv" "$BATS_FILE_TMPDIR/merged/grades.csv"
  grep -q '^ada,10,10,10$' "$BATS_FILE_TMPDIR/merged/grades.csv"
  grep -q '^cai,0,0,10$' "$BATS_FILE_TMPDIR/merged/grades.csv"
}

@test "the merged feedback, JUnit, results and copies are the unsharded ones" {
  diff -r "$BATS_FILE_TMPDIR/whole/feedback" "$BATS_FILE_TMPDIR/merged/feedback"
  diff -r "$BATS_FILE_TMPDIR/whole/junit" "$BATS_FILE_TMPDIR/merged/junit"
  diff -r "$BATS_FILE_TMPDIR/whole/results" "$BATS_FILE_TMPDIR/merged/results"
  cat "$BATS_FILE_TMPDIR/whole/copies.txt"
  cmp "$BATS_FILE_TMPDIR/whole/copies.txt" "$BATS_FILE_TMPDIR/merged/copies.txt"
  cmp "$BATS_FILE_TMPDIR/whole/answers.tsv" "$BATS_FILE_TMPDIR/merged/answers.tsv"
  grep -qx 'step 9, identical src/probe.c answers.md: ada bea eli' "$BATS_FILE_TMPDIR/merged/copies.txt"
}

@test "merge refuses a missing shard, a shard given twice and a gradebook that is no shard" {
  run -2 "$ROOT/checker/grade/merge" --out "$BATS_TEST_TMPDIR/m" "$BATS_FILE_TMPDIR/shard-1"
  assert_output "merge: shard 2/2 is missing"
  run -2 "$ROOT/checker/grade/merge" --out "$BATS_TEST_TMPDIR/m" "$BATS_FILE_TMPDIR/shard-1" "$BATS_FILE_TMPDIR/shard-1"
  assert_output --partial "shard 1/2 is given twice"
  run -2 "$ROOT/checker/grade/merge" --out "$BATS_TEST_TMPDIR/m" "$BATS_FILE_TMPDIR/whole"
  assert_output --partial "is not a shard's gradebook"
}

@test "a shard is the same on every machine: it depends on the student's id alone" {
  . "$TREE/checker/grade/grade"
  [ "$(shard_of ada 2)" = 2 ]
  [ "$(shard_of bea 2)" = 1 ]
  [ "$(shard_of bea 7)" = "$(shard_of bea 7)" ]
  run -2 "$TREE/checker/grade/grade" --shard 3/2 "$SUBS"
  assert_output --partial "--shard needs I/N with 1 <= I <= N"
}
