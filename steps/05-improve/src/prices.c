// prices.c — the copy-on-write experiment's table and threads, shared by the
// before (prices_locked.c) and the after (prices_cow.c).
#include <errno.h>
#include <stdlib.h>
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

// One reader's share: its reads, and how many of them saw a total other than PRICE_ITEMS * PRICE_START.
struct price_reader {
  struct price_table *table;
  const struct price_ops *ops;
  long reads;
  long torn;
  _Atomic int *writing;  // 1 while the writer has updates to make
};

// The sum of a version's prices.
static int64_t prices_total(const struct prices *v) {
  int64_t total = 0;
  for (int i = 0; i < PRICE_ITEMS; i++) total += v->price[i];
  return total;
}

//> price-reader
// Thread entry: reads the whole list `reads` times and until the writer is
// done, each time from one version.
static void *price_reader(void *arg) {
  struct price_reader *r = arg;
  for (long i = 0; i < r->reads || atomic_load(r->writing); i++) {
    const struct prices *v = r->ops->acquire(r->table);
    if (prices_total(v) != (int64_t)PRICE_ITEMS * PRICE_START) r->torn++;
    r->ops->release(r->table, v);
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

// The writer: the updates 0 .. updates - 1, in order; -1 if memory ran out.
static int price_writer(struct price_table *t, const struct price_ops *ops, long updates) {
  for (long k = 0; k < updates; k++)
    if (ops->update(t, price_from(k), price_to(k), price_amount(k)) != 0) return -1;
  return 0;
}

long prices_run(const struct price_ops *ops, int readers, long reads, long updates, uint64_t *sum) {
  if (readers < 1 || readers > MAX_READERS || reads < 0 || updates < 0) {
    errno = EINVAL;
    return -1;
  }
  struct price_table table;
  pthread_t threads[MAX_READERS];
  struct price_reader jobs[MAX_READERS];
  if (prices_init(&table) != 0) return -1;
  int started = 0;
  _Atomic int writing = 1;
  for (; started < readers; started++) {
    jobs[started] = (struct price_reader){&table, ops, reads, 0, &writing};
    if (pthread_create(&threads[started], NULL, price_reader, &jobs[started]) != 0) break;
  }
  int wrote = price_writer(&table, ops, updates);
  atomic_store(&writing, 0);
  long torn = 0;
  for (int i = 0; i < started; i++) {
    pthread_join(threads[i], NULL);
    torn += jobs[i].torn;
  }
  const struct prices *last = ops->acquire(&table);
  *sum = prices_checksum(last, torn);
  ops->release(&table, last);
  prices_free(&table);
  if (started < readers || wrote != 0) {
    errno = started < readers ? EAGAIN : ENOMEM;
    return -1;
  }
  return torn;
}
