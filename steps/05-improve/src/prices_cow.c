// prices_cow.c — the "after" of the copy-on-write experiment: readers that
// never wait, because no version they can see ever changes.
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "prices.h"

//> prices-cow
const struct prices *prices_acquire_cow(struct price_table *t) {
  // TODO: take no lock: load t->current with one atomic load
  // (atomic_load_explicit(&t->current, memory_order_acquire)) and return it.
  // Until then this falls back to the before, which locks the table.
  return prices_acquire_locked(t);
}

void prices_release_cow(struct price_table *t, const struct prices *v) {
  // TODO: with no lock taken there is nothing to give back.
  prices_release_locked(t, v);
}

int prices_update_cow(struct price_table *t, int from, int to, int64_t amount) {
  // TODO: never change the published version: malloc a new one, copy the current
  // one into it, change the copy (the two prices, and version + 1), link the old
  // one in next->older (a reader may still hold it: prices_free frees them all),
  // and publish the copy with one atomic store:
  // atomic_store_explicit(&t->current, next, memory_order_release).
  // Keep t->lock around the update, for writers only.
  return prices_update_locked(t, from, to, amount);
}
//< prices-cow
