// tally_main.c — `tally locked|sharded WORKERS ITEMS`: one run of the lock
// experiment as a program, so the lock profiler can be preloaded into it.
// Prints the checksum of the counts (equal for both ways of adding).
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "parse_arg.h"
#include "tally.h"

int main(int argc, char **argv) {
  long workers, items;
  tally_add_fn add = NULL;
  if (argc == 4) add = strcmp(argv[1], "locked") == 0 ? tally_add_locked : strcmp(argv[1], "sharded") == 0 ? tally_add_sharded : NULL;
  if (!add || parse_long(argv[2], 1, 64, &workers) != 0 || parse_long(argv[3], 0, 100000000L, &items) != 0) {
    fprintf(stderr, "usage: tally locked|sharded WORKERS ITEMS  (WORKERS 1..64, ITEMS per worker 0..1e8)\n");
    return 2;
  }
  uint64_t sum;
  if (tally_run(items, (int)workers, add, &sum) != 0) {
    perror("tally: cannot start the workers");
    return 1;
  }
  printf("%016" PRIx64 "\n", sum);
  return 0;
}
