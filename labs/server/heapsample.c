// heapsample.c — the sampling half of the heap profile: this executable's own
// malloc, calloc, realloc and free. The dynamic linker resolves every caller's
// malloc (glibc's, libmicrohttpd's, ours) to the executable's definition before
// tcmalloc's, so these stand in for it and pass each call on to tcmalloc's
// tc_* functions. On the way they do what Go's allocator does for
// runtime.MemProfileRate:
//
//   - each thread counts down the bytes it allocates; when the count goes
//     below zero the allocation is sampled and a new count is drawn from an
//     exponential distribution of mean RATE, so an allocation of s bytes is
//     sampled with probability 1 - exp(-s/RATE) and both pprofs scale it back
//     by the inverse (the "heap_v2/RATE" header tells them RATE);
//   - a sampled allocation's address goes into a table of live samples, so its
//     free can be counted against the same stack. free() asks a counting
//     filter first: one load says "never sampled" for nearly every pointer.
//
// Aligned allocations (posix_memalign, aligned_alloc, memalign) go straight to
// tcmalloc and are not sampled; their free comes through here and is a miss.
#ifdef HAVE_TCMALLOC
#include <execinfo.h>
#include <gperftools/tcmalloc.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#include "heapsample.h"

// One live sampled allocation: its address (0 empty, 1 deleted), size and bucket.
struct live {
  uintptr_t ptr;
  uint64_t size;
  long bucket;
};

#define EMPTY 0
#define DELETED 1
// The counting filter's size: 2^16 counters of sampled addresses by hash.
#define FILTER_BITS 16

// The rate sampling runs at (0: off), fixed by heapsample_start.
static _Atomic long rate;
// The table of live samples (mmap'd: it must not come from the malloc it watches), under lock.
static struct live *live;
static size_t live_cap, live_used, live_deleted;
// How many live samples hash to each counter: 0 means "no sampled allocation here".
static _Atomic uint32_t filter[1 << FILTER_BITS];
static _Atomic uint64_t dropped;
// Guards the live table and the buckets. A spin lock: the lock profiler's
// wrappers stand in for pthread_mutex_lock, and this lock is held for a few
// hundred instructions at most.
static pthread_spinlock_t lock;

// Each thread's sampler.
struct sampler {
  long left;     // bytes to allocate before the next sample
  uint64_t rng;  // xorshift64* state
  int ready;     // left has been drawn
  int busy;      // inside the sampler: what it allocates itself is not sampled
};
static __thread struct sampler me __attribute__((tls_model("initial-exec")));

// ---------------------------------------------------------------- drawing the next sample

// xorshift64*, seeded per thread from the clock and the thread's own state address.
static uint64_t next_random(void) {
  uint64_t x = me.rng;
  if (x == 0) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    x = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ (uint64_t)(uintptr_t)&me ^ 0x9e3779b97f4a7c15ULL;
  }
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  me.rng = x;
  return x * 0x2545f4914f6cdd1dULL;
}

//> heap-sample-due
// Bytes until the next sample: exponential with mean R (-1 when R is 1: every allocation,
// even of 0 bytes).
static long next_interval(long r) {
  if (r == 1) return -1;
  double u = (double)((next_random() >> 11) + 1) / 9007199254740992.0;  // (0, 1]
  double bytes = -log(u) * (double)r;
  return bytes > 1e15 ? (long)1e15 : (long)bytes;
}

// The slow half of due(): draws the first count of a new thread, or the next one after a sample.
__attribute__((noinline)) static int due_slow(size_t n, long r) {
  if (!me.ready) {
    me.ready = 1;
    me.left = next_interval(r) - (long)n;
    if (me.left >= 0) return 0;
  }
  me.left = next_interval(r);
  return 1;
}

// True if this allocation of N bytes is to be sampled.
static inline int due(size_t n) {
  long r = atomic_load_explicit(&rate, memory_order_relaxed);
  if (r == 0 || me.busy) return 0;
  me.left -= (long)n;
  return me.left < 0 ? due_slow(n, r) : 0;
}
//< heap-sample-due

// ---------------------------------------------------------------- the live samples

// The filter counter of an address.
static _Atomic uint32_t *filter_slot(uintptr_t p) {
  return &filter[((p >> 4) * 0x9e3779b97f4a7c15ULL) >> (64 - FILTER_BITS)];
}

// The table slot to start probing at for an address.
static size_t live_home(uintptr_t p, size_t cap) {
  return (size_t)(((p >> 4) * 0x9e3779b97f4a7c15ULL) >> 20) & (cap - 1);
}

// Puts an entry into a table with room (no deleted slots are reused here: rebuilds clear them).
static void live_put(struct live *t, size_t cap, struct live e) {
  size_t i = live_home(e.ptr, cap);
  while (t[i].ptr > DELETED) i = (i + 1) & (cap - 1);
  t[i] = e;
}

