// regress.c — names the function behind a regression from profile windows:
//
//   regress BEFORE.folded... -- AFTER.folded...
//
// Each file is one window's folded stacks (tools/collector/windows paths --folded).
// Prints the function whose share grew most (grew_most.c) and exits 0, or says
// that none grew and exits 1; bad arguments or files exit 2.
#include <stdio.h>
#include <string.h>

#include "grew_most.h"

// Reads argv[from..to) into a set; returns 0 or -1.
static int read_set(struct window_set *s, char **argv, int from, int to) {
  for (int i = from; i < to; i++)
    if (window_set_add_file(s, argv[i]) != 0) return -1;
  return 0;
}

int main(int argc, char **argv) {
  int sep = 1;
  while (sep < argc && strcmp(argv[sep], "--") != 0) sep++;
  if (sep == 1 || sep >= argc - 1) {
    fprintf(stderr, "usage: regress BEFORE.folded... -- AFTER.folded...\n");
    return 2;
  }
  struct window_set before = {0}, after = {0};
  int rc = 2;
  if (read_set(&before, argv, 1, sep) == 0 && read_set(&after, argv, sep + 1, argc) == 0) {
    const char *name = grew_most(&before, &after);
    if (name) printf("%s\n", name);
    else fprintf(stderr, "regress: no function's share grew (%d windows before, %d after)\n", before.windows, after.windows);
    rc = name ? 0 : 1;
  }
  window_set_free(&before);
  window_set_free(&after);
  return rc;
}
