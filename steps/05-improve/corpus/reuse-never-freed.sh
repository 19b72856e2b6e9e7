#!/usr/bin/env bash
# wrong: one frame per batch, never given back: every batch leaks its frame
# fails: the reusing encoder gives the same checksums as the malloc one, with no memory error and nothing lost (memcheck on out/results reuse)
# says: bytes definitely lost
sed -i '/^  free(frame);$/d' src/encode_reuse.c
! grep -q 'free(frame)' src/encode_reuse.c
