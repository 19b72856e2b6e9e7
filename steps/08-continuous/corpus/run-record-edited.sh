#!/usr/bin/env bash
# wrong: out/run.txt edited so that the before range reaches past the release (the window the release cut in two joins the before set)
# fails: out/before.prof and out/after.prof merge exactly the windows of their ranges
# says: its before range does not hold the windows of the run before the release
release=$(sed -n 's/^release: //p' out/run.txt)
to=$(date -u -d "@$(($(date -u -d "${release:0:8} ${release:9:2}:${release:11:2}:${release:13:2}" +%s) + 30))" +%Y%m%d-%H%M%S)
sed -i "s/^\(before: [0-9-]*\)\.\..*/\1..$to/" out/run.txt
grep -q "^before: .*\.\.$to$" out/run.txt
