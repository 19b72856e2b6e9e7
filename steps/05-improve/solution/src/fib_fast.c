// fib_fast.c — the "after" of the CPU experiment: the same numbers as fib(),
// without computing the same values again and again.
#include "fib.h"

//> fib-fast
// Walks up from fib(0) and fib(1), keeping only the last two numbers: n steps, no recursion.
long fib_fast(int n) {
  long prev = 0, cur = 1;  // fib(i - 1), fib(i) for i = 1
  if (n < 1) return 0;
  for (int i = 1; i < n; i++) {
    long next = prev + cur;
    prev = cur;
    cur = next;
  }
  return cur;
}
//< fib-fast
