# lib/server.sh — the one way to start and stop the profiling server (labs/server
# or a step's build of it) from a task, a check, a tool or a benchmark:
#
#   . lib/server.sh
#   start_server [ENV=VALUE...] [-- SERVER ARGS...]   # sets SERVER_URL, SERVER_PID, SERVER_LOG
#   ...
#   stop_server                                      # safe to call twice
#
# Needs ROOT (the workbook's top directory); sets it from this file's place if unset.
: "${ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"


# Starts the profiling server in the background and waits until /debug/pprof/ answers:
#   start_server [ENV=VALUE...] [-- SERVER ARGS...]
# The server runs through lib/run-learner (a step's build of it holds the
# learner's guard): its own HOME and TMPDIR, no inherited fds or checker
# variables, contained in the grader; SERVER_MAX_SECONDS (default 3600) ends it.
# Without -addr among the arguments it listens on 127.0.0.1 with a free port
# (-addr 127.0.0.1:0; the port is read from its "listening on" line). SERVER_BIN
# names the binary (default labs/bin/server, built when missing), SERVER_LOG_FILE
# where its output goes (default a new temporary file), SERVER_START_TIMEOUT the wait in seconds
# (default 15). Exports SERVER_URL (http://127.0.0.1:PORT), SERVER_PID and
# SERVER_LOG. Always pair it with stop_server in teardown (or teardown_file).
start_server() {
  local envs=() bin="${SERVER_BIN:-$ROOT/labs/bin/server}" limit="${SERVER_START_TIMEOUT:-15}" a addr=""
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    [[ "$1" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || { echo "start_server: '$1' is not ENV=VALUE (server arguments go after --)" >&2; return 2; }
    envs+=("$1"); shift
  done
  [ "${1:-}" = -- ] && shift
  for a in "$@"; do [[ "$a" == -addr* || "$a" == --addr* ]] && addr=given; done
  [ -n "$addr" ] || set -- -addr 127.0.0.1:0 "$@"
  if [ "$bin" = "$ROOT/labs/bin/server" ]; then
    make -s -C "$ROOT/labs" bin/server >/dev/null || { echo "start_server: cannot build labs/bin/server" >&2; return 1; }
  fi
  [ -x "$bin" ] || { echo "start_server: no server binary at $bin" >&2; return 1; }
  SERVER_LOG="${SERVER_LOG_FILE:-$(mktemp "${BATS_TEST_TMPDIR:-${BATS_FILE_TMPDIR:-${TMPDIR:-/tmp}}}/server.XXXXXX")}"
  # Empty the log before the launch: the background redirection may truncate it
  # only after the wait below has read a previous run's "listening on" line.
  : >"$SERVER_LOG" || { echo "start_server: cannot write the log $SERVER_LOG" >&2; return 1; }
  # Through the runner of learner code: a step's server is built with the learner's guard.
  "$ROOT/lib/run-learner" -t "${SERVER_MAX_SECONDS:-3600}" ${envs[@]+"${envs[@]}"} -- "$bin" "$@" >>"$SERVER_LOG" 2>&1 </dev/null &
  SERVER_PID=$!
  export SERVER_PID SERVER_LOG
  _server_wait_listening "$limit" && _server_wait_answering "$limit"
}

# True while the started server runs (a zombie waiting to be reaped does not count).
# Read from /proc without a fork: the waits below ask it twenty times a second.
server_alive() {
  local stat
  { IFS= read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  stat=${stat##*) }
  [ -n "$stat" ] && [ "${stat%% *}" != Z ]
}

# Sleeps SECONDS (0.05) without a fork: a read that times out on a pipe no one
# writes to (opened once per shell), where sleep(1) would cost a process a wait.
server_nap() {
  [ -n "${_SERVER_NAP_FD:-}" ] || exec {_SERVER_NAP_FD}<> <(:)
  read -r -t "$1" -u "$_SERVER_NAP_FD" _ || true
}

# Fails start_server with one line and the log's tail; the server is stopped.
_server_start_failed() {
  echo "start_server: $1" >&2
  tail -n 5 "$SERVER_LOG" 2>/dev/null | sed 's/^/  | /' >&2
  stop_server >/dev/null 2>&1
  return 1
}

# Waits for the "listening on HOST:PORT" log line and sets SERVER_URL from it.
_server_wait_listening() {
  local limit="$1" deadline=$((SECONDS + $1)) hostport
  while :; do
    _server_logged_address && hostport=$_SERVER_HOSTPORT && break
    if ! server_alive "$SERVER_PID"; then
      local status=0
      wait "$SERVER_PID" 2>/dev/null || status=$?
      _server_start_failed "the server exited (status $status) before listening"
      return 1
    fi
    [ "$SECONDS" -lt "$deadline" ] || { _server_start_failed "no 'listening on' line within $limit s"; return 1; }
    server_nap 0.05
  done
  hostport="${hostport/#0.0.0.0:/127.0.0.1:}"
  export SERVER_URL="http://$hostport"
}

# Sets _SERVER_HOSTPORT to the HOST:PORT of the log's first "listening on" line; fails while
# there is none. (Bash reads the log itself: the wait asks twenty times a second, and a
# sed or a subshell each time would cost a process.)
_server_logged_address() {
  local line
  while IFS= read -r line; do
    [[ "$line" =~ listening\ on\ ([0-9.]*:[0-9]*)\  ]] && { _SERVER_HOSTPORT=${BASH_REMATCH[1]}; return 0; }
  done <"$SERVER_LOG" 2>/dev/null
  return 1
}

# Waits until $SERVER_URL/debug/pprof/ gives any HTTP answer (a guard may say 401).
_server_wait_answering() {
  local limit="$1" deadline=$((SECONDS + $1)) code
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$SERVER_URL/debug/pprof/" 2>/dev/null || true)
    [ "${code:-000}" != 000 ] && return 0
    server_alive "$SERVER_PID" || { _server_start_failed "the server exited before answering on $SERVER_URL"; return 1; }
    [ "$SECONDS" -lt "$deadline" ] || { _server_start_failed "$SERVER_URL/debug/pprof/ did not answer within $limit s"; return 1; }
    server_nap 0.05
  done
}

# The pids of PID's descendants, each before its own children.
process_descendants() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    echo "$child"
    process_descendants "$child"
  done
}

# Stops the server start_server started: SIGTERM, then SIGKILL after
# SERVER_STOP_TIMEOUT seconds (default 5). Sets SERVER_STATUS to its exit status
# when it was this shell's child. Safe to call twice, without a server, under set -e.
stop_server() {
  local pid="${SERVER_PID:-}" limit="${SERVER_STOP_TIMEOUT:-5}" i
  [ -n "$pid" ] || return 0
  if server_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < limit * 20; i++)); do server_alive "$pid" || break; server_nap 0.05; done
    if server_alive "$pid"; then
      echo "stop_server: the server (pid $pid) ignored SIGTERM for $limit s; killing it" >&2
      # The runner's children too: once it is gone they would run on, orphaned.
      kill -KILL $(process_descendants "$pid") "$pid" 2>/dev/null || true
    fi
  fi
  SERVER_STATUS=0
  wait "$pid" 2>/dev/null || SERVER_STATUS=$?
  unset SERVER_PID
  return 0
}
