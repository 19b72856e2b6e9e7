// events.c — makes an exact number of waits, so the profiler's counts can be
// checked against the truth: `events mutex|rwlock|cond EVENTS HOLD_US`.
// A holder thread takes the lock, waits until the waiter is asleep in the kernel
// inside wait_for_lock (so it waits every time, however busy the machine), then
// keeps the lock HOLD_US microseconds more. Prints "events: N" and
// "wait_ns: TOTAL" as measured by the waiter itself.
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

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t rwlock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int cond_ready;

// The run: which primitive, how many events, how long the holder keeps it.
static char mode;
static long events, hold_us;
// Hand-shake between the threads: round the holder has the lock in, round the waiter finished.
static _Atomic long held, done;
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

// The waiter's side of one event: the frame the profiles must show on top.
__attribute__((noinline)) static void wait_for_lock(void) {
  if (mode == 'm') {
    pthread_mutex_lock(&mutex);
    pthread_mutex_unlock(&mutex);
  } else if (mode == 'r') {
    pthread_rwlock_rdlock(&rwlock);
    pthread_rwlock_unlock(&rwlock);
  } else {
    pthread_mutex_lock(&mutex);
    while (!cond_ready) pthread_cond_wait(&cond, &mutex);
    cond_ready = 0;
    pthread_mutex_unlock(&mutex);
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

// The holder's side of one event: takes the lock (free now), lets the waiter
// in, waits until it sleeps in the lock, keeps the lock HOLD_US, releases (or signals).
static void hold_once(long round) {
  if (mode == 'm') pthread_mutex_lock(&mutex);
  if (mode == 'r') pthread_rwlock_wrlock(&rwlock);
  atomic_store(&held, round);
  await_waiter_asleep();
  usleep((useconds_t)hold_us);
  if (mode == 'm') pthread_mutex_unlock(&mutex);
  if (mode == 'r') pthread_rwlock_unlock(&rwlock);
  if (mode == 'c') {
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

int main(int argc, char **argv) {
  if (argc != 4 || !strchr("mrc", argv[1][0]) || (events = atol(argv[2])) < 1 || (hold_us = atol(argv[3])) < 1) {
    fprintf(stderr, "usage: events mutex|rwlock|cond EVENTS HOLD_US\n");
    return 2;
  }
  mode = argv[1][0];
  atomic_store(&waiter_tid, (long)syscall(SYS_gettid));
  pthread_t t;
  if (pthread_create(&t, NULL, holder, NULL) != 0) return 1;
  int64_t total = 0;
  for (long i = 1; i <= events; i++) {
    await(&held, i);
    int64_t start = now_ns();
    wait_for_lock();
    total += now_ns() - start;
    atomic_store(&done, i);
  }
  pthread_join(t, NULL);
  printf("events: %ld\nwait_ns: %lld\n", events, (long long)total);
  return 0;
}
