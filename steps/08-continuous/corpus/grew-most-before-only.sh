#!/usr/bin/env bash
# wrong: grew_most looks only at the functions of the before set, so a function new in release 2 is never named
# fails: grew_most compares shares, not samples: it is right on window sets of different sizes
# says: d (new after: 0% to 20%)
sed -i 's/for (size_t i = 0; i < after->n; i++) {/for (size_t i = 0; i < before->n; i++) {/; s/const char \*name = after->fns\[i\].name;/const char *name = before->fns[i].name;/' src/grew_most.c
grep -q 'before->fns\[i\].name' src/grew_most.c && make -s out/regress
