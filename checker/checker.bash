# checker.bash — the helper library every step's check.bats loads:
#
#   load ../../checker/checker
#   setup_file() { step_setup_file; }   # optional: artifacts once per file
#   setup() { step_setup 1; }
#
# Every assertion prints, on failure, what was expected, what was found, and
# the hint command. This file only asserts: the readings it compares with
# (pprof tops, callgrind totals, trace counts) come from lib/readings.sh, the
# server's start and stop from lib/server.sh.

CHECKER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$CHECKER_DIR/.." && pwd)"
INSPECT="$ROOT/tools/bin/profile-inspect"
. "$ROOT/lib/server.sh"
. "$ROOT/lib/readings.sh"
export BATS_LIB_PATH="${BATS_LIB_PATH:-/usr/lib/bats}"
bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert
bats_load_library bats-file

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

# Prints the learner's answer for KEY from answers.md: the text after "KEY:", without backticks or a % sign.
answer() {
  local key="$1" file="${2:-$STEP_DIR/answers.md}"
  sed -n "s/^[[:space:]]*$key[[:space:]]*:[[:space:]]*//p" "$file" | head -n 1 |
    tr -d '`' | sed -e 's/[[:space:]]*%[[:space:]]*$//' -e 's/[[:space:]]*$//'
}

# Fails unless the answer for KEY is exactly EXPECTED. WHAT describes the answer
# and SOURCE where the checker read it; the message never reveals EXPECTED.
assert_answer_is() {
  local key="$1" expected="$2" what="$3" source="$4" got
  got=$(answer "$key")
  [ -n "$expected" ] || check_fail "a reading of $source" "the checker could not read it: is the profile complete?" || return 1
  [ -n "$got" ] && [ "$got" = "$expected" ] && return 0
  check_fail "$key: $what (read from $source)" "$key: ${got:-<no answer yet in answers.md>}"
}

# Fails unless the answer for KEY is a number within TOL of EXPECTED (which the message does not reveal).
# An optional SHOWN replaces TOL in the message (e.g. "2%").
assert_answer_near() {
  local key="$1" expected="$2" tol="$3" what="$4" source="$5" shown="${6:-$3}" got
  got=$(answer "$key")
  is_number "$expected" || check_fail "a number read from $source" "the checker read '$expected'" || return 1
  if is_number "$got" && awk -v g="$got" -v e="$expected" -v t="$tol" 'BEGIN { d = g - e; if (d < 0) d = -d; exit !(d <= t) }'; then
    return 0
  fi
  local off=""
  is_number "$got" && off=$(awk -v g="$got" -v e="$expected" 'BEGIN { print (g > e ? " (too high)" : " (too low)") }')
  check_fail "$key: $what, within $shown (read from $source)" "$key: ${got:-<no answer yet in answers.md>}$off"
}

# Fails unless the answer for KEY is within PERCENT % of EXPECTED; the message shows only the percentage.
assert_answer_near_percent() {
  local key="$1" expected="$2" pct="$3" what="$4" source="$5"
  is_number "$expected" || check_fail "a number read from $source" "the checker read '$expected'" || return 1
  assert_answer_near "$key" "$expected" "$(awk -v e="$expected" -v p="$pct" 'BEGIN { if (e < 0) e = -e; print e * p / 100 }')" \
    "$what" "$source" "$pct%"
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
  ratio=$(awk -v b="$before" -v a="$after" 'BEGIN { if (a <= 0) a = 1; printf "%.1f", b / a }')
  awk -v r="$ratio" -v m="$min" 'BEGIN { exit !(r >= m) }' && return 0
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

