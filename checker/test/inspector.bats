#!/usr/bin/env bats
# The profile inspector's own tests: real profiles are accepted; empty, random,
# truncated, wrong-kind, edited and foreign profiles are refused with one line.

setup_file() {
  export FIX="$BATS_FILE_TMPDIR"
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  make -s -C "$root/tools" >/dev/null
  load fixtures/profiles
  make_fixture_profiles "$FIX" cpu heap contention
  cp "$FIX/profiles" "$FIX/other"
  (cd "$FIX" && ./other cpu other.prof) 2>/dev/null
}

setup() {
  load ../checker
  FIX="$BATS_FILE_TMPDIR"
}

# Fails unless the inspector refuses FILE with exit 1 and exactly one line on stderr containing WORDS.
refuses() {
  local words="$1"; shift
  run --separate-stderr "$INSPECT" "$@"
  [ "$status" -eq 1 ] || { echo "exit $status, want 1; stderr: $stderr" >&2; return 1; }
  [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ] || { echo "want one line, got: $stderr" >&2; return 1; }
  [[ "$stderr" == *"$words"* ]] || { echo "want '$words' in: $stderr" >&2; return 1; }
}

@test "a real CPU profile is accepted with its sample count and period" {
  run -0 "$INSPECT" --kind cpu --binary "$FIX/profiles" --min-samples 5 "$FIX/cpu.prof"
  assert_line --regexp '^kind: +cpu$'
  assert_line --regexp '^period_us: +10000$'
  assert_line --regexp "^executable: +$FIX/profiles\$"
}

@test "a real heap profile is accepted with in-use and allocated totals" {
  run -0 "$INSPECT" --kind heap "$FIX/heap.prof"
  assert_line --regexp '^alloc_objects: +10[0-9]$'
  [ "$("$INSPECT" --field inuse_objects "$FIX/heap.prof")" -lt "$("$INSPECT" --field alloc_objects "$FIX/heap.prof")" ]
}

@test "a contention profile is accepted with its delay and count" {
  run -0 "$INSPECT" --kind contention "$FIX/contention.prof"
  assert_line --regexp '^delay: +6000000$'
  assert_line --regexp '^samples: +12$'
}

@test "an empty file is refused" {
  : >"$FIX/empty"
  refuses "empty file" "$FIX/empty"
}

@test "random bytes are refused" {
  head -c 4096 /dev/urandom >"$FIX/random"
  refuses "not a profile" "$FIX/random"
}

@test "a heap profile given as a CPU profile is refused" {
  refuses "expected a cpu profile, found a heap profile" --kind cpu "$FIX/heap.prof"
}

@test "a CPU profile cut in half is refused as truncated" {
  head -c "$(( $(stat -c %s "$FIX/cpu.prof") / 2 ))" "$FIX/cpu.prof" >"$FIX/half.prof"
  refuses "truncated" "$FIX/half.prof"
}

@test "a contention profile without its header is refused" {
  tail -n +2 "$FIX/contention.prof" >"$FIX/noheader.prof"
  refuses "not a profile" "$FIX/noheader.prof"
  sed '/^cycles\/second/d' "$FIX/contention.prof" >"$FIX/nocycles.prof"
  refuses "cycles/second" "$FIX/nocycles.prof"
}

@test "a heap profile whose numbers were edited is refused" {
  sed '2s/^ *[0-9]*:/ 999:/' "$FIX/heap.prof" >"$FIX/edited.prof"
  refuses "edited" "$FIX/edited.prof"
}

@test "a CPU profile whose stack addresses were changed is refused" {
  # Overwrite every stack address with one far outside the memory map.
  perl -e '
    local $/; my $d = <STDIN>; my @w = unpack("Q<*", substr($d, 0, int(length($d) / 8) * 8));
    my $i = 5;
    while ($i + 1 < @w) { my ($c, $n) = @w[$i, $i + 1]; last if $c == 0; $w[$_] = 0x10 for $i + 2 .. $i + 1 + $n; $i += 2 + $n }
    print pack("Q<*", @w), substr($d, @w * 8);' <"$FIX/cpu.prof" >"$FIX/moved.prof"
  refuses "fall inside the mapped code" "$FIX/moved.prof"
}

