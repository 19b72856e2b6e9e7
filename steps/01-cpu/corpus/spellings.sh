#!/usr/bin/env bash
# right: every answer in another spelling the questions allow (backticks, (), a unit)
. ../../lib/answers.sh
answer_put answers.md hottest "\`$(answer_text answers.md hottest)()\`"
answer_put answers.md fib_caller "$(answer_text answers.md fib_caller)()"
answer_put answers.md fib_flat_percent "$(answer_text answers.md fib_flat_percent) %"
answer_put answers.md fib_instructions_millions "$(answer_text answers.md fib_instructions_millions) million"
