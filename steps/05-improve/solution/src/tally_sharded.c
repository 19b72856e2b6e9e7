// tally_sharded.c — the "after" of the lock experiment: the same counts, with
// the workers rarely waiting for each other.
#include "tally.h"

//> add-sharded
// Scores outside any lock, then holds only the bucket's shard lock, for one increment.
void tally_add_sharded(struct tally *t, uint64_t key) {
  uint64_t bucket = score_item(key) % TALLY_BUCKETS;
  pthread_mutex_t *shard = &t->shard_locks[bucket % TALLY_SHARDS];
  pthread_mutex_lock(shard);
  t->counts[bucket]++;
  pthread_mutex_unlock(shard);
}
//< add-sharded
