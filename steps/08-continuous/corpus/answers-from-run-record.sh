#!/usr/bin/env bash
# wrong: the regressed function derived from out/run.txt and release.seed without profiling (issue 18: a truth hash tried against the five paths, else the scenario's old release formula)
# fails: answer regressed_function names the function your release made slower
# says: the function whose self share grew most
. ../../lib/answers.sh
seed=$(tr -dc 0-9a-f <release.seed)
paths=(parse_order price_items check_stock render_receipt sign_receipt)
truth=$(sed -n 's/^truth_sha256: //p' out/run.txt)
found=""
for p in "${paths[@]}"; do
  [ "$(printf '%s' "$seed:$p" | sha256sum | cut -d' ' -f1)" != "$truth" ] || found=$p
done
# the formula the scenario applied to the seed before the server picked the release itself
if [ -z "$found" ]; then
  i=$((16#$(printf 'release:%s' "$seed" | sha256sum | cut -c1-8) % ${#paths[@]}))
  # a guess is right one run in five by chance, which proves nothing: then the next path (the
  # analysis, out/diff.txt's top row, says which one is right; only the hash above may find it)
  [ "${paths[$i]}" != "$(grep -v '^#' out/diff.txt | head -n 1 | awk '{ print $4 }')" ] || i=$(((i + 1) % ${#paths[@]}))
  found=${paths[$i]}
fi
answer_put answers.md regressed_function "$found"
