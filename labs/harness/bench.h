// bench.h — a small benchmark harness for C, the counterpart of `go test -bench`.
//
// A workload file defines benchmark functions and the table `benchmarks`:
//
//   static void bench_fib(B *b) { for (long i = 0; i < b->n; i++) bench_keep(fib(30)); }
//   const struct benchmark benchmarks[] = { {"Fib", bench_fib}, {0} };
//
// and links with bench.c, which provides main() and the -bench/-benchtime/
// -count/-cpuprofile/-memprofile flags.
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>

// One run of a benchmark: the workload repeats its operation b->n times.
typedef struct bench_run {
  long n;              // iterations the workload must do
  int64_t started_ns;  // when the timer last started, or -1 when stopped
  int64_t elapsed_ns;  // time accumulated while the timer ran
  uint64_t allocs;     // allocations counted while the timer ran
  uint64_t bytes;      // bytes requested by those allocations
} B;

typedef void (*bench_fn)(B *b);

// One entry of a workload's benchmark table; the table ends with {0}.
struct benchmark {
  const char *name;  // printed as Benchmark<name>-<cpus>
  bench_fn run;
};

// Defined by the workload file linked with the harness.
extern const struct benchmark benchmarks[];

// Pause the timer (and the allocation count) around set-up work.
void bench_stop_timer(B *b);
// Resume the timer after bench_stop_timer.
void bench_start_timer(B *b);
// Forget time and allocations so far, e.g. after expensive set-up.
void bench_reset_timer(B *b);
// Keep a result alive so the compiler cannot delete the work that made it.
void bench_keep(long value);

#endif
