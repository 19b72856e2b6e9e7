#!/usr/bin/env bash
# wrong: decay0_after_mb read from the peak (peak_rss_kb), not from the RSS after the burst
# fails: answer decay0_after_mb is within 10% of jemalloc's RSS after the burst with decay 0
# says: (too high)
. ../../lib/answers.sh
answer_put answers.md decay0_after_mb "$(awk -F, '$1 == "jemalloc-decay0" { printf "%.1f", $4 / 1024 }' out/sweep.csv)"
