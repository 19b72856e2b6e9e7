// learner-exec: runs a learner's code contained, for the grader (lib/run-learner).
#ifndef CONTAIN_H
#define CONTAIN_H

#include <stddef.h>
#include <sys/types.h>

#define MAX_PATHS 32
#define MAX_ENVS 64

// One request: the command, what it may write and read, and who runs it.
struct request {
  char *outs[MAX_PATHS];      // -o: files (or dirs, ending in /) copied back afterwards
  char *out_dirs[MAX_PATHS];  // the directory of each -o, absolute
  char *scratch[MAX_PATHS];   // the fresh directory the learner sees there
  int n_outs;
  char *writable[MAX_PATHS];  // -w: directories writable in place
  int n_writable;
  char *readable[MAX_PATHS];  // -r: files or dirs under /tmp made visible, read-only
  int n_readable;
  char *envs[MAX_ENVS];       // -e VAR=VALUE
  int n_envs;
  unsigned limit_seconds;     // -t
  char **argv;                // the command
  char cwd[4096];
  int as_root;                // 1: setuid/root mode (another uid); 0: a user namespace
  uid_t learner_uid;
  uid_t checker_uid;
};

// Prints "learner-exec: MESSAGE" and exits 125 (a usage or set-up error).
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

// view.c: builds the learner's view of the file system in a new mount namespace.
void build_view(const struct request *rq);

// outputs.c: the scratch directories behind -o, and copying their files back.
void make_scratch(struct request *rq);
void deliver_outputs(const struct request *rq);
void remove_scratch(const struct request *rq);

#endif
