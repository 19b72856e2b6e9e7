#!/usr/bin/env bash
# wrong: compares the first and last characters in full, then stops at the first difference in between
# fails: a wrong token is refused in constant time: as many instructions whichever of its characters is wrong
# says: the comparison depends on where the difference is
. corpus/guard.bash
guard_replace 'for (size_t i = 0; i < want; i++) diff |=' 'diff |= (unsigned char)token[0] ^ (unsigned char)given[0];
  diff |= (unsigned char)token[want - 1] ^ (unsigned char)(want - 1 < got ? given[want - 1] : 0);
  for (size_t i = 1; i + 1 < want && !diff; i++) diff |='
