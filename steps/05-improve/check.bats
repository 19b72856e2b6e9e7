#!/usr/bin/env bats
# Step 05 checks: each fix gives the same results as before, and reaches its
# target, measured here by the checker: callgrind instruction counts read from
# the very run whose results are compared, allocs/op from the harness (whose
# benchmarks stop on a checksum other than the before's), the pool and the
# copy-on-write writer tested by themselves under memcheck, for the locks the
# scorings made inside a critical section and the lock profiler's total delay
# (medians of interleaved runs), and for the copy-on-write readers the calls
# callgrind sees inside them. Your five files are read as compiled
# (checks.bash): they must work from their arguments only, so that valgrind
# and the lock profiler see the code that runs natively. Every run has a time limit.
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
# The copy-on-write runs under valgrind: readers, the reads each makes during each update, updates.
PRICES_ARGS="2 20 50"

setup_file() {
  step_setup_file
  cd "$BATS_TEST_DIRNAME" || return 1
  # Measure the code as it is now: rebuild what changed since make step-5
  # (out/bench only for the checks that run it: need_bench).
  local rc=0
  make -s --no-print-directory out/results out/tally out/tally-watch out/prices >"$BATS_FILE_TMPDIR/build.log" 2>&1 || rc=$?
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

# Runs benchmarks BEFORE and AFTER of out/bench 100 times each and writes their
# allocs/op, "before after", to the test's allocs file; fails unless both are numbers.
allocs_pair() {
  local before after
  allocs_per_op "$1" 100 || return 1
  allocs_per_op "$2" 100 || return 1
  before=$(cat "$BATS_TEST_TMPDIR/allocs-$1") after=$(cat "$BATS_TEST_TMPDIR/allocs-$2")
  is_number "$before" && is_number "$after" || { check_fail "allocs/op from out/bench -benchtime 100x" "'$before' and '$after'"; return 1; }
  echo "$before $after" >"$BATS_TEST_TMPDIR/allocs"
}

# The total mutex delay (ns) of one `out/tally VARIANT` run with the lock profiler preloaded,
# as a command for lib/interleave.
delay_command() {
  local variant="$1" prof="$BATS_TEST_TMPDIR/$1/delay.prof"
  echo "$RUN_LEARNER -t $RUN_LIMIT -o $prof LD_PRELOAD=$ROOT/tools/bin/liblockprof.so MUTEX_PROFILE_FRACTION=1 LOCKPROF_MUTEX_OUT=$prof" \
    "-- out/tally $variant $DELAY_WORKERS $DELAY_ITEMS >/dev/null && $INSPECT --field delay $prof"
}

# The benchmarks of out/bench, in before/after pairs.
BENCHMARKS="Fib FibFast EncodeMalloc EncodePool EncodeReuse TallyLocked TallySharded PricesLocked PricesCow"

@test "the benchmark printed a Go-format line for each of the nine benchmarks" {
  # shellcheck disable=SC2086 # the names are words
  assert_from_task bench out/bench.txt steps/05-improve $BENCHMARKS
  local name
  for name in $BENCHMARKS; do
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
    assert_genuine_profile contention "out/prices-$w.prof" out/prices 0
  done
  assert_genuine_profile heap out/heap-reuse.prof out/bench 0
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
  local bad
  bounded_run memcheck "$VALGRIND_LIMIT" "valgrind --tool=memcheck out/results pool encode" \
    -- valgrind --tool=memcheck --leak-check=full out/results pool encode || return 1
  bad=$(run_output memcheck | awk '$1 == "pool" { n++; if ($3 != "ok" && !bad) { bad = $0; sub(/^pool [0-9]+ /, "", bad); bad = "pool of " $2 "-byte buffers: " bad } }
    END { if (n != 5 && !bad) bad = n + 0 " pool lines of 5"; print bad }')
  [ -z "$bad" ] || { check_fail "pool_get handing out a buffer of the pool's size that no other buffer out at the same time shares (out/results pool, 40 at once)" "$bad"; return 1; }
  assert_same_columns memcheck encode "out/results encode, in the run memcheck watched" || return 1
  assert_memcheck_clean "$BATS_TEST_TMPDIR/memcheck.err" "pool_drain frees the free list and leaves the pool usable"
}

# bats test_tags=starter-fails
@test "EncodePool makes at least 100x fewer allocs/op than EncodeMalloc" {
  assert_same_results encode
  need_plain_code pool
  need_bench
  allocs_pair EncodeMalloc EncodePool
  local before after
  read -r before after <"$BATS_TEST_TMPDIR/allocs"
  assert_ratio_at_least "$before" "$after" "$ALLOCS_MIN_RATIO" "allocs/op (out/bench -bench Encode -benchtime 100x)"
}

# bats test_tags=starter-fails
@test "the pooled encoder executes at least 2.5x fewer instructions per record" {
  need_build
  need_plain_code pool
  assert_fewer_instructions encode results_encode encode_batch encode_batch_pooled "$ENCODE_MIN_RATIO" \
    "instructions in encode_batch_pooled than in encode_batch, over the same 1110 records (callgrind, out/results encode)"
}

@test "the reusing encoder gives the same checksums as the malloc one, with no memory error and nothing lost (memcheck on out/results reuse)" {
  need_build
  need_plain_code encode_reuse
  bounded_run memcheck "$VALGRIND_LIMIT" "valgrind --tool=memcheck out/results reuse" \
    -- valgrind --tool=memcheck --leak-check=full out/results reuse || return 1
  assert_same_columns memcheck reuse "out/results reuse, in the run memcheck watched" || return 1
  assert_memcheck_clean "$BATS_TEST_TMPDIR/memcheck.err" "the one frame of a batch is big enough for a frame, and freed once, after the loop"
}

# bats test_tags=starter-fails
@test "EncodeReuse allocates at most once per batch, where EncodeMalloc allocates once per record" {
  need_build
  need_plain_code encode_reuse
  need_bench
  allocs_pair EncodeMalloc EncodeReuse
  local before after
  read -r before after <"$BATS_TEST_TMPDIR/allocs"
  awk -v b="$before" -v a="$after" 'BEGIN { exit !(b >= 1000 && a <= 1) }' && return 0
  check_fail "at most 1 allocs/op for EncodeReuse (one frame per batch of 1000 records), and 1000 for EncodeMalloc (out/bench -benchtime 100x)" \
    "EncodeReuse $after allocs/op, EncodeMalloc $before allocs/op"
}

@test "the sharded tally counts the same as the locked one" {
  need_build
  need_plain_code tally_sharded
  assert_same_results tally
}

@test "the sharded tally has no data race (valgrind helgrind on out/tally sharded)" {
  need_build
  need_plain_code tally_sharded
  assert_race_free out/tally "locked 2 200" "sharded 2 200" "every shared count changes under a lock (or atomically)"
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

@test "the copy-on-write table gives the same prices as the locked one, every read from a whole version" {
  need_build
  need_plain_code prices_cow
  assert_same_results prices
}

# bats test_tags=starter-fails
@test "the copy-on-write writer publishes a new version and never changes a published one (memcheck on out/results cow)" {
  need_build
  need_plain_code prices_cow
  local line
  bounded_run memcheck "$VALGRIND_LIMIT" "valgrind --tool=memcheck out/results cow" \
    -- valgrind --tool=memcheck --leak-check=full out/results cow || return 1
  assert_memcheck_clean "$BATS_TEST_TMPDIR/memcheck.err" "a version stays readable until prices_free, which frees each one through ->older" || return 1
  line=$(run_output memcheck | grep -m 1 '^cow ')
  [[ "$line" =~ ^cow\ [0-9]+\ ok$ ]] ||
    check_fail "each update publishing a copy and leaving the version readers saw as it was (out/results cow)" \
      "$([ -n "$line" ] && sed -E 's/^cow ([0-9]+) /update \1 of 20: /' <<<"$line" || echo "no cow line")"
}

@test "the copy-on-write table has no data race (valgrind helgrind on out/prices cow)" {
  need_build
  need_plain_code prices_cow
  assert_race_free out/prices "locked $PRICES_ARGS" "cow $PRICES_ARGS" \
    "no version changes once readers can see it"
}

# bats test_tags=starter-fails
@test "readers of the copy-on-write table take no lock (callgrind inside prices_acquire_cow and prices_release_cow)" {
  need_build
  need_plain_code prices_cow
  local out="$BATS_TEST_TMPDIR/readers/callgrind.out" reads locks readers per updates
  read -r readers per updates <<<"$PRICES_ARGS"
  mkdir -p "${out%/*}"
  # shellcheck disable=SC2086 # the arguments are words
  bounded_run plain "$RUN_LIMIT" "out/prices locked $PRICES_ARGS" -- out/prices locked $PRICES_ARGS || return 1
  # shellcheck disable=SC2086
  bounded_run callgrind "$VALGRIND_LIMIT" "valgrind --tool=callgrind out/prices cow $PRICES_ARGS" -o "$out" -- valgrind --tool=callgrind \
    --toggle-collect=prices_acquire_cow --toggle-collect=prices_release_cow --callgrind-out-file="$out" out/prices cow $PRICES_ARGS || return 1
  [ "$(run_output callgrind)" = "$(run_output plain)" ] ||
    { check_fail "the same checksum as out/prices locked $PRICES_ARGS, in the run callgrind watched" "checksum $(run_output callgrind), $(run_output plain) from out/prices locked"; return 1; }
  reads=$(callgrind_records "$out" | awk -F'\t' '$5 == "call" && $2 == "price_reader" && $8 == "prices_acquire_cow" { n += $(NF - 1) } END { print n + 0 }')
  locks=$(callgrind_records "$out" | awk -F'\t' '$NF > 0 { print $2; if ($5 == "call") print $8 }' |
    sed 's/@.*//' | grep -E '^_*(pthread_|lll_|futex|sem_|sched_yield)' | sort -u | paste -sd' ' -)
  [ "$reads" = $((readers * per * updates)) ] ||
    { check_fail "price_reader calling prices_acquire_cow once per read ($readers readers x $per reads x $updates updates)" "$reads calls"; return 1; }
  [ -z "$locks" ] ||
    check_fail "no lock function called from prices_acquire_cow or prices_release_cow (readers never wait: the writer alone may lock)" \
      "the readers' $reads reads call $locks"
}
