// user_cache.c — a direct-mapped cache of user records. The records stay
// allocated until the program exits, on purpose: memcheck reports them as
// "still reachable" (a pointer to each is still in `slots`), not as a leak.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "user_cache.h"

// The cached records; a pointer to every record kept. user id % nslots picks the slot:
// with more users than slots, users share a slot and evict each other.
static struct user *slots[USER_CACHE_MAX];
static int nslots = USER_CACHE_MAX;

void user_cache_size(int slots_used) {
  if (slots_used >= 1 && slots_used <= USER_CACHE_MAX) nslots = slots_used;
}

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
  struct user **slot = &slots[id % nslots];
  if (*slot && (*slot)->id == id) return *slot;
  struct user *u = load_user(id);
  if (!u) return NULL;
  free(*slot);  // a different user had the slot: replace it
  *slot = u;
  return u;
}
