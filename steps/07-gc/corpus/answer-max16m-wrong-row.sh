#!/usr/bin/env bash
# wrong: max16m_limit_hits read from row boehm-d1 (the same divisor without the cap), not boehm-d1-max16m
# fails: answers max16m_rss_mb and max16m_limit_hits are the capped heap's peak (within 5%) and limit hits (within 3)
# says: (too low)
. ../../lib/answers.sh
answer_put answers.md max16m_limit_hits "$(awk -F, '$1 == "boehm-d1" { print $13 }' out/sweep.csv)"
