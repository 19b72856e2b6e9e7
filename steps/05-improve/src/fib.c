// fib.c — the naive recursive Fibonacci, unchanged from step 01: the "before"
// of the CPU experiment. Do not edit it; write fib_fast in fib_fast.c.
#include "fib.h"

//> fib-naive
long fib(int n) {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}
//< fib-naive
