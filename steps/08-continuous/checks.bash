# checks.bash — step 08's own helpers for check.bats (loaded after checker.bash):
# the proof of the scenario's run record, and the checker's own readings of the
# run (the function whose share grew, by how much, what the server answers).
# Every tool they run has a time limit; each reading is made once per file.
# shellcheck shell=bash
. "$ROOT/lib/own-runs.sh"  # own_run_path: where the checker's own runs and readings are kept

# The longest one of the checker's own readings (google-pprof on merged windows,
# a fold of two dozen windows) may take, in seconds, on a machine busy enough to
# give it a tenth of a core.
READING_SECONDS=400

# One value of out/run.txt (what the scenario recorded), read as lib/provenance.sh reads a run record.
run_value() {
  scenario_record_value "$OUT/run.txt" "$1" 2>/dev/null
}

# The rate (Hz) the server's log says its always-on windows were sampled at.
server_log_hz() {
  sed -n 's/.*always-on CPU profile: \([0-9]*\) Hz, windows of .*/\1/p' "$OUT/server.log" 2>/dev/null | head -n 1
}

# Fails unless out/run.txt is the scenario's record of the run in out/ (the proof
# lib/provenance.sh makes of a scenario-record), with the message assert_from_task gives.
record_from_task() {
  local why
  need_artifact "$OUT/run.txt" || return 1
  why=$("$ROOT/lib/provenance.sh" scenario-record "$OUT/run.txt" "$OUT/server.log" "$OUT/collector.log" "$CPU" 2>&1) && return 0
  printf 'out/run.txt was not produced by this step'\''s task: run make step-%s\n' "$STEP" >&2
  printf 'found:    %s\n' "$why" >&2
  return 1
}

# The server's code paths a release can slow down (GET /admin/release), asked once per file.
release_paths() {
  local f="$BATS_FILE_TMPDIR/paths"
  if [ ! -s "$f" ]; then
    SERVER_BIN="$SERVER" start_server >/dev/null 2>&1 &&
      curl -fsS --max-time 10 "$SERVER_URL/admin/release" | sed -n 's/^paths: //p' >"$f"
    stop_server
  fi
  cat "$f" 2>/dev/null
}

# What out/server answers at /debug/pprof/profile while it profiles itself always-on: the
# checker's own observation (the HTTP status), made once per file.
always_on_profile_status() {
  local f="$BATS_FILE_TMPDIR/profile-status"
  if [ ! -s "$f" ]; then
    SERVER_BIN="$SERVER" start_server CPUPROFILE_FREQUENCY=19 ALWAYS_ON_WINDOW_SEC=1 >/dev/null 2>&1 &&
      curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$SERVER_URL/debug/pprof/profile?seconds=1" >"$f"
    stop_server
  fi
  cat "$f" 2>/dev/null
}

# The checker's own reports, made from a copy of the windows of the run's ranges and those
# between them (without the folded stacks the task cached beside them) the way the scenario
# makes them, once for the same windows, binary and ranges (own_run_path); prints their
# directory. When a tool fails, its last lines are in the per-file errors file, and
# own_reports_failure says them.
own_reports() {
  local errors="$BATS_FILE_TMPDIR/reports-errors" dir tmp w before after range windows top
  before=$(run_value before) after=$(run_value after)
  range="${before%..*}..${after#*..}"
  : >"$errors" && windows=$("$ROOT/tools/collector/windows" -d "$CPU" paths "$range" 2>>"$errors") || return 1
  # shellcheck disable=SC2086 # the window files, one a word
  dir=$(own_run_path reports "$SERVER" $windows "$before" "$after" "$(run_value release)") || return 1
  [ -s "$dir/share.png" ] && echo "$dir" && return 0
  tmp="$dir.tmp.$$"
  # shellcheck disable=SC2086 # the window files, one a word
  mkdir -p "$tmp/cpu" && cp $windows "$tmp/cpu/" 2>>"$errors" || return 1
  w=(timeout -k 5 "$READING_SECONDS" "$ROOT/tools/collector/windows" -d "$tmp/cpu" -b "$SERVER")
  # every window folded in one go first: one symbol table for them all, as the scenario does
  "${w[@]}" paths --folded "$range" >/dev/null 2>>"$errors" &&
    "${w[@]}" diff --base "$before" "$after" >"$tmp/diff.txt" 2>>"$errors" &&
    "${w[@]}" flame -o "$tmp/flame-before.svg" --title "release 1: $before" "$before" 2>>"$errors" &&
    "${w[@]}" flame -o "$tmp/flame-after.svg" --title "release 2: $after" "$after" 2>>"$errors" || { rm -rf "$tmp"; return 1; }
  # the four biggest functions before or after, the ones the scenario plots
  top=$(grep -v '^#' "$tmp/diff.txt" | awk '{ m = $2 > $3 ? $2 : $3; $1 = $2 = $3 = ""; sub(/^ +/, ""); print m "\t" $0 }' |
    sort -t$'\t' -k1,1gr | head -n 4 | cut -f2)
  # shellcheck disable=SC2086 # one function a word, as the scenario passes them
  "${w[@]}" share -o "$tmp/share.png" --mark "$(run_value release)" --range "$range" $top >/dev/null 2>>"$errors" ||
    { rm -rf "$tmp"; return 1; }
  rm -rf "$dir" && mv "$tmp" "$dir" && echo "$dir"
}

# Why own_reports failed: the tools' last lines, or that they ran out of time.
own_reports_failure() {
  local errors="$BATS_FILE_TMPDIR/reports-errors" last
  last=$(grep -v '^windows: merged' "$errors" 2>/dev/null | tail -n 3 | tr '\n' ' ')
  echo "tools/collector/windows fails (or runs past $READING_SECONDS s on a busy machine): ${last:-no message}"
}

