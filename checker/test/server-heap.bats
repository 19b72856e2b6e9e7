#!/usr/bin/env bats
# The server's sampled heap profile (labs/server/heapsample.c, heapstacks.c,
# heap.c): HEAP_PROFILE_RATE, estimates that match what /work/mem really holds
# and allocates, exact counts at rate 1, stacks, and both pprof clients.

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  make -s -C "$root/tools" >/dev/null && make -s -C "$root/labs" bin/server >/dev/null
}

setup() {
  load ../checker
  SERVER_PID="" BIN="$ROOT/labs/bin/server" P="$BATS_TEST_TMPDIR/heap.prof"
}

teardown() {
  stop_server
}

# Fetches the heap profile into $P.
fetch_heap() {
  curl -fsS -o "$P" "$SERVER_URL/debug/pprof/heap"
}

# Starts a server with the settings given, asks it for /work/mem?QUERY, fetches its heap profile.
heap_after_mem() {
  local query="$1"; shift
  start_server "$@"
  curl -fsS "$SERVER_URL/work/mem?$query" >/dev/null
  fetch_heap
}

# The flat value of FUNC in google-pprof's text view OPTION of $P (MB, or objects).
flat_of() {
  pprof_cached --text "$2" "$BIN" "$P" | awk -v f="$1" '$NF == f { print $1; found = 1; exit } END { if (!found) print 0 }'
}

# Fails unless VALUE is within 10 % of WANT, saying both.
within_10_percent() {
  echo "$3: $1, want $2 +- 10 %" >&2
  awk -v v="$1" -v w="$2" 'BEGIN { exit !(v >= 0.9 * w && v <= 1.1 * w) }'
}

@test "the server logs its heap sampling rate, writes it in the profile's header, and HEAP_PROFILE_RATE=0 turns it off" {
  start_server
  grep -q 'heap profile: one sample per 524288 bytes allocated, on average (HEAP_PROFILE_RATE)$' "$SERVER_LOG"
  fetch_heap
  run -0 head -n 1 "$P"
  assert_output --regexp '^heap profile: [0-9]+: [0-9]+ \[[0-9]+: [0-9]+\] @ heap_v2/524288$'
  stop_server
  start_server HEAP_PROFILE_RATE=0
  grep -q 'heap profile: off (HEAP_PROFILE_RATE=0)$' "$SERVER_LOG"
  run curl -s -w '%{http_code}' "$SERVER_URL/debug/pprof/heap"
  assert_output $'heap profiling is off (start the server without HEAP_PROFILE_RATE=0)\n501'
}

@test "a bad HEAP_PROFILE_RATE stops the server before it listens, with one line and exit 2" {
  local v
  for v in -1 abc 1099511627777 ""; do
    run env HEAP_PROFILE_RATE="$v" "$BIN" -addr 127.0.0.1:0
    [ "$status" -eq 2 ] || { echo "'$v': status $status" >&2; return 1; }
    assert_output "server: HEAP_PROFILE_RATE must be a whole number from 0 to 1099511627776, got '$v'"
  done
}

@test "at the default rate, inuse_space estimates the 512 MiB that /work/mem holds within 10 %, alloc_block on top" {
  heap_after_mem "bytes=4096&count=131072&hold=true"
  within_10_percent "$(pprof_heap_total "$BIN" "$P" inuse_space)" 512 "inuse_space total (MB)"
  [ "$(top_function "$BIN" "$P")" = alloc_block ]
}

@test "at the default rate, alloc_space estimates the 488 MiB that /work/mem allocates and frees within 10 %" {
  heap_after_mem "bytes=1024&count=500000&hold=false"
  within_10_percent "$(pprof_heap_total "$BIN" "$P" alloc_space)" 488.3 "alloc_space total (MB)"
  [ "$(top_function "$BIN" "$P" --alloc_space)" = alloc_block ]
  run flat_of alloc_block --inuse_space  # every sampled block was freed
  awk -v v="$output" 'BEGIN { exit !(v == 0) }'
}

@test "at HEAP_PROFILE_RATE=1 every allocation is recorded: exactly the blocks held, the replaced ones counted as freed" {
  start_server HEAP_PROFILE_RATE=1
  curl -fsS "$SERVER_URL/work/mem?bytes=1000&count=20000&hold=true" >/dev/null
  curl -fsS "$SERVER_URL/work/mem?bytes=1000&count=1000&hold=true" >/dev/null  # frees the 20000
  fetch_heap
  [ "$(top_function "$BIN" "$P")" = alloc_block ]
  [ "$(flat_of alloc_block --inuse_objects)" = 1000 ]
  [ "$(flat_of alloc_block --alloc_objects)" = 21000 ]
}

@test "an allocation made through glibc keeps its callers: the full unwinder takes over where frame pointers end" {
  start_server HEAP_PROFILE_RATE=1
  curl -fsS "$SERVER_URL/work/cpu?n=10" >/dev/null  # its answer is formatted by vasprintf, called from reply_text
  fetch_heap
  run -0 google-pprof --collapsed --alloc_space "$BIN" "$P"
  assert_output --regexp ';route[^;]*;work_cpu[^;]*;reply_text[^;]*;__vasprintf_internal [0-9]+'
}

@test "google-pprof and go tool pprof fetch the in-use and the allocated views remotely" {
  export HOME="$BATS_TEST_TMPDIR"  # both clients save a copy under $HOME/pprof
  start_server HEAP_PROFILE_RATE=4096
  curl -fsS "$SERVER_URL/work/mem?bytes=1024&count=20000&hold=false" >/dev/null
  curl -fsS "$SERVER_URL/work/mem?bytes=65536&count=200&hold=true" >/dev/null
  run -0 google-pprof --text --inuse_space "$SERVER_URL/debug/pprof/heap"
  assert_line --regexp '^ +1[0-9.]+ +[0-9.]+% +[0-9.]+% +[0-9.]+ +[0-9.]+% alloc_block$'  # 12.5 MB held
  run -0 google-pprof --text --alloc_space "$SERVER_URL/debug/pprof/heap"
  assert_line --regexp '^ +3[0-9.]+ +[0-9.]+% +[0-9.]+% +[0-9.]+ +[0-9.]+% alloc_block$'  # 32 MB allocated
  command -v go >/dev/null || skip "go not installed"
  run -0 go tool pprof -top -sample_index=inuse_space "$SERVER_URL/debug/pprof/heap"
  assert_line --partial 'Type: inuse_space'
  assert_line --regexp '^ *[0-9.]+[kM]B +9[0-9.]+% .* alloc_block$'
  run -0 go tool pprof -top -sample_index=alloc_space "$SERVER_URL/debug/pprof/heap"
  assert_line --partial 'Type: alloc_space'
  assert_line --regexp '^ *3[0-9.]+[kM]B +9[0-9.]+% .* alloc_block$'  # 32 MB (3xxxxkB)
}
