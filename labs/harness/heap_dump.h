// heap_dump.h — the counterpart of Go's pprof.WriteHeapProfile for gperftools:
// start the heap profiler for a file name, and at the end write exactly that file.
#ifndef HEAP_DUMP_H
#define HEAP_DUMP_H

// Starts gperftools' heap profiler for PATH. Creates PATH first, as Go's os.Create
// would, so a bad path fails before the work; removes PATH.NNNN.heap dumps a crashed
// earlier run may have left (they would pass for this run's newest). Returns 0, or
// -1 after one line on stderr prefixed with PROG.
int heap_profile_start(const char *path, const char *prog);

// Dumps the heap profile, moves the dump to PATH, removes the intermediate dumps
// gperftools made on the way (every HEAP_PROFILE_INUSE_INTERVAL bytes of growth,
// 100 MiB by default) and stops the profiler. Returns 0, or -1 after one line on stderr.
int heap_profile_write(const char *path, const char *prog);

#endif
