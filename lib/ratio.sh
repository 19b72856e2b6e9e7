# shellcheck shell=bash
# lib/ratio.sh — the one reading of a ratio and of a spread, for lib/interleave
# and the checks' ratio assertions: always A/B, "how many times A's value B's
# is" (before/after: how many times less the after needs).
#   ratio_of A B            A/B to three decimals; a B of 0 or less counts as 1
#   spread_percent V...     half the range of the values, in per cent of their median

# Prints A/B (see the top).
ratio_of() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) b = 1; printf "%.3f\n", a / b }'
}

# Prints the median of the numbers given.
median_of() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Prints half the range of the numbers given, in per cent of their median (0 for a median of 0).
spread_percent() {
  local median
  median=$(median_of "$@")
  printf '%s\n' "$@" | awk -v m="$median" 'NR == 1 || $1 < lo { lo = $1 } NR == 1 || $1 > hi { hi = $1 }
    END { printf "%.0f\n", (m > 0 ? 50 * (hi - lo) / m : 0) }'
}
