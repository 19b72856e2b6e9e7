#!/usr/bin/env bash
# wrong: compares with the token even when there is none (loopback without PPROF_TOKEN): strlen(NULL) crashes the server
# fails: on loopback without a token it starts: /debug/pprof answers 200 (open to this machine) or 401 (closed), /work 200
# says: sent with Authorization: Bearer
. corpus/guard.bash
guard_replace 'if (token && !token_matches(r->authorization))' 'if (!token_matches(r->authorization))'
rebuild_server
