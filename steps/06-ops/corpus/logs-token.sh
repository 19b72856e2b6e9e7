#!/usr/bin/env bash
# wrong: writes the Authorization header, bearer token and all, to the server's log
# fails: the server's log never shows the token, whole or in part
# says: pprof-auth: Bearer
. corpus/guard.bash
guard_replace 'if (r->guard_flags & HOLDS_CPU_SLOT) atomic_store(&cpu_slot, 0);' 'if (r->guard_flags & HOLDS_CPU_SLOT) atomic_store(&cpu_slot, 0);
  if (r->authorization) fprintf(stderr, "pprof-auth: %s\n", r->authorization);'
rebuild_server
