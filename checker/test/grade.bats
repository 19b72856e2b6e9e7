#!/usr/bin/env bats
# The grader (checker/grade/grade) on a class of honest and hostile
# submissions, in a throw-away git copy of the workbook with one more step, 09
# (checker/test/fixtures/grade/09-probe: a learner's function that the task and
# the checks run, through a valgrind, a curl and temporary files of the
# checker's own). Every hostile submission is the starter plus one attack
# (checker/test/fixtures/grade/README.md lists them); the gradebook and the
# submissions folder lie inside the checkout, as an instructor's often do, and
# the instructor's working tree has the step's answers.md filled in.

bats_require_minimum_version 1.5.0

# Markers that must never reach a student: another student's answers, the
# instructor's working tree, the reference solution.
GOOD_SECRET=secret-of-good-7f3a
TREE_SECRET=instructor-working-tree-9b2c
SOLUTION_SECRET=reference-solution-5d1e

# Copies the step's starter files (src/probe.c, answers.md) into a submission.
starter_files() {
  probe_submission "$TREE" starter "$SUBS/$1"
}

# A submission whose probe.c carries a hostile add-on (its @PLACEHOLDERS@ filled in).
hostile() {
  local id="$1"
  starter_files "$id"
  sed -e "s|@OTHER_ANSWERS@|$SUBS/good/steps/09-probe/answers.md|g" \
      -e "s|@SOLUTION_ANSWERS@|$TREE/steps/09-probe/solution/answers.md|g" \
      -e "s|@WORKING_ANSWERS@|$TREE/steps/09-probe/answers.md|g" \
      -e "s|@SUBMISSIONS@|$SUBS|g" -e "s|@HOST_TREE@|$TREE|g" -e "s|@HOST_OUT@|$OUT|g" -e "s|@HOST_IP@|$HOST_IP|g" \
      "$FIXTURES/hostile/$id.c" >>"$SUBS/$id/steps/09-probe/src/probe.c"
}

