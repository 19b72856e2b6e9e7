#!/usr/bin/env bash
# wrong: compares only the first 16 characters of the token (in constant time, but not all of it)
# fails: without the token, or with a wrong one, /debug/pprof answers 401; with it, 200
# says: the token with its character 17 of 32 changed
. corpus/guard.bash
guard_replace 'for (size_t i = 0; i < want; i++) diff |=' 'for (size_t i = 0; i < MIN_TOKEN_BYTES; i++) diff |='
rebuild_server
