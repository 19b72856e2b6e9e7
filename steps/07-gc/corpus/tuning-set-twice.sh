#!/usr/bin/env bash
# wrong: the divisor set twice, the default left above the choice (which one is meant?)
# fails: your src/tuning.env stays within the budget with no more collections than needed
# says: GC_FREE_SPACE_DIVISOR is set twice
{ cat "$STARTER/src/tuning.env"; echo 'GC_FREE_SPACE_DIVISOR=2'; } >src/tuning.env
