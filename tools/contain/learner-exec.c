// learner-exec — runs one command of a learner's code contained, for the
// grader (lib/run-learner calls it when RUN_LEARNER_MODE=contained):
//
//   learner-exec [-t SECONDS] [-o PATH]... [-w DIR]... [-r PATH]... [-e VAR=VALUE]... -- COMMAND [ARGS...]
//
// As root with learner-exec.conf beside it (the grading sandbox installs it
// setuid root, executable only by the checker's group, with that file naming
// the uids) the command runs as the learner's uid; otherwise in a user
// namespace of its own. Either way: its own PID, mount, IPC and UTS
// namespaces (the checker's processes invisible, all of them killed when the
// command ends), every mount read-only but a fresh /tmp and the -o/-w
// directories, fds above 2 closed, a fixed environment plus the -e settings,
// no new privileges. Exit status: the command's, 128+N for signal N, 124 at
// the time limit (as timeout(1)), 125 for a usage or set-up error, 127 if it
// cannot start.
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "contain.h"

// The file beside the binary that names the uids in root mode (owned by root, not writable by others).
#define CONF_NAME "learner-exec.conf"

void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("learner-exec: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(125);
}

// Appends one argument to a bounded list, or dies when the list is full.
static void add(char **list, int *n, int max, char *value, const char *what) {
  if (*n >= max) die("too many %s", what);
  list[(*n)++] = value;
}

// Reads the options into the request; the command follows "--".
static void parse(struct request *rq, int argc, char **argv) {
  int i = 1;
  rq->limit_seconds = 900;
  for (; i < argc && strcmp(argv[i], "--") != 0; i += 2) {
    if (i + 1 >= argc) die("%s needs a value", argv[i]);
    char *v = argv[i + 1];
    if (!strcmp(argv[i], "-o")) add(rq->outs, &rq->n_outs, MAX_PATHS, v, "-o paths");
    else if (!strcmp(argv[i], "-w")) add(rq->writable, &rq->n_writable, MAX_PATHS, v, "-w directories");
    else if (!strcmp(argv[i], "-r")) add(rq->readable, &rq->n_readable, MAX_PATHS, v, "-r paths");
    else if (!strcmp(argv[i], "-e") && strchr(v, '=') && v[0] != '=') add(rq->envs, &rq->n_envs, MAX_ENVS, v, "-e settings");
    else if (!strcmp(argv[i], "-t") && atoi(v) > 0) rq->limit_seconds = (unsigned)atoi(v);
    else die("unknown option %s %s", argv[i], v);
  }
  if (i + 1 >= argc) die("no command after --");
  rq->argv = argv + i + 1;
  if (!getcwd(rq->cwd, sizeof rq->cwd)) die("cannot read the working directory: %s", strerror(errno));
}

// Reads the learner's and the checker's uids from the configuration beside the
// binary; returns 0 if there is none (then it runs in a user namespace).
static int read_conf(struct request *rq) {
  char self[4096], path[4200];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) die("cannot find its own binary");
  self[n] = '\0';
  *strrchr(self, '/') = '\0';
  snprintf(path, sizeof path, "%s/%s", self, CONF_NAME);
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  struct stat st;
  if (fd < 0 && errno == ENOENT) return 0;
  if (fd < 0 || fstat(fd, &st) != 0 || st.st_uid != 0 || (st.st_mode & 022)) die("no trustworthy %s", path);
  FILE *f = fdopen(fd, "r");
  unsigned long learner = 0, checker = 0;
  if (!f || fscanf(f, "learner_uid %lu checker_uid %lu", &learner, &checker) != 2 || !learner || !checker)
    die("%s must say: learner_uid N checker_uid N", path);
  fclose(f);
  rq->learner_uid = (uid_t)learner;
  rq->checker_uid = (uid_t)checker;
  return 1;
}

// Writes one line to a /proc file of this process (the user namespace's maps).
static void write_proc(const char *file, const char *text) {
  int fd = open(file, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) die("cannot write %s: %s", file, strerror(errno));
  close(fd);
}

// Without root: a user namespace mapping our own uid and gid to themselves.
static void enter_user_namespace(void) {
  uid_t uid = getuid();
  gid_t gid = getgid();
  char map[64];
  if (unshare(CLONE_NEWUSER) != 0) die("cannot make a user namespace: %s", strerror(errno));
  write_proc("/proc/self/setgroups", "deny");
  snprintf(map, sizeof map, "%u %u 1", uid, uid);
  write_proc("/proc/self/uid_map", map);
  snprintf(map, sizeof map, "%u %u 1", gid, gid);
  write_proc("/proc/self/gid_map", map);
}

