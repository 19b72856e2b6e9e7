#!/usr/bin/env bats
# The window-analysis tool (tools/collector/windows) and profile-merge, on real
# always-on windows the collector saved from the profiling server under load.

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  make -s -C "$root/tools" >/dev/null && make -s -C "$root/labs" bin/server >/dev/null && make -s -C "$root/tools/collector" >/dev/null
  load ../checker
  local d="$BATS_FILE_TMPDIR"
  # Four windows of 1 s under load, and one window of a second server process.
  start_server CPUPROFILE_FREQUENCY=97 ALWAYS_ON_WINDOW_SEC=1
  wrk -t1 -c2 -d8s "$SERVER_URL/app/order?items=16" >/dev/null &
  local load=$!
  TARGET_BASE_URL="$SERVER_URL" OUT_DIR="$d/run1" INTERVAL_SEC=1 CPU_WINDOW_SEC=1 COUNT=4 "$ROOT/tools/collector/collect" >"$d/c1.log" || true
  kill "$load" 2>/dev/null || true
  wait "$load" 2>/dev/null || true
  stop_server
  start_server CPUPROFILE_FREQUENCY=97 ALWAYS_ON_WINDOW_SEC=1
  TARGET_BASE_URL="$SERVER_URL" OUT_DIR="$d/run2" INTERVAL_SEC=1 CPU_WINDOW_SEC=1 COUNT=1 "$ROOT/tools/collector/collect" >"$d/c2.log" || true
  stop_server
}

setup() {
  load ../checker
  W="$ROOT/tools/collector/windows" D="$BATS_FILE_TMPDIR/run1/cpu" BIN="$ROOT/labs/bin/server"
  mapfile -t STAMPS < <(ls "$D" | sed -n 's/^cpu_\(.*\)\.prof$/\1/p')
}

# The sum of the samples of the given profiles (the inspector's count).
samples_of() {
  local f s=0
  for f in "$@"; do s=$((s + $("$INSPECT" --field samples "$f"))); done
  echo "$s"
}

@test "list shows every window with its samples and rate; ranges select by start, a lone stamp one window" {
  [ "${#STAMPS[@]}" -eq 4 ]
  run -0 "$W" -d "$D" list
  [ "${#lines[@]}" -eq 5 ]
  [[ "${lines[1]}" =~ ^${STAMPS[0]}\ +[0-9]+\ +97\ +cpu_${STAMPS[0]}\.prof$ ]]
  run -0 "$W" -d "$D" paths "${STAMPS[1]}..${STAMPS[3]}"
  [ "${#lines[@]}" -eq 2 ]
  [[ "${lines[0]}" == */cpu_${STAMPS[1]}.prof ]]
  [[ "${lines[1]}" == */cpu_${STAMPS[2]}.prof ]]
  run -0 "$W" -d "$D" paths "${STAMPS[2]}"
  [ "${#lines[@]}" -eq 1 ]
  [[ "$output" == */cpu_${STAMPS[2]}.prof ]]
  run -0 "$W" -d "$D" paths "${STAMPS[3]}.."
  [ "${#lines[@]}" -eq 1 ]
}

@test "a bad range, command or option is one line and exit 2; an empty range exit 1" {
  run -2 "$W" -d "$D" list 2025
  assert_output "windows: bad range '2025': want FROM..TO with stamps like 20250924-124900 (either end may be empty)"
  run -2 "$W" -d "$D" frobnicate
  [ "${#lines[@]}" -eq 1 ]
  run -2 "$W" -d "$D" folded ..
  assert_output "windows: this command needs -b BINARY (the program the windows were taken from)"
  run -2 "$W" -d "$D" -b "$BIN" share -o plot.gif parse_order
  [ "${#lines[@]}" -eq 1 ]
  run -2 "$W" -d /nonexistent list
  run -1 "$W" -d "$D" list 20000101-000000..20000101-000001
  assert_output "windows: no windows in $D for the range 20000101-000000..20000101-000001"
}

