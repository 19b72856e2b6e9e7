// hello.c — the smallest program worth profiling: it counts primes for about
// half a second, so a 100 Hz profiler collects a few dozen samples.
#include <stdio.h>
#include <stdlib.h>

//> is-prime
// True if n is prime; trial division keeps the CPU busy on purpose. noinline keeps
// it a function of its own, so every profile names it, with or without debug info.
__attribute__((noinline)) static int is_prime(long n) {
  if (n < 2) return 0;
  for (long d = 2; d * d <= n; d++)
    if (n % d == 0) return 0;
  return 1;
}
//< is-prime

// Counts the primes below limit.
static long count_primes(long limit) {
  long count = 0;
  for (long n = 2; n < limit; n++) count += is_prime(n);
  return count;
}

int main(int argc, char **argv) {
  char *end;
  long limit = argc > 1 ? strtol(argv[1], &end, 10) : 3000000;
  if (argc > 2 || limit < 2 || (argc > 1 && *end != '\0')) {
    fprintf(stderr, "usage: hello [LIMIT]   (LIMIT >= 2, default 3000000)\n");
    return 2;
  }
  printf("hello, profiler: %ld primes below %ld\n", count_primes(limit), limit);
  return 0;
}
