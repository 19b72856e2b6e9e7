#!/usr/bin/env bash
# wrong: applies the request limits to /debug/pprof only, not to /work
# fails: request limits, /work included: a URL over 1024 bytes is 414, more than 8 parameters 400, a Content-Length over 65536 413
# says: /work/cpu with 9 query parameters
. corpus/guard.bash
guard_replace '  if (!r->profiling) return 0;
  if (token' '  if (token'
guard_replace '  if (r->url_length > MAX_URL_BYTES)' '  if (!r->profiling) return 0;
  if (r->url_length > MAX_URL_BYTES)'
rebuild_server
