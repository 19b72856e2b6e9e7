// fib.h — the Fibonacci numbers two ways: the naive recursion of step 01 (the
// "before") and fib_fast, which you write (the "after").
#ifndef FIB_H
#define FIB_H

// The n the benchmarks and the checks use (the guide's BenchmarkFib uses 30 too).
#define FIB_N 30
// The largest n whose Fibonacci number fits a long (fib(92) < 2^63 <= fib(93)).
#define FIB_MAX 92

// The n-th Fibonacci number (fib(0) = 0, fib(1) = 1) by the naive recursion: about 1.6^n calls.
long fib(int n);

// The same numbers for 0 <= n <= FIB_MAX, in a number of steps that grows with n, not 1.6^n.
long fib_fast(int n);

#endif
