// prices_cow.c — the "after" of the copy-on-write experiment: readers that
// never wait, because no version they can see ever changes.
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "prices.h"

//> prices-cow
// One atomic load and no lock: the version it returns is never changed.
const struct prices *prices_acquire_cow(struct price_table *t) {
  return atomic_load_explicit(&t->current, memory_order_acquire);
}

// Nothing to give back: the version stays readable until prices_free.
void prices_release_cow(struct price_table *t, const struct prices *v) {
  (void)t;
  (void)v;
}

// Copies the current version, changes the copy, and publishes it with one
// atomic store. The lock keeps writers apart; readers never take it.
int prices_update_cow(struct price_table *t, int from, int to, int64_t amount) {
  struct prices *next = malloc(sizeof *next);
  if (!next) return -1;
  pthread_mutex_lock(&t->lock);
  struct prices *old = atomic_load_explicit(&t->current, memory_order_relaxed);
  memcpy(next, old, sizeof *next);
  next->price[from] -= amount;
  next->price[to] += amount;
  next->version = old->version + 1;
  next->older = old;              // freed by prices_free: a reader may still be reading it
  atomic_store_explicit(&t->current, next, memory_order_release);  // readers see all of it, or the old one
  pthread_mutex_unlock(&t->lock);
  return 0;
}
//< prices-cow
