# lib/own-runs.sh — where a step's checks keep the checker's own runs (step
# 07's sweeps, step 08's scenario and readings) from one make check to the next
# and across the self-test's starter, solution and corpus entries:
#
#   . "$ROOT/lib/own-runs.sh"
#   dir=$(own_run_path NAME FILE|WORD...)   # build/own-runs/STEP/NAME-KEY
#
# KEY is readings_key (lib/readings.sh) of the files' content and the words, so
# other programs or settings give another place and a copy of the same bytes the
# same one. build/own-runs/ is the checker's: the task, run as the learner in
# the grader, cannot write there; where it cannot be written, bats' per-file
# directory stands in. Needs ROOT and STEP_DIR (step_setup sets them).
# shellcheck shell=bash
[ "$(type -t readings_key)" = function ] || . "$ROOT/lib/readings.sh"

# The directory of the calling step's own runs (made on first use).
own_runs_dir() {
  local base="$ROOT/build/own-runs/${STEP_DIR##*/}"
  mkdir -p "$base" 2>/dev/null && [ -w "$base" ] || base="$BATS_FILE_TMPDIR/own-runs"
  mkdir -p "$base" && echo "$base"
}

# The place of one of the checker's own results, named NAME and keyed by the
# content of the files and the words that decide it: own_run_path NAME FILE|WORD...
own_run_path() {
  local name="$1" base
  shift
  base=$(own_runs_dir) || return 1
  printf '%s/%s-%s\n' "$base" "$name" "$(readings_key "$@")"
}
