// memwork.h — the allocation workload (the Go guide's mem_hot): many blocks,
// either held (a leak-like live set) or freed at once (churn).
#ifndef MEMWORK_H
#define MEMWORK_H

#include <stddef.h>

// Blocks kept alive by mem_alloc_blocks with hold set; give them back with mem_release.
struct mem_held {
  void **blocks;
  long count;
};

// Allocates count blocks of bytes each and writes into every byte. With hold the
// blocks are kept in *held; without it each is freed as soon as it is written.
// Returns 0, or -1 with errno set if memory ran out (nothing stays allocated then).
int mem_alloc_blocks(size_t bytes, long count, int hold, struct mem_held *held);

// Frees the blocks kept by mem_alloc_blocks.
void mem_release(struct mem_held *held);

#endif
