#!/usr/bin/env bats
# Step 07 checks: the sweep is genuine (its GC columns come from the collector's
# own logs, and the checker's re-runs find the same peaks), the trade-off goes
# the way the chapter says, your setting meets the budget without collecting
# more than needed, and your answers agree with your sweep.
load ../../checker/checker
load checks
. "$ROOT/lib/own-runs.sh"  # own_run_path: where the checker's own sweeps are kept

# The Makefile's budget and workload, read once for every check (one make, not three a check).
setup_file() {
  local values
  step_setup_file && values=$(make -s -C "$BATS_TEST_DIRNAME" print-BUDGET_MB print-REQUESTS print-LIVE_MB) || return 1
  { read -r BUDGET_MB; read -r REQUESTS; read -r LIVE_MB; } <<<"$values"
  export BUDGET_MB REQUESTS LIVE_MB
}
setup() {
  step_setup 7
  CSV=out/sweep.csv
  SWEEP_ARGS=(--requests "$REQUESTS" --live-mb "$LIVE_MB")
  # The longest one run of the workload may take (about 1 s on an idle machine).
  RUN_LIMIT=120
  # How many per cent more collections than the best divisor your setting may need.
  MARGIN_PERCENT=20
  # The settings the checker runs itself for its checks and your answers (the divisors,
  # -reuse, the three allocators, jemalloc's decay 0).
  OWN_POINTS=boehm-d1,boehm-d2,boehm-d4,boehm-d8,boehm-reuse,glibc,tcmalloc,jemalloc,jemalloc-decay0
}

# The CSV row's value, or a failure naming the row and column.
value() {
  local v; v=$(csv_value "${3:-$CSV}" "$1" "$2")
  [ -n "$v" ] && echo "$v" && return 0
  check_fail "a $2 for $1 in ${3:-$CSV}" "none: run make step-7 again"
}

