// threads.c — collects every thread's stack: the thread that asks sends each
// other thread (listed in /proc/self/task) a real-time signal; the handler
// records its own stack with backtrace() and says it is done.
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "symbols.h"
#include "threads.h"

#define MAX_THREADS 512
#define MAX_DEPTH 48
// How long to wait for one thread to answer (a thread that blocks signals never does).
#define ANSWER_NS 200000000L

// One thread's stack, filled by its own signal handler.
struct stack {
  pid_t tid;
  int depth;
  void *pcs[MAX_DEPTH];
  atomic_int done;
};

static struct stack stacks[MAX_THREADS];
static int nstacks;
// One dump at a time: the stacks array is shared.
static pthread_mutex_t dump_lock = PTHREAD_MUTEX_INITIALIZER;

// The signal the dump uses (glibc keeps the first real-time signals for itself).
static int dump_signal(void) { return SIGRTMIN + 3; }

// Signal handler: the slot index comes with the signal.
static void on_dump_signal(int sig, siginfo_t *info, void *uc) {
  (void)sig, (void)uc;
  int i = info->si_value.sival_int;
  if (i < 0 || i >= nstacks) return;
  struct stack *s = &stacks[i];
  s->depth = backtrace(s->pcs, MAX_DEPTH);
  atomic_store(&s->done, 1);
}

int threads_init(void) {
  void *warm[2];
  backtrace(warm, 2);  // the first backtrace() loads the unwinder: do it now, not in a handler
  struct sigaction sa = {0};
  sa.sa_sigaction = on_dump_signal;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  return sigaction(dump_signal(), &sa, NULL);
}

// Lists the thread ids of this process into stacks[], at most MAX_THREADS.
static void list_threads(void) {
  nstacks = 0;
  DIR *d = opendir("/proc/self/task");
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) && nstacks < MAX_THREADS) {
    if (e->d_name[0] == '.') continue;
    memset(&stacks[nstacks], 0, sizeof stacks[nstacks]);
    stacks[nstacks++].tid = (pid_t)atoi(e->d_name);
  }
  closedir(d);
}

// Asks thread i for its stack and waits a little for the answer (this thread answers itself).
static void collect(int i) {
  struct stack *s = &stacks[i];
  if (s->tid == (pid_t)syscall(SYS_gettid)) {
    s->depth = backtrace(s->pcs, MAX_DEPTH);
    atomic_store(&s->done, 1);
    return;
  }
  siginfo_t info = {0};
  info.si_signo = dump_signal();
  info.si_code = SI_QUEUE;
  info.si_pid = getpid();
  info.si_value.sival_int = i;
  if (syscall(SYS_rt_tgsigqueueinfo, getpid(), s->tid, dump_signal(), &info) != 0) return;
  struct timespec pause = {0, 100000};
  for (long waited = 0; !atomic_load(&s->done) && waited < ANSWER_NS; waited += pause.tv_nsec) nanosleep(&pause, NULL);
}

// Frames from the top of the handler's stack that belong to the dump itself.
static int first_frame(const struct stack *s) {
  // In a handler: [0] on_dump_signal, [1] the signal trampoline; in the asking thread: [0] collect.
  return s->tid == (pid_t)syscall(SYS_gettid) ? 1 : 2;
}

// Orders stacks so identical ones are next to each other (unanswered ones last).
static int by_stack(const void *a, const void *b) {
  const struct stack *x = a, *y = b;
  int dx = atomic_load(&x->done) ? x->depth - first_frame(x) : -1;
  int dy = atomic_load(&y->done) ? y->depth - first_frame(y) : -1;
  if (dx != dy) return dx < dy ? 1 : -1;
  if (dx <= 0) return 0;
  return memcmp(x->pcs + first_frame(x), y->pcs + first_frame(y), (size_t)dx * sizeof(void *));
}

// True if two collected stacks are the same frames.
static int same(const struct stack *x, const struct stack *y) { return by_stack(x, y) == 0; }

// Prints "name+0xOFF" for a code address, or "[library]+0xOFF" when the library has no name for it.
static void print_place(FILE *out, uintptr_t pc, int caller) {
  uintptr_t off = 0;
  const char *name = symbols_lookup(caller ? pc - 1 : pc, &off);  // a return address may be past its call's function
  Dl_info dl;
  if (name) fprintf(out, "%s+0x%lx", name, (unsigned long)(off + (caller ? 1 : 0)));
  else if (dladdr((void *)pc, &dl) && dl.dli_fname)
    fprintf(out, "[%s]+0x%lx", strrchr(dl.dli_fname, '/') ? strrchr(dl.dli_fname, '/') + 1 : dl.dli_fname,
            (unsigned long)(pc - (uintptr_t)dl.dli_fbase));
  else fprintf(out, "?");
}

// Prints "#\t0xADDR\tname+0xOFF" lines for one stack.
static void print_frames(FILE *out, const struct stack *s, const char *indent) {
  for (int f = first_frame(s); f < s->depth; f++) {
    fprintf(out, "%s0x%lx\t", indent, (unsigned long)(uintptr_t)s->pcs[f]);
    print_place(out, (uintptr_t)s->pcs[f], f != first_frame(s));
    fputc('\n', out);
  }
}

// The thread's name from /proc (e.g. "leak-park").
static void thread_name(pid_t tid, char *name, size_t n) {
  char path[64];
  snprintf(path, sizeof path, "/proc/self/task/%d/comm", (int)tid);
  FILE *f = fopen(path, "r");
  if (!f || !fgets(name, (int)n, f)) snprintf(name, n, "?");
  if (f) fclose(f);
  name[strcspn(name, "\n")] = '\0';
}

// Go's debug=1 layout: "N @ pcs" then the symbolized frames, largest groups first.
static void print_grouped(FILE *out) {
  fprintf(out, "thread profile: total %d\n", nstacks);
  for (int i = 0; i < nstacks;) {
    int j = i + 1;
    while (j < nstacks && same(&stacks[i], &stacks[j])) j++;
    if (!atomic_load(&stacks[i].done)) {
      fprintf(out, "%d @ (no answer: the thread exited or blocks signals)\n\n", j - i);
    } else {
      fprintf(out, "%d @", j - i);
      for (int f = first_frame(&stacks[i]); f < stacks[i].depth; f++) fprintf(out, " %p", stacks[i].pcs[f]);
      fprintf(out, "\n");
      print_frames(out, &stacks[i], "#\t");
      fprintf(out, "\n");
    }
    i = j;
  }
}

// Go's debug=2 layout: every thread on its own, with its id and name.
static void print_each(FILE *out) {
  for (int i = 0; i < nstacks; i++) {
    char name[32];
    thread_name(stacks[i].tid, name, sizeof name);
    fprintf(out, "thread %d [%s]:\n", (int)stacks[i].tid, name);
    if (atomic_load(&stacks[i].done)) print_frames(out, &stacks[i], "\t");
    else fprintf(out, "\t(no answer: the thread exited or blocks signals)\n");
    fprintf(out, "\n");
  }
}

int threads_dump(FILE *out, int debug) {
  pthread_mutex_lock(&dump_lock);
  list_threads();
  for (int i = 0; i < nstacks; i++) collect(i);
  if (debug >= 2) {
    print_each(out);
  } else {
    qsort(stacks, (size_t)nstacks, sizeof stacks[0], by_stack);
    print_grouped(out);
  }
  pthread_mutex_unlock(&dump_lock);
  return ferror(out) ? -1 : 0;
}
