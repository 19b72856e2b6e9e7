// heap.c — /debug/pprof/heap: the sampled heap profile (heapsample.c) in
// gperftools' text format, which google-pprof and go tool pprof both read,
// with the in-use and the allocated counts on every row. HEAP_PROFILE_RATE
// sets the sampling rate, as runtime.MemProfileRate does in Go. A build
// without tcmalloc (the AddressSanitizer one) has no heap profile and says so.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"
#include "server.h"

#ifdef HAVE_TCMALLOC
#include "heapsample.h"

int heap_profiling_start(char *why, size_t n) {
  long rate = HEAPSAMPLE_DEFAULT_RATE;
  if (env_long("HEAP_PROFILE_RATE", 0, 1L << 40, &rate, why, n) != 0) return -1;
  heapsample_start(rate);
  if (rate) log_line("heap profile: one sample per %ld bytes allocated, on average (HEAP_PROFILE_RATE)", rate);
  else log_line("heap profile: off (HEAP_PROFILE_RATE=0)");
  return 0;
}

void heap_profiling_stop(void) {
  uint64_t lost = heapsample_dropped();
  if (lost) log_line("heap profile: %llu samples were dropped (a table was full)", (unsigned long long)lost);
}

// Writes "inuse_objects: inuse_bytes [alloc_objects: alloc_bytes] @", the start of every line.
static void write_counts(FILE *f, const struct heapsample_row *r) {
  fprintf(f, "%llu: %llu [%llu: %llu] @", (unsigned long long)(r->allocs - r->frees),
          (unsigned long long)(r->alloc_bytes - r->free_bytes), (unsigned long long)r->allocs,
          (unsigned long long)r->alloc_bytes);
}

// Writes one stack's line: its counts and its return addresses, innermost first.
static void write_row(FILE *f, const struct heapsample_row *r) {
  write_counts(f, r);
  for (int i = 0; i < r->depth; i++) fprintf(f, " 0x%lx", (unsigned long)r->pcs[i]);
  fputc('\n', f);
}

// Copies /proc/self/maps after the rows, as the format wants, so addresses can be placed.
static void write_maps(FILE *f) {
  fputs("\nMAPPED_LIBRARIES:\n", f);
  FILE *maps = fopen("/proc/self/maps", "r");
  char line[1024];
  while (maps && fgets(line, sizeof line, maps)) fputs(line, f);
  if (maps) fclose(maps);
}

// Writes the profile: raw sample counts under a "heap_v2/RATE" header, which
// tells both pprofs to scale each row by 1 / (1 - exp(-average size / RATE)).
static int write_heap_profile(FILE *f, int unused) {
  (void)unused;
  size_t n = heapsample_rows(NULL, 0), cap = n + 64;  // stacks may be added meanwhile
  struct heapsample_row *rows = malloc(cap * sizeof *rows);
  if (!rows) return -1;
  n = heapsample_rows(rows, cap);
  if (n > cap) n = cap;
  struct heapsample_row total = {0};
  for (size_t i = 0; i < n; i++) {
    total.allocs += rows[i].allocs, total.alloc_bytes += rows[i].alloc_bytes;
    total.frees += rows[i].frees, total.free_bytes += rows[i].free_bytes;
  }
  fputs("heap profile: ", f);
  write_counts(f, &total);
  fprintf(f, " heap_v2/%ld\n", heapsample_rate());
  for (size_t i = 0; i < n; i++)
    if (rows[i].allocs) write_row(f, &rows[i]);
  free(rows);
  write_maps(f);
  return 0;
}

enum MHD_Result pprof_heap(struct request *r) {
  static const char *const allowed[] = {NULL};
  if (params_only(r, allowed)) return MHD_YES;
  if (!heapsample_rate())
    return reply_text(r, MHD_HTTP_NOT_IMPLEMENTED, "heap profiling is off (start the server without HEAP_PROFILE_RATE=0)\n");
  return reply_stream(r, "text/plain; charset=utf-8", write_heap_profile, 0);
}

#else

int heap_profiling_start(char *why, size_t n) {
  (void)why, (void)n;
  return 0;
}

void heap_profiling_stop(void) {}

enum MHD_Result pprof_heap(struct request *r) {
  return reply_text(r, MHD_HTTP_NOT_IMPLEMENTED, "heap profiles need tcmalloc; this build has none (AddressSanitizer)\n");
}

#endif
