# gcstats.awk — reads a Boehm GC log (GC_PRINT_STATS=1, the counterpart of Go's
# GODEBUG=gctrace=1) and prints one line:
#
#   collections=46 pause_total_ms=311.8 pause_max_ms=21.40 gc_heap_max_kb=33276 limit_hits=0
#
# It reads three kinds of lines the collector writes for every collection:
#   GC #46 freed 5636000 bytes, heap 33276 KiB (+ 0 KiB unmapped + 2560 KiB internal)
#   Complete collection took 6 ms 481726 ns
# and, when GC_MAXIMUM_HEAP_SIZE stops the heap from growing,
#   GC Warning: Out of Memory!  Trying to continue...
# A pause is "Complete collection took": the world is stopped while it marks.
# Exits 1 if the file has no collection at all (not a GC_PRINT_STATS log).

/^Complete collection took [0-9]+ ms [0-9]+ ns/ {
  ms = $4 + $6 / 1e6
  n++
  total += ms
  if (ms > longest) longest = ms
}
/^GC #[0-9]+ freed [0-9]+ bytes, heap [0-9]+ KiB/ {
  if ($7 + 0 > heap) heap = $7 + 0
}
/Out of Memory!  Trying to continue/ { hits++ }

END {
  if (n == 0) {
    print "gcstats: no \"Complete collection took\" lines: not a GC_PRINT_STATS log" > "/dev/stderr"
    exit 1
  }
  printf "collections=%d pause_total_ms=%.1f pause_max_ms=%.2f gc_heap_max_kb=%d limit_hits=%d\n", n, total, longest, heap, hits
}
