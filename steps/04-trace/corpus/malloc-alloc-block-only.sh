#!/usr/bin/env bash
# wrong: the malloc calls under alloc_block only (the chapter's -F alloc_block report), not every call in the trace
# fails: answer malloc_calls is the number of malloc calls in the trace
# says: every caller
. ../../lib/answers.sh
answer_put answers.md malloc_calls "$(make -s print-COUNT)"
