// interpose.c — the pthread functions the profiler stands in for. Each wrapper
// calls the real function straight away when profiling is off; when it is on,
// it first tries the lock without waiting, and only a thread that would wait is
// timed and (if sampled) recorded with its stack. Every way of waiting for a
// lock counts: blocking (mutex, rwlock, with or without a time limit), spinning
// (pthread_spin_lock), and trying again and again (a thread whose try failed
// and that tries the same lock again is spinning: its wait runs from the
// first failed try until it holds the lock, unless it takes another lock in
// between, which means it had given up).
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
  int (*mutex_timedlock)(pthread_mutex_t *, const struct timespec *);
  int (*rdlock)(pthread_rwlock_t *);
  int (*tryrdlock)(pthread_rwlock_t *);
  int (*timedrdlock)(pthread_rwlock_t *, const struct timespec *);
  int (*wrlock)(pthread_rwlock_t *);
  int (*trywrlock)(pthread_rwlock_t *);
  int (*timedwrlock)(pthread_rwlock_t *, const struct timespec *);
  int (*spin_lock)(pthread_spinlock_t *);
  int (*spin_trylock)(pthread_spinlock_t *);
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
  real.mutex_timedlock = next_symbol("pthread_mutex_timedlock", NULL);
  real.tryrdlock = next_symbol("pthread_rwlock_tryrdlock", NULL);
  real.trywrlock = next_symbol("pthread_rwlock_trywrlock", NULL);
  real.rdlock = next_symbol("pthread_rwlock_rdlock", NULL);
  real.wrlock = next_symbol("pthread_rwlock_wrlock", NULL);
  real.timedrdlock = next_symbol("pthread_rwlock_timedrdlock", NULL);
  real.timedwrlock = next_symbol("pthread_rwlock_timedwrlock", NULL);
  real.spin_lock = next_symbol("pthread_spin_lock", NULL);
  real.spin_trylock = next_symbol("pthread_spin_trylock", NULL);
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

// True if this call should go straight to the real function. Otherwise this
// call is the thread's next lock call: a spin the thread was in ends here, and
// is handed to this call (ended_lock, ended_start) to count as part of its wait.
static inline int passthrough(void) {
  if (UNLIKELY(!__atomic_load_n(&real.mutex_lock, __ATOMIC_ACQUIRE))) lp_resolve_real();
  if (!atomic_load_explicit(&lp_enabled, memory_order_relaxed) || lp_self.busy) return 1;
  lp_self.ended_lock = lp_self.spin_lock;
  lp_self.ended_start = lp_self.spin_start;
  lp_self.spin_lock = NULL;
  return 0;
}

// When the thread began spinning on LOCK, if the spin that ended at this call was on LOCK; else 0.
static inline int64_t spin_start(const void *lock) {
  return lp_self.ended_lock == lock ? lp_self.ended_start : 0;
}

// The calls behind a few signatures, so that one function can take every kind of lock.
static int try_mutex(void *l) { return real.mutex_trylock(l); }
static int try_rdlock(void *l) { return real.tryrdlock(l); }
static int try_wrlock(void *l) { return real.trywrlock(l); }
static int wait_mutex(void *l) { return real.mutex_lock(l); }
static int wait_rdlock(void *l) { return real.rdlock(l); }
static int wait_wrlock(void *l) { return real.wrlock(l); }
static int wait_spin(void *l) { return real.spin_lock(l); }
static int wait_mutex_until(void *l, const struct timespec *t) { return real.mutex_timedlock(l, t); }
static int wait_rdlock_until(void *l, const struct timespec *t) { return real.timedrdlock(l, t); }
static int wait_wrlock_until(void *l, const struct timespec *t) { return real.timedwrlock(l, t); }

// Records one wait of NS nanoseconds: in the mutex profile if sampled, in the block profile by its rate.
LP_CODE static void record_wait(int64_t ns) {
  int sampled = lp_mutex_sampled();
  lp_self.busy = 1;  // anything we call must not come back in here
  if (sampled) lp_record(&lp_tables[LOCKPROF_MUTEX], LP_COUNT_ONE, (uint64_t)(ns > 0 ? ns : 0));
  lp_block_event(ns);
  lp_self.busy = 0;
}

// Waits with WAIT after a try said LOCK is taken, and records the wait (from
// the thread's first failed try when it was spinning on LOCK before).
LP_CODE static int wait_and_record(void *lock, int (*wait)(void *)) {
  int64_t start = spin_start(lock);
  if (!start) start = lp_now_ns();
  int rc = wait(lock);
  record_wait(lp_now_ns() - start);
  return rc;
}

// The same for the calls with a time limit T: TRY_FN first, then WAIT_FN until T.
LP_CODE static int acquire_until(void *lock, int (*try_fn)(void *), int (*wait_fn)(void *, const struct timespec *),
                                 const struct timespec *t) {
  int rc = try_fn(lock);
  if (rc != EBUSY) return rc;
  int64_t start = spin_start(lock);
  if (!start) start = lp_now_ns();
  rc = wait_fn(lock, t);
  record_wait(lp_now_ns() - start);
  return rc;
}

// After a try of LOCK returned RC: a failed try begins a spin on LOCK (or goes
// on with the one that ended at this call); a try that takes LOCK ends the
// spin, recorded as one wait. (A spin ends unrecorded when the thread's next
// lock call is for another lock, or takes LOCK at once with pthread_mutex_lock.)
LP_CODE static int note_try(const void *lock, int rc) {
  int64_t start = spin_start(lock);
  if (rc == EBUSY) {
    lp_self.spin_lock = lock;
    lp_self.spin_start = start ? start : lp_now_ns();
  } else if (rc == 0 && start) {
    record_wait(lp_now_ns() - start);
  }
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

LP_CODE int pthread_mutex_trylock(pthread_mutex_t *m) {
  if (passthrough()) return real.mutex_trylock(m);
  return note_try(m, real.mutex_trylock(m));
}

LP_CODE int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *t) {
  if (passthrough()) return real.mutex_timedlock(m, t);
  return acquire_until(m, try_mutex, wait_mutex_until, t);
}

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

LP_CODE int pthread_rwlock_tryrdlock(pthread_rwlock_t *l) {
  if (passthrough()) return real.tryrdlock(l);
  return note_try(l, real.tryrdlock(l));
}

LP_CODE int pthread_rwlock_trywrlock(pthread_rwlock_t *l) {
  if (passthrough()) return real.trywrlock(l);
  return note_try(l, real.trywrlock(l));
}

LP_CODE int pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *t) {
  if (passthrough()) return real.timedrdlock(l, t);
  return acquire_until(l, try_rdlock, wait_rdlock_until, t);
}

LP_CODE int pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *t) {
  if (passthrough()) return real.timedwrlock(l, t);
  return acquire_until(l, try_wrlock, wait_wrlock_until, t);
}

LP_CODE int pthread_spin_lock(pthread_spinlock_t *l) {
  if (passthrough()) return real.spin_lock(l);
  int rc = real.spin_trylock(l);
  if (rc != EBUSY) return rc;
  return wait_and_record((void *)l, wait_spin);
}

LP_CODE int pthread_spin_trylock(pthread_spinlock_t *l) {
  if (passthrough()) return real.spin_trylock(l);
  return note_try((const void *)l, real.spin_trylock(l));
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
