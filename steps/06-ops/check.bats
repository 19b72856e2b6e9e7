#!/usr/bin/env bats
# Step 06 checks, driven with curl against out/server (built with YOUR
# src/guard.c), which each check starts on a free loopback port: tokens,
# limits, one CPU profile at a time, refusing to expose itself, an access log
# that never shows the token, and the offline analysis of profiles fetched
# with the token. Every request has a time limit; so has every server.
load ../../checker/checker

# A token for the checks (any 16 or more random characters will do).
TOKEN=7f3a9c2e41d8b6f05e9a7c3d2b1f4e6a

setup_file() { step_setup_file; }
setup() { step_setup 6; }
teardown() { stop_server; }

# Starts out/server with the token (and any other ENV=VALUE given).
start_guarded() {
  need_artifact out/server || return 1
  SERVER_BIN="$STEP_DIR/out/server" start_server PPROF_TOKEN="$TOKEN" "$@" 2>/dev/null ||
    check_fail "out/server started on 127.0.0.1 with PPROF_TOKEN set, answering" "$(server_ending)"
}

# Says how a server that start_server gave up on ended, with its log's last line.
server_ending() {
  echo "it ended (status ${SERVER_STATUS:-?}$([ "${SERVER_STATUS:-}" != 139 ] || echo ': a crash')) before answering: $(tail -n 1 "$SERVER_LOG")"
}

# The HTTP status of a request (curl arguments), 000 if none came within 5 s.
code() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" || true; }

# Fails unless the request (curl arguments after WANT and WHAT) answers WANT.
expect_code() {
  local want="$1" what="$2" got; shift 2
  got=$(code "$@")
  [[ "$got" =~ ^($want)$ ]] || check_fail "$what: HTTP $want" "HTTP $got"
}

