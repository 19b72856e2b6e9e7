# checks.bash — step 07's readings of a sweep that check.bats and the solution's
# answers-from-run share (the solution reads its answers as the checks do).
# shellcheck shell=bash

# The allocator (glibc, tcmalloc or jemalloc) with the lowest peak RSS at its defaults in
# sweep CSV: which one depends on the variant's live set.
lowest_default_malloc() {
  awk -F, 'NR > 1 && ($1 == "glibc" || $1 == "tcmalloc" || $1 == "jemalloc") && (min == "" || $4 < min) { min = $4; who = $1 }
           END { print who }' "$1"
}
