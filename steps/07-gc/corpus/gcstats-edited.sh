#!/usr/bin/env bash
# wrong: out/gcstats.txt edited by hand (divisor 1's longest pause halved)
# fails: out/gcstats.txt has the summary of every Boehm run
# says: it is not what the checker reads from the same inputs
awk '$1 == "gc-boehm-d1.log" { split($4, p, "="); sub(/pause_max_ms=[0-9.]+/, sprintf("pause_max_ms=%.2f", p[2] / 2)) } { print }' \
  out/gcstats.txt >out/gcstats.edited
cat out/gcstats.edited >out/gcstats.txt && rm out/gcstats.edited
