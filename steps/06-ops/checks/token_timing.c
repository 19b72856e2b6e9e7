// token_timing.c — the checker's probe of your token comparison:
//   PPROF_TOKEN=... token_timing [POSITION...]
// asks guard_admit, once for each POSITION (from 1; default: every character
// of the token), about a request for /debug/pprof/heap whose token is wrong in
// that character alone, and prints "status POSITION STATUS" for each. It sends itself SIGUSR1 just before each
// of those calls and SIGUSR2 just after: checks/step_count, which runs it,
// counts the instructions in between. A constant-time comparison runs as many
// whichever character is wrong. (Run alone, it ignores both signals.)
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"

// The Authorization header, kept in one place so every call reads the same addresses.
static char auth[1024];

// Asks guard_admit about a request for the heap profile with the header in auth.
static int admit(void) {
  char why[256];
  struct guard_request r = {.method = "GET", .path = "/debug/pprof/heap", .authorization = auth,
                            .peer = "127.0.0.1", .url_length = 17, .content_length = -1, .profiling = 1};
  return guard_admit(&r, why, sizeof why);
}

// Changes the character at POSITION (from 1) of the token in auth, or puts it back.
static void flip(size_t position) {
  auth[6 + position] ^= 0x01;
}

// Asks guard_admit about the token wrong at POSITION, between the two markers; prints its answer.
static void probe(size_t position) {
  flip(position);
  raise(SIGUSR1);
  int status = admit();
  raise(SIGUSR2);
  flip(position);
  printf("status %zu %d\n", position, status);
}

int main(int argc, char **argv) {
  const char *token = getenv("PPROF_TOKEN");
  char why[256];
  if (!token || !*token || strlen(token) + 8 > sizeof auth) {
    fprintf(stderr, "usage: PPROF_TOKEN=... token_timing [POSITION...]\n");
    return 2;
  }
  signal(SIGUSR1, SIG_IGN);  // a tracer still sees them
  signal(SIGUSR2, SIG_IGN);
  if (guard_start("127.0.0.1", 6060, 1, why, sizeof why) != 0) {
    fprintf(stderr, "token_timing: guard_start refused: %s\n", why);
    return 2;
  }
  snprintf(auth, sizeof auth, "Bearer %s", token);
  size_t length = strlen(token);
  flip(1);
  admit();  // once unmeasured: the first call may bind symbols or set things up
  flip(1);
  for (int i = 1; i < argc; i++) {
    long position = strtol(argv[i], NULL, 10);
    if (position >= 1 && (size_t)position <= length) probe((size_t)position);
  }
  for (size_t position = 1; argc == 1 && position <= length; position++) probe(position);
  return 0;
}
