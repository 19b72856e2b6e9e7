#!/usr/bin/env bash
# wrong: one frame taken before the loop but still freed inside it, so the second record is written into freed memory
# fails: the reusing encoder gives the same checksums as the malloc one, with no memory error and nothing lost (memcheck on out/results reuse)
# says: Invalid
cat >src/encode_reuse.c <<'C'
#include <stdlib.h>

#include "encode.h"

int encode_batch_reused(const struct record *recs, long n, uint64_t *sum) {
  *sum = 0;
  unsigned char *frame = malloc(FRAME_BYTES);
  if (!frame) return -1;
  for (long i = 0; i < n; i++) {
    *sum += frame_checksum(&recs[i], frame);
    free(frame);
  }
  return 0;
}
C
