# checks.bash — step 03's own reading of the CPU profile, for check.bats and the
# solution's answers-from-run: what the lock holder works on.
# Needs LOCKER (the name the learner's variant gives locked_update) and the
# checker's library (folded_stacks).
# shellcheck shell=bash

# The function the lock-taking function (LOCKER) calls that most CPU samples of
# BINARY's PROFILE are in: what runs while the lock is held.
work_under_lock() {
  folded_stacks "$1" "$2" | awk -v locker="$LOCKER" '{ n = $NF; k = split($1, f, ";")
      for (i = 1; i < k; i++) if (f[i] == locker) { c[f[i+1]] += n; break } }
    END { for (x in c) if (c[x] > best) { best = c[x]; who = x } print who }'
}

# The number of threads in the thread dump FILE's group whose stack has leak_park.
parked_count() {
  awk '/^[0-9]+ @/ { n = $1 } /leak_park/ { print n; exit }' "$1"
}
