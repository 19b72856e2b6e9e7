#!/usr/bin/env bash
# right: the other reading of "where does it spend its CPU": clock_gettime, where most of busy_for's samples end (section 6)
. ../../lib/answers.sh
answer_put answers.md work_under_lock 'clock_gettime()'
