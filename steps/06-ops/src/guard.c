// guard.c — your guard for /debug/pprof (step 06). The server (labs/server)
// calls these functions for every request; see labs/server/guard.h for what
// each one is shown. As given, this guard lets everything through, like Go's
// net/http/pprof: anyone who reaches the port can profile the process, read
// its memory layout and keep its CPU busy. Make it safe, one TODO at a time.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"

int guard_start(const char *host, int port, int loopback, char *why, size_t n) {
  (void)host, (void)port, (void)loopback, (void)why, (void)n;
  // TODO: read the token from PPROF_TOKEN, and refuse to start (return -1 with a
  //       reason in why) on a non-loopback address when there is none.
  return 0;
}

int guard_admit(struct guard_request *r, char *why, size_t n) {
  (void)r, (void)why, (void)n;
  // TODO: limits for every request: URL length (414), number of query
  //       parameters (400), Content-Length (413).
  // TODO: on /debug/pprof/*: require "Authorization: Bearer <token>" (401),
  //       comparing the token in constant time.
  // TODO: on /debug/pprof/profile: seconds from 1 to 60 (400), and only one CPU
  //       profile at a time (429): remember in r->guard_flags that this request holds it.
  return 0;
}

void guard_done(const struct guard_request *r, int status) {
  (void)r, (void)status;
  // TODO: give back the CPU-profile slot if this request held it, and write one
  //       access-log line per profiling request, refused ones included:
  //       "pprof-access: PEER METHOD PATH STATUS DURATIONms"
}
