# checks.bash — step 04's own reading for check.bats: the checker's own
# recording of out/timeline-pg with the options in src/record.opts. The event
# count and the lock calls are also read there, so a recording edited after
# uftrace record (its .dat files thinned out) cannot pass for a filtered one.
# Needs RECORD_OPTS, ARGS and LOCKER (setup_file; LOCKER, the name the learner's
# variant gives locked_update, is locked_update when unset), TRACE and PROGRAM, and
# the checker's library.
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

# The function of the program (not a library) that another worker runs during the
# longest lock wait of TRACE: the holder's innermost frame of PROGRAM at nine
# moments spread over the wait, the most frequent one (one moment alone can fall
# where a busy machine paused the holder between two calls). A wait during which
# no other worker is inside locked_update (LOCKER) at most of the moments (a busy machine
# woke the waiter long after the last holder had left) is passed over for the
# next longest, up to the five longest; empty if none has a holder.
holder_function() {
  local tid start dur found
  while read -r tid start dur; do
    found=$(holder_during "$tid" "$start" "$dur")
    [ -z "$found" ] || { echo "$found"; return 0; }
  done < <(trace_durations "$TRACE" pthread_mutex_lock | sort -k3,3gr | head -n 5)
}

# The holder's most frequent innermost function of the program during the wait of
# thread TID from START for DUR microseconds, if another worker is inside
# locked_update (LOCKER), past its own pthread_mutex_lock and not yet in its
# pthread_mutex_unlock (so holding the lock, not waiting for it or handing it
# on), at at least five of the nine moments; else nothing. With more workers than
# cores several can be inside locked_update at one moment, paused just before or
# after their lock calls: the deepest such stack is the holder's.
holder_during() {
  local tid="$1" start="$2" dur="$3"
  # shellcheck disable=SC2046 # the nine moments are words
  trace_stacks_at_each "$TRACE" $(awk -v s="$start" -v d="$dur" 'BEGIN { for (k = 1; k <= 9; k++) printf "%.3f ", s + d * k / 10 }') |
    awk -F'\t' -v t="$tid" -v locker="${LOCKER:-locked_update}" '
      FNR == NR { if ($2 ~ /^[tT]$/) own[$3] = 1; next }
      $2 != t && index(";" $3 ";", ";" locker ";") && $3 !~ /(^|;)pthread_mutex_(un)?lock(;|$)/ {
        k = split($3, f, ";"); if (k <= depth[$1]) next
        for (i = k; i > 0; i--) if (f[i] in own) { depth[$1] = k; inner[$1] = f[i]; break } }
      END { for (m in inner) print inner[m] }' \
      FS=' ' <(nm --defined-only "$PROGRAM") FS='\t' - |
    sort | uniq -c | sort -k1,1nr -k2 | awk '{ n += $1; if (NR == 1) top = $2 } END { if (n >= 5) print top }'
}

# Which of malloc, memset and free takes the most time in all in TRACE (their calls'
# durations added up): a timing, so a busy machine can change it from run to run.
alloc_costliest() {
  local f
  for f in malloc memset free; do
    trace_durations "$TRACE" "$f" | awk -v f="$f" '{ s += $3 } END { printf "%.3f %s\n", s, f }'
  done | sort -gr | head -n 1 | cut -d' ' -f2
}

# The number of threads uftrace report --task lists in FILE: its rows under the
# ==== line, whatever unit their times are in (a busy machine's main thread
# takes seconds: "1.204  s").
task_rows() {
  awk 'ruled && NF { n++ } /^ *=+ / { ruled = 1 } END { print n + 0 }' "$1"
}
