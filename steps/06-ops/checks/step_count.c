// step_count.c — the checker's instruction counter, a debugger's "stepi" in a loop:
//   step_count COMMAND [ARGS...]
// runs COMMAND traced (ptrace) and, from each SIGUSR1 it sends itself to the
// next SIGUSR2, single-steps it and counts the instructions it runs; prints
// "steps N" for each such stretch. Exits with COMMAND's status, or 3 after a
// stretch it could not count ("steps over" past MAX_STEPS, "steps signal N",
// "steps ended"): COMMAND is killed then.
// The count is exact and the same on a busy machine as on an idle one, and
// COMMAND runs natively: there is no valgrind for it to notice.
// This file is the checker's: it is never linked with a learner's code.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

// One stretch longer than this is not a comparison of two short strings (a sane
// guard_admit runs a few thousand instructions; each step costs microseconds).
#define MAX_STEPS 100000L

// Prints a one-line error and exits 2.
static void die(const char *what) {
  fprintf(stderr, "step_count: %s: %s\n", what, strerror(errno));
  exit(2);
}

// Forks COMMAND as a traced child (it stops at its exec) and returns its pid.
static pid_t start_traced(char **argv) {
  pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) {
    if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) != 0) die("ptrace(PTRACE_TRACEME) is refused here");
    execvp(argv[0], argv);
    die(argv[0]);
  }
  int status;
  if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status)) die("the command did not start");
  // Killed with this tracer, whatever ends it.
  ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)PTRACE_O_EXITKILL);
  return pid;
}

// Single-steps PID from a SIGUSR1 stop to its SIGUSR2 stop and prints "steps N",
// the instructions run in between. Returns 0, or -1 after printing why it could
// not ("steps over" past MAX_STEPS, "steps signal N" if another signal stopped it).
static int count_stretch(pid_t pid) {
  int status;
  for (long steps = 0; steps <= MAX_STEPS; steps++) {
    if (ptrace(PTRACE_SINGLESTEP, pid, NULL, NULL) != 0 || waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status)) {
      printf("steps ended\n");
      return -1;
    }
    if (WSTOPSIG(status) == SIGUSR2) return printf("steps %ld\n", steps), 0;
    if (WSTOPSIG(status) != SIGTRAP) return printf("steps signal %d\n", WSTOPSIG(status)), -1;
  }
  printf("steps over\n");
  return -1;
}

// Runs the child to its end, counting each SIGUSR1..SIGUSR2 stretch; returns
// its exit status (3 when a stretch could not be counted: the child is killed).
static int trace(pid_t pid) {
  int status, sig = 0;
  for (;;) {
    if (ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig) != 0) die("ptrace(PTRACE_CONT)");
    if (waitpid(pid, &status, 0) != pid) die("waitpid");
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    sig = WSTOPSIG(status);
    if (sig == SIGUSR1 && count_stretch(pid) != 0) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return 3;
    }
    if (sig == SIGUSR1 || sig == SIGTRAP || sig == SIGUSR2) sig = 0;  // ours (the markers, the exec): not the program's
  }
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: step_count COMMAND [ARGS...]\n");
    return 2;
  }
  int status = trace(start_traced(argv + 1));
  fflush(stdout);
  return status;
}
