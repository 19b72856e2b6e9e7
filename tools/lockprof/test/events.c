// events.c — makes an exact number of waits, so the profiler's counts can be
// checked against the truth: `events MODE EVENTS HOLD_US`, MODE one of
//   mutex, rwlock, cond, timed   the waiter blocks (timed: pthread_mutex_timedlock)
//   trylock                      the waiter spins on pthread_mutex_trylock
//   spin                         the waiter spins in pthread_spin_lock
//   giveup                       the waiter's try fails, it takes another lock,
//                                and later takes the first at once: no wait
// A holder thread takes the lock, waits until the waiter waits for it (asleep
// in the kernel inside wait_for_lock, or past its first failed try), so it
// waits every time however busy the machine, then keeps the lock HOLD_US
// microseconds more. Prints "events: N" and "wait_ns: TOTAL" as measured by
// the waiter itself.
#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER, other = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t rwlock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pthread_spinlock_t spin;
static int cond_ready;

// The modes, by name.
enum mode { MUTEX, RWLOCK, COND, TIMED, TRYLOCK, SPIN, GIVEUP };
static const char *const mode_names[] = {"mutex", "rwlock", "cond", "timed", "trylock", "spin", "giveup", NULL};

// The run: which mode, how many events, how long the holder keeps the lock.
static enum mode mode;
static long events, hold_us;
// Hand-shake between the threads: round the holder has the lock in, round
// the waiter's try failed (the spinning modes), round the holder let go
// (giveup), round the waiter finished.
static _Atomic long held, tried, released, done;
// The waiter's thread id, for reading its state from /proc.
static _Atomic long waiter_tid;

// Monotonic nanoseconds.
static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

// Spins politely until *v reaches want.
static void await(_Atomic long *v, long want) {
  while (atomic_load(v) < want) sched_yield();
}

// A deadline far away, for pthread_mutex_timedlock.
static struct timespec far_away(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += 3600;
  return ts;
}

// The waiter's side of one event in the spinning and giving-up modes: the
// frame the profiles must show on top in those modes.
__attribute__((noinline)) static void try_for_lock(long round) {
  if (mode == SPIN) {
    atomic_store(&tried, round);  // (pthread_spin_lock tries first, then spins)
    pthread_spin_lock(&spin);
    pthread_spin_unlock(&spin);
  } else if (mode == TRYLOCK) {
    while (pthread_mutex_trylock(&mutex) != 0) atomic_store(&tried, round);
    pthread_mutex_unlock(&mutex);
  } else if (pthread_mutex_trylock(&mutex) != 0) {  // GIVEUP: busy, so do something else
    pthread_mutex_lock(&other);
    pthread_mutex_unlock(&other);
    atomic_store(&tried, round);
    await(&released, round);
    if (pthread_mutex_trylock(&mutex) == 0) pthread_mutex_unlock(&mutex);
  }
}

// The waiter's side of one event: the frame the profiles must show on top.
__attribute__((noinline)) static void wait_for_lock(long round) {
  struct timespec deadline;
  switch (mode) {
    case MUTEX:
      pthread_mutex_lock(&mutex);
      pthread_mutex_unlock(&mutex);
      break;
    case TIMED:
      deadline = far_away();
      if (pthread_mutex_timedlock(&mutex, &deadline) == 0) pthread_mutex_unlock(&mutex);
      break;
    case RWLOCK:
      pthread_rwlock_rdlock(&rwlock);
      pthread_rwlock_unlock(&rwlock);
      break;
    case COND:
      pthread_mutex_lock(&mutex);
      while (!cond_ready) pthread_cond_wait(&cond, &mutex);
      cond_ready = 0;
      pthread_mutex_unlock(&mutex);
      break;
    default:
      try_for_lock(round);
  }
}

// True once the waiter thread sleeps in the kernel (state S: blocked in the lock).
static int waiter_asleep(void) {
  char path[64], stat[512];
  snprintf(path, sizeof path, "/proc/self/task/%ld/stat", atomic_load(&waiter_tid));
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  size_t n = fread(stat, 1, sizeof stat - 1, f);
  fclose(f);
  stat[n] = '\0';
  char *close = strrchr(stat, ')');
  return close && close[1] == ' ' && close[2] == 'S';
}

// Waits (up to 5 s) until the waiter sleeps in the lock.
static void await_waiter_asleep(void) {
  for (int i = 0; i < 50000 && !waiter_asleep(); i++) usleep(100);
}

// Waits until the waiter waits for the lock: asleep in it, or past a failed try.
static void await_waiter_waiting(long round) {
  if (mode == TRYLOCK || mode == SPIN || mode == GIVEUP) {
    await(&tried, round);
  } else {
    await_waiter_asleep();
  }
}

// The holder's side of one event: takes the lock (free now), lets the waiter
// in, waits until it waits for the lock, keeps the lock HOLD_US, releases (or signals).
static void hold_once(long round) {
  if (mode == MUTEX || mode == TIMED || mode == TRYLOCK || mode == GIVEUP) pthread_mutex_lock(&mutex);
  if (mode == RWLOCK) pthread_rwlock_wrlock(&rwlock);
  if (mode == SPIN) pthread_spin_lock(&spin);
  atomic_store(&held, round);
  await_waiter_waiting(round);
  if (mode != GIVEUP) usleep((useconds_t)hold_us);
  if (mode == MUTEX || mode == TIMED || mode == TRYLOCK || mode == GIVEUP) pthread_mutex_unlock(&mutex);
  if (mode == GIVEUP) atomic_store(&released, round);
  if (mode == RWLOCK) pthread_rwlock_unlock(&rwlock);
  if (mode == SPIN) pthread_spin_unlock(&spin);
  if (mode == COND) {
    pthread_mutex_lock(&mutex);
    cond_ready = 1;
    pthread_cond_signal(&cond);
    pthread_mutex_unlock(&mutex);
  }
}

// Holder thread.
static void *holder(void *arg) {
  (void)arg;
  for (long i = 1; i <= events; i++) {
    hold_once(i);
    await(&done, i);
  }
  return NULL;
}

// The mode named NAME, or -1.
static int mode_named(const char *name) {
  for (int i = 0; mode_names[i]; i++)
    if (strcmp(name, mode_names[i]) == 0) return i;
  return -1;
}

int main(int argc, char **argv) {
  int m = argc == 4 ? mode_named(argv[1]) : -1;
  if (m < 0 || (events = atol(argv[2])) < 1 || (hold_us = atol(argv[3])) < 1) {
    fprintf(stderr, "usage: events mutex|rwlock|cond|timed|trylock|spin|giveup EVENTS HOLD_US\n");
    return 2;
  }
  mode = (enum mode)m;
  pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
  atomic_store(&waiter_tid, (long)syscall(SYS_gettid));
  pthread_t t;
  if (pthread_create(&t, NULL, holder, NULL) != 0) return 1;
  int64_t total = 0;
  for (long i = 1; i <= events; i++) {
    await(&held, i);
    int64_t start = now_ns();
    wait_for_lock(i);
    total += now_ns() - start;
    atomic_store(&done, i);
  }
  pthread_join(t, NULL);
  printf("events: %ld\nwait_ns: %lld\n", events, (long long)total);
  return 0;
}
