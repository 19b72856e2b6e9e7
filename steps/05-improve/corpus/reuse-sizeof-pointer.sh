#!/usr/bin/env bash
# wrong: the one frame is malloc(sizeof frame), the size of a pointer (8 bytes), where a frame needs FRAME_BYTES
# fails: the reusing encoder gives the same checksums as the malloc one, with no memory error and nothing lost (memcheck on out/results reuse)
# says: Invalid write
sed -i 's/malloc(FRAME_BYTES);  \/\/ one allocation per batch/malloc(sizeof frame);/' src/encode_reuse.c
grep -q 'malloc(sizeof frame);' src/encode_reuse.c