@test "merge writes one gperftools profile with every window's samples, which google-pprof reads" {
  local out="$BATS_TEST_TMPDIR/all.prof"
  run -0 "$W" -d "$D" -b "$BIN" merge .. -o "$out"
  "$INSPECT" --kind cpu --binary "$BIN" "$out"
  [ "$("$INSPECT" --field samples "$out")" -eq "$(samples_of "$D"/cpu_*.prof)" ]
  run -0 google-pprof --text "$BIN" "$out"
  assert_line --regexp "^Total: $(samples_of "$D"/cpu_*.prof) samples$"
}

@test "windows of two server processes are not merged into one profile, but their folded stacks are" {
  cp "$BATS_FILE_TMPDIR"/run2/cpu/cpu_*.prof "$BATS_TEST_TMPDIR/"
  cp "$D/cpu_${STAMPS[0]}.prof" "$BATS_TEST_TMPDIR/"
  run -1 "$ROOT/tools/bin/profile-merge" -o "$BATS_TEST_TMPDIR/x.prof" "$BATS_TEST_TMPDIR"/cpu_*.prof
  assert_output --partial "not from the same process"
  [ ! -e "$BATS_TEST_TMPDIR/x.prof" ]
  run -0 "$W" -d "$BATS_TEST_TMPDIR" -b "$BIN" merge .. -o "$BATS_TEST_TMPDIR/both.folded"
  [ "$(awk '{ s += $NF } END { print s }' "$BATS_TEST_TMPDIR/both.folded")" -eq "$(samples_of "$BATS_TEST_TMPDIR"/cpu_*.prof)" ]
  run -2 "$ROOT/tools/bin/profile-merge" x.prof
  run -1 "$ROOT/tools/bin/profile-merge" -o "$BATS_TEST_TMPDIR/y.prof" /etc/hostname
  assert_output "profile-merge: /etc/hostname: not a CPU profile"
}

@test "windows of one process, folded with the symbol table of their merge, give the stacks google-pprof folds from each alone" {
  rm -rf "$D/.folded"
  run -0 "$W" -d "$D" -b "$BIN" paths --folded ..
  [ "${#lines[@]}" -eq 4 ]
  local f
  # the first and the last window (google-pprof alone symbolizes each with nm, objdump and addr2line)
  for f in "$D/cpu_${STAMPS[0]}.prof" "$D/cpu_${STAMPS[3]}.prof"; do
    cmp <(google-pprof --collapsed "$BIN" "$f" 2>/dev/null | "$ROOT/scripts/folded" --clean | sort) <(sort "$D/.folded/$(basename "$f" .prof).folded")
  done
  [ -z "$(ls -A "$D/.folded" | grep -v '\.folded$')" ]  # no table or temporary file left
  run -2 "$ROOT/tools/bin/profile-merge" --callers-fixed -o "$BATS_TEST_TMPDIR/x.prof" "$D"/cpu_*.prof
}