// Sets VAR=VALUE in an environment list, replacing an earlier VAR.
static void set_env(char **env, int *n, char *setting) {
  size_t len = (size_t)(strchr(setting, '=') - setting) + 1;
  for (int i = 0; i < *n; i++)
    if (!strncmp(env[i], setting, len)) { env[i] = setting; return; }
  env[(*n)++] = setting;
}

// The command's process: drops to the learner, closes fds, sets the environment, runs it.
static void run_command(const struct request *rq) {
  char *env[MAX_ENVS + 8] = {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=/tmp/home", "TMPDIR=/tmp",
                             "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "RUN_LEARNER_MODE=inside"};
  int n = 6;
  for (int i = 0; i < rq->n_envs; i++) set_env(env, &n, rq->envs[i]);
  env[n] = NULL;
  setsid();
  // When the sandbox runs out of memory, the kernel kills the learner's processes first, never the checker's.
  write_proc("/proc/self/oom_score_adj", "1000");
  struct rlimit core = {0, 0};
  setrlimit(RLIMIT_CORE, &core);
  if (rq->as_root && (setgroups(0, NULL) != 0 || setresgid(rq->learner_uid, rq->learner_uid, rq->learner_uid) != 0 ||
                      setresuid(rq->learner_uid, rq->learner_uid, rq->learner_uid) != 0))
    die("cannot take the learner's uid: %s", strerror(errno));
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) die("cannot forbid new privileges: %s", strerror(errno));
  if (chdir(rq->cwd) != 0) die("cannot enter %s: %s", rq->cwd, strerror(errno));
  close_range(3, ~0U, 0);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  execve(rq->argv[0], rq->argv, env);
  fprintf(stderr, "learner-exec: cannot run %s: %s\n", rq->argv[0], strerror(errno));
  _exit(127);
}

// The signals passed on to the command (stop_server's SIGTERM, a Ctrl-C).
static const int forwarded[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT};
static volatile pid_t forward_to;
static volatile sig_atomic_t timed_out;

// Passes a signal on to the process we wait for.
static void forward(int sig) {
  if (forward_to > 0) kill(forward_to, sig);
}

// Ends the run at the time limit.
static void on_alarm(int sig) {
  (void)sig;
  timed_out = 1;
  if (forward_to > 0) kill(forward_to, SIGKILL);
}

// Installs the handlers that forward signals to PID.
static void forward_signals(pid_t pid) {
  struct sigaction sa = {0};
  forward_to = pid;
  sa.sa_handler = forward;
  for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) sigaction(forwarded[i], &sa, NULL);
}

// Waits for PID (retrying when a signal interrupts) and returns its status as an exit code.
static int wait_status(pid_t pid) {
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return 125;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The namespace's first process: builds the view, starts the command, reaps, exits with its status.
static void init_process(const struct request *rq) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (unshare(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS) != 0) die("cannot make namespaces: %s", strerror(errno));
  build_view(rq);
  pid_t pid = fork();
  if (pid < 0) die("cannot start the command: %s", strerror(errno));
  if (pid == 0) run_command(rq);
  forward_signals(pid);
  for (;;) {
    int status;
    pid_t done = wait(&status);
    if (done == pid) _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    if (done < 0 && errno == ECHILD) _exit(125);
  }
}

// The request, for the exit handler.
static struct request rq;

// Removes the scratch directories when a set-up error ends the run early.
static void remove_scratch_at_exit(void) {
  remove_scratch(&rq);
}

int main(int argc, char **argv) {
  parse(&rq, argc, argv);
  rq.as_root = geteuid() == 0 && read_conf(&rq);
  if (rq.as_root) {
    if (getuid() != 0 && getuid() != rq.checker_uid) die("only the checker may run learner code here");
    // The real uid stays the caller's: the checker can still signal us (stop_server's SIGTERM and SIGKILL).
    if (setresuid(getuid(), 0, 0) != 0 || setresgid(0, 0, 0) != 0) die("cannot become root: %s", strerror(errno));
  }
  make_scratch(&rq);
  atexit(remove_scratch_at_exit);
  if (!rq.as_root) enter_user_namespace();
  if (unshare(CLONE_NEWPID) != 0) die("cannot make a PID namespace: %s", strerror(errno));
  pid_t init = fork();
  if (init < 0) die("cannot fork: %s", strerror(errno));
  if (init == 0) init_process(&rq);
  forward_signals(init);
  struct sigaction sa = {0};
  sa.sa_handler = on_alarm;
  sigaction(SIGALRM, &sa, NULL);
  alarm(rq.limit_seconds);
  int status = wait_status(init);
  alarm(0);
  deliver_outputs(&rq);
  return timed_out ? 124 : status;
}
