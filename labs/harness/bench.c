// bench.c — main() of the benchmark harness: selects benchmarks, scales the
// iteration count to -benchtime, and prints Go-format result lines.
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <gperftools/profiler.h>

#include "../workloads/clock.h"
#include "bench.h"
#include "bench_alloc.h"
#include "bench_flags.h"
#include "heap_dump.h"

// The most iterations one run may ask for, as in Go.
#define MAX_ITERATIONS 1000000000L

// Written by bench_keep so the optimiser must compute every kept value.
volatile long bench_sink;

void bench_keep(long value) { bench_sink = value; }

void bench_start_timer(B *b) {
  if (b->started_ns >= 0) return;
  uint64_t allocs, bytes;
  bench_alloc_read(&allocs, &bytes);
  b->allocs -= allocs;  // stop_timer adds the later reading back
  b->bytes -= bytes;
  bench_alloc_counting(1);
  b->started_ns = now_ns();
}

void bench_stop_timer(B *b) {
  if (b->started_ns < 0) return;
  b->elapsed_ns += now_ns() - b->started_ns;
  b->started_ns = -1;
  bench_alloc_counting(0);
  uint64_t allocs, bytes;
  bench_alloc_read(&allocs, &bytes);
  b->allocs += allocs;
  b->bytes += bytes;
}

void bench_reset_timer(B *b) {
  int running = b->started_ns >= 0;
  bench_stop_timer(b);
  b->elapsed_ns = 0;
  b->allocs = 0;
  b->bytes = 0;
  if (running) bench_start_timer(b);
}

// Runs one benchmark for exactly n iterations with a fresh timer.
static void run_n(const struct benchmark *bm, B *b, long n) {
  *b = (B){.n = n, .started_ns = -1};
  bench_start_timer(b);
  bm->run(b);
  bench_stop_timer(b);
}

// Next iteration count aiming at goal_ns, growing at most 100x and at least by one.
static long predict_n(long last, int64_t elapsed_ns, int64_t goal_ns) {
  if (elapsed_ns <= 0) elapsed_ns = 1;
  double n = (double)goal_ns * (double)last / (double)elapsed_ns * 1.2;
  if (n > 100.0 * last) n = 100.0 * last;
  if (n < last + 1) n = last + 1;
  if (n > MAX_ITERATIONS) n = MAX_ITERATIONS;
  return (long)n;
}

// Runs a benchmark long enough for -benchtime; the last run is the result.
static void run_scaled(const struct benchmark *bm, const struct bench_flags *f, B *b) {
  run_n(bm, b, 1);
  if (f->benchtime_n > 0) {
    if (f->benchtime_n > 1) run_n(bm, b, f->benchtime_n);
    return;
  }
  while (b->elapsed_ns < f->benchtime_ns && b->n < MAX_ITERATIONS)
    run_n(bm, b, predict_n(b->n, b->elapsed_ns, f->benchtime_ns));
}

// Formats ns/op with precision that shrinks as the number grows.
static void format_ns(char *buf, size_t size, double ns) {
  const char *fmt = ns >= 1000 ? "%.0f" : ns >= 100 ? "%.1f" : ns >= 10 ? "%.2f" : "%.3f";
  snprintf(buf, size, fmt, ns);
}

// Prints one Go-format result line.
static void print_result(const char *name, int width, long cpus, const B *b) {
  char label[128], ns[32];
  if (cpus > 1)
    snprintf(label, sizeof label, "Benchmark%s-%ld", name, cpus);
  else
    snprintf(label, sizeof label, "Benchmark%s", name);
  format_ns(ns, sizeof ns, (double)b->elapsed_ns / (double)b->n);
  printf("%-*s\t%8ld\t%12s ns/op\t%8llu B/op\t%8llu allocs/op\n", width, label, b->n, ns,
         (unsigned long long)(b->bytes / (uint64_t)b->n), (unsigned long long)(b->allocs / (uint64_t)b->n));
  fflush(stdout);
}

// The CPU model from /proc/cpuinfo, for the header like go test prints.
static void cpu_model(char *buf, size_t size) {
  snprintf(buf, size, "unknown");
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (!f) return;
  char line[256];
  while (fgets(line, sizeof line, f)) {
    char *colon = strchr(line, ':');
    if (strncmp(line, "model name", 10) == 0 && colon) {
      snprintf(buf, size, "%s", colon + 2);
      buf[strcspn(buf, "\n")] = '\0';
      break;
    }
  }
  fclose(f);
}

