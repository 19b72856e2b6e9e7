#!/usr/bin/env bash
# wrong: fib_fast never returns for n = 30 (the run limit is made 3 s here to keep the self-test short)
# fails: fib_fast gives the same numbers as fib for n = 0 to 30
# says: stopped after 3 s (an endless loop in src/?)
sed -i 's/^RUN_LIMIT := .*/RUN_LIMIT := 3/' Makefile
cat >src/fib_fast.c <<'C'
#include "fib.h"

long fib_fast(int n) {
  volatile long spins = 0;
  while (n == 30) spins++;
  return fib(n);
}
C
