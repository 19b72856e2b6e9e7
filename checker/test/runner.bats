#!/usr/bin/env bats
# The one runner of learner code (lib/run-learner), run plainly (a learner's
# own machine) and contained (tools/contain/learner-exec, as the grader runs
# it): what a learner's program inherits, sees, can write and leaves behind.

bats_require_minimum_version 1.5.0

setup_file() {
  make -s -C "$BATS_TEST_DIRNAME/../../tools" bin/learner-exec >/dev/null
  # where root_exec installs the runner: a directory the checker's uid may pass through
  ROOT_EXEC_DIR=$(mktemp -d /tmp/runner-exec.XXXXXX) && chmod 755 "$ROOT_EXEC_DIR" && export ROOT_EXEC_DIR
}

teardown_file() {
  rm -rf "$ROOT_EXEC_DIR"
}

setup() {
  load ../checker
  RUNNER="$ROOT/lib/run-learner"
  EXEC="$ROOT/tools/bin/learner-exec"
  # (here, not in contained: a skip inside $(...) or run's subshell would not skip the test)
  [[ "$BATS_TEST_DESCRIPTION" != contained:* ]] || skip_unless_contained_runs
}

# Shell code that prints the shell's own open descriptors on one line ("0 1 2 "),
# without starting a process: ls in a pipeline could list the pipe bash had not yet
# closed (seen as "0 1 2 3" on a busy machine). The glob's own directory descriptor
# is gone by the time -L asks.
OPEN_FDS='for f in /proc/$$/fd/*; do [ -L "$f" ] && printf "%s " "${f##*/}"; done; echo'

# Skips the test where learner-exec cannot run as the grader runs it.
skip_unless_contained_runs() {
  [ "$(id -u)" = 0 ] || skip "not root: learner-exec's uid switch needs root"
  "$ROOT/checker/grade/sandbox" --probe >/dev/null || skip "cannot test here: no namespaces can be made"
  mountpoint -q / || skip "cannot test here: / is no mount point (a chroot), so learner-exec runs only inside the grading sandbox"
}

# Installs learner-exec as the grader does as root (setuid root, executable by
# the checker's group only, beside a root-owned learner-exec.conf naming the
# uids), in a directory anyone may pass through; prints its path.
root_exec() {
  local dir="$ROOT_EXEC_DIR"
  cp "$EXEC" "$dir/" && echo "learner_uid 60123 checker_uid 61123" >"$dir/learner-exec.conf"
  chmod 644 "$dir/learner-exec.conf" && chown 0:61123 "$dir/learner-exec" && chmod 4750 "$dir/learner-exec"
  echo "$dir/learner-exec"
}

# Runs a shell command through the runner, contained as the grader does (root
# mode), from / (the learner sees a fresh /tmp, where this tree may lie).
contained() {
  local exec; exec=$(root_exec)
  (cd / && RUN_LEARNER_MODE=contained RUN_LEARNER_EXEC="$exec" "$RUNNER" "$@")
}

# A directory of the checker's (uid 61123 in root_exec) with a subdirectory
# more/, in /tmp (which the learner sees as a fresh one); teardown removes it.
checker_dir() {
  CHECKER_DIR_MADE=$(mktemp -d /tmp/runner-test.XXXXXX) && mkdir "$CHECKER_DIR_MADE/more" &&
    chown -R 61123 "$CHECKER_DIR_MADE" && echo "$CHECKER_DIR_MADE"
}

teardown() {
  [ -z "${CHECKER_DIR_MADE:-}" ] || rm -rf "$CHECKER_DIR_MADE"
}

# ---------------------------------------------------------------- plainly

@test "a learner's program inherits no file descriptor above 2" {
  exec 7>"$BATS_TEST_TMPDIR/seven"
  run -0 "$RUNNER" -- bash -c "$OPEN_FDS"
  exec 7>&-
  [ "$output" = "0 1 2 " ]
}

