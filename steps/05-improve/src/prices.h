// prices.h — the copy-on-write experiment: a price list that reader threads
// read all the time and one writer rarely changes. Each update moves an amount
// from one item to another, so the prices of every consistent version add up
// to PRICE_ITEMS * PRICE_START: a reader that sees another total saw a
// version half written.
#ifndef PRICES_H
#define PRICES_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

// Items in the price list.
#define PRICE_ITEMS 64
// Each item's price in the first version.
#define PRICE_START 1000

// One version of the price list.
struct prices {
  uint64_t version;              // how many updates it includes
  int64_t price[PRICE_ITEMS];    // the prices, which always add up to PRICE_ITEMS * PRICE_START
  struct prices *older;          // the version this one replaced (NULL for the first)
};

// The table: the version readers see now, and a lock.
struct price_table {
  pthread_mutex_t lock;            // the before's: readers and the writer take turns
  struct prices *_Atomic current;  // the version readers see now
};

// Sets up a table whose first version has every price at PRICE_START; -1 if memory ran out.
int prices_init(struct price_table *t);

// Frees the current version and every older one it links to (no reader may still hold one).
void prices_free(struct price_table *t);

// The before (prices_locked.c): a reader holds the table's lock from acquire to
// release, and the writer changes the one version in place under that lock.
const struct prices *prices_acquire_locked(struct price_table *t);
void prices_release_locked(struct price_table *t, const struct prices *v);
int prices_update_locked(struct price_table *t, int from, int to, int64_t amount);

// The after (prices_cow.c): readers load the current version and take no lock;
// the writer publishes a changed copy and never touches a published version.
// A version stays readable until prices_free.
const struct prices *prices_acquire_cow(struct price_table *t);
void prices_release_cow(struct price_table *t, const struct prices *v);
int prices_update_cow(struct price_table *t, int from, int to, int64_t amount);

// One way of reading and updating the table.
struct price_ops {
  const struct prices *(*acquire)(struct price_table *t);      // the version to read, until release
  void (*release)(struct price_table *t, const struct prices *v);
  int (*update)(struct price_table *t, int from, int to, int64_t amount);  // 0, or -1 if memory ran out
};
extern const struct price_ops prices_locked, prices_cow;

// The item, the destination and the amount of the writer's k-th update.
int price_from(long k);
int price_to(long k);
int64_t price_amount(long k);

// Runs `updates` rounds: in each, `readers` threads read the table `reads`
// times each while the calling thread makes one update. Waits for them, and puts
// in *sum a checksum of the last version and of the reads that saw a
// half-written one (equal for both ways when every read was consistent).
// Returns the number of such reads, or -1 with errno set if memory ran out.
long prices_run(const struct price_ops *ops, int readers, long reads, long updates, uint64_t *sum);

#endif
