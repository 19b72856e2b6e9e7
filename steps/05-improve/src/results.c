// results.c — `results fib|encode|tally`: the before and the after of one
// experiment side by side on several inputs, one line each:
//   EXPERIMENT INPUT BEFORE AFTER
// The checks compare the last two columns before they measure any speed-up.
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "encode.h"
#include "fib.h"
#include "tally.h"

// fib and fib_fast for every n from 0 to FIB_N.
static int results_fib(void) {
  for (int n = 0; n <= FIB_N; n++) printf("fib %d %ld %ld\n", n, fib(n), fib_fast(n));
  return 0;
}

// Both encoders on batches of several sizes; the pool is reused from batch to batch, then drained.
static int results_encode(void) {
  static const long sizes[] = {1, 2, 7, 100, BATCH};
  static struct record recs[BATCH];
  struct pool pool = POOL_INIT(FRAME_BYTES);
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    uint64_t before, after;
    records_fill(recs, sizes[i], 7 * i + 1);
    if (encode_batch(recs, sizes[i], &before) != 0 || encode_batch_pooled(recs, sizes[i], &pool, &after) != 0) {
      fprintf(stderr, "results: out of memory\n");
      pool_drain(&pool);
      return 1;
    }
    printf("encode %ld %016" PRIx64 " %016" PRIx64 "\n", sizes[i], before, after);
  }
  pool_drain(&pool);
  return 0;
}

// Both ways of adding, with 1 to 3 workers.
static int results_tally(void) {
  for (int workers = 1; workers <= 3; workers++) {
    uint64_t before, after;
    if (tally_run(200, workers, tally_add_locked, &before) != 0 ||
        tally_run(200, workers, tally_add_sharded, &after) != 0) {
      perror("results: tally_run");
      return 1;
    }
    printf("tally %dx200 %016" PRIx64 " %016" PRIx64 "\n", workers, before, after);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "fib") == 0) return results_fib();
  if (argc == 2 && strcmp(argv[1], "encode") == 0) return results_encode();
  if (argc == 2 && strcmp(argv[1], "tally") == 0) return results_tally();
  fprintf(stderr, "usage: results fib|encode|tally\n");
  return 2;
}
