// encode_reuse.c — the other "after" of the allocation experiment: buffer reuse,
// the counterpart of Go's `buf = buf[:0]` instead of a `make` in the loop.
#include <stdlib.h>

#include "encode.h"

//> encode-reuse
int encode_batch_reused(const struct record *recs, long n, uint64_t *sum) {
  *sum = 0;
  for (long i = 0; i < n; i++) {
    // TODO: a frame never outlives its record, and nothing else holds it: take one
    // buffer of FRAME_BYTES before the loop (malloc, or an array on the stack) and
    // give it back after the loop, instead of one malloc and free per record.
    unsigned char *frame = malloc(FRAME_BYTES);
    if (!frame) return -1;
    *sum += frame_checksum(&recs[i], frame);
    free(frame);
  }
  return 0;
}
//< encode-reuse
