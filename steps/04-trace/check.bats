#!/usr/bin/env bats
# Step 04 checks: the timeline is a genuine uftrace trace of out/timeline-pg with
# every thread and every lock call in it, small enough to open (in your run and
# in the checker's own recording with your options), and your answers agree
# with the checker's own reading of out/trace.json.
load ../../checker/checker
load checks

# Most call events (B and E) the trace may have: a viewer opens it at once.
MAX_EVENTS=50000

setup_file() {
  step_setup_file
  cd "$BATS_TEST_DIRNAME" || return 1
  # The run's shape, the task's uftrace record command, the options in
  # src/record.opts now and the names your variant gives locked_update and
  # busy_for, from the step's Makefile (one make: each costs 60 ms of CPU).
  export ITER WORKERS ARGS RECORD RECORD_OPTS LOCKER HOLDER
  { read -r ITER; read -r WORKERS; read -r ARGS; read -r RECORD; read -r RECORD_OPTS; read -r LOCKER; read -r HOLDER; } < <(
    make -s --no-print-directory print-ITER print-WORKERS print-ARGS print-RECORD print-RECORD_OPTS print-LOCKER print-HOLDER)
}
setup() { step_setup 4; TRACE=out/trace.json PROGRAM=out/timeline-pg; }

# Fails unless out/uftrace.data is the task's recording of this build (its command, options and
# build ID) and out/trace.json is uftrace dump --chrome of it, byte for byte.
trace_from_task() {
  [ -f src/record.opts ] ||
    check_fail "src/record.opts, the options of uftrace record" "no such file: make reset STEP=$STEP brings the starter's back (your other files go to a backup)" || return 1
  assert_from_task uftrace-data out/uftrace.data out/timeline-pg "$RECORD" &&
    assert_from_task uftrace-view "$TRACE" out/uftrace.data dump --chrome
}

# The three most called functions of a trace: "name xCOUNT, ...".
most_called() {
  trace_events "$1" | awk -F'\t' '$2 == "B" { n[$4]++ } END { for (f in n) print n[f], f }' | sort -rn | head -n 3 |
    awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }'
}

@test "out/trace.json is a Chrome trace-event file written by uftrace" {
  trace_from_task
  assert_genuine_trace "$TRACE"
}

@test "the trace was recorded with the options in src/record.opts" {
  need_artifact "$TRACE"
  local want="$RECORD_OPTS" got
  got=$(trace_command_line "$TRACE")
  [[ "$got" == "uftrace record -d out/uftrace.data ${want:+$want }out/timeline-pg "* ]] ||
    check_fail "a recording made with: ${want:-no options} (run make step-4 after editing src/record.opts)" "$got" || return 1
  trace_from_task
}

@test "the timeline has a track for every worker of the burn and contention phases" {
  trace_from_task
  local f n
  for f in burn_worker contention_worker; do
    n=$(trace_threads "$TRACE" "$f")
    [ "$n" -ge "$WORKERS" ] || check_fail "$WORKERS threads running $f" "$n"
  done
}

@test "the trace shows the workload's functions, the lock calls and the allocations" {
  trace_from_task
  local f missing=""
  for f in burn_worker contention_worker "$LOCKER" "$HOLDER" pthread_mutex_lock pthread_mutex_unlock alloc_block malloc free; do
    [ "$(trace_calls "$TRACE" "$f")" -gt 0 ] || missing="$missing $f"
  done
  [ -z "$missing" ] || check_fail "calls of each of these functions in $TRACE" "none of:$missing (a filter in src/record.opts hides them)"
}

@test "every lock call of the contention phase is in the trace" {
  trace_from_task
  local want=$((ITER * WORKERS)) got own
  got=$(trace_calls "$TRACE" pthread_mutex_lock)
  [ "$got" -eq "$want" ] ||
    check_fail "$want calls of pthread_mutex_lock ($WORKERS workers x $ITER sections)" "$got (a time or depth filter drops the short ones)" || return 1
  own_trace || return 1
  own=$(trace_calls "$OWN_TRACE" pthread_mutex_lock)
  [ "$own" -eq "$want" ] ||
    check_fail "$want calls of pthread_mutex_lock in the checker's own recording with src/record.opts too" \
      "$own there (a time filter keeps a lock call only when it happens to last long enough)"
}

