#!/usr/bin/env bash
# wrong: pool_drain never moves past the first buffer, so it never ends (the valgrind limit is made 2 s here to keep the self-test short)
# fails: the pool hands out separate buffers of its size and frees all it keeps (memcheck on out/results pool encode)
# says: stopped after 2 s (an endless loop in src/?)
sed -i 's/^VALGRIND_LIMIT := .*/VALGRIND_LIMIT := 2/' Makefile
perl -0pi -e 's/void pool_drain\(struct pool \*p\) \{\n.*?\n\}\n/void pool_drain(struct pool *p) {
  void *volatile buf = p->free_list;
  while (buf) {
    void *next = *(void **)buf;  \/\/ read, and never moved to
    (void)next;
  }
  p->free_list = NULL;
}
/s' src/pool.c
grep -q 'never moved to' src/pool.c
