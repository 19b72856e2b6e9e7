// tally_locked.c — the "before" of the lock experiment, as in step 03: one lock
// for the whole table, and the expensive scoring done while holding it.
#include "tally.h"

//> add-locked
void tally_add_locked(struct tally *t, uint64_t key) {
  pthread_mutex_lock(&t->lock);
  uint64_t bucket = score_item(key) % TALLY_BUCKETS;  // every other worker waits meanwhile
  t->counts[bucket]++;
  pthread_mutex_unlock(&t->lock);
}
//< add-locked
