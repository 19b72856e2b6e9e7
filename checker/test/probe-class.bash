# probe-class.bash — a throw-away instructor's workbook with the grader's cheap
# fixture step 09 (checker/test/fixtures/grade/09-probe: a learner's function
# that the task and the checks run), and submissions for it. Loaded by the
# tests of the grading platforms (gradescope.bats, classroom.bats, shard.bats):
# each grading run of step 09 takes seconds, not the minutes of a real step.

PROBE_FIXTURES="$ROOT/checker/test/fixtures/grade"

# Makes TREE: a git copy of the workbook with step 09 registered and committed.
probe_tree() {
  local tree="$1"
  copy_workbook "$tree" --built
  cp -r "$PROBE_FIXTURES/09-probe" "$tree/steps/09-probe"
  printf '9\t09-probe\ta probe for the grader'"'"'s tests\tsrc/probe.c answers.md\n' >>"$tree/steps/steps.tsv"
  git -C "$tree" init -q && git -C "$tree" add -A &&
    git -C "$tree" -c user.name=t -c user.email=t@example.com commit -qm tree && probe_build_cache "$tree"
}

# Keeps TREE's tools/ and labs/ (built: copy_workbook --built) in the grader's
# build cache, through the grader's own build_shared_cached, as a first grading
# run of the same sources would: the tests' grading runs then never build them
# again (a build costs about 4 s of CPU; gradescope.bats started three at once).
probe_build_cache() {
  local tree="$1" mode
  mode=$("$tree/checker/grade/sandbox" --probe 2>/dev/null) || return 0  # no sandbox: the grader refuses, and keeps no cache
  (BASE="$tree" && . "$tree/checker/grade/grade" && SANDBOX_MODE=$mode && build_shared_cached >/dev/null)
}

# Writes a submission of step 09 into DIR: KIND is solution (full marks),
# starter (the untouched starter), or edited-check (the starter with a check.bats
# that always passes and a checker that never fails: it must score as the starter).
probe_submission() {
  local tree="$1" kind="$2" dir="$3/steps/09-probe"
  mkdir -p "$dir/src"
  git -C "$tree" show HEAD:steps/09-probe/src/probe.c >"$dir/src/probe.c"
  git -C "$tree" show HEAD:steps/09-probe/answers.md >"$dir/answers.md"
  case "$kind" in
    solution) cp "$tree/steps/09-probe/solution/src/probe.c" "$dir/src/probe.c" && printf 'value: 42\n' >"$dir/answers.md" ;;
    starter) ;;
    edited-check)
      cp "$PROBE_FIXTURES/always-pass.bats" "$dir/check.bats"
      mkdir -p "$3/checker" && { cat "$tree/checker/checker.bash"; echo 'check_fail() { return 0; }'; } >"$3/checker/checker.bash" ;;
    *) echo "probe_submission: unknown kind '$kind'" >&2; return 2 ;;
  esac
}
