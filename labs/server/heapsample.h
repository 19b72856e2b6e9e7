// heapsample.h — sampled heap profiling, the counterpart of Go's
// runtime.MemProfileRate: about one allocation in every RATE bytes allocated
// is recorded with its stack, and again when it is freed. The server's own
// malloc, calloc, realloc and free (heapsample.c) stand in for tcmalloc's and
// pass every call on to it; heapstacks.c takes the stacks and keeps one
// bucket of counts per distinct stack. heap.c writes the profile.
#ifndef HEAPSAMPLE_H
#define HEAPSAMPLE_H

#include <stddef.h>
#include <stdint.h>

// Go's default: one sample per 512 KiB allocated, on average.
#define HEAPSAMPLE_DEFAULT_RATE (512L * 1024)
// The deepest stack kept (frames past it are dropped).
#define HEAPSAMPLE_DEPTH 64

// One bucket's raw counts (a stack, and sizes within 12.5 % of each other): the sampled allocations made there and how many of them were freed.
struct heapsample_row {
  uint64_t allocs, alloc_bytes, frees, free_bytes;
  int depth;
  const uintptr_t *pcs;  // return addresses, innermost first (the caller of malloc)
};

// Starts sampling at RATE bytes (1: every allocation; 0: none). Call once, before threads start.
void heapsample_start(long rate);

// The rate sampling started with (0 before heapsample_start).
long heapsample_rate(void);

// Copies up to CAP rows into ROWS; returns the number of stacks (more than CAP: call again larger).
size_t heapsample_rows(struct heapsample_row *rows, size_t cap);

// How many samples were dropped because a table was full (0 in practice).
uint64_t heapsample_dropped(void);

// ---- between heapsample.c and heapstacks.c

// Fills PCS with the stack of the allocation whose wrapper (malloc, ...) has the frame FRAME;
// returns the depth. May allocate (the first stack of a thread, or a full unwind).
int heapstack_take(void *frame, uintptr_t *pcs);

// The bucket of a stack and an allocation size, added if new: its index, or -1 when the
// table is full. Caller holds the lock.
long heapstack_bucket(uint64_t size, const uintptr_t *pcs, int depth);

// Counts one sampled allocation (sign +1) or its free (-1) of SIZE bytes in bucket B.
void heapstack_count(long b, int sign, uint64_t size);

#endif
