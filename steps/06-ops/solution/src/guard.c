// guard.c — a guard for /debug/pprof that is safe to run in production
// (step 06's solution). The server (labs/server) calls these functions for
// every request; labs/server/guard.h says what each one is shown.
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guard.h"

//> limits
// The limits every request must respect.
#define MAX_URL_BYTES 1024
#define MAX_QUERY_PARAMS 8
#define MAX_BODY_BYTES 65536
// CPU profiles: how long one may run, and the shortest token we accept.
#define MIN_SECONDS 1
#define MAX_SECONDS 60
#define MIN_TOKEN_BYTES 16
//< limits

// guard_flags bit: this request holds the one CPU-profile slot.
#define HOLDS_CPU_SLOT 1

// The token from PPROF_TOKEN, or NULL when profiling is open (loopback only).
static const char *token;
// 1 while a CPU profile runs.
static atomic_int cpu_slot;

//> guard-start
int guard_start(const char *host, int port, int loopback, char *why, size_t n) {
  const char *t = getenv("PPROF_TOKEN");
  token = t && *t ? t : NULL;
  if (token && strlen(token) < MIN_TOKEN_BYTES) {
    snprintf(why, n, "PPROF_TOKEN is too short: use at least %d random characters", MIN_TOKEN_BYTES);
    return -1;
  }
  if (!loopback && !token) {
    snprintf(why, n, "%s:%d is not a loopback address and PPROF_TOKEN is not set: /debug/pprof would be open to the network",
             host, port);
    return -1;
  }
  return 0;
}
//< guard-start

//> token-matches
// True if the Authorization header carries the token. The loop always runs over
// the whole token and never stops at the first difference, so the time taken
// tells an attacker nothing about how much of a guess was right.
static int token_matches(const char *authorization) {
  if (!authorization || strncmp(authorization, "Bearer ", 7) != 0) return 0;
  const char *given = authorization + 7;
  size_t want = strlen(token), got = strlen(given);
  unsigned diff = want != got;
  for (size_t i = 0; i < want; i++) diff |= (unsigned char)token[i] ^ (unsigned char)(i < got ? given[i] : 0);
  return diff == 0;
}
//< token-matches

// Checks seconds= of a CPU profile (absent means the server's default of 30 s).
static int seconds_ok(const char *seconds) {
  if (!seconds) return 1;
  char *end;
  long s = strtol(seconds, &end, 10);
  return *seconds >= '0' && *seconds <= '9' && *end == '\0' && s >= MIN_SECONDS && s <= MAX_SECONDS;
}

//> guard-admit
int guard_admit(struct guard_request *r, char *why, size_t n) {
  if (r->url_length > MAX_URL_BYTES) return snprintf(why, n, "URL too long (at most %d bytes)", MAX_URL_BYTES), 414;
  if (r->query_params > MAX_QUERY_PARAMS)
    return snprintf(why, n, "too many query parameters (at most %d)", MAX_QUERY_PARAMS), 400;
  if (r->content_length > MAX_BODY_BYTES) return snprintf(why, n, "body too large (at most %d bytes)", MAX_BODY_BYTES), 413;
  if (!r->profiling) return 0;
  if (token && !token_matches(r->authorization))
    return snprintf(why, n, "missing or wrong token: send Authorization: Bearer $PPROF_TOKEN"), 401;
  if (!r->cpu_profile) return 0;
  if (!seconds_ok(r->seconds))
    return snprintf(why, n, "seconds must be a whole number from %d to %d", MIN_SECONDS, MAX_SECONDS), 400;
  int idle = 0;
  if (!atomic_compare_exchange_strong(&cpu_slot, &idle, 1))
    return snprintf(why, n, "a CPU profile is already running: try again when it ends"), 429;
  r->guard_flags |= HOLDS_CPU_SLOT;
  return 0;
}
//< guard-admit

// Seconds on the same clock as r->started.
static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void guard_done(const struct guard_request *r, int status) {
  if (r->guard_flags & HOLDS_CPU_SLOT) atomic_store(&cpu_slot, 0);
  if (r->profiling)
    fprintf(stderr, "pprof-access: %s %s %s %d %.0fms\n", r->peer, r->method, r->path, status,
            (now_seconds() - r->started) * 1e3);
}
