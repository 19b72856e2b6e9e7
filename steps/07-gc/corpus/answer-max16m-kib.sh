#!/usr/bin/env bash
# wrong: max16m_rss_mb given in KiB (peak_rss_kb as it is), not divided by 1024
# fails: answer max16m_rss_mb is within 5% of the capped heap's peak
# says: (too high)
. ../../lib/answers.sh
answer_put answers.md max16m_rss_mb "$(awk -F, '$1 == "boehm-d1-max16m" { print $4 }' out/sweep.csv)"
