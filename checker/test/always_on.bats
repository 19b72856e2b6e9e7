#!/usr/bin/env bats
# The server's always-on mode (labs/server/always_on.c: windows of its own CPU
# profile, served at /debug/pprof/window) and step 08's app with its release
# switch (labs/server/release.c). Servers start through start_server.

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  make -s -C "$root/tools" >/dev/null && make -s -C "$root/labs" bin/server >/dev/null
}

setup() {
  load ../checker
  SERVER_PID=""
}

teardown() {
  stop_server
}

# GETs URL into $BATS_TEST_TMPDIR/body (headers in .../headers) and prints the status.
get() {
  curl -s -o "$BATS_TEST_TMPDIR/body" -D "$BATS_TEST_TMPDIR/headers" -w '%{http_code}' "$@"
}

# Fails unless URL?QUERY answers 400 for every QUERY given.
all_400() {
  local url="$1" q code; shift
  for q in "$@"; do
    code=$(get "$url?$q")
    [ "$code" = 400 ] || { echo "$url?$q: $code, want 400" >&2; return 1; }
  done
}

# Prints one response header's value from the last get.
header() {
  sed -n "s/^$1: \([^[:space:]]*\).*/\1/Ip" "$BATS_TEST_TMPDIR/headers"
}

@test "always-on: the server logs rate and windows, and /debug/pprof/profile answers 409 with where to look" {
  start_server CPUPROFILE_FREQUENCY=19 ALWAYS_ON_WINDOW_SEC=1 ALWAYS_ON_KEEP=5
  grep -q 'always-on CPU profile: 19 Hz, windows of 1 s, the last 5 kept' "$SERVER_LOG"
  run get "$SERVER_URL/debug/pprof/profile?seconds=1"
  [ "$output" = 409 ]
  grep -q '^the CPU profiler is busy: always-on profiling runs (windows of 1 s); GET /debug/pprof/window$' "$BATS_TEST_TMPDIR/body"
}

@test "always-on windows are genuine CPU profiles at CPUPROFILE_FREQUENCY with id, start and end headers" {
  start_server CPUPROFILE_FREQUENCY=97 ALWAYS_ON_WINDOW_SEC=1
  wrk -t1 -c1 -d4s "$SERVER_URL/app/order" >/dev/null &  # load across windows 1 to 3, on one core
  local load=$!
  run get "$SERVER_URL/debug/pprof/window?id=1"
  [ "$output" = 200 ]
  [ "$(header X-Window-Id)" = 1 ]
  [ "$(header X-Window-Seconds)" = 1 ]
  local start end
  start=$(header X-Window-Start) end=$(header X-Window-End)
  awk -v s="$start" -v e="$end" -v now="$(date +%s)" 'BEGIN { exit !(e - s >= 0.9 && e - s < 2 && now - e < 30) }'
  run get "$SERVER_URL/debug/pprof/window?id=2"  # waits for window 2, the one the burn ran in
  [ "$output" = 200 ]
  kill "$load" && wait "$load" || true
  cp "$BATS_TEST_TMPDIR/body" "$BATS_TEST_TMPDIR/w2.prof"
  # a sample at least: a machine busy enough to give the server a tenth of a core leaves about 10 in a window
  run -0 "$INSPECT" --kind cpu --binary "$ROOT/labs/bin/server" --min-samples 1 "$BATS_TEST_TMPDIR/w2.prof"
  [ "$(profile_field "$BATS_TEST_TMPDIR/w2.prof" frequency_hz)" = 97 ]
  awk -v a="$(header X-Window-Start)" -v b="$end" 'BEGIN { exit !(a >= b - 0.5) }'  # window 2 follows window 1
}