# Each function's change of flat share (points) from BEFORE to AFTER (merged profiles), read by
# google-pprof --text (the checker's own reading), once for the same profiles and binary
# (own_run_path): "CHANGE NAME" lines, the largest growth first.
pprof_share_changes() {
  local f
  f=$(own_run_path changes "$SERVER" "$1" "$2") || return 1
  if [ ! -s "$f" ]; then
    { timeout -k 5 "$READING_SECONDS" google-pprof --text "$SERVER" "$1" 2>"$BATS_FILE_TMPDIR/pprof.err" | sed 's/^/B /'
      timeout -k 5 "$READING_SECONDS" google-pprof --text "$SERVER" "$2" 2>>"$BATS_FILE_TMPDIR/pprof.err" | sed 's/^/A /'; } |
      awk '$3 ~ /%$/ { side = $1; pct = $3; sub(/%/, "", pct)
             name = $7; for (i = 8; i <= NF; i++) name = name " " $i
             if (side == "B") b[name] = pct; else a[name] = pct; seen[name] = 1 }
           END { for (n in seen) printf "%.1f %s\n", a[n] - b[n], n }' | sort -k1,1gr >"$f.tmp.$$"
    mv -f "$f.tmp.$$" "$f"
  fi
  cat "$f"
}

# What google-pprof said when pprof_share_changes read nothing: its last line, or its time limit.
pprof_failure() {
  local last
  last=$(grep -v '^Using local file' "$BATS_FILE_TMPDIR/pprof.err" 2>/dev/null | tail -n 1)
  echo "google-pprof --text read nothing (${last:-no message; or it ran past $READING_SECONDS s on a busy machine})"
}

# The function whose flat share grew most from BEFORE to AFTER (the checker's own reading).
pprof_grew_most() {
  pprof_share_changes "$1" "$2" | awk '$1 > 0 { sub(/^[^ ]* /, ""); print; exit }'
}

# Runs out/regress on folded-stacks files the check writes: FILES BEFORE... -- AFTER...
# (in the test's directory), for at most 20 s; sets status and output as bats' run does.
regress_on() {
  run --separate-stderr "$RUN_LEARNER" -t 20 -r "$BATS_TEST_TMPDIR" -- "$STEP_DIR/out/regress" "$@"
}

# What the last regress_on printed, for a found: line.
regress_said() {
  if [ "$status" = 124 ]; then
    echo "no answer within 20 s (an endless loop in src/grew_most.c?)"
  else
    echo "${output:-nothing}$([ -z "$stderr" ] || echo " ($(head -n 1 <<<"$stderr"))") (exit $status)"
  fi
}

# True if the checker's own run in DIR shows its slow path SLOW plainly in the windows tool's
# diff of the run's two sides (diff_shows_plainly). On a busy machine a side may end with a
# few samples, where noise moves a big function's share more than the slow path's: such a
# run cannot tell a right out/regress from a wrong one. Sets OWN_RUN_BLUR to what it read.
own_run_clear() {
  local dir="$1" slow="$2" report
  report=$("$ROOT/tools/collector/windows" -d "$dir/profiles/cpu" -b "$SERVER" diff --base \
    "$(scenario_record_value "$dir/run.txt" before 2>/dev/null)" "$(scenario_record_value "$dir/run.txt" after 2>/dev/null)" 2>&1)
  OWN_RUN_BLUR=$(awk '/^# (base|after):/ { printf "%s %s samples, ", $2, $(NF - 1) }
    !/^#/ && NF >= 4 && n < 2 { printf "%s %s, ", $4, $1; n++ }' <<<"$report")
  diff_shows_plainly "$slow" <<<"$report"
}

# True if a windows diff report (standard input) shows SLOW plainly: its share grew most, by
# 10 points or more and at least twice as much as the next one's, with 100 samples or more on
# each side (two thirds of the scenario's --min-samples: under load a side ends at its most
# windows a little short, 149 in one run, and the margins above keep such a reading plain).
diff_shows_plainly() {
  awk -v slow="$1" '/^# (base|after):/ { sides++; if ($(NF - 1) + 0 < 100) bad = 1 }
    !/^#/ && NF >= 4 { n++; if (n == 1) { top = $4; first = $1 + 0 } else if (n == 2) second = $1 + 0 }
    END { exit !(sides == 2 && !bad && top == slow && first >= 10 && (second <= 0 || first >= 2 * second)) }'
}

# True if a profile given has fewer samples than the --min-samples of the task's run (out/task.args).
too_few_samples() {
  local floor f n
  floor=$(awk '{ for (i = 1; i < NF; i++) if ($i == "--min-samples") print $(i + 1) }' "$STEP_DIR/out/task.args" 2>/dev/null)
  [[ "$floor" =~ ^[0-9]+$ ]] || return 1
  for f in "$@"; do
    n=$(profile_field "$f" samples 2>/dev/null) || n=0
    [ "${n:-0}" -ge "$floor" ] || return 0
  done
  return 1
}

# True if the server got less than half a core over its saved CPU windows (out/profiles/cpu,
# proven the task's by record_from_task): their mean samples fall below half of the rate
# (the server's log) times the window's length (out/run.txt). A busy machine's doing, never
# the learner's: the task's settings are fixed, and their code does not run in the server.
server_starved() {
  local hz window f
  hz=$(server_log_hz) window=$(run_value window_sec)
  [[ "$hz" =~ ^[0-9]+$ && "$window" =~ ^[0-9]+$ ]] || return 1
  for f in "$CPU"/cpu_*.prof; do [ -e "$f" ] && profile_field "$f" samples; done |
    awk -v full=$((hz * window)) '{ s += $1; n++ } END { exit !(n > 0 && s / n < full / 2) }'
}
