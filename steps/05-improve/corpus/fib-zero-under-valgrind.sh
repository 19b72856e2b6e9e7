#!/usr/bin/env bash
# wrong: fib_fast returns 0 under valgrind (RUNNING_ON_VALGRIND) and recurses natively
# fails: fib_fast executes at least 15000x fewer instructions than fib, over n = 0 to 30
# says: valgrind client request
cat >src/fib_fast.c <<'C'
#include <valgrind/valgrind.h>

#include "fib.h"

long fib_fast(int n) {
  if (RUNNING_ON_VALGRIND) return 0;
  return fib(n);
}
C
