#!/usr/bin/env bash
# wrong: the flat share as a fraction of one (1.0), not in percent
# fails: answer fib_flat_percent is within 3 points of fib's flat share
# says: (too low)
. ../../lib/answers.sh
answer_put answers.md fib_flat_percent "$(awk '$NF == "fib" { sub(/%/, "", $2); printf "%.2f\n", $2 / 100; exit }' out/top.txt)"
