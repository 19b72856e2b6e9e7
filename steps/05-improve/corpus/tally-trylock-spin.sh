#!/usr/bin/env bash
# wrong: spins on pthread_mutex_trylock of the one table lock, the scoring still inside it
# fails: the sharded tally scores every item outside its locks
# says: 400 of 400 scorings ran while the worker was holding a lock
cat >src/tally_sharded.c <<'C'
#include <errno.h>

#include "tally.h"

void tally_add_sharded(struct tally *t, uint64_t key) {
  while (pthread_mutex_trylock(&t->lock) == EBUSY) {
  }
  uint64_t bucket = score_item(key) % TALLY_BUCKETS;
  t->counts[bucket]++;
  pthread_mutex_unlock(&t->lock);
}
C
