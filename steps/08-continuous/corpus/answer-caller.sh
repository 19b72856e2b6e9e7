#!/usr/bin/env bash
# wrong: the caller on every slow stack (it grows only in windows diff --total), not the function doing the extra work
# fails: answer regressed_function names the function your release made slower
# says: regressed_function: app_order
. ../../lib/answers.sh
answer_put answers.md regressed_function app_order
