#!/usr/bin/env bats
# Step 08 checks: the collector's windows are genuine, complete and rotated; the
# reports were made from them; the regression you name is the one the checker's
# own reading of your windows shows (nothing in out/ or your files says it); and
# your src/grew_most.c finds the slow path in a run the checker makes itself,
# with a path it picks at random.
load ../../checker/checker
load checks  # steps/08-continuous/checks.bash: the run record's proof, the checker's own readings

setup_file() { step_setup_file; }
setup() {
  step_setup 8
  SERVER="$STEP_DIR/out/server" CPU="$STEP_DIR/out/profiles/cpu" HEAP="$STEP_DIR/out/profiles/heap"
}

# The SHA-256 of a text, as the scenario computes it.
sha() {
  printf '%s' "$1" | sha256sum | cut -d' ' -f1
}

# The seed the scenario deploys from release.seed and the learner's variant (the
# checker's own make print-VARIANT, never the task's out/).
seed() {
  "$STEP_DIR/scenario" --print-seed --variant "$(make -s --no-print-directory -C "$STEP_DIR" print-VARIANT)" 2>/dev/null
}

# The longest the checker's own run of the scenario may take (it stops after a minute's
# windows a side on a busy machine, then folds them), in seconds.
OWN_RUN_SECONDS=300

