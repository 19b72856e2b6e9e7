#!/usr/bin/env bats
# The profiling server (labs/server) and the one way tests start it
# (start_server/stop_server in lib/server.sh): strict parameters, every
# /debug/pprof endpoint, and both real pprof clients fetching remotely.

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  make -s -C "$root/tools" >/dev/null && make -s -C "$root/labs" bin/server >/dev/null
  load ../checker
  start_server MUTEX_PROFILE_FRACTION=1 BLOCK_PROFILE_RATE_NS=1000
  export SHARED_URL="$SERVER_URL" SHARED_PID="$SERVER_PID"
}

teardown_file() {
  load ../checker
  SERVER_PID="$SHARED_PID" stop_server
}

setup() {
  load ../checker
  SERVER_PID="" U="$SHARED_URL" BIN="$ROOT/labs/bin/server"
}

teardown() {
  stop_server  # only the servers a test started itself (SERVER_PID is cleared in setup)
}

# Keeps the server at URL burning CPU (/work/cpu, one request after another) until
# stop_cpu_busy, for at most 60 s: a profile then has samples however late a busy
# machine runs the work (one request alone could end before the profile starts).
keep_cpu_busy() {
  timeout 60 sh -c 'while :; do curl -s "$1/work/cpu?n=1000000&workers=2" >/dev/null || sleep 0.1; done' sh "$1" &
  BUSY_PID=$!
}

# Stops the loop keep_cpu_busy started.
stop_cpu_busy() {
  kill "$BUSY_PID" 2>/dev/null
  wait "$BUSY_PID" 2>/dev/null || true
}

# Fails unless GET URL answers STATUS; prints the body.
expect_status() {
  local want="$1" url="$2" got
  got=$(curl -s -o "$BATS_TEST_TMPDIR/body" -w '%{http_code}' "$url")
  cat "$BATS_TEST_TMPDIR/body"
  [ "$got" = "$want" ] || { echo "GET $url: $got, want $want" >&2; return 1; }
}

