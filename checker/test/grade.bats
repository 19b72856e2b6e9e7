#!/usr/bin/env bats
# The grader (checker/grade/grade) on a class of real and hostile submissions,
# graded once for steps 0-1 in a throw-away copy of the workbook. In that copy
# step 01 also takes src/ from a submission, so that hostile C code runs
# (checker/test/fixtures/submissions/README.md lists what each one tries).

bats_require_minimum_version 1.5.0

# Copies the starter's step 01 files of the test tree into a submission directory.
starter_step1() {
  mkdir -p "$SUBS/$1/steps/01-cpu"
  cp -a "$TREE/steps/01-cpu/src" "$TREE/steps/01-cpu/answers.md" "$SUBS/$1/steps/01-cpu/"
}

# A submission whose fib.c carries a hostile add-on (placeholders filled in).
hostile() {
  local id="$1" snippet="$FIXTURES/hostile/$1.c"
  starter_step1 "$id"
  sed -e "s|@OTHER_ANSWERS@|$SUBS/good/steps/01-cpu/answers.md|g" \
      -e "s|@SOLUTION_ANSWERS@|$TREE/steps/01-cpu/solution/answers.md|g" \
      -e "s|@SUBMISSIONS@|$SUBS|g" -e "s|@HOST_TREE@|$TREE|g" -e "s|@HOST_OUT@|$OUT|g" \
      -e "s|@HOST_TMP_FILE@|$HOST_TMP_FILE|g" -e "s|@HOST_IP@|$HOST_IP|g" \
      "$snippet" >>"$SUBS/$id/steps/01-cpu/src/fib.c"
}

# A real CPU profile of another program (step 00's hello), for the forged-evidence cases.
other_profile() {
  gcc -O1 -g "$TREE/steps/00-env/src/hello.c" -o "$BATS_FILE_TMPDIR/hello" -Wl,--no-as-needed -lprofiler -Wl,--as-needed &&
    CPUPROFILE="$BATS_FILE_TMPDIR/hello.prof" "$BATS_FILE_TMPDIR/hello" 300000 >/dev/null
}

# A student who changed the code, then submitted answers read from someone
# else's run (the reference's), and evidence to back them: out/ holding the
# profile FILE. Every such submission has the same learner files, graded once.
copied() {
  starter_step1 "$1"
  cp "$FIXTURES/hostile/changed-fib.c" "$SUBS/$1/steps/01-cpu/src/fib.c"
  cp "$TREE/steps/01-cpu/solution/answers.md" "$SUBS/$1/steps/01-cpu/answers.md"
  mkdir -p "$SUBS/$1/steps/01-cpu/out"
  cp "$2" "$SUBS/$1/steps/01-cpu/out/cpu.prof"
  cp "$BATS_FILE_TMPDIR/hello" "$SUBS/$1/steps/01-cpu/out/bench"
}

