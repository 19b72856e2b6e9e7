// encode_reuse.c — the other "after" of the allocation experiment: buffer reuse,
// the counterpart of Go's `buf = buf[:0]` instead of a `make` in the loop.
#include <stdlib.h>

#include "encode.h"

//> encode-reuse
// One frame for the whole batch: frame_checksum writes every byte it reads, so
// what the last record left in it does no harm.
int encode_batch_reused(const struct record *recs, long n, uint64_t *sum) {
  *sum = 0;
  unsigned char *frame = malloc(FRAME_BYTES);  // one allocation per batch
  if (!frame) return -1;
  for (long i = 0; i < n; i++) *sum += frame_checksum(&recs[i], frame);
  free(frame);
  return 0;
}
//< encode-reuse