# A tarball with members that try to land outside where it is unpacked.
escaping_tarball() {
  python3 - "$1" "$SUBS/starter/steps/09-probe/answers.md" "${TMPDIR:-/tmp}/grade-test-escape-$$" <<'EOF'
import io, sys, tarfile
out, answers, abs_path = sys.argv[1:4]
def add(t, name, data=b"escaped\n", kind=tarfile.REGTYPE, link=""):
    i = tarfile.TarInfo(name); i.type = kind; i.linkname = link; i.size = len(data) if kind == tarfile.REGTYPE else 0
    t.addfile(i, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
with tarfile.open(out, "w:gz") as t:
    add(t, "c-prof-labs/steps/09-probe/answers.md", open(answers, "rb").read())
    add(t, "../escaped-from-tarball.txt")
    add(t, abs_path)
    add(t, "c-prof-labs/steps/09-probe/src", kind=tarfile.SYMTYPE, link="/")
    add(t, "c-prof-labs/steps/09-probe/src/tmp/escaped-through-link.txt")
EOF
}

# The class: honest ones, the starter, the hostile ones, and odd shapes of submission.
make_class() {
  local id
  starter_files good
  cp "$TREE/steps/09-probe/solution/src/probe.c" "$SUBS/good/steps/09-probe/src/"
  printf 'value: 42\n<!-- %s -->\n' "$GOOD_SECRET" >"$SUBS/good/steps/09-probe/answers.md"
  cp -r "$SUBS/good" "$SUBS/good-copy"
  starter_files starter
  tar -C "$SUBS" --transform 's,^starter,c-prof-labs,' -czf "$SUBS/starter-tarball.tar.gz" starter
  for id in forge-tap plant-rc overwrite-checker read-others write-outside cpu-hog disk-filler network; do hostile "$id"; done
  # Without a cgroup only rlimits hold these two (slowly): they need one to be stopped at once.
  if [ "$HAVE_CGROUP" = 1 ]; then hostile fork-bomb; hostile memory-bomb; fi
  # The harness, the checks and the checker changed to pass; artifacts of its own in out/.
  probe_submission "$TREE" edited-check "$SUBS/replaced-harness"
  printf '#include <stdio.h>\nint main(void) { puts("42"); return 0; }\n' >"$SUBS/replaced-harness/steps/09-probe/src/harness.c"
  starter_files submitted-out
  mkdir -p "$SUBS/submitted-out/steps/09-probe/out" && echo 42 >"$SUBS/submitted-out/steps/09-probe/out/result.txt"
  # The right code, but no answers.md (the instructor's working tree has it filled in).
  starter_files missing-file
  cp "$TREE/steps/09-probe/solution/src/probe.c" "$SUBS/missing-file/steps/09-probe/src/" && rm "$SUBS/missing-file/steps/09-probe/answers.md"
  # Links out of the submission, an absurd file, a tarball that escapes, a bad name.
  mkdir -p "$SUBS/symlink-escape/steps/09-probe"
  ln -s "$SUBS/good/steps/09-probe/answers.md" "$SUBS/symlink-escape/steps/09-probe/answers.md"
  ln -s /etc "$SUBS/symlink-escape/steps/09-probe/src"
  starter_files huge-source && head -c 3000000 /dev/zero | tr '\0' ' ' >>"$SUBS/huge-source/steps/09-probe/src/probe.c"
  escaping_tarball "$SUBS/tar-escape.tar.gz"
  starter_files 'evil,name'
}

# The workbook as an instructor's checkout: a git copy with step 09 registered
# and committed, then its answers.md filled in without a commit.
make_tree() {
  probe_tree "$TREE"
  printf '<!-- %s -->\n' "$SOLUTION_SECRET" >>"$TREE/steps/09-probe/solution/answers.md"
  git -C "$TREE" -c user.name=t -c user.email=t@example.com commit -qam 'a secret in the solution'
  printf 'value: 42\n<!-- %s -->\n' "$TREE_SECRET" >"$TREE/steps/09-probe/answers.md"
}

# Grades with small limits on what the probe needs (CPU, memory, processes) and wide ones on time, so
# that a busy machine does not turn a run into a regrade; extra options follow. An honest run of the
# probe takes about 1.5 s of CPU; the CPU hog spins (twice, here and busy) until the budget stops it.
grade_class() {
  "$TREE/checker/grade/grade" --steps 9 --run-seconds 120 --check-seconds 120 --cpu-seconds 5 --cpu-budget 6 \
    --memory-mib 512 --procs 64 --out-mib 64 "$@"
}

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  [ -d "$root/steps/01-cpu/solution" ] || skip "no solution/ here (a student kit): grading tests need the reference solution"
  "$root/checker/grade/sandbox" --probe >/dev/null ||
    skip "cannot test here: no namespaces can be made (as root or in a user namespace), so the grader refuses to grade"
  export TREE="$BATS_FILE_TMPDIR/workbook"
  export SUBS="$TREE/submissions" OUT="$TREE/grades-x" FIXTURES="$root/checker/test/fixtures/grade"
  export HOST_IP; HOST_IP=$(hostname -I 2>/dev/null | awk '{ print $1 }'); HOST_IP=${HOST_IP:-10.0.2.2}
  export HAVE_CGROUP=0; "$root/checker/grade/sandbox" --probe-cgroup && HAVE_CGROUP=1
  export ROOT="$root"
  . "$ROOT/lib/workbook.sh" && . "$ROOT/checker/test/probe-class.bash"
  make_tree
  make_class
  grade_class --out "$OUT" "$SUBS" >"$BATS_FILE_TMPDIR/grade.log" 2>&1
  echo $? >"$BATS_FILE_TMPDIR/grade.status"
}

teardown_file() {
  rm -f "${TMPDIR:-/tmp}/grade-test-escape-$$"
}

setup() {
  load ../checker
}

# Prints a student's feedback.
feedback() {
  cat "$OUT/feedback/$1.md"
}

