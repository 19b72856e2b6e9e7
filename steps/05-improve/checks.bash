# checks.bash — step 05's own helpers, sourced by check.bats after the
# checker's: every run of your code within a time limit and explained when it
# fails, results read from the very run that is measured, the workbook's files
# compared with their checksums, and your objects read for what they call.
# Needs STEP_DIR, RUN_LEARNER and BATS_FILE_TMPDIR; RUN_LIMIT and
# VALGRIND_LIMIT come from the Makefile (setup_file exports them).

# ---------------------------------------------------------------- runs with a limit

# What a run's exit status means, in words: "exit 3", "stopped after 60 s ...", "killed by SIGSEGV ...".
how_it_ended() {
  local status="$1" limit="$2" sig
  if [ "$status" = 124 ]; then
    echo "stopped after $limit s (an endless loop in src/?)"
  elif [ "$status" -gt 128 ] && sig=$(kill -l "$((status - 128))" 2>/dev/null); then
    echo "killed by SIG$sig$([ "$sig" != SEGV ] || echo ' (a crash: a bad pointer)')"
  else
    echo "exit $status"
  fi
}

# The lines of a run's output that say most about how it ended, joined by " | ":
# from valgrind's "Process terminating" (the program crashed) or its own
# "the 'impossible' happened" (a heap wrecked past valgrind's care) on, else the last three.
last_lines() {
  local file="$1" from
  from=$(grep -n -m 1 -E "Process terminating|the 'impossible' happened" "$file" | cut -d: -f1)
  { if [ -n "$from" ]; then tail -n "+$from" "$file" | head -n 5; else grep -v -e '^\s*$' -e 'run-learner: line [0-9]*: .* Killed' "$file" | tail -n 3; fi; } |
    sed -E 's/^==[0-9]+== ?//; s/^ +//' | grep -v '^$' | paste -sd'|' - | sed 's/|/ | /g'
}

# Runs COMMAND through run-learner within LIMIT seconds, its stdout to NAME.out
# and its stderr to NAME.err in the test's directory; on any exit but 0 fails
# with how it ended and its last lines. WHAT names the run for the learner:
#   bounded_run NAME LIMIT WHAT [RUN-LEARNER OPTIONS AND VAR=VALUE...] -- COMMAND [ARGS...]
bounded_run() {
  local name="$1" limit="$2" what="$3" status=0 base="$BATS_TEST_TMPDIR/$1" lines
  shift 3
  "$RUN_LEARNER" -t "$limit" "$@" >"$base.out" 2>"$base.err" || status=$?
  [ "$status" = 0 ] && return 0
  lines=$(last_lines "$base.err")
  check_fail "$what to run to its end within $limit s" "$(how_it_ended "$status" "$limit"): ${lines:-nothing on stderr}"
}

# The stdout of the last bounded_run NAME.
run_output() {
  cat "$BATS_TEST_TMPDIR/$1.out"
}

# ---------------------------------------------------------------- results and counts from one run

# Prints the first row of out/results output (on stdin) whose before and after
# differ, or "no output" when there is no row of EXPERIMENT; prints nothing when all agree.
results_difference() {
  awk -v e="$1" '$1 == e { n++; if ($3 != $4 && !bad) bad = "input " $2 ": before " $3 ", after " $4 }
    END { if (!n) print "no output"; else if (bad) print bad }'
}

# Fails unless the stdout of bounded_run NAME has the rows of EXPERIMENT, before and after equal.
assert_same_columns() {
  local name="$1" experiment="$2" what="$3" bad
  bad=$(run_output "$name" | results_difference "$experiment")
  [ -z "$bad" ] || check_fail "the same results before and after on every input of $what" "$bad"
}

