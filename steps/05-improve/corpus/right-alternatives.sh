#!/usr/bin/env bash
# right: a memo table filled once, a pool that keeps one buffer and frees the rest, atomic counts with no lock, a frame on the stack, and copy-on-write published by atomic_exchange
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
cat >src/encode_reuse.c <<'C'
#include "encode.h"

// The frame on the stack: no allocation at all.
int encode_batch_reused(const struct record *recs, long n, uint64_t *sum) {
  unsigned char frame[FRAME_BYTES];
  *sum = 0;
  for (long i = 0; i < n; i++) *sum += frame_checksum(&recs[i], frame);
  return 0;
}
C
cat >src/prices_cow.c <<'C'
#include <stdatomic.h>
#include <stdlib.h>

#include "prices.h"

const struct prices *prices_acquire_cow(struct price_table *t) {
  return atomic_load(&t->current);
}

void prices_release_cow(struct price_table *t, const struct prices *v) {
  (void)t;
  (void)v;
}

// Builds the copy field by field, then swaps it in: the old version comes back from the exchange.
int prices_update_cow(struct price_table *t, int from, int to, int64_t amount) {
  struct prices *next = malloc(sizeof *next);
  if (!next) return -1;
  pthread_mutex_lock(&t->lock);
  const struct prices *old = atomic_load(&t->current);
  *next = *old;
  next->price[from] -= amount;
  next->price[to] += amount;
  next->version++;
  next->older = (struct prices *)old;
  if (atomic_exchange(&t->current, next) != old) abort();
  pthread_mutex_unlock(&t->lock);
  return 0;
}
C
make -s build profile-files >/dev/null  # the profiles check compares them with this build
