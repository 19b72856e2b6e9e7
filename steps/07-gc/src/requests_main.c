// requests_main.c — runs the request workload and prints one line of results:
//
//   allocator=boehm requests=60000 workers=1 live_mb=8 reuse=0 p50_us=2.2 p99_us=8.9 max_us=58047.2
//   peak_rss_kb=17452 rss_after_kb=16616 collections=229 gc_heap_kb=17516 elapsed_ms=1253
//
// Built twice from the same source: requests-gc (Boehm GC) and requests-malloc.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "go_flags.h"
#include "latency.h"
#include "requests.h"

// The most worker threads a run may start.
#define MAX_WORKERS 64

// Milliseconds of wall time since an earlier CLOCK_MONOTONIC reading.
static double ms_since(const struct timespec *t0) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

// The largest resident set the process has had, in KiB (the kernel keeps the maximum).
static long peak_rss_kb(void) {
  struct rusage ru;
  return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : -1;
}

// The resident set now, in KiB, from /proc/self/statm.
static long rss_now_kb(void) {
  long pages = -1, resident = -1;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f && fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = -1;
  if (f) fclose(f);
  return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

// Starts the workers, waits for them; returns -1 if one could not start or ran out of memory.
static int run_workers(struct worker *w, long n) {
  pthread_t threads[MAX_WORKERS];
  long started = 0;
  for (; started < n; started++)
    if (mem_thread_create(&threads[started], worker_run, &w[started]) != 0) break;
  int failed = started < n;
  for (long i = 0; i < started; i++) {
    mem_thread_join(threads[i]);
    failed |= w[i].failed;
  }
  return failed ? -1 : 0;
}

// Gathers every worker's latencies into one array (malloc'd); returns their number.
static long gather(const struct worker *w, long n, int64_t **out) {
  long total = 0;
  for (long i = 0; i < n; i++) total += w[i].done;
  *out = malloc((size_t)(total ? total : 1) * sizeof **out);
  if (!*out) return 0;
  long k = 0;
  for (long i = 0; i < n; i++) {
    memcpy(*out + k, w[i].latency_ns, (size_t)w[i].done * sizeof **out);
    k += w[i].done;
  }
  return total;
}

// Prints the result line; rss_after_kb is the resident set once the live sets were given back.
static void report(const struct load *l, struct worker *w, double elapsed_ms, long collections, long rss_after_kb) {
  int64_t *ns;
  long n = gather(w, l->workers, &ns);
  double p50 = (double)latency_percentile(ns, n, 50) / 1e3, p99 = (double)latency_percentile(ns, n, 99) / 1e3;
  double max = (double)latency_percentile(ns, n, 100) / 1e3;
  printf("allocator=%s requests=%ld workers=%ld live_mb=%ld reuse=%d p50_us=%.1f p99_us=%.1f max_us=%.1f "
         "peak_rss_kb=%ld rss_after_kb=%ld collections=%ld gc_heap_kb=%zu elapsed_ms=%.0f\n",
         mem_kind(), n, l->workers, l->live_mb, l->reuse, p50, p99, max, peak_rss_kb(), rss_after_kb, collections,
         mem_heap_bytes() / 1024, elapsed_ms);
  free(ns);
}

int main(int argc, char **argv) {
  static struct worker w[MAX_WORKERS];  // static: the collector scans it as a root
  struct load l = {.requests = 60000, .workers = 1, .live_mb = 8};
  const struct go_flag flags[] = {
      {"requests", GO_FLAG_LONG, &l.requests, 1, 100000000, "requests in all, split over the workers"},
      {"workers", GO_FLAG_LONG, &l.workers, 1, MAX_WORKERS, "worker threads"},
      {"live-mb", GO_FLAG_LONG, &l.live_mb, 1, 4096, "the live set (sessions) in MiB"},
      {"reuse", GO_FLAG_BOOL, &l.reuse, 0, 0, "reuse per-worker buffers instead of allocating per request"},
      {0}};
  int rc = go_flags_parse("requests", flags, argc, argv);
  if (rc != 0) return rc == 1 ? 0 : rc;
  mem_init();
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long i = 0; i < l.workers; i++)
    if (worker_setup(&w[i], &l, i) != 0) {
      fprintf(stderr, "requests: out of memory building the live set (%ld MiB)\n", l.live_mb);
      return 1;
    }
  if (run_workers(w, l.workers) != 0) {
    fprintf(stderr, "requests: out of memory while serving requests (peak RSS %ld KiB)\n", peak_rss_kb());
    return 1;
  }
  double elapsed_ms = ms_since(&t0);
  long collections = mem_collections();
  for (long i = 0; i < l.workers; i++) worker_release(&w[i]);
  report(&l, w, elapsed_ms, collections, rss_now_kb());
  return 0;
}
