// tally.h — the lock experiment: worker threads score items (the expensive part)
// and count the scores in a shared table of buckets (the cheap part).
#ifndef TALLY_H
#define TALLY_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

// Buckets of the shared table.
#define TALLY_BUCKETS 1024
// Locks of the sharded table: bucket b belongs to shard b % TALLY_SHARDS.
#define TALLY_SHARDS 64
// Mixing rounds per item: about 20 us of work, standing in for parsing and scoring a document.
#define SCORE_ROUNDS 10000
// Items each worker scores in one benchmark operation.
#define TALLY_ITEMS 2000

// The shared table: one lock for the whole table (the before), one per shard (the after).
struct tally {
  pthread_mutex_t lock;
  pthread_mutex_t shard_locks[TALLY_SHARDS];
  uint64_t counts[TALLY_BUCKETS];
};

// How a worker adds an item to the table.
typedef void (*tally_add_fn)(struct tally *t, uint64_t key);

// The score of one item: slow, and it reads nothing but its key.
uint64_t score_item(uint64_t key);

// The before (tally_locked.c): one lock, the scoring done while holding it.
void tally_add_locked(struct tally *t, uint64_t key);

// The after (tally_sharded.c): score first, then lock only the bucket's shard.
void tally_add_sharded(struct tally *t, uint64_t key);

// Starts `workers` threads that add keys 0 .. workers * items - 1 with `add`, waits
// for them, and puts a checksum of the bucket counts in *sum. Returns 0, or -1 with
// errno set if a thread could not start.
int tally_run(long items, int workers, tally_add_fn add, uint64_t *sum);

// The mutexes the calling thread holds now, as out/tally-watch counts them
// (src/lock_watch.c); always 0 in the other programs.
extern __thread int tally_locks_held;

// Prints "scorings: N, while holding a lock: L": the score_item calls of this
// process so far, and those made while their thread held a mutex.
void tally_scoring_stats(FILE *out);

#endif
