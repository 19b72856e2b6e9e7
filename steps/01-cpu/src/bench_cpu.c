// bench_cpu.c — the CPU benchmarks of step 01 (the Go guide's BenchmarkFib).
#include "bench.h"
#include "burn.h"
#include "fib.h"

//> bench-fib
#ifdef FIB_CALLER
// Your variant's function between the benchmark and fib: the step's Makefile names
// it FIB_CALLER (make id shows whose variant). It only calls fib.
__attribute__((noinline)) static long FIB_CALLER(int n) { return fib(n); }
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
