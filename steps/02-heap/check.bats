#!/usr/bin/env bats
# Step 02 checks: the heap profiles are genuine and show allocated vs in use the
# way the chapter says, the leak in serve is fixed (the checker runs memcheck and
# the heap profiler itself), and your answers agree with the checker's reading.
load ../../checker/checker

setup_file() {
  step_setup_file
  cd "$BATS_TEST_DIRNAME" || return 1
  # mem_hot's blocks and the path the task runs it by, the requests memcheck serves
  # and serve's flags, all of the learner's variant (make id), from the step's
  # Makefile (once per file, in one make: each costs 60 ms of CPU).
  export BYTES COUNT MEM_HOT_BIN MEMCHECK_REQUESTS SERVE_FLAGS
  { read -r BYTES; read -r COUNT; read -r MEM_HOT_BIN; read -r MEMCHECK_REQUESTS; read -r SERVE_FLAGS; } < <(
    make -s --no-print-directory print-MEM_BYTES print-MEM_COUNT print-MEM_HOT_BIN print-MEMCHECK_REQUESTS print-SERVE_FLAGS)
}
setup() {
  step_setup 2
  MEM_HOT="$ROOT/labs/bin/mem_hot"
}

# Runs one of the step's Makefile targets with variables, quietly (the checker's own runs).
step_make() {
  make -s --no-print-directory -C "$STEP_DIR" "$@" >/dev/null 2>&1
}

# What serve prints for 2000 requests when it renders the reference responses (its
# default users and cache, whatever the variant: your code's part is the same).
SERVED_2000="served 2000 requests, 1872900 response bytes (checksum bc58fb70), from 200 users"
# The native run: requests, and the address space they must fit in (the starter's
# leak needs about 144 bytes more per request: 27 MiB for these; the fix needs 4).
NATIVE_REQUESTS=200000
NATIVE_MIB=16

# The first memory error of a memcheck log that is not a leak, with the first frame
# that names a source line ("Invalid read of size 8 at request_param (request.c:62)").
memcheck_misuse() {
  valgrind_log_body "$1" | awk '
    /^(Invalid (read|write|free)|Mismatched free|Conditional jump|Use of uninitialised|Syscall param|Source and destination overlap|Argument .* of function)/ { what = $0; next }
    what != "" && /^   (at|by) .*\(.*:[0-9]+\)$/ { sub(/^ *(at|by) 0x[0-9A-Fa-f]+: /, ""); print what " at " $0; what = ""; exit }
    END { if (what != "") print what }'
}

# The checker's own memcheck log of serve (make memcheck, once per file): prints its path.
own_memcheck() {
  local log="$BATS_FILE_TMPDIR/memcheck.txt" said
  if [ ! -s "$log" ] && ! said=$(make -s --no-print-directory -C "$STEP_DIR" memcheck MEMCHECK_OUT="$log" 2>&1); then
    check_fail "valgrind memcheck to run out/serve to the end (make memcheck)" "$(ran_out "$said")"
    return 1
  fi
  echo "$log"
}

# What a failed run of serve says, in one line: its last lines, or that it hit the time limit.
ran_out() {
  case "$1" in
    *"exit 124"* | *"Error 124"*) echo "still running at the time limit: does serve end?" ;;
    *) tail -n 3 <<<"$1" | tr '\n' ' ' ;;
  esac
}

# Fails unless out/memcheck.txt is the task's memcheck log: line for line the checker's own run.
memcheck_from_task() {
  local own
  own=$(own_memcheck) || return 1
  assert_from_task valgrind out/memcheck.txt Memcheck "out/serve $SERVE_FLAGS -requests $MEMCHECK_REQUESTS" "$own"
}

# Fails unless out/massif.out is massif's record of the task's mem_hot run.
massif_from_task() {
  assert_from_task massif out/massif.out "$MEM_HOT_BIN -bytes $BYTES -count $COUNT -hold=true" "$MEM_HOT"
}

@test "out/heap-hold.prof and out/heap-free.prof are genuine heap profiles of labs/bin/mem_hot" {
  assert_genuine_profile heap out/heap-hold.prof "$MEM_HOT" 0
  assert_genuine_profile heap out/heap-free.prof "$MEM_HOT" 0
}

@test "with -hold=true the memory in use at exit is bytes x count, within 10%" {
  need_artifact out/heap-hold.prof
  local inuse
  inuse=$(profile_field out/heap-hold.prof inuse_bytes)
  awk -v i="$inuse" -v w="$((BYTES * COUNT))" 'BEGIN { exit !(i >= 0.9 * w && i <= 1.1 * w) }' ||
    check_fail "about $((BYTES * COUNT)) bytes in use ($BYTES x $COUNT)" "$inuse bytes in use in out/heap-hold.prof"
}

