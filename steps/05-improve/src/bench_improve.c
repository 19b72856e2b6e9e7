// bench_improve.c — the benchmarks of step 05, in before/after pairs:
// Fib/FibFast, EncodeMalloc/EncodePool, TallyLocked/TallySharded.
#include "bench.h"
#include "encode.h"
#include "fib.h"
#include "tally.h"

// Workers of the lock experiment: the two cores of the reference machine.
#define TALLY_WORKERS 2

//> bench-fib
// One operation is one fib(FIB_N), the naive way.
static void bench_fib(B *b) {
  for (long i = 0; i < b->n; i++) bench_keep(fib(FIB_N));
}

// One operation is one fib_fast(FIB_N).
static void bench_fib_fast(B *b) {
  for (long i = 0; i < b->n; i++) bench_keep(fib_fast(FIB_N));
}
//< bench-fib

// The records both encoders read, filled outside the timer.
static struct record records[BATCH];

// One operation encodes BATCH records with a malloc per record.
static void bench_encode_malloc(B *b) {
  uint64_t sum;
  bench_stop_timer(b);
  records_fill(records, BATCH, 1);
  bench_start_timer(b);
  for (long i = 0; i < b->n; i++) {
    if (encode_batch(records, BATCH, &sum) != 0) return;
    bench_keep((long)sum);
  }
}

// One operation encodes BATCH records with frames from a pool that lives across operations.
static void bench_encode_pool(B *b) {
  static struct pool pool = POOL_INIT(FRAME_BYTES);
  uint64_t sum;
  bench_stop_timer(b);
  records_fill(records, BATCH, 1);
  bench_start_timer(b);
  for (long i = 0; i < b->n; i++) {
    if (encode_batch_pooled(records, BATCH, &pool, &sum) != 0) return;
    bench_keep((long)sum);
  }
}

// Runs b->n tallies of TALLY_ITEMS items per worker with one way of adding.
static void run_tally(B *b, tally_add_fn add) {
  uint64_t sum;
  for (long i = 0; i < b->n; i++) {
    if (tally_run(TALLY_ITEMS, TALLY_WORKERS, add, &sum) != 0) return;
    bench_keep((long)sum);
  }
}

// One operation: 2 workers score TALLY_ITEMS items each under the one lock.
static void bench_tally_locked(B *b) { run_tally(b, tally_add_locked); }

// One operation: the same items, scored outside the locks, counted under shard locks.
static void bench_tally_sharded(B *b) { run_tally(b, tally_add_sharded); }

const struct benchmark benchmarks[] = {
    {"Fib", bench_fib},
    {"FibFast", bench_fib_fast},
    {"EncodeMalloc", bench_encode_malloc},
    {"EncodePool", bench_encode_pool},
    {"TallyLocked", bench_tally_locked},
    {"TallySharded", bench_tally_sharded},
    {0},
};
