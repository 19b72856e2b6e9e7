#!/usr/bin/env bats
# The grader with variants: a step whose workload differs between learners
# (VARIANT_PARAMS) is run once per student's variant, picked from the
# submission's name and the class's salt, never from the submitted files; an
# answers.md shared by two students passes for its owner only, and the copies
# report names them. On the grader's probe step 09, made variant by this test.

bats_require_minimum_version 1.5.0

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  [ -d "$root/steps/01-cpu/solution" ] || skip "no solution/ here (a student kit): grading tests need the reference solution"
  "$root/checker/grade/sandbox" --probe >/dev/null ||
    skip "cannot test here: no namespaces can be made (as root or in a user namespace), so the grader refuses to grade"
  export ROOT="$root" TREE="$BATS_FILE_TMPDIR/workbook"
  export SUBS="$BATS_FILE_TMPDIR/submissions" OUT="$BATS_FILE_TMPDIR/grades"
  . "$ROOT/lib/workbook.sh" && . "$ROOT/checker/test/probe-class.bash"
  variant_probe_tree "$TREE"
  echo 5f0c2a9e1b7d4c3a8e6f0b1d2c3a4e5f >"$TREE/class.salt"
  variant_class
  "$TREE/checker/grade/grade" --steps 9 --run-seconds 120 --check-seconds 120 --cpu-seconds 5 --cpu-budget 6 \
    --memory-mib 512 --procs 64 --out-mib 64 --out "$OUT" "$SUBS" >"$BATS_FILE_TMPDIR/grade.log" 2>&1
  echo $? >"$BATS_FILE_TMPDIR/grade.status"
}

setup() {
  load ../checker
}

# The probe tree with step 09 given a variant number OFFSET, which its task writes
# to out/offset.txt and one more check wants as the answer offset.
variant_probe_tree() {
  local tree="$1" step="$1/steps/09-probe"
  copy_workbook "$tree" --built
  cp -r "$PROBE_FIXTURES/09-probe" "$step"
  printf '9\t09-probe\ta probe for the grader'"'"'s tests\tsrc/probe.c answers.md\n' >>"$tree/steps/steps.tsv"
  sed -i 's|^include ../../mk/step.mk|VARIANT_PARAMS := OFFSET=0:1:1000000\n&|' "$step/Makefile"
  sed -i 's|^\t$(RUN_LEARNER) -- out/probe > out/result.txt|&\n\techo $(OFFSET) > out/offset.txt|' "$step/Makefile"
  # (written with printf: a test line in this file's own text would be one of its tests)
  printf '\n# bats test_tags=starter-fails\n@%s "answer offset is the offset of your variant" {\n%s\n}\n' test \
    '  assert_answer_is offset count "$(cat out/offset.txt)" "the number in out/offset.txt" "out/offset.txt"' >>"$step/check.bats"
  printf '\noffset:\n' >>"$step/answers.md"
  git -C "$tree" init -q && git -C "$tree" add -A &&
    git -C "$tree" -c user.name=t -c user.email=t@example.com commit -qm tree && probe_build_cache "$tree"
}

# The offset of student ID's variant of step 09 in the tree.
offset_of() {
  (ROOT="$TREE" CLASS_SALT_FILE="$TREE/class.salt" && . "$TREE/lib/workbook.sh" && . "$TREE/lib/learner.sh" &&
    CLASS_SALT_FILE="$TREE/class.salt" variant_number 9 OFFSET 0 1 1000000 "$1")
}

# alice answers her own variant's offset; bob hands in alice's very files; carol answers her own.
variant_class() {
  local id
  for id in alice bob carol; do probe_submission "$TREE" solution "$SUBS/$id"; done
  printf 'value: 42\noffset: %s\n' "$(offset_of alice)" >"$SUBS/alice/steps/09-probe/answers.md"
  cp "$SUBS/alice/steps/09-probe/answers.md" "$SUBS/bob/steps/09-probe/answers.md"
  printf 'value: 42\noffset: %s\n' "$(offset_of carol)" >"$SUBS/carol/steps/09-probe/answers.md"
}

@test "the three students' variants have different offsets" {
  [ "$(offset_of alice)" != "$(offset_of bob)" ]
  [ "$(offset_of alice)" != "$(offset_of carol)" ]
}

@test "the grading finished" {
  cat "$BATS_FILE_TMPDIR/grade.log"
  [ "$(cat "$BATS_FILE_TMPDIR/grade.status")" = 0 ]
}

@test "each student is graded against the offset of their own variant: the copy of another's answers loses that check" {
  cat "$OUT/grades.csv"
  local alice bob carol
  alice=$(grep '^alice,' "$OUT/grades.csv") bob=$(grep '^bob,' "$OUT/grades.csv") carol=$(grep '^carol,' "$OUT/grades.csv")
  [ "$alice" = "$(sed 's/^carol,/alice,/' <<<"$carol")" ]
  [ "$bob" != "$(sed 's/^alice,/bob,/' <<<"$alice")" ]
  grep -q 'answer offset' "$OUT/feedback/bob.md"
}

@test "the copies report names two students with identical files, whatever their variants" {
  run -0 cat "$OUT/copies.txt"
  assert_line --partial "step 9, identical src/probe.c answers.md: alice bob"
}

@test "the copies report names an answer that is another student's, right for them and wrong for the copier" {
  run -0 cat "$OUT/copies.txt"
  assert_line "step 9, answer offset: bob has alice's answer (right for alice, wrong for bob)"
  refute_line --partial "carol has"
}
