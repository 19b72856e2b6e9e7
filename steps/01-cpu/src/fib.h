// fib.h — the Fibonacci function the CPU profile chapter studies.
#ifndef FIB_H
#define FIB_H

// The n the benchmark uses: about 10 ms per call when built at -O1.
#define FIB_N 30

// The n-th Fibonacci number (fib(0) = 0, fib(1) = 1).
long fib(int n);

#endif
