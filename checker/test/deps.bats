#!/usr/bin/env bats
# scripts/deps: the table, the fast presence check every target runs first, and
# what happens when a tool is missing (here: graphviz's dot, hidden from PATH).

setup_file() {
  # A PATH with every command of this machine except dot (world-readable: one
  # test runs as an unprivileged user).
  NODOT=$(mktemp -d /tmp/c-prof-labs-nodot.XXXXXX) && chmod 755 "$NODOT" && export NODOT
  # One ln for all of them (a fork per command would take a minute).
  find /usr/bin /usr/local/bin -maxdepth 1 ! -type d ! -name dot -exec ln -sf -t "$NODOT" {} + 2>/dev/null || true
  # The same without valgrind.
  NOVALGRIND=$(mktemp -d /tmp/c-prof-labs-novalgrind.XXXXXX) && chmod 755 "$NOVALGRIND" && export NOVALGRIND
  find /usr/bin /usr/local/bin -maxdepth 1 ! -type d ! -name 'valgrind*' -exec ln -sf -t "$NOVALGRIND" {} + 2>/dev/null || true
}

teardown_file() {
  rm -rf "$NODOT" "$NOVALGRIND"
}

setup() {
  load ../checker
  cd "$ROOT" || return 1
}

@test "--check prints one ok row per tool on a machine that has them all" {
  run -0 scripts/deps --check
  assert_line --regexp '^tool +package +version +status$'
  refute_output --partial missing
  [ "$(grep -c ' ok$' <<<"$output")" -eq "$(scripts/deps --packages | wc -w)" ]
}

@test "--need names a missing tool and the command that installs it" {
  PATH="$NODOT" run -1 scripts/deps --need graphviz gcc
  assert_output "missing: graphviz (run scripts/deps)"
}

@test "the workbook's own valgrind wrapper on PATH does not count as valgrind installed" {
  run -1 env PATH="$ROOT/lib/bin:$NOVALGRIND" scripts/deps --need valgrind
  assert_output "missing: valgrind (run scripts/deps)"
}

@test "a step stops at its tool check with that line, before building anything" {
  PATH="$NODOT" run make -s -C steps/00-env run
  [ "$status" -ne 0 ]
  assert_output --partial "missing: graphviz (run scripts/deps)"
  refute_output --partial "CC"
}

@test "without root or sudo, installing prints the exact apt-get line and fails" {
  PATH="$NODOT" run setpriv --reuid 65534 --regid 65534 --clear-groups scripts/deps
  [ "$status" -eq 1 ]
  assert_output --partial "sudo apt-get install -y graphviz"
}

@test "--ensure is silent when everything is present, and unknown options exit 2" {
  run -0 scripts/deps --ensure
  assert_output ""
  run -2 scripts/deps --bogus
  assert_output --partial "unknown option '--bogus'"
  run -1 scripts/deps --need no-such-tool
  assert_output --partial "unknown tool 'no-such-tool'"
}