@test "window?id= waits for the window in progress, is 404 for one not started and 410 for one dropped" {
  start_server CPUPROFILE_FREQUENCY=19 ALWAYS_ON_WINDOW_SEC=1 ALWAYS_ON_KEEP=2
  run get "$SERVER_URL/debug/pprof/window"  # the latest, or the first one to come
  [ "$output" = 200 ]
  local latest; latest=$(header X-Window-Id)
  run get "$SERVER_URL/debug/pprof/window?id=$((latest + 5))"
  [ "$output" = 404 ]
  grep -q "^window $((latest + 5)) has not started" "$BATS_TEST_TMPDIR/body"
  run get "$SERVER_URL/debug/pprof/window?id=$((latest + 1))"
  [ "$output" = 200 ]
  [ "$(header X-Window-Id)" = $((latest + 1)) ]
  run get "$SERVER_URL/debug/pprof/window?id=$((latest + 2))"
  [ "$output" = 200 ]
  run get "$SERVER_URL/debug/pprof/window?id=$latest"  # only the last 2 are kept
  [ "$output" = 410 ]
  grep -q "^window $latest was dropped: the server keeps the last 2" "$BATS_TEST_TMPDIR/body"
  all_400 "$SERVER_URL/debug/pprof/window" "id=0" "id=abc" "id=-1" "idx=1"
}

@test "without always-on, /debug/pprof/window is 404 and /debug/pprof/profile still works" {
  start_server
  run get "$SERVER_URL/debug/pprof/window"
  [ "$output" = 404 ]
  grep -q '^always-on profiling is off (start the server with ALWAYS_ON_WINDOW_SEC=N)$' "$BATS_TEST_TMPDIR/body"
  run get "$SERVER_URL/debug/pprof/profile?seconds=1"
  [ "$output" = 200 ]
}

@test "bad always-on settings stop the server before it listens, with one line and exit 2" {
  local bin="$ROOT/labs/bin/server" v
  for v in ALWAYS_ON_WINDOW_SEC=0 ALWAYS_ON_WINDOW_SEC=abc ALWAYS_ON_WINDOW_SEC=3601 "ALWAYS_ON_KEEP=0 ALWAYS_ON_WINDOW_SEC=1"; do
    run env $v "$bin" -addr 127.0.0.1:0
    [ "$status" -eq 2 ] || { echo "$v: status $status" >&2; return 1; }
    [[ "$output" == *"server: ALWAYS_ON_"*" must be a whole number from "* ]] || { echo "$v: $output" >&2; return 1; }
    [[ "$output" != *"listening on"* ]]
  done
  run env CPUPROFILE="$BATS_TEST_TMPDIR/x.prof" ALWAYS_ON_WINDOW_SEC=1 "$bin" -addr 127.0.0.1:0
  [ "$status" -eq 2 ]
  assert_output --partial 'the CPU profiler is already running'
}

@test "/app/order runs the five code paths and checks its parameter" {
  start_server
  run get "$SERVER_URL/app/order?items=3"
  [ "$output" = 200 ]
  grep -Eq '^order: 3 items, release 1, checksum [0-9a-f]{16}$' "$BATS_TEST_TMPDIR/body"
  all_400 "$SERVER_URL/app/order" "items=0" "items=65" "items=x" "n=1"
}

@test "the release switch deploys release 2 without naming the slow path, refuses bad requests and rolls back" {
  start_server
  run curl -fsS "$SERVER_URL/admin/release"
  assert_output $'release 1\npaths: parse_order price_items check_stock render_receipt sign_receipt'
  run get -X POST "$SERVER_URL/admin/release?version=2&slow=nosuch"
  [ "$output" = 400 ]
  run get -X POST "$SERVER_URL/admin/release?version=1&slow=sign_receipt"
  [ "$output" = 400 ]
  run get "$SERVER_URL/admin/release?version=2"  # GET only shows
  [ "$output" = 400 ]
  run curl -fsS -X POST "$SERVER_URL/admin/release?version=2&slow=check_stock"
  assert_output "release 2 is live"
  grep -q 'release 2 deployed$' "$SERVER_LOG"
  run ! grep -q check_stock "$SERVER_LOG"
  run curl -fsS "$SERVER_URL/app/order"
  assert_output --partial "release 2, checksum"
  run curl -fsS -X POST "$SERVER_URL/admin/release?version=1"
  assert_output "release 1 is live"
  run curl -fsS -X POST "$SERVER_URL/admin/release"  # version 2 by default, slow path at random
  assert_output "release 2 is live"
  run curl -fsS -X POST "$SERVER_URL/admin/release?version=2&seed=5eed0008c0ffee03"  # the path the seed picks
  assert_output "release 2 is live"
  run ! grep -Eq 'seed|5eed|parse_order|price_items|check_stock|render_receipt|sign_receipt' "$SERVER_LOG"
  run get -X POST "$SERVER_URL/admin/release?version=2&seed=5EED"
  [ "$output" = 400 ]
  run get -X POST "$SERVER_URL/admin/release?version=2&seed=0123456789abcdef0123456789abcdef0"
  [ "$output" = 400 ]
  run get -X POST "$SERVER_URL/admin/release?version=2&seed=5eed&slow=check_stock"
  [ "$output" = 400 ]
  run get -X POST "$SERVER_URL/admin/release?version=1&seed=5eed"
  [ "$output" = 400 ]
}

