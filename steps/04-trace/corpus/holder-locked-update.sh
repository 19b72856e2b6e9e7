#!/usr/bin/env bash
# wrong: the holder's outer function, not the innermost one it runs at that moment
# fails: answer holder_function names what the lock holder runs during the longest wait
# says: holder_function: locked_update
. ../../lib/answers.sh
answer_put answers.md holder_function locked_update
