#!/usr/bin/env bash
# wrong: pool_get follows the head of an empty list (a NULL pointer): the program crashes under memcheck as natively
# fails: the pool hands out separate buffers of its size and frees all it keeps (memcheck on out/results pool encode)
# says: killed by SIGSEGV (a crash: a bad pointer)
sed -i 's|^  void \*buf = p->free_list;$|  void *buf = p->free_list;\n  p->free_list = *(void **)buf;|' src/pool.c
grep -q '^  p->free_list = \*(void \*\*)buf;$' src/pool.c
