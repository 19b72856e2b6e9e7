# lib/hogs.sh — busy loops that load the machine on purpose, for the runs that
# must hold on a busy machine (checker/repeat --hogs, step 08's load test):
#
#   . "$ROOT/lib/hogs.sh"
#   start_hogs N [BOUND]   # N busy loops; their pids in HOGS
#   ...
#   stop_hogs              # safe to call twice; call it from an EXIT trap
#
# Each loop also ends by itself after BOUND (timeout's spelling; default 4h), so
# a script that dies without its trap never leaves one behind.
# shellcheck shell=bash
HOGS=()

# Starts N busy loops (one per core loads the machine fully), each bounded in time.
start_hogs() {
  local i
  for ((i = 0; i < $1; i++)); do
    timeout "${2:-4h}" sh -c 'while :; do :; done' &
    HOGS+=($!)
  done
}

# Stops the busy loops start_hogs started (by their pids) and waits for them.
stop_hogs() {
  # (a loop killed here ends with 143: that is no failure of the caller, even under set -e)
  [ "${#HOGS[@]}" = 0 ] || { kill "${HOGS[@]}" 2>/dev/null; wait "${HOGS[@]}" 2>/dev/null || true; }
  HOGS=()
}
