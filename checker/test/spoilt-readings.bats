#!/usr/bin/env bats
# Readings a busy machine can spoil, which a check must then skip (the grader
# marks it regrade) rather than fail: step 04's "what the lock holder runs during
# the longest wait" (holder_function, on small hand-made traces: a wait whose
# waiter was woken long after the last holder left is passed over for the next
# longest, and a trace with only such waits reads as nothing), and step 08's
# "too few samples" (too_few_samples, on a real CPU profile against the task's
# --min-samples).

bats_require_minimum_version 1.5.0

setup_file() {
  load ../checker
  load fixtures/profiles
  make_fixture_profiles "$BATS_FILE_TMPDIR" cpu
}

setup() {
  load ../checker
  load ../../steps/04-trace/checks
  load ../../steps/08-continuous/checks
  cd "$BATS_TEST_TMPDIR" || return 1
  # A program whose symbol table names the workload's functions, as out/timeline-pg's does.
  printf 'void busy_for(void) {}\nvoid locked_update(void) { busy_for(); }\nint main(void) { locked_update(); return 0; }\n' >prog.c
  cc -O0 -o prog prog.c
  PROGRAM=prog TRACE=trace.json
}

# Writes TRACE from "tid ph ts name" lines (a Chrome trace as uftrace dump --chrome writes one).
trace_of() {
  awk 'BEGIN { printf "{\"traceEvents\":[" } { printf "%s{\"ts\":%s,\"ph\":\"%s\",\"pid\":1,\"tid\":%s,\"name\":\"%s\"}", (NR > 1 ? "," : ""), $3, $2, $1, $4 }
       END { print "]}" }' >"$TRACE"
}

# Thread 2 inside locked_update and busy_for from FROM to TO (microseconds).
holder_from() {
  printf '2 B %s locked_update\n2 B %s busy_for\n2 E %s busy_for\n2 E %s locked_update\n' "$1" "$1" "$2" "$2"
}

@test "the holder of the longest wait is the other thread's innermost function of the program" {
  { echo "1 B 0 pthread_mutex_lock"; holder_from 0 1000; echo "1 E 1000 pthread_mutex_lock"; } | sort -k3,3n -s | trace_of
  run holder_function
  [ "$output" = busy_for ]
}

@test "a longest wait the holder left early is passed over for the next longest" {
  { echo "1 B 0 pthread_mutex_lock"; holder_from 0 1000; echo "1 E 1000 pthread_mutex_lock"
    echo "1 B 2000 pthread_mutex_lock"; holder_from 2000 2100; echo "1 E 5000 pthread_mutex_lock"; } | sort -k3,3n -s | trace_of
  run holder_function
  [ "$output" = busy_for ]
}

@test "a trace whose every wait lost its holder reads as nothing" {
  { echo "1 B 2000 pthread_mutex_lock"; holder_from 2000 2100; echo "1 E 5000 pthread_mutex_lock"; } | sort -k3,3n -s | trace_of
  run holder_function
  [ -z "$output" ]
}

# Writes out/task.args with --min-samples N, as step 08's task does.
task_floor() {
  mkdir -p out && echo "--window 2 --before 3 --after 3 --hz 19 --min-samples $1" >out/task.args
}

@test "a profile with fewer samples than the task's --min-samples is too few" {
  local n; n=$(profile_field "$BATS_FILE_TMPDIR/cpu.prof" samples)
  STEP_DIR=$PWD; task_floor $((n + 1))
  too_few_samples "$BATS_FILE_TMPDIR/cpu.prof"
}

@test "a profile with the task's --min-samples samples is not too few" {
  local n; n=$(profile_field "$BATS_FILE_TMPDIR/cpu.prof" samples)
  STEP_DIR=$PWD; task_floor "$n"
  run ! too_few_samples "$BATS_FILE_TMPDIR/cpu.prof"
}

@test "without the task's --min-samples no profile is called too few (the check fails as usual)" {
  STEP_DIR=$PWD
  run ! too_few_samples "$BATS_FILE_TMPDIR/cpu.prof"
}

# Step 08's run record and server log for windows of 2 s sampled at HZ, with two
# CPU windows that are copies of the fixture's profile.
starved_run() {
  mkdir -p out/profiles/cpu && echo "window_sec: 2" >out/run.txt
  echo "always-on CPU profile: $1 Hz, windows of 2 s" >out/server.log
  cp "$BATS_FILE_TMPDIR/cpu.prof" out/profiles/cpu/cpu_20261201-000000.prof
  cp "$BATS_FILE_TMPDIR/cpu.prof" out/profiles/cpu/cpu_20261201-000002.prof
  OUT=$PWD/out CPU=$PWD/out/profiles/cpu
}

@test "windows holding less than half of rate x length samples each are a starved server" {
  local n; n=$(profile_field "$BATS_FILE_TMPDIR/cpu.prof" samples)
  starved_run $((n + 1))   # a full window would hold 2n + 2: n is below half
  server_starved
}

@test "windows holding half of rate x length samples or more are not a starved server" {
  local n; n=$(profile_field "$BATS_FILE_TMPDIR/cpu.prof" samples)
  starved_run "$n"         # a full window would hold 2n: n is half
  run ! server_starved
}

# A windows diff report as tools/collector/windows prints one: SAMPLES_BEFORE SAMPLES_AFTER, then "change function" rows.
diff_report() {
  printf '# self (flat) share of the CPU samples, before and after (windows diff)\n'
  printf '# base:  20261201-102652..20261201-102653, 1 window(s), %s samples\n' "$1"
  printf '# after: 20261201-102654..20261201-102655, 1 window(s), %s samples\n' "$2"
  printf '#  change  before%%   after%%  function\n'
  shift 2
  while [ $# -gt 1 ]; do printf '%9s %8s %8s  %s\n' "$1" 0.0 0.0 "$2"; shift 2; done
}

@test "step 08's own run shows its slow path plainly when that path grew most, by far, with enough samples" {
  diff_report 174 185 +31.8 check_stock +0.5 __libc_sendmsg -3.0 render_receipt | diff_shows_plainly check_stock
}

@test "step 08's own run is blurred when another function's share grew most" {
  diff_report 174 185 +12.0 render_receipt +9.0 check_stock | run ! diff_shows_plainly check_stock
}

@test "step 08's own run is blurred when the slow path grew less than twice the next one" {
  diff_report 174 185 +14.0 check_stock +8.0 render_receipt | run ! diff_shows_plainly check_stock
}

@test "step 08's own run is blurred when a side holds fewer than 100 samples" {
  diff_report 99 185 +31.8 check_stock +0.5 __libc_sendmsg | run ! diff_shows_plainly check_stock
}

@test "step 08's own run is blurred when the windows tool reads nothing" {
  echo "windows: no directory profiles/cpu" | run ! diff_shows_plainly check_stock
}
