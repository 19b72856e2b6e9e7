#!/usr/bin/env bash
# wrong: GC_FREE_SPACE_DIVISOR=0, out of range (the collector would divide by zero)
# fails: your src/tuning.env stays within the budget with no more collections than needed
# says: GC_FREE_SPACE_DIVISOR wants a whole number 1..100, got '0'
echo 'GC_FREE_SPACE_DIVISOR=0' >src/tuning.env
