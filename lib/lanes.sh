# lib/lanes.sh — runs many jobs in a few lanes at once, with a progress bar:
# the self-test's parts and the grader's step runs go through here.
#
#   lanes_run JOBS START FINISH LABEL < job-lines
#
# Reads one job per line (all of them first, so the total is known), runs
# "START SLOT LINE" in the background with at most JOBS at once (SLOT is the
# lane, 0 to JOBS-1, free while its job runs), and calls "FINISH LINE" in the
# foreground as each one ends. The bar goes to stderr: redrawn in place on a
# terminal, one line per tenth otherwise; LANES_QUIET=1 hides it.

# Prints a bar of WIDTH characters, DONE of TOTAL filled: [#####.......].
progress_bar() {
  local done_n="$1" total="$2" width="${3:-24}" fill
  fill=$(( done_n * width / (total > 0 ? total : 1) ))
  ((fill <= width)) || fill=$width
  printf '[%s%s]' "$(printf '%*s' "$fill" '' | tr ' ' '#')" "$(printf '%*s' "$((width - fill))" '' | tr ' ' '.')"
}

# Prints the progress line: LABEL, the bar, done of total, elapsed, an estimate of what is left.
lanes_line() {
  local done_n="$1" total="$2" label="$3" elapsed=$((SECONDS - LANES_STARTED)) left=""
  [ "$done_n" -gt 0 ] && [ "$done_n" -lt "$total" ] && left=", about $(( elapsed * (total - done_n) / done_n ))s left"
  printf '  %s %s %d/%d, %ds%s' "$label" "$(progress_bar "$done_n" "$total")" "$done_n" "$total" "$elapsed" "$left"
}

# Shows progress on stderr: in place on a terminal, else a line at each tenth and at the end.
lanes_progress() {
  local done_n="$1" total="$2" label="$3"
  [ "${LANES_QUIET:-0}" = 1 ] && return 0
  if [ -t 2 ]; then
    printf '\r%s   ' "$(lanes_line "$done_n" "$total" "$label")" >&2
    [ "$done_n" != "$total" ] || echo >&2
  elif [ "$total" -gt 0 ] && { [ $((done_n * 10 / total)) != $(((done_n - 1) * 10 / total)) ] || [ "$done_n" = "$total" ]; }; then
    lanes_line "$done_n" "$total" "$label" >&2; echo >&2
  fi
  return 0
}

# Finishes every lane whose job has ended: waits for it, calls FINISH, shows progress.
lanes_reap() {
  local s
  for ((s = 0; s < LANES_MAX; s++)); do
    [ -n "${LANES_PID[s]:-}" ] && ! kill -0 "${LANES_PID[s]}" 2>/dev/null || continue
    wait "${LANES_PID[s]}"; LANES_PID[s]="" LANES_DONE=$((LANES_DONE + 1))
    "$LANES_FINISH" "${LANES_HELD[s]}"
    lanes_progress "$LANES_DONE" "$LANES_TOTAL" "$LANES_LABEL"
  done
}

# Prints the first free lane, or fails if every lane is busy.
lanes_free() {
  local s
  for ((s = 0; s < LANES_MAX; s++)); do [ -n "${LANES_PID[s]:-}" ] || { echo "$s"; return 0; }; done
  return 1
}

# Runs the jobs read from stdin in JOBS lanes (see the top of this file).
lanes_run() {
  local start="$2" line s
  local -a lines=()
  LANES_MAX=$1 LANES_FINISH=$3 LANES_LABEL=$4 LANES_DONE=0 LANES_PID=() LANES_HELD=()
  mapfile -t lines
  LANES_TOTAL=${#lines[@]} LANES_STARTED=$SECONDS
  lanes_progress 0 "$LANES_TOTAL" "$LANES_LABEL"
  for line in "${lines[@]}"; do
    until s=$(lanes_free); do wait -n 2>/dev/null || sleep 0.2; lanes_reap; done
    "$start" "$s" "$line" &
    LANES_PID[s]=$! LANES_HELD[s]=$line
  done
  while [ -n "$(printf '%s' "${LANES_PID[@]}")" ]; do wait -n 2>/dev/null || sleep 0.2; lanes_reap; done
}
