#!/usr/bin/env bash
# right: another correct guard: fails closed (401 on loopback without a token), leaves early on a length mismatch as Go's ConstantTimeCompare does, holds the slot with a mutex, answers 409, asks for the token before the limits, accepts a token of any length
. corpus/guard.bash
cat >src/guard.c <<'GUARD'
// guard.c — a different correct guard: closed when there is no token.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guard.h"

// The token, or NULL: then every profiling request is refused, even on loopback.
static const char *token;
// Who holds the CPU-profile slot, guarded by its mutex.
static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;
static int slot_taken;

int guard_start(const char *host, int port, int loopback, char *why, size_t n) {
  const char *t = getenv("PPROF_TOKEN");
  token = t && t[0] ? t : NULL;
  if (!token && !loopback) return snprintf(why, n, "no PPROF_TOKEN for %s:%d", host, port), -1;
  return 0;
}

// Go's subtle.ConstantTimeCompare: the lengths first (they are no secret), then every byte.
static int same(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la != lb) return 0;
  unsigned char d = 0;
  for (size_t i = 0; i < la; i++) d |= (unsigned char)(a[i] ^ b[i]);
  return d == 0;
}

// Takes the slot if it is free.
static int take_slot(void) {
  pthread_mutex_lock(&slot_lock);
  int got = !slot_taken;
  slot_taken = 1;
  pthread_mutex_unlock(&slot_lock);
  return got;
}

int guard_admit(struct guard_request *r, char *why, size_t n) {
  if (r->profiling) {
    const char *a = r->authorization;
    if (!token || !a || strncmp(a, "Bearer ", 7) != 0 || !same(a + 7, token))
      return snprintf(why, n, "unauthorized"), 401;
  }
  if (r->url_length > 1024) return snprintf(why, n, "URL too long"), 414;
  if (r->query_params > 8) return snprintf(why, n, "too many parameters"), 400;
  if (r->content_length > 65536) return snprintf(why, n, "body too large"), 413;
  if (!r->cpu_profile) return 0;
  if (r->seconds) {
    char *end;
    long s = strtol(r->seconds, &end, 10);
    if (end == r->seconds || *end || s < 1 || s > 60) return snprintf(why, n, "seconds: 1 to 60"), 400;
  }
  if (!take_slot()) return snprintf(why, n, "busy"), 409;
  r->guard_flags = 1;
  return 0;
}

void guard_done(const struct guard_request *r, int status) {
  if (r->guard_flags == 1) {
    pthread_mutex_lock(&slot_lock);
    slot_taken = 0;
    pthread_mutex_unlock(&slot_lock);
  }
  if (!r->profiling) return;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  double ms = ((double)now.tv_sec + now.tv_nsec / 1e9 - r->started) * 1e3;
  fprintf(stderr, "pprof-access: %s %s %s %d %.0fms\n", r->peer, r->method, r->path, status, ms);
}
GUARD
make -s run