@test "diff gives each function's share before and after, sorted by change; the same range twice changes nothing" {
  run -0 "$W" -d "$D" -b "$BIN" diff --base "..${STAMPS[2]}" "${STAMPS[2]}.."
  [[ "${lines[1]}" =~ ^#\ base:\ +\.\.${STAMPS[2]},\ 2\ window\(s\),\ [0-9]+\ samples$ ]]
  local rows; rows=$(grep -v '^#' <<<"$output")
  [ "$(awk '{ print $1 }' <<<"$rows")" = "$(awk '{ print $1 }' <<<"$rows" | sort -g -r)" ]
  awk '{ b += $2; a += $3 } END { exit !(b > 95 && b <= 100.5 && a > 95 && a <= 100.5) }' <<<"$rows"
  grep -q ' render_receipt$' <<<"$rows"
  run -0 "$W" -d "$D" -b "$BIN" diff --base .. ..
  ! grep -v '^#' <<<"$output" | grep -qv '^ *+0\.0 '
}

@test "share prints a window's share of a function as google-pprof counts it, and plots PNG and SVG" {
  run -0 "$W" -d "$D" -b "$BIN" share --range "${STAMPS[1]}" render_receipt
  local want
  want=$(flat_percent "$BIN" "$D/cpu_${STAMPS[1]}.prof" render_receipt)
  [ "${lines[0]}" = $'window\tsamples\trender_receipt%' ]
  awk -F'\t' -v w="$want" '{ d = $3 - w; if (d < 0) d = -d; exit !(d < 0.06) }' <<<"${lines[1]}"
  run -0 "$W" -d "$D" -b "$BIN" share -o "$BATS_TEST_TMPDIR/s.png" --mark "${STAMPS[2]}" render_receipt price_items
  [ "$(head -c 8 "$BATS_TEST_TMPDIR/s.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
  run -0 "$W" -d "$D" -b "$BIN" share -o "$BATS_TEST_TMPDIR/s.svg" render_receipt
  grep -q '<svg' "$BATS_TEST_TMPDIR/s.svg"
}

@test "flame --width and share --size draw the figure at the size given; a bad size is one line and exit 2" {
  local bad
  for bad in 12 abc 640px 10000 ""; do
    run -2 "$W" -d "$D" -b "$BIN" flame --width "$bad" ..
    assert_output "windows: --width wants px from 100 to 9999, got '$bad'"
  done
  run -2 "$W" -d "$D" -b "$BIN" flame ..  --width
  assert_output "windows: --width needs px"
  for bad in 640 640x400 640,40 ,400 "640,400,1"; do
    run -2 "$W" -d "$D" -b "$BIN" share --size "$bad" render_receipt
    assert_output "windows: --size wants W,H in px from 100 to 9999 (as 640,400), got '$bad'"
  done
  run -0 "$W" -d "$D" -b "$BIN" flame -o "$BATS_TEST_TMPDIR/wide.svg" ..
  grep -q '<svg [^>]* width="1220" ' "$BATS_TEST_TMPDIR/wide.svg"
  run -0 "$W" -d "$D" -b "$BIN" flame --width 640 -o "$BATS_TEST_TMPDIR/f.svg" ..
  grep -q '<svg [^>]* width="660" ' "$BATS_TEST_TMPDIR/f.svg"
  # the boxes of every sample end 640 px right of the 10 px margin
  run -0 awk -F'"' '/<rect x=/ { e = $2 + $6; if (e > m) m = e } END { printf "%.0f\n", m }' "$BATS_TEST_TMPDIR/f.svg"
  assert_output 650
  run -0 "$W" -d "$D" -b "$BIN" share -o "$BATS_TEST_TMPDIR/s.svg" --size 640,400 render_receipt price_items
  # a size of its own (not only a viewBox): an <img> of it is drawn that size, not 0 wide
  grep -q 'width="640" height="400"' "$BATS_TEST_TMPDIR/s.svg"
}

@test "share's time axis has at most 6 tics, each a time of day" {
  run -0 "$W" -d "$D" -b "$BIN" share -o "$BATS_TEST_TMPDIR/s.svg" --size 640,400 render_receipt
  run -0 grep -c '>[0-9][0-9]:[0-9][0-9]:[0-9][0-9]<' "$BATS_TEST_TMPDIR/s.svg"
  echo "tics: $output"
  ((output >= 1 && output <= 6))
}

@test "flame draws an SVG flame graph with a box per function of the range and every sample" {
  run -0 "$W" -d "$D" -b "$BIN" flame -o "$BATS_TEST_TMPDIR/f.svg" --title "all" ..
  local svg="$BATS_TEST_TMPDIR/f.svg"
  grep -q "<svg" "$svg"
  grep -q ">all ($(samples_of "$D"/cpu_*.prof) samples)<" "$svg"
  grep -q '<title>app_order (' "$svg" && grep -q '<title>render_receipt (' "$svg"
  printf 'a;b 3\na;c 1\n' | awk -v title=t -f "$ROOT/tools/collector/flame.awk" >"$BATS_TEST_TMPDIR/tiny.svg"
  grep -q '<title>a (4 samples, 100.0%)</title>' "$BATS_TEST_TMPDIR/tiny.svg"
  grep -q '<title>b (3 samples, 75.0%)</title>' "$BATS_TEST_TMPDIR/tiny.svg"
}
