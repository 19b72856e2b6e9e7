// heapstacks.c — the stacks of sampled allocations and their buckets.
//
// A stack is read by frame pointers: the workbook builds everything with
// -fno-omit-frame-pointer, so from the malloc wrapper's frame each saved frame
// pointer leads to the caller's, a handful of loads per frame. That chain is
// only sound while the frames belong to code built that way, this executable.
// When malloc's caller is elsewhere (glibc's strdup or vasprintf,
// libmicrohttpd: built without frame pointers) the chain breaks after it, and
// the stack is taken again with glibc's backtrace(), the full DWARF unwinder:
// slower, but only for the few allocations that are sampled.
#ifdef HAVE_TCMALLOC
#include <execinfo.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "heapsample.h"

// The most buckets (distinct stacks and size classes) kept: a server has hundreds.
#define MAX_BUCKETS (1 << 15)

// One distinct stack and size class, and its counts (updated atomically, read without the lock).
struct bucket {
  uint64_t hash, size_class;
  int depth;
  uintptr_t pcs[HEAPSAMPLE_DEPTH];
  _Atomic uint64_t allocs, alloc_bytes, frees, free_bytes;
};

// The buckets, in the order they were made (they never move or go); untouched pages cost nothing.
static struct bucket buckets[MAX_BUCKETS];
static _Atomic long nbuckets;
// Open addressing from a stack's hash to its bucket number + 1 (0: empty); written under the lock.
static uint32_t slots[2 * MAX_BUCKETS];

// The first and last address of this executable's code (from the linker), built with frame pointers.
extern char __executable_start[], etext[];

// This thread's stack, [lo, hi), found once: the frame walk never reads outside it.
static __thread uintptr_t stack_lo, stack_hi __attribute__((tls_model("initial-exec")));

// Finds this thread's stack bounds (pthread_getattr_np may allocate: the caller is marked busy).
static int stack_bounds(void) {
  if (stack_hi) return 0;
  pthread_attr_t attr;
  void *addr;
  size_t size;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return -1;
  int bad = pthread_attr_getstack(&attr, &addr, &size);
  pthread_attr_destroy(&attr);
  if (bad) return -1;
  stack_lo = (uintptr_t)addr, stack_hi = (uintptr_t)addr + size;
  return 0;
}

// Follows saved frame pointers from FRAME: each frame holds the caller's frame and a return address.
static int walk_frames(uintptr_t *fp, uintptr_t *pcs) {
  int depth = 0;
  while (depth < HEAPSAMPLE_DEPTH && fp[1]) {
    pcs[depth++] = fp[1];
    uintptr_t *next = (uintptr_t *)fp[0];
    if (next <= fp || (uintptr_t)(next + 2) > stack_hi || ((uintptr_t)next & 7)) break;
    fp = next;
  }
  return depth;
}

// Takes the stack again with the full unwinder, from malloc's caller LEAF on; keeps DEPTH if it cannot.
static int unwind_fully(uintptr_t leaf, uintptr_t *pcs, int depth) {
  void *raw[HEAPSAMPLE_DEPTH + 8];
  int n = backtrace(raw, HEAPSAMPLE_DEPTH + 8), k = 0;
  while (k < n && (uintptr_t)raw[k] != leaf) k++;  // skip the sampler's own frames
  if (k == n) return depth;
  for (depth = 0; k < n && depth < HEAPSAMPLE_DEPTH; k++) pcs[depth++] = (uintptr_t)raw[k];
  return depth;
}

int heapstack_take(void *frame, uintptr_t *pcs) {
  uintptr_t *fp = frame;
  if (stack_bounds() != 0 || (uintptr_t)fp < stack_lo || (uintptr_t)(fp + 2) > stack_hi) {
    pcs[0] = fp[1];  // the caller of malloc, from the wrapper's own frame
    return 1;
  }
  int depth = walk_frames(fp, pcs);
  int own = pcs[0] >= (uintptr_t)__executable_start && pcs[0] < (uintptr_t)etext;
  return own ? depth : unwind_fully(pcs[0], pcs, depth);
}

// Rounds a size up to three significant bits (8 classes per power of two), so the sizes
// in one bucket are within 12.5 % of each other: the pprofs scale a row by its average
// size, and Go keys its buckets by size for the same reason.
static uint64_t size_class(uint64_t size) {
  if (size < 16) return size;
  int shift = 63 - __builtin_clzll(size) - 3;
  return (size + (1ULL << shift) - 1) >> shift << shift;
}

// FNV-1a over the size class and the return addresses.
static uint64_t stack_hash(uint64_t size_class, const uintptr_t *pcs, int depth) {
  uint64_t h = (0xcbf29ce484222325ULL ^ size_class) * 0x100000001b3ULL;
  for (int i = 0; i < depth; i++) h = (h ^ pcs[i]) * 0x100000001b3ULL;
  return h;
}

long heapstack_bucket(uint64_t size, const uintptr_t *pcs, int depth) {
  uint64_t c = size_class(size), h = stack_hash(c, pcs, depth);
  size_t mask = sizeof slots / sizeof slots[0] - 1, i = h & mask;
  for (; slots[i]; i = (i + 1) & mask) {
    struct bucket *b = &buckets[slots[i] - 1];
    if (b->hash == h && b->size_class == c && b->depth == depth &&
        memcmp(b->pcs, pcs, (size_t)depth * sizeof *pcs) == 0)
      return slots[i] - 1;
  }
  long n = atomic_load(&nbuckets);
  if (n == MAX_BUCKETS) return -1;
  struct bucket *b = &buckets[n];
  b->hash = h, b->size_class = c, b->depth = depth;
  memcpy(b->pcs, pcs, (size_t)depth * sizeof *pcs);
  slots[i] = (uint32_t)n + 1;
  atomic_store(&nbuckets, n + 1);  // publishes the filled bucket to heapsample_rows
  return n;
}

void heapstack_count(long i, int sign, uint64_t size) {
  struct bucket *b = &buckets[i];
  if (sign > 0) {
    atomic_fetch_add(&b->allocs, 1);
    atomic_fetch_add(&b->alloc_bytes, size);
  } else {
    atomic_fetch_add(&b->frees, 1);
    atomic_fetch_add(&b->free_bytes, size);
  }
}

size_t heapsample_rows(struct heapsample_row *rows, size_t cap) {
  long n = atomic_load(&nbuckets);
  for (long i = 0; i < n && (size_t)i < cap; i++) {
    struct bucket *b = &buckets[i];
    struct heapsample_row *r = &rows[i];
    r->frees = atomic_load(&b->frees), r->free_bytes = atomic_load(&b->free_bytes);  // frees first: never more than allocs
    r->allocs = atomic_load(&b->allocs), r->alloc_bytes = atomic_load(&b->alloc_bytes);
    r->depth = b->depth, r->pcs = b->pcs;
  }
  return (size_t)n;
}

#endif
