#!/usr/bin/env bats
# The Gradescope autograder (make gradescope, checker/gradescope/) in a
# simulated Gradescope layout: for each submission a root with
# autograder/{source,submission,results}, the zip unpacked in source/ (by
# Python, so that the executable bits are lost as a careless unzip loses them),
# and run_autograder run with AUTOGRADER naming that root. The workbook is a
# throw-away copy with the grader's cheap step 09; the submissions are its
# reference solution, its starter, and the starter with check.bats and the
# checker edited to pass everything.

bats_require_minimum_version 1.5.0

# The grader's limits for step 09: small on what the probe needs, wide on time (a busy machine).
LIMITS="--run-seconds 120 --check-seconds 120 --cpu-seconds 15 --cpu-budget 20 --memory-mib 512 --procs 64 --out-mib 64"

# Makes a simulated Gradescope root for KIND with the autograder unpacked in it; prints its autograder/ path.
layout() {
  local ag="$BATS_FILE_TMPDIR/$1/autograder"
  mkdir -p "$ag/source" "$ag/submission"
  python3 -m zipfile -e "$TREE/build/gradescope/autograder.zip" "$ag/source"
  printf '%s\n' "$ag"
}

setup_file() {
  local root kind ag; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  [ -d "$root/steps/01-cpu/solution" ] || skip "no solution/ here (a student kit): grading tests need the reference solution"
  "$root/checker/grade/sandbox" --probe >/dev/null ||
    skip "cannot test here: no namespaces can be made (as root or in a user namespace), so the grader refuses to grade"
  export ROOT="$root" TREE="$BATS_FILE_TMPDIR/workbook"
  (. "$ROOT/lib/workbook.sh" && . "$ROOT/checker/test/probe-class.bash" && probe_tree "$TREE")
  make -s -C "$TREE" gradescope STEPS=9 GRADE_FLAGS="$LIMITS" >"$BATS_FILE_TMPDIR/build.log" 2>&1
  echo $? >"$BATS_FILE_TMPDIR/build.status"
  # The three gradings at once, as Gradescope's machines would run them.
  for kind in solution starter edited-check; do
    ag=$(layout "$kind")
    (. "$ROOT/lib/workbook.sh" && . "$ROOT/checker/test/probe-class.bash" && probe_submission "$TREE" "$kind" "$ag/submission")
    (AUTOGRADER="$ag" bash "$ag/source/run_autograder" >"$BATS_FILE_TMPDIR/$kind.log" 2>&1; echo $? >"$BATS_FILE_TMPDIR/$kind.status") &
  done
  wait
}

setup() {
  load ../checker
}

# Prints the results.json of KIND.
results() {
  cat "$BATS_FILE_TMPDIR/$1/autograder/results/results.json"
}

# Runs run_autograder on a submission made by the commands given, in a root of its own sharing the solution's prepared source.
autograde_with() {
  local ag="$BATS_TEST_TMPDIR/autograder"
  mkdir -p "$ag/submission" && ln -s "$BATS_FILE_TMPDIR/solution/autograder/source" "$ag/source"
  (cd "$ag/submission" && eval "$1")
  AUTOGRADER="$ag" bash "$ag/source/run_autograder"
}

@test "make gradescope builds autograder.zip: setup.sh and run_autograder at its root, the workbook without solutions" {
  cat "$BATS_FILE_TMPDIR/build.log"
  [ "$(cat "$BATS_FILE_TMPDIR/build.status")" = 0 ]
  grep -q '^Gradescope autograder: build/gradescope/autograder.zip' "$BATS_FILE_TMPDIR/build.log"
  python3 -m zipfile -l "$TREE/build/gradescope/autograder.zip" | awk 'NR > 1 { print $1 }' >"$BATS_TEST_TMPDIR/names"
  grep -qx 'setup.sh' "$BATS_TEST_TMPDIR/names"
  grep -qx 'run_autograder' "$BATS_TEST_TMPDIR/names"
  grep -qx 'c-prof-labs/checker/grade/grade' "$BATS_TEST_TMPDIR/names"
  grep -qx 'c-prof-labs/steps/09-probe/check.bats' "$BATS_TEST_TMPDIR/names"
  run ! grep -q '/solution/' "$BATS_TEST_TMPDIR/names"
  grep -qx 'STEPS=9' "$BATS_FILE_TMPDIR/solution/autograder/source/gradescope.conf"
}

@test "the reference solution scores the rubric's maximum" {
  cat "$BATS_FILE_TMPDIR/solution.log"
  # (on a failure, each check's status and output, and the grading's own notes, say why)
  results solution | jq -r '.tests[] | "\(.status): \(.name): \(.output)"' | head -c 3000 || true
  results solution | jq -r '.output // empty' | head -c 2000 || true
  [ "$(cat "$BATS_FILE_TMPDIR/solution.status")" = 0 ]
  [ "$(results solution | jq .score)" = 10 ]
  [ "$(results solution | jq '[.tests[].score] | add')" = 10 ]
  [ "$(results solution | jq '[.tests[] | select(.status != "passed")] | length')" = 0 ]
}

@test "the starter scores 0, and a failed check's test says what was expected and gives the first hint" {
  cat "$BATS_FILE_TMPDIR/starter.log"
  [ "$(cat "$BATS_FILE_TMPDIR/starter.status")" = 0 ]
  [ "$(results starter | jq .score)" = 0 ]
  results starter | jq -r '.tests[] | select(.name == "step 9 (09-probe): the probe answers 42 (the checker'"'"'s own run)") | .output' >"$BATS_TEST_TMPDIR/output"
  grep -q '^expected: 42 from out/probe' "$BATS_TEST_TMPDIR/output"
  grep -q '^A first hint (make hint STEP=9 gives the next ones):' "$BATS_TEST_TMPDIR/output"
}

