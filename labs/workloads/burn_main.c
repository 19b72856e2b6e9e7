// burn_main.c — `burn_cpu ROUNDS WORKERS`: the burner as a program that does not
// link gperftools, so it is profiled by preloading libprofiler with CPUPROFILE set.
// Built with -DBURN_HOT=\"name\", it gives that part of burn.c most of the time.
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "burn.h"
#include "parse_arg.h"

int main(int argc, char **argv) {
  long rounds, workers;
  if (argc != 3 || parse_long(argv[1], 1, 1000000000L, &rounds) != 0 ||
      parse_long(argv[2], 1, 256, &workers) != 0) {
    fprintf(stderr, "usage: burn_cpu ROUNDS WORKERS  (ROUNDS 1..1000000000, WORKERS 1..256)\n");
    return 2;
  }
#ifdef BURN_HOT
  if (burn_use_hot(BURN_HOT) != 0) {
    fprintf(stderr, "burn_cpu: built with an unknown hot part '%s'\n", BURN_HOT);
    return 2;
  }
#endif
  uint64_t sum = burn_cpu(rounds, (int)workers);
  if (sum == 0) {
    fprintf(stderr, "burn_cpu: cannot start %ld workers: %s\n", workers, strerror(errno));
    return 1;
  }
  printf("burned %ld rounds on %ld workers, checksum %016" PRIx64 "\n", rounds, workers, sum);
  return 0;
}
