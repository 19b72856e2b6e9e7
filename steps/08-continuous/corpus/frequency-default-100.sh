#!/usr/bin/env bash
# wrong: gperftools' default rate (100 Hz), not the rate the windows were sampled at
# fails: answer frequency_hz is the sampling rate of your windows
# says: frequency_hz: 100
. ../../lib/answers.sh
answer_put answers.md frequency_hz 100
