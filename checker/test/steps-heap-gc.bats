#!/usr/bin/env bats
# The checks of steps 02 (heap) and 07 (GC) fail on forged or broken artifacts,
# not only on the untouched starter: each test edits one artifact of a solved
# copy of the step, runs the one check that guards it, and restores the file.
# Also: steps/07-gc/sweep rejects bad input with one line and exit status 2.

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  . "$root/lib/workbook.sh"
  TREE="$BATS_FILE_TMPDIR/tree"
  # The tools and lab programs built here come along with their times (--built): not built again.
  copy_workbook "$TREE" --built
  make -s -C "$TREE/tools" >/dev/null
  local step
  for step in 02-heap 07-gc; do
    overlay_solution "$TREE/steps/$step"
    make --no-print-directory -C "$TREE/steps/$step" run >"$BATS_FILE_TMPDIR/$step.log" 2>&1 ||
      { tail -n 20 "$BATS_FILE_TMPDIR/$step.log" >&2; return 1; }
    solution_answers_from_run "$TREE/steps/$step"
  done
  export TREE
}

setup() {
  load ../checker
  H="$TREE/steps/02-heap" G="$TREE/steps/07-gc"
}

# Runs the checks of STEP_DIR whose name contains TEXT; passes if exactly one ran and it failed.
guard_fails() {
  local dir="$1" text="$2" out
  out=$(cd "$dir" && bats --formatter tap --filter "$(printf '%s' "$text" | sed 's/[][().*+?^$|\\]/\\&/g')" check.bats 2>&1) || true
  grep -q '^1\.\.1$' <<<"$out" || { echo "want exactly one check named like '$text', got: $out" >&2; return 1; }
  grep -q '^not ok 1 ' <<<"$out" || { echo "the check passed on the forged artifact: $out" >&2; return 1; }
}

# Saves FILE as FILE.orig; teardown puts it back after the test.
save() { cp -a "$1" "$1.orig"; }

