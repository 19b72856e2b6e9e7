#!/usr/bin/env bash
# wrong: every thread of the dump (its "total" line), not the leak_park group
# fails: answer parked_threads is the number of threads sharing the leak_park stack
# says: found:    parked_threads:
. ../../lib/answers.sh
answer_put answers.md parked_threads "$(sed -n 's/^thread profile: total //p' out/threads.txt)"
