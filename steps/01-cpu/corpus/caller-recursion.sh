#!/usr/bin/env bash
# wrong: names fib itself (it calls itself), not the function that calls it from outside
# fails: answer fib_caller names the function that calls fib
# says: fib_caller: fib
. ../../lib/answers.sh
answer_put answers.md fib_caller fib
