// lockloop.c — `lockloop N`: N uncontended lock/unlock pairs in lock_loop, the
// cost the profiler adds to every lock when nothing waits (counted with callgrind).
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t lonely = PTHREAD_MUTEX_INITIALIZER;
static long counter;

// The measured loop: nobody else ever wants this lock.
__attribute__((noinline)) static void lock_loop(long n) {
  for (long i = 0; i < n; i++) {
    pthread_mutex_lock(&lonely);
    counter++;
    pthread_mutex_unlock(&lonely);
  }
}

int main(int argc, char **argv) {
  long n = argc == 2 ? atol(argv[1]) : 0;
  if (n < 1) {
    fprintf(stderr, "usage: lockloop N  (N >= 1 lock/unlock pairs)\n");
    return 2;
  }
  lock_loop(n);
  printf("pairs: %ld\n", counter);
  return 0;
}