@test "the reports were made from the same recording as the trace" {
  local want=$((ITER * WORKERS))
  trace_from_task
  assert_from_task uftrace-view out/report.txt out/uftrace.data report
  assert_from_task uftrace-view out/tasks.txt out/uftrace.data report --task
  assert_from_task uftrace-view out/graph.txt out/uftrace.data graph
  awk -v n="$want" -v f="$LOCKER" '$NF == f && $(NF - 1) == n { found = 1 } END { exit !found }' out/report.txt ||
    check_fail "a row for $LOCKER with $want calls in out/report.txt" "$(grep -w "$LOCKER" out/report.txt || echo none)"
  grep -qw "$LOCKER" out/graph.txt || check_fail "$LOCKER in the call graph out/graph.txt" "none"
  local tasks threads
  tasks=$(task_rows out/tasks.txt)
  threads=$(trace_threads "$TRACE")
  [ "$tasks" -eq "$threads" ] || check_fail "as many tasks in out/tasks.txt as threads in $TRACE ($threads)" "$tasks"
}

# bats test_tags=starter-fails
@test "out/trace.json has at most 50000 call events" {
  trace_from_task
  local n own
  n=$(trace_event_count "$TRACE")
  [ "$n" -le "$MAX_EVENTS" ] ||
    check_fail "at most $MAX_EVENTS call events (filters in src/record.opts)" "$n events; most called: $(most_called "$TRACE")" || return 1
  own_trace || return 1
  own=$(trace_event_count "$OWN_TRACE")
  [ "$own" -le "$MAX_EVENTS" ] ||
    check_fail "at most $MAX_EVENTS call events in the checker's own recording with the options in src/record.opts too" \
      "$own events there, most called: $(most_called "$OWN_TRACE"); $n in out/trace.json (a recording edited after uftrace record?)"
}

# bats test_tags=starter-fails
@test "answer lock_caller names the function that calls pthread_mutex_lock" {
  trace_from_task
  assert_answer_is lock_caller function "$(trace_caller "$TRACE" pthread_mutex_lock)" "the function just above pthread_mutex_lock" "$TRACE"
}

# bats test_tags=starter-fails
@test "answer holder_function names what the lock holder runs during the longest wait" {
  trace_from_task || return 1
  local holder; holder=$(holder_function)
  # Every lock call recorded, yet no wait with a holder: the machine woke the waiters late, not the learner's doing.
  [ -n "$holder" ] || [ "$(trace_calls "$TRACE" "$LOCKER")" -ne $((ITER * WORKERS)) ] ||
    skip "no long lock wait in $TRACE has the other worker inside $LOCKER for most of it (a busy machine woke the waiters late): run make step-4 again when the machine is quieter"
  assert_answer_is holder_function function "$holder" "the other worker's innermost function of the program" "$TRACE, during the longest pthread_mutex_lock"
}

# bats test_tags=starter-fails
@test "answer threads is the number of threads in the timeline" {
  trace_from_task
  assert_answer_is threads count:threads "$(trace_threads "$TRACE")" "the count of threads with calls (tracks)" "$TRACE"
}

# bats test_tags=starter-fails
@test "answer malloc_calls is the number of malloc calls in the trace" {
  trace_from_task
  assert_answer_is malloc_calls count:calls "$(trace_calls "$TRACE" malloc)" \
    "the count of every malloc call in the trace, on every thread and from every caller (not only alloc_block's)" "$TRACE"
}

# bats test_tags=starter-fails
@test "answer alloc_cost names the call that takes most of the allocation phase" {
  trace_from_task
  assert_answer_is alloc_cost function "$(alloc_costliest)" "the library call with the largest total time" "$TRACE"
}
