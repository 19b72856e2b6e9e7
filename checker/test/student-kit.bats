#!/usr/bin/env bats
# make student-kit, tried in a throw-away git copy of the workbook: the kit is
# the tracked files at HEAD (no solutions, no leaked answers, nothing the
# instructor's working tree holds besides), it is the same bytes each time, and
# in the kit (not a git checkout) the steps build, their checks run, and reset works.
# The copy has the grader's cheap step 09 too (checker/test/probe-class.bash):
# the kit's starter is shown failing its tagged checks on it, in seconds, where
# a real step's starter takes half a minute of CPU; step 0 runs for real.

bats_require_minimum_version 1.5.0

# Copies the working tree to DIR as a git checkout with one commit (the kit is made from HEAD).
git_copy() {
  (. "$1/lib/workbook.sh" && copy_workbook "$2") &&
    git -C "$2" init -q && git -C "$2" add -A && git -C "$2" -c user.name=t -c user.email=t@example.com commit -qm copy
}

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  [ -d "$root/steps/01-cpu/solution" ] || skip "no solution/ here (this is a student kit already)"
  export COPY="$BATS_FILE_TMPDIR/workbook"
  # A student's name that appears nowhere but in the instructor's working tree (not even in this file).
  export MARK; MARK=$(printf 'student-%s' c0ffee)
  (ROOT="$root" && . "$root/lib/workbook.sh" && . "$root/checker/test/probe-class.bash" && probe_tree "$COPY") || return 1
  # What an instructor's checkout holds besides the tracked files: filled-in answers, a gradebook, submissions.
  cp "$COPY/steps/01-cpu/solution/answers.md" "$COPY/steps/01-cpu/answers.md"
  mkdir -p "$COPY/grades-x/feedback" "$COPY/submissions/$MARK/steps/01-cpu"
  echo "$MARK,10,10" >"$COPY/grades-x/grades.csv" && echo "$MARK's feedback" >"$COPY/grades-x/feedback/$MARK.md"
  cp "$COPY/steps/01-cpu/answers.md" "$COPY/submissions/$MARK/steps/01-cpu/"
  make -s -C "$COPY" student-kit >"$BATS_FILE_TMPDIR/kit.log" 2>&1
  echo $? >"$BATS_FILE_TMPDIR/kit.status"
  export KIT="$COPY/build/student-kit"
}

setup() {
  load ../checker
}

@test "make student-kit writes the kit and its tarball, with no solution/ and a .starter/ snapshot" {
  cat "$BATS_FILE_TMPDIR/kit.log"
  [ "$(cat "$BATS_FILE_TMPDIR/kit.status")" = 0 ]
  [ -z "$(find "$KIT" -name solution)" ]
  [ -z "$(find "$KIT/steps" -maxdepth 2 -name corpus)" ]
  git -C "$COPY" show HEAD:steps/01-cpu/answers.md | cmp - "$KIT/.starter/steps/01-cpu/answers.md"
  tar -tzf "$COPY/build/student-kit.tar.gz" | grep -qx 'c-prof-labs/.starter/steps/01-cpu/answers.md'
  ! tar -tzf "$COPY/build/student-kit.tar.gz" | grep -E '/solution/|/corpus/|^c-prof-labs/\.git/' || false
}

@test "the kit ships the tracked files at HEAD: no filled-in answers, gradebook or submissions from the working tree" {
  git -C "$COPY" show HEAD:steps/01-cpu/answers.md | cmp - "$KIT/steps/01-cpu/answers.md"
  [ ! -e "$KIT/grades-x" ]
  [ ! -e "$KIT/submissions" ]
  run ! grep -rl "$MARK" "$KIT"
}

@test "a kit made from a checkout with uncommitted changes says so" {
  grep -q "WARNING: the kit is the workbook at HEAD" "$BATS_FILE_TMPDIR/kit.log"
}

@test "the tarball is the same bytes when the kit is made again" {
  "$COPY/checker/grade/student-kit" --out "$BATS_FILE_TMPDIR/again/student-kit"
  cmp "$COPY/build/student-kit.tar.gz" "$BATS_FILE_TMPDIR/again/student-kit.tar.gz"
}

@test "a leaked answer line or solution line stops the kit and is named" {
  local tree="$BATS_TEST_TMPDIR/tree" leak line='long cache[FIB_N + 1]; // a line only the solution has'
  git_copy "$COPY" "$tree"
  leak=$(grep -m1 '^fib_caller:' "$tree/steps/01-cpu/solution/answers.md")
  printf '\n  `%s`\n' "$leak" >>"$tree/steps/01-cpu/hints.md"
  mkdir -p "$tree/steps/01-cpu/solution/src" && { cat "$tree/steps/01-cpu/src/fib.c"; echo "$line"; } >"$tree/steps/01-cpu/solution/src/fib.c"
  printf '```c\n    %s\n```\n' "$line" >>"$tree/steps/01-cpu/README.md"
  git -C "$tree" add -A && git -C "$tree" -c user.name=t -c user.email=t@example.com commit -qm leak
  run -1 "$tree/checker/grade/student-kit" --out "$BATS_TEST_TMPDIR/leaky"
  assert_output --partial "student-kit: the kit would reveal answers"
  assert_output --regexp "steps/01-cpu/hints.md:[0-9]+: an answer line of a solution/answers.md"
  assert_output --regexp "steps/01-cpu/README.md:[0-9]+: a line only a solution file has: long cache"
  [ ! -e "$BATS_TEST_TMPDIR/leaky.tar.gz" ]
}

@test "in the kit, step 0's task runs and its checks pass" {
  cd "$KIT"
  run -0 make -s step-0
  run -0 make -s check STEP=0
  assert_output --partial "✓ step 0 passed"
}

@test "in the kit, a step's starter fails every check tagged starter-fails" {
  cd "$KIT"
  run -0 make -s step-9
  run -2 make -s check STEP=9
  local tagged name
  tagged=$(ROOT=$KIT && . lib/workbook.sh && . lib/tap.sh && check_list steps/09-probe/check.bats | sed -n 's/^starter-fails\t//p')
  [ -n "$tagged" ]
  while IFS= read -r name; do sed -n 's/^not ok [0-9]* //p' .learner/results/09-probe.tap | grep -qxF "$name" || { echo "passes: $name"; return 1; }; done <<<"$tagged"
}

@test "in the kit, which is not a git checkout, make reset restores the starter from .starter/" {
  cd "$KIT"
  [ ! -d .git ]
  echo "hottest: something" >>steps/01-cpu/answers.md
  run -0 make -s reset STEP=1
  assert_output --partial "step 1 reset to the starter"
  cmp steps/01-cpu/answers.md .starter/steps/01-cpu/answers.md
}

@test "the kit carries the class's salt, kept for the class's next kit; without it a new class gets another" {
  grep -q "a new class salt in class.salt" "$BATS_FILE_TMPDIR/kit.log"
  [[ "$(cat "$KIT/class.salt")" =~ ^[0-9a-f]{32}$ ]]
  cmp "$COPY/class.salt" "$KIT/class.salt"
  [ -z "$(git -C "$COPY" status --porcelain class.salt)" ]  # ignored: never committed by accident
  rm "$COPY/class.salt"
  "$COPY/checker/grade/student-kit" --out "$BATS_FILE_TMPDIR/next/student-kit" >/dev/null
  run ! cmp -s "$KIT/class.salt" "$BATS_FILE_TMPDIR/next/student-kit/class.salt"
}
