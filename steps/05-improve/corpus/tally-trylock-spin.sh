#!/usr/bin/env bash
# wrong: spins on pthread_mutex_trylock of the one table lock, the scoring still inside it
# fails: the sharded tally cuts the total mutex delay by at least 95%
# says: the median total mutex delay down at least 95%
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
