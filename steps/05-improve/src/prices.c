// prices.c — the copy-on-write experiment's table and threads, shared by the
// before (prices_locked.c) and the after (prices_cow.c).
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/helgrind.h>

#include "prices.h"

// Most reader threads one run may start.
#define MAX_READERS 64

const struct price_ops prices_locked = {prices_acquire_locked, prices_release_locked, prices_update_locked};
const struct price_ops prices_cow = {prices_acquire_cow, prices_release_cow, prices_update_cow};

int price_from(long k) { return (int)(k * 7 % PRICE_ITEMS); }
int price_to(long k) { return (int)((k * 13 + 5) % PRICE_ITEMS); }
int64_t price_amount(long k) { return k % 50 + 1; }

int prices_init(struct price_table *t) {
  struct prices *first = calloc(1, sizeof *first);
  if (!first) return -1;
  for (int i = 0; i < PRICE_ITEMS; i++) first->price[i] = PRICE_START;
  pthread_mutex_init(&t->lock, NULL);
  atomic_init(&t->current, first);
  // Helgrind does not know C11's memory orders: to it a release store is a plain
  // store, and a race. The pointer is atomic; what it points to is still checked.
  VALGRIND_HG_DISABLE_CHECKING(&t->current, sizeof t->current);
  return 0;
}

void prices_free(struct price_table *t) {
  struct prices *v = atomic_load(&t->current);
  while (v) {
    struct prices *older = v->older;
    free(v);
    v = older;
  }
  atomic_store(&t->current, NULL);
  VALGRIND_HG_ENABLE_CHECKING(&t->current, sizeof t->current);
  pthread_mutex_destroy(&t->lock);
}

// The rounds of one run: in each, the readers read while the writer makes one
// update. Between rounds everybody waits at `round`, so that a reader reads a
// version only after the writer published it: helgrind (which does not know
// C11's memory orders) then sees every write that made a version come before
// every read of it, and any write to a version while it is read as a race.
struct price_rounds {
  struct price_table *table;
  const struct price_ops *ops;
  pthread_barrier_t round;
  const struct prices *published;  // the version the readers read this round
  long rounds, reads;              // rounds, and reads per reader per round
};

// One reader: the run, and how many of its reads saw a total other than PRICE_ITEMS * PRICE_START.
struct price_reader {
  struct price_rounds *run;
  long torn;
};

// The sum of a version's prices.
static int64_t prices_total(const struct prices *v) {
  int64_t total = 0;
  for (int i = 0; i < PRICE_ITEMS; i++) total += v->price[i];
  return total;
}

//> price-reader
// Thread entry: in each round, reads the list `reads` times, each time from
// one version; checks the version of the round (a newer one, published since,
// is left alone: the round's barrier did not order its writes before this read).
static void *price_reader(void *arg) {
  struct price_reader *r = arg;
  struct price_rounds *run = r->run;
  for (long k = 0; k < run->rounds; k++) {
    pthread_barrier_wait(&run->round);  // the round begins: run->published is set
    for (long i = 0; i < run->reads; i++) {
      const struct prices *v = run->ops->acquire(run->table);
      if (v == run->published && prices_total(v) != (int64_t)PRICE_ITEMS * PRICE_START) r->torn++;
      run->ops->release(run->table, v);
    }
    pthread_barrier_wait(&run->round);  // the round ends: the writer's update is done too
  }
  return NULL;
}
//< price-reader

// FNV-style hash of a version's prices and number, and of the torn reads.
static uint64_t prices_checksum(const struct prices *v, long torn) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (int i = 0; i < PRICE_ITEMS; i++) h = (h ^ (uint64_t)v->price[i]) * 0x100000001b3ULL;
  h = (h ^ v->version) * 0x100000001b3ULL;
  return (h ^ (uint64_t)torn) * 0x100000001b3ULL;
}

// The writer: publishes the current version to the readers, then makes update k
// while they read it, for each round; -1 if memory ran out (the rounds still end).
static int price_writer(struct price_rounds *run) {
  int rc = 0;
  for (long k = 0; k < run->rounds; k++) {
    run->published = run->ops->acquire(run->table);
    run->ops->release(run->table, run->published);
    pthread_barrier_wait(&run->round);
    if (rc == 0 && run->ops->update(run->table, price_from(k), price_to(k), price_amount(k)) != 0) rc = -1;
    pthread_barrier_wait(&run->round);
  }
  return rc;
}

// Starts the readers; a thread that cannot start ends the program (the others would wait for it forever).
static void start_readers(pthread_t *threads, struct price_reader *jobs, int readers, struct price_rounds *run) {
  for (int i = 0; i < readers; i++) {
    jobs[i] = (struct price_reader){run, 0};
    int rc = pthread_create(&threads[i], NULL, price_reader, &jobs[i]);
    if (rc != 0) {
      fprintf(stderr, "prices: cannot start reader %d: %s\n", i + 1, strerror(rc));
      exit(1);
    }
  }
}

long prices_run(const struct price_ops *ops, int readers, long reads, long updates, uint64_t *sum) {
  if (readers < 1 || readers > MAX_READERS || reads < 0 || updates < 0) {
    errno = EINVAL;
    return -1;
  }
  struct price_table table;
  struct price_rounds run = {&table, ops, .rounds = updates, .reads = reads};
  pthread_t threads[MAX_READERS];
  struct price_reader jobs[MAX_READERS];
  if (prices_init(&table) != 0) return -1;
  pthread_barrier_init(&run.round, NULL, (unsigned)readers + 1);
  start_readers(threads, jobs, readers, &run);
  int wrote = price_writer(&run);
  long torn = 0;
  for (int i = 0; i < readers; i++) {
    pthread_join(threads[i], NULL);
    torn += jobs[i].torn;
  }
  pthread_barrier_destroy(&run.round);
  const struct prices *last = ops->acquire(&table);
  *sum = prices_checksum(last, torn);
  ops->release(&table, last);
  prices_free(&table);
  if (wrote != 0) {
    errno = ENOMEM;
    return -1;
  }
  return torn;
}