@test "start_server listens on a free 127.0.0.1 port and exports SERVER_URL and SERVER_PID" {
  start_server
  [[ "$SERVER_URL" =~ ^http://127\.0\.0\.1:[0-9]+$ ]]
  [ "$SERVER_URL" != "$SHARED_URL" ]
  kill -0 "$SERVER_PID"
  grep -qE "listening on 127\.0\.0\.1:[0-9]+ \(pprof endpoints at /debug/pprof\)$" "$SERVER_LOG"
  run -0 curl -fsS "$SERVER_URL/debug/pprof/"
  assert_output --partial '<a href="profile?seconds=30">profile</a>'
}

@test "stop_server stops it with SIGTERM: it logs the shutdown and exits 0" {
  start_server
  local pid="$SERVER_PID"
  stop_server
  [ "$SERVER_STATUS" -eq 0 ]
  run ! server_alive "$pid"
  grep -q 'shutting down (SIGTERM)' "$SERVER_LOG"
}

@test "stop_server kills a server that ignores SIGTERM" {
  cat >"$BATS_TEST_TMPDIR/stubborn" <<'STUB'
#!/usr/bin/env python3
import http.server, signal, sys
signal.signal(signal.SIGTERM, signal.SIG_IGN)
s = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
print("listening on 127.0.0.1:%d (pprof endpoints at /debug/pprof)" % s.server_port, flush=True)
s.serve_forever()
STUB
  chmod +x "$BATS_TEST_TMPDIR/stubborn"
  SERVER_BIN="$BATS_TEST_TMPDIR/stubborn" start_server -- -addr ignored
  local pid="$SERVER_PID" tree p
  tree=$(process_descendants "$SERVER_PID")
  [ -n "$tree" ]
  SERVER_STOP_TIMEOUT=1 run stop_server
  assert_output --partial "ignored SIGTERM for 1 s; killing it"
  sleep 0.2
  # (server_alive: lib/server.sh's own test of a process, a zombie counting as gone)
  for p in $pid $tree; do run ! server_alive "$p"; done
}

@test "start_server waits for a server that is slow to answer, under set -e" {
  cat >"$BATS_TEST_TMPDIR/slow" <<'STUB'
#!/usr/bin/env python3
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", 0))
print("listening on 127.0.0.1:%d (pprof endpoints at /debug/pprof)" % s.getsockname()[1], flush=True)
time.sleep(0.7)  # the port refuses connections until now
s.listen()
while True:
    c, _ = s.accept(); c.recv(4096); c.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"); c.close()
STUB
  chmod +x "$BATS_TEST_TMPDIR/slow"
  set -e
  SERVER_BIN="$BATS_TEST_TMPDIR/slow" start_server -- -addr ignored
  run -0 curl -fsS "$SERVER_URL/debug/pprof/"
  stop_server
  [ "$SERVER_STATUS" -ne 0 ]  # python dies of SIGTERM: 143
}

@test "start_server fails in one line, with the log's tail, when the server cannot start" {
  run start_server -- -addr 127.0.0.1:notaport
  [ "$status" -eq 1 ]
  assert_line --partial 'start_server: the server exited (status 2) before listening'
  assert_output --partial 'server: -addr wants HOST:PORT'
  run start_server NOT-AN-ENV
  [ "$status" -eq 2 ]
  assert_output "start_server: 'NOT-AN-ENV' is not ENV=VALUE (server arguments go after --)"
}

@test "the server refuses unknown flags and bad addresses with a usage line and exit 2" {
  run "$BIN" -port 80
  [ "$status" -eq 2 ]
  assert_output --partial 'usage: server [-addr HOST:PORT]'
  run "$BIN" -addr 999.1.1.1:80
  [ "$status" -eq 2 ]
  assert_line 'server: -addr: HOST must be an IPv4 address or localhost'
}

@test "the /work endpoints run the shared workloads and say what they did" {
  expect_status 200 "$U/work/cpu?n=1000&workers=2" | grep -q '^cpu: 1000 rounds on 2 workers'
  expect_status 200 "$U/work/mem?bytes=100&count=10&hold=true" | grep -q '^mem: 10 blocks of 100 bytes, held'
  expect_status 200 "$U/work/contention?iter=100&holdNs=1000&workers=2" | grep -q '^contention: 2 workers x 100'
  expect_status 200 "$U/work/leak?n=1" | grep -q '^leak: 1 threads parked for 30 s'
}

@test "every bad or out-of-range /work parameter is a 400 with a one-line reason" {
  local q
  for q in "cpu?n=0" "cpu?n=100000001" "cpu?n=abc" "cpu?workers=65" "cpu?n=" "cpu?n=1e3" "cpu?x=1" \
    "mem?bytes=0" "mem?bytes=16777217" "mem?count=1000001" "mem?hold=maybe" "mem?bytes=16777216&count=100" \
    "contention?iter=0" "contention?holdNs=-1" "contention?holdNs=1000001" "contention?workers=0" \
    "contention?iter=10000000&holdNs=10000" "leak?n=0" "leak?n=101" "leak?n=%00"; do
    run expect_status 400 "$U/work/$q"
    [ "$status" -eq 0 ] || { echo "$q: $output" >&2; return 1; }
    [ "${#lines[@]}" -eq 1 ] && [[ "$output" == "bad request: "* ]] || { echo "$q: $output" >&2; return 1; }
  done
}

@test "unknown paths are 404 and methods a path does not take are 405" {
  expect_status 404 "$U/nope"
  run curl -s -o /dev/null -w '%{http_code}' -X DELETE "$U/work/cpu"
  assert_output 405
  run curl -s -o /dev/null -w '%{http_code}' -X POST "$U/debug/pprof/heap"
  assert_output 405
}

@test "profile?seconds=1 is a genuine gperftools CPU profile of the server binary" {
  curl -s "$U/work/cpu?n=3000000&workers=2" >/dev/null &
  curl -fsS -o "$BATS_TEST_TMPDIR/cpu.prof" "$U/debug/pprof/profile?seconds=1"
  wait
  "$INSPECT" --kind cpu --binary "$BIN" --min-samples 10 "$BATS_TEST_TMPDIR/cpu.prof"
  [ "$(top_function "$BIN" "$BATS_TEST_TMPDIR/cpu.prof")" = hash_round ]
}

@test "a second CPU profile while one runs is refused with a 500, as Go does" {
  curl -s -o /dev/null "$U/debug/pprof/profile?seconds=2" &
  sleep 0.5
  run expect_status 500 "$U/debug/pprof/profile?seconds=1"
  wait
  [ "$status" -eq 0 ]
  assert_output 'could not enable CPU profiling: already in use'
  run expect_status 400 "$U/debug/pprof/profile?seconds=abc"
  [ "$status" -eq 0 ]
}

@test "profile?seconds=5 lasts 5.0 +- 0.2 s under load while SIGPROF and the thread dump's signal interrupt its sleep" {
  start_server
  wrk -t1 -c2 -d8s "$SERVER_URL/work/cpu?n=20000" >/dev/null &  # busy threads: SIGPROF fires at 100 Hz
  local load=$! dumps covered fetch
  # A signal to every thread, each time; bounded (about 10 s), so a failure before the kill below leaves nothing running.
  ( for _ in $(seq 200); do curl -s -o /dev/null --max-time 1 "$SERVER_URL/debug/pprof/threads"; sleep 0.05; done ) >/dev/null 2>&1 3>&- &
  dumps=$!
  sleep 0.5
  # From the request sent to the answer's first byte: the time the fetch took.
  run -0 curl -fsS -D "$BATS_TEST_TMPDIR/headers" -o "$BATS_TEST_TMPDIR/cpu.prof" -w '%{time_pretransfer} %{time_starttransfer}' \
    "$SERVER_URL/debug/pprof/profile?seconds=5"
  kill "$dumps" "$load"
  wait "$load" || true
  fetch=$(awk '{ printf "%.3f", $2 - $1 }' <<<"$output")
  # The seconds the profiler sampled, as the server says them (X-Profile-Start and -End).
  covered=$(tr -d '\r' <"$BATS_TEST_TMPDIR/headers" | awk -F': ' '$1 == "X-Profile-Start" { s = $2 } $1 == "X-Profile-End" { e = $2 }
    END { if (s && e) printf "%.3f", e - s }')
  echo "the profile covers ${covered:-?} s; the fetch took $fetch s" >&2
  awk -v c="$covered" -v f="$fetch" 'BEGIN { exit !(c >= 4.99 && c <= 5.2 && f >= c - 0.01 && f <= c + 1) }'
  run -0 "$INSPECT" --kind cpu --binary "$BIN" --min-samples 100 "$BATS_TEST_TMPDIR/cpu.prof"
}

@test "the heap endpoint returns the sampled heap profile with the held blocks at alloc_block" {
  curl -fsS "$U/work/mem?bytes=65536&count=200&hold=true" >/dev/null
  curl -fsS -o "$BATS_TEST_TMPDIR/heap.prof" "$U/debug/pprof/heap"
  "$INSPECT" --kind heap --binary "$BIN" "$BATS_TEST_TMPDIR/heap.prof"
  [ "$(top_function "$BIN" "$BATS_TEST_TMPDIR/heap.prof")" = alloc_block ]
}

@test "the mutex and block profiles of /work/contention put locked_update on top; contention is mutex" {
  # A server of its own: the shared one's profiles also hold the waits of every earlier test
  # (parked /work/leak threads, thread dumps), which a busy machine stretches past these.
  start_server MUTEX_PROFILE_FRACTION=1 BLOCK_PROFILE_RATE_NS=1000
  U="$SERVER_URL"
  curl -fsS "$U/work/contention?iter=3000&holdNs=20000&workers=4" >/dev/null
  curl -fsS -o "$BATS_TEST_TMPDIR/mutex.prof" "$U/debug/pprof/mutex"
  curl -fsS -o "$BATS_TEST_TMPDIR/block.prof" "$U/debug/pprof/block"
  curl -fsS -o "$BATS_TEST_TMPDIR/contention.prof" "$U/debug/pprof/contention"
  for p in mutex block contention; do
    "$INSPECT" --kind contention --binary "$BIN" --min-samples 1 "$BATS_TEST_TMPDIR/$p.prof"
    [ "$(top_function "$BIN" "$BATS_TEST_TMPDIR/$p.prof")" = locked_update ]
  done
}

@test "the thread dump groups identical stacks: parked /work/leak threads come with their count" {
  run -0 curl -fsS "$U/work/leak?n=3"
  run -0 curl -fsS "$U/debug/pprof/threads"
  assert_line --regexp '^thread profile: total [0-9]+$'
  local group; group=$(awk '/^[0-9]+ @/ { n = $1 } /leak_park/ { print n; exit }' <<<"$output")
  [ "${group:-0}" -ge 3 ] || { echo "$output" >&2; return 1; }
  run -0 curl -fsS "$U/debug/pprof/threads?debug=2"
  assert_output --regexp 'thread [0-9]+ \[leak-park\]:'
  run expect_status 400 "$U/debug/pprof/threads?debug=3"
}

@test "symbol answers GET with num_symbols and POST with names, skipping what it does not know" {
  run -0 curl -fsS "$U/debug/pprof/symbol"
  assert_output 'num_symbols: 1'
  local addr
  curl -fsS "$U/work/contention?iter=2000&holdNs=20000&workers=4" >/dev/null
  addr=$(sed -n 's/^\([0-9]*\) [0-9]* @ \(0x[0-9a-f]*\).*/\2/p' <(curl -fsS "$U/debug/pprof/mutex") | head -n 1)
  [ -n "$addr" ]
  run -0 curl -fsS --data-binary "$addr+0x1+zz+" "$U/debug/pprof/symbol"
  assert_line --regexp '^0x0*[0-9a-f]+	locked_update$'
  head -c 2000000 /dev/zero >"$BATS_TEST_TMPDIR/big"
  run curl -s -o /dev/null -w '%{http_code}' --data-binary "@$BATS_TEST_TMPDIR/big" "$U/debug/pprof/symbol"
  assert_output 413
}

@test "cmdline gives the server's argv, NUL-separated" {
  run -0 bash -c "curl -fsS '$U/debug/pprof/cmdline' | tr '\\0' ' '"
  assert_output "$BIN -addr 127.0.0.1:0"
}

@test "google-pprof fetches CPU, heap and contention profiles remotely and prints a symbolized top" {
  export HOME="$BATS_TEST_TMPDIR"  # google-pprof saves a copy under $HOME/pprof
  keep_cpu_busy "$U"
  run -0 google-pprof --seconds=1 --text "$U/debug/pprof/profile"
  stop_cpu_busy
  assert_line --regexp '^Total: [0-9]+ samples$'
  assert_line --regexp '% hash_round$'
  curl -fsS "$U/work/mem?bytes=65536&count=200&hold=true" >/dev/null
  run -0 google-pprof --text "$U/debug/pprof/heap"
  assert_line --regexp '% alloc_block$'
  curl -fsS "$U/work/contention?iter=2000&holdNs=20000&workers=4" >/dev/null
  run -0 google-pprof --text "$U/debug/pprof/contention"
  assert_line --regexp '% locked_update$'
}

@test "go tool pprof fetches CPU, heap and mutex profiles remotely and prints a symbolized top" {
  command -v go >/dev/null || skip "go not installed"
  export HOME="$BATS_TEST_TMPDIR"  # go tool pprof saves a copy under $HOME/pprof
  keep_cpu_busy "$U"
  run -0 go tool pprof -top "$U/debug/pprof/profile?seconds=1"
  stop_cpu_busy
  assert_line --regexp ' hash_round$'
  curl -fsS "$U/work/mem?bytes=65536&count=200&hold=true" >/dev/null
  run -0 go tool pprof -top "$U/debug/pprof/heap"
  assert_line --regexp ' alloc_block$'
  curl -fsS "$U/work/contention?iter=2000&holdNs=20000&workers=4" >/dev/null
  run -0 go tool pprof -top "$U/debug/pprof/mutex"
  assert_line --regexp ' locked_update$'
}

@test "malformed requests get an HTTP error and the server keeps answering" {
  local reply
  reply=$(printf 'BREW /debug/pprof/ HTTP/1.1\r\nHost: x\r\n\r\n' | curl -s --max-time 2 telnet://127.0.0.1:${U##*:} 2>/dev/null | head -n 1)
  [[ "$reply" == "HTTP/1.1 4"* || "$reply" == "HTTP/1.1 5"* ]] || { echo "BREW: $reply" >&2; return 1; }
  run curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $(head -c 100000 /dev/zero | tr '\0' a)" "$U/debug/pprof/"
  [[ "$output" == 4* ]] || { echo "huge header: $output" >&2; return 1; }
  run curl -s -o /dev/null -w '%{http_code}' "$U/work/cpu?n=1&n=2&%zz=%%"
  [[ "$output" == 4* ]] || { echo "garbage query: $output" >&2; return 1; }
  run -0 curl -fsS -o /dev/null "$U/debug/pprof/"
}
