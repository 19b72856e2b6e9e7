// bench_flags.h — the command line of the benchmark harness.
#ifndef BENCH_FLAGS_H
#define BENCH_FLAGS_H

#include <stdint.h>
#include <stdio.h>

struct bench_flags {
  const char *bench;       // -bench REGEX (POSIX extended), default "."
  int64_t benchtime_ns;    // -benchtime 1s: run until this much time has passed
  long benchtime_n;        // -benchtime 100x: exactly this many iterations (0 if a duration)
  long count;              // -count N: run each benchmark N times
  const char *cpuprofile;  // -cpuprofile FILE (gperftools ProfilerStart)
  const char *memprofile;  // -memprofile FILE (gperftools HeapProfilerStart)
  int list;                // -list: print the benchmark names and exit
};

// Parses argv into flags. On a bad flag prints one line to stderr and returns 2;
// returns 1 when help (-h) was printed; 0 on success.
int bench_parse_flags(int argc, char **argv, struct bench_flags *flags);

#endif
