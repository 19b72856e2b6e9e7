// clock.h — the monotonic clock in nanoseconds, for the workloads, the harness
// and the server (one definition instead of a copy in every file that times).
#ifndef CLOCK_H
#define CLOCK_H

#include <stdint.h>
#include <time.h>

// Nanoseconds on the monotonic clock (only differences mean anything).
static inline int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

// Seconds since the Unix epoch, with the fraction (CLOCK_REALTIME): timestamps a client reads.
static inline double unix_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
