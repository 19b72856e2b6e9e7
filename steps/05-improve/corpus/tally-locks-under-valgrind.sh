#!/usr/bin/env bash
# wrong: locks only under valgrind (RUNNING_ON_VALGRIND), so helgrind sees no race while the workers race natively
# fails: the sharded tally has no data race (valgrind helgrind on out/tally sharded)
# says: valgrind client request
cat >src/tally_sharded.c <<'C'
#include <valgrind/valgrind.h>

#include "tally.h"

void tally_add_sharded(struct tally *t, uint64_t key) {
  uint64_t bucket = score_item(key) % TALLY_BUCKETS;
  pthread_mutex_t *shard = &t->shard_locks[bucket % TALLY_SHARDS];
  if (RUNNING_ON_VALGRIND) pthread_mutex_lock(shard);
  t->counts[bucket]++;
  if (RUNNING_ON_VALGRIND) pthread_mutex_unlock(shard);
}
C
