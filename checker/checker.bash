# checker.bash — the helper library every step's check.bats loads:
#
#   load ../../checker/checker
#   setup_file() { step_setup_file; }   # optional: artifacts once per file
#   setup() { step_setup 1; }
#
# Every assertion prints, on failure, what was expected, what was found, and
# the hint command. Readings (pprof tops, callgrind totals) are the checker's
# own, taken from the learner's artifacts.

CHECKER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$CHECKER_DIR/.." && pwd)"
INSPECT="$ROOT/tools/bin/profile-inspect"
export BATS_LIB_PATH="${BATS_LIB_PATH:-/usr/lib/bats}"
# Under bats: the assertion libraries. Sourced by a plain script (a step's task
# uses start_server), the bats-only parts are skipped.
if declare -F bats_load_library >/dev/null; then
  bats_require_minimum_version 1.5.0
  bats_load_library bats-support
  bats_load_library bats-assert
  bats_load_library bats-file
fi

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

# Prints one field of the inspector's summary of a profile.
profile_field() {
  "$INSPECT" --field "$2" "$1"
}

# Fails unless FILE is a genuine KIND profile of BINARY (this build) with at least MIN samples.
assert_genuine_profile() {
  local kind="$1" file="$2" binary="$3" min="${4:-0}" out
  need_artifact "$file" || return 1
  out=$("$INSPECT" --kind "$kind" --binary "$binary" --min-samples "$min" "$file" 2>&1 >/dev/null) && return 0
  check_fail "a genuine $kind profile of ${binary#"$STEP_DIR"/} with at least $min samples" "${out#profile-inspect: }"
}

# google-pprof's output for a binary and profile with options, cached per test file.
pprof_cached() {
  local key
  key=$(printf '%s\0' "$@" | md5sum | cut -c1-16)
  local cache="${BATS_FILE_TMPDIR:-/tmp}/pprof-$key"
  if [ ! -s "$cache" ]; then
    google-pprof "$@" >"$cache.tmp" 2>/dev/null || { rm -f "$cache.tmp"; return 1; }
    mv "$cache.tmp" "$cache"
  fi
  cat "$cache"
}

# The rows of `google-pprof --text` as "flat% name" lines (name may contain spaces).
pprof_flat_rows() {
  local binary="$1" profile="$2"; shift 2
  pprof_cached --text "$@" "$binary" "$profile" |
    awk 'NR > 1 && $2 ~ /%$/ { name = $6; for (i = 7; i <= NF; i++) name = name " " $i; sub(/%/, "", $2); print $2, name }'
}

# The function with the largest flat share.
top_function() {
  pprof_flat_rows "$@" | head -n 1 | cut -d' ' -f2-
}

# The flat share (percent) of one function, or 0 if it is absent.
flat_percent() {
  local binary="$1" profile="$2" func="$3"; shift 3
  pprof_flat_rows "$binary" "$profile" "$@" | awk -v f="$func" '$2 == f { print $1; found = 1; exit } END { if (!found) print 0 }'
}

# Folded stacks "root;...;leaf COUNT" with google-pprof's <address> and [inline] tags removed.
folded_stacks() {
  pprof_cached --collapsed "$1" "$2" | "$ROOT/scripts/folded" --clean
}

