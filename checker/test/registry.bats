#!/usr/bin/env bats
# The step registry (steps/steps.tsv) agrees with the steps themselves
# (registry_problems in lib/workbook.sh), and the scripts read the list of
# steps only there.

bats_require_minimum_version 1.5.0

setup() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  . "$ROOT/lib/workbook.sh"
}

# Copies the registry, lib/ and steps 00 and 01 (Makefile, check.bats, learner files) to a scratch tree; prints its path.
scratch_tree() {
  local t="$BATS_TEST_TMPDIR/tree"
  mkdir -p "$t/steps" && cp -r "$ROOT/lib" "$t/" && cp "$REGISTRY" "$t/steps/"
  cp -r "$ROOT/steps/00-env" "$ROOT/steps/01-cpu" "$t/steps/"
  echo "$t"
}

# The problems registry_problems finds in a tree.
problems_in() {
  bash -c '. "$1/lib/workbook.sh" && registry_problems' _ "$1"
}

@test "the registry and the steps agree" {
  run -0 registry_problems
  [ -z "$output" ]
}

@test "every row of the registry has a number, a directory named NN-topic and a title" {
  run -0 awk -F '\t' '!/^#/ && !($1 ~ /^[0-9]+$/ && $2 ~ /^[0-9][0-9]-[a-z]+$/ && $3 != "" && NF == 4) { print NR ": " $0 }' "$REGISTRY"
  [ -z "$output" ]
}

@test "the registry lists the steps in order, each number once, each directory starting with its number" {
  run -0 awk -F '\t' '!/^#/ { if (seen && $1 != prev + 1) print NR ": " $1 " after " prev
    if (substr($2, 1, 2) + 0 != $1 + 0) print NR ": " $2 " for step " $1; seen = 1; prev = $1 }' "$REGISTRY"
  [ -z "$output" ]
}

@test "a Makefile whose STEP names another number is reported" {
  local t; t=$(scratch_tree)
  sed -i 's/^STEP := 1$/STEP := 7/' "$t/steps/01-cpu/Makefile"
  run -0 problems_in "$t"

  grep -qxF "steps/01-cpu/Makefile: STEP := '7', the registry says 1" <<<"$output"
}

@test "a check.bats whose step_setup names another number is reported" {
  local t; t=$(scratch_tree)
  sed -i 's/step_setup 1/step_setup 2/' "$t/steps/01-cpu/check.bats"
  run -0 problems_in "$t"
  grep -qxF "steps/01-cpu/check.bats: step_setup '2', the registry says 1" <<<"$output"
}

@test "a missing learner file, an unregistered directory and a Makefile's own LEARNER_FILES are reported" {
  local t; t=$(scratch_tree)
  rm "$t/steps/01-cpu/answers.md"
  mkdir -p "$t/steps/09-extra"
  echo 'LEARNER_FILES := src' >>"$t/steps/00-env/Makefile"
  run -0 problems_in "$t"
  grep -qxF "steps/01-cpu/answers.md is a learner file in the registry but neither a file of the step nor one its task makes (.gitignore)" <<<"$output"
  grep -qxF "steps/09-extra is not in steps/steps.tsv" <<<"$output"
  grep -qxF "steps/00-env/Makefile: sets LEARNER_FILES; the registry is their one home" <<<"$output"
}

@test "the Makefiles read a step's learner files from the registry" {
  run -0 make -s --no-print-directory -C "$ROOT/steps/$(step_name 2)" print-LEARNER_FILES
  [ "$output" = "$(step_learner_files 2)" ]
}

@test "step numbers, ranges and all expand from the registry; an unknown step is refused in one line" {
  [ "$(expand_steps all | tr '\n' ' ')" = "$(step_numbers | tr '\n' ' ')" ]
  [ "$(expand_steps 2-4 | tr '\n' ' ')" = "2 3 4 " ]
  run -0 expand_steps 0-2
  [ "$(echo $output)" = "0 1 2" ]
  run expand_steps 99
  [ "$status" -eq 2 ]
  [ "$output" = "error: there is no step 99: the steps are $(step_range) (see make help)" ]
}
