#!/usr/bin/env bash
# wrong: refuses to start only on the literal address 0.0.0.0, not on every non-loopback one
# fails: on a non-loopback address without a token (PPROF_TOKEN unset or empty) the server refuses to start, and says why; with the token it starts
# says: -addr 10.1.2.3:0 with PPROF_TOKEN unset
. corpus/guard.bash
guard_replace 'if (!loopback && !token) {' '(void)loopback;
  if (strcmp(host, "0.0.0.0") == 0 && !token) {'
rebuild_server
