// fib.c — the naive recursive Fibonacci: exponential work, one obvious hot spot.
#include "fib.h"

//> fib-naive
long fib(int n) {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}
//< fib-naive