teardown() {
  local f
  for f in "$H"/out/*.orig "$G"/out/*.orig "$G"/src/*.orig; do
    [ -e "$f" ] && mv -f "$f" "${f%.orig}"
  done
  true
}

# ---------------------------------------------------------------- step 02

@test "02: a heap profile with edited totals is not genuine" {
  save "$H/out/heap-hold.prof"
  sed -i '1s/^heap profile: *\([0-9]*\):/heap profile: 9\1:/' "$H/out/heap-hold.prof"
  guard_fails "$H" "are genuine heap profiles of labs/bin/mem_hot"
}

@test "02: the -hold=false profile passed off as -hold=true fails the bytes x count check" {
  save "$H/out/heap-hold.prof"
  cp "$H/out/heap-free.prof" "$H/out/heap-hold.prof"
  guard_fails "$H" "the memory in use at exit is bytes x count"
}

@test "02: a text view made from the other profile is caught" {
  save "$H/out/hold-inuse_space.txt"
  cp "$H/out/free-inuse_space.txt" "$H/out/hold-inuse_space.txt"
  guard_fails "$H" "the eight text views were made from the two profiles"
}

@test "02: a memcheck log in place of the massif file is caught" {
  save "$H/out/massif.out"
  cp "$H/out/memcheck.txt" "$H/out/massif.out"
  guard_fails "$H" "massif recorded mem_hot"
}

@test "02: a massif report in place of the memcheck log is caught" {
  save "$H/out/memcheck.txt"
  cp "$H/out/massif.txt" "$H/out/memcheck.txt"
  guard_fails "$H" "memcheck's leak report for out/serve"
}

@test "02: a serve that renders different responses is caught" {
  save "$H/src/request.c"
  sed -i 's/params\[(\*n)++\].value = eq ? eq : "";/params[(*n)++].value = "";/' "$H/src/request.c"
  run ! cmp -s "$H/src/request.c" "$H/src/request.c.orig"
  guard_fails "$H" "serve still renders the same responses"
  mv -f "$H/src/request.c.orig" "$H/src/request.c"
  make -s -C "$H" out/serve >/dev/null
}

# ---------------------------------------------------------------- step 07

@test "07: a peak RSS edited in out/sweep.csv disagrees with the checker's own run" {
  save "$G/out/sweep.csv"
  awk -F, -v OFS=, '$1 == "boehm-d8" { $4 = $4 * 2 } { print }' "$G/out/sweep.csv.orig" >"$G/out/sweep.csv"
  guard_fails "$G" "find the same peak RSS, within 20%"
}

@test "07: a collection count edited in out/sweep.csv disagrees with the GC log" {
  save "$G/out/sweep.csv"
  awk -F, -v OFS=, '$1 == "boehm-d4" { $9 = $9 + 50 } { print }' "$G/out/sweep.csv.orig" >"$G/out/sweep.csv"
  guard_fails "$G" "come from its GC_PRINT_STATS log"
}

@test "07: a sweep with a row missing is incomplete" {
  save "$G/out/sweep.csv"
  grep -v '^jemalloc,' "$G/out/sweep.csv.orig" >"$G/out/sweep.csv"
  guard_fails "$G" "one complete row for every setting"
}

@test "07: a sweep whose divisors 1 and 8 are swapped goes the wrong way" {
  save "$G/out/sweep.csv"
  sed -e 's/^boehm-d1,/boehm-dX,/' -e 's/^boehm-d8,/boehm-d1,/' -e 's/^boehm-dX,/boehm-d8,/' "$G/out/sweep.csv.orig" >"$G/out/sweep.csv"
  guard_fails "$G" "a bigger divisor gives a lower peak and more collections"
}

@test "07: a plot older than the sweep, or a broken PNG, is caught" {
  save "$G/out/tradeoff.png"
  touch -d '2001-01-01' "$G/out/tradeoff.png"
  guard_fails "$G" "are the plot of out/sweep.csv"
  printf 'not a png' >"$G/out/tradeoff.png"
  guard_fails "$G" "are the plot of out/sweep.csv"
}

@test "07: a GC summary with a run missing is caught" {
  save "$G/out/gcstats.txt"
  sed -i 1d "$G/out/gcstats.txt"
  guard_fails "$G" "out/gcstats.txt has the summary of every Boehm run"
}

@test "07: a setting over the budget fails" {
  save "$G/src/tuning.env"
  echo "GC_FREE_SPACE_DIVISOR=1" >"$G/src/tuning.env"
  guard_fails "$G" "stays within the budget"
}

@test "07: sweep rejects a bad tuning file, unknown settings and arguments with one line and status 2" {
  local bad="$BATS_TEST_TMPDIR/t.env" args
  for content in "GC_FREE_SPACE_DIVISOR=0" "GC_FREE_SPACE_DIVISOR=two" "GC_MAXIMUM_HEAP_SIZE=16 MB" "LD_PRELOAD=/tmp/x.so" "rm -rf /" \
    "GC_MAXIMUM_HEAP_SIZE=18M\nGC_MAXIMUM_HEAP_SIZE=18M"; do
    printf '%b\n' "$content" >"$bad"
    run --separate-stderr "$G/sweep" --tuned "$bad" --csv "$BATS_TEST_TMPDIR/x.csv"
    [ "$status" -eq 2 ] && [ "$(grep -c . <<<"$stderr")" -eq 1 ] && [[ "$stderr" == sweep:*"line $(grep -c . "$bad")"* ]] ||
      { echo "'$content': status $status, stderr: $stderr" >&2; return 1; }
  done
  for args in "--only nosuch" "--requests 0" "--limit 0" "--bogus" "--tuned /nonexistent.env"; do
    run --separate-stderr "$G/sweep" $args --csv "$BATS_TEST_TMPDIR/x.csv"
    [ "$status" -eq 2 ] && [ "$(grep -c . <<<"$stderr")" -eq 1 ] && [[ "$stderr" == sweep:* ]] ||
      { echo "'$args': status $status, stderr: $stderr" >&2; return 1; }
  done
}

@test "07: sweep reads a tuning file written freely (spaces, comments, blank lines, CRLF, a lower-case unit)" {
  local t="$BATS_TEST_TMPDIR/t.env" csv="$BATS_TEST_TMPDIR/x.csv"
  printf '\r\n# lax, under a limit\r\n  GC_FREE_SPACE_DIVISOR = 1   # few collections\r\n\r\nGC_MAXIMUM_HEAP_SIZE=18m\r\n' >"$t"
  run "$G/sweep" --tuned "$t" --requests 100 --csv "$csv" --logs "$BATS_TEST_TMPDIR"
  [ "$status" -eq 0 ] || { echo "status $status: $output" >&2; return 1; }
  [ "$(awk -F, '$1 == "tuned" { print $3 }' "$csv")" = "GC_FREE_SPACE_DIVISOR=1 GC_MAXIMUM_HEAP_SIZE=18m" ] ||
    { echo "want the two settings in the row, got:" >&2; cat "$csv" >&2; return 1; }
}

@test "07: a run past the sweep's time limit is stopped and named, and the sweep goes on to the next" {
  run "$G/sweep" --only boehm-d8,glibc --requests 10000000 --limit 1 --csv "$BATS_TEST_TMPDIR/x.csv" --logs "$BATS_TEST_TMPDIR"
  [ "$status" -eq 1 ] || { echo "status $status, want 1: $output" >&2; return 1; }
  [[ "$output" == *"boehm-d8"*"FAILED: no result within 1 s"*"glibc"*"FAILED: no result within 1 s"* ]] ||
    { echo "want both runs stopped at 1 s: $output" >&2; return 1; }
}

@test "07: the workload rejects bad flags with one line and status 2" {
  local args
  for args in "-requests 0" "-workers 65" "-live-mb x" "-reuse=maybe" "-nosuch" "stray"; do
    run --separate-stderr "$G/out/requests-gc" $args
    [ "$status" -eq 2 ] && [ "$(grep -c . <<<"$stderr")" -eq 1 ] && [[ "$stderr" == requests:* ]] ||
      { echo "'$args': status $status, stderr: $stderr" >&2; return 1; }
  done
}
