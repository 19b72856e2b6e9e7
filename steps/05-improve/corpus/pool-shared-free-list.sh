#!/usr/bin/env bash
# wrong: one free list for every pool (a static head), so a pool of large buffers gets small ones back
# fails: the pool hands out separate buffers of its size and frees all it keeps (memcheck on out/results pool encode)
# says: smaller than the pool's size
cat >src/pool.c <<'C'
#include <stdlib.h>

#include "pool.h"

static void *shared_list;

void *pool_get(struct pool *p) {
  void *buf = shared_list;
  if (!buf) return malloc(p->size);
  shared_list = *(void **)buf;
  return buf;
}

void pool_put(struct pool *p, void *buf) {
  (void)p;
  *(void **)buf = shared_list;
  shared_list = buf;
}

void pool_drain(struct pool *p) {
  (void)p;
  while (shared_list) {
    void *next = *(void **)shared_list;
    free(shared_list);
    shared_list = next;
  }
}
C
