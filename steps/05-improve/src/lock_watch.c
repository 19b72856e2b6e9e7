// lock_watch.c — out/tally-watch only: counts the mutexes each thread holds,
// so that score_item can tell whether it runs inside a critical section. The
// link wraps pthread_mutex_lock, _trylock and _unlock (ld --wrap): every call
// in the program comes here first, then goes on to the real function.
#include <pthread.h>
#include <stdio.h>

#include "tally.h"

int __real_pthread_mutex_lock(pthread_mutex_t *m);
int __real_pthread_mutex_trylock(pthread_mutex_t *m);
int __real_pthread_mutex_unlock(pthread_mutex_t *m);

// Locks, and counts the lock as held once it is.
int __wrap_pthread_mutex_lock(pthread_mutex_t *m) {
  int rc = __real_pthread_mutex_lock(m);
  if (rc == 0) tally_locks_held++;
  return rc;
}

// Tries the lock; counts it as held if the try took it.
int __wrap_pthread_mutex_trylock(pthread_mutex_t *m) {
  int rc = __real_pthread_mutex_trylock(m);
  if (rc == 0) tally_locks_held++;
  return rc;
}

// Unlocks, and counts the lock as released.
int __wrap_pthread_mutex_unlock(pthread_mutex_t *m) {
  int rc = __real_pthread_mutex_unlock(m);
  if (rc == 0) tally_locks_held--;
  return rc;
}

// At exit: the scorings and how many of them ran inside a critical section, on stderr.
__attribute__((destructor)) static void print_scorings(void) {
  tally_scoring_stats(stderr);
}
