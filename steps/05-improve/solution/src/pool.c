// pool.c — the "after" of the allocation experiment: a free list of buffers.
// A given-back buffer stores the link to the next one in its own first bytes,
// so the list costs no memory of its own.
#include <stdlib.h>

#include "pool.h"

//> pool
// Pops the most recently given-back buffer (still warm in the cache), or mallocs one.
void *pool_get(struct pool *p) {
  void *buf = p->free_list;
  if (!buf) return malloc(p->size);
  p->free_list = *(void **)buf;
  return buf;
}

// Pushes the buffer on the list for the next pool_get.
void pool_put(struct pool *p, void *buf) {
  *(void **)buf = p->free_list;
  p->free_list = buf;
}

// Frees the whole list.
void pool_drain(struct pool *p) {
  while (p->free_list) {
    void *next = *(void **)p->free_list;
    free(p->free_list);
    p->free_list = next;
  }
}
//< pool