# The caller of FUNC that appears in most samples (the frame just above the first FUNC in each stack).
top_caller() {
  local binary="$1" profile="$2" func="$3"
  folded_stacks "$binary" "$profile" | awk -v f="$func" '
    { n = $NF; split($1, frames, ";")
      for (i = 2; i <= length(frames); i++) if (frames[i] == f && frames[i-1] != f) { count[frames[i-1]] += n; break } }
    END { for (c in count) if (count[c] > best) { best = count[c]; who = c } print who }'
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

# ---------------------------------------------------------------- heap: pprof views, massif, memcheck

# The number on the "Total:" line of google-pprof --text with OPTIONS: samples of a
# CPU profile, seconds of a contention profile, MB or objects of a heap view.
pprof_total() {
  local binary="$1" profile="$2"; shift 2
  pprof_cached --text "$@" "$binary" "$profile" | awk 'NR == 1 && $1 == "Total:" { print $2; found = 1 } END { exit !found }'
}

# The total of one heap view (VIEW is inuse_space, alloc_space, inuse_objects or
# alloc_objects): MB for the _space views, objects for the others.
pprof_heap_total() {
  pprof_total "$1" "$2" "--$3"
}

# The peak of a massif file in bytes: the largest snapshot total (useful heap + allocator
# overhead + stacks), the top of ms_print's graph. Fails if FILE is not a massif file.
massif_peak_bytes() {
  awk -F= 'NR == 1 && !/^desc:/ { exit 1 }
    /^mem_heap_B=/ { h = $2 } /^mem_heap_extra_B=/ { e = $2 }
    /^mem_stacks_B=/ { t = h + e + $2; if (t > peak) peak = t; n++ }
    END { if (!n) exit 1; printf "%d\n", peak }' "$1"
}

# The bytes memcheck reports for one kind of leak ("definitely lost", "still reachable",
# ...) in a valgrind log; 0 when it reports none. Fails if LOG is not a memcheck log.
memcheck_bytes() {
  local log="$1" kind="$2" bytes
  grep -q 'Memcheck, a memory error detector' "$log" && grep -q 'HEAP SUMMARY:' "$log" || return 1
  bytes=$(sed -n "s/^==[0-9]*== *$kind: \([0-9,]*\) bytes in .*/\1/p" "$log" | tail -n 1 | tr -d ,)
  echo "${bytes:-0}"
}

# ---------------------------------------------------------------- tables

# The value in column COLUMN (named in the header line) of the CSV row whose first
# field is KEY; prints nothing if there is no such row or column.
csv_value() {
  awk -F, -v key="$2" -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
    c && $1 == key { print $c; exit }' "$1"
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

# ---------------------------------------------------------------- instructions and ratios

# Prints the instruction total recorded in a callgrind output file.
callgrind_total() {
  sed -n 's/^totals:[[:space:]]*\([0-9]*\).*/\1/p; s/^summary:[[:space:]]*\([0-9]*\).*/\1/p' "$1" | head -n 1
}

# Counts the instructions executed inside FUNC while running CMD (callgrind: the same every run).
instructions() {
  local func="$1"; shift
  local out
  out=$(mktemp "${BATS_TEST_TMPDIR:-/tmp}/callgrind.XXXXXXXX") || return 1
  valgrind --tool=callgrind --toggle-collect="$func" --callgrind-out-file="$out" "$@" >/dev/null 2>&1 || {
    echo "instructions: valgrind failed on: $*" >&2; return 1; }
  callgrind_total "$out"
  rm -f "$out"
}

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

# The trace's call events as "tid<TAB>B|E<TAB>ts_us<TAB>name" lines in time order
# (the main thread's events carry no tid: its pid stands in), cached per file.
trace_events() {
  local file="$1" key cache
  key=$(printf '%s\0' "$file" "$(stat -c '%i %s %Y' "$file" 2>/dev/null)" | md5sum | cut -c1-16)
  cache="${BATS_FILE_TMPDIR:-${TMPDIR:-/tmp}}/trace-$key.tsv"
  if [ ! -f "$cache" ]; then
    jq -r '.traceEvents[] | select(.ph == "B" or .ph == "E") | [(.tid // .pid), .ph, .ts, .name] | @tsv' \
      "$file" >"$cache.tmp" 2>/dev/null || { rm -f "$cache.tmp"; echo "trace_events: cannot read $file" >&2; return 1; }
    mv "$cache.tmp" "$cache"
  fi
  cat "$cache"
}

# The number of call events (B and E) in the trace.
trace_event_count() {
  trace_events "$1" | wc -l
}

# The number of threads with call events; with FUNC, only the threads that called it.
trace_threads() {
  trace_events "$1" | awk -F'\t' -v f="${2:-}" 'f == "" || $4 == f { t[$1] = 1 } END { print length(t) }'
}

# How many times FUNC was called in the trace.
trace_calls() {
  trace_events "$1" | awk -F'\t' -v f="$2" '$2 == "B" && $4 == f { n++ } END { print n + 0 }'
}

# One line per call of FUNC: "tid start_us duration_us".
trace_durations() {
  trace_events "$1" | awk -F'\t' -v f="$2" '$4 == f { if ($2 == "B") b[$1] = $3; else if ($1 in b) { printf "%s %.3f %.3f\n", $1, b[$1], $3 - b[$1]; delete b[$1] } }'
}

# The mean duration of FUNC's calls in milliseconds (empty if it was never called).
trace_mean_ms() {
  trace_durations "$1" "$2" | awk '{ s += $3; n++ } END { if (n) printf "%.3f\n", s / n / 1000 }'
}

# The longest call of FUNC: "tid start_us duration_us" (empty if it was never called).
trace_longest() {
  trace_durations "$1" "$2" | sort -k3,3gr | head -n 1
}

# The function that called FUNC most often (its parent frame on the calling thread).
# Kernel events (linux:...) are not frames.
trace_caller() {
  trace_events "$1" | awk -F'\t' -v f="$2" '
    $4 ~ /^linux:/ { next }
    $2 == "B" { if ($4 == f && d[$1] > 0) n[s[$1, d[$1]]]++; s[$1, ++d[$1]] = $4; next }
    { for (i = d[$1]; i > 0 && s[$1, i] != $4; i--) {} if (i > 0) d[$1] = i - 1 }
    END { for (c in n) if (n[c] > best) { best = n[c]; who = c } print who }'
}

# Every thread's call stack at time TS (microseconds, as in the trace): "tid<TAB>root;...;leaf",
# for the threads inside at least one call then.
trace_stacks_at() {
  trace_events "$1" | awk -F'\t' -v at="$2" '
    $3 > at { exit }
    $4 ~ /^linux:/ { next }
    $2 == "B" { s[$1, ++d[$1]] = $4; seen[$1] = 1; next }
    { for (i = d[$1]; i > 0 && s[$1, i] != $4; i--) {} if (i > 0) d[$1] = i - 1 }
    END { for (t in seen) if (d[t] > 0) { line = s[t, 1]; for (i = 2; i <= d[t]; i++) line = line ";" s[t, i]; print t "\t" line } }'
}

# ---------------------------------------------------------------- the profiling server

# Starts the profiling server in the background and waits until /debug/pprof/ answers:
#   start_server [ENV=VALUE...] [-- SERVER ARGS...]
# Without -addr among the arguments it listens on 127.0.0.1 with a free port
# (-addr 127.0.0.1:0; the port is read from its "listening on" line). SERVER_BIN
# names the binary (default labs/bin/server, built when missing), SERVER_LOG_FILE
# where its output goes (default a new temporary file), SERVER_START_TIMEOUT the wait in seconds
# (default 15). Exports SERVER_URL (http://127.0.0.1:PORT), SERVER_PID and
# SERVER_LOG. Always pair it with stop_server in teardown (or teardown_file).
start_server() {
  local envs=() bin="${SERVER_BIN:-$ROOT/labs/bin/server}" limit="${SERVER_START_TIMEOUT:-15}" a addr=""
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    [[ "$1" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || { echo "start_server: '$1' is not ENV=VALUE (server arguments go after --)" >&2; return 2; }
    envs+=("$1"); shift
  done
  [ "${1:-}" = -- ] && shift
  for a in "$@"; do [[ "$a" == -addr* || "$a" == --addr* ]] && addr=given; done
  [ -n "$addr" ] || set -- -addr 127.0.0.1:0 "$@"
  if [ "$bin" = "$ROOT/labs/bin/server" ]; then
    make -s -C "$ROOT/labs" bin/server >/dev/null || { echo "start_server: cannot build labs/bin/server" >&2; return 1; }
  fi
  [ -x "$bin" ] || { echo "start_server: no server binary at $bin" >&2; return 1; }
  SERVER_LOG="${SERVER_LOG_FILE:-$(mktemp "${BATS_TEST_TMPDIR:-${BATS_FILE_TMPDIR:-${TMPDIR:-/tmp}}}/server.XXXXXX")}"
  # Empty the log before the launch: the background redirection may truncate it
  # only after the wait below has read a previous run's "listening on" line.
  : >"$SERVER_LOG" || { echo "start_server: cannot write the log $SERVER_LOG" >&2; return 1; }
  env ${envs[@]+"${envs[@]}"} "$bin" "$@" >>"$SERVER_LOG" 2>&1 </dev/null 3>&- &
  SERVER_PID=$!
  export SERVER_PID SERVER_LOG
  _server_wait_listening "$limit" && _server_wait_answering "$limit"
}

# True while the started server runs (a zombie waiting to be reaped does not count).
_server_alive() {
  local state
  state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
  [ -n "$state" ] && [ "$state" != Z ]
}

# Fails start_server with one line and the log's tail; the server is stopped.
_server_start_failed() {
  echo "start_server: $1" >&2
  tail -n 5 "$SERVER_LOG" 2>/dev/null | sed 's/^/  | /' >&2
  stop_server >/dev/null 2>&1
  return 1
}

# Waits for the "listening on HOST:PORT" log line and sets SERVER_URL from it.
_server_wait_listening() {
  local limit="$1" deadline=$((SECONDS + $1)) hostport
  while :; do
    hostport=$(sed -n 's/.*listening on \([0-9.]*:[0-9]*\) .*/\1/p' "$SERVER_LOG" 2>/dev/null | head -n 1 || true)
    [ -n "$hostport" ] && break
    if ! _server_alive "$SERVER_PID"; then
      local status=0
      wait "$SERVER_PID" 2>/dev/null || status=$?
      _server_start_failed "the server exited (status $status) before listening"
      return 1
    fi
    [ "$SECONDS" -lt "$deadline" ] || { _server_start_failed "no 'listening on' line within $limit s"; return 1; }
    sleep 0.05
  done
  hostport="${hostport/#0.0.0.0:/127.0.0.1:}"
  export SERVER_URL="http://$hostport"
}

# Waits until $SERVER_URL/debug/pprof/ gives any HTTP answer (a guard may say 401).
_server_wait_answering() {
  local limit="$1" deadline=$((SECONDS + $1)) code
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$SERVER_URL/debug/pprof/" 2>/dev/null || true)
    [ "${code:-000}" != 000 ] && return 0
    _server_alive "$SERVER_PID" || { _server_start_failed "the server exited before answering on $SERVER_URL"; return 1; }
    [ "$SECONDS" -lt "$deadline" ] || { _server_start_failed "$SERVER_URL/debug/pprof/ did not answer within $limit s"; return 1; }
    sleep 0.05
  done
}

# Stops the server start_server started: SIGTERM, then SIGKILL after
# SERVER_STOP_TIMEOUT seconds (default 5). Sets SERVER_STATUS to its exit status
# when it was this shell's child. Safe to call twice, without a server, under set -e.
stop_server() {
  local pid="${SERVER_PID:-}" limit="${SERVER_STOP_TIMEOUT:-5}" i
  [ -n "$pid" ] || return 0
  if _server_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < limit * 20; i++)); do _server_alive "$pid" || break; sleep 0.05; done
    if _server_alive "$pid"; then
      echo "stop_server: the server (pid $pid) ignored SIGTERM for $limit s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  SERVER_STATUS=0
  wait "$pid" 2>/dev/null || SERVER_STATUS=$?
  unset SERVER_PID
  return 0
}
