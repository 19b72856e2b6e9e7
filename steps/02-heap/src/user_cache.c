// user_cache.c — a direct-mapped cache of user records. The records stay
// allocated until the program exits, on purpose: memcheck reports them as
// "still reachable" (a pointer to each is still in `slots`), not as a leak.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "user_cache.h"

// Cache slots; user id % CACHE_SLOTS picks the slot.
#define CACHE_SLOTS 256

// The cached records; a pointer to every record kept.
static struct user *slots[CACHE_SLOTS];

// Builds a user record, the way a real service would read it from a database.
__attribute__((noinline)) static struct user *load_user(long id) {
  struct user *u = malloc(sizeof *u);
  if (!u) return NULL;
  u->id = id;
  snprintf(u->name, sizeof u->name, "user-%ld", id);
  memset(u->bio, 'a' + (int)(id % 26), sizeof u->bio - 1);
  u->bio[sizeof u->bio - 1] = '\0';
  return u;
}

const struct user *user_lookup(long id) {
  struct user **slot = &slots[id % CACHE_SLOTS];
  if (*slot && (*slot)->id == id) return *slot;
  struct user *u = load_user(id);
  if (!u) return NULL;
  free(*slot);  // a different user had the slot: replace it
  *slot = u;
  return u;
}
