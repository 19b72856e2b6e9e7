// encode.h — the allocation experiment: encode a batch of records into frames,
// one scratch buffer per record, and checksum the frames.
#ifndef ENCODE_H
#define ENCODE_H

#include <stdint.h>

#include "pool.h"

// Records per benchmark operation.
#define BATCH 1000
// Bytes of scratch space each record is encoded into (room for the largest frame).
#define FRAME_BYTES 256

// One record of the batch.
struct record {
  uint64_t id;
  int64_t amount_cents;
  char name[16];
};

// Fills n records with values derived from seed.
void records_fill(struct record *recs, long n, uint64_t seed);

// The "before": mallocs a frame for each record, encodes it, checksums it, frees it.
// Returns 0 with the checksum of the batch in *sum, or -1 if memory ran out.
int encode_batch(const struct record *recs, long n, uint64_t *sum);

// The "after": the same, with each frame taken from and given back to the pool.
int encode_batch_pooled(const struct record *recs, long n, struct pool *pool, uint64_t *sum);

// The other "after" (encode_reuse.c): the same, with one frame for the whole batch.
int encode_batch_reused(const struct record *recs, long n, uint64_t *sum);

// Writes one record into a frame of FRAME_BYTES and returns the frame's checksum
// (every encoder calls it; it writes the frame before it reads it).
uint64_t frame_checksum(const struct record *r, unsigned char *frame);

#endif