# The checker's own run of the scenario: windows of 1 s at 197 Hz, one a side at least, with a
# slow path it picks at random from the server's list, which goes in on standard input (no
# command line shows it to the programs the run starts). Made once for the same out/server,
# scenario and collector (own_run_path), so each make check and corpus entry does not run a
# server under load again; prints its directory: the run's out/ with paths (the server's list)
# and slow (the pick) beside it. A run a busy machine blurred (own_run_clear) is run once
# more and never kept: then it returns 2 (the caller skips). Fails with the check's message
# when the run fails.
own_run() {
  local run tmp paths slow try
  run=$(own_run_path scenario "$SERVER" "$STEP_DIR/scenario" "$ROOT/tools/collector/collect" "$ROOT/tools/collector/windows" \
    "$ROOT/tools/bin/profile-merge" "$INSPECT" "$OWN_RUN_SECONDS") || return 1
  [ -s "$run/slow" ] && echo "$run" && return 0
  read -r -a paths <<<"$(release_paths)"
  [ "${#paths[@]}" -gt 1 ] || { check_fail "out/server to list its code paths (GET /admin/release)" "${paths[*]:-none}"; return 1; }
  tmp="$run.tmp.$$"
  for try in 1 2; do
    slow=${paths[$((RANDOM % ${#paths[@]}))]}
    rm -rf "$tmp"
    own_scenario "$slow" "$tmp" || { rm -rf "$tmp"; return 1; }
    own_run_clear "$tmp" "$slow" && break
    echo "own run $try: $OWN_RUN_BLUR" >>"$BATS_FILE_TMPDIR/own-run.blurred"
    [ "$try" = 2 ] && rm -rf "$tmp" && return 2
  done
  echo "${paths[*]}" >"$tmp/paths" && echo "$slow" >"$tmp/slow" && rm -rf "$run" && mv "$tmp" "$run" && echo "$run"
}

# One run of the scenario into DIR with SLOW as release 2's slow path (own_run's settings),
# within OWN_RUN_SECONDS; fails with the check's message when it fails or is stopped.
own_scenario() {
  local slow="$1" dir="$2" rc
  printf '%s\n' "$slow" | timeout -k 10 "$OWN_RUN_SECONDS" "$STEP_DIR/scenario" --quick --out "$dir" \
    --window 1 --before 1 --after 1 --hz 197 --slow - >"$BATS_FILE_TMPDIR/own-run.log" 2>&1
  rc=$?
  [ "$rc" != 124 ] && [ "$rc" != 137 ] ||
    { check_fail "the checker's run of the scenario to finish within $OWN_RUN_SECONDS s" "it was stopped; its last lines: $(tail -n 3 "$BATS_FILE_TMPDIR/own-run.log" | tr '\n' ' ')"; return 1; }
  [ "$rc" = 0 ] || { check_fail "the checker's run of the scenario to finish" "exit $rc: $(tail -n 3 "$BATS_FILE_TMPDIR/own-run.log" | tr '\n' ' ')"; return 1; }
}

@test "out/profiles/cpu holds at least 3 genuine, timestamped CPU windows of out/server under load" {
  record_from_task || return 1
  local f n=0 loaded=0 stamp t release hz
  release=$(stamp_epoch "$(run_value release)")
  hz=$(server_log_hz)
  for f in "$CPU"/cpu_*.prof; do
    [ -e "$f" ] || continue
    stamp=$(basename "$f" .prof); stamp=${stamp#cpu_}
    [[ "$stamp" =~ ^[0-9]{8}-[0-9]{6}$ ]] || { check_fail "names like cpu_YYYYmmdd-HHMMSS.prof" "$(basename "$f")"; return 1; }
    t=$(stamp_epoch "$stamp")
    ((t > release - 600 && t < release + 600)) || { check_fail "window times around the release ($(run_value release) UTC)" "$stamp"; return 1; }
    assert_genuine_profile cpu "$f" "$SERVER" 0 || return 1
    [ "$(profile_field "$f" frequency_hz)" = "$hz" ] || { check_fail "windows sampled at $hz Hz" "$(profile_field "$f" frequency_hz) Hz in $f"; return 1; }
    n=$((n + 1))
    [ "$(profile_field "$f" samples)" -ge 1 ] && loaded=$((loaded + 1))
  done
  # (a busy machine gives the server a tenth of a core: a window under load may then hold only a few samples)
  [ "$loaded" -ge 3 ] || check_fail "at least 3 windows with samples (taken under load)" "$n windows, $loaded with samples"
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
  own=$(own_reports) || { check_fail "the checker's own windows diff to run" "$(own_reports_failure)"; return 1; }
  assert_from_task derived "$OUT/diff.txt" "$own/diff.txt" || return 1
  ours=$(pprof_grew_most "$OUT/before.prof" "$OUT/after.prof")
  top=$(grep -v '^#' "$OUT/diff.txt" | head -n 1 | sed 's/^ *[-+0-9.]* *[0-9.]* *[0-9.]*  //')
  [ -n "$ours" ] && [ "$top" = "$ours" ] ||
    check_fail "on top of out/diff.txt, the function whose flat share grew most in google-pprof --text of out/before.prof and out/after.prof" "${top:-nothing} on top, another function in google-pprof's reading"
}

@test "your run's windows show the release clearly: one function's share grew far more than any other's" {
  record_from_task || return 1
  need_artifact "$OUT/before.prof" || return 1
  need_artifact "$OUT/after.prof" || return 1
  local first second name
  read -r first name < <(pprof_share_changes "$OUT/before.prof" "$OUT/after.prof")
  second=$(pprof_share_changes "$OUT/before.prof" "$OUT/after.prof" | sed -n '2s/ .*//p')
  [ -n "$first" ] || { check_fail "google-pprof to read out/before.prof and out/after.prof" "$(pprof_failure)"; return 1; }
  awk -v a="$first" -v b="${second:-0}" 'BEGIN { exit !(a >= 10 && (b <= 0 || a >= 2 * b)) }' && return 0
  # Too few samples, or a server starved of CPU, blurs the reading: the machine's doing (the task's settings are fixed), not the learner's.
  too_few_samples "$OUT/before.prof" "$OUT/after.prof" &&
    skip "out/before.prof or out/after.prof has fewer samples than the task's --min-samples (a busy machine gave the server too little CPU): run make step-8 again when it is quieter"
  server_starved &&
    skip "the server got less than half a core over its windows (a busy machine), which blurs the shares: run make step-8 again when it is quieter"
  check_fail "one function's share up by 10 points or more, and by at least twice as much as any other's" \
    "${first:-0} points for the first, ${second:-0} for the next: run make step-8 again"
}

@test "the share plot and the flame graphs were drawn from the windows" {
  local top which own
  record_from_task || return 1
  own=$(own_reports) || { check_fail "the checker's own plot and flame graphs to be drawn" "$(own_reports_failure)"; return 1; }
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
  local ours got
  ours=$(pprof_grew_most "$OUT/before.prof" "$OUT/after.prof")
  if [ -z "$ours" ]; then
    [ -n "$(pprof_share_changes "$OUT/before.prof" "$OUT/after.prof")" ] ||
      { check_fail "google-pprof to read out/before.prof and out/after.prof" "$(pprof_failure)"; return 1; }
    check_fail "a function whose share grew in out/before.prof and out/after.prof" "none: run make step-8 again"
    return 1
  fi
  got=$(need_answer regressed_function function "the function whose share grew (read from out/diff.txt)") || return 1
  [ "$got" = "$ours" ] ||
    check_fail "regressed_function: the function whose self share grew most (the top row of out/diff.txt)" "regressed_function: $(answer_text "$STEP_DIR/answers.md" regressed_function)"
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
  assert_answer_is profile_status status "$(always_on_profile_status)" "the HTTP status code" "out/collector.log, or the chapter's section 2"
}

# bats test_tags=starter-fails
@test "grew_most compares shares, not samples: it is right on window sets of different sizes" {
  local d="$BATS_TEST_TMPDIR" i
  printf 'main;serve;a 50\nmain;serve;b 30\nmain;c 20\n' >"$d/b1"
  for i in 1 2 3 4; do printf 'main;serve;a 50\nmain;serve;b 25\nmain;c 25\n' >"$d/a$i"; done
  regress_on "$d/b1" -- "$d/a1" "$d/a2" "$d/a3" "$d/a4"
  [ "$status" -eq 0 ] && [ "$output" = c ] ||
    { check_fail "c (its share grew from 20% to 25%; a has the most samples but kept 50%)" "$(regress_said)"; return 1; }
  printf 'main;a 60\nmain;b 40\n' >"$d/b2"
  printf 'main;a 100\nmain;b 60\nmain;d 40\n' >"$d/a5"
  regress_on "$d/b2" "$d/b2" -- "$d/a5"
  [ "$status" -eq 0 ] && [ "$output" = d ] ||
    { check_fail "d (new after: 0% to 20%)" "$(regress_said)"; return 1; }
  printf 'main;a 790\nmain;b 200\nmain;c 10\n' >"$d/b3"
  printf 'main;a 680\nmain;b 300\nmain;c 20\n' >"$d/a6"
  regress_on "$d/b3" -- "$d/a6"
  [ "$status" -eq 0 ] && [ "$output" = b ] ||
    { check_fail "b (its share grew by 10 points, from 20% to 30%; c only doubled, from 1% to 2%)" "$(regress_said)"; return 1; }
  regress_on "$d/b2" -- "$d/b2" "$d/b2"
  [ "$status" -eq 1 ] && [ -z "$output" ] ||
    check_fail "no name and exit 1 when no share grew" "'$output' (exit $status)"
}

# bats test_tags=starter-fails
@test "in the checker's own run, with a slow path it picks at random, out/regress names that path" {
  local d="$BATS_TEST_TMPDIR" run w f before=() after=()
  # a program that cannot name the plain case fails now, not after the run
  printf 'main;a 50\nmain;b 50\n' >"$d/b"
  printf 'main;a 20\nmain;b 80\n' >"$d/a"
  regress_on "$d/b" -- "$d/a"
  [ "$status" -eq 0 ] && [ "$output" = b ] ||
    { check_fail "out/regress to name b first, on a plain case (b: 50% to 80%)" "$(regress_said)"; return 1; }
  run=$(own_run)
  case $? in
    0) ;;
    2) skip "the checker's own run was blurred by a busy machine twice ($(tail -n 1 "$BATS_FILE_TMPDIR/own-run.blurred")): run make check STEP=8 again when it is quieter" ;;
    *) return 1 ;;
  esac
  # your out/regress, on copies of the folded windows of that run
  w=("$ROOT/tools/collector/windows" -d "$run/profiles/cpu" -b "$SERVER")
  for f in $("${w[@]}" paths --folded "$(scenario_record_value "$run/run.txt" before)"); do cp "$f" "$d/before-${f##*/}" && before+=("$d/before-${f##*/}"); done
  for f in $("${w[@]}" paths --folded "$(scenario_record_value "$run/run.txt" after)"); do cp "$f" "$d/after-${f##*/}" && after+=("$d/after-${f##*/}"); done
  regress_on "${before[@]}" -- "${after[@]}"
  [ "$status" -eq 0 ] && [ "$output" = "$(cat "$run/slow")" ] ||
    check_fail "out/regress to name the slow path of the checker's run (a random one of $(wc -w <"$run/paths"))" "$(regress_said)"
}
