// heap_dump.c — writes a gperftools heap profile to exactly the file asked for.
//
// gperftools names every dump PREFIX.0001.heap, PREFIX.0002.heap, ...: one per
// HeapProfilerDump, plus one whenever the heap grows by HEAP_PROFILE_INUSE_INTERVAL
// (100 MiB) or HEAP_PROFILE_ALLOCATION_INTERVAL (1 GiB) is allocated. The newest
// is the one we want. Its own buffer is not tracked (unlike GetHeapProfile's), so
// the profile does not show the profiler as memory in use.
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gperftools/heap-profiler.h>

#include "heap_dump.h"

// Finds PATH.NNNN.heap files, oldest first; returns how many (0 if none or on error).
static size_t find_dumps(const char *path, glob_t *found) {
  char pattern[4096];
  snprintf(pattern, sizeof pattern, "%s.[0-9][0-9][0-9][0-9].heap", path);
  if (glob(pattern, 0, NULL, found) != 0) {
    found->gl_pathc = 0;
    found->gl_pathv = NULL;
    return 0;
  }
  return found->gl_pathc;
}

// Removes the first n files of a glob result.
static void remove_dumps(glob_t *found, size_t n) {
  for (size_t i = 0; i < n; i++) unlink(found->gl_pathv[i]);
}

int heap_profile_start(const char *path, const char *prog) {
  FILE *f = fopen(path, "w");
  if (!f || fclose(f) != 0) {
    fprintf(stderr, "%s: cannot create the heap profile %s: %s\n", prog, path, strerror(errno));
    return -1;
  }
  glob_t found;
  size_t n = find_dumps(path, &found);
  remove_dumps(&found, n);
  if (found.gl_pathv) globfree(&found);
  HeapProfilerStart(path);
  return 0;
}

int heap_profile_write(const char *path, const char *prog) {
  glob_t found;
  HeapProfilerDump("end of run");
  size_t n = find_dumps(path, &found);
  int ok = n > 0 && rename(found.gl_pathv[n - 1], path) == 0;
  if (ok) remove_dumps(&found, n - 1);
  if (ok && n > 1)
    fprintf(stderr, "%s: heap profile written to %s (the final dump; %zu intermediate dump%s removed)\n", prog, path,
            n - 1, n > 2 ? "s" : "");
  if (found.gl_pathv) globfree(&found);
  HeapProfilerStop();
  if (ok) return 0;
  fprintf(stderr, "%s: cannot write the heap profile %s\n", prog, path);
  return -1;
}
