#!/usr/bin/env bash
# wrong: the default divisor kept, and out/sweep.csv's best divisor pushed over the budget by a forged peak
# fails: your src/tuning.env stays within the budget with no more collections than needed
# says: collections with src/tuning.env
# Issue 18's false pass: the check took its best divisor from out/sweep.csv. boehm-d2's
# peak raised by a fifth (inside the sweep's provenance margin) seems over 20 MiB, so
# divisor 4 looked best, and the starter's divisor 3 collected fewer times than it.
cp "$STARTER/src/tuning.env" src/tuning.env
awk -F, -v OFS=, '$1 == "boehm-d2" { $4 = int($4 * 1.2) } { print }' out/sweep.csv >out/sweep.forged
cat out/sweep.forged >out/sweep.csv && rm out/sweep.forged
