// bench_workloads.c — the benchmarks of the shared workloads, for `labs/bench`.
// Steps link their own benchmark tables; this one lets you run the shared
// workloads without a step.
#include <stdlib.h>

#include "bench.h"
#include "burn.h"

// One operation burns 20000 hash rounds on each of 2 worker threads.
static void bench_burn_cpu(B *b) {
  for (long i = 0; i < b->n; i++) bench_keep((long)burn_cpu(20000, 2));
}

// One operation allocates and frees 16 blocks of 64 bytes: exactly 16 allocs/op, 1024 B/op.
static void bench_alloc16(B *b) {
  void *blocks[16];
  for (long i = 0; i < b->n; i++) {
    for (int k = 0; k < 16; k++) blocks[k] = malloc(64);
    for (int k = 0; k < 16; k++) free(blocks[k]);
  }
}

const struct benchmark benchmarks[] = {
    {"BurnCPU", bench_burn_cpu},
    {"Alloc16", bench_alloc16},
    {0},
};
