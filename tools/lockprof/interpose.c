// interpose.c — the pthread functions the profiler stands in for. Each wrapper
// calls the real function straight away when profiling is off; when it is on,
// it first tries the lock without waiting, and only a thread that would wait is
// timed and (if sampled) recorded with its stack.
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"

#define UNLIKELY(x) __builtin_expect(!!(x), 0)

// The real functions, found after ours in the symbol search order.
static struct {
  int (*mutex_lock)(pthread_mutex_t *);
  int (*mutex_trylock)(pthread_mutex_t *);
  int (*rdlock)(pthread_rwlock_t *);
  int (*tryrdlock)(pthread_rwlock_t *);
  int (*wrlock)(pthread_rwlock_t *);
  int (*trywrlock)(pthread_rwlock_t *);
  int (*cond_wait)(pthread_cond_t *, pthread_mutex_t *);
  int (*cond_timedwait)(pthread_cond_t *, pthread_mutex_t *, const struct timespec *);
} real;

// Looks up the next definition of a symbol, preferring a version (the condition
// variables have an old and a new one); dies with one line if there is none.
static void *next_symbol(const char *name, const char *version) {
  void *p = version ? dlvsym(RTLD_NEXT, name, version) : NULL;
  if (!p) p = dlsym(RTLD_NEXT, name);
  if (!p) {
    static const char msg[] = "lockprof: cannot find the real pthread functions\n";
    if (write(2, msg, sizeof msg - 1) < 0) _exit(127);
    _exit(127);
  }
  return p;
}

void lp_resolve_real(void) {
  real.mutex_trylock = next_symbol("pthread_mutex_trylock", NULL);
  real.tryrdlock = next_symbol("pthread_rwlock_tryrdlock", NULL);
  real.trywrlock = next_symbol("pthread_rwlock_trywrlock", NULL);
  real.rdlock = next_symbol("pthread_rwlock_rdlock", NULL);
  real.wrlock = next_symbol("pthread_rwlock_wrlock", NULL);
  real.cond_wait = next_symbol("pthread_cond_wait", "GLIBC_2.3.2");
  real.cond_timedwait = next_symbol("pthread_cond_timedwait", "GLIBC_2.3.2");
  __atomic_store_n(&real.mutex_lock, next_symbol("pthread_mutex_lock", NULL), __ATOMIC_RELEASE);
}

// Runs before main (and before most other constructors). It lives here, beside
// the wrappers, so that linking liblockprof.a for the wrappers brings it along.
__attribute__((constructor(101))) static void lockprof_init(void) {
  lp_resolve_real();
  lp_init_from_env();
}

// True if this call should go straight to the real function.
static inline int passthrough(void) {
  if (UNLIKELY(!__atomic_load_n(&real.mutex_lock, __ATOMIC_ACQUIRE))) lp_resolve_real();
  return !atomic_load_explicit(&lp_enabled, memory_order_relaxed) || lp_self.busy;
}

// The blocking calls behind one signature, so one function can time them all.
static int wait_mutex(void *l) { return real.mutex_lock(l); }
static int wait_rdlock(void *l) { return real.rdlock(l); }
static int wait_wrlock(void *l) { return real.wrlock(l); }

// Waits with LOCK after TRY said the lock is taken: times the wait when a
// profile wants it and records it. Shared by mutexes and both rwlock modes.
LP_CODE static int wait_and_record(void *lock, int (*wait)(void *)) {
  int sampled = lp_mutex_sampled();
  int timed = sampled || atomic_load_explicit(&lp_block_rate, memory_order_relaxed) > 0;
  if (!timed) return wait(lock);
  int64_t start = lp_now_ns();
  int rc = wait(lock);
  int64_t ns = lp_now_ns() - start;
  lp_self.busy = 1;  // anything we call must not come back in here
  if (sampled) lp_record(&lp_tables[LOCKPROF_MUTEX], LP_COUNT_ONE, (uint64_t)(ns > 0 ? ns : 0));
  lp_block_event(ns);
  lp_self.busy = 0;
  return rc;
}

//> mutex-lock-wrapper
LP_CODE int pthread_mutex_lock(pthread_mutex_t *m) {
  if (passthrough()) return real.mutex_lock(m);
  int rc = real.mutex_trylock(m);
  if (rc != EBUSY) return rc;
  return wait_and_record(m, wait_mutex);
}
//< mutex-lock-wrapper

LP_CODE int pthread_rwlock_rdlock(pthread_rwlock_t *l) {
  if (passthrough()) return real.rdlock(l);
  int rc = real.tryrdlock(l);
  if (rc != EBUSY) return rc;
  return wait_and_record(l, wait_rdlock);
}

LP_CODE int pthread_rwlock_wrlock(pthread_rwlock_t *l) {
  if (passthrough()) return real.wrlock(l);
  int rc = real.trywrlock(l);
  if (rc != EBUSY) return rc;
  return wait_and_record(l, wait_wrlock);
}

// Records a condition-variable wait that lasted from START until now (block profile only).
LP_CODE static void record_cond_wait(int64_t start) {
  if (atomic_load_explicit(&lp_block_rate, memory_order_relaxed) <= 0) return;
  int64_t ns = lp_now_ns() - start;
  lp_self.busy = 1;
  lp_block_event(ns);
  lp_self.busy = 0;
}

LP_CODE int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) {
  if (passthrough()) return real.cond_wait(c, m);
  int64_t start = lp_now_ns();
  int rc = real.cond_wait(c, m);
  record_cond_wait(start);
  return rc;
}

LP_CODE int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime) {
  if (passthrough()) return real.cond_timedwait(c, m, abstime);
  int64_t start = lp_now_ns();
  int rc = real.cond_timedwait(c, m, abstime);
  record_cond_wait(start);
  return rc;
}
