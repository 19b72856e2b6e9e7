// contention.c — one hot mutex with the work done under it: the textbook cause
// of lock contention, for the mutex and block profiles of step 03.
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#include "clock.h"
#include "contention.h"

// Most threads one call may start.
#define MAX_WORKERS 256

// The one lock every worker fights over, and the counter it protects.
static pthread_mutex_t hot_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t shared_counter;

// A step may build this file with other names for locked_update and busy_for
// (steps 03 and 04: -Dlocked_update=NAME -Dbusy_for=NAME, from the learner's
// variant, make id), so that each learner's profiles and traces name functions of
// their own; the code is the same. Built as it is (the tools, labs/bin/server),
// the names are these.

// One worker's share of the run.
struct contention_job {
  long iter, hold_ns;
};

// Busy work for about ns nanoseconds (CPU time, not sleep: the lock stays held).
__attribute__((noinline)) static void busy_for(long ns) {
  int64_t until = now_ns() + ns;
  while (now_ns() < until) {
  }
}

//> locked-update
// Takes the hot lock, works while holding it, updates the counter: every other
// worker waits the whole time.
__attribute__((noinline)) static void locked_update(long hold_ns) {
  pthread_mutex_lock(&hot_lock);
  busy_for(hold_ns);
  shared_counter++;
  pthread_mutex_unlock(&hot_lock);
}
//< locked-update

// Thread entry: iter critical sections.
static void *contention_worker(void *arg) {
  const struct contention_job *job = arg;
  for (long i = 0; i < job->iter; i++) locked_update(job->hold_ns);
  return NULL;
}

uint64_t contention_run(long iter, long hold_ns, int workers) {
  if (iter < 0 || hold_ns < 0 || workers < 1 || workers > MAX_WORKERS) {
    errno = EINVAL;
    return 0;
  }
  pthread_t threads[MAX_WORKERS];
  struct contention_job job = {iter, hold_ns};
  int started = 0;
  for (; started < workers; started++)
    if (pthread_create(&threads[started], NULL, contention_worker, &job) != 0) break;
  for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
  if (started < workers) {
    errno = EAGAIN;
    return 0;
  }
  return (uint64_t)iter * (uint64_t)workers;
}
