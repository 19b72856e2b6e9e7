#!/usr/bin/env bash
# wrong: a contention reply edited to take ten times longer (the waits no longer fit the run)
# fails: your mutex profile waited about as long per second of contention as the checker's own fetch
# says: the checker's:
awk '{ if (match($0, / in [0-9.]+ ms$/)) { ms = substr($0, RSTART + 4, RLENGTH - 7); $0 = substr($0, 1, RSTART - 1) " in " sprintf("%.1f", ms * 10) " ms" } print }' \
  out/contention.txt >out/contention.txt.new && mv out/contention.txt.new out/contention.txt
