# labs/server/process.sh — the server's own process behind start_server's
# SERVER_PID, which may be a wrapper (lib/run-learner runs it), for the scripts
# that read the server's CPU time and memory from /proc: labs/server/bench,
# labs/server/robustness and tools/collector/overhead.
#
#   . labs/server/process.sh
#   pid=$(server_process "$SERVER_PID" "$SERVER_BIN")

# Prints the PID of the process that runs EXE: PID itself or its first descendant that does.
server_process() {
  local pid="$1" exe child
  exe=$(realpath "$2") || return 1
  [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$exe" ] && { echo "$pid"; return 0; }
  for child in $(pgrep -P "$pid"); do server_process "$child" "$exe" && return 0; done
  return 1
}
