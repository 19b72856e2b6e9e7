// bench_improve.c — the benchmarks of step 05, in before/after pairs:
// Fib/FibFast, EncodeMalloc/EncodePool (and EncodeReuse), TallyLocked/TallySharded,
// PricesLocked/PricesCow.
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "encode.h"
#include "fib.h"
#include "prices.h"
#include "tally.h"

// Workers of the lock experiment: the two cores of the reference machine.
#define TALLY_WORKERS 2
// Readers of the copy-on-write experiment, the reads each makes during each update, and the updates, per operation.
#define PRICE_READERS 2
#define PRICE_READS 200
#define PRICE_UPDATES 100

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

// Fills the records and returns the checksum encode_batch gives for them,
// outside the timer and without allocating (-memprofile sees every allocation).
static uint64_t records_and_sum(B *b) {
  unsigned char frame[FRAME_BYTES];
  uint64_t want = 0;
  bench_stop_timer(b);
  records_fill(records, BATCH, 1);
  for (long i = 0; i < BATCH; i++) want += frame_checksum(&records[i], frame);
  bench_start_timer(b);
  return want;
}

// Ends the program when an encoder's checksum is not the malloc encoder's: a
// benchmark line is printed only for an encoder that gives the same results.
static void same_sum(const char *name, uint64_t sum, uint64_t want) {
  if (sum == want) return;
  fprintf(stderr, "%s: checksum %016" PRIx64 ", where encode_batch gives %016" PRIx64 "\n", name, sum, want);
  exit(1);
}

// One operation encodes BATCH records with frames from a pool that lives across operations.
static void bench_encode_pool(B *b) {
  static struct pool pool = POOL_INIT(FRAME_BYTES);
  uint64_t sum, want = records_and_sum(b);
  for (long i = 0; i < b->n; i++) {
    if (encode_batch_pooled(records, BATCH, &pool, &sum) != 0) return;
    same_sum("EncodePool", sum, want);
    bench_keep((long)sum);
  }
}

// One operation encodes BATCH records reusing one frame (encode_reuse.c).
static void bench_encode_reuse(B *b) {
  uint64_t sum, want = records_and_sum(b);
  for (long i = 0; i < b->n; i++) {
    if (encode_batch_reused(records, BATCH, &sum) != 0) return;
    same_sum("EncodeReuse", sum, want);
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

// Runs b->n rounds of the copy-on-write experiment with one way of reading and updating.
static void run_prices(B *b, const struct price_ops *ops) {
  uint64_t sum;
  for (long i = 0; i < b->n; i++) {
    if (prices_run(ops, PRICE_READERS, PRICE_READS, PRICE_UPDATES, &sum) < 0) return;
    bench_keep((long)sum);
  }
}

// One operation: 2 readers read the list PRICE_READS times each under the table's lock during each of PRICE_UPDATES updates.
static void bench_prices_locked(B *b) { run_prices(b, &prices_locked); }

// One operation: the same reads and updates, copy-on-write.
static void bench_prices_cow(B *b) { run_prices(b, &prices_cow); }

const struct benchmark benchmarks[] = {
    {"Fib", bench_fib},
    {"FibFast", bench_fib_fast},
    {"EncodeMalloc", bench_encode_malloc},
    {"EncodePool", bench_encode_pool},
    {"EncodeReuse", bench_encode_reuse},
    {"TallyLocked", bench_tally_locked},
    {"TallySharded", bench_tally_sharded},
    {"PricesLocked", bench_prices_locked},
    {"PricesCow", bench_prices_cow},
    {0},
};