# The directory of the checker's own runs of the sweep with ARGS (own_run_path), keyed by
# what decides their rows: both programs, ./sweep, gcstats.awk, the arguments, and the
# content of a --tuned file (not its name).
own_sweep_dir() {
  local words=()
  while [ $# -gt 0 ]; do
    if [ "$1" = --tuned ]; then words+=("tuned=$(cat "$2")"); shift 2; else words+=("$1"); shift; fi
  done
  own_run_path sweep out/requests-gc out/requests-malloc sweep gcstats.awk "${SWEEP_ARGS[@]}" "$RUN_LIMIT" "${words[@]}"
}

# Runs the sweep for some settings (the checker's own runs, each through lib/run-learner and
# stopped after RUN_LIMIT seconds), once for the same programs and settings (own_sweep_dir);
# prints the directory of its own.csv, own.txt and the Boehm logs. A failed sweep is not kept.
own_sweep() {
  local dir tmp
  dir=$(own_sweep_dir "$@") && tmp="$dir.tmp.$$" || return 1
  [ -s "$dir/own.csv" ] && echo "$dir" && return 0
  mkdir -p "$tmp" || return 1
  if ! ./sweep "${SWEEP_ARGS[@]}" --limit "$RUN_LIMIT" --csv "$tmp/own.csv" --logs "$tmp" "$@" >"$tmp/own.txt" 2>&1; then
    check_fail "./sweep $* to run to the end" "$(tail -n 3 "$tmp/own.txt" | tr -s ' \n' ' ')"
    rm -rf "$tmp"
    return 1
  fi
  rm -rf "$dir" && mv "$tmp" "$dir" && echo "$dir"
}

# The checker's own runs of OWN_POINTS; prints their CSV's path.
own_runs() {
  local dir
  dir=$(own_sweep --only "$OWN_POINTS") || return 1
  echo "$dir/own.csv"
}

# KiB as MiB with one decimal.
mib() {
  awk -v k="$1" 'BEGIN { printf "%.1f\n", k / 1024 }'
}

# The checker's own "PEAK_KB COLLECTIONS" at GC_FREE_SPACE_DIVISOR=D: its run of the
# sweep's point boehm-dD when OWN_POINTS has one, else a run of its own.
divisor_reading() {
  local d="$1" csv row="boehm-d$1" env="$BATS_FILE_TMPDIR/divisor-$1.env" peak coll
  if [[ ",$OWN_POINTS," == *",$row,"* ]]; then
    csv=$(own_runs) || return 1
  else
    echo "GC_FREE_SPACE_DIVISOR=$d" >"$env" && csv="$(own_sweep --tuned "$env")/own.csv" row=tuned || return 1
  fi
  peak=$(value "$row" peak_rss_kb "$csv") || return 1
  coll=$(value "$row" collections "$csv") || return 1
  echo "$peak $coll"
}

# The collections of the smallest divisor whose peak fits BUDGET_KB in the checker's own
# runs, tried from 1 up: a bigger divisor collects more, so it is the best divisor.
fewest_collections_within() {
  local budget_kb="$1" d reading
  for d in 1 2 3 4 5 6 7 8; do
    reading=$(divisor_reading "$d") || return 1
    [ "${reading% *}" -gt "$budget_kb" ] || { echo "${reading#* }"; return 0; }
  done
  check_fail "a divisor from 1 to 8 that fits the budget in the checker's runs" "none: every peak was above $BUDGET_MB MiB"
}

# Fails unless out/sweep.csv is the task's sweep: its Boehm rows' GC columns from their genuine
# logs, and the rows the checker ran itself close to its own runs.
sweep_from_task() {
  local own
  own=$(own_runs) || return 1
  assert_from_task sweep "$CSV" "$own" out gcstats.awk
}

# Draws the plot of out/sweep.csv as the task's plot target does, into the checker's directory
# (once per file); prints the directory.
own_plot() {
  local dir="$BATS_FILE_TMPDIR/plot"
  [ -s "$dir/tradeoff.svg" ] || { mkdir -p "$dir" && timeout 60 gnuplot -e "csv='$CSV'; png='$dir/tradeoff.png'; svg='$dir/tradeoff.svg'" plot.gp 2>/dev/null; }
  echo "$dir"
}

# The summary of every Boehm log as the task's gcstats target writes it (words, not padding).
own_gcstats() {
  local f
  for f in out/gc-boehm-*.log; do echo "${f#out/} $(awk -f gcstats.awk "$f")"; done >"$BATS_FILE_TMPDIR/gcstats.txt"
  echo "$BATS_FILE_TMPDIR/gcstats.txt"
}

@test "out/sweep.csv has one complete row for every setting of the sweep" {
  sweep_from_task
  local want got
  want=$(./sweep --list | tr '\n' ' ') got=$(awk -F, 'NR > 1 { printf "%s ", $1 }' "$CSV")
  [ "$got" = "$want" ] || check_fail "rows: $want" "rows: $got" || return 1
  head -n 1 "$CSV" | grep -q '^point,allocator,setting,peak_rss_kb,.*,collections,' ||
    check_fail "the header line ./sweep writes" "$(head -n 1 "$CSV")" || return 1
  awk -F, 'NR > 1 && !($4 > 0 && $7 > 0 && $9 ~ /^[0-9]+$/) { print; bad = 1 } END { exit bad }' "$CSV" >&2 ||
    check_fail "a peak RSS, a p99 and a collection count on every row" "the rows above"
}

@test "every Boehm row's collections and pauses come from its GC_PRINT_STATS log" {
  need_artifact "$CSV" || return 1
  local name stats
  for name in $(awk -F, 'NR > 1 && $2 == "boehm" { print $1 }' "$CSV"); do
    assert_from_task boehm-log "out/gc-$name.log" || return 1
    stats=$(awk -f gcstats.awk "out/gc-$name.log") || check_fail "a GC_PRINT_STATS log in out/gc-$name.log" "none" || return 1
    [[ "$stats" == "collections=$(value "$name" collections) pause_total_ms=$(value "$name" pause_total_ms) "* ]] ||
      check_fail "$name: the collections and pause total of out/gc-$name.log in $CSV" "log: $stats" || return 1
  done
}

@test "the checker's own runs at divisor 1 and 8 find the same peak RSS, within 20%" {
  need_artifact "$CSV" || return 1
  local own name mine theirs
  own=$(own_runs) || return 1
  for name in boehm-d1 boehm-d8; do
    mine=$(value "$name" peak_rss_kb "$own") theirs=$(value "$name" peak_rss_kb)
    awk -v a="$mine" -v b="$theirs" 'BEGIN { exit !(b >= 0.8 * a && b <= 1.2 * a) }' ||
      check_fail "$name: peak_rss_kb within 20% of the checker's run ($mine)" "$theirs in $CSV" || return 1
  done
}

@test "a bigger divisor gives a lower peak and more collections (the sweep and the checker's runs)" {
  need_artifact "$CSV" || return 1
  local own file
  own=$(own_runs) || return 1
  for file in "$CSV" "$own"; do
    [ "$(value boehm-d1 peak_rss_kb "$file")" -gt "$(value boehm-d8 peak_rss_kb "$file")" ] ||
      check_fail "peak RSS at divisor 1 above divisor 8 in $file" "$(value boehm-d1 peak_rss_kb "$file") vs $(value boehm-d8 peak_rss_kb "$file") KiB" || return 1
    [ "$(value boehm-d1 collections "$file")" -lt "$(value boehm-d8 collections "$file")" ] ||
      check_fail "fewer collections at divisor 1 than at 8 in $file" "$(value boehm-d1 collections "$file") vs $(value boehm-d8 collections "$file")" || return 1
  done
}

@test "out/tradeoff.png and out/tradeoff.svg are the plot of out/sweep.csv" {
  local own
  need_artifact "$CSV" || return 1
  own=$(own_plot)
  assert_from_task derived out/tradeoff.png "$own/tradeoff.png"
  assert_from_task derived out/tradeoff.svg "$own/tradeoff.svg"
  grep -q 'GC_FREE_SPACE_DIVISOR' out/tradeoff.svg ||
    check_fail "a gnuplot SVG with the divisor axis in out/tradeoff.svg" "$(head -c 100 out/tradeoff.svg)"
  [ ! "$CSV" -nt out/tradeoff.png ] || check_fail "the plot made after the sweep" "out/sweep.csv is newer: run make step-7"
}

@test "out/gcstats.txt has the summary of every Boehm run" {
  assert_from_task derived out/gcstats.txt "$(own_gcstats)" words
}

# bats test_tags=starter-fails
@test "your src/tuning.env stays within the budget with no more collections than needed" {
  local budget_kb=$((BUDGET_MB * 1024)) own peak coll best
  own=$(own_sweep --tuned src/tuning.env) || return 1
  peak=$(value tuned peak_rss_kb "$own/own.csv") || return 1
  coll=$(value tuned collections "$own/own.csv") || return 1
  [ "$peak" -le "$budget_kb" ] ||
    check_fail "a peak RSS of at most $BUDGET_MB MiB with src/tuning.env, in the checker's run" "$(mib "$peak") MiB in the checker's run" || return 1
  best=$(fewest_collections_within "$budget_kb") || return 1
  [ "$coll" -le $((best * (100 + MARGIN_PERCENT) / 100)) ] ||
    check_fail "no more collections than the checker's own run of the smallest divisor within the budget (+$MARGIN_PERCENT%)" \
      "$coll collections with src/tuning.env (peak $(mib "$peak") MiB)"
}

# bats test_tags=starter-fails
@test "answer rss_d1_mb is within 5% of the sweep's peak at divisor 1" {
  sweep_from_task || return 1
  assert_answer_near_percent rss_d1_mb MiB "$(mib "$(value boehm-d1 peak_rss_kb)")" 5 "peak RSS at divisor 1 in MiB" "$CSV"
}

# bats test_tags=starter-fails
@test "answer rss_d8_mb is within 5% of the sweep's peak at divisor 8" {
  sweep_from_task || return 1
  assert_answer_near_percent rss_d8_mb MiB "$(mib "$(value boehm-d8 peak_rss_kb)")" 5 "peak RSS at divisor 8 in MiB" "$CSV"
}

# bats test_tags=starter-fails
@test "answer collections_d1 is within 5% of the sweep's count at divisor 1" {
  sweep_from_task || return 1
  assert_answer_near_percent collections_d1 count:collections "$(value boehm-d1 collections)" 5 "collections at divisor 1" "$CSV"
}

# bats test_tags=starter-fails
@test "answer collections_d8 is within 5% of the sweep's count at divisor 8" {
  sweep_from_task || return 1
  assert_answer_near_percent collections_d8 count:collections "$(value boehm-d8 collections)" 5 "collections at divisor 8" "$CSV"
}

# bats test_tags=starter-fails
@test "answer lowest_rss_malloc names the allocator with the lowest peak at its defaults" {
  sweep_from_task || return 1
  assert_answer_is lowest_rss_malloc name "$(lowest_default_malloc "$CSV")" \
    "glibc, tcmalloc or jemalloc" "the rows glibc, tcmalloc, jemalloc of $CSV"
}

# bats test_tags=starter-fails
@test "answer decay0_after_mb is within 10% of jemalloc's RSS after the burst with decay 0" {
  sweep_from_task || return 1
  assert_answer_near_percent decay0_after_mb MiB "$(awk -v k="$(value jemalloc-decay0 rss_after_kb)" 'BEGIN { printf "%.1f", k / 1024 }')" 10 \
    "rss_after_kb of jemalloc-decay0 in MiB" "$CSV"
}

# bats test_tags=starter-fails
@test "answer max16m_rss_mb is within 5% of the capped heap's peak" {
  sweep_from_task || return 1
  assert_answer_near_percent max16m_rss_mb MiB "$(mib "$(value boehm-d1-max16m peak_rss_kb)")" 5 "peak RSS of boehm-d1-max16m in MiB" "$CSV"
}

# bats test_tags=starter-fails
@test "answer max16m_limit_hits is within 3 of the capped heap's limit hits" {
  sweep_from_task || return 1
  assert_answer_near max16m_limit_hits count "$(value boehm-d1-max16m limit_hits)" 3 "limit_hits of boehm-d1-max16m" "$CSV"
}

# bats test_tags=starter-fails
@test "answer reuse_collections is within 1 of the collections with -reuse" {
  sweep_from_task || return 1
  # (a count of about a dozen, the same from run to run: three runs of one setting gave 12, 12, 12)
  assert_answer_near reuse_collections count:collections "$(value boehm-reuse collections)" 1 "collections of boehm-reuse" "$CSV"
}
