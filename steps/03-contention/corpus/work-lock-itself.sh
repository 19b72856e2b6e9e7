#!/usr/bin/env bash
# wrong: names the lock call, where locked_update waits, not where it spends CPU
# fails: answer work_under_lock names what the lock-taking function spends its CPU on while it holds the lock
# says: work_under_lock: pthread_mutex_lock
. ../../lib/answers.sh
answer_put answers.md work_under_lock pthread_mutex_lock
