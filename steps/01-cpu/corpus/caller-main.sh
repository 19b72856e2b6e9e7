#!/usr/bin/env bash
# wrong: names main, two frames up, as the function that calls fib
# fails: answer fib_caller names the function that calls fib
# says: fib_caller: main
. ../../lib/answers.sh
answer_put answers.md fib_caller main
