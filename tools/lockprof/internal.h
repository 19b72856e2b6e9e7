// internal.h — what the pieces of the lock profiler share: the settings, the
// per-thread state, the stack tables and the section that marks our own code.
#ifndef LOCKPROF_INTERNAL_H
#define LOCKPROF_INTERNAL_H

#include <stdatomic.h>
#include <stdint.h>

#include "lockprof.h"

// Deepest stack recorded (Go records 32 frames too).
#define LP_MAX_DEPTH 32
// Slots per profile (a power of two); distinct stacks beyond this are counted as dropped.
#define LP_SLOTS 4096
// Counts are kept in 1/65536ths so the block profile's debiasing (rate/wait) stays exact enough.
#define LP_COUNT_ONE 65536ULL

// Every function whose frame must not appear in a recorded stack lives in this
// section; the linker provides __start_/__stop_ symbols that bound it.
#define LP_CODE __attribute__((section("lockprof_text"), noinline))

// One distinct stack and its totals. hash is 0 while empty; ready says pcs are filled.
struct lp_slot {
  _Atomic uint64_t hash;
  _Atomic int ready;
  uint32_t depth;
  uintptr_t pcs[LP_MAX_DEPTH];
  _Atomic uint64_t count;  // in LP_COUNT_ONE units
  _Atomic uint64_t delay_ns;
};

// The fixed-size, lock-free table of one profile (static memory: no malloc, ever).
struct lp_table {
  struct lp_slot slots[LP_SLOTS];
  _Atomic uint64_t dropped;
};

// The settings (read on every lock: relaxed atomics) and the tables.
extern _Atomic int lp_mutex_fraction;
extern _Atomic long lp_block_rate;
extern _Atomic int lp_enabled;  // fraction > 0 || rate > 0
extern struct lp_table lp_tables[2];

// Per-thread state: a re-entry guard, the random generator's state, the lock
// this thread is spinning on (its tries of it failed since spin_start), if
// any, and the spin that ended at the thread's lock call in progress.
struct lp_thread {
  int busy;
  uint64_t rng;
  const void *spin_lock, *ended_lock;
  int64_t spin_start, ended_start;
};
extern __thread struct lp_thread lp_self __attribute__((tls_model("initial-exec")));

// Monotonic nanoseconds (vDSO clock: no system call, no lock).
int64_t lp_now_ns(void);

// A pseudo-random 64-bit number from this thread's generator.
uint64_t lp_random(void);

// True if a contention event should be recorded in the mutex profile (1 in fraction).
int lp_mutex_sampled(void);

// Records a wait of ns nanoseconds in the block profile if the rate says so (Go's rule).
void lp_block_event(int64_t ns);

// Adds one event (count in LP_COUNT_ONE units) with the caller's stack to a table.
void lp_record(struct lp_table *t, uint64_t count, uint64_t delay_ns);

// Recomputes lp_enabled after a setting changed.
void lp_update_enabled(void);

// Reads the knobs and output files from the environment (the constructor calls it).
void lp_init_from_env(void);

// Resolves the real pthread functions (called from the constructor and on first use).
void lp_resolve_real(void);

#endif
