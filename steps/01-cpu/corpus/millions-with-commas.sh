#!/usr/bin/env bash
# wrong: the count copied with its thousands separators (40,388,073 is a count, not millions)
# fails: answer fib_instructions_millions is within 2% of callgrind's count
# says: (not in that form)
. ../../lib/answers.sh
answer_put answers.md fib_instructions_millions "$(sed -n 's/^\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' out/callgrind.txt)"