# A tarball with members that try to land outside where it is unpacked.
escaping_tarball() {
  python3 - "$1" "$TREE/steps/01-cpu/answers.md" "$HOST_TMP_FILE" <<'EOF'
import io, sys, tarfile
out, answers, abs_path = sys.argv[1:4]
def add(t, name, data=b"escaped\n", kind=tarfile.REGTYPE, link=""):
    i = tarfile.TarInfo(name); i.type = kind; i.linkname = link; i.size = len(data) if kind == tarfile.REGTYPE else 0
    t.addfile(i, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
with tarfile.open(out, "w:gz") as t:
    add(t, "c-prof-labs/steps/01-cpu/answers.md", open(answers, "rb").read())
    add(t, "../escaped-from-tarball.txt")
    add(t, abs_path + ".abs")
    add(t, "c-prof-labs/steps/01-cpu/src", kind=tarfile.SYMTYPE, link="/")
    add(t, "c-prof-labs/steps/01-cpu/src/tmp/escaped-through-link.txt")
EOF
}

# The class: the reference solution, the starter (a directory and a tarball), and the hostile ones.
make_class() {
  local id
  starter_step1 good && cp "$TREE/steps/01-cpu/solution/answers.md" "$SUBS/good/steps/01-cpu/"
  (. "$TREE/lib/workbook.sh" && copy_workbook "$SUBS/starter") && rm -rf "$SUBS"/starter/steps/*/solution
  tar -C "$SUBS" --transform 's,^starter,c-prof-labs,' -czf "$SUBS/starter-tarball.tar.gz" starter
  for id in infinite-loop disk-filler network read-others write-outside; do hostile "$id"; done
  # Without a cgroup only rlimits hold these two (slowly): they need one to be stopped at once.
  if [ "$HAVE_CGROUP" = 1 ]; then hostile fork-bomb; hostile memory-bomb; fi
  # Copied answers over changed code, backed by: a profile copied from another run, an
  # edited profile, a profile of the wrong binary, a check that passes everything (and
  # a checker whose check_fail never fails), an inspector that accepts anything.
  other_profile
  copied copied-profile "$BATS_FILE_TMPDIR/hello.prof"
  head -c 200 "$BATS_FILE_TMPDIR/hello.prof" >"$BATS_FILE_TMPDIR/edited.prof" && printf 'edited' >>"$BATS_FILE_TMPDIR/edited.prof"
  copied edited-profile "$BATS_FILE_TMPDIR/edited.prof"
  copied wrong-binary "$BATS_FILE_TMPDIR/hello.prof"
  copied modified-check "$BATS_FILE_TMPDIR/hello.prof"
  cp "$FIXTURES/always-pass.bats" "$SUBS/modified-check/steps/01-cpu/check.bats"
  mkdir -p "$SUBS/modified-check/checker" && { cat "$TREE/checker/checker.bash"; echo 'check_fail() { return 0; }'; } >"$SUBS/modified-check/checker/checker.bash"
  copied modified-inspector "$BATS_FILE_TMPDIR/hello.prof"
  mkdir -p "$SUBS/modified-inspector/tools/bin" && cp -a "$TREE/tools/profile-inspector" "$SUBS/modified-inspector/tools/"
  echo 'int inspect_accept_everything = 1;' >>"$SUBS/modified-inspector/tools/profile-inspector/cpu.c"
  printf '#!/bin/sh\nexit 0\n' >"$SUBS/modified-inspector/tools/bin/profile-inspect" && chmod +x "$SUBS/modified-inspector/tools/bin/profile-inspect"
  # Links out of the submission, an absurd file, a tarball that escapes, a bad name.
  mkdir -p "$SUBS/symlink-escape/steps/01-cpu"
  ln -s "$SUBS/good/steps/01-cpu/answers.md" "$SUBS/symlink-escape/steps/01-cpu/answers.md"
  ln -s /etc "$SUBS/symlink-escape/steps/01-cpu/src"
  starter_step1 huge-source && head -c 3000000 /dev/zero | tr '\0' ' ' >>"$SUBS/huge-source/steps/01-cpu/src/fib.c"
  escaping_tarball "$SUBS/tar-escape.tar.gz"
  starter_step1 'evil,name'
}

# Writes a timestamp (ms) every 0.2 s until the file STOP exists: how responsive the machine stayed.
heartbeat() {
  while [ ! -e "$BATS_FILE_TMPDIR/stop" ]; do date +%s%3N >>"$BATS_FILE_TMPDIR/heartbeat"; sleep 0.2; done
}

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  [ -d "$root/steps/01-cpu/solution" ] || skip "no solution/ here (a student kit): grading tests need the reference solution"
  export TREE="$BATS_FILE_TMPDIR/workbook" SUBS="$BATS_FILE_TMPDIR/submissions" OUT="$BATS_FILE_TMPDIR/grades"
  export FIXTURES="$root/checker/test/fixtures/submissions"
  export HOST_TMP_FILE="${TMPDIR:-/tmp}/c-prof-labs-grade-test-$$.txt"
  export HOST_IP; HOST_IP=$(hostname -I 2>/dev/null | awk '{ print $1 }'); HOST_IP=${HOST_IP:-10.0.2.2}
  export HAVE_CGROUP=0; "$root/checker/grade/sandbox" --probe-cgroup && HAVE_CGROUP=1
  (. "$root/lib/workbook.sh" && copy_workbook "$TREE")
  sed -i 's/^LEARNER_FILES := answers.md$/LEARNER_FILES := answers.md src/' "$TREE/steps/01-cpu/Makefile"
  grep -q '^LEARNER_FILES := answers.md src$' "$TREE/steps/01-cpu/Makefile"
  # Step 01 profiles a fixed count of fib(30) calls (FIB_OPS); 100 of them (0.65 s of
  # CPU, 160 samples whatever the load) keep this test shorter.
  sed -i 's/^FIB_OPS := .*/FIB_OPS := 100/' "$TREE/steps/01-cpu/Makefile"
  grep -q '^FIB_OPS := 100$' "$TREE/steps/01-cpu/Makefile"
  cp "$TREE/checker/checker.bash" "$BATS_FILE_TMPDIR/checker.bash.before"
  make_class
  heartbeat 3>&- &
  "$TREE/checker/grade/grade" --steps 0-1 --out "$OUT" --run-seconds 300 --check-seconds 150 --cpu-seconds 20 \
    --memory-mib 768 --procs 64 --out-mib 64 "$SUBS" >"$BATS_FILE_TMPDIR/grade.log" 2>&1
  echo $? >"$BATS_FILE_TMPDIR/grade.status"
  touch "$BATS_FILE_TMPDIR/stop"
  wait
}

teardown_file() {
  rm -f "$HOST_TMP_FILE" "$HOST_TMP_FILE.abs"
}

setup() {
  load ../checker
}

# Prints a student's feedback (and fails if there is none).
feedback() {
  cat "$OUT/feedback/$1.md"
}

@test "the grader graded the class in the bubblewrap sandbox and wrote every report" {
  cat "$BATS_FILE_TMPDIR/grade.log"
  [ "$(cat "$BATS_FILE_TMPDIR/grade.status")" = 0 ]
  grep -qx 'Sandbox: bubblewrap' "$OUT/summary.txt"
  for id in good starter infinite-loop fork-bomb tar-escape; do
    [ -s "$OUT/feedback/$id.md" ] && [ -s "$OUT/feedback/$id.html" ] && [ -s "$OUT/junit/$id.xml" ]
  done
  xmllint --noout "$OUT"/junit/*.xml 2>/dev/null || python3 -c 'import sys, xml.dom.minidom as m; [m.parse(f) for f in sys.argv[1:]]' "$OUT"/junit/*.xml
  grep -q '<testcase classname="c-prof-labs.01-cpu" name="answer hottest names' "$OUT/junit/good.xml"
}

@test "grades.csv: full marks for the reference solution, 0 for the starter and every hostile submission" {
  cat "$OUT/grades.csv"
  grep -v "^$([ "$HAVE_CGROUP" = 1 ] && echo none || echo '\(fork\|memory\)-bomb'),"  <<'EOF' | diff -u - "$OUT/grades.csv"
student,step0,step1,total,max
copied-profile,0,0,0,10
disk-filler,0,0,0,10
edited-profile,0,0,0,10
fork-bomb,0,0,0,10
good,0,10,10,10
huge-source,0,0,0,10
infinite-loop,0,0,0,10
memory-bomb,0,0,0,10
modified-check,0,0,0,10
modified-inspector,0,0,0,10
network,0,0,0,10
read-others,0,0,0,10
starter,0,0,0,10
starter-tarball,0,0,0,10
symlink-escape,0,0,0,10
tar-escape,0,0,0,10
write-outside,0,0,0,10
wrong-binary,0,0,0,10
EOF
}

@test "a submission with an unsafe name is skipped and the summary says so" {
  grep -F 'Note: skipped evil,name: a student id has letters, digits' "$OUT/summary.txt"
}

@test "infinite loop: stopped by the CPU limit, and the feedback says so" {
  feedback infinite-loop   # printed when the test fails
  feedback infinite-loop | grep -F 'a process used up its CPU time (20 s per process) and was killed'
}

@test "fork bomb: stopped at the process limit within a second, and the feedback says so" {
  [ "$HAVE_CGROUP" = 1 ] || skip "no cgroup here to count processes in"
  feedback fork-bomb   # printed when the test fails
  feedback fork-bomb | grep -F "the step's processes hit the process limit (64): a fork bomb? The sandbox was stopped."
}

@test "memory bomb: stopped by the memory limit, and the feedback says so" {
  [ "$HAVE_CGROUP" = 1 ] || skip "no cgroup here to limit memory in"
  feedback memory-bomb   # printed when the test fails
  feedback memory-bomb | grep -F 'the memory limit (768 MiB) was reached: the kernel killed'
}

@test "disk filler: out/ fills its own small limit, not the disk, and the feedback says so" {
  feedback disk-filler   # printed when the test fails
  feedback disk-filler | grep -F 'out/ filled its limit (64 MiB)'
  feedback disk-filler | grep -F 'hostile: wrote'
}

@test "network: no connection and no name resolution from the sandbox" {
  feedback network   # printed when the test fails
  feedback network | grep -F 'hostile: no network at all; giving up'
  ! feedback network | grep -E 'CONNECTED|RESOLVED' || false
}

@test "reading others: neither another submission nor the solution is visible" {
  feedback read-others   # printed when the test fails
  feedback read-others | grep -F 'hostile: nothing of anyone else'"'"'s to read'
  ! feedback read-others | grep -E 'STOLE|LISTED' || false
}

@test "writing outside: the checks, the checker and the grader's files stay untouched" {
  feedback write-outside   # printed when the test fails
  feedback write-outside | grep -F 'hostile: could not write anywhere outside out/'
  ! feedback write-outside | grep -F 'WRITTEN' | grep -v "$HOST_TMP_FILE" || false
  cmp "$BATS_FILE_TMPDIR/checker.bash.before" "$TREE/checker/checker.bash"
  [ ! -e "$OUT/pwned" ] && [ ! -e "$SUBS/pwned" ] && [ ! -e "$HOST_TMP_FILE" ]
  feedback write-outside | grep -F "found:    no such file (or it is empty): run make step-1 first"
}

@test "a complete, untouched copy of the workbook has nothing ignored and nothing refused" {
  feedback starter   # printed when the test fails
  ! feedback starter | grep -E '^(ignored|refused):' || false
  feedback starter | grep -F 'taken: steps/01-cpu/answers.md'
}

@test "copied answers over changed code fail against the student's own profile, with the reasons" {
  feedback copied-profile   # printed when the test fails
  feedback copied-profile | grep -F 'taken: steps/01-cpu/src/fib.c'
  feedback copied-profile | grep -F 'ignored: steps/01-cpu/out/ (2 files): the grader never uses submitted artifacts, it makes its own'
  feedback copied-profile | grep -F 'found:    slow_add (inline) on top; fib has'
  feedback copied-profile | grep -F 'found:    hottest: fib'
  feedback copied-profile | grep -F 'found:    fib_instructions_millions: 40.4 (too low)'
}

@test "an edited profile and a profile of the wrong binary are ignored like any submitted out/" {
  for id in edited-profile wrong-binary; do
    feedback "$id"
    feedback "$id" | grep -F 'ignored: steps/01-cpu/out/ (2 files): the grader never uses submitted artifacts'
    feedback "$id" | grep -F 'found:    fib_instructions_millions: 40.4 (too low)'
  done
}

@test "a modified check and checker are ignored: the instructor's checks judge the answers" {
  feedback modified-check   # printed when the test fails
  feedback modified-check | grep -F "ignored: steps/01-cpu/check.bats differs from the instructor's copy; the grader used its own"
  feedback modified-check | grep -F "ignored: checker/checker.bash differs from the instructor's copy"
  feedback modified-check | grep -F 'found:    hottest: fib'
}

@test "a modified inspector is ignored: the instructor's inspector is used" {
  feedback modified-inspector   # printed when the test fails
  feedback modified-inspector | grep -F "ignored: tools/profile-inspector/cpu.c differs from the instructor's copy"
  feedback modified-inspector | grep -F 'found:    fib_instructions_millions: 40.4 (too low)'
}

@test "symbolic links out of a submission are refused, not followed" {
  feedback symlink-escape   # printed when the test fails
  feedback symlink-escape | grep -F 'refused: steps/01-cpu/answers.md is a symbolic link'
  feedback symlink-escape | grep -F 'refused: steps/01-cpu/src is a symbolic link'
}

@test "an absurdly large learner file is refused" {
  feedback huge-source   # printed when the test fails
  feedback huge-source | grep -E 'refused: steps/01-cpu/src/fib.c is [0-9]+ KiB \(a learner file may have 1024 KiB\)'
}

@test "a tarball's members cannot land outside where it is unpacked" {
  feedback tar-escape   # printed when the test fails
  [ ! -e "$BATS_FILE_TMPDIR/escaped-from-tarball.txt" ] && [ ! -e "$HOST_TMP_FILE.abs" ] && [ ! -e /tmp/escaped-through-link.txt ]
  feedback tar-escape | grep -F 'refused: steps/01-cpu/src is a symbolic link'
}

@test "the machine stayed responsive: no gap over 5 s in a heartbeat taken every 0.2 s while grading" {
  awk 'NR > 1 && $1 - last > max { max = $1 - last } { last = $1 } END { print "longest gap:", max, "ms over", NR, "beats"; exit !(max < 5000) }' \
    "$BATS_FILE_TMPDIR/heartbeat"
}

@test "without a working bubblewrap the grader refuses to run submissions" {
  BWRAP=false run -3 "$TREE/checker/grade/grade" --steps 0 --out "$BATS_TEST_TMPDIR/out" "$SUBS"
  assert_output --partial "cannot create namespaces on this machine"
  assert_output --partial "--unsafe-no-sandbox"
  [ ! -e "$BATS_TEST_TMPDIR/out/grades.csv" ]
}

@test "--unsafe-no-sandbox grades anyway and says so in the summary and the feedback" {
  mkdir -p "$BATS_TEST_TMPDIR/one" && cp -a "$SUBS/good" "$BATS_TEST_TMPDIR/one/"
  BWRAP=false run -0 "$TREE/checker/grade/grade" --steps 0 --unsafe-no-sandbox --out "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/one"
  assert_output --partial "Sandbox: NONE (--unsafe-no-sandbox)"
  grep -F '**Warning:** NONE (--unsafe-no-sandbox)' "$BATS_TEST_TMPDIR/out/feedback/good.md"
}