@test "a profile of another binary is refused by --binary" {
  refuses "not a profile of $FIX/profiles" --binary "$FIX/profiles" "$FIX/other.prof"
}

@test "a profile of an older build is refused by --binary" {
  cp "$FIX/profiles" "$FIX/rebuilt" && cp "$FIX/cpu.prof" "$FIX/old.prof"
  sed -i "s|$FIX/profiles|$FIX/rebuilt|" "$FIX/old.prof" 2>/dev/null || true
  refuses "older build" --binary "$FIX/rebuilt" "$FIX/old.prof"
}

@test "too few samples are refused with the number found" {
  refuses "want at least 100000" --min-samples 100000 "$FIX/cpu.prof"
}

@test "bad options and missing files get one line and exit 2 or 1" {
  run "$INSPECT"
  [ "$status" -eq 2 ]
  run "$INSPECT" --kind nonsense "$FIX/cpu.prof"
  [ "$status" -eq 2 ]
  run "$INSPECT" --min-samples -3 "$FIX/cpu.prof"
  [ "$status" -eq 2 ]
  refuses "cannot open" "$FIX/does-not-exist"
  refuses "not a regular file" "$FIX"
}

@test "two thousand damaged copies of real profiles never crash or hang the inspector" {
  local dir="$FIX/damaged" reading="$FIX/reading" bad status=0
  mkdir -p "$dir"
  # 700 copies of each profile, each cut at a random byte with up to 63 random bytes after it
  # (one perl, not three processes a copy).
  perl -e '
    my $dir = shift;
    for my $f (@ARGV) {
      open(my $in, "<:raw", $f) or die "$f: $!"; local $/; my $d = <$in>; close $in;
      my ($kind) = $f =~ m{([^/]+)\.prof$};
      for my $i (1 .. 700) {
        my $tail = join "", map { chr int rand 256 } 1 .. int rand 64;
        open(my $out, ">:raw", "$dir/$kind-$i") or die "$dir: $!";
        print $out substr($d, 0, int rand length $d), $tail; close $out;
      }
    }' "$dir" "$FIX/cpu.prof" "$FIX/heap.prof" "$FIX/contention.prof"
  [ "$(find "$dir" -type f | wc -l)" -eq 2100 ]
  # One read each, in a plain bash loop (bats would trace its every command), with no process
  # but the inspector's: 5 s of CPU at most (ulimit: a spin is killed, 137), and one that
  # takes over 5 s is named too. A crash is a signal's 128+N; any exit above 1 is named.
  # The whole loop is bounded, and says which file it was reading if it had to be stopped.
  bad=$(timeout 1200 bash -c 'for f in "$2"/*; do
      echo "$f" >"$3"; t=${EPOCHREALTIME/./}
      (ulimit -t 5; exec "$1" "$f") >/dev/null 2>&1; rc=$?
      if [ "$rc" -gt 1 ]; then echo "$f (exit $rc)"; elif [ $((${EPOCHREALTIME/./} - t)) -gt 5000000 ]; then echo "$f (over 5 s)"; fi
    done' _ "$INSPECT" "$dir" "$reading") || status=$?
  [ "$status" = 0 ] || { echo "the inspector did not get through the damaged files in 1200 s (status $status): stopped reading $(cat "$reading")" >&2; return 1; }
  [ -z "$bad" ] || { echo "$(wc -l <<<"$bad") damaged files made the inspector fail (kept in $dir): $(head -n 5 <<<"$bad" | tr '\n' ' ')" >&2; return 1; }
}

@test "the inspector runs clean under valgrind memcheck on broken inputs" {
  local f
  : >"$FIX/empty"; head -c 4096 /dev/urandom >"$FIX/random"
  head -c "$(( $(stat -c %s "$FIX/cpu.prof") / 2 ))" "$FIX/cpu.prof" >"$FIX/half.prof"
  for f in empty random half.prof heap.prof contention.prof; do
    run valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite "$INSPECT" --kind cpu "$FIX/$f"
    [ "$status" -ne 99 ] || { echo "memcheck errors on $f: $output" >&2; return 1; }
  done
}
