#!/usr/bin/env bash
# right: a memo table filled once, a pool that keeps one buffer and frees the rest, and atomic counts with no lock
cat >src/fib_fast.c <<'C'
#include "fib.h"

// fib(0) .. fib(FIB_MAX), each computed once, on first need.
static long memo[FIB_MAX + 1];
static int known = 2;

long fib_fast(int n) {
  if (known == 2) memo[1] = 1;
  for (; known <= n; known++) memo[known] = memo[known - 1] + memo[known - 2];
  return memo[n];
}
C
cat >src/pool.c <<'C'
#include <stdlib.h>

#include "pool.h"

// The pool keeps at most one buffer: enough for one frame at a time.
void *pool_get(struct pool *p) {
  void *buf = p->free_list;
  p->free_list = NULL;
  return buf ? buf : malloc(p->size);
}

void pool_put(struct pool *p, void *buf) {
  if (p->free_list) {
    free(buf);
    return;
  }
  p->free_list = buf;
}

void pool_drain(struct pool *p) {
  free(p->free_list);
  p->free_list = NULL;
}
C
cat >src/tally_sharded.c <<'C'
#include "tally.h"

// No lock at all: the increment itself is atomic.
void tally_add_sharded(struct tally *t, uint64_t key) {
  uint64_t bucket = score_item(key) % TALLY_BUCKETS;
  __atomic_fetch_add(&t->counts[bucket], 1, __ATOMIC_RELAXED);
}
C
make -s build profile-files >/dev/null  # the profiles check compares them with this build
