// prices_locked.c — the "before" of the copy-on-write experiment: one lock for
// readers and writer alike, so every reader waits while another reads.
#include <stdatomic.h>

#include "prices.h"

//> prices-locked
// Locks the table for the whole read: the version cannot change meanwhile.
const struct prices *prices_acquire_locked(struct price_table *t) {
  pthread_mutex_lock(&t->lock);
  return atomic_load_explicit(&t->current, memory_order_relaxed);
}

// Ends the read.
void prices_release_locked(struct price_table *t, const struct prices *v) {
  (void)v;
  pthread_mutex_unlock(&t->lock);
}

// Changes the one version in place, while no reader holds it.
int prices_update_locked(struct price_table *t, int from, int to, int64_t amount) {
  pthread_mutex_lock(&t->lock);
  struct prices *v = atomic_load_explicit(&t->current, memory_order_relaxed);
  v->price[from] -= amount;
  v->price[to] += amount;
  v->version++;
  pthread_mutex_unlock(&t->lock);
  return 0;
}
//< prices-locked
