#!/usr/bin/env bash
# wrong: a time filter (-t 5us): a small trace, but the lock calls that did not wait are gone
# fails: every lock call of the contention phase is in the trace
# says: a time or depth filter drops the short ones
echo '-t 5us' >>src/record.opts
. corpus/record.bash
