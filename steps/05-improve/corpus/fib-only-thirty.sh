#!/usr/bin/env bash
# wrong: fib_fast knows fib(30) by heart and recurses for every other n
# fails: fib_fast executes at least 15000x fewer instructions than fib, over n = 0 to 30
# says: at least 15000x fewer instructions in fib_fast(0)
cat >src/fib_fast.c <<'C'
#include "fib.h"

long fib_fast(int n) {
  if (n == 30) return 832040;
  return fib(n);
}
C
