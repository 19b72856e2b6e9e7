#!/usr/bin/env bats
# Step 05 checks: each fix gives the same results as before, and reaches its
# target, measured here by the checker: callgrind instruction counts read from
# the very run whose results are compared, allocs/op from the harness, the
# pool tested by itself under memcheck, and for the locks the scorings made
# inside a critical section and the lock profiler's total delay (medians of
# interleaved runs). Your three files are read as compiled (checks.bash): they
# must work from their arguments only, so that valgrind and the lock profiler
# see the code that runs natively. Every run has a time limit.
load ../../checker/checker
. "$BATS_TEST_DIRNAME/checks.bash"

# The targets, from the issue: the guide's effects, with room to spare.
FIB_MIN_RATIO=15000
ALLOCS_MIN_RATIO=100
ENCODE_MIN_RATIO=2.5
DELAY_MIN_DROP_PERCENT=95
# Interleaved runs of each side for the delay verdict: a rare long wait after the fix
# (a worker pre-empted in its one-increment critical section) must win 4 of 7 to count.
DELAY_ROUNDS=7

setup_file() {
  step_setup_file
  cd "$BATS_TEST_DIRNAME" || return 1
  # Measure the code as it is now: rebuild what changed since make step-5
  # (out/bench only for the checks that run it: need_bench).
  local rc=0
  make -s --no-print-directory out/results out/tally out/tally-watch >"$BATS_FILE_TMPDIR/build.log" 2>&1 || rc=$?
  echo "$rc" >"$BATS_FILE_TMPDIR/build.rc"
  export DELAY_WORKERS DELAY_ITEMS RUN_LIMIT VALGRIND_LIMIT
  { read -r DELAY_WORKERS; read -r DELAY_ITEMS; read -r RUN_LIMIT; read -r VALGRIND_LIMIT; } < <(make -s --no-print-directory \
    print-DELAY_WORKERS print-DELAY_ITEMS print-RUN_LIMIT print-VALGRIND_LIMIT)
}
setup() { step_setup 5; }

# Fails unless out/results EXPERIMENT runs natively and its before and after columns agree.
assert_same_results() {
  need_build || return 1
  bounded_run "results-$1" "$RUN_LIMIT" "out/results $1" -- out/results "$1" || return 1
  assert_same_columns "results-$1" "$1" "out/results $1"
}

# The allocs/op column of one benchmark of out/bench, run exactly N times (into the test's directory).
allocs_per_op() {
  bounded_run "allocs-$1" "$RUN_LIMIT" "out/bench -bench $1 -benchtime $2x" -- out/bench -bench "^$1\$" -benchtime "$2x" || return 1
  run_output "allocs-$1" | awk '/^Benchmark/ { for (i = 2; i <= NF; i++) if ($i == "allocs/op") print $(i - 1) }' >"$BATS_TEST_TMPDIR/allocs-$1"
}

# The total mutex delay (ns) of one `out/tally VARIANT` run with the lock profiler preloaded,
# as a command for lib/interleave.
delay_command() {
  local variant="$1" prof="$BATS_TEST_TMPDIR/$1/delay.prof"
  echo "$RUN_LEARNER -t $RUN_LIMIT -o $prof LD_PRELOAD=$ROOT/tools/bin/liblockprof.so MUTEX_PROFILE_FRACTION=1 LOCKPROF_MUTEX_OUT=$prof" \
    "-- out/tally $variant $DELAY_WORKERS $DELAY_ITEMS >/dev/null && $INSPECT --field delay $prof"
}

@test "the benchmark printed a Go-format line for each of the six benchmarks" {
  assert_from_task bench out/bench.txt steps/05-improve Fib FibFast EncodeMalloc EncodePool TallyLocked TallySharded
  local name
  for name in Fib FibFast EncodeMalloc EncodePool TallyLocked TallySharded; do
    grep -Eq "^Benchmark$name(-[0-9]+)?[[:space:]]+[0-9]+[[:space:]]+[0-9.]+ ns/op" out/bench.txt ||
      check_fail "a line for Benchmark$name in out/bench.txt" "$(grep -c '^Benchmark' out/bench.txt) benchmark lines"
  done
}

