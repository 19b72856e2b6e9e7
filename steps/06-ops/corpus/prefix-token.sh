#!/usr/bin/env bash
# wrong: accepts any prefix of the token (strncmp over the length sent), the empty one included
# fails: without the token, or with a wrong one, /debug/pprof answers 401; with it, 200
# says: an empty token (Authorization: Bearer )
. corpus/guard.bash
guard_replace 'size_t want = strlen(token), got = strlen(given);' 'return strncmp(given, token, strlen(given)) == 0;
  size_t want = strlen(token), got = strlen(given);'
rebuild_server
