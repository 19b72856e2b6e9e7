#!/usr/bin/env bash
# wrong: the before, src/fib.c, made slower so that any fib_fast looks fast
# fails: fib_fast executes at least 15000x fewer instructions than fib, over n = 0 to 30
# says: src/fib.c differs from the workbook's
cat >src/fib.c <<'C'
#include "fib.h"

long fib(int n) {
  volatile long waste = 0;
  for (int i = 0; i < 100; i++) waste += i;
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}
C
