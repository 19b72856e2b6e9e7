// guard_open.c — the open guard, the behaviour of Go's net/http/pprof: anyone
// who can reach the port may profile, on any address, as often as they like.
// labs/bin/server uses it; steps/06-ops/src/guard.c replaces it.
#include "guard.h"

int guard_start(const char *host, int port, int loopback, char *why, size_t n) {
  (void)host, (void)port, (void)loopback, (void)why, (void)n;
  return 0;
}

int guard_admit(struct guard_request *r, char *why, size_t n) {
  (void)r, (void)why, (void)n;
  return 0;
}

void guard_done(const struct guard_request *r, int status) {
  (void)r, (void)status;
}