@test "its environment has none of the checker's variables, only the ones given" {
  VALGRIND_OPTS=--log-file=/dev/null run -0 "$RUNNER" GIVEN=yes -- env
  [ "$(grep -c '^BATS_' <<<"$output")" = 0 ]
  [ "$(grep -c '^VALGRIND_OPTS=' <<<"$output")" = 0 ]
  grep -qx 'GIVEN=yes' <<<"$output"
  grep -qx 'PATH=/usr/local/bin:/usr/bin:/bin' <<<"$output"
}

@test "it gets its own empty HOME and TMPDIR, removed when it ends" {
  run -0 "$RUNNER" -- bash -c 'echo "$HOME $TMPDIR $(ls -A "$HOME" | wc -l)"; touch "$HOME/.valgrindrc"'
  read -r home tmp count <<<"$output"
  [ "$count" = 0 ]
  [ "$home" != "$tmp" ]
  [ ! -e "$home" ]
  [ ! -e "$tmp" ]
}

@test "whatever it leaves running is killed when it ends" {
  run -0 "$RUNNER" -- bash -c 'sleep 300 & echo $!'
  sleep 0.3
  run ! server_alive "$output"
}

@test "it is stopped at its time limit with status 124 (137 is a kill from elsewhere)" {
  SECONDS=0
  run -124 "$RUNNER" -t 1 -- sleep 30
  [ "$SECONDS" -lt 10 ]
  run -137 "$RUNNER" -t 30 -- bash -c 'kill -KILL $$'
  [ "$SECONDS" -lt 10 ]
  [ "$SECONDS" -lt 10 ]
}

@test "the time limit's watchdog leaves no process behind when the program ends first" {
  run -0 "$RUNNER" -t 4321 -- true
  sleep 0.3
  run ! pgrep -x -f 'sleep 4321'
}

@test "SIGTERM to the runner reaches the program, which can end cleanly" {
  "$RUNNER" -- bash -c 'trap "echo cleaned >'"$BATS_TEST_TMPDIR"'/term; exit 0" TERM; : >'"$BATS_TEST_TMPDIR"'/started; sleep 30 & wait' &
  local pid=$! i
  # once the program runs (its trap set): a busy machine may take seconds to get there
  for i in $(seq 300); do [ ! -e "$BATS_TEST_TMPDIR/started" ] || break; sleep 0.1; done
  kill -TERM "$pid"
  wait "$pid"
  [ "$(cat "$BATS_TEST_TMPDIR/term")" = cleaned ]
}

@test "bad usage is one line and status 125; an unknown program is 127" {
  run -125 "$RUNNER" out/serve
  [ "$output" = "run-learner: unknown argument 'out/serve' (put the command after --)" ]
  run -127 "$RUNNER" -- no-such-program-here
  [ "$output" = "run-learner: no-such-program-here: no such program" ]
}

# ---------------------------------------------------------------- contained

@test "contained: it runs as the learner's uid and sees none of the checker's processes" {
  run -0 contained -- bash -c 'id -u; ls -d /proc/[0-9]* | wc -l'
  [ "${lines[0]}" = 60123 ]
  [ "${lines[1]}" -le 4 ]
}

@test "contained: the checker's temporary files are invisible and everything else is read-only" {
  echo expected-answer >"$BATS_TEST_TMPDIR/expected"
  run -0 contained -- bash -c "cat '$BATS_TEST_TMPDIR/expected' 2>&1; touch /usr/pwned-by-learner 2>&1; touch /tmp/mine && echo tmp-ok"
  [[ "$output" == *"No such file or directory"* ]]
  [[ "$output" == *"Read-only file system"* ]]
  [[ "$output" == *tmp-ok* ]]
  [ ! -e /usr/pwned-by-learner ]
}

