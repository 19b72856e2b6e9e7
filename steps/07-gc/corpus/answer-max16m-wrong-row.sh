#!/usr/bin/env bash
# wrong: max16m_limit_hits read from row boehm-d1 (the same divisor without the cap), not boehm-d1-max16m
# fails: answer max16m_limit_hits is within 3 of the capped heap's limit hits
# says: (too low)
. ../../lib/answers.sh
answer_put answers.md max16m_limit_hits "$(awk -F, '$1 == "boehm-d1" { print $13 }' out/sweep.csv)"
