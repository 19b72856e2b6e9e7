#!/usr/bin/env bash
# wrong: names locked_update itself (the question asks what it spends its CPU in)
# fails: answer work_under_lock names what locked_update spends its CPU on while it holds the lock
# says: work_under_lock: locked_update
. ../../lib/answers.sh
answer_put answers.md work_under_lock locked_update
