#!/usr/bin/env bats
# The lock profiler's own tests (tools/lockprof): exact counts when every event
# is kept, whichever way a thread waits (blocking, with a time limit, spinning
# in a spin lock or on a try), Go's sampling rules when not, both pprofs
# reading the output, and safety under heavy contention, fork and exit.

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  make -s -C "$root/tools" all lockprof-tests >/dev/null
}

setup() {
  load ../checker
  T="$ROOT/tools/bin/lockprof-test"
  SO="$ROOT/tools/bin/liblockprof.so"
  P="$BATS_TEST_TMPDIR"
}

# Runs the events program preloaded with the profiler: profile ENV... -- MODE EVENTS HOLD_US.
profiled_events() {
  local envs=()
  while [ "$1" != -- ]; do envs+=("$1"); shift; done
  shift
  run env LD_PRELOAD="$SO" LOCKPROF_MUTEX_OUT="$P/mutex.prof" LOCKPROF_BLOCK_OUT="$P/block.prof" "${envs[@]}" "$T/events" "$@"
  [ "$status" -eq 0 ] || { echo "events failed: $output" >&2; return 1; }
}

# Fails unless the number is within [lo, hi], saying what it was.
within() {
  awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }' || { echo "$4: $1 not in [$2, $3]" >&2; return 1; }
}

@test "with the knobs unset nothing is recorded, but the requested file is a valid empty profile" {
  profiled_events -- mutex 200 100
  run -0 "$INSPECT" --kind contention --binary "$T/events" "$P/mutex.prof"
  assert_line --regexp '^samples: +0$'
}

# (A waiter descheduled for longer than the hold finds the lock free: hence "nearly all".)
@test "MUTEX_PROFILE_FRACTION=1 records nearly all of 1000 contended waits, on top: the waiting function" {
  profiled_events MUTEX_PROFILE_FRACTION=1 -- mutex 1000 200
  within "$(profile_field "$P/mutex.prof" samples)" 950 1000 "events recorded of 1000"
  [ "$(profile_field "$P/mutex.prof" cycles_per_second)" -eq 1000000000 ]
  [ "$(top_function "$T/events" "$P/mutex.prof")" = wait_for_lock ]
}

@test "the delay column is nanoseconds: it agrees with the waiter's own clock" {
  profiled_events MUTEX_PROFILE_FRACTION=1 -- mutex 500 200
  local measured; measured=$(sed -n 's/^wait_ns: //p' <<<"$output")
  within "$(profile_field "$P/mutex.prof" delay)" "$(awk -v m="$measured" 'BEGIN { print m * 0.8 }')" "$measured" "profile delay vs measured $measured"
}

@test "MUTEX_PROFILE_FRACTION=10 keeps about 1 in 10 and both pprofs scale the counts back" {
  profiled_events MUTEX_PROFILE_FRACTION=10 -- mutex 2000 100
  local kept; kept=$(profile_field "$P/mutex.prof" samples)
  within "$kept" 130 270 "events kept of 2000 at 1 in 10"
  [ "$(profile_field "$P/mutex.prof" sampling_period)" -eq 10 ]
  run -0 google-pprof --text --contentions "$T/events" "$P/mutex.prof"
  assert_line "Total: $((kept * 10)) samples"
}

@test "rwlock waits are mutex-profile events too" {
  profiled_events MUTEX_PROFILE_FRACTION=1 -- rwlock 300 200
  within "$(profile_field "$P/mutex.prof" samples)" 285 300 "events recorded of 300"
  [ "$(top_function "$T/events" "$P/mutex.prof")" = wait_for_lock ]
}

@test "pthread_mutex_timedlock waits are mutex-profile events too" {
  profiled_events MUTEX_PROFILE_FRACTION=1 -- timed 300 200
  within "$(profile_field "$P/mutex.prof" samples)" 285 300 "events recorded of 300"
  [ "$(top_function "$T/events" "$P/mutex.prof")" = wait_for_lock ]
}

@test "spinning on pthread_mutex_trylock is waiting: one event per spin, timed from the first failed try" {
  profiled_events MUTEX_PROFILE_FRACTION=1 -- trylock 200 100
  local measured; measured=$(sed -n 's/^wait_ns: //p' <<<"$output")
  within "$(profile_field "$P/mutex.prof" samples)" 200 200 "events recorded of 200"
  within "$(profile_field "$P/mutex.prof" delay)" "$(awk -v m="$measured" 'BEGIN { print m * 0.8 }')" "$measured" "profile delay vs measured $measured"
  [ "$(top_function "$T/events" "$P/mutex.prof")" = try_for_lock ]
}

# (The waiter says it is about to spin just before pthread_spin_lock: a waiter
# descheduled in between for longer than the hold finds the lock free.)
@test "pthread_spin_lock waits are mutex-profile events" {
  profiled_events MUTEX_PROFILE_FRACTION=1 -- spin 200 100
  within "$(profile_field "$P/mutex.prof" samples)" 160 200 "events recorded of 200"
  [ "$(top_function "$T/events" "$P/mutex.prof")" = try_for_lock ]
}

