// symbols.h — names for code addresses of this process, from the ELF symbol
// tables of the executable and every loaded library (static functions
// included), for /debug/pprof/symbol and the thread dump.
#ifndef SYMBOLS_H
#define SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

// Reads the symbol tables of everything loaded now; returns the number of functions found.
size_t symbols_load(void);

// The function containing ADDR, or NULL; *offset gets ADDR's distance from its start.
const char *symbols_lookup(uintptr_t addr, uintptr_t *offset);

// How many functions are known (for "num_symbols: N").
size_t symbols_count(void);

#endif