# GETs always-on window ID into $BATS_TEST_TMPDIR/body once it is complete: the server waits for
# the window in progress, and says 404 for one that has not started yet (then this asks again),
# for at most 30 s; fails with the server's answer.
get_window() {
  local id="$1" code i
  for ((i = 0; i < 60; i++)); do
    code=$(get --max-time 20 "$SERVER_URL/debug/pprof/window?id=$id")
    [ "$code" = 200 ] && return 0
    [ "$code" = 404 ] || [ "$code" = 503 ] || break
    sleep 0.5
  done
  echo "window $id: HTTP $code: $(head -c 200 "$BATS_TEST_TMPDIR/body")" >&2
  return 1
}

# Fetches the always-on windows from id FIRST on, until they hold MIN samples together (at
# most 10 windows: a busy machine gives the server less CPU a window), and merges them into
# OUT; prints the id of the last one.
windows_until() {
  local first="$1" min="$2" out="$3" id sum=0 files=()
  for ((id = first; id < first + 10 && sum < min; id++)); do
    get_window "$id" || return 1
    cp "$BATS_TEST_TMPDIR/body" "$BATS_TEST_TMPDIR/window-$id.prof"
    files+=("$BATS_TEST_TMPDIR/window-$id.prof")
    sum=$((sum + $("$INSPECT" --field samples "$BATS_TEST_TMPDIR/window-$id.prof")))
  done
  "$ROOT/tools/bin/profile-merge" -o "$out" "${files[@]}" >/dev/null || return 1
  echo "$((id - 1))"
}

@test "in release 2 the slow path's share of the always-on windows grows" {
  # A fixed amount of work per order (items=32), and windows until 300 samples a side: on a
  # machine busy enough to give the server a tenth of a core it takes more windows, never fewer
  # samples. sign_receipt, the smallest path (about 10 %), grows by about 20 points at 4 times the work.
  start_server CPUPROFILE_FREQUENCY=97 ALWAYS_ON_WINDOW_SEC=2
  local base last before after load
  base=$(curl -s --max-time 10 -D - -o /dev/null "$SERVER_URL/debug/pprof/window" | sed -n 's/^X-Window-Id: \([0-9]*\).*/\1/p')
  wrk -t1 -c2 -d120s "$SERVER_URL/app/order?items=32" >/dev/null &
  load=$!
  last=$(windows_until "$((base + 2))" 300 "$BATS_TEST_TMPDIR/before.prof")  # whole windows under load
  curl -fsS --max-time 10 -X POST "$SERVER_URL/admin/release?version=2&slow=sign_receipt" >/dev/null
  windows_until "$((last + 2))" 300 "$BATS_TEST_TMPDIR/after.prof" >/dev/null  # the next whole window is under release 2
  kill "$load" && wait "$load" || true
  before=$(flat_percent "$ROOT/labs/bin/server" "$BATS_TEST_TMPDIR/before.prof" sign_receipt)
  after=$(flat_percent "$ROOT/labs/bin/server" "$BATS_TEST_TMPDIR/after.prof" sign_receipt)
  echo "sign_receipt: $before% before, $after% after" >&2
  awk -v b="$before" -v a="$after" 'BEGIN { exit !(a > b + 10) }'
}
