# checker.bash — the helper library every step's check.bats loads:
#
#   load ../../checker/checker
#   setup_file() { step_setup_file; }   # optional: artifacts once per file
#   setup() { step_setup 1; }
#
# Every assertion prints, on failure, what was expected, what was found, and
# the hint command. This file only asserts: the readings it compares with
# (pprof tops, callgrind totals, trace counts) come from lib/readings.sh, the
# server's start and stop from lib/server.sh. A check runs a program built from
# the learner's files only through "$RUN_LEARNER" (lib/run-learner), never
# directly: `run "$RUN_LEARNER" -- out/serve -requests 2000`.

# bats runs its DEBUG trap (a stack trace kept for failure reports) before every
# command, also those of the libraries this file reads: with it off until the end
# of this file, loading it costs each test about 15 ms of CPU instead of 50.
CHECKER_DEBUG_TRAP=$(trap -p DEBUG)
trap - DEBUG

# (One subshell, no dirname: every test of every step loads this file, and each fork of bats costs.)
CHECKER_DIR="${BASH_SOURCE[0]%/*}"
[ "$CHECKER_DIR" != "${BASH_SOURCE[0]}" ] || CHECKER_DIR=.
CHECKER_DIR="$(cd "$CHECKER_DIR" && pwd)"
ROOT="${CHECKER_DIR%/*}"
INSPECT="$ROOT/tools/bin/profile-inspect"
RUN_LEARNER="$ROOT/lib/run-learner"
# A learner's program (or a tool running it) started by a check ends within this many seconds.
export RUN_LEARNER_LIMIT="${RUN_LEARNER_LIMIT:-300}"
# The checks and the workbook's own tests read and print English, whatever the locale: the
# learner's scripts translate what a learner reads (lib/i18n.sh), and a test of Japanese
# output asks for it itself (lang-ja.bats).
export WORKBOOK_LANG=en
. "$ROOT/lib/workbook.sh"
. "$ROOT/lib/toolenv.sh"
# The tools read no configuration from outside, however bats was started.
tool_env "${WORKBOOK_TOOL_ENV:-}"
. "$ROOT/lib/server.sh"
. "$ROOT/lib/readings.sh"
. "$ROOT/lib/ratio.sh"
. "$ROOT/lib/provenance.sh"
. "$ROOT/lib/answers.sh"
export BATS_LIB_PATH="${BATS_LIB_PATH:-/usr/lib/bats}"
bats_require_minimum_version 1.5.0
# Loads bats-support, bats-assert and bats-file from BATS_LIB_PATH: their src/
# files sourced directly (their load.bash runs a dirname per file, about a
# quarter of a CPU second per test); bats_load_library where that layout is missing.
checker_load_bats_libraries() {
  local lib dir f
  for lib in bats-support bats-assert bats-file; do
    dir=""
    for f in ${BATS_LIB_PATH//:/ }; do [ -d "$f/$lib/src" ] && { dir="$f/$lib/src"; break; }; done
    if [ -z "$dir" ]; then bats_load_library "$lib" || return 1; continue; fi
    for f in "$dir"/*.bash; do source "$f" || return 1; done
  done
}
checker_load_bats_libraries

# ---------------------------------------------------------------- set-up

# Enters the step directory of the calling check.bats and names the step number.
step_setup() {
  STEP="$1"
  STEP_DIR="$BATS_TEST_DIRNAME"
  OUT="$STEP_DIR/out"
  cd "$STEP_DIR" || return 1
}

# Builds the inspector once per file (quietly) so every test can use it.
step_setup_file() {
  make -s -C "$ROOT/tools" >/dev/null || { echo "cannot build tools/bin/profile-inspect" >&2; return 1; }
}

# ---------------------------------------------------------------- failing well

# Fails with the three lines every failed check prints: expected, found, hint.
check_fail() {
  local expected="$1" found="$2"
  {
    printf 'expected: %s\n' "$expected"
    printf 'found:    %s\n' "$found"
    printf 'hint:     make hint STEP=%s\n' "${STEP:-?}"
  } >&2
  return 1
}

# Fails unless an artifact exists and is not empty; names the command that makes it.
need_artifact() {
  local file="$1"
  [ -s "$file" ] && return 0
  check_fail "${file#"$STEP_DIR"/} made by the step's task" "no such file (or it is empty): run make step-$STEP first"
}

# ---------------------------------------------------------------- profiles

# Fails unless FILE is a genuine KIND profile of BINARY (this build) with at least MIN samples.
assert_genuine_profile() {
  local kind="$1" file="$2" binary="$3" min="${4:-0}" out
  need_artifact "$file" || return 1
  out=$("$INSPECT" --kind "$kind" --binary "$binary" --min-samples "$min" "$file" 2>&1 >/dev/null) && return 0
  check_fail "a genuine $kind profile of ${binary#"$STEP_DIR"/} with at least $min samples" "${out#profile-inspect: }"
}

# Fails unless FILE is a genuine KIND profile of BINARY with at least MIN samples
# (default 0), taken through LD_PRELOAD of LIB (a pattern such as libprofiler or
# libtcmalloc): BINARY does not link LIB, the profile maps it.
assert_preloaded_profile() {
  local kind="$1" file="$2" binary="$3" lib="$4" min="${5:-0}"
  assert_genuine_profile "$kind" "$file" "$binary" "$min" || return 1
  if readelf -d "$binary" | grep -q "NEEDED.*$lib"; then
    check_fail "${binary#"$STEP_DIR"/} built without linking $lib" "it links $lib" || return 1
  fi
  profile_field "$file" libraries | grep -q "/$lib" ||
    check_fail "$lib in the profile's memory map (LD_PRELOAD)" "$(profile_field "$file" libraries | tr '\n' ' ')"
}

# Fails unless FUNC has at least MIN percent of the flat samples.
assert_function_dominates() {
  local binary="$1" profile="$2" func="$3" min="$4" top pct
  top=$(top_function "$binary" "$profile")
  pct=$(flat_percent "$binary" "$profile" "$func")
  if [ "$top" = "$func" ] && awk -v p="$pct" -v m="$min" 'BEGIN { exit !(p >= m) }'; then return 0; fi
  check_fail "$func on top of google-pprof --text with at least $min% flat" "$top on top; $func has $pct%"
}

# ---------------------------------------------------------------- answers

# The learner's answers are read through lib/answers.sh as a FORM each (function,
# count:threads, MB, millions, ...; the list is at its top). A failure says what
# form is wanted; it never shows the expected value nor a tolerance derived from it.

# Prints the answer for KEY read as FORM, or fails: no answers.md, no answer yet
# (expected: "KEY: WHAT", default the form), or a spelling FORM does not read.
need_answer() {
  local key="$1" form="$2" what="${3:-}" file="$STEP_DIR/answers.md" wanted text
  wanted=$(answer_form "$form") || return 2
  if ! text=$(answer_text "$file" "$key"); then
    check_fail "$key: ${what:-$wanted}" "${file#"$ROOT"/} is missing: make reset STEP=$STEP brings the questions back (your other files go to a backup)"
  elif [ -z "$text" ]; then
    check_fail "$key: ${what:-$wanted}" "$key: <no answer yet in answers.md>"
  elif ! answer_parse "$form" "$text"; then
    check_fail "$key: $wanted" "$key: $text (not in that form)"
  fi
}

# Fails unless the answer for KEY, read as FORM, is EXPECTED read as FORM. WHAT
# describes the answer and SOURCE where the checker read it.
assert_answer_is() {
  local key="$1" form="$2" expected="$3" what="$4" source="$5" got
  expected=$(answer_parse "$form" "$expected") ||
    check_fail "a reading of $source" "the checker could not read it: is the profile complete?" || return 1
  got=$(need_answer "$key" "$form" "$what (read from $source)") || return 1
  [ "$got" = "$expected" ] && return 0
  check_fail "$key: $what (read from $source)" "$key: $(answer_text "$STEP_DIR/answers.md" "$key")"
}

# Fails unless the answer for KEY, a number read as FORM, is within TOL of EXPECTED.
# TOL is shown, so it must be a fixed margin, never one computed from EXPECTED
# (assert_answer_near_percent and assert_answer_within_factor are for those).
assert_answer_near() {
  _assert_answer_between "$1" "$2" "$3" plus "$4" "$5, within $4" "$6"
}

# Fails unless the answer for KEY, a number read as FORM, is within PERCENT % of EXPECTED.
assert_answer_near_percent() {
  _assert_answer_between "$1" "$2" "$3" percent "$4" "$5, within $4%" "$6"
}

# Fails unless the answer for KEY, a number read as FORM, is between EXPECTED / FACTOR
# and EXPECTED * FACTOR; EXPECTED must be above 0.
assert_answer_within_factor() {
  _assert_answer_between "$1" "$2" "$3" factor "$4" "$5, roughly (within a factor of $4)" "$6"
}

# The comparison behind the three above, called as
#   _assert_answer_between KEY FORM EXPECTED plus|percent|factor MARGIN WITHIN SOURCE
# WITHIN is the expected line's wording; no line shows EXPECTED or the bounds.
_assert_answer_between() {
  local key="$1" form="$2" expected="$3" how="$4" margin="$5" within="$6" source="$7" got side
  is_number "$expected" && { [ "$how" != factor ] || awk -v e="$expected" 'BEGIN { exit !(e > 0) }'; } ||
    check_fail "a number read from $source" "the checker could not read one: is the file complete?" || return 1
  got=$(need_answer "$key" "$form" "$within (read from $source)") || return 1
  side=$(awk -v g="$got" -v e="$expected" -v how="$how" -v m="$margin" 'BEGIN {
    d = (e < 0 ? -e : e) * m / 100
    if (how == "plus") { lo = e - m; hi = e + m } else if (how == "percent") { lo = e - d; hi = e + d } else { lo = e / m; hi = e * m }
    print (g < lo ? "too low" : g > hi ? "too high" : "ok") }')
  [ "$side" = ok ] && return 0
  check_fail "$key: $within (read from $source)" "$key: $(answer_text "$STEP_DIR/answers.md" "$key") ($side)"
}

# Fails unless a program refuses each set of arguments with exit 2 and exactly one
# line on stderr that starts with "PREFIX:" (the contract for bad input):
#   assert_refuses_args PREFIX COMMAND -- "ARGS ONE" "ARGS TWO" ...
assert_refuses_args() {
  local prefix="$1" cmd="$2" args
  [ "${3:-}" = -- ] || { echo "assert_refuses_args: PREFIX COMMAND -- ARGS..." >&2; return 2; }
  shift 3
  for args in "$@"; do
    # shellcheck disable=SC2086
    run --separate-stderr "$cmd" $args
    [ "$status" -eq 2 ] || { echo "'$args': exit $status, want 2" >&2; return 1; }
    [ "$(printf '%s\n' "$stderr" | grep -c .)" -eq 1 ] || { echo "'$args': want one line, got: $stderr" >&2; return 1; }
    [[ "$stderr" == "$prefix":* ]] || { echo "'$args': want a line starting '$prefix:', got: $stderr" >&2; return 1; }
  done
}

# True if the argument is a decimal number.
is_number() {
  [[ "$1" =~ ^-?[0-9]+([.][0-9]+)?$ ]]
}

# ---------------------------------------------------------------- ratios

# Fails unless BEFORE/AFTER is at least MIN; WHAT names the quantity.
assert_ratio_at_least() {
  local before="$1" after="$2" min="$3" what="$4" ratio
  ratio=$(ratio_of "$before" "$after")
  awk -v r="$ratio" -v m="$min" 'BEGIN { exit !(r >= m) }' && return 0
  ratio=$(awk -v r="$ratio" 'BEGIN { printf "%.1f", r }')
  check_fail "at least ${min}x fewer $what" "${ratio}x ($before before, $after after)"
}

# ---------------------------------------------------------------- traces (uftrace dump --chrome)

# Fails unless FILE is a Chrome trace-event file written by `uftrace dump --chrome`
# with call events in it; the message names what is wrong in one line.
assert_genuine_trace() {
  local file="$1" found
  need_artifact "$file" || return 1
  found=$(jq -r 'if type != "object" then "a JSON \(type), not a trace-event object"
    elif (.traceEvents | type) != "array" then "no traceEvents array"
    elif ((.metadata.version // "") | tostring | startswith("uftrace") | not) then "not written by uftrace (no uftrace version in its metadata)"
    elif (any(.traceEvents[]; .ph == "B" or .ph == "E") | not) then "no call events (ph B or E)"
    else "ok" end' "$file" 2>&1 | head -n 1)
  [ "$found" = ok ] && return 0
  check_fail "${file#"$STEP_DIR"/}: a Chrome trace-event file from uftrace dump --chrome" "${found:-empty output from jq}"
}

# ---------------------------------------------------------------- provenance

# Fails unless FILE (or directory) was made by this step's task on this build,
# proven the way lib/provenance.sh proves a KIND (derived again by the checker,
# or its structure and consistency), from the inputs ARGS name:
#   assert_from_task KIND FILE [ARGS...]
# A fabricated or edited artifact fails with one line naming the task to run,
# and a "found:" line saying what gives it away (never the expected value).
assert_from_task() {
  local kind="$1" file="$2" why status=0
  shift 2
  need_artifact "$file" || return 1
  why=$(ROOT="$ROOT" READINGS_CACHE="${READINGS_CACHE:-${BATS_FILE_TMPDIR:-${TMPDIR:-/tmp}}}" "$ROOT/lib/provenance.sh" "$kind" "$file" "$@" 2>&1) || status=$?
  [ "$status" = 0 ] && return 0
  [ "$status" = 1 ] || { echo "assert_from_task: $why" >&2; return 2; }
  printf '%s was not produced by this step'\''s task: run make step-%s\n' "${file#"$STEP_DIR"/}" "$STEP" >&2
  [ -z "$why" ] || printf 'found:    %s\n' "$why" >&2
  return 1
}

# bats' DEBUG trap again (see the top), for the test that loaded this file.
eval "$CHECKER_DEBUG_TRAP"