# Runs `out/results EXPERIMENT` under callgrind, checks in that same run that
# before and after agree, and writes to the test's counts file the instructions
# of all the calls HARNESS (the experiment's function in results.c) made to
# BEFORE and to AFTER, as "before after":
#   count_calls EXPERIMENT HARNESS BEFORE AFTER
count_calls() {
  local experiment="$1" harness="$2" before="$3" after="$4" dir="$BATS_TEST_TMPDIR/callgrind-$1"
  mkdir -p "$dir"
  bounded_run "callgrind-$experiment" "$VALGRIND_LIMIT" "valgrind --tool=callgrind out/results $experiment" \
    -o "$dir/callgrind.out" -- valgrind --tool=callgrind --callgrind-out-file="$dir/callgrind.out" out/results "$experiment" || return 1
  assert_same_columns "callgrind-$experiment" "$experiment" "out/results $experiment, in the run callgrind measured" || return 1
  callgrind_records "$dir/callgrind.out" | awk -F'\t' -v h="$harness" -v b="$before" -v a="$after" '
    $5 == "call" && $2 == h { if ($8 == b) nb += $NF; if ($8 == a) na += $NF }
    END { print nb + 0, na + 0 }' >"$BATS_TEST_TMPDIR/counts"
}

# Fails unless the after's calls execute at least MIN times fewer instructions
# than the before's, counted by callgrind in the run whose results are checked:
#   assert_fewer_instructions EXPERIMENT HARNESS BEFORE AFTER MIN WHAT
assert_fewer_instructions() {
  local before after
  count_calls "$1" "$2" "$3" "$4" || return 1
  read -r before after <"$BATS_TEST_TMPDIR/counts"
  [ "$before" -gt 0 ] && [ "$after" -gt 0 ] ||
    { check_fail "callgrind counts of the calls $2 makes to $3 and to $4" "$before and $after instructions (are both still called from src/results.c?)"; return 1; }
  assert_ratio_at_least "$before" "$after" "$5" "$6"
}

