#!/usr/bin/env bash
# wrong: decides what is profiling by its own prefix /debug/pprof/, so /debug/pprof (the index, no slash) stays open
# fails: without the token, or with a wrong one, /debug/pprof answers 401; with it, 200
# says: the index /debug/pprof without a token
. corpus/guard.bash
guard_replace 'if (!r->profiling) return 0;' 'if (strncmp(r->path, "/debug/pprof/", 13) != 0) return 0;'
rebuild_server
