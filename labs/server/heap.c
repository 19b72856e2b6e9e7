// heap.c — /debug/pprof/heap from tcmalloc's heap profiler, which the server
// starts at launch (its dump files go to a private temporary directory,
// removed at exit). A build without tcmalloc (the AddressSanitizer one) says so.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

#ifdef HAVE_TCMALLOC
#include <dirent.h>
#include <gperftools/heap-profiler.h>

// Where the heap profiler may write its periodic dumps (it does after each GiB allocated).
static char heap_dir[] = "/tmp/labs-server-heap-XXXXXX";

int heap_profiling_start(char *why, size_t n) {
  if (!mkdtemp(heap_dir)) {
    snprintf(why, n, "cannot create a directory for the heap profiler in /tmp");
    return -1;
  }
  char prefix[sizeof heap_dir + 8];
  snprintf(prefix, sizeof prefix, "%s/heap", heap_dir);
  HeapProfilerStart(prefix);
  return 0;
}

void heap_profiling_stop(void) {
  if (IsHeapProfilerRunning()) HeapProfilerStop();
  DIR *d = opendir(heap_dir);
  struct dirent *e;
  while (d && (e = readdir(d)))
    if (e->d_name[0] != '.') unlinkat(dirfd(d), e->d_name, 0);
  if (d) closedir(d);
  rmdir(heap_dir);
}

//> pprof-heap
enum MHD_Result pprof_heap(struct request *r) {
  if (!IsHeapProfilerRunning()) return reply_text(r, MHD_HTTP_NOT_IMPLEMENTED, "the heap profiler is not running\n");
  char *text = GetHeapProfile();  // malloc'd, in the format both pprofs read
  if (!text) return reply_text(r, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory\n");
  return reply_owned(r, MHD_HTTP_OK, "text/plain; charset=utf-8", text, strlen(text));
}
//< pprof-heap

#else

int heap_profiling_start(char *why, size_t n) {
  (void)why, (void)n;
  return 0;
}

void heap_profiling_stop(void) {}

enum MHD_Result pprof_heap(struct request *r) {
  return reply_text(r, MHD_HTTP_NOT_IMPLEMENTED, "heap profiles need tcmalloc; this build has none (AddressSanitizer)\n");
}

#endif
