#!/usr/bin/env bash
# wrong: the worker threads only, the main thread forgotten
# fails: answer threads is the number of threads in the timeline
# says: threads: 4
. ../../lib/answers.sh
answer_put answers.md threads 4
