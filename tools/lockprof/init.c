// init.c — reads the knobs from the environment when the library loads, and
// writes the requested profiles when the process that read them exits.
#include <errno.h>
#include <execinfo.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

// The files to write at exit (copied: the variables are removed from the
// environment so child processes do not overwrite them), and who may write them.
static char mutex_out[PATH_MAX], block_out[PATH_MAX];
static pid_t owner;

// Reads a whole number >= 0 from the environment; complains once and returns 0 for anything else.
static long env_number(const char *name) {
  const char *v = getenv(name);
  if (!v || !*v) return 0;
  char *end;
  errno = 0;
  long n = strtol(v, &end, 10);
  if (errno || *end || n < 0 || n > INT_MAX) {
    fprintf(stderr, "lockprof: ignoring %s='%s' (want a whole number from 0 to %d)\n", name, v, INT_MAX);
    return 0;
  }
  return n;
}

// Removes NAME from the process's environment array itself (not with unsetenv,
// which a program such as bash replaces with its own that is not ready yet).
static void drop_env(const char *name) {
  extern char **environ;
  size_t n = strlen(name);
  char **out = environ;
  for (char **in = environ; in && *in; in++)
    if (!(strncmp(*in, name, n) == 0 && (*in)[n] == '=')) *out++ = *in;
  if (out) *out = NULL;
}

// Copies an output path from the environment and removes the variable.
static void take_path(const char *name, char *dst, size_t cap) {
  const char *v = getenv(name);
  if (!v || !*v) return;
  if (strlen(v) >= cap) {
    fprintf(stderr, "lockprof: ignoring %s: path too long\n", name);
  } else {
    strcpy(dst, v);
  }
  drop_env(name);
}

// Writes one profile to PATH; reports a failure on stderr in one line.
static void write_file(enum lockprof_kind kind, const char *path) {
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "lockprof: cannot write %s: %s\n", path, strerror(errno));
    return;
  }
  int bad = lockprof_write(kind, f) != 0;
  if (fclose(f) != 0 || bad) fprintf(stderr, "lockprof: writing %s failed\n", path);
}

void lp_init_from_env(void) {
  void *warm[2];
  backtrace(warm, 2);  // loads the unwinder now: the first call allocates, later ones do not
  owner = getpid();
  take_path("LOCKPROF_MUTEX_OUT", mutex_out, sizeof mutex_out);
  take_path("LOCKPROF_BLOCK_OUT", block_out, sizeof block_out);
  atomic_store(&lp_mutex_fraction, (int)env_number("MUTEX_PROFILE_FRACTION"));
  atomic_store(&lp_block_rate, env_number("BLOCK_PROFILE_RATE_NS"));
  lp_update_enabled();
}

// Runs at exit: writes the requested profiles, once, only in the process that started with them.
__attribute__((destructor)) static void lockprof_fini(void) {
  static _Atomic int done;
  if (getpid() != owner || atomic_exchange(&done, 1)) return;
  if (mutex_out[0]) write_file(LOCKPROF_MUTEX, mutex_out);
  if (block_out[0]) write_file(LOCKPROF_BLOCK, block_out);
}
