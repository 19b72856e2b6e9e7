// hammer.c — heavy contention for the profiler's thread-safety tests:
// `hammer THREADS ITERATIONS FORKS`. Threads fight over four mutexes and a
// rwlock from stacks of varying depth (many distinct stacks), a thread forks
// FORKS children that lock and exit while the others go on, and main exits
// while threads are still locking. Prints "ok" only if every counter is exact,
// so a profiler that broke mutual exclusion cannot pass.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define LOCKS 4
static pthread_mutex_t locks[LOCKS] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                                       PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
static long counters[LOCKS];
static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static long table_version;
static long iterations;

// One critical section at recursion depth `depth`, so stacks differ by depth.
__attribute__((noinline)) static long dive(int depth, int which, int write) {
  if (depth > 0) return dive(depth - 1, which, write) + 1;
  if (write) {
    pthread_rwlock_wrlock(&table_lock);
    table_version++;
  } else {
    pthread_rwlock_rdlock(&table_lock);
  }
  pthread_rwlock_unlock(&table_lock);
  pthread_mutex_lock(&locks[which]);
  counters[which]++;
  pthread_mutex_unlock(&locks[which]);
  return 0;
}

// Worker: ITERATIONS critical sections spread over the locks and depths.
static void *worker(void *arg) {
  long id = (long)arg;
  for (long i = 0; i < iterations; i++) dive((int)((i + id) % 24), (int)(i % LOCKS), i % 16 == 0);
  return NULL;
}

// Forker: children lock their own copy of a mutex and leave, half by exit(), half by _exit().
static void *forker(void *arg) {
  long forks = (long)arg;
  for (long i = 0; i < forks; i++) {
    pid_t pid = fork();
    if (pid == 0) {
      pthread_mutex_t mine = PTHREAD_MUTEX_INITIALIZER;
      pthread_mutex_lock(&mine);
      pthread_mutex_unlock(&mine);
      if (i % 2) _exit(0);
      exit(0);
    }
    if (pid < 0 || waitpid(pid, NULL, 0) != pid) return (void *)1;
  }
  return NULL;
}

// Still locking when main exits: the exit-time writer must cope.
static void *straggler(void *arg) {
  (void)arg;
  for (;;) dive(3, 0, 0);
  return NULL;
}

int main(int argc, char **argv) {
  long threads = argc == 4 ? atol(argv[1]) : 0, forks = argc == 4 ? atol(argv[3]) : 0;
  iterations = argc == 4 ? atol(argv[2]) : 0;
  if (threads < 1 || threads > 64 || iterations < 1 || forks < 0) {
    fprintf(stderr, "usage: hammer THREADS(1..64) ITERATIONS FORKS\n");
    return 2;
  }
  pthread_t t[65];
  for (long i = 0; i < threads; i++) pthread_create(&t[i], NULL, worker, (void *)i);
  pthread_create(&t[threads], NULL, forker, (void *)forks);
  void *forked;
  pthread_join(t[threads], &forked);
  for (long i = 0; i < threads; i++) pthread_join(t[i], NULL);
  long sum = 0;
  for (int i = 0; i < LOCKS; i++) sum += counters[i];
  long writes = threads * ((iterations + 15) / 16);
  int exact = sum == threads * iterations && table_version <= writes && table_version > 0 && !forked;
  printf("%s: %ld critical sections, %ld writes\n", exact ? "ok" : "WRONG", sum, table_version);
  pthread_t s1, s2;
  pthread_create(&s1, NULL, straggler, NULL);
  pthread_create(&s2, NULL, straggler, NULL);
  usleep(20000);
  exit(exact ? 0 : 1);
}
