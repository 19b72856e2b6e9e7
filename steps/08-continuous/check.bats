#!/usr/bin/env bats
# Step 08 checks: the collector's windows are genuine, complete and rotated; the
# reports were made from them; the regression you name is the one your release
# made (out/run.txt keeps it as a SHA-256); and your src/grew_most.c finds the
# slow path in a run the checker makes itself, with a path it picks at random.
load ../../checker/checker

setup_file() { step_setup_file; }
setup() {
  step_setup 8
  SERVER="$STEP_DIR/out/server" CPU="$STEP_DIR/out/profiles/cpu" HEAP="$STEP_DIR/out/profiles/heap"
}

# One value of out/run.txt (what the scenario recorded).
run_value() {
  sed -n "s/^$1: //p" "$OUT/run.txt" 2>/dev/null | head -n 1
}

# The SHA-256 of a text, as the scenario computes it.
sha() {
  printf '%s' "$1" | sha256sum | cut -d' ' -f1
}

# The seed in release.seed, as the scenario reads it.
seed() {
  tr -dc '0-9a-f' <"$STEP_DIR/release.seed" 2>/dev/null
}

# The CPU windows with a samples count: "file samples" lines.
windows_with_samples() {
  local f
  for f in "$CPU"/cpu_*.prof; do
    [ -e "$f" ] && echo "$f $("$INSPECT" --field samples "$f" 2>/dev/null || echo 0)"
  done
}

# Fails unless out/run.txt is the scenario's record of this run: it agrees with the server's
# log, the collector's log, the windows and the release its seed deploys.
record_from_task() {
  # shellcheck disable=SC2046 # the paths, one a word
  assert_from_task scenario-record "$OUT/run.txt" "$OUT/server.log" "$OUT/collector.log" "$CPU" "$STEP_DIR/release.seed" $(release_paths)
}

# The server's code paths a release can slow down (GET /admin/release), asked once per file.
release_paths() {
  local f="$BATS_FILE_TMPDIR/paths"
  if [ ! -s "$f" ]; then
    SERVER_BIN="$SERVER" start_server >/dev/null 2>&1 && curl -fsS "$SERVER_URL/admin/release" | sed -n 's/^paths: //p' >"$f"
    stop_server
  fi
  cat "$f" 2>/dev/null
}

# The checker's own reports, made from a copy of the windows (without the folded stacks the
# task cached beside them) the way the scenario makes them, once per file; prints their directory.
own_reports() {
  local dir="$BATS_FILE_TMPDIR/reports" w before after top
  if [ ! -s "$dir/share.png" ]; then
    mkdir -p "$dir/cpu" && cp "$CPU"/cpu_*.prof "$dir/cpu/" || return 1
    w=("$ROOT/tools/collector/windows" -d "$dir/cpu" -b "$SERVER")
    before=$(run_value before) after=$(run_value after)
    "${w[@]}" diff --base "$before" "$after" >"$dir/diff.txt" &&
      "${w[@]}" flame -o "$dir/flame-before.svg" --title "release 1: $before" "$before" 2>/dev/null &&
      "${w[@]}" flame -o "$dir/flame-after.svg" --title "release 2: $after" "$after" 2>/dev/null || return 1
    # the four biggest functions before or after, the ones the scenario plots
    top=$(grep -v '^#' "$dir/diff.txt" | awk '{ m = $2 > $3 ? $2 : $3; $1 = $2 = $3 = ""; sub(/^ +/, ""); print m "\t" $0 }' |
      sort -t$'\t' -k1,1gr | head -n 4 | cut -f2)
    # shellcheck disable=SC2086 # one function a word, as the scenario passes them
    "${w[@]}" share -o "$dir/share.png" --mark "$(run_value release)" $top >/dev/null 2>&1 || return 1
  fi
  echo "$dir"
}

