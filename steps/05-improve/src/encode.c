// encode.c — the allocation experiment's encoders. They differ only in where a
// frame's scratch buffer comes from: malloc/free, or the pool (pool.c); the
// third, encode_reuse.c, takes one buffer for the whole batch.
#include <stdlib.h>
#include <string.h>

#include "encode.h"

// Deterministic pseudo-random records, so before and after see the same input.
void records_fill(struct record *recs, long n, uint64_t seed) {
  for (long i = 0; i < n; i++) {
    uint64_t x = (seed + (uint64_t)i) * 0x9e3779b97f4a7c15ULL;
    recs[i].id = x >> 16;
    recs[i].amount_cents = (int64_t)(x % 1000000) - 500000;
    memcpy(recs[i].name, "customer-0000000", 16);
    recs[i].name[15] = (char)('a' + x % 26);
  }
}

// Writes one record into a frame (id, amount, name: 32 bytes) and returns the frame's FNV-style hash.
__attribute__((noinline)) uint64_t frame_checksum(const struct record *r, unsigned char *frame) {
  memcpy(frame, &r->id, 8);
  memcpy(frame + 8, &r->amount_cents, 8);
  memcpy(frame + 16, r->name, 16);
  uint64_t h = 0xcbf29ce484222325ULL;
  for (int i = 0; i < 32; i += 8) {
    uint64_t w;
    memcpy(&w, frame + i, 8);
    h = (h ^ w) * 0x100000001b3ULL;
  }
  return h;
}

//> encode-batch
// The before: malloc and free around every record.
int encode_batch(const struct record *recs, long n, uint64_t *sum) {
  *sum = 0;
  for (long i = 0; i < n; i++) {
    unsigned char *frame = malloc(FRAME_BYTES);  // one allocation per record
    if (!frame) return -1;
    *sum += frame_checksum(&recs[i], frame);
    free(frame);
  }
  return 0;
}
//< encode-batch

//> encode-batch-pooled
// The after: the same loop, with the scratch buffer from the pool.
int encode_batch_pooled(const struct record *recs, long n, struct pool *pool, uint64_t *sum) {
  *sum = 0;
  for (long i = 0; i < n; i++) {
    unsigned char *frame = pool_get(pool);  // reused when the pool has one
    if (!frame) return -1;
    *sum += frame_checksum(&recs[i], frame);
    pool_put(pool, frame);
  }
  return 0;
}
//< encode-batch-pooled
