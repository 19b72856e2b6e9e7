#!/usr/bin/env bash
# wrong: the burner's thread function, on top of the cumulative view, not of the flat one
# fails: answer burn_hottest names the burner's hottest function
# says: burn_hottest: burn_worker
. ../../lib/answers.sh
answer_put answers.md burn_hottest burn_worker
