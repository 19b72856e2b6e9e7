#!/usr/bin/env bash
# wrong: the hottest function read from the cumulative view (a row with 0 flat)
# fails: answer hottest names the function with the largest flat share
# says: hottest: main
. ../../lib/answers.sh
answer_put answers.md hottest main
