#!/usr/bin/env bash
# wrong: compares the token with strcmp, which stops at the first difference
# fails: a wrong token is refused in constant time: as many instructions whichever of its characters is wrong
# says: the comparison depends on where the difference is
. corpus/guard.bash
guard_replace 'size_t want = strlen(token), got = strlen(given);' 'return strcmp(given, token) == 0;
  size_t want = strlen(token), got = strlen(given);'
