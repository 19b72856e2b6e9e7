#!/usr/bin/env bash
# wrong: the starter's options, then clock_gettime's records cut out of the recording's .dat files, and the trace made again from it
# fails: out/trace.json has at most 50000 call events
# says: in the checker's own recording
cp "$STARTER/src/record.opts" src/record.opts
. corpus/record.bash
# clock_gettime's address, as uftrace dump prints it: "... [entry] clock_gettime(5555deadbeef) depth: 3"
addr=$(uftrace dump -d out/uftrace.data 2>/dev/null | sed -n 's/.*\[entry\] clock_gettime(\([0-9a-f]*\)).*/\1/p' | head -n 1)
[ -n "$addr" ] || { echo "no clock_gettime in the recording" >&2; exit 1; }
# Each record is 16 bytes: the time, then type:2 more:1 magic:3 depth:10 addr:48 (little-endian).
for dat in out/uftrace.data/*.dat; do
  perl -e 'my $a = hex(shift); local $/ = \16; binmode STDIN; binmode STDOUT;
    while (my $r = <STDIN>) { my ($t, $w) = unpack("Q<Q<", $r); print $r unless (($w >> 16) & 0xffffffffffff) == $a }' \
    "$addr" <"$dat" >"$dat.new"
  mv "$dat.new" "$dat"
done
uftrace dump --chrome -d out/uftrace.data >out/trace.json