// The package name for the header and the "ok" line: $BENCH_PKG or the directory's name.
static const char *pkg_name(void) {
  static char cwd[512];
  const char *pkg = getenv("BENCH_PKG");
  if (pkg) return pkg;
  return getcwd(cwd, sizeof cwd) ? strrchr(cwd, '/') + 1 : "bench";
}

// Prints the os/arch/pkg/cpu header the way go test does.
static void print_header(void) {
  struct utsname u;
  char cpu[160];
  uname(&u);
  cpu_model(cpu, sizeof cpu);
  printf("os: linux\narch: %s\npkg: %s\ncpu: %s\n", u.machine, pkg_name(), cpu);
}

// Compiles -bench; prints one line and returns -1 if the pattern is invalid.
static int compile_pattern(regex_t *re, const char *pattern) {
  int rc = regcomp(re, pattern, REG_EXTENDED | REG_NOSUB);
  if (rc == 0) return 0;
  char msg[128];
  regerror(rc, re, msg, sizeof msg);
  fprintf(stderr, "bench: invalid value \"%s\" for -bench: %s\n", pattern, msg);
  return -1;
}

// Counts the benchmarks the pattern selects and the widest "BenchmarkX-N" label.
static int select_width(const regex_t *re, long cpus, int *width) {
  int matched = 0;
  *width = 0;
  for (const struct benchmark *bm = benchmarks; bm->name; bm++) {
    if (regexec(re, bm->name, 0, NULL, 0) != 0) continue;
    int w = (int)strlen(bm->name) + 9 + (cpus > 1 ? snprintf(NULL, 0, "-%ld", cpus) : 0);
    if (w > *width) *width = w;
    matched++;
  }
  return matched;
}

// Prints the names of all benchmarks, one per line.
static void list_benchmarks(void) {
  for (const struct benchmark *bm = benchmarks; bm->name; bm++) printf("Benchmark%s\n", bm->name);
}

// Starts the profilers the flags ask for; prints one line and returns -1 on failure.
static int start_profilers(const struct bench_flags *f) {
  if (f->cpuprofile && !ProfilerStart(f->cpuprofile)) {
    fprintf(stderr, "bench: cannot start the CPU profiler writing %s\n", f->cpuprofile);
    return -1;
  }
  if (f->memprofile && heap_profile_start(f->memprofile, "bench") != 0) return -1;
  return 0;
}

// Stops the profilers, writing their files; returns -1 if a file could not be written.
static int stop_profilers(const struct bench_flags *f) {
  int rc = 0;
  if (f->cpuprofile) ProfilerStop();
  if (f->memprofile) rc = heap_profile_write(f->memprofile, "bench");
  return rc;
}

// Runs every selected benchmark -count times.
static void run_all(const regex_t *re, const struct bench_flags *f, long cpus, int width) {
  for (const struct benchmark *bm = benchmarks; bm->name; bm++) {
    if (regexec(re, bm->name, 0, NULL, 0) != 0) continue;
    for (long i = 0; i < f->count; i++) {
      B b;
      run_scaled(bm, f, &b);
      print_result(bm->name, width, cpus, &b);
    }
  }
}

int main(int argc, char **argv) {
  struct bench_flags f;
  int rc = bench_parse_flags(argc, argv, &f);
  if (rc != 0) return rc == 1 ? 0 : rc;
  if (f.list) {
    list_benchmarks();
    return 0;
  }
  regex_t re;
  if (compile_pattern(&re, f.bench) != 0) return 2;
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  int width;
  if (select_width(&re, cpus, &width) == 0) {
    fprintf(stderr, "bench: no benchmark matches -bench %s (bench -list shows them)\n", f.bench);
    regfree(&re);
    return 1;
  }
  if (bench_alloc_install() != 0) fprintf(stderr, "bench: warning: allocation hook not installed; B/op reads 0\n");
  if (start_profilers(&f) != 0) return 1;
  int64_t t0 = now_ns();
  print_header();
  run_all(&re, &f, cpus, width);
  regfree(&re);
  if (stop_profilers(&f) != 0) return 1;
  printf("PASS\nok  \t%s\t%.3fs\n", pkg_name(), (double)(now_ns() - t0) / 1e9);
  return 0;
}
