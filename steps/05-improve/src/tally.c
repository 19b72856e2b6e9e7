// tally.c — the lock experiment's table and workers, shared by the before
// (tally_locked.c) and the after (tally_sharded.c).
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

#include "tally.h"

// Most threads one run may start.
#define MAX_WORKERS 64

// One worker's share: keys first .. first + items - 1, added with add.
struct tally_job {
  struct tally *table;
  tally_add_fn add;
  uint64_t first;
  long items;
};

__thread int tally_locks_held;

// The scorings of this process: how many, and how many began while their
// thread held a mutex (tally_locks_held, which only out/tally-watch keeps).
static _Atomic long scorings, scorings_locked;

// Counts one scoring, and whether its thread holds a mutex meanwhile.
static void note_scoring(void) {
  atomic_fetch_add_explicit(&scorings, 1, memory_order_relaxed);
  if (tally_locks_held > 0) atomic_fetch_add_explicit(&scorings_locked, 1, memory_order_relaxed);
}

//> score-item
// SCORE_ROUNDS rounds of multiply-xorshift mixing: CPU work that touches no shared data.
__attribute__((noinline)) uint64_t score_item(uint64_t key) {
  note_scoring();
  uint64_t x = key + 1;
  for (int i = 0; i < SCORE_ROUNDS; i++) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 29;
  }
  return x;
}
//< score-item

// Thread entry: adds the job's keys one by one.
static void *tally_worker(void *arg) {
  const struct tally_job *job = arg;
  for (long i = 0; i < job->items; i++) job->add(job->table, job->first + (uint64_t)i);
  return NULL;
}

// FNV-style hash of the bucket counts: equal tables give equal checksums.
static uint64_t counts_checksum(const struct tally *t) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (int b = 0; b < TALLY_BUCKETS; b++) h = (h ^ t->counts[b]) * 0x100000001b3ULL;
  return h;
}

// Sets up an empty table with all its locks.
static void tally_init(struct tally *t) {
  pthread_mutex_init(&t->lock, NULL);
  for (int s = 0; s < TALLY_SHARDS; s++) pthread_mutex_init(&t->shard_locks[s], NULL);
  for (int b = 0; b < TALLY_BUCKETS; b++) t->counts[b] = 0;
}

// Releases the table's locks.
static void tally_destroy(struct tally *t) {
  pthread_mutex_destroy(&t->lock);
  for (int s = 0; s < TALLY_SHARDS; s++) pthread_mutex_destroy(&t->shard_locks[s]);
}

int tally_run(long items, int workers, tally_add_fn add, uint64_t *sum) {
  if (items < 0 || workers < 1 || workers > MAX_WORKERS) {
    errno = EINVAL;
    return -1;
  }
  struct tally table;
  pthread_t threads[MAX_WORKERS];
  struct tally_job jobs[MAX_WORKERS];
  tally_init(&table);
  int started = 0;
  for (; started < workers; started++) {
    jobs[started] = (struct tally_job){&table, add, (uint64_t)started * (uint64_t)items, items};
    if (pthread_create(&threads[started], NULL, tally_worker, &jobs[started]) != 0) break;
  }
  for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
  *sum = counts_checksum(&table);
  tally_destroy(&table);
  if (started < workers) {
    errno = EAGAIN;
    return -1;
  }
  return 0;
}

void tally_scoring_stats(FILE *out) {
  fprintf(out, "scorings: %ld, while holding a lock: %ld\n", atomic_load(&scorings), atomic_load(&scorings_locked));
}
