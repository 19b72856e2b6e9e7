#!/usr/bin/env bash
# wrong: takes an empty PPROF_TOKEN= for a token, so -addr 0.0.0.0:0 with it starts and serves everyone
# fails: on a non-loopback address without a token (PPROF_TOKEN unset or empty) the server refuses to start, and says why; with the token it starts
# says: -addr 0.0.0.0:0 with PPROF_TOKEN empty
. corpus/guard.bash
guard_replace 'token = t && *t ? t : NULL;' 'token = t;'
guard_replace 'if (token && strlen(token) < MIN_TOKEN_BYTES) {' 'if (token && strlen(token) < MIN_TOKEN_BYTES && *token) {'
rebuild_server
