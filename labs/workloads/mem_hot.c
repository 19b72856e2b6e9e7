// mem_hot.c — the Go guide's mem_hot in C: allocate -count blocks of -bytes,
// write into each, and either keep them (-hold=true, a leak-like live set) or
// free each at once (-hold=false, churn). -memprofile writes a gperftools heap
// profile at the end, the counterpart of pprof.WriteHeapProfile:
//
//   mem_hot -bytes 1024 -count 200000 -hold=true -memprofile heap.prof
#include <stdio.h>

#include "go_flags.h"
#include "heap_dump.h"
#include "memwork.h"

// The largest block and count mem_hot accepts (1 GiB blocks, a billion of them).
#define MAX_BYTES (1L << 30)
#define MAX_COUNT 1000000000L

// The command line, the Go guide's flags.
struct options {
  long bytes;              // -bytes N: size of each block
  long count;              // -count N: how many blocks
  int hold;                // -hold[=true|false]: keep the blocks until exit
  const char *memprofile;  // -memprofile FILE, or NULL
};

// Held blocks live in a global, like a package-level slice in Go: at exit they
// are still reachable (memcheck says "still reachable", not "definitely lost").
static struct mem_held held;

//> mem-hot-main
int main(int argc, char **argv) {
  struct options o = {.bytes = 1024, .count = 200000};
  const struct go_flag flags[] = {
      {"bytes", GO_FLAG_LONG, &o.bytes, 1, MAX_BYTES, "size of each block in bytes"},
      {"count", GO_FLAG_LONG, &o.count, 1, MAX_COUNT, "number of blocks"},
      {"hold", GO_FLAG_BOOL, &o.hold, 0, 0, "keep every block until exit (default false: free each at once)"},
      {"memprofile", GO_FLAG_STRING, &o.memprofile, 0, 0, "write a gperftools heap profile at the end to FILE"},
      {0}};
  int rc = go_flags_parse("mem_hot", flags, argc, argv);
  if (rc != 0) return rc == 1 ? 0 : rc;
  if (o.memprofile && heap_profile_start(o.memprofile, "mem_hot") != 0) return 1;
  if (mem_alloc_blocks((size_t)o.bytes, o.count, o.hold, &held) != 0) {
    fprintf(stderr, "mem_hot: out of memory after allocating some of %ld blocks of %ld bytes\n", o.count, o.bytes);
    return 1;
  }
  double mib = (double)o.bytes * (double)o.count / (1 << 20);
  printf("mem_hot: %ld blocks of %ld bytes (%.1f MiB) allocated, hold=%s: %.1f MiB still held\n", o.count, o.bytes,
         mib, o.hold ? "true" : "false", o.hold ? mib : 0.0);
  fflush(stdout);  // before the profiler's own lines on stderr
  if (o.memprofile && heap_profile_write(o.memprofile, "mem_hot") != 0) return 1;
  return 0;  // held blocks stay allocated until exit, as a live set would
}
//< mem-hot-main
