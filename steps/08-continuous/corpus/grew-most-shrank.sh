#!/usr/bin/env bash
# wrong: grew_most subtracts the wrong way round (before - after): it names the function whose share shrank most
# fails: grew_most compares shares, not samples: it is right on window sets of different sizes
# says: c (its share grew from 20% to 25%
sed -i 's/share(after, name) - share(before, name)/share(before, name) - share(after, name)/' src/grew_most.c
grep -q 'share(before, name) - share(after, name)' src/grew_most.c && make -s out/regress
