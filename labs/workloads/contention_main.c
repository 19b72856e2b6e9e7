// contention_main.c — `contend ITER HOLD_NS WORKERS`: the step-03 contention workload
// (labs/workloads/contention.c, the server's /work/contention) as a program,
// timed from inside: prints "elapsed_ns: N" for lib/interleave to compare.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "contention.h"

int main(int argc, char **argv) {
  long iter = argc == 4 ? atol(argv[1]) : 0, hold_ns = argc == 4 ? atol(argv[2]) : -1;
  int workers = argc == 4 ? atoi(argv[3]) : 0;
  if (iter < 1 || hold_ns < 0 || workers < 1) {
    fprintf(stderr, "usage: contend ITER HOLD_NS WORKERS\n");
    return 2;
  }
  int64_t start = now_ns();
  if (contention_run(iter, hold_ns, workers) == 0) {
    fprintf(stderr, "contend: %s\n", strerror(errno));
    return 1;
  }
  printf("elapsed_ns: %lld\n", (long long)(now_ns() - start));
  return 0;
}