@test "a submission that edits a check and the checker scores as if unedited, test for test" {
  cat "$BATS_FILE_TMPDIR/edited-check.log"
  [ "$(cat "$BATS_FILE_TMPDIR/edited-check.status")" = 0 ]
  [ "$(results edited-check | jq .score)" = 0 ]
  diff <(results starter | jq -c '.tests[] | [.name, .score, .status]') <(results edited-check | jq -c '.tests[] | [.name, .score, .status]')
  results edited-check | jq -r .output | grep -q 'ignored: steps/09-probe/check.bats differs from the instructor'
}

@test "results.json has Gradescope's fields and types: one test per check with its points" {
  local kind
  for kind in solution starter edited-check; do
    results "$kind" | jq -e '(.score | type) == "number" and (.execution_time | type) == "number" and (.output | type) == "string"
      and (.tests | type) == "array" and all(.tests[]; (.name | type) == "string" and (.score | type) == "number"
        and (.max_score | type) == "number" and (.output | type) == "string" and (.status == "passed" or .status == "failed")
        and (.visibility == "visible" or .visibility == "hidden" or .visibility == "after_due_date" or .visibility == "after_published"))'
  done
  (cd "$TREE" && . lib/workbook.sh && . lib/tap.sh && check_list steps/09-probe/check.bats | cut -f2 | sed 's/^/step 9 (09-probe): /') >"$BATS_TEST_TMPDIR/checks"
  diff "$BATS_TEST_TMPDIR/checks" <(results solution | jq -r '.tests[].name')
  [ "$(results solution | jq '[.tests[].max_score] | add')" = 10 ]
  [ "$(results solution | jq -c '[.tests[].max_score]')" = '[0,3.33,3.33,0,3.34]' ]
}

@test "a submission without steps/ gets score 0 and a results.json that says so" {
  run -0 autograde_with 'echo "my homework" >notes.txt'
  assert_output --partial "has no steps/ folder"
  [ "$(jq .score "$BATS_TEST_TMPDIR/autograder/results/results.json")" = 0 ]
  jq -r .output "$BATS_TEST_TMPDIR/autograder/results/results.json" | grep -q 'upload the workbook folder'
}

@test "a submission with none of the files to change gets score 0 and a results.json that says so" {
  run -0 autograde_with 'mkdir -p steps/09-probe && echo notes >steps/09-probe/README.md'
  assert_output --partial "has none of the files you were to change"
  [ "$(jq .score "$BATS_TEST_TMPDIR/autograder/results/results.json")" = 0 ]
}

# Runs run_autograder on the solution with the workbook's grader replaced by a stub (BODY: its bash, with $out its --out).
autograde_stub() {
  local ag="$BATS_TEST_TMPDIR/autograder"
  mkdir -p "$ag/submission" && cp -r "$BATS_FILE_TMPDIR/solution/autograder/source" "$ag/source"
  cp -r "$BATS_FILE_TMPDIR/solution/autograder/submission/." "$ag/submission/"
  printf '#!/usr/bin/env bash\nwhile [ "$1" != --out ]; do shift; done; out=$2\necho ran >>"%s/runs"\n%s\n' "$BATS_TEST_TMPDIR" "$1" \
    >"$ag/source/c-prof-labs/checker/grade/grade"
  AUTOGRADER="$ag" bash "$ag/source/run_autograder"
}

@test "the submission is graded as the submitter's e-mail address from Gradescope's metadata (the id that picks the variants)" {
  mkdir -p "$BATS_TEST_TMPDIR/autograder"
  echo '{"users": [{"email": "ada+cprof@uni.example", "name": "Ada"}]}' >"$BATS_TEST_TMPDIR/autograder/submission_metadata.json"
  run autograde_stub "ls \"\${*: -1}\" >'$BATS_TEST_TMPDIR/ids'; exit 2"
  [ "$(cat "$BATS_TEST_TMPDIR/ids")" = 'ada+cprof@uni.example' ]
}

@test "without usable metadata the submission is graded as 'submission'" {
  mkdir -p "$BATS_TEST_TMPDIR/autograder"
  echo '{"users": [{"email": "not an id; rm -rf /"}]}' >"$BATS_TEST_TMPDIR/autograder/submission_metadata.json"
  run autograde_stub "ls \"\${*: -1}\" >'$BATS_TEST_TMPDIR/ids'; exit 2"
  [ "$(cat "$BATS_TEST_TMPDIR/ids")" = submission ]
}

@test "a run the machine spoilt twice is graded twice and then writes no results.json (no score), saying why" {
  run -1 autograde_stub 'mkdir -p "$out/results" "$out/feedback" && echo "# Feedback" >"$out/feedback/submission.md"
    echo "{\"regrade\": true, \"score\": null, \"steps\": [{\"state\": \"regrade\", \"why\": \"too busy to finish\"}]}" >"$out/results/submission.json"'
  assert_output --partial "NOT GRADED (no score written): the grading machine spoilt a run twice (regrade: too busy to finish)"
  [ "$(wc -l <"$BATS_TEST_TMPDIR/runs")" = 2 ]
  [ ! -e "$BATS_TEST_TMPDIR/autograder/results/results.json" ]
}

@test "a grader that cannot run here (no sandbox) writes no results.json, saying why" {
  run -1 autograde_stub 'echo "grade: cannot make namespaces on this machine" >&2; exit 3'
  assert_output --partial "grade: cannot make namespaces on this machine"
  assert_output --partial "NOT GRADED (no score written): the grader could not grade here (status 3)"
  [ ! -e "$BATS_TEST_TMPDIR/autograder/results/results.json" ]
}