# Fails unless every request answers WANT; the requests come as WHAT HEADER URL
# triples (HEADER the Authorization header's value, "" for none), all sent by one curl.
expect_each() {
  local want="$1" args=() whats=() got=() i
  shift
  while [ $# -ge 3 ]; do
    [ ${#args[@]} -eq 0 ] || args+=(--next)
    args+=(-s -o /dev/null -w '%{http_code}\n' --max-time 5)
    [ -z "$2" ] || args+=(-H "Authorization: $2")
    args+=("$3")
    whats+=("$1")
    shift 3
  done
  mapfile -t got < <(curl "${args[@]}" || true)
  for ((i = 0; i < ${#whats[@]}; i++)); do
    [[ "${got[i]:-000}" =~ ^($want)$ ]] || check_fail "${whats[i]}: HTTP $want" "HTTP ${got[i]:-000}" || return 1
  done
}

AUTH=(-H "Authorization: Bearer $TOKEN")

# Prints N query parameters NAME=VALUE joined with &.
params() {
  local i out="$1"
  for ((i = 1; i < $2; i++)); do out="$out&$1"; done
  echo "$out"
}

# Prints the token with its character at POSITION (from 0) changed.
token_wrong_at() {
  local c=x
  [ "${TOKEN:$1:1}" != x ] || c=y
  echo "${TOKEN:0:$1}$c${TOKEN:$(($1 + 1))}"
}

# bats test_tags=starter-fails
@test "without the token, or with a wrong one, /debug/pprof answers 401; with it, 200" {
  start_guarded
  local heap="$SERVER_URL/debug/pprof/heap" i wrong=()
  for ((i = 0; i < ${#TOKEN}; i++)); do
    wrong+=("the token with its character $((i + 1)) of ${#TOKEN} changed" "Bearer $(token_wrong_at "$i")" "$heap")
  done
  expect_each 401 \
    "GET /debug/pprof/heap without a token" "" "$heap" \
    "GET /debug/pprof/heap with a wrong token" "Bearer wrong" "$heap" \
    "an empty token (Authorization: Bearer )" "Bearer " "$heap" \
    "the token's first character alone" "Bearer ${TOKEN:0:1}" "$heap" \
    "the token without its last character" "Bearer ${TOKEN%?}" "$heap" \
    "the token with one character more" "Bearer ${TOKEN}0" "$heap" \
    "the token with one character more in front" "Bearer 0${TOKEN}" "$heap" \
    "the token without 'Bearer '" "$TOKEN" "$heap" \
    "the token under another scheme (Authorization: Token ...)" "Token $TOKEN" "$heap" \
    "${wrong[@]}" \
    "the index /debug/pprof/ without a token" "" "$SERVER_URL/debug/pprof/" \
    "the index /debug/pprof without a token" "" "$SERVER_URL/debug/pprof" || return 1
  expect_code 401 "POST /debug/pprof/symbol without a token" --data 0x1 "$SERVER_URL/debug/pprof/symbol"
  expect_code 200 "GET /debug/pprof/heap with the token" "${AUTH[@]}" "$heap"
}

@test "the /work endpoints need no token: they are the application, not the profiler" {
  start_guarded
  expect_code 200 "GET /work/cpu without a token" "$SERVER_URL/work/cpu?n=10"
}

# bats test_tags=starter-fails
@test "seconds=0, seconds=61 and seconds=abc are refused with 400" {
  start_guarded
  local s
  for s in 0 61 abc; do
    expect_code 400 "profile?seconds=$s" --max-time 3 "${AUTH[@]}" "$SERVER_URL/debug/pprof/profile?seconds=$s" || return 1
  done
}

# Waits (10 s at most) until the server's thread dump shows a CPU profile
# running; fails at once if the curl with pid PID that asked for it has ended.
wait_for_cpu_profile() {
  local i
  for ((i = 0; i < 50; i++)); do
    kill -0 "$1" 2>/dev/null || return 1
    curl -s --max-time 2 "${AUTH[@]}" "$SERVER_URL/debug/pprof/threads?debug=1" | grep -q cpu_profile && return 0
    sleep 0.2
  done
  return 1
}

# bats test_tags=starter-fails
@test "a second and a third CPU profile while one runs are refused with 429 or 409, and the slot is free again after" {
  start_guarded
  local first first_code="$BATS_TEST_TMPDIR/first"
  # Let in by the guard, refused by the server: guard_done must give the slot back.
  expect_code 400 "profile?seconds=1&x=1 (the server refuses the unknown parameter x)" "${AUTH[@]}" "$SERVER_URL/debug/pprof/profile?seconds=1&x=1"
  # 6 s: the second and third requests must reach the server while it runs, on a busy machine too.
  curl -s -o /dev/null -w '%{http_code}' --max-time 20 "${AUTH[@]}" "$SERVER_URL/debug/pprof/profile?seconds=6" >"$first_code" &
  first=$!
  if ! wait_for_cpu_profile "$first"; then
    wait "$first" || true
    check_fail "profile?seconds=6 running after one the server refused with 400 (its guard_done gives the slot back)" "HTTP $(cat "$first_code")"
  fi
  expect_code '429|409' "a second profile?seconds=1 while the first runs" "${AUTH[@]}" "$SERVER_URL/debug/pprof/profile?seconds=1"
  sleep 0.2  # the refused request's guard_done runs just after its answer
  # (on a machine too busy to ask in time, the first has ended: there is no third to test)
  if kill -0 "$first" 2>/dev/null && wait_for_cpu_profile "$first"; then
    expect_code '429|409' "a third profile?seconds=1 while the first still runs (a refused request never gives the slot back)" \
      "${AUTH[@]}" "$SERVER_URL/debug/pprof/profile?seconds=1"
  fi
  wait "$first" || true
  expect_code 200 "profile?seconds=1 once the first has ended" "${AUTH[@]}" "$SERVER_URL/debug/pprof/profile?seconds=1"
}

# Sets ISOLATE to the prefix that runs a command where no real network interface
# can be reached (nothing when contained: the grader's network has loopback
# only); fails where no private network namespace can be made. Root needs no
# user namespace for one (a chroot refuses user namespaces, not this).
isolate_network() {
  ISOLATE=()
  [ "${RUN_LEARNER_MODE:-}" != contained ] || return 0
  if unshare -rn true 2>/dev/null; then ISOLATE=(unshare -rn)
  elif [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then ISOLATE=(unshare -n)
  else return 1
  fi
}

# Runs out/server isolated (ENV=VALUE... -- ARGS) until it listens or exits,
# 10 s at most; sets OUTCOME ("listening", or "exit STATUS") and OUTCOME_LOG (what it printed).
# tail follows the log until the server ends: the wait is for the line, not a
# loop of reads (which a busy machine makes long and costly).
server_outcome() {
  local log="$BATS_TEST_TMPDIR/outcome.log" pid status=0
  : >"$log"
  timeout 10 ${ISOLATE[@]+"${ISOLATE[@]}"} "$RUN_LEARNER" -t 10 "$@" >"$log" 2>&1 </dev/null &
  pid=$!
  if grep -q -m 1 'listening on' < <(tail -n +1 -s 0.05 --pid="$pid" -f "$log" 2>/dev/null); then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" || true
    OUTCOME=listening OUTCOME_LOG=$(cat "$log")
    return 0
  fi
  wait "$pid" || status=$?
  OUTCOME="exit $status" OUTCOME_LOG=$(cat "$log")
}

# Fails unless out/server, given -addr ADDR and ENV (a VAR=VALUE, or nothing), exits
# without listening; its guard's reason is wanted when the server hands it the address.
expect_refusal() {
  local addr="$1" env="$2" said="$3" how="PPROF_TOKEN unset"
  [ -z "$env" ] || how="PPROF_TOKEN empty"
  server_outcome ${env:+"$env"} -- out/server -addr "$addr"
  case "$OUTCOME" in
    listening) check_fail "-addr $addr with $how: the server exits at once" "it started: $(grep -o 'listening on.*' <<<"$OUTCOME_LOG" | head -n 1)" ;;
    "exit 0" | "exit 124") check_fail "-addr $addr with $how: the server exits at once with an error" "$OUTCOME: $(head -n 2 <<<"$OUTCOME_LOG" | tr '\n' ' ')" ;;
  esac || return 1
  [ -z "$said" ] || [[ "$OUTCOME_LOG" == *"$said"* ]] ||
    check_fail "-addr $addr with $how: the server exits with 'server: refusing to start: WHY' (guard_start refusing)" \
      "$OUTCOME: $(head -n 2 <<<"$OUTCOME_LOG" | tr '\n' ' ')"
}

# bats test_tags=starter-fails
@test "on a non-loopback address without a token (PPROF_TOKEN unset or empty) the server refuses to start, and says why; with the token it starts" {
  need_artifact out/server
  isolate_network || skip "cannot test here: no private network namespace (unshare -rn is refused, and not as root), and binding 0.0.0.0 could expose an open server"
  local addr
  for addr in 0.0.0.0:0 :0 10.1.2.3:0; do
    expect_refusal "$addr" "" "refusing to start" || return 1
  done
  expect_refusal 0.0.0.0:0 PPROF_TOKEN= "refusing to start"
  # The server takes IPv4 addresses only: it refuses this itself, before the guard is asked.
  expect_refusal "[::]:0" "" ""
  server_outcome PPROF_TOKEN="$TOKEN" -- out/server -addr 0.0.0.0:0
  [ "$OUTCOME" = listening ] || check_fail "-addr 0.0.0.0:0 with PPROF_TOKEN set: the server listening (the token guards it)" \
    "$OUTCOME: $(head -n 2 <<<"$OUTCOME_LOG" | tr '\n' ' ')"
}

@test "on loopback without a token it starts: /debug/pprof answers 200 (open to this machine) or 401 (closed), /work 200" {
  need_artifact out/server
  SERVER_BIN="$STEP_DIR/out/server" start_server 2>/dev/null ||
    check_fail "out/server started on 127.0.0.1 without PPROF_TOKEN, answering" "$(server_ending)" || return 1
  expect_code '200|401' "GET /debug/pprof/heap on loopback without PPROF_TOKEN" "$SERVER_URL/debug/pprof/heap"
  expect_code '200|401' "the same, sent with Authorization: Bearer $TOKEN" "${AUTH[@]}" "$SERVER_URL/debug/pprof/heap"
  expect_code 200 "GET /work/cpu?n=10 on loopback without PPROF_TOKEN" "$SERVER_URL/work/cpu?n=10"
}

@test "every /work parameter out of range is a 400" {
  start_guarded
  local q each=()
  for q in "cpu?n=0" "cpu?workers=65" "mem?bytes=0" "mem?count=1000001" "mem?hold=2" "contention?iter=0" \
    "contention?holdNs=1000001" "contention?workers=65" "leak?n=101"; do
    each+=("GET /work/$q" "" "$SERVER_URL/work/$q")
  done
  expect_each 400 "${each[@]}"
}

# bats test_tags=starter-fails
@test "request limits, /work included: a URL over 1024 bytes is 414, more than 8 parameters 400, a Content-Length over 65536 413" {
  start_guarded
  local pad; pad=$(head -c 1100 /dev/zero | tr '\0' a)
  expect_code 414 "a 1100-byte URL" "${AUTH[@]}" "$SERVER_URL/debug/pprof/heap?pad=$pad"
  expect_code 400 "/debug/pprof/threads with 9 query parameters" "${AUTH[@]}" "$SERVER_URL/debug/pprof/threads?$(params debug=1 9)"
  expect_code 400 "/work/cpu with 9 query parameters" "$SERVER_URL/work/cpu?$(params n=1 9)"
  expect_code 200 "/work/cpu with 8 query parameters" "$SERVER_URL/work/cpu?$(params n=1 8)"
  expect_code 413 "a POST announcing 100000 bytes (Content-Length: 100000), refused before its body is read" \
    --max-time 3 "${AUTH[@]}" -H 'Content-Length: 100000' --data-binary x "$SERVER_URL/debug/pprof/symbol"
}

# bats test_tags=starter-fails
@test "one access-log line per profiling request, refused ones included, none for /work" {
  start_guarded
  code "${AUTH[@]}" "$SERVER_URL/debug/pprof/heap" >/dev/null
  code "$SERVER_URL/debug/pprof/mutex" >/dev/null
  code "${AUTH[@]}" "$SERVER_URL/debug/pprof/nosuch" >/dev/null
  code "$SERVER_URL/work/cpu?n=10" >/dev/null
  local line
  for line in "GET /debug/pprof/heap 200" "GET /debug/pprof/mutex 401" "GET /debug/pprof/nosuch 404"; do
    grep -Eq "^pprof-access: 127\.0\.0\.1 $line [0-9]+ms$" "$SERVER_LOG" ||
      check_fail "a line 'pprof-access: 127.0.0.1 $line Nms' in the server's log (the status the client got)" "$(grep -c '^pprof-access:' "$SERVER_LOG") pprof-access lines: $(grep '^pprof-access:' "$SERVER_LOG" | head -n 4 | tr '\n' '|')" || return 1
  done
  ! grep -q '^pprof-access:.*/work/' "$SERVER_LOG" || check_fail "no access-log line for /work requests" "$(grep '^pprof-access:.*/work/' "$SERVER_LOG")"
}

@test "the server's log never shows the token, whole or in part" {
  start_guarded
  code "${AUTH[@]}" "$SERVER_URL/debug/pprof/heap" >/dev/null
  code -H "Authorization: Bearer ${TOKEN%?}" "$SERVER_URL/debug/pprof/heap" >/dev/null
  code "${AUTH[@]}" "$SERVER_URL/debug/pprof/profile?seconds=0" >/dev/null
  stop_server  # so that everything it wrote is in the log
  local parts="$BATS_TEST_TMPDIR/token-parts" i
  for ((i = 0; i + 8 <= ${#TOKEN}; i++)); do echo "${TOKEN:$i:8}"; done >"$parts"
  run grep -nF -f "$parts" "$SERVER_LOG"
  [ "$status" -eq 1 ] || check_fail "no 8 characters of the token in a row anywhere in the server's log (anyone who reads logs would hold it)" \
    "line $(head -n 1 <<<"$output" | cut -c 1-200)"
}

# Prints "COUNTS MIN MAX POSITION_OF_MIN POSITION_OF_MAX" from the probe's output:
# step_count's "steps N" lines, in the order of token_timing's "status POSITION S" lines.
step_spread() {
  awk '$1 == "status" { pos[++np] = $2 } $1 == "steps" { cnt[++nc] = $2 }
    END {
      for (k = 1; k <= nc; k++) {
        if (k == 1 || cnt[k] < min) { min = cnt[k]; pmin = pos[k] }
        if (k == 1 || cnt[k] > max) { max = cnt[k]; pmax = pos[k] }
      }
      print nc + 0, min, max, pmin, pmax
    }' <<<"$1"
}

# Says how the probe ended with STATUS (the counter's words in $output, its errors in $stderr).
probe_ending() {
  case "$1" in
    124) echo "no answer within 60 s (an endless loop?)" ;;
    3) echo "$(grep -o '^steps [a-z].*' <<<"$output" | sed 's/^steps over$/over 100000 instructions in guard_admit for one request/; s/^steps signal \(.*\)/signal \1 inside guard_admit/; s/^steps ended$/it ended inside guard_admit/')" ;;
    13[0-9] | 14[0-9]) echo "killed by signal $(($1 - 128)) ($(kill -l "$1" 2>/dev/null || echo ?)): a crash" ;;
    *) echo "exit $1: $(tail -n 1 <<<"$stderr")" ;;
  esac
}

# The characters of the 64-character token the constant-time check changes, one at a time:
# the first and the last ones, and spread over every 8 in between.
WRONG_AT=(1 2 3 4 9 16 17 24 31 32 33 40 48 49 56 63 64)

# bats test_tags=starter-fails
@test "a wrong token is refused in constant time: as many instructions whichever of its characters is wrong" {
  # In out/, where the runner of learner code can see them (the checker's temporary files
  # it cannot). The probe holds your guard; the instruction counter is the checker's alone.
  mkdir -p out
  gcc -std=c11 -D_GNU_SOURCE -O1 checks/step_count.c -o out/step_count 2>"$BATS_TEST_TMPDIR/cc.log" ||
    check_fail "the checker's checks/step_count.c to compile" "$(head -n 3 "$BATS_TEST_TMPDIR/cc.log")" || return 1
  gcc -std=c11 -D_GNU_SOURCE -O1 -I "$ROOT/labs/server" checks/token_timing.c src/guard.c -o out/token_timing 2>"$BATS_TEST_TMPDIR/cc.log" ||
    check_fail "src/guard.c to compile with checks/token_timing.c" "$(head -n 3 "$BATS_TEST_TMPDIR/cc.log")" || return 1
  # guard_admit's instructions counted by single-stepping it (ptrace, as a debugger
  # does): exact, natively, however busy the machine.
  local long="$TOKEN$TOKEN" n min max pmin pmax refused
  # Whether ptrace works where learner code runs, asked of a command with none of it
  # (what the guard prints cannot make this check skip).
  run --separate-stderr "$RUN_LEARNER" -t 60 -- out/step_count /bin/true
  [[ "$stderr" != *"PTRACE_TRACEME) is refused"* ]] || skip "cannot count instructions here: ptrace is refused"
  run --separate-stderr "$RUN_LEARNER" -t 60 PPROF_TOKEN="$long" -- out/step_count out/token_timing "${WRONG_AT[@]}"
  [ "$status" -eq 0 ] || check_fail "guard_admit to answer a token wrong in one of its ${#long} characters, for ${#WRONG_AT[@]} of them in turn" \
    "$(grep -c '^steps [0-9]' <<<"$output") answers, then $(probe_ending "$status")" || return 1
  refused=$(awk '$1 == "status" && $3 != 401 { print ($3 == 0 ? "let through" : "HTTP " $3) " when character " $2 " is wrong"; exit }' <<<"$output")
  [ -z "$refused" ] || check_fail "401 for a token wrong in any one of its ${#long} characters" "$refused" || return 1
  read -r n min max pmin pmax < <(step_spread "$output")
  [ "$n" -eq "${#WRONG_AT[@]}" ] || check_fail "${#WRONG_AT[@]} counts, one per wrong character" "$n" || return 1
  [ $((max - min)) -le 2 ] || check_fail "as many instructions in guard_admit whichever character of a wrong token differs (2 apart at most)" \
    "$min when character $pmin of ${#long} is wrong, $max when character $pmax is: the comparison depends on where the difference is"
}

@test "out/cpu.prof and out/heap.prof, fetched with the token, are genuine profiles of out/server" {
  assert_genuine_profile cpu out/cpu.prof out/server 20
  assert_genuine_profile heap out/heap.prof out/server
  # The server samples its heap (HEAP_PROFILE_RATE): google-pprof scales the samples to the estimate.
  local inuse; inuse=$(pprof_heap_total out/server out/heap.prof inuse_space)
  awk -v m="${inuse:-0}" 'BEGIN { exit !(m >= 50) }' ||
    check_fail "the 100 MB that /work/mem?hold=true keeps, in use in out/heap.prof (google-pprof --inuse_space)" "${inuse:-no} MB in use"
}

@test "the offline reports were made from the fetched profiles" {
  assert_from_task pprof out/cpu-top.txt --text out/server out/cpu.prof
  assert_from_task pprof out/heap-top.txt --text out/server out/heap.prof
}

# bats test_tags=starter-fails
@test "answer offline_cpu_top names the hottest function of out/cpu.prof, read offline" {
  need_artifact out/cpu.prof
  assert_answer_is offline_cpu_top function "$(top_function out/server out/cpu.prof)" "the top row's function" "google-pprof --text out/server out/cpu.prof"
}

# bats test_tags=starter-fails
@test "answer offline_heap_top names the function holding the most memory in out/heap.prof" {
  need_artifact out/heap.prof
  assert_answer_is offline_heap_top function "$(top_function out/server out/heap.prof)" "the top row's function" "google-pprof --text out/server out/heap.prof"
}
