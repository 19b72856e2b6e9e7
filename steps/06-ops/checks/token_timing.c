// token_timing.c — the checker's probe of your token comparison:
//   PPROF_TOKEN=... token_timing first|last
// asks guard_admit about a request for /debug/pprof/heap whose token is wrong
// in its first (or its last) character, and prints the status it answered.
// check.bats counts the instructions guard_admit runs in both cases with
// callgrind: a constant-time comparison runs exactly the same ones.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"

int main(int argc, char **argv) {
  const char *token = getenv("PPROF_TOKEN");
  char why[256], auth[1024];
  if (argc != 2 || !token || strlen(token) + 8 > sizeof auth) {
    fprintf(stderr, "usage: PPROF_TOKEN=... token_timing first|last\n");
    return 2;
  }
  if (guard_start("127.0.0.1", 6060, 1, why, sizeof why) != 0) {
    fprintf(stderr, "token_timing: guard_start refused: %s\n", why);
    return 2;
  }
  snprintf(auth, sizeof auth, "Bearer %s", token);
  size_t wrong = strcmp(argv[1], "first") == 0 ? 7 : strlen(auth) - 1;
  auth[wrong] = auth[wrong] == 'x' ? 'y' : 'x';
  struct guard_request r = {.method = "GET", .path = "/debug/pprof/heap", .authorization = auth,
                            .peer = "127.0.0.1", .url_length = 17, .content_length = -1, .profiling = 1};
  printf("%d\n", guard_admit(&r, why, sizeof why));
  return 0;
}
