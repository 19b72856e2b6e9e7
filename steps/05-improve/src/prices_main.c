// prices_main.c — `prices locked|cow READERS READS UPDATES`: one run of the
// copy-on-write experiment as a program, for the lock profiler, helgrind and
// callgrind: UPDATES rounds, in each READS reads per reader and one update. Prints the checksum of the last version (equal for both ways when
// every read saw a whole version), and on stderr how many reads did not.
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "parse_arg.h"
#include "prices.h"

int main(int argc, char **argv) {
  long readers, reads, updates;
  const struct price_ops *ops = NULL;
  if (argc == 5) ops = strcmp(argv[1], "locked") == 0 ? &prices_locked : strcmp(argv[1], "cow") == 0 ? &prices_cow : NULL;
  if (!ops || parse_long(argv[2], 1, 64, &readers) != 0 || parse_long(argv[3], 0, 1000000L, &reads) != 0 ||
      parse_long(argv[4], 0, 100000L, &updates) != 0) {
    fprintf(stderr, "usage: prices locked|cow READERS READS UPDATES  (READERS 1..64, READS per reader per update 0..1e6, UPDATES 0..1e5)\n");
    return 2;
  }
  uint64_t sum;
  long torn = prices_run(ops, (int)readers, reads, updates, &sum);
  if (torn < 0) {
    perror("prices: cannot run");
    return 1;
  }
  if (torn > 0) fprintf(stderr, "prices: %ld reads saw a version half written\n", torn);
  printf("%016" PRIx64 "\n", sum);
  return 0;
}