@test "with -hold=false almost nothing is in use, yet as much was allocated as with -hold=true" {
  need_artifact out/heap-free.prof
  need_artifact out/heap-hold.prof
  local inuse alloc_free alloc_hold
  inuse=$(profile_field out/heap-free.prof inuse_bytes)
  alloc_free=$(profile_field out/heap-free.prof alloc_bytes)
  alloc_hold=$(profile_field out/heap-hold.prof alloc_bytes)
  awk -v i="$inuse" -v w="$((BYTES * COUNT))" 'BEGIN { exit !(i < 0.05 * w) }' ||
    check_fail "under 5% of $((BYTES * COUNT)) bytes in use in out/heap-free.prof" "$inuse bytes"
  awk -v f="$alloc_free" -v h="$alloc_hold" 'BEGIN { exit !(f >= 0.9 * h && f <= 1.1 * h) }' ||
    check_fail "alloc_bytes of out/heap-free.prof within 10% of out/heap-hold.prof's ($alloc_hold)" "$alloc_free"
}

@test "the eight text views were made from the two profiles" {
  local m v
  for m in hold free; do
    for v in inuse_space alloc_space inuse_objects alloc_objects; do
      assert_from_task pprof "out/$m-$v.txt" --text "--$v" "$MEM_HOT" "out/heap-$m.prof" || return 1
    done
  done
}

@test "out/heap-hold.svg is the in-use call graph with alloc_block in it" {
  # (as the task names the binary: the graph's title shows the path)
  assert_from_task pprof out/heap-hold.svg --svg --inuse_space "$MEM_HOT_BIN" out/heap-hold.prof
  grep -q '>alloc_block<' out/heap-hold.svg || check_fail "a node for alloc_block in out/heap-hold.svg" "none"
}

@test "massif recorded mem_hot -hold=true and ms_print drew its graph" {
  massif_from_task
  assert_from_task output out/massif.txt ms_print out/massif.out
  local peak
  peak=$(massif_peak_bytes out/massif.out) || check_fail "a massif file with snapshots" "out/massif.out is not one" || return 1
  awk -v p="$peak" -v w="$((BYTES * COUNT))" 'BEGIN { exit !(p >= w) }' ||
    check_fail "a peak of at least $((BYTES * COUNT)) bytes in out/massif.out" "$peak"
}

@test "out/serve.heap is a genuine heap profile of out/serve through the preloaded libtcmalloc" {
  assert_preloaded_profile heap out/serve.heap out/serve libtcmalloc
}

@test "out/memcheck.txt is valgrind memcheck's leak report for out/serve" {
  memcheck_from_task
  memcheck_bytes out/memcheck.txt "still reachable" >/dev/null ||
    check_fail "a memcheck log with a HEAP SUMMARY" "$(head -c 200 out/memcheck.txt)"
}

@test "serve still renders the same responses (2000 requests, byte for byte)" {
  step_make out/serve || check_fail "src/ to compile" "make -C steps/02-heap out/serve fails" || return 1
  run "$RUN_LEARNER" -t 60 -- out/serve -requests 2000
  [ "$status" -ne 124 ] || check_fail "$SERVED_2000" "still running after 60 s: does serve end?" || return 1
  [ "$output" = "$SERVED_2000" ] || check_fail "$SERVED_2000" "$output"
}

@test "memcheck finds no invalid reads, writes or frees in serve (the checker's own run)" {
  local log first
  log=$(own_memcheck) || return 1
  memcheck_bytes "$log" "still reachable" >/dev/null || check_fail "a memcheck log with a HEAP SUMMARY" "$(head -c 200 "$log")" || return 1
  first=$(memcheck_misuse "$log")
  [ -z "$first" ] || check_fail "no memory errors in memcheck's report (memory used after its free, freed twice, ...)" "$first"
}

# bats test_tags=starter-fails
@test "memcheck finds no definitely lost bytes in serve (the checker's own run)" {
  local log lost
  log=$(own_memcheck) || return 1
  lost=$(memcheck_bytes "$log" "definitely lost") || check_fail "a memcheck log" "$(head -c 200 "$log")" || return 1
  [ "$lost" -eq 0 ] || check_fail "definitely lost: 0 bytes" "definitely lost: $lost bytes (valgrind --leak-check=full out/serve)"
}

