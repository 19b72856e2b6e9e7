// The learner's view of the file system, built in a fresh mount namespace:
// every mount read-only, a new /proc, an empty /tmp, and only the -o, -w and
// -r paths writable or visible beyond that.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "contain.h"

// Decodes the octal escapes (\040 for a space, ...) of a path in /proc/self/mountinfo, in place.
static void unescape(char *s) {
  char *w = s;
  for (char *r = s; *r; r++) {
    if (r[0] == '\\' && r[1] >= '0' && r[1] <= '7' && r[2] && r[3]) {
      *w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
      r += 3;
    } else {
      *w++ = *r;
    }
  }
  *w = '\0';
}

// The mount flags to keep when remounting read-only (the kernel refuses to drop locked ones).
static unsigned long kept_flags(const char *opts) {
  unsigned long f = 0;
  char copy[512];
  snprintf(copy, sizeof copy, "%s", opts);
  for (char *save = NULL, *o = strtok_r(copy, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
    if (!strcmp(o, "nosuid")) f |= MS_NOSUID;
    else if (!strcmp(o, "nodev")) f |= MS_NODEV;
    else if (!strcmp(o, "noexec")) f |= MS_NOEXEC;
    else if (!strcmp(o, "noatime")) f |= MS_NOATIME;
    else if (!strcmp(o, "nodiratime")) f |= MS_NODIRATIME;
    else if (!strcmp(o, "relatime")) f |= MS_RELATIME;
    else if (!strcmp(o, "strictatime")) f |= MS_STRICTATIME;
  }
  return f;
}

// True for mount points the new /proc replaces or that nothing may write anyway.
static int ignorable(const char *mp) {
  return !strncmp(mp, "/proc", 5) || !strncmp(mp, "/sys", 4);
}

// Remounts every mount of this namespace read-only (nosuid added; nodev but on /dev).
static void remount_all_readonly(void) {
  FILE *f = fopen("/proc/self/mountinfo", "r");
  if (!f) die("cannot read /proc/self/mountinfo: %s", strerror(errno));
  char line[8192];
  while (fgets(line, sizeof line, f)) {
    char *field[6] = {0}, *save = NULL;
    char *t = strtok_r(line, " ", &save);
    for (int i = 0; t && i < 6; i++, t = strtok_r(NULL, " ", &save)) field[i] = t;
    if (!field[4] || !field[5]) continue;
    unescape(field[4]);
    // nodev everywhere but /dev, whose nodes (null, zero, urandom) programs need.
    unsigned long nodev = strncmp(field[4], "/dev", 4) ? MS_NODEV : 0;
    unsigned long flags = MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | nodev | kept_flags(field[5]);
    if (mount(NULL, field[4], NULL, flags, NULL) != 0 && !ignorable(field[4]))
      die("cannot make %s read-only: %s", field[4], strerror(errno));
  }
  fclose(f);
}

// Creates a directory and its parents (as mkdir -p does), for paths inside the new /tmp.
static void make_dirs(const char *path, mode_t mode) {
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(buf, mode) != 0 && errno != EEXIST) die("cannot make %s: %s", buf, strerror(errno));
    *p = '/';
  }
  if (mkdir(buf, mode) != 0 && errno != EEXIST) die("cannot make %s: %s", buf, strerror(errno));
}

// Makes sure TARGET exists in the view, as a directory or an empty file like the original.
static void make_target(const char *target, int is_dir) {
  struct stat st;
  if (stat(target, &st) == 0) return;
  if (is_dir) { make_dirs(target, 0755); return; }
  char parent[4096];
  snprintf(parent, sizeof parent, "%s", target);
  char *slash = strrchr(parent, '/');
  if (slash && slash != parent) { *slash = '\0'; make_dirs(parent, 0755); }
  int fd = open(target, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0) die("cannot make %s: %s", target, strerror(errno));
  close(fd);
}

// An open handle on a path that survives the mounts hiding it.
struct held { int fd; int is_dir; const char *target; int writable; mode_t mode; };

// Opens SOURCE (O_PATH) to bind it later at TARGET.
static struct held hold(const char *source, const char *target, int writable) {
  struct held h = {open(source, O_PATH | O_CLOEXEC), 0, target, writable, 0};
  struct stat st;
  if (h.fd < 0 || fstat(h.fd, &st) != 0) die("cannot open %s: %s", source, strerror(errno));
  h.is_dir = S_ISDIR(st.st_mode);
  h.mode = st.st_mode;
  return h;
}

// Refuses an -r input that the learner's uid (one of "others" to its owner) could not read.
static void check_readable_by_others(const char *path, const struct held *h) {
  mode_t need = S_IROTH | (h->is_dir ? S_IXOTH : 0);
  if ((h->mode & need) != need)
    die("-r %s is mode %03o: the learner's uid could not read it (make it readable by others)", path, h->mode & 0777);
}

// Binds a held path at its target, read-only unless it is writable.
static void bind_held(const struct held *h) {
  char from[64];
  snprintf(from, sizeof from, "/proc/self/fd/%d", h->fd);
  make_target(h->target, h->is_dir);
  if (mount(from, h->target, NULL, MS_BIND, NULL) != 0) die("cannot bind %s: %s", h->target, strerror(errno));
  unsigned long flags = MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV | (h->writable ? 0 : MS_RDONLY);
  if (mount(NULL, h->target, NULL, flags, NULL) != 0) die("cannot remount %s: %s", h->target, strerror(errno));
  close(h->fd);
}

// Mounts a size-limited tmpfs at PATH.
static void fresh_tmpfs(const char *path, const char *opts) {
  if (mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, opts) != 0)
    die("cannot mount a tmpfs on %s: %s", path, strerror(errno));
}

// Builds the view; runs as the namespace's first process, before the command starts.
void build_view(const struct request *rq) {
  struct held held[3 * MAX_PATHS];
  int n = 0;
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    die("cannot make the mounts private (%s): / is no mount point here (a chroot?); run it inside the grading sandbox", strerror(errno));
  // The view's directories and files are the same whatever umask the checker has (0077 would hide -r inputs).
  umask(022);
  for (int i = 0; i < rq->n_readable; i++) {
    held[n] = hold(rq->readable[i], rq->readable[i], 0);
    if (rq->as_root) check_readable_by_others(rq->readable[i], &held[n]);
    n++;
  }
  for (int i = 0; i < rq->n_writable; i++) held[n++] = hold(rq->writable[i], rq->writable[i], 1);
  for (int i = 0; i < rq->n_outs; i++)
    if (rq->scratch[i]) held[n++] = hold(rq->scratch[i], rq->out_dirs[i], 1);
  remount_all_readonly();
  if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
    die("cannot mount a /proc of its own: %s", strerror(errno));
  fresh_tmpfs("/tmp", "mode=1777,size=536870912");
  struct stat st;
  if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode)) fresh_tmpfs("/dev/shm", "mode=1777,size=67108864");
  for (int i = 0; i < n; i++) bind_held(&held[i]);
  make_dirs("/tmp/home", 0700);
  if (rq->as_root && chown("/tmp/home", rq->learner_uid, rq->learner_uid) != 0)
    die("cannot hand /tmp/home to the learner: %s", strerror(errno));
}
