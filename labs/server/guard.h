// guard.h — what stands between the network and /debug/pprof. The server calls
// these three functions; the guard decides. labs/server/guard_open.c is the open
// default (like Go's net/http/pprof); step 06 has you write a secure one.
#ifndef GUARD_H
#define GUARD_H

#include <stddef.h>

// What the guard is shown of one request (strings are NULL when absent).
struct guard_request {
  const char *method;         // "GET", "POST", ...
  const char *path;           // "/debug/pprof/profile" (without the query string)
  const char *authorization;  // the Authorization header, e.g. "Bearer s3cret"
  const char *seconds;        // the seconds= parameter, as sent
  const char *peer;           // the client's address, e.g. "127.0.0.1"
  size_t url_length;          // path plus query string, in bytes
  unsigned query_params;      // number of query parameters
  long long content_length;   // the Content-Length header, or -1
  int profiling;              // 1 for /debug/pprof/... paths
  int cpu_profile;            // 1 for /debug/pprof/profile
  double started;             // seconds since an arbitrary start, for durations
  int guard_flags;            // the guard's own: e.g. "this request holds the CPU-profile slot"
};

// Called once before the server listens on HOST:PORT (loopback says whether HOST
// is a loopback address). Returns 0 to go on, or -1 with a one-line reason in
// why: the server then refuses to start.
int guard_start(const char *host, int port, int loopback, char *why, size_t n);

// Called for every request before it is handled. Returns 0 to let it through,
// or an HTTP status (401, 400, 413, 414, 429 ...) with a one-line reason in why.
int guard_admit(struct guard_request *r, char *why, size_t n);

// Called once for every request guard_admit saw, let through or not, after its
// answer was sent: STATUS is what it got (log it, give back what admit took).
void guard_done(const struct guard_request *r, int status);

#endif
