#!/usr/bin/env bats
# Step 05 checks: each fix gives the same results as before (compared first), and
# reaches its target, measured here by the checker: callgrind instruction counts
# for the single-threaded fixes, allocs/op from the harness, and the lock
# profiler's total delay (medians of interleaved runs) for the locks.
load ../../checker/checker

# The targets, from the issue: the guide's effects, with room to spare.
FIB_MIN_RATIO=15000
ALLOCS_MIN_RATIO=100
ENCODE_MIN_RATIO=3
DELAY_MIN_DROP_PERCENT=95
# Interleaved runs of each side for the delay verdict: a rare long wait after the fix
# (a worker pre-empted in its one-increment critical section) must win 4 of 7 to count.
DELAY_ROUNDS=7

setup_file() {
  step_setup_file
  cd "$BATS_TEST_DIRNAME" || return 1
  # Measure the code as it is now: rebuild what changed since make step-5.
  local rc=0
  make -s --no-print-directory out/bench out/results out/tally >"$BATS_FILE_TMPDIR/build.log" 2>&1 || rc=$?
  echo "$rc" >"$BATS_FILE_TMPDIR/build.rc"
  export DELAY_WORKERS DELAY_ITEMS
  DELAY_WORKERS=$(make -s --no-print-directory print-DELAY_WORKERS)
  DELAY_ITEMS=$(make -s --no-print-directory print-DELAY_ITEMS)
}
setup() { step_setup 5; }

# Fails unless the step's programs build from the current sources (setup_file built them).
need_build() {
  [ "$(cat "$BATS_FILE_TMPDIR/build.rc")" = 0 ] && [ -x out/bench ] && [ -x out/results ] && [ -x out/tally ] && return 0
  check_fail "out/bench, out/results and out/tally built from src/" "$(grep -m 3 -E 'error|Error' "$BATS_FILE_TMPDIR/build.log" || tail -n 3 "$BATS_FILE_TMPDIR/build.log")"
}

# Fails unless the before and after columns of `out/results EXPERIMENT` agree on every input.
assert_same_results() {
  local experiment="$1" out bad
  need_build || return 1
  out=$("$RUN_LEARNER" -- out/results "$experiment" 2>&1) || { check_fail "out/results $experiment to run" "$(tail -n 3 <<<"$out")"; return 1; }
  bad=$(awk '$3 != $4 { print "input " $2 ": before " $3 ", after " $4; exit } END { if (NR == 0) print "no output" }' <<<"$out")
  [ -z "$bad" ] || check_fail "the same results before and after on every input of out/results $experiment" "$bad"
}

# Fails unless the after executes at least MIN times fewer instructions than the before,
# results compared first. Callgrind counts inside one function during one operation:
#   assert_fewer_instructions EXPERIMENT FUNC_BEFORE BENCH_BEFORE FUNC_AFTER BENCH_AFTER MIN WHAT
assert_fewer_instructions() {
  local before after
  assert_same_results "$1" || return 1
  before=$(instructions "$2" out/bench -bench "^$3\$" -benchtime 1x)
  after=$(instructions "$4" out/bench -bench "^$5\$" -benchtime 1x)
  assert_ratio_at_least "$before" "$after" "$6" "$7"
}

# The allocs/op column of one benchmark of out/bench, run exactly N times.
allocs_per_op() {
  "$RUN_LEARNER" -- out/bench -bench "^$1\$" -benchtime "$2x" | awk '/^Benchmark/ { for (i = 2; i <= NF; i++) if ($i == "allocs/op") print $(i - 1) }'
}

# The total mutex delay (ns) of one `out/tally VARIANT` run with the lock profiler preloaded,
# as a command for lib/interleave.
delay_command() {
  local variant="$1" prof="$BATS_TEST_TMPDIR/$1/delay.prof"
  echo "$RUN_LEARNER -o $prof LD_PRELOAD=$ROOT/tools/bin/liblockprof.so MUTEX_PROFILE_FRACTION=1 LOCKPROF_MUTEX_OUT=$prof" \
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
  local w
  for w in before after; do
    assert_genuine_profile cpu "out/cpu-$w.prof" out/bench 10
    assert_genuine_profile heap "out/heap-$w.prof" out/bench 0
    assert_genuine_profile contention "out/mutex-$w.prof" out/tally 0
  done
}

@test "fib_fast gives the same numbers as fib for n = 0 to 30" {
  assert_same_results fib
}

