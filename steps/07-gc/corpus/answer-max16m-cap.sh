#!/usr/bin/env bash
# wrong: max16m_rss_mb read from the heap's cap (gc_heap_max_kb), not from the process's peak RSS
# fails: answers max16m_rss_mb and max16m_limit_hits are the capped heap's peak (within 5%) and limit hits (within 3)
# says: (too low)
. ../../lib/answers.sh
answer_put answers.md max16m_rss_mb "$(awk -F, '$1 == "boehm-d1-max16m" { printf "%.1f", $12 / 1024 }' out/sweep.csv)"
