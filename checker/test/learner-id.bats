#!/usr/bin/env bats
# The learner's id and the variant it picks (lib/learner.sh, scripts/id), in a
# throw-away root with just what they need: made once, changed only on purpose
# with the old one kept, and a variant that depends on class, id and step.

bats_require_minimum_version 1.5.0

setup() {
  load ../checker
  T="$BATS_TEST_TMPDIR/root"
  mkdir -p "$T/lib" "$T/scripts" "$T/steps"
  cp "$ROOT/lib/workbook.sh" "$ROOT/lib/learner.sh" "$ROOT/lib/variant-mk" "$T/lib/" && cp "$ROOT/scripts/id" "$T/scripts/" &&
    cp "$ROOT/steps/steps.tsv" "$T/steps/"
}

# Runs a shell snippet with lib/learner.sh loaded in the throw-away root.
in_root() {
  bash -c ". '$T/lib/workbook.sh' && . '$T/lib/learner.sh' && $1"
}

@test "the first use makes a random id once; every later one shows the same" {
  run -0 "$T/scripts/id"
  assert_line --regexp '^learner id: learner-[0-9a-f]{8}$'
  local first=${lines[0]}
  run -0 "$T/scripts/id"
  assert_line "$first"
  [ "$(cat "$T/.learner/id")" = "${first#learner id: }" ]
}

@test "make id LEARNER=NAME sets the id, and a change keeps the one before" {
  run -0 "$T/scripts/id" alice
  assert_line "learner id: alice"
  run -0 "$T/scripts/id" bob
  assert_line "learner id: bob (was alice, kept in .learner/)"
  [ "$(cat "$T/.learner/id")" = bob ]
  [ "$(cat "$T"/.learner/id.before-*)" = alice ]
}

@test "an id that cannot name a file is one line and status 2" {
  run -2 "$T/scripts/id" '../etc'
  assert_output "error: '../etc' cannot be a learner id: use 1 to 64 letters, digits, '.', '-', '_', '@' or '+'"
  [ ! -e "$T/.learner/id" ]
}

@test "an e-mail address, as the grader and Gradescope name a submission, is a learner id" {
  run -0 "$T/scripts/id" 'alice+cprof@uni.example'
  [ "$(cat "$T/.learner/id")" = 'alice+cprof@uni.example' ]
}

@test "a step run with another LEARNER than the copy's is refused; the same one is taken" {
  run -0 --separate-stderr in_root 'learner_id_ensure carol'
  assert_output "carol"
  [ "$stderr" = "learner id: carol (new, in .learner/id; make id LEARNER=NAME changes it)" ]
  run -0 --separate-stderr in_root 'learner_id_ensure carol'
  [ -z "$stderr" ]
  run -2 in_root 'learner_id_ensure dave'
  assert_output --partial "this copy belongs to learner 'carol', not 'dave': to change it, run make id LEARNER=dave"
}

@test "a variant depends on the class, the id and the step; the reference id gets the reference variant" {
  local a b
  a=$(in_root 'variant_of 1 alice')
  [[ "$a" =~ ^[0-9a-f]{16}$ ]]
  [ "$(in_root 'variant_of 1 alice')" = "$a" ]
  [ "$(in_root 'variant_of 1 bob')" != "$a" ]
  [ "$(in_root 'variant_of 2 alice')" != "$a" ]
  [ "$(in_root 'variant_of 1 reference')" = reference ]
  in_root 'class_salt_new' >"$T/class.salt"
  b=$(in_root 'variant_of 1 alice')
  [ "$b" != "$a" ]
  in_root 'class_salt_new' >"$T/class.salt"
  [ "$(in_root 'variant_of 1 alice')" != "$b" ]
}

@test "a variant's numbers are the reference's for the reference id, in range and fixed for any other" {
  [ "$(in_root 'variant_number 1 depth 40 30 35 reference')" = 40 ]
  local v; v=$(in_root 'variant_number 1 depth 40 30 35 alice')
  [ "$v" -ge 30 ]
  [ "$v" -le 35 ]
  [ "$(in_root 'variant_number 1 depth 40 30 35 alice')" = "$v" ]
}