# Prints every report a student can see: all feedback, HTML and JUnit files.
everything_students_see() {
  cat "$OUT"/feedback/*.md "$OUT"/feedback/*.html "$OUT"/junit/*.xml
}

@test "a step without answers.md (step 0) is graded without a shell error" {
  run grade_class --steps 0 --out "$BATS_FILE_TMPDIR/step0" "$SUBS"
  [ "$status" -eq 0 ]
  refute_output --regexp 'line [0-9]+: '
}

@test "the grader graded the class in its sandbox and wrote every report" {
  cat "$BATS_FILE_TMPDIR/grade.log"
  [ "$(cat "$BATS_FILE_TMPDIR/grade.status")" = 0 ]
  grep -q '^Sandbox: namespaces' "$OUT/summary.txt"
  for id in good starter forge-tap cpu-hog tar-escape; do
    [ -s "$OUT/feedback/$id.md" ] || { echo "no feedback for $id"; return 1; }
    [ -s "$OUT/feedback/$id.html" ] || { echo "no HTML feedback for $id"; return 1; }
    [ -s "$OUT/junit/$id.xml" ] || { echo "no JUnit file for $id"; return 1; }
  done
  python3 -c 'import sys, xml.dom.minidom as m; [m.parse(f) for f in sys.argv[1:]]' "$OUT"/junit/*.xml
}

@test "grades.csv: full marks for the honest submissions, the right code alone for the one without answers, 0 for the rest" {
  cat "$OUT/grades.csv"
  grep -v "^$([ "$HAVE_CGROUP" = 1 ] && echo none || echo '\(fork\|memory\)-bomb')," <<'EOF' | diff -u - "$OUT/grades.csv"
student,step9,total,max
cpu-hog,0,0,10
disk-filler,0,0,10
forge-tap,0,0,10
fork-bomb,0,0,10
good,10,10,10
good-copy,10,10,10
huge-source,0,0,10
memory-bomb,0,0,10
missing-file,6.67,6.67,10
network,0,0,10
overwrite-checker,0,0,10
plant-rc,0,0,10
read-others,0,0,10
replaced-harness,0,0,10
starter,0,0,10
starter-tarball,0,0,10
submitted-out,0,0,10
symlink-escape,0,0,10
tar-escape,0,0,10
write-outside,0,0,10
EOF
}

@test "forged reports written to every descriptor change nothing: the checks' own results are graded" {
  feedback forge-tap | grep -q '^- ✗ the probe answers 42'
  feedback forge-tap | grep -q '^- ✗ answer value is the number the probe prints'
  run ! grep -q 'regrade' "$OUT/feedback/forge-tap.md"
}

@test "configuration planted for valgrind, curl and the other tools changes nothing: memcheck still finds the leak" {
  feedback plant-rc | grep -A4 '^- ✗ memcheck finds no definitely lost bytes' | grep -q 'found:    definitely lost: 64 bytes'
  feedback plant-rc | grep -q "^- ✓ the checker's own files and its curl are untouched"
}

@test "the learner's code cannot reach the checker's temporary files or processes" {
  feedback overwrite-checker | grep -q "^- ✓ the checker's own files and its curl are untouched"
  grep -q '^overwrite-checker,0,0,10$' "$OUT/grades.csv"
}

@test "no student sees another's answers, the solution, the instructor's working tree or the gradebook" {
  run ! grep -l -e "$GOOD_SECRET" -e "$TREE_SECRET" -e "$SOLUTION_SECRET" $(ls "$OUT"/feedback/* "$OUT"/junit/* | grep -v '/good\(-copy\)\{0,1\}\.')
  run ! grep -q 'STOLE' <(everything_students_see)
  run ! grep -q 'LISTED' <(everything_students_see)
}

@test "writes outside out/ land nowhere: the checker, the checks, the gradebook and the submissions are untouched" {
  [ ! -e "$OUT/pwned" ]
  [ ! -e "$SUBS/pwned" ]
  git -C "$TREE" diff --quiet HEAD -- checker steps/09-probe/check.bats
  run ! grep -q 'WRITTEN' <(everything_students_see)
  [ ! -e "$TREE/escaped-from-tarball.txt" ]
  [ ! -e "${TMPDIR:-/tmp}/grade-test-escape-$$" ]
}

@test "a CPU hog is stopped for using its CPU, with the reason, while the honest ones beside it keep full marks" {
  feedback cpu-hog | grep -q 'no points: the run was stopped'
  feedback cpu-hog | grep -qi 'cpu'
  grep -q '^good,10,10,10$' "$OUT/grades.csv"
}

@test "a fork bomb and a memory bomb are stopped with the reason" {
  [ "$HAVE_CGROUP" = 1 ] || skip "cannot test here: no cgroup to stop them in"
  feedback fork-bomb | grep -q 'process limit (64): a fork bomb'
  feedback memory-bomb | grep -q 'memory limit (512 MiB) was reached'
}

@test "a disk filler fills only its own limits, and the network reaches nothing" {
  feedback disk-filler | grep -q 'out/ filled its limit (64 MiB)'
  run ! grep -q 'CONNECTED\|RESOLVED' <(feedback network)
}

@test "changed harness, checks and checker are ignored and named; a submission's out/ is never used" {
  feedback replaced-harness | grep -q 'ignored: steps/09-probe/src/harness.c differs from the instructor'
  feedback replaced-harness | grep -q 'ignored: steps/09-probe/check.bats differs from the instructor'
  feedback replaced-harness | grep -q 'ignored: checker/checker.bash differs from the instructor'
  feedback submitted-out | grep -q "ignored: steps/09-probe/out/ (1 files): the grader never uses submitted artifacts"
}

@test "a missing learner file is graded as the starter at HEAD, not the instructor's filled-in copy, and the feedback says so" {
  feedback missing-file | grep -q "starter: steps/09-probe/answers.md is not in your submission: the starter's version of it (the workbook's at commit $(git -C "$TREE" rev-parse --short HEAD)) was graded"
  feedback missing-file | grep -q '^- ✗ answer value is the number the probe prints'
}

@test "the gradebook and submissions inside the checkout were left out of the export, with a warning about uncommitted changes" {
  grep -q 'uncommitted changes to 1 tracked file(s) are not used: steps/09-probe/answers.md' "$BATS_FILE_TMPDIR/grade.log"
  grep -q '^Workbook: the tracked files at commit ' "$OUT/summary.txt"
}

@test "identical submissions are listed for the instructor only" {
  grep -qx 'step 9, identical src/probe.c answers.md: good good-copy' "$OUT/copies.txt"
  grep -q 'identical src/probe.c answers.md: good good-copy' "$OUT/summary.txt"
  run ! grep -qi 'identical\|copies' <(everything_students_see)
}

@test "links, absurd sizes, escaping tarballs and bad names are refused and named" {
  feedback symlink-escape | grep -q 'refused: steps/09-probe/answers.md is a symbolic link'
  feedback huge-source | grep -q 'refused: steps/09-probe/src/probe.c is [0-9]* KiB'
  grep -q 'skipped evil,name: a student id has letters, digits' "$OUT/summary.txt"
  [ ! -e "$SUBS/escaped-from-tarball.txt" ]
}

@test "a gradebook folder inside the workbook that git tracks is refused before anything is graded" {
  run -2 "$TREE/checker/grade/grade" --steps 9 --out "$TREE/steps/09-probe" "$SUBS"
  assert_output --partial "OUT (steps/09-probe) is inside the workbook and git tracks files in it"
}

@test "graded again while both cores are kept busy, every score is the same or marked regrade" {
  local small="$BATS_FILE_TMPDIR/small" log="$BATS_FILE_TMPDIR/busy.log" grader status=0 hogs i
  . "$ROOT/lib/hogs.sh"
  mkdir -p "$small" && cp -r "$SUBS/good" "$SUBS/starter" "$SUBS/cpu-hog" "$small/"
  # The three runs at once (--jobs 3), the class's own CPU hog among them, beside CPU hogs of
  # ours: twice as much to run as there are cores (on two: the three runs and one hog).
  grade_class --jobs 3 --out "$BATS_FILE_TMPDIR/busy" "$small" >"$log" 2>&1 &
  grader=$!
  hogs=$((2 * $(nproc) - 3)) && [ "$hogs" -ge 1 ] || hogs=1
  # The cores are kept busy from the grader's first step run (the line it prints once its own
  # tree is built) to its end: the runs are what a busy machine must not misjudge.
  for i in $(seq 1 1200); do grep -q '^grade: 3 submission' "$log" && break; kill -0 "$grader" 2>/dev/null || break; sleep 0.5; done
  start_hogs "$hogs" 600
  wait "$grader" || status=$?
  stop_hogs
  cat "$log"
  [ "$status" = 0 ]
  grep -q '^grade: 3 submission.*, 3 at once' "$log"
  cat "$BATS_FILE_TMPDIR/busy/grades.csv"
  grep -E '^(student|good|starter|cpu-hog),' "$OUT/grades.csv" | diff - "$BATS_FILE_TMPDIR/busy/grades.csv" |
    awk '/^>/ && !/regrade/ { bad = 1 } END { exit bad }'
}
