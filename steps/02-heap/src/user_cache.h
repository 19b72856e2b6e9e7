// user_cache.h — a small cache of user records, kept for the life of the program.
#ifndef USER_CACHE_H
#define USER_CACHE_H

// A user record as the service renders it; about 2 KB, most of it the profile text.
struct user {
  long id;
  char name[32];
  char bio[2000];
};

// The most slots the cache can have.
#define USER_CACHE_MAX 256

// Sets how many slots the cache uses (1..USER_CACHE_MAX); call it before the first lookup.
void user_cache_size(int slots);

// The record of user id, loaded on first use and cached; NULL if memory ran out.
const struct user *user_lookup(long id);

#endif
