#!/usr/bin/env bash
# wrong: locks only the bucket's shard, but still scores while holding it
# fails: the sharded tally scores every item outside its locks
# says: ran while the worker was holding a lock
cat >src/tally_sharded.c <<'C'
#include "tally.h"

void tally_add_sharded(struct tally *t, uint64_t key) {
  uint64_t shard = key % TALLY_SHARDS;
  pthread_mutex_lock(&t->shard_locks[shard]);
  uint64_t bucket = score_item(key) % TALLY_BUCKETS;
  if (bucket % TALLY_SHARDS == shard) {
    t->counts[bucket]++;
  } else {
    pthread_mutex_unlock(&t->shard_locks[shard]);
    pthread_mutex_lock(&t->shard_locks[bucket % TALLY_SHARDS]);
    t->counts[bucket]++;
    shard = bucket % TALLY_SHARDS;
  }
  pthread_mutex_unlock(&t->shard_locks[shard]);
}
C