// Rebuilds the table at twice the live count (at least 1024 slots), dropping deleted slots.
static int live_rebuild(void) {
  size_t cap = 1024;
  while (cap < 4 * (live_used + 1)) cap *= 2;
  struct live *t = mmap(NULL, cap * sizeof *t, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (t == MAP_FAILED) return -1;
  for (size_t i = 0; i < live_cap; i++)
    if (live[i].ptr > DELETED) live_put(t, cap, live[i]);
  if (live) munmap(live, live_cap * sizeof *live);
  live = t, live_cap = cap, live_deleted = 0;
  return 0;
}

// Adds a live sample (lock held); -1 if no memory for the table.
static int live_add(uintptr_t p, uint64_t size, long bucket) {
  if (2 * (live_used + live_deleted + 1) > live_cap && live_rebuild() != 0) return -1;
  size_t i = live_home(p, live_cap);
  while (live[i].ptr > DELETED) i = (i + 1) & (live_cap - 1);
  if (live[i].ptr == DELETED) live_deleted--;
  live[i] = (struct live){p, size, bucket};
  live_used++;
  atomic_fetch_add(filter_slot(p), 1);
  return 0;
}

// Removes the live sample at P (lock held) into *out; -1 if P was not sampled.
static int live_remove(uintptr_t p, struct live *out) {
  if (!live) return -1;
  for (size_t i = live_home(p, live_cap); live[i].ptr != EMPTY; i = (i + 1) & (live_cap - 1)) {
    if (live[i].ptr != p) continue;
    *out = live[i];
    live[i].ptr = DELETED;
    live_used--, live_deleted++;
    atomic_fetch_sub(filter_slot(p), 1);
    return 0;
  }
  return -1;
}

// ---------------------------------------------------------------- recording

// Records P, N bytes just allocated by the wrapper whose frame is FRAME, as a sample.
__attribute__((noinline)) static void record(void *p, size_t n, void *frame) {
  uintptr_t pcs[HEAPSAMPLE_DEPTH];
  me.busy = 1;
  int depth = heapstack_take(frame, pcs);  // before the lock: it may allocate
  pthread_spin_lock(&lock);
  long b = heapstack_bucket(n, pcs, depth);
  if (b >= 0 && live_add((uintptr_t)p, n, b) == 0) heapstack_count(b, +1, n);
  else atomic_fetch_add(&dropped, 1);
  pthread_spin_unlock(&lock);
  me.busy = 0;
}

// Counts the free of P if it was sampled. Runs before tcmalloc frees it, so its address cannot
// come back from another thread's malloc while it is still in the table.
__attribute__((noinline)) static void forget(void *p) {
  struct live e;
  pthread_spin_lock(&lock);
  if (live_remove((uintptr_t)p, &e) == 0) heapstack_count(e.bucket, -1, e.size);
  pthread_spin_unlock(&lock);
}

// True if P may be a live sample (the filter has no false "no").
static inline int maybe_sampled(void *p) {
  return p && atomic_load_explicit(filter_slot((uintptr_t)p), memory_order_relaxed) != 0;
}

// ---------------------------------------------------------------- the allocator's entry points

// malloc for the whole process: tcmalloc's, and a sample now and then.
void *malloc(size_t n) {
  void *p = tc_malloc(n);
  if (p && due(n)) record(p, n, __builtin_frame_address(0));
  return p;
}

// calloc for the whole process, sampled like malloc.
void *calloc(size_t count, size_t n) {
  void *p = tc_calloc(count, n);  // checks count * n for overflow
  if (p && due(count * n)) record(p, count * n, __builtin_frame_address(0));
  return p;
}

// A sampled block that realloc moves or resizes counts as freed, and the result as a new
// allocation. (If tcmalloc then fails, the old block stays allocated but no longer counted.)
void *realloc(void *p, size_t n) {
  if (maybe_sampled(p)) forget(p);
  void *q = tc_realloc(p, n);
  if (q && n && due(n)) record(q, n, __builtin_frame_address(0));
  return q;
}

// free for the whole process: a sampled block is counted as freed first.
void free(void *p) {
  if (maybe_sampled(p)) forget(p);
  tc_free(p);
}

// ---------------------------------------------------------------- control

void heapsample_start(long r) {
  pthread_spin_init(&lock, PTHREAD_PROCESS_PRIVATE);
  if (r > 0) {
    me.busy = 1;
    void *warm[2];
    backtrace(warm, 2);  // loads the unwinder now: the first call allocates, later ones do not
    me.busy = 0;
  }
  atomic_store(&rate, r);
}

long heapsample_rate(void) { return atomic_load(&rate); }

uint64_t heapsample_dropped(void) { return atomic_load(&dropped); }

#endif
