// results.c — `results EXPERIMENT...` with fib, encode, reuse, tally, prices,
// pool or cow: the before and the after of each experiment side by side on
// several inputs, one line each:
//   EXPERIMENT INPUT BEFORE AFTER
// The checks compare the last two columns, in the very run they measure: run
// under callgrind, the calls results_fib and results_encode make are the
// instructions the checks count. `pool` tests the pool by itself, one line per
// size of buffer: "pool SIZE ok", or "pool SIZE WHAT WENT WRONG"; `cow` tests
// the copy-on-write writer by itself: "cow UPDATES ok", or "cow K WHAT WENT WRONG".
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encode.h"
#include "fib.h"
#include "prices.h"
#include "tally.h"

// fib and fib_fast for every n from 0 to FIB_N (noinline: callgrind counts the calls it makes).
__attribute__((noinline)) static int results_fib(void) {
  for (int n = 0; n <= FIB_N; n++) printf("fib %d %ld %ld\n", n, fib(n), fib_fast(n));
  return 0;
}

// Both encoders on batches of several sizes; the pool is reused from batch to batch, then drained.
__attribute__((noinline)) static int results_encode(void) {
  static const long sizes[] = {1, 2, 7, 100, BATCH};
  static struct record recs[BATCH];
  struct pool pool = POOL_INIT(FRAME_BYTES);
  free(malloc(FRAME_BYTES));  // malloc sets itself up on its first call: not in either side's count
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

// The malloc encoder and the reusing one on batches of several sizes.
static int results_reuse(void) {
  static const long sizes[] = {1, 2, 7, 100, BATCH};
  static struct record recs[BATCH];
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    uint64_t before, after;
    records_fill(recs, sizes[i], 7 * i + 1);
    if (encode_batch(recs, sizes[i], &before) != 0 || encode_batch_reused(recs, sizes[i], &after) != 0) {
      fprintf(stderr, "results: out of memory\n");
      return 1;
    }
    printf("reuse %ld %016" PRIx64 " %016" PRIx64 "\n", sizes[i], before, after);
  }
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

// Both ways of reading and updating the price list, with 1 to 3 readers reading 20 times during each of 100 updates.
static int results_prices(void) {
  for (int readers = 1; readers <= 3; readers++) {
    uint64_t before, after;
    if (prices_run(&prices_locked, readers, 20, 100, &before) < 0 || prices_run(&prices_cow, readers, 20, 100, &after) < 0) {
      perror("results: prices_run");
      return 1;
    }
    printf("prices %dx20x100 %016" PRIx64 " %016" PRIx64 "\n", readers, before, after);
  }
  return 0;
}

//> pool-test
// Buffers the pool test keeps out at once, and the sizes of its pools.
#define POOL_OUT 40
static const size_t pool_sizes[] = {sizeof(void *), 24, FRAME_BYTES, 4096, 65536};

// True if all n bytes of the buffer hold the byte value (read a word at a time).
static int pool_holds(const unsigned char *buf, size_t n, unsigned char value) {
  uint64_t want = value * 0x0101010101010101ULL, w;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    memcpy(&w, buf + i, 8);
    if (w != want) return 0;
  }
  for (; i < n; i++)
    if (buf[i] != value) return 0;
  return 1;
}

// True if two of the n buffers of `size` bytes at out[] share a byte (by
// their addresses: nothing is written where it should not be).
static int pool_overlap(unsigned char *const *out, int n, size_t size) {
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      if ((uintptr_t)out[i] < (uintptr_t)out[j] + size && (uintptr_t)out[j] < (uintptr_t)out[i] + size) return 1;
  return 0;
}

// Takes POOL_OUT buffers from p at once, checks that no two share a byte,
// fills each whole one with a byte of its own, checks that each still holds
// it, and gives them back. Returns NULL, or what went wrong.
static const char *pool_round(struct pool *p) {
  unsigned char *out[POOL_OUT];
  const char *bad = NULL;
  int got = 0;
  for (; got < POOL_OUT && !bad; got++)
    if (!(out[got] = pool_get(p))) bad = "pool_get returned NULL";
  if (bad) got--;
  if (!bad && pool_overlap(out, got, p->size))
    bad = "two buffers out at the same time share bytes (one handed out twice, or smaller than the pool's size)";
  for (int i = 0; i < got && !bad; i++) memset(out[i], i + 1, p->size);
  for (int i = 0; i < got && !bad; i++)
    if (!pool_holds(out[i], p->size, (unsigned char)(i + 1))) bad = "a buffer changed while it was out";
  for (int i = got - 1; i >= 0; i--) pool_put(p, out[i]);
  return bad;
}

