#!/usr/bin/env bats
# labs/mem_hot's own tests: the Go guide's flags, one heap profile file per
# -memprofile however many dumps gperftools made, and one-line errors.

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  make -s -C "$root/labs" bin/mem_hot bin/bench >/dev/null
  make -s -C "$root/tools" >/dev/null
}

setup() {
  load ../checker
  MEM_HOT="$ROOT/labs/mem_hot"
}

@test "-hold=true keeps bytes x count in use; -hold=false keeps nothing but allocates as much" {
  run -0 "$MEM_HOT" -bytes 4096 -count 1000 -hold=true -memprofile "$BATS_TEST_TMPDIR/hold.prof"
  assert_output --partial "1000 blocks of 4096 bytes"
  run -0 "$MEM_HOT" -bytes=4096 -count=1000 -hold=false -memprofile "$BATS_TEST_TMPDIR/free.prof"
  run -0 "$INSPECT" --kind heap --binary "$ROOT/labs/bin/mem_hot" "$BATS_TEST_TMPDIR/hold.prof"
  local hold free alloc
  hold=$(profile_field "$BATS_TEST_TMPDIR/hold.prof" inuse_bytes)
  free=$(profile_field "$BATS_TEST_TMPDIR/free.prof" inuse_bytes)
  alloc=$(profile_field "$BATS_TEST_TMPDIR/free.prof" alloc_bytes)
  # The held blocks plus the array of 1000 pointers; stdio's buffer may add 4 KiB.
  [ "$hold" -ge $((4096 * 1000 + 8000)) ] && [ "$hold" -le $((4096 * 1000 + 8000 + 8192)) ] || { echo "hold $hold" >&2; return 1; }
  [ "$free" -le 8192 ] || { echo "free $free" >&2; return 1; }
  [ "$alloc" -ge $((4096 * 1000)) ] || { echo "alloc $alloc" >&2; return 1; }
}

@test "-memprofile leaves exactly one file even when gperftools dumped on the way" {
  # 110 MiB held crosses HEAP_PROFILE_INUSE_INTERVAL (100 MiB): one intermediate dump.
  touch "$BATS_TEST_TMPDIR/h.prof.0007.heap"  # a stale dump from a crashed run
  run -0 --separate-stderr "$MEM_HOT" -bytes 1048576 -count 110 -hold -memprofile "$BATS_TEST_TMPDIR/h.prof"
  [[ "$stderr" == *"1 intermediate dump removed"* ]] || { echo "$stderr" >&2; return 1; }
  [ -z "$(ls "$BATS_TEST_TMPDIR" | grep '\.heap$')" ] || { ls "$BATS_TEST_TMPDIR" >&2; return 1; }
  [ "$(profile_field "$BATS_TEST_TMPDIR/h.prof" inuse_bytes)" -ge $((110 * 1048576)) ]
}

@test "bad flags and values get one line on stderr and exit 2" {
  assert_refuses_args mem_hot "$MEM_HOT" -- "-bytes 0" "-bytes x" "-count -5" "-count" "-hold=maybe" "-hold=" \
    "-nosuch 1" "stray" "-memprofile=" "-=1"
}

@test "-h prints the usage and exits 0" {
  run -0 "$MEM_HOT" -h
  assert_line --partial "usage: mem_hot"
  assert_line --partial "-hold[=true|false]"
}

@test "a -memprofile that cannot be created fails at once with one line" {
  run --separate-stderr "$MEM_HOT" -count 10 -memprofile /nonexistent/dir/heap.prof
  [ "$status" -eq 1 ]
  [ "$stderr" = "mem_hot: cannot create the heap profile /nonexistent/dir/heap.prof: No such file or directory" ]
  [ -z "$output" ]
}

@test "the harness's -memprofile uses the same writer: one file, no leftover dumps" {
  run -0 "$ROOT/labs/bench" -bench Alloc16 -benchtime 100x -memprofile "$BATS_TEST_TMPDIR/b.prof"
  [ -z "$(ls "$BATS_TEST_TMPDIR" | grep '\.heap$')" ]
  run -0 "$INSPECT" --kind heap "$BATS_TEST_TMPDIR/b.prof"
}
