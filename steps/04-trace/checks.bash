# checks.bash — step 04's own reading for check.bats: the checker's own
# recording of out/timeline-pg with the options in src/record.opts. The event
# count and the lock calls are also read there, so a recording edited after
# uftrace record (its .dat files thinned out) cannot pass for a filtered one.
# Needs RECORD_OPTS and ARGS (setup_file) and the checker's library.
# shellcheck shell=bash

# The longest the checker's own uftrace record or dump may take, in seconds.
OWN_RECORD_LIMIT=120

# Records out/timeline-pg with the options of src/record.opts into DIR/uftrace.data,
# as the task does (the options split by sh, as make's recipe splits them), through
# the runner: the options are the learner's, and uftrace runs what they name. It
# records in its own TMPDIR and copies the files out (contained, the -o directory
# is a mount point, which uftrace record would try to rename).
own_record() {
  local dir="$1"
  "$RUN_LEARNER" -t "$OWN_RECORD_LIMIT" -o "$dir/uftrace.data/" -- \
    sh -c "uftrace record -d \"\$TMPDIR/rec\" $RECORD_OPTS out/timeline-pg $ARGS && cp \"\$TMPDIR\"/rec/* \"\$0\"/" "$dir/uftrace.data"
}

# Sets OWN_TRACE to the Chrome trace of the checker's own recording (read without
# a default.opts as the provenance check reads the task's), or fails saying what
# went wrong, with uftrace's last lines. The trace is kept among the readings
# (lib/readings.sh), under a key of this build of the program, its arguments
# and the options: the starter, the solution and the corpus entries that record
# with the same options share one recording, and so do make checks in a row.
own_trace() {
  local dir="$BATS_FILE_TMPDIR/own" log="$BATS_FILE_TMPDIR/own-record.log" status=0 found tmp
  OWN_TRACE="$(readings_cache)/own-trace-$(readings_key own-trace out/timeline-pg "$ARGS" "$RECORD_OPTS").json"
  tmp="$OWN_TRACE.$BASHPID"
  [ -s "$OWN_TRACE" ] && return 0
  rm -rf "$dir" && mkdir -p "$dir" || return 1
  own_record "$dir" >"$log" 2>&1 || status=$?
  if [ "$status" = 124 ]; then
    found="uftrace record still running after $OWN_RECORD_LIMIT s"
  elif [ ! -f "$dir/uftrace.data/info" ]; then
    found="no recording where the task's -d puts it (does an option in src/record.opts send it elsewhere?): $(tail -n 2 "$log" | tr '\n' ' ')"
  elif rm -f "$dir/uftrace.data/default.opts" &&
    timeout "$OWN_RECORD_LIMIT" uftrace dump --chrome -d "$dir/uftrace.data" >"$tmp" 2>>"$log"; then
    mv "$tmp" "$OWN_TRACE"
    rm -rf "$dir"
    return 0
  else
    found="uftrace dump --chrome cannot read it: $(tail -n 2 "$log" | tr '\n' ' ')"
  fi
  rm -f "$tmp"
  check_fail "the checker's own uftrace record of out/timeline-pg with the options in src/record.opts" "$found"
}
