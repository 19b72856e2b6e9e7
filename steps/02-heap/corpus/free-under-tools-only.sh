#!/usr/bin/env bash
# wrong: frees the parameter array only when something is preloaded (valgrind and the heap profiler both are): the leak stays in a plain run
# fails: serve runs 200000 requests in 16 MiB of address space, without any tool
# says: out of memory
sed -i 's|^  free(req->params);|  if (getenv("LD_PRELOAD")) free(req->params);|' src/request.c
grep -q 'getenv("LD_PRELOAD")' src/request.c && make -s out/serve
