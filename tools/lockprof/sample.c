// sample.c — the sampling rules, with Go's semantics: the mutex profile keeps
// 1 in N contention events; the block profile keeps every wait of at least R ns
// and a shorter wait of d ns with probability d/R, counted R/d times so the
// totals stay unbiased.
#include <time.h>
#include <unistd.h>

#include "internal.h"

_Atomic int lp_mutex_fraction;
_Atomic long lp_block_rate;
_Atomic int lp_enabled;
__thread struct lp_thread lp_self __attribute__((tls_model("initial-exec")));

// Monotonic nanoseconds.
int64_t lp_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

// xorshift64*, seeded per thread from the clock and the state's own address.
uint64_t lp_random(void) {
  uint64_t x = lp_self.rng;
  if (x == 0) x = (uint64_t)lp_now_ns() ^ (uint64_t)(uintptr_t)&lp_self ^ 0x9e3779b97f4a7c15ULL;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  lp_self.rng = x;
  return x * 0x2545f4914f6cdd1dULL;
}

int lp_mutex_sampled(void) {
  int n = atomic_load_explicit(&lp_mutex_fraction, memory_order_relaxed);
  return n > 0 && lp_random() % (uint64_t)n == 0;
}

LP_CODE void lp_block_event(int64_t ns) {
  long rate = atomic_load_explicit(&lp_block_rate, memory_order_relaxed);
  if (rate <= 0) return;
  if (ns < 0) ns = 0;
  if (ns >= rate) {
    lp_record(&lp_tables[LOCKPROF_BLOCK], LP_COUNT_ONE, (uint64_t)ns);
    return;
  }
  if (lp_random() % (uint64_t)rate >= (uint64_t)ns) return;
  // Kept with probability ns/rate: stands for rate/ns such waits, rate ns in all.
  uint64_t count = ns > 0 ? LP_COUNT_ONE * (uint64_t)rate / (uint64_t)ns : LP_COUNT_ONE * (uint64_t)rate;
  lp_record(&lp_tables[LOCKPROF_BLOCK], count, (uint64_t)rate);
}

void lp_update_enabled(void) {
  int on = atomic_load(&lp_mutex_fraction) > 0 || atomic_load(&lp_block_rate) > 0;
  atomic_store(&lp_enabled, on);
}

int lockprof_set_mutex_fraction(int n) {
  int old = atomic_exchange(&lp_mutex_fraction, n < 0 ? 0 : n);
  lp_update_enabled();
  return old;
}

long lockprof_set_block_rate(long ns) {
  long old = atomic_exchange(&lp_block_rate, ns < 0 ? 0 : ns);
  lp_update_enabled();
  return old;
}

int lockprof_mutex_fraction(void) { return atomic_load(&lp_mutex_fraction); }

long lockprof_block_rate(void) { return atomic_load(&lp_block_rate); }
