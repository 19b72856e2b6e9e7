#!/usr/bin/env bash
# wrong: waits_most read from the cumulative column (the worker function, 0 flat)
# fails: answer waits_most names the function whose threads waited longest for the lock
# says: waits_most: contention_worker
. ../../lib/answers.sh
answer_put answers.md waits_most contention_worker
