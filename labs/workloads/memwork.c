// memwork.c — allocates blocks the way a busy service does, so heap profiles
// have one obvious allocation site: alloc_block.
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "memwork.h"

//> alloc-block
// One allocation site for every block, so the heap profile names it.
__attribute__((noinline)) static void *alloc_block(size_t bytes, long i) {
  unsigned char *p = malloc(bytes);
  if (p) memset(p, (int)(i & 0xff), bytes);  // touch every page: real memory, not a promise
  return p;
}
//< alloc-block

void mem_release(struct mem_held *held) {
  for (long i = 0; i < held->count; i++) free(held->blocks[i]);
  free(held->blocks);
  held->blocks = NULL;
  held->count = 0;
}

//> mem-alloc-blocks
int mem_alloc_blocks(size_t bytes, long count, int hold, struct mem_held *held) {
  held->blocks = NULL;
  held->count = 0;
  if (hold && !(held->blocks = malloc((size_t)count * sizeof *held->blocks))) return -1;
  for (long i = 0; i < count; i++) {
    void *p = alloc_block(bytes, i);
    if (!p) {
      mem_release(held);
      errno = ENOMEM;
      return -1;
    }
    if (hold)
      held->blocks[held->count++] = p;
    else
      free(p);
  }
  return 0;
}
//< mem-alloc-blocks