# The function whose flat share grew most from BEFORE to AFTER, read by google-pprof --text (the checker's own reading).
pprof_grew_most() {
  { pprof_flat_rows "$SERVER" "$1" | sed 's/^/B /'; pprof_flat_rows "$SERVER" "$2" | sed 's/^/A /'; } |
    awk '{ side = $1; pct = $2; $1 = ""; $2 = ""; name = substr($0, 3)
           if (side == "B") b[name] = pct; else a[name] = pct; seen[name] = 1 }
         END { for (n in seen) if (a[n] - b[n] > best) { best = a[n] - b[n]; who = n } print who }'
}

@test "out/profiles/cpu holds at least 3 genuine, timestamped CPU windows of out/server under load" {
  record_from_task || return 1
  local f n=0 loaded=0 stamp t release hz
  release=$(date -u -d "$(run_value release | sed -E 's/^(.{8})-(..)(..)(..)$/\1 \2:\3:\4/')" +%s)
  hz=$(run_value hz)
  for f in "$CPU"/cpu_*.prof; do
    [ -e "$f" ] || continue
    stamp=$(basename "$f" .prof); stamp=${stamp#cpu_}
    [[ "$stamp" =~ ^[0-9]{8}-[0-9]{6}$ ]] || { check_fail "names like cpu_YYYYmmdd-HHMMSS.prof" "$(basename "$f")"; return 1; }
    t=$(date -u -d "${stamp:0:8} ${stamp:9:2}:${stamp:11:2}:${stamp:13:2}" +%s)
    ((t > release - 600 && t < release + 600)) || { check_fail "window times around the release ($(run_value release) UTC)" "$stamp"; return 1; }
    assert_genuine_profile cpu "$f" "$SERVER" 0 || return 1
    [ "$(profile_field "$f" frequency_hz)" = "$hz" ] || { check_fail "windows sampled at $hz Hz" "$(profile_field "$f" frequency_hz) Hz in $f"; return 1; }
    n=$((n + 1))
    [ "$(profile_field "$f" samples)" -ge 10 ] && loaded=$((loaded + 1))
  done
  [ "$loaded" -ge 3 ] || check_fail "at least 3 windows with 10 samples or more" "$n windows, $loaded with 10 samples or more"
}

@test "out/profiles/heap holds at least 3 genuine heap profiles of out/server" {
  local f n=0
  for f in "$HEAP"/heap_*.prof; do
    [ -e "$f" ] || continue
    assert_genuine_profile heap "$f" "$SERVER" 0 || return 1
    n=$((n + 1))
  done
  [ "$n" -ge 3 ] || check_fail "at least 3 heap profiles in out/profiles/heap" "$n"
}

@test "every file the collector left in out/profiles/cpu and heap is a complete profile" {
  local kind f
  assert_from_task collector-log "$OUT/collector.log" "$OUT/profiles" || return 1
  for kind in cpu heap; do
    for f in "$STEP_DIR/out/profiles/$kind"/*; do
      [ -e "$f" ] || continue
      "$INSPECT" --kind "$kind" "$f" >/dev/null 2>&1 ||
        { check_fail "only complete $kind profiles in out/profiles/$kind" "$(basename "$f"): $("$INSPECT" "$f" 2>&1 >/dev/null)"; return 1; }
    done
  done
  grep -q 'stopped by SIGTERM' "$OUT/collector.log" || check_fail "the collector stopped cleanly" "$(tail -n 1 "$OUT/collector.log")"
}

@test "the collector kept at most KEEP profiles of each kind, the newest ones" {
  record_from_task || return 1
  assert_from_task collector-log "$OUT/collector.log" "$OUT/profiles" || return 1
  local keep kind saved kept oldest
  keep=$(run_value keep)
  for kind in cpu heap; do
    saved=$(grep -o "saved $kind/${kind}_[0-9-]*\.prof" "$OUT/collector.log" | sed 's|.*/||')
    kept=$(ls "$STEP_DIR/out/profiles/$kind")
    [ "$(wc -l <<<"$kept")" -le "$keep" ] || { check_fail "at most KEEP=$keep files in out/profiles/$kind" "$(wc -l <<<"$kept")"; return 1; }
    [ "$kept" = "$(tail -n "$keep" <<<"$saved")" ] ||
      { check_fail "the newest $keep profiles the collector saved" "$(tr '\n' ' ' <<<"$kept")"; return 1; }
    if [ "$(wc -l <<<"$saved")" -gt "$keep" ]; then
      oldest=$(head -n 1 <<<"$saved")
      grep -q "rotated $kind/: removed .*$oldest" "$OUT/collector.log" || { check_fail "a rotation that removed $oldest" "none logged"; return 1; }
    fi
  done
}

@test "out/before.prof and out/after.prof merge exactly the windows of their ranges" {
  local which range sum merged
  record_from_task || return 1
  for which in before after; do
    assert_genuine_profile cpu "$OUT/$which.prof" "$SERVER" 1 || return 1
    range=$(run_value "$which")
    # shellcheck disable=SC2046 # the window files, one a word
    assert_from_task merged-profile "$OUT/$which.prof" $("$ROOT/tools/collector/windows" -d "$CPU" paths "$range") || return 1
    sum=$("$ROOT/tools/collector/windows" -d "$CPU" paths "$range" | while read -r f; do profile_field "$f" samples; done |
      awk '{ s += $1 } END { print s + 0 }')
    merged=$(profile_field "$OUT/$which.prof" samples)
    [ "$merged" = "$sum" ] || { check_fail "$which.prof with the $sum samples of the windows $range" "$merged samples"; return 1; }
  done
}

@test "out/diff.txt puts on top the function google-pprof's own reading of the merged profiles does" {
  local ours top own
  record_from_task || return 1
  own=$(own_reports) || { check_fail "the checker's own windows diff to run" "it fails"; return 1; }
  assert_from_task derived "$OUT/diff.txt" "$own/diff.txt" || return 1
  ours=$(pprof_grew_most "$OUT/before.prof" "$OUT/after.prof")
  top=$(grep -v '^#' "$OUT/diff.txt" | head -n 1 | sed 's/^ *[-+0-9.]* *[0-9.]* *[0-9.]*  //')
  [ -n "$ours" ] && [ "$top" = "$ours" ] || check_fail "$ours on top of out/diff.txt (google-pprof --text, before vs after)" "${top:-nothing}"
}

@test "your run's windows show the release: the checker's reading names the path the release made slower" {
  record_from_task || return 1
  need_artifact "$OUT/before.prof"
  local ours
  ours=$(pprof_grew_most "$OUT/before.prof" "$OUT/after.prof")
  [ "$(sha "$(seed):$ours")" = "$(run_value truth_sha256)" ] ||
    check_fail "windows that show the slow path clearly" "they do not (too few samples on a busy machine?): run make step-8 again"
}

@test "the share plot and the flame graphs were drawn from the windows" {
  local top which own
  record_from_task || return 1
  own=$(own_reports) || { check_fail "the checker's own plot and flame graphs to be drawn" "they fail"; return 1; }
  assert_from_task derived "$OUT/share.png" "$own/share.png" || return 1
  top=$(pprof_grew_most "$OUT/before.prof" "$OUT/after.prof")
  for which in before after; do
    assert_from_task derived "$OUT/flame-$which.svg" "$own/flame-$which.svg" || return 1
    grep -q "<title>$top (" "$OUT/flame-$which.svg" ||
      { check_fail "an SVG flame graph with a box for $top in out/flame-$which.svg" "none"; return 1; }
  done
}

# bats test_tags=starter-fails
@test "answer regressed_function names the function your release made slower" {
  record_from_task || return 1
  [ -s "$STEP_DIR/release.seed" ] && [ "$(sha "$(seed)")" = "$(run_value seed_sha256)" ] ||
    { check_fail "release.seed as it was for the run in out/" "it changed (or is gone): run make step-8 again"; return 1; }
  local got; got=$(need_answer regressed_function function "the function whose share grew (read from out/diff.txt)") || return 1
  [ "$(sha "$(seed):$got")" = "$(run_value truth_sha256)" ] ||
    check_fail "regressed_function: the function whose share grew (read from out/diff.txt)" "regressed_function: $(answer_text "$STEP_DIR/answers.md" regressed_function)"
}

# bats test_tags=starter-fails
@test "answer frequency_hz is the sampling rate of your windows" {
  local first; first=$(ls "$CPU"/cpu_*.prof 2>/dev/null | head -n 1)
  need_artifact "$first"
  assert_answer_is frequency_hz Hz "$(profile_field "$first" frequency_hz)" "the rate in Hz" "../../tools/collector/windows -d out/profiles/cpu list"
}

# bats test_tags=starter-fails
@test "answer profile_status is what /debug/pprof/profile answered while always-on profiling ran" {
  record_from_task || return 1
  assert_answer_is profile_status status "$(run_value profile_status)" "the HTTP status code" "the chapter, section 2"
}

# bats test_tags=starter-fails
@test "grew_most compares shares, not samples: it is right on window sets of different sizes" {
  make -s -C "$STEP_DIR" out/regress >/dev/null 2>&1 || { check_fail "src/ to compile" "make out/regress fails"; return 1; }
  local d="$BATS_TEST_TMPDIR" i
  printf 'main;serve;a 50\nmain;serve;b 30\nmain;c 20\n' >"$d/b1"
  for i in 1 2 3 4; do printf 'main;serve;a 50\nmain;serve;b 25\nmain;c 25\n' >"$d/a$i"; done
  run "$RUN_LEARNER" -r "$d" -- "$STEP_DIR/out/regress" "$d/b1" -- "$d/a1" "$d/a2" "$d/a3" "$d/a4"
  [ "$status" -eq 0 ] && [ "$output" = c ] ||
    { check_fail "c (its share grew from 20% to 25%; a has the most samples but kept 50%)" "${output:-nothing} (exit $status)"; return 1; }
  printf 'main;a 60\nmain;b 40\n' >"$d/b2"
  printf 'main;a 100\nmain;b 60\nmain;d 40\n' >"$d/a5"
  run "$RUN_LEARNER" -r "$d" -- "$STEP_DIR/out/regress" "$d/b2" "$d/b2" -- "$d/a5"
  [ "$status" -eq 0 ] && [ "$output" = d ] ||
    { check_fail "d (new after: 0% to 20%)" "${output:-nothing} (exit $status)"; return 1; }
  run --separate-stderr "$RUN_LEARNER" -r "$d" -- "$STEP_DIR/out/regress" "$d/b2" -- "$d/b2" "$d/b2"
  [ "$status" -eq 1 ] && [ -z "$output" ] ||
    check_fail "no name and exit 1 when no share grew" "'$output' (exit $status)"
}

# bats test_tags=starter-fails
@test "in the checker's own run, with a slow path it picks at random, out/regress names that path" {
  make -s -C "$STEP_DIR" out/server out/regress >/dev/null 2>&1 || { check_fail "the step to build" "make fails"; return 1; }
  local paths slow run="$BATS_TEST_TMPDIR/run"
  paths=(parse_order price_items check_stock render_receipt sign_receipt)
  slow=${paths[$((RANDOM % ${#paths[@]}))]}
  "$STEP_DIR/scenario" --quick --out "$run" --window 2 --before 2 --after 2 --hz 97 --slow "$slow" >"$BATS_TEST_TMPDIR/log" 2>&1 ||
    { check_fail "the checker's run of the scenario to finish" "$(tail -n 3 "$BATS_TEST_TMPDIR/log")"; return 1; }
  [ "$(cat "$run/regress.txt")" = "$slow" ] ||
    check_fail "out/regress to name the slow path of the checker's run (a random one of ${#paths[@]})" \
      "$(cat "$run/regress.txt" 2>/dev/null)$(head -n 1 "$run/regress.err" 2>/dev/null)"
}