# bats test_tags=starter-fails
@test "serve runs 200000 requests in 16 MiB of address space, without any tool" {
  step_make out/serve || check_fail "src/ to compile" "make -C steps/02-heap out/serve fails" || return 1
  run "$RUN_LEARNER" -t 120 -- sh -c "ulimit -v $((NATIVE_MIB * 1024)) && exec out/serve -requests $NATIVE_REQUESTS"
  [ "$status" -ne 124 ] ||
    check_fail "serve -requests $NATIVE_REQUESTS to finish in $NATIVE_MIB MiB (no profiler, no valgrind: only your code)" "still running after 120 s: does serve end?" || return 1
  [ "$status" -eq 0 ] ||
    check_fail "serve -requests $NATIVE_REQUESTS to finish in $NATIVE_MIB MiB (no profiler, no valgrind: only your code)" "exit $status: ${output:0:200}"
}

# bats test_tags=starter-fails
@test "serve's memory in use at exit does not grow with the number of requests" {
  local a="$BATS_TEST_TMPDIR/a.heap" b="$BATS_TEST_TMPDIR/b.heap" small big said
  said=$(make -s --no-print-directory -C "$STEP_DIR" serve-heap REQUESTS=1000 HEAP_OUT="$a" 2>&1 &&
    make -s --no-print-directory -C "$STEP_DIR" serve-heap REQUESTS=4000 HEAP_OUT="$b" 2>&1) ||
    check_fail "serve to run to the end under the heap profiler (make serve-heap, 1000 and 4000 requests)" "$(ran_out "$said")" || return 1
  small=$(profile_field "$a" inuse_bytes) big=$(profile_field "$b" inuse_bytes)
  [ $((big - small)) -lt 3000 ] ||
    check_fail "the same bytes in use after 1000 and 4000 requests" "$small bytes after 1000, $big after 4000"
}

# bats test_tags=starter-fails
@test "answer hold_top names the function holding the memory with -hold=true" {
  need_artifact out/heap-hold.prof
  assert_answer_is hold_top function "$(top_function "$MEM_HOT" out/heap-hold.prof --inuse_space)" \
    "the top row of the in-use view" "google-pprof --text --inuse_space ... out/heap-hold.prof"
}

# bats test_tags=starter-fails
@test "answer inuse_mb_hold is within 2% of the MB in use at exit with -hold=true" {
  need_artifact out/heap-hold.prof
  assert_answer_near_percent inuse_mb_hold MB "$(pprof_heap_total "$MEM_HOT" out/heap-hold.prof inuse_space)" 2 \
    "the in-use total in MB" "out/hold-inuse_space.txt"
}

# bats test_tags=starter-fails
@test "answer inuse_mb_free is within 0.5 MB of the MB in use at exit with -hold=false" {
  need_artifact out/heap-free.prof
  assert_answer_near inuse_mb_free MB "$(pprof_heap_total "$MEM_HOT" out/heap-free.prof inuse_space)" 0.5 \
    "the in-use total in MB" "out/free-inuse_space.txt"
}

# bats test_tags=starter-fails
@test "answer alloc_mb_free is within 2% of the MB allocated with -hold=false" {
  need_artifact out/heap-free.prof
  assert_answer_near_percent alloc_mb_free MB "$(pprof_heap_total "$MEM_HOT" out/heap-free.prof alloc_space)" 2 \
    "the allocated total in MB" "out/free-alloc_space.txt"
}

# bats test_tags=starter-fails
@test "answer objects_hold is within 100 of the objects in use with -hold=true" {
  need_artifact out/heap-hold.prof
  assert_answer_near objects_hold count:objects "$(pprof_heap_total "$MEM_HOT" out/heap-hold.prof inuse_objects)" 100 \
    "the in-use object count" "out/hold-inuse_objects.txt"
}

# bats test_tags=starter-fails
@test "answer massif_peak_mb is within 2% of massif's peak" {
  massif_from_task
  assert_answer_near_percent massif_peak_mb MB "$(awk -v b="$(massif_peak_bytes out/massif.out)" 'BEGIN { printf "%.1f", b / 1048576 }')" 2 \
    "the peak of the graph in MB" "out/massif.txt"
}

# bats test_tags=starter-fails
@test "answer churn_top names serve's biggest allocator by bytes allocated" {
  need_artifact out/serve.heap
  assert_answer_is churn_top function "$(top_function out/serve out/serve.heap --alloc_space)" \
    "the top row of the alloc_space view" "out/serve-alloc.txt"
}

# bats test_tags=starter-fails
@test "answer still_reachable_bytes is within 100 bytes of memcheck's still reachable count" {
  memcheck_from_task
  assert_answer_near still_reachable_bytes bytes "$(memcheck_bytes out/memcheck.txt "still reachable")" 100 \
    "the bytes on memcheck's 'still reachable' line" "out/memcheck.txt"
}
