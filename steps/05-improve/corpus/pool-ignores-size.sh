#!/usr/bin/env bash
# wrong: a free list of 4096-byte buffers, whatever the pool's size (the encoder's 256-byte frames fit)
# fails: the pool hands out separate buffers of its size and frees all it keeps (memcheck on out/results pool encode)
# says: smaller than the pool's size
sed -i 's/malloc(p->size)/malloc(4096)/' src/pool.c
grep -q 'malloc(4096)' src/pool.c