@test "a failed try given up for another lock is no wait, when the lock is then taken at once" {
  profiled_events MUTEX_PROFILE_FRACTION=1 BLOCK_PROFILE_RATE_NS=1 -- giveup 200 100
  [ "$(profile_field "$P/mutex.prof" samples)" -eq 0 ]
  [ "$(profile_field "$P/block.prof" samples)" -eq 0 ]
}

@test "condition-variable waits go to the block profile, not the mutex profile" {
  profiled_events MUTEX_PROFILE_FRACTION=1 BLOCK_PROFILE_RATE_NS=1 -- cond 300 100
  within "$(profile_field "$P/block.prof" samples)" 285 300 "events recorded of 300"
  [ "$(top_function "$T/events" "$P/block.prof")" = wait_for_lock ]
  run -0 "$INSPECT" --field samples "$P/mutex.prof"
  [ "$output" -lt 30 ]
}

@test "BLOCK_PROFILE_RATE_NS below every wait records each wait once" {
  profiled_events BLOCK_PROFILE_RATE_NS=1000 -- mutex 1000 200
  within "$(profile_field "$P/block.prof" samples)" 950 1000 "events recorded of 1000"
  [ "$(profile_field "$P/block.prof" sampling_period)" -eq 1 ]
}

@test "BLOCK_PROFILE_RATE_NS above the waits samples them by wait/rate and stays unbiased" {
  profiled_events BLOCK_PROFILE_RATE_NS=1000000 -- mutex 2000 100
  local measured; measured=$(sed -n 's/^wait_ns: //p' <<<"$output")
  within "$(profile_field "$P/block.prof" samples)" 1200 2800 "estimated events of 2000"
  within "$(profile_field "$P/block.prof" delay)" "$(awk -v m="$measured" 'BEGIN { print m * 0.6 }')" \
    "$(awk -v m="$measured" 'BEGIN { print m * 1.4 }')" "estimated delay vs measured $measured"
}

@test "go tool pprof reads the mutex profile and names the waiting function" {
  command -v go >/dev/null || skip "go not installed"
  profiled_events MUTEX_PROFILE_FRACTION=1 -- mutex 200 100
  run -0 go tool pprof -top "$T/events" "$P/mutex.prof"
  assert_line --partial 'Type: delay'
  assert_line --regexp '100% +wait_for_lock$'
}

@test "a bad knob value is ignored with one line on stderr and the program still runs" {
  run --separate-stderr env LD_PRELOAD="$SO" MUTEX_PROFILE_FRACTION=abc "$T/events" mutex 10 10
  [ "$status" -eq 0 ]
  [ "$stderr" = "lockprof: ignoring MUTEX_PROFILE_FRACTION='abc' (want a whole number from 0 to 2147483647)" ]
}

@test "16 threads, forks and an exit while locking: every critical section exact, the profile valid" {
  run env LD_PRELOAD="$SO" MUTEX_PROFILE_FRACTION=1 BLOCK_PROFILE_RATE_NS=1 \
    LOCKPROF_MUTEX_OUT="$P/mutex.prof" LOCKPROF_BLOCK_OUT="$P/block.prof" "$T/hammer" 16 100000 30
  [ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
  assert_output --regexp '^ok: 1600000 critical sections'
  "$INSPECT" --kind contention --binary "$T/hammer" --min-samples 1 "$P/mutex.prof"
  "$INSPECT" --kind contention --binary "$T/hammer" --min-samples 1 "$P/block.prof"
}

@test "only the process that was given LOCKPROF_MUTEX_OUT writes it, not its children" {
  run -0 env LD_PRELOAD="$SO" MUTEX_PROFILE_FRACTION=1 LOCKPROF_MUTEX_OUT="$P/mutex.prof" \
    bash -c "\"$T/events\" mutex 50 100 && [ -z \"\${LOCKPROF_MUTEX_OUT:-}\" ] && echo child-env-clean"
  assert_output --partial child-env-clean
  [ "$(profile_field "$P/mutex.prof" executable)" = "$(readlink -f "$(command -v bash)")" ]
}

@test "linked as liblockprof.a, the C API turns profiling on and formats the profile" {
  run -0 "$T/api" "$P/api.prof"
  assert_line 'truncated ok'
  assert_line written
  [ "$(top_function "$T/api" "$P/api.prof")" = locked_update ]
}

@test "an uncontended lock/unlock costs at most 2x plain pthread in instructions with sampling off" {
  local plain off
  plain=$(instructions lock_loop "$T/lockloop" 20000)
  off=$(instructions lock_loop LD_PRELOAD="$SO" -- "$T/lockloop" 20000)
  echo "plain $plain, preloaded $off" >&2
  awk -v p="$plain" -v o="$off" 'BEGIN { exit !(p > 0 && o > p && o <= 2 * p) }'
}
