#!/usr/bin/env bats
# Step 03 checks: the profiles fetched from the server are genuine, the mutex
# profile blames the hot lock, valgrind's thread checkers ran, and your answers
# agree with the checker's reading of your files and with its own fetch.
load ../../checker/checker
load checks

setup_file() {
  step_setup_file
  # The task's profiling knobs and its load, and the name your variant gives the
  # lock-taking function, from the step's Makefile (one make: each costs 60 ms of CPU).
  export KNOBS PARKED CONTENTION LOCKER
  { read -r KNOBS; read -r PARKED; read -r CONTENTION; read -r LOCKER; } < <(cd "$BATS_TEST_DIRNAME" &&
    make -s --no-print-directory print-PROFILE_ENV print-PARKED print-CONTENTION print-LOCKER)
}
setup() { step_setup 3; }
teardown() { stop_server; }

# The checker's own fetch: the same task, same load and knobs, into a directory
# kept among the readings (lib/readings.sh) under a key of this build of the
# server, the task's script, the knobs and the load: the starter, the solution and the
# corpus entries of one build share one fetch, and so do make checks in a row.
own_fetch() {
  need_artifact out/server || return 1
  local status=0 tmp
  OWN="$(readings_cache)/own-fetch-$(readings_key own-fetch out/server profile-server "$ROOT/lib/server.sh" "$KNOBS" "$PARKED" "$CONTENTION")"
  [ -s "$OWN/mutex.prof" ] && return 0
  tmp="$OWN.$BASHPID"
  rm -rf "$tmp"
  OUT_DIR="$tmp" REMOTE_TOPS=0 PROFILE_ENV="$KNOBS" PARKED="$PARKED" CONTENTION="$CONTENTION" timeout "$OWN_FETCH_LIMIT" ./profile-server >"$BATS_FILE_TMPDIR/own.log" 2>&1 || status=$?
  [ "$status" = 0 ] && rm -rf "$OWN" && mv "$tmp" "$OWN" && return 0
  rm -rf "$tmp"
  [ "$status" != 124 ] || { check_fail "the checker's own run of ./profile-server to end" "still running after $OWN_FETCH_LIMIT s"; return 1; }
  check_fail "the checker's own run of ./profile-server to work" "$(tail -n 3 "$BATS_FILE_TMPDIR/own.log" | tr '\n' ' ')"
}

# The longest the checker's own fetch may take, in seconds (about 10 idle).
OWN_FETCH_LIMIT=300

# The valgrind runs of the task's valgrind target (the same arguments).
DRD_COMMAND="out/contend 20 2000000 2"
HELGRIND_COMMAND="out/contend 200 10000 2"

# The checker's own Helgrind log of the task's run (Helgrind's reports are the
# same every run), kept among the readings under a key of this build of
# out/contend when the run ends well (a failed one is this file's only).
own_helgrind() {
  local log tmp
  log="$(readings_cache)/own-helgrind-$(readings_key own-helgrind out/contend "$HELGRIND_COMMAND").log" tmp="$log.$BASHPID"
  if [ ! -s "$log" ]; then
    # shellcheck disable=SC2086 # the command is words
    if "$RUN_LEARNER" -- valgrind --tool=helgrind $HELGRIND_COMMAND >/dev/null 2>"$tmp"; then
      mv "$tmp" "$log"
    else
      log="$BATS_FILE_TMPDIR/helgrind.log"
      mv "$tmp" "$log"
    fi
  fi
  echo "$log"
}

# The percentage of the lock-taking function's CPU samples that are inside
# clock_gettime (libc's, and the vDSO's code below it): the other right reading of
# "where it spends its CPU".
clock_share_under_lock() {
  folded_stacks "$1" "$2" | awk -v locker="$LOCKER" '{ n = $NF; k = split($1, f, ";"); under = 0
      for (i = 1; i <= k; i++) if (f[i] == locker) { under = 1; t += n } else if (under && f[i] ~ /clock_gettime/) { c += n; break } }
    END { printf "%d\n", t ? 100 * c / t : 0 }'
}

# True if the answer work_under_lock names clock_gettime (any of its names: the C
# library's clock_gettime, __clock_gettime or __GI___clock_gettime as google-pprof
# prints it, the vDSO's __vdso_clock_gettime).
answers_clock_gettime() {
  local text
  text=$(answer_text answers.md work_under_lock) && text=$(answer_parse function "$text") &&
    [[ "$text" =~ ^(__GI_)?(__)?(vdso_)?clock_gettime(64)?$ ]]
}

# The milliseconds the contention request took, from the reply the task saved (FILE).
contention_ms() {
  sed -n 's/^contention: .* in \([0-9.]*\) ms$/\1/p' "$1" | head -n 1
}

# Seconds of waiting per second of contention in a mutex profile (PROFILE) whose
# contention request replied REPLY: the waits add up to about (workers - 1) times
# the run, however long a busy machine makes it.
waits_per_second() {
  awk -v w="$(pprof_total out/server "$1")" -v ms="$(contention_ms "$2")" 'BEGIN { if (ms > 0 && w != "") printf "%.2f\n", w / (ms / 1000) }'
}

