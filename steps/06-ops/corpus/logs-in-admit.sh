#!/usr/bin/env bash
# wrong: writes the access-log line in guard_admit, so a request let in is logged 200 whatever it got (a 404 here)
# fails: one access-log line per profiling request, refused ones included, none for /work
# says: GET /debug/pprof/nosuch 404
. corpus/guard.bash
guard_replace 'int guard_admit(struct guard_request *r, char *why, size_t n) {' 'static int decide(struct guard_request *r, char *why, size_t n) {'
guard_replace '  if (r->profiling)
    fprintf(stderr,' '  if (0)
    fprintf(stderr,'
guard_append '
int guard_admit(struct guard_request *r, char *why, size_t n) {
  int status = decide(r, why, n);
  if (r->profiling)
    fprintf(stderr, "pprof-access: %s %s %s %d %.0fms\n", r->peer, r->method, r->path, status ? status : 200,
            (now_seconds() - r->started) * 1e3);
  return status;
}'
rebuild_server