# Fails unless the memcheck log LOG reports no error and 0 bytes definitely lost; WHAT says who must free what.
assert_memcheck_clean() {
  local log="$1" what="$2" lost errors
  lost=$(memcheck_bytes "$log" "definitely lost")
  errors=$(sed -n 's/^==[0-9]*== ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log")
  [ "${lost:-x}" = 0 ] && [ "${errors:-x}" = 0 ] && return 0
  check_fail "no memory errors and 0 bytes definitely lost ($what)" \
    "${errors:-?} errors, ${lost:-?} bytes definitely lost: $(grep -m 1 -E 'Invalid|uninitialised|definitely lost in' "$log" | sed 's/^==[0-9]*== //')"
}

# Fails unless PROGRAM AFTER... under helgrind reports no error and prints what
# PROGRAM BEFORE... prints natively (the same checksum, in the run helgrind watched):
#   assert_race_free PROGRAM 'BEFORE ARGS' 'AFTER ARGS' WHAT-MUST-HOLD
assert_race_free() {
  local program="$1" before="$2" after="$3" rule="$4" log="$BATS_TEST_TMPDIR/helgrind.err" errors
  # shellcheck disable=SC2086 # the arguments are words
  bounded_run plain "$RUN_LIMIT" "$program $before" -- "$program" $before || return 1
  # shellcheck disable=SC2086
  bounded_run helgrind "$VALGRIND_LIMIT" "valgrind --tool=helgrind $program $after" -- valgrind --tool=helgrind "$program" $after || return 1
  [ "$(run_output helgrind)" = "$(run_output plain)" ] ||
    { check_fail "the same checksum as $program $before, in the run helgrind watched" "checksum $(run_output helgrind), $(run_output plain) from $program $before"; return 1; }
  errors=$(sed -n 's/^==[0-9]*== ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log")
  [ "${errors:-x}" = 0 ] && return 0
  check_fail "0 errors from helgrind: $rule" \
    "${errors:-?} errors: $(grep -m 1 -E 'Possible data race|lock order|unlocked' "$log" | sed 's/^==[0-9]*== //')"
}

# Prints what COMMAND prints, run once per test file (the files it reads do not
# change between the checks: setup_file built them): once KEY COMMAND [ARGS...]
once() {
  local cache="$BATS_FILE_TMPDIR/once-$1"
  shift
  [ -f "$cache" ] || "$@" >"$cache"
  cat "$cache"
}

# ---------------------------------------------------------------- the workbook's files

# Prints the first problem with src/: a workbook file that differs from its
# checksum in workbook.sha256 or is missing, or a .c/.h file that is neither a
# workbook file nor a learner file. Prints nothing when src/ is as it should be.
workbook_src_problem() {
  local bad
  bad=$(grep -v '^#' workbook.sha256 | LC_ALL=C sha256sum -c --quiet 2>/dev/null | sed -n 's/^\(src\/[^:]*\): .*/\1/p' | head -n 1)
  if [ -n "$bad" ]; then
    echo "$bad $([ -f "$bad" ] && echo "differs from the workbook's" || echo "is missing"): $(take_back "$bad")"
    return
  fi
  bad=$(printf '%s\n' src/*.[ch] | awk -v learner=" $(step_learner_files "$STEP") " '
    FNR == NR { if (!/^#/) known[$2] = 1; next }
    !($0 in known) && index(learner, " " $0 " ") == 0 { print; exit }' workbook.sha256 -)
  [ -z "$bad" ] || echo "$bad is not one of the step's files: move it out of src/ (the grader would not have it)"
}

# How to get the workbook's version of a file of the step back.
take_back() {
  echo "git checkout -- steps/05-improve/$1 brings it back (or take it from a fresh copy of the workbook)"
}

# Fails unless src/ holds the workbook's files unchanged beside the learner's
# (a slower before or another harness would change every verdict).
need_workbook_src() {
  local problem
  problem=$(once workbook workbook_src_problem)
  [ -z "$problem" ] && return 0
  check_fail "src/ as the workbook made it, but for $(step_learner_files "$STEP" | sed 's/ /, /g') (the grader takes only those)" \
    "$problem"
}

# Fails unless the programs the checks run build from the current sources
# (setup_file built them) and src/ holds the workbook's files unchanged.
need_build() {
  if [ "$(cat "$BATS_FILE_TMPDIR/build.rc")" != 0 ] || [ ! -x out/results ] || [ ! -x out/tally ] || [ ! -x out/tally-watch ] || [ ! -x out/prices ]; then
    check_fail "out/results, out/tally, out/tally-watch and out/prices built from src/" "$(build_errors "$BATS_FILE_TMPDIR/build.log")"
    return 1
  fi
  need_workbook_src
}

# The first error lines of a build log (or its last lines).
build_errors() {
  grep -m 3 -E 'error|Error' "$1" || tail -n 3 "$1"
}

# Fails unless out/bench builds from the current sources (built on first need:
# only the checks of allocs/op run it), besides what need_build asks.
need_bench() {
  local rc=0
  need_build || return 1
  if [ ! -f "$BATS_FILE_TMPDIR/bench.rc" ]; then
    make -s --no-print-directory out/bench >"$BATS_FILE_TMPDIR/bench.log" 2>&1 || rc=$?
    echo "$rc" >"$BATS_FILE_TMPDIR/bench.rc"
  fi
  [ "$(cat "$BATS_FILE_TMPDIR/bench.rc")" = 0 ] && [ -x out/bench ] && return 0
  check_fail "out/bench built from src/" "$(build_errors "$BATS_FILE_TMPDIR/bench.log")"
}

# ---------------------------------------------------------------- what your code calls

# What a learner file may call: fib, score_item, frame_checksum and the prices
# befores, memory, mutexes (any pthread_mutex_ function), atomics, and printing
# or aborting (with the _chk variants a compiler that fortifies calls instead).
PLAIN_CALLS=" fib score_item frame_checksum prices_acquire_locked prices_release_locked prices_update_locked malloc calloc realloc free aligned_alloc posix_memalign memcpy memmove memset memcmp
  __memcpy_chk __memmove_chk __memset_chk sched_yield abort __assert_fail __stack_chk_fail
  printf fprintf puts fputs putchar fputc fwrite perror stdout stderr __printf_chk __fprintf_chk "

# The functions each learner file defines for the others to call.
declare -gA OWN_FUNCTIONS=([fib_fast]="fib_fast" [pool]="pool_get pool_put pool_drain" [tally_sharded]="tally_add_sharded"
  [encode_reuse]="encode_batch_reused" [prices_cow]="prices_acquire_cow prices_release_cow prices_update_cow")

# Prints the first thing in OBJECT that looks at the world instead of its
# arguments (see PLAIN_CALLS), or makes it run other than when called; nothing when it is plain.
object_problem() {
  local object="$1" base sym own calls=() why=""
  base=$(basename "$object" .o)
  while read -r sym; do
    sym=${sym%%@*}
    [[ "$PLAIN_CALLS" == *" $sym "* || "$sym" =~ ^(pthread_mutex_[a-z]+|__atomic_[a-z_0-9]+|__sync_[a-z_0-9]+)$ ]] && continue
    calls+=("$sym")
    [ -n "$why" ] || why=$(what_it_reaches "$sym")
  done < <(nm -u "$object" | awk '{ print $NF }')
  if [ ${#calls[@]} -gt 0 ]; then
    echo "it calls $(printf '%s, ' "${calls[@]}" | sed 's/, $//') (${why:-not on the list of what your files may call: README, 'Your code, measured'})"
    return
  fi
  own=" ${OWN_FUNCTIONS[$base]} "
  while read -r sym; do
    [[ "$own" == *" $sym "* ]] || { echo "it defines $sym for the whole program (a function you add must be static)"; return; }
  done < <(nm -g --defined-only "$object" | awk '$2 ~ /^[TWi]$/ { print $3 }')
  if objdump -h "$object" | grep -qE ' \.(init_array|fini_array|preinit_array|ctors|dtors)'; then
    echo "it runs code before main or after exit (a constructor or destructor)"
    return
  fi
  objdump -d --no-show-raw-insn "$object" | awk -F'\t' '
    { m = ops = "" }
    NF >= 2 { split($2, w, " "); m = w[1]; ops = $2; sub(/^[^ ]+ +/, "", ops) }
    m == "mrs" && ops !~ /cnt/ { m = "" }  # (arm64: mrs reads the thread pointer too; cnt* registers are clocks)
    m ~ /^(syscall|sysenter|int|rdtscp?|rdpid|rdrand|rdseed|cpuid|xgetbv|sgdt|sidt|sldt|smsw|svc|mrs)$/ {
      print "it executes the instruction " m " (" (m ~ /^(syscall|sysenter|int|svc)$/ ? "a system call" : m ~ /^rd|^mrs/ ? "a clock or the machine" : "asks the machine what it is") ")"; exit }
    (m ~ /^xchg/ && ops ~ /%rbx, *%rbx/) || (m == "orr" && ops ~ /x10, *x10, *x10/) { print "it makes a valgrind client request (RUNNING_ON_VALGRIND or another macro of valgrind.h)"; exit }'
}

# A few words on what a forbidden function reaches, or nothing.
what_it_reaches() {
  case "$1" in
    getenv | secure_getenv | environ | __environ | putenv | setenv) echo "the environment" ;;
    open* | fopen* | fclose | fgets | fread | fscanf | getline | read* | *stat* | access | pread*) echo "files: /proc/self/maps and such" ;;
    clock* | time | gettimeofday | times | getrusage) echo "a clock" ;;
    syscall | dlsym | dlvsym | dlopen | dladdr | dl_iterate_phdr | getauxval) echo "the process's set-up" ;;
  esac
}

# Fails unless the learner file NAME (fib_fast, pool, tally_sharded, encode_reuse or prices_cow), as
# compiled into out/obj/NAME.o, computes from its arguments only: the checks
# measure it under valgrind and natively and must see the same code at work.
need_plain_code() {
  local name="$1" problem
  problem=$(once "plain-$name" object_problem "out/obj/$name.o")
  [ -z "$problem" ] && return 0
  check_fail "src/$name.c working from its arguments only, the same under valgrind, the lock profiler and natively" \
    "src/$name.c: $problem"
}
