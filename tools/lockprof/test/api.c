// api.c — the linked library's C API, as the server uses it: turn the mutex
// profile on from code, make contention, format the profile into a buffer too
// small and then one large enough, and write it to a FILE.
//   api OUTFILE   prints "needed N", "truncated ok", "written"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contention.h"
#include "lockprof.h"

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: api OUTFILE\n");
    return 2;
  }
  if (lockprof_set_mutex_fraction(1) != 0 || lockprof_mutex_fraction() != 1) return 1;
  contention_run(2000, 20000, 4);
  char small[32];
  size_t needed = lockprof_format(LOCKPROF_MUTEX, small, sizeof small);
  printf("needed %zu\n", needed);
  if (needed > sizeof small && strlen(small) == sizeof small - 1 && strncmp(small, "--- contention:\n", 16) == 0)
    printf("truncated ok\n");
  char *big = malloc(needed + 4096);  // the memory map may grow a little between the calls
  if (!big || lockprof_format(LOCKPROF_MUTEX, big, needed + 4096) >= needed + 4096) return 1;
  FILE *f = fopen(argv[1], "w");
  if (!f || lockprof_write(LOCKPROF_MUTEX, f) != 0 || fclose(f) != 0) return 1;
  printf("written\n");
  free(big);
  return 0;
}