# bats test_tags=starter-fails
@test "fib_fast(30) executes at least 15000x fewer instructions than fib(30)" {
  assert_fewer_instructions fib bench_fib Fib bench_fib_fast FibFast "$FIB_MIN_RATIO" \
    "instructions in one fib_fast(30) than in one fib(30) (callgrind)"
}

@test "the pooled encoder gives the same checksums as the malloc one" {
  assert_same_results encode
}

@test "the pool frees every buffer it keeps (valgrind memcheck on out/results encode)" {
  need_build
  local log="$BATS_TEST_TMPDIR/memcheck.log" lost errors
  "$RUN_LEARNER" -- valgrind --tool=memcheck --leak-check=full out/results encode >/dev/null 2>"$log"
  lost=$(memcheck_bytes "$log" "definitely lost")
  errors=$(sed -n 's/^==[0-9]*== ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log")
  [ "${lost:-x}" = 0 ] && [ "${errors:-x}" = 0 ] && return 0
  check_fail "no memory errors and 0 bytes definitely lost (pool_drain frees the free list)" \
    "${errors:-?} errors, ${lost:-?} bytes definitely lost: $(grep -m 1 -E 'Invalid|definitely lost in' "$log" | sed 's/^==[0-9]*== //')"
}

# bats test_tags=starter-fails
@test "EncodePool makes at least 100x fewer allocs/op than EncodeMalloc" {
  assert_same_results encode
  local before after
  before=$(allocs_per_op EncodeMalloc 100)
  after=$(allocs_per_op EncodePool 100)
  is_number "$before" && is_number "$after" || { check_fail "allocs/op from out/bench -benchtime 100x" "'$before' and '$after'"; return 1; }
  assert_ratio_at_least "$before" "$after" "$ALLOCS_MIN_RATIO" "allocs/op (out/bench -bench Encode -benchtime 100x)"
}

# bats test_tags=starter-fails
@test "the pooled encoder executes at least 3x fewer instructions per batch" {
  assert_fewer_instructions encode encode_batch EncodeMalloc encode_batch_pooled EncodePool "$ENCODE_MIN_RATIO" \
    "instructions per batch of 1000 records (callgrind)"
}

@test "the sharded tally counts the same as the locked one" {
  assert_same_results tally
}

@test "the sharded tally has no data race (valgrind helgrind on out/tally sharded)" {
  need_build
  local log="$BATS_TEST_TMPDIR/helgrind.log" errors
  "$RUN_LEARNER" -- valgrind --tool=helgrind out/tally sharded 2 200 >/dev/null 2>"$log"
  errors=$(sed -n 's/^==[0-9]*== ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log")
  [ "${errors:-x}" = 0 ] && return 0
  check_fail "0 errors from helgrind: every shared count changes under a lock (or atomically)" \
    "${errors:-?} errors: $(grep -m 1 'Possible data race' "$log" | sed 's/^==[0-9]*== //')"
}

# bats test_tags=starter-fails
@test "the sharded tally cuts the total mutex delay by at least 95%" {
  assert_same_results tally
  local log="$BATS_TEST_TMPDIR/interleave.txt" before after drop
  "$ROOT/lib/interleave" -k "$DELAY_ROUNDS" -w 0 -m '^([0-9]+)$' -n before,after "$(delay_command locked)" "$(delay_command sharded)" >"$log" 2>&1 ||
    { check_fail "$DELAY_ROUNDS interleaved runs of out/tally under the lock profiler" "$(tail -n 3 "$log")"; return 1; }
  before=$(sed -n 's/^median before: //p' "$log")
  after=$(sed -n 's/^median after: //p' "$log")
  drop=$(awk -v b="$before" -v a="$after" 'BEGIN { printf "%.1f", (b > 0 ? 100 * (b - a) / b : 0) }')
  awk -v d="$drop" -v m="$DELAY_MIN_DROP_PERCENT" 'BEGIN { exit !(d >= m) }' && return 0
  check_fail "the median total mutex delay down at least $DELAY_MIN_DROP_PERCENT% ($DELAY_WORKERS workers x $DELAY_ITEMS items, $DELAY_ROUNDS interleaved runs each)" \
    "down $drop% (median before $(awk -v b="$before" 'BEGIN { printf "%.1f ms", b / 1e6 }'), after $(awk -v a="$after" 'BEGIN { printf "%.1f ms", a / 1e6 }'))"
}
