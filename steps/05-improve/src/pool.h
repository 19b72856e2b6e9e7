// pool.h — a pool of equal-sized buffers, the C counterpart of Go's sync.Pool:
// take a buffer, use it, give it back, and the next pool_get reuses it instead of
// asking malloc again. One pool belongs to one thread (it takes no lock).
#ifndef POOL_H
#define POOL_H

#include <stddef.h>

// The pool: the size of its buffers, and the buffers given back and not yet reused.
struct pool {
  size_t size;      // bytes per buffer; at least sizeof(void *)
  void *free_list;  // a given-back buffer, whose first bytes point to the next one (or NULL)
};

// An empty pool of buffers of SIZE bytes.
#define POOL_INIT(SIZE) {.size = (SIZE), .free_list = NULL}

// A buffer of p->size bytes (its contents are whatever was there), or NULL if memory ran out.
void *pool_get(struct pool *p);

// Gives a buffer from pool_get back to the pool.
void pool_put(struct pool *p, void *buf);

// Frees every buffer the pool keeps; the pool stays usable.
void pool_drain(struct pool *p);

#endif