@test "out/cpu.prof is a genuine CPU profile of out/server with at least 50 samples" {
  assert_genuine_profile cpu out/cpu.prof out/server 50
}

@test "out/mutex.prof and out/block.prof are genuine contention profiles of out/server, with the guide's knobs" {
  assert_genuine_profile contention out/mutex.prof out/server 1
  assert_genuine_profile contention out/block.prof out/server 1
  local period; period=$(profile_field out/mutex.prof sampling_period)
  [ "$period" = 5 ] || check_fail "sampling period = 5 in out/mutex.prof (MUTEX_PROFILE_FRACTION=5)" "sampling period = $period"
}

@test "the mutex profile's top frame is the function that takes the hot lock" {
  need_artifact out/mutex.prof
  local top; top=$(top_function out/server out/mutex.prof)
  [ "$top" = "$LOCKER" ] || check_fail "$LOCKER (locked_update of labs/workloads/contention.c, as your variant names it) on top of out/mutex.prof" "${top:-nothing}"
}

@test "the text reports were made from the saved profiles" {
  local p
  for p in cpu mutex block; do
    assert_from_task pprof "out/$p-top.txt" --text out/server "out/$p.prof" || return 1
  done
}

@test "out/threads.txt is a thread dump with the parked threads grouped in one stack" {
  assert_from_task thread-dump out/threads.txt out/server
  local n; n=$(parked_count out/threads.txt)
  [ "${n:-0}" -eq "$PARKED" ] || check_fail "a group of the $PARKED threads the task parked, whose stack has leak_park" "${n:-no such group}"
}

@test "valgrind's DRD named the function holding the lock over 1 ms, and Helgrind found no race" {
  assert_from_task drd out/drd.log "$DRD_COMMAND" out/contend
  assert_from_task valgrind out/helgrind.log Helgrind "$HELGRIND_COMMAND" "$(own_helgrind)"
  grep -A 3 'was held during' out/drd.log | grep -qw "$LOCKER" ||
    check_fail "a DRD report 'Lock on mutex ... was held during N ms' by $LOCKER in out/drd.log" "$(grep -c 'was held during' out/drd.log) such reports, none in $LOCKER"
  grep -q 'ERROR SUMMARY: 0 errors' out/helgrind.log ||
    check_fail "ERROR SUMMARY: 0 errors in out/helgrind.log" "$(grep 'ERROR SUMMARY' out/helgrind.log)"
}

@test "the checker's own fetch of a fresh server blames the same function as your mutex profile" {
  own_fetch
  local mine theirs
  mine=$(top_function out/server out/mutex.prof)
  theirs=$(top_function out/server "$OWN/mutex.prof")
  [ -n "$theirs" ] && [ "$mine" = "$theirs" ] || check_fail "the same top function in both mutex profiles" "yours: $mine, the checker's: $theirs"
}

@test "your mutex profile waited about as long per second of contention as the checker's own fetch" {
  need_artifact out/mutex.prof
  need_artifact out/contention.txt
  own_fetch || return 1
  local mine theirs
  mine=$(waits_per_second out/mutex.prof out/contention.txt)
  theirs=$(waits_per_second "$OWN/mutex.prof" "$OWN/contention.txt")
  [ -n "$mine" ] || check_fail "the contention request's reply in out/contention.txt ('contention: ... in N ms')" "$(head -c 200 out/contention.txt)" || return 1
  awk -v a="$mine" -v b="$theirs" 'BEGIN { exit !(b > 0 && a >= b / 3 && a <= b * 3) }' ||
    check_fail "seconds of waiting per second of contention within a factor of 3 of the checker's own fetch (run make -B step-3 again)" \
      "yours: $mine, the checker's: ${theirs:-none}"
}

# bats test_tags=starter-fails
@test "answer waits_most names the function whose threads waited longest for the lock" {
  need_artifact out/mutex.prof
  assert_answer_is waits_most function "$(top_function out/server out/mutex.prof)" "the top row's function" "google-pprof --text out/server out/mutex.prof"
}

# bats test_tags=starter-fails
@test "answer mutex_wait_seconds is roughly your mutex profile's total" {
  need_artifact out/mutex.prof
  assert_answer_within_factor mutex_wait_seconds seconds "$(pprof_total out/server out/mutex.prof)" 3 \
    "the seconds of waiting" "out/mutex-top.txt (its Total: line)"
}

# bats test_tags=starter-fails
@test "answer parked_threads is the number of threads sharing the leak_park stack" {
  assert_from_task thread-dump out/threads.txt out/server
  assert_answer_is parked_threads count:threads "$(parked_count out/threads.txt)" \
    "the count in front of the leak_park group" "out/threads.txt"
}

# bats test_tags=starter-fails
@test "answer work_under_lock names what the lock-taking function spends its CPU on while it holds the lock" {
  need_artifact out/cpu.prof
  if answers_clock_gettime && [ "$(clock_share_under_lock out/server out/cpu.prof)" -gt 50 ]; then return 0; fi
  assert_answer_is work_under_lock function "$(work_under_lock out/server out/cpu.prof)" \
    "the function $LOCKER calls that has most of its CPU samples, or the library function most of them end in" \
    "google-pprof --text --cum out/server out/cpu.prof"
}
