#!/usr/bin/env bash
# wrong: max16m_rss_mb given in KiB (peak_rss_kb as it is), not divided by 1024
# fails: answers max16m_rss_mb and max16m_limit_hits are the capped heap's peak (within 5%) and limit hits (within 3)
# says: (too high)
. ../../lib/answers.sh
answer_put answers.md max16m_rss_mb "$(awk -F, '$1 == "boehm-d1-max16m" { print $4 }' out/sweep.csv)"