@test "the before and after profiles are genuine profiles of this build" {
  need_bench
  local w
  for w in before after; do
    assert_genuine_profile cpu "out/cpu-$w.prof" out/bench 10
    assert_genuine_profile heap "out/heap-$w.prof" out/bench 0
    assert_genuine_profile contention "out/mutex-$w.prof" out/tally 0
  done
}

@test "fib_fast gives the same numbers as fib for n = 0 to 30" {
  need_build
  need_plain_code fib_fast
  assert_same_results fib
}

# bats test_tags=starter-fails
@test "fib_fast executes at least 15000x fewer instructions than fib, over n = 0 to 30" {
  need_build
  need_plain_code fib_fast
  assert_fewer_instructions fib results_fib fib fib_fast "$FIB_MIN_RATIO" \
    "instructions in fib_fast(0) ... fib_fast(30) than in fib(0) ... fib(30) (callgrind, out/results fib)"
}

@test "the pooled encoder gives the same checksums as the malloc one" {
  need_build
  need_plain_code pool
  assert_same_results encode
}

@test "the pool hands out separate buffers of its size and frees all it keeps (memcheck on out/results pool encode)" {
  need_build
  need_plain_code pool
  local log="$BATS_TEST_TMPDIR/memcheck.err" bad lost errors
  bounded_run memcheck "$VALGRIND_LIMIT" "valgrind --tool=memcheck out/results pool encode" \
    -- valgrind --tool=memcheck --leak-check=full out/results pool encode || return 1
  bad=$(run_output memcheck | awk '$1 == "pool" { n++; if ($3 != "ok" && !bad) { bad = $0; sub(/^pool [0-9]+ /, "", bad); bad = "pool of " $2 "-byte buffers: " bad } }
    END { if (n != 5 && !bad) bad = n + 0 " pool lines of 5"; print bad }')
  [ -z "$bad" ] || { check_fail "pool_get handing out a buffer of the pool's size that no other buffer out at the same time shares (out/results pool, 40 at once)" "$bad"; return 1; }
  assert_same_columns memcheck encode "out/results encode, in the run memcheck watched" || return 1
  lost=$(memcheck_bytes "$log" "definitely lost")
  errors=$(sed -n 's/^==[0-9]*== ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log")
  [ "${lost:-x}" = 0 ] && [ "${errors:-x}" = 0 ] && return 0
  check_fail "no memory errors and 0 bytes definitely lost (pool_drain frees the free list and leaves the pool usable)" \
    "${errors:-?} errors, ${lost:-?} bytes definitely lost: $(grep -m 1 -E 'Invalid|uninitialised|definitely lost in' "$log" | sed 's/^==[0-9]*== //')"
}

# bats test_tags=starter-fails
@test "EncodePool makes at least 100x fewer allocs/op than EncodeMalloc" {
  assert_same_results encode
  need_plain_code pool
  need_bench
  allocs_per_op EncodeMalloc 100
  allocs_per_op EncodePool 100
  local before after
  before=$(cat "$BATS_TEST_TMPDIR/allocs-EncodeMalloc") after=$(cat "$BATS_TEST_TMPDIR/allocs-EncodePool")
  is_number "$before" && is_number "$after" || { check_fail "allocs/op from out/bench -benchtime 100x" "'$before' and '$after'"; return 1; }
  assert_ratio_at_least "$before" "$after" "$ALLOCS_MIN_RATIO" "allocs/op (out/bench -bench Encode -benchtime 100x)"
}

# bats test_tags=starter-fails
@test "the pooled encoder executes at least 2.5x fewer instructions per record" {
  need_build
  need_plain_code pool
  assert_fewer_instructions encode results_encode encode_batch encode_batch_pooled "$ENCODE_MIN_RATIO" \
    "instructions in encode_batch_pooled than in encode_batch, over the same 1110 records (callgrind, out/results encode)"
}

@test "the sharded tally counts the same as the locked one" {
  need_build
  need_plain_code tally_sharded
  assert_same_results tally
}

@test "the sharded tally has no data race (valgrind helgrind on out/tally sharded)" {
  need_build
  need_plain_code tally_sharded
  local log="$BATS_TEST_TMPDIR/helgrind.err" errors
  bounded_run locked "$RUN_LIMIT" "out/tally locked 2 200" -- out/tally locked 2 200 || return 1
  bounded_run helgrind "$VALGRIND_LIMIT" "valgrind --tool=helgrind out/tally sharded 2 200" -- valgrind --tool=helgrind out/tally sharded 2 200 || return 1
  [ "$(run_output helgrind)" = "$(run_output locked)" ] ||
    { check_fail "the same counts as out/tally locked 2 200, in the run helgrind watched" "checksum $(run_output helgrind), locked $(run_output locked)"; return 1; }
  errors=$(sed -n 's/^==[0-9]*== ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log")
  [ "${errors:-x}" = 0 ] && return 0
  check_fail "0 errors from helgrind: every shared count changes under a lock (or atomically)" \
    "${errors:-?} errors: $(grep -m 1 -E 'Possible data race|lock order|unlocked' "$log" | sed 's/^==[0-9]*== //')"
}

# bats test_tags=starter-fails
@test "the sharded tally scores every item outside its locks" {
  need_build
  need_plain_code tally_sharded
  local items=$((DELAY_WORKERS * 100)) stats scorings locked
  bounded_run watch "$RUN_LIMIT" "out/tally-watch sharded $DELAY_WORKERS 100" -- out/tally-watch sharded "$DELAY_WORKERS" 100 || return 1
  stats=$(grep -m 1 '^scorings: ' "$BATS_TEST_TMPDIR/watch.err")
  scorings=$(sed -n 's/^scorings: \([0-9]*\),.*/\1/p' <<<"$stats") locked=$(sed -n 's/.*holding a lock: \([0-9]*\)$/\1/p' <<<"$stats")
  [ "$scorings" = "$items" ] ||
    { check_fail "score_item called once per item ($DELAY_WORKERS workers x 100 items), each outside any lock" "${scorings:-no} scorings"; return 1; }
  [ "$locked" = 0 ] ||
    check_fail "every score_item call of tally_add_sharded made before it takes a lock (out/tally-watch counts the mutexes each worker holds)" \
      "$locked of $scorings scorings ran while the worker was holding a lock"
}

# bats test_tags=starter-fails
@test "the sharded tally cuts the total mutex delay by at least 95%" {
  assert_same_results tally
  need_plain_code tally_sharded
  local log="$BATS_TEST_TMPDIR/interleave.txt" before after drop
  "$ROOT/lib/interleave" -k "$DELAY_ROUNDS" -w 0 -m '^([0-9]+)$' -n before,after "$(delay_command locked)" "$(delay_command sharded)" >"$log" 2>&1 ||
    { check_fail "$DELAY_ROUNDS interleaved runs of out/tally under the lock profiler, each within $RUN_LIMIT s" "$(last_lines "$log")"; return 1; }
  before=$(sed -n 's/^median before: //p' "$log")
  after=$(sed -n 's/^median after: //p' "$log")
  drop=$(awk -v b="$before" -v a="$after" 'BEGIN { printf "%.1f", (b > 0 ? 100 * (b - a) / b : 0) }')
  awk -v d="$drop" -v m="$DELAY_MIN_DROP_PERCENT" 'BEGIN { exit !(d >= m) }' && return 0
  check_fail "the median total mutex delay down at least $DELAY_MIN_DROP_PERCENT% ($DELAY_WORKERS workers x $DELAY_ITEMS items, $DELAY_ROUNDS interleaved runs each)" \
    "down $drop% (median before $(awk -v b="$before" 'BEGIN { printf "%.1f ms", b / 1e6 }'), after $(awk -v a="$after" 'BEGIN { printf "%.1f ms", a / 1e6 }'))"
}