@test "contained: an -o file comes back only after every learner process is gone; links and pipes never" {
  local d; checker_dir >/dev/null; d=$CHECKER_DIR_MADE
  run -0 contained -o "$d/result" -o "$d/more/" -- bash -c "
    echo honest >'$d/result'; echo a >'$d/more/a'; ln -s /etc/shadow '$d/more/link'; mkfifo '$d/more/pipe'
    (sleep 2; echo forged >'$d/result') >/dev/null 2>&1 &"
  sleep 3
  [ "$(cat "$d/result")" = honest ]
  [ "$(cat "$d/more/a")" = a ]
  [ ! -e "$d/more/link" ]
  [ ! -e "$d/more/pipe" ]
  [ "$(stat -c %u "$d/result")" = 61123 ]
}

@test "contained: it is stopped at its time limit with status 124, everything it started with it" {
  SECONDS=0
  run -124 contained -t 1 -- bash -c 'sleep 60 & sleep 60'
  [ "$SECONDS" -lt 10 ]
}

@test "contained: the checker's own uid (not root) can stop the runner, and SIGTERM reaches the program" {
  local exec d; exec=$(root_exec); checker_dir >/dev/null; d=$CHECKER_DIR_MADE
  # As the checker, from / (it may not enter this tree): start the runner, wait until the program runs, then SIGTERM it.
  cd /
  run -0 setpriv --reuid=61123 --regid=61123 --clear-groups --inh-caps=-all -- bash -c "
    '$exec' -t 120 -- /bin/bash -c 'echo started; exec sleep 30' >'$d/out' 2>&1 & pid=\$!
    for i in \$(seq 600); do grep -q started '$d/out' && break; sleep 0.1; done
    kill -TERM \$pid && echo signalled
    wait \$pid; echo status \$?; sed 's/^/runner: /' '$d/out'"
  assert_line signalled
  assert_line "status 143"
}

@test "contained: an -r input is visible read-only, whatever the checker's umask; a descriptor above 2 is not inherited" {
  umask 077   # (an instructor's may be: the view's directories must not take it)
  echo input >"$BATS_TEST_TMPDIR/input" && chmod 644 "$BATS_TEST_TMPDIR/input"
  exec 7>"$BATS_TEST_TMPDIR/seven"
  run -0 contained -r "$BATS_TEST_TMPDIR/input" -- bash -c "cat '$BATS_TEST_TMPDIR/input'; echo x >>'$BATS_TEST_TMPDIR/input' || echo refused; $OPEN_FDS"
  exec 7>&-
  assert_line input
  assert_line refused
  assert_line "0 1 2 "
}

@test "contained: an -r input the learner's uid could not read is one line and status 125" {
  echo secret >"$BATS_TEST_TMPDIR/input" && chmod 600 "$BATS_TEST_TMPDIR/input"
  run -125 contained -r "$BATS_TEST_TMPDIR/input" -- cat "$BATS_TEST_TMPDIR/input"
  assert_output "learner-exec: -r $BATS_TEST_TMPDIR/input is mode 600: the learner's uid could not read it (make it readable by others)"
}

@test "contained without root: a user namespace of its own keeps the workbook read-only and hides the checker" {
  unshare -r true 2>/dev/null || skip "user namespaces are refused here"
  echo expected-answer >"$BATS_TEST_TMPDIR/expected"
  cd /
  run -0 env RUN_LEARNER_MODE=contained RUN_LEARNER_EXEC="$EXEC" "$RUNNER" -- bash -c \
    "ls -d /proc/[0-9]* | wc -l; cat '$BATS_TEST_TMPDIR/expected' 2>/dev/null || echo hidden; touch /usr/pwned-by-learner 2>/dev/null || echo read-only"
  [ "${lines[0]}" -le 4 ]
  assert_line hidden
  assert_line read-only
}

@test "learner-exec refuses anyone but the checker, and a configuration others can write" {
  local exec; exec=$(root_exec)
  run setpriv --reuid=60123 --regid=60123 --clear-groups --inh-caps=-all -- bash -c "'$exec' -- /usr/bin/id"
  [ "$status" -ne 0 ]
  refute_output --partial "uid="
  chmod 666 "$(dirname "$exec")/learner-exec.conf"
  run -125 "$exec" -- /usr/bin/id
  assert_output --partial "no trustworthy"
}
