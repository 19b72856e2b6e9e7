# guard.bash — what the corpus entries of step 06 share (sourced, never run: the
# self-test runs only corpus/*.sh). Each entry edits the solved src/guard.c in
# one place and rebuilds only what its check uses.
set -eu

# Replaces the one occurrence of OLD in src/guard.c with NEW; fails (so the
# entry itself fails) when OLD is not there exactly once.
guard_replace() {
  local text rest
  text=$(<src/guard.c)
  rest=${text#*"$1"}
  if [ "$rest" = "$text" ] || [[ "$rest" == *"$1"* ]]; then
    echo "guard.bash: not exactly once in src/guard.c: $1" >&2
    return 1
  fi
  printf '%s\n' "${text%%"$1"*}$2$rest" >src/guard.c
}

# Appends TEXT to src/guard.c.
guard_append() {
  printf '%s\n' "$1" >>src/guard.c
}

# Builds out/server with the edited guard (the server's own objects are already built).
rebuild_server() {
  make -s out/server
}