// Each size: a pool used for two rounds with a pool of the largest size used
// in between (two pools at once), drained, used again (it stays usable),
// drained. Stops at the first pool that goes wrong, and names its size. The
// lines carry the verdict; the exit status stays 0.
__attribute__((noinline)) static int results_pool(void) {
  size_t n = sizeof pool_sizes / sizeof pool_sizes[0];
  const char *bad = NULL;
  for (size_t i = 0; i < n && !bad; i++) {
    struct pool p = POOL_INIT(pool_sizes[i]), big = POOL_INIT(pool_sizes[n - 1]);
    size_t at = p.size;  // the size of the pool that went wrong, if one did
    bad = pool_round(&p);
    if (!bad && (bad = pool_round(&big))) at = big.size;
    if (!bad) bad = pool_round(&p);
    pool_drain(&p);
    if (!bad) bad = pool_round(&p);
    pool_drain(&p);
    pool_drain(&big);
    printf("pool %zu %s\n", at, bad ? bad : "ok");
  }
  return 0;
}
//< pool-test

//> cow-test
// Updates the copy-on-write test makes, one at a time.
#define COW_UPDATES 20

// Makes the table's update k and checks what it published: a new version, the
// old one unchanged (it is still read), and the new one the old plus the update,
// linked to it. Returns NULL, or what went wrong.
static const char *cow_update(struct price_table *t, long k) {
  const struct prices *old = prices_acquire_cow(t), *now;
  struct prices seen = *old;  // the published version as a reader saw it
  prices_release_cow(t, old);
  if (prices_update_cow(t, price_from(k), price_to(k), price_amount(k)) != 0) return "prices_update_cow failed (out of memory?)";
  now = prices_acquire_cow(t);
  prices_release_cow(t, now);
  if (now == old) return "the update changed the published version instead of publishing a copy";
  if (memcmp(old, &seen, sizeof seen) != 0) return "the update changed a version already published (a reader may be reading it)";
  seen.price[price_from(k)] -= price_amount(k);
  seen.price[price_to(k)] += price_amount(k);
  if (memcmp(now->price, seen.price, sizeof seen.price) != 0 || now->version != seen.version + 1)
    return "the new version is not the old one with this update (its two prices, and version + 1)";
  if (now->older != old) return "the new version does not link the old one in ->older (prices_free would never free it)";
  return NULL;
}

// COW_UPDATES updates, one at a time, each checked; then the table is freed
// (memcheck says whether every version was freed once). Prints one line.
__attribute__((noinline)) static int results_cow(void) {
  struct price_table t;
  const char *bad = NULL;
  long k = 0;
  if (prices_init(&t) != 0) return 1;
  for (; k < COW_UPDATES && !bad; k++) bad = cow_update(&t, k);
  prices_free(&t);
  if (bad) printf("cow %ld %s\n", k, bad);
  else printf("cow %d ok\n", COW_UPDATES);
  return 0;
}
//< cow-test

// Runs one experiment by name; 2 for a name it does not know.
static int run_experiment(const char *name) {
  if (strcmp(name, "fib") == 0) return results_fib();
  if (strcmp(name, "encode") == 0) return results_encode();
  if (strcmp(name, "reuse") == 0) return results_reuse();
  if (strcmp(name, "tally") == 0) return results_tally();
  if (strcmp(name, "prices") == 0) return results_prices();
  if (strcmp(name, "pool") == 0) return results_pool();
  if (strcmp(name, "cow") == 0) return results_cow();
  fprintf(stderr, "usage: results fib|encode|reuse|tally|prices|pool|cow...\n");
  return 2;
}

int main(int argc, char **argv) {
  int rc = argc < 2 ? run_experiment("") : 0;
  for (int i = 1; i < argc && rc == 0; i++) rc = run_experiment(argv[i]);
  return rc;
}
