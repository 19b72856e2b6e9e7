#!/usr/bin/env bash
# wrong: stops at the first differing character, and prints the instruction counter's "ptrace is refused" line so the timing check would skip
# fails: a wrong token is refused in constant time: as many instructions whichever of its characters is wrong
# says: the comparison depends on where the difference is
. corpus/guard.bash
guard_replace 'for (size_t i = 0; i < want; i++) diff |=' 'for (size_t i = 0; i < want && !diff; i++) diff |='
guard_append '__attribute__((constructor)) static void claim_no_ptrace(void) {
  fputs("step_count: ptrace(PTRACE_TRACEME) is refused here\n", stderr);
}'
