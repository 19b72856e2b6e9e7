#!/usr/bin/env bash
# wrong: refuses every non-loopback address, even with a token: the token cannot open it
# fails: on a non-loopback address without a token (PPROF_TOKEN unset or empty) the server refuses to start, and says why; with the token it starts
# says: -addr 0.0.0.0:0 with PPROF_TOKEN set
. corpus/guard.bash
guard_replace 'if (!loopback && !token) {' 'if (!loopback) {'
rebuild_server
