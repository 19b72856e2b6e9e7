#!/usr/bin/env bash
# wrong: answers.md deleted: the check says how to get the questions back, no raw tool error
# fails: answer hottest names the function with the largest flat share
# says: answers.md is missing: make reset STEP=1
rm answers.md
