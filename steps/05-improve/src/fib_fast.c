// fib_fast.c — the "after" of the CPU experiment: the same numbers as fib(),
// without computing the same values again and again.
#include "fib.h"

//> fib-fast
long fib_fast(int n) {
  // TODO: fib(n) calls fib(n - 2) twice, fib(n - 3) three times, ... Compute each
  // value once: keep the last two numbers in a loop, or remember (memoise) the
  // results. Until then this falls back to the slow version.
  return fib(n);
}
//< fib-fast
