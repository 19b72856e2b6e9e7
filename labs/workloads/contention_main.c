// contention_main.c — `contend ITER HOLD_NS WORKERS`: the step-03 contention workload
// (labs/workloads/contention.c, the server's /work/contention) as a program,
// timed from inside: prints "elapsed_ns: N" for scripts/interleave to compare.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "contention.h"

int main(int argc, char **argv) {
  long iter = argc == 4 ? atol(argv[1]) : 0, hold_ns = argc == 4 ? atol(argv[2]) : -1;
  int workers = argc == 4 ? atoi(argv[3]) : 0;
  if (iter < 1 || hold_ns < 0 || workers < 1) {
    fprintf(stderr, "usage: contend ITER HOLD_NS WORKERS\n");
    return 2;
  }
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  if (contention_run(iter, hold_ns, workers) == 0) {
    fprintf(stderr, "contend: %s\n", strerror(errno));
    return 1;
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("elapsed_ns: %lld\n", (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec));
  return 0;
}
