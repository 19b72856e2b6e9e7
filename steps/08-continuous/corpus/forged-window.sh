#!/usr/bin/env bash
# wrong: a window from before the release overwritten with a copy of one after it (same name), to bend the diff
# fails: every file the collector left in out/profiles/cpu and heap is a complete profile
# says: does not hold what the log says was saved
W="../../tools/collector/windows -d out/profiles/cpu"
samples() { ../../tools/bin/profile-inspect --field samples "$1"; }
first=$($W paths "$(sed -n 's/^before: //p' out/run.txt)" | head -n 1)
for f in $($W paths "$(sed -n 's/^after: //p' out/run.txt)"); do
  [ "$(samples "$f")" = "$(samples "$first")" ] && continue
  cp "$f" "$first"
  exit 0
done
echo "no window after the release with another sample count than $first" >&2
exit 1