@test "twenty learners' numbers for one parameter spread over its range" {
  local id seen
  seen=$(for id in $(seq 1 20); do in_root "variant_number 1 depth 40 30 35 l$id"; done | sort -u | wc -l)
  [ "$seen" -ge 4 ]
}

@test "a variant's choice is the first for the reference id; twenty learners get at least two of three" {
  local id
  [ "$(in_root 'variant_choice 1 hot fib fact ackermann')" = fib ]
  mkdir -p "$T/.learner"
  for id in $(seq 1 20); do echo "l$id" >"$T/.learner/id"; in_root 'variant_choice 1 hot fib fact ackermann'; done >"$T/picked"
  [ "$(grep -cvxE 'fib|fact|ackermann' "$T/picked")" = 0 ]
  [ "$(sort -u "$T/picked" | wc -l)" -ge 2 ]
}

@test "a range with MIN above MAX is one line and status 2" {
  run -2 in_root 'variant_number 1 depth 40 35 30 alice'
  assert_output "error: variant_number: depth needs MIN <= MAX, got '35' and '30'"
}

@test "variant-mk prints a step's variant as make assignments: the reference's numbers and first choices without an id" {
  run -0 "$T/lib/variant-mk" 4 ITER=10:8:14 'HOLD=busy_for|spin_for'
  assert_line "VARIANT := reference"
  assert_line "ITER := 10"
  assert_line "HOLD := busy_for"
}

@test "variant-mk takes the learner's id from .learner/id, and the grader's WORKBOOK_LEARNER_ID before it" {
  mkdir -p "$T/.learner" && echo alice >"$T/.learner/id"
  run -0 "$T/lib/variant-mk" 4 ITER=10:8:14
  assert_line "VARIANT := $(in_root 'variant_of 4 alice')"
  assert_line "ITER := $(in_root 'variant_number 4 ITER 10 8 14 alice')"
  WORKBOOK_LEARNER_ID=bob run -0 "$T/lib/variant-mk" 4 ITER=10:8:14
  assert_line "VARIANT := $(in_root 'variant_of 4 bob')"
}

@test "variant-mk refuses a spec that is neither a range nor choices with one line and status 2" {
  run -2 "$T/lib/variant-mk" 4 'ITER=10:8'
  assert_output "error: variant-mk: 'ITER=10:8' is not NAME=REF:MIN:MAX or NAME=A|B"
}

# A step 09 in the throw-away root whose Makefile sets VARIANT_PARAMS to SPEC.
variant_step() {
  mkdir -p "$T/mk" "$T/steps/09-v" && cp "$ROOT"/mk/*.mk "$T/mk/"
  printf 'STEP := 9\nVARIANT_PARAMS := %s\ninclude ../../mk/step.mk\nrun:\n\t@echo $(HZ)\n' "$1" >"$T/steps/09-v/Makefile"
}

@test "a step's Makefile gets its variant's numbers and choices from VARIANT_PARAMS, through out/variant.mk" {
  variant_step 'HZ=19|23|29 N=5:1:9'
  run -0 make -s -C "$T/steps/09-v" print-HZ print-N print-VARIANT
  assert_output $'19\n5\nreference'
  mkdir -p "$T/.learner" && echo alice >"$T/.learner/id"
  run -0 make -s -C "$T/steps/09-v" print-HZ
  assert_output "$(in_root "variant_choice 9 HZ 19 23 29")"
}

@test "a variant that cannot be worked out stops make with one line, and a fixed Makefile works again" {
  variant_step 'N=5:9:1'
  run -2 make -s -C "$T/steps/09-v" print-N
  assert_line "error: variant_number: N needs MIN <= MAX, got '9' and '1'"
  variant_step 'N=5:1:9'
  run -0 make -s -C "$T/steps/09-v" print-N
  assert_output 5
}
