// The files a contained command writes (-o): a fresh scratch directory stands
// in for each -o directory while it runs; afterwards, once every learner
// process has ended, the named files are copied to where the checker wants them.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

#include "contain.h"

// The most a copied file may hold, and how many files one directory may give back.
#define MAX_COPY_BYTES (1024L * 1024 * 1024)
#define MAX_COPY_FILES 500

// Where the scratch directories live (made once, private to this run).
static char base[4096];

// True if the -o at index I names a whole directory (ends in /).
static int whole_dir(const struct request *rq, int i) {
  size_t len = strlen(rq->outs[i]);
  return len > 0 && rq->outs[i][len - 1] == '/';
}

// The absolute directory an -o path lives in (or is, ending in /); it must exist.
static char *out_dir(const struct request *rq, const char *path) {
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", path);
  size_t len = strlen(buf);
  while (len > 1 && buf[len - 1] == '/') buf[--len] = '\0';
  char *dir = path[strlen(path) - 1] == '/' ? buf : dirname(buf);
  char joined[8192];
  if (dir[0] != '/') snprintf(joined, sizeof joined, "%s/%s", rq->cwd, dir);
  else snprintf(joined, sizeof joined, "%s", dir);
  char *real = realpath(joined, NULL);
  if (!real) die("-o %s: its directory %s does not exist", path, joined);
  return real;
}

// Makes a scratch directory, owned by the learner, for every distinct -o directory.
void make_scratch(struct request *rq) {
  const char *tmp = rq->as_root ? "/tmp" : (getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  if (rq->n_outs == 0) return;
  snprintf(base, sizeof base, "%s/.learner-exec.XXXXXX", tmp);
  if (!mkdtemp(base)) die("cannot make a scratch directory in %s: %s", tmp, strerror(errno));
  if (rq->as_root && chmod(base, 0711) != 0) die("cannot set up %s: %s", base, strerror(errno));
  for (int i = 0; i < rq->n_outs; i++) {
    rq->out_dirs[i] = out_dir(rq, rq->outs[i]);
    rq->scratch[i] = NULL;
    int shared = 0;
    for (int j = 0; j < i && !shared; j++) shared = !strcmp(rq->out_dirs[j], rq->out_dirs[i]);
    if (shared) continue;
    char dir[8192];
    snprintf(dir, sizeof dir, "%s/%d", base, i);
    if (mkdir(dir, 0700) != 0) die("cannot make %s: %s", dir, strerror(errno));
    if (rq->as_root && chown(dir, rq->learner_uid, rq->learner_uid) != 0) die("cannot hand %s to the learner: %s", dir, strerror(errno));
    rq->scratch[i] = strdup(dir);
  }
}

// The scratch directory that stands in for the -o at index I.
static const char *scratch_of(const struct request *rq, int i) {
  for (int j = 0; j <= i; j++)
    if (!strcmp(rq->out_dirs[j], rq->out_dirs[i]) && rq->scratch[j]) return rq->scratch[j];
  return NULL;
}

// Copies one open regular file to DEST (written by the caller's own uid).
static void copy_one(int src, const char *dest) {
  int out = open(dest, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (out < 0) { fprintf(stderr, "learner-exec: cannot write %s: %s\n", dest, strerror(errno)); return; }
  char buf[65536];
  ssize_t n;
  long total = 0;
  while ((n = read(src, buf, sizeof buf)) > 0 && total < MAX_COPY_BYTES) {
    if (write(out, buf, (size_t)n) != n) { fprintf(stderr, "learner-exec: short write to %s\n", dest); break; }
    total += n;
  }
  close(out);
}

// Opens NAME in the scratch directory DIRFD if it is a regular file (never following a link).
static int open_regular(int dirfd, const char *name) {
  int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  struct stat st;
  if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) { close(fd); fd = -1; }
  return fd;
}

// A file to copy back: open in the scratch directory, and where it goes.
struct copy { int fd; char dest[8192]; };

// Opens the files of -o number I (one file, or every regular file of a
// directory) and adds them to the list; returns the new count.
static int collect(const struct request *rq, int i, struct copy *list, int n, int max) {
  const char *scratch = scratch_of(rq, i);
  int dirfd = scratch ? open(scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
  if (dirfd < 0) return n;
  if (!whole_dir(rq, i)) {
    char name[4096];
    snprintf(name, sizeof name, "%s", rq->outs[i]);
    int fd = open_regular(dirfd, basename(name));
    if (fd >= 0 && n < max) {
      list[n].fd = fd;
      snprintf(list[n++].dest, sizeof list[0].dest, "%s/%s", rq->out_dirs[i], basename(name));
    } else if (fd >= 0) {
      close(fd);
    }
  } else {
    DIR *d = fdopendir(dup(dirfd));
    struct dirent *e;
    while (d && (e = readdir(d)) && n < max) {
      int fd = open_regular(dirfd, e->d_name);
      if (fd < 0) continue;
      list[n].fd = fd;
      snprintf(list[n++].dest, sizeof list[0].dest, "%s/%s", rq->out_dirs[i], e->d_name);
    }
    if (d) closedir(d);
  }
  close(dirfd);
  return n;
}

// Copies every -o back, as the last thing this process does: the files are
// opened (as root, the only one who may read the learner's scratch), the
// scratch is removed, and then, as the checker, they are written where it
// asked, so the checker's permissions, not root's, decide where they may go.
// (The PID namespace the command ran in is gone: no more forks here.)
void deliver_outputs(const struct request *rq) {
  static struct copy list[MAX_COPY_FILES];
  int n = 0;
  for (int i = 0; i < rq->n_outs; i++) n = collect(rq, i, list, n, MAX_COPY_FILES);
  remove_scratch(rq);
  if (rq->as_root && (setgroups(0, NULL) != 0 || setresgid(rq->checker_uid, rq->checker_uid, rq->checker_uid) != 0 ||
                      setresuid(rq->checker_uid, rq->checker_uid, rq->checker_uid) != 0))
    die("cannot take the checker's uid to copy the outputs: %s", strerror(errno));
  for (int i = 0; i < n; i++) { copy_one(list[i].fd, list[i].dest); close(list[i].fd); }
}

// Removes one entry of a scratch tree (nftw callback; links are removed, never followed).
static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)st; (void)type; (void)ftw;
  remove(path);
  return 0;
}

// Removes the scratch directories and everything in them.
void remove_scratch(const struct request *rq) {
  (void)rq;
  if (base[0]) nftw(base, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
