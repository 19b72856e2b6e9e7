// bench_cpu.c — the CPU benchmarks of step 01 (the Go guide's BenchmarkFib).
#include <stdint.h>

#include "bench.h"
#include "burn.h"
#include "fib.h"

//> bench-fib
#ifdef FIB_CALLER
// Your variant's function between the benchmark and fib, named by the step's Makefile
// (make id shows whose variant): it calls fib, then works on its own (a flat share of
// its own) mixing the result, FIB_CALLER_WORK sixteenths of a round per unit of it.
__attribute__((noinline)) static long FIB_CALLER(int n) {
  long r = fib(n);
  uint64_t x = (uint64_t)r;
  for (long k = 0; k < r * FIB_CALLER_WORK / 16; k++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  bench_keep((long)x);
  return r;
}
#else
#define FIB_CALLER fib  // the reference variant: bench_fib calls fib itself
#endif

// One operation is one fib(FIB_N).
static void bench_fib(B *b) {
  for (long i = 0; i < b->n; i++) bench_keep(FIB_CALLER(FIB_N));
}
//< bench-fib

// One operation burns 20000 hash rounds on each of 2 worker threads.
static void bench_burn_cpu(B *b) {
  for (long i = 0; i < b->n; i++) bench_keep((long)burn_cpu(20000, 2));
}

const struct benchmark benchmarks[] = {
    {"Fib", bench_fib},
    {"BurnCPU", bench_burn_cpu},
    {0},
};
