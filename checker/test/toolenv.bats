#!/usr/bin/env bats
# The tools' environment (lib/toolenv.sh, lib/bin/): configuration planted in
# HOME, in the working directory or in the environment changes nothing the
# workbook's valgrind, curl or other tools report.

bats_require_minimum_version 1.5.0

setup() {
  load ../checker
  PLANT="$BATS_TEST_TMPDIR/plant"
  mkdir -p "$PLANT/home"
  printf -- '--log-file=%s/from-home\n' "$PLANT" >"$PLANT/home/.valgrindrc"
  printf 'output = %s/curl-from-home\n' "$PLANT" >"$PLANT/home/.curlrc"
  printf -- '--log-file=%s/from-cwd\n' "$PLANT" >"$PLANT/.valgrindrc"
  chmod 644 "$PLANT/home/.valgrindrc" "$PLANT/.valgrindrc"
}

@test "valgrind ignores ~/.valgrindrc, ./.valgrindrc and VALGRIND_OPTS" {
  cd "$PLANT"
  run -0 env HOME="$PLANT/home" VALGRIND_OPTS="--log-file=$PLANT/from-env" "$ROOT/lib/bin/valgrind" --tool=none true
  [ ! -e "$PLANT/from-home" ]
  [ ! -e "$PLANT/from-cwd" ]
  [ ! -e "$PLANT/from-env" ]
  assert_output --partial "Nulgrind"
}

@test "the planted configuration is read by the plain valgrind and curl (so the tests around can fail)" {
  echo page >"$PLANT/page"
  run env HOME="$PLANT/home" "$ROOT/lib/find-tool" valgrind --tool=none true
  [ -e "$PLANT/from-home" ]
  cd "$PLANT"
  run env VALGRIND_OPTS="--log-file=$PLANT/from-env" "$ROOT/lib/find-tool" valgrind --tool=none true
  [ -e "$PLANT/from-cwd" ]
  run env HOME="$PLANT/home" "$ROOT/lib/find-tool" curl -s "file://$PLANT/page"
  [ -e "$PLANT/curl-from-home" ]
}

@test "curl ignores ~/.curlrc" {
  echo page >"$PLANT/page"
  run -0 env HOME="$PLANT/home" "$ROOT/lib/bin/curl" -s "file://$PLANT/page"
  [ "$output" = page ]
  [ ! -e "$PLANT/curl-from-home" ]
}

@test "tool_env gives an empty HOME and drops the variables tools read configuration or code from" {
  run -0 env VALGRIND_OPTS=x PERL5OPT=-Mx UFTRACE_SCRIPT=x BASH_ENV=x LD_PRELOAD= HOME="$PLANT/home" \
    bash -c '. "$1/lib/workbook.sh"; . "$1/lib/toolenv.sh"; tool_env "$2"; env; ls -A "$HOME" | wc -l' _ "$ROOT" "$BATS_TEST_TMPDIR/tools"
  assert_line "HOME=$BATS_TEST_TMPDIR/tools/home"
  assert_line 0
  refute_line --regexp '^(VALGRIND_OPTS|PERL5OPT|UFTRACE_SCRIPT|BASH_ENV|LD_PRELOAD)='
  assert_line --regexp "^PATH=$ROOT/lib/bin:"
}

@test "a wrapper whose tool is missing says so in one line and exits 127" {
  run -127 env PATH="$ROOT/lib/bin:/nonexistent" "$ROOT/lib/bin/curl" -s http://127.0.0.1:9/
  assert_output "curl: not installed (run scripts/deps)"
}

@test "the wrappers of two workbooks on PATH find the real tool, not each other" {
  local other="$BATS_TEST_TMPDIR/other"
  mkdir -p "$other/lib/bin" && cp "$ROOT/lib/find-tool" "$ROOT/lib/toolenv.sh" "$other/lib/" && cp "$ROOT"/lib/bin/* "$other/lib/bin/"
  run -0 timeout 10 env PATH="$other/lib/bin:$ROOT/lib/bin:/usr/bin:/bin" "$other/lib/bin/valgrind" --version
  assert_output --regexp '^valgrind-[0-9.]+$'
}
