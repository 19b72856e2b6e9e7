#!/usr/bin/env bash
# wrong: the mutex total in milliseconds, not seconds
# fails: answer mutex_wait_seconds is roughly your mutex profile's total
# says: (too high)
. ../../lib/answers.sh
answer_put answers.md mutex_wait_seconds "$(awk 'NR == 1 { printf "%.0f\n", $2 * 1000 }' out/mutex-top.txt)"
