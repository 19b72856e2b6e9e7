// timeline.c — the program step 04 traces: the CPU burner, the hot lock and a
// burst of allocations, one phase after the other, so that one timeline shows
// threads computing, threads waiting for a lock, and malloc/free.
//
//   timeline ROUNDS ITER HOLD_NS WORKERS COUNT BYTES
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "burn.h"
#include "clock.h"
#include "contention.h"
#include "memwork.h"
#include "parse_arg.h"

// What one run does, from the command line.
struct plan {
  long rounds;   // hash rounds per burner thread
  long iter;     // critical sections per contention worker
  long hold_ns;  // busy work done while holding the lock, per section
  long workers;  // threads in each of the first two phases
  long count;    // blocks allocated in the third phase
  long bytes;    // size of each block
};

// Fills the plan from argv; returns 0, or -1 if an argument is missing or out of range.
static int read_plan(int argc, char **argv, struct plan *p) {
  return argc == 7 && parse_long(argv[1], 1, 100000000L, &p->rounds) == 0 &&
                 parse_long(argv[2], 1, 1000000L, &p->iter) == 0 &&
                 parse_long(argv[3], 0, 1000000000L, &p->hold_ns) == 0 &&
                 parse_long(argv[4], 1, 64, &p->workers) == 0 &&
                 parse_long(argv[5], 1, 1000000L, &p->count) == 0 &&
                 parse_long(argv[6], 1, 64L << 20, &p->bytes) == 0
             ? 0
             : -1;
}

//> phases
// Phase 1: every worker computes on its own core; no waiting.
static int phase_burn(const struct plan *p) {
  return burn_cpu(p->rounds, (int)p->workers) != 0 ? 0 : -1;
}

// Phase 2: the workers fight over one mutex and work while holding it.
static int phase_contention(const struct plan *p) {
  return contention_run(p->iter, p->hold_ns, (int)p->workers) != 0 ? 0 : -1;
}

// Phase 3: one thread allocates blocks, writes them, keeps them, then frees them all.
static int phase_alloc(const struct plan *p) {
  struct mem_held held;
  if (mem_alloc_blocks((size_t)p->bytes, p->count, 1, &held) != 0) return -1;
  mem_release(&held);
  return 0;
}
//< phases

// Runs one phase and prints its name, what it did and how long it took.
static int timed(const char *name, const char *what, int (*phase)(const struct plan *), const struct plan *p) {
  int64_t t0 = now_ns();
  if (phase(p) != 0) {
    fprintf(stderr, "timeline: %s failed: %s\n", name, strerror(errno));
    return -1;
  }
  printf("%-11s %-40s %8.1f ms\n", name, what, (double)(now_ns() - t0) / 1e6);
  return 0;
}

int main(int argc, char **argv) {
  struct plan p;
  if (read_plan(argc, argv, &p) != 0) {
    fprintf(stderr,
            "usage: timeline ROUNDS ITER HOLD_NS WORKERS COUNT BYTES\n"
            "  (ROUNDS 1..1e8, ITER 1..1e6, HOLD_NS 0..1e9, WORKERS 1..64, COUNT 1..1e6, BYTES 1..64 MiB)\n");
    return 2;
  }
  char burn[64], lock[64], alloc[64];
  snprintf(burn, sizeof burn, "%ld workers x %ld hash rounds", p.workers, p.rounds);
  snprintf(lock, sizeof lock, "%ld workers x %ld sections of %ld ns", p.workers, p.iter, p.hold_ns);
  snprintf(alloc, sizeof alloc, "%ld blocks of %ld bytes", p.count, p.bytes);
  if (timed("burn", burn, phase_burn, &p) != 0 || timed("contention", lock, phase_contention, &p) != 0 ||
      timed("alloc", alloc, phase_alloc, &p) != 0)
    return 1;
  return 0;
}
