// fib.h — the Fibonacci function the CPU profile chapter studies.
#ifndef FIB_H
#define FIB_H

// The n the benchmark uses: the step's Makefile sets it from your variant (make id);
// 30, about 10 ms per call at -O1, is the reference's.
#ifndef FIB_N
#define FIB_N 30
#endif

// The n-th Fibonacci number (fib(0) = 0, fib(1) = 1).
long fib(int n);

#endif
