#!/usr/bin/env bats
# Answers read as a person writes them: the spellings each answer form reads
# (lib/answers.sh) and the ones it refuses, and the answer assertions of
# checker/checker.bash, whose failures say what form is wanted and never show
# the expected value or a tolerance computed from it.
# shellcheck disable=SC2016 # the backticks in single quotes are what a learner writes

bats_require_minimum_version 1.5.0

setup() {
  load ../checker
  STEP=1
  STEP_DIR="$BATS_TEST_TMPDIR"
}

# Runs answer_parse FORM TEXT and sets GOT to what it printed, as $(...) would
# hold it (trailing newlines dropped), through a file: a fork of bats costs about
# 10 ms and a test makes dozens. Returns answer_parse's status.
parse() {
  local status=0 lines
  answer_parse "$1" "$2" >"$BATS_TEST_TMPDIR/parsed" || status=$?
  mapfile -t lines <"$BATS_TEST_TMPDIR/parsed"
  printf -v GOT '%s\n' ${lines[@]+"${lines[@]}"}
  while [ "${GOT%$'\n'}" != "$GOT" ]; do GOT="${GOT%$'\n'}"; done
  return "$status"
}

# Fails unless FORM reads TEXT as VALUE.
reads() {
  local form="$1" text="$2" want="$3"
  parse "$form" "$text" || { echo "$form refuses '$text'; want it read as '$want'" >&2; return 1; }
  [ "$GOT" = "$want" ] || { echo "$form reads '$text' as '$GOT'; want '$want'" >&2; return 1; }
}

# Fails unless FORM refuses TEXT (status 1, nothing printed).
refuses() {
  local form="$1" text="$2" got status=0
  parse "$form" "$text" || status=$?
  got="$GOT"
  [ "$status" -eq 1 ] && [ -z "$got" ] && return 0
  echo "$form reads '$text' as '$got' (status $status); want it refused" >&2
  return 1
}

# Writes answers.md with one "KEY: TEXT" line per pair of arguments.
answers() {
  : >"$STEP_DIR/answers.md"
  while [ $# -gt 1 ]; do printf '%s: %s\n' "$1" "$2" >>"$STEP_DIR/answers.md"; shift 2; done
}

# ---------------------------------------------------------------- the spellings each form reads and refuses

@test "function: a name, with () after it, backticks or spaces around it" {
  #        form     written              read as
  reads    function 'fib'                fib
  reads    function 'fib()'              fib
  reads    function 'bench_fib()'        bench_fib
  reads    function 'locked_update()'    locked_update
  reads    function '`fib`'              fib
  reads    function '`fib()`'            fib
  reads    function '`fib`()'            fib
  reads    function '` fib `'            fib
  reads    function '  fib  '            fib
  reads    function 'fib ( )'            fib
  reads    function 'fib.part.0'         fib.part.0
  reads    function 'Fib'                Fib
  refuses  function 'fib(30)'
  refuses  function 'fib(int n)'
  refuses  function 'fib bench_fib'
  refuses  function 'fib, bench_fib'
  refuses  function 'fib.'
  refuses  function '"fib"'
  refuses  function '**fib**'
  refuses  function '30fib'
  refuses  function '0x401136'
  refuses  function ''
}

@test "name: one word in any case, with backticks or spaces around it" {
  reads    name  'jemalloc'              jemalloc
  reads    name  '`jemalloc`'            jemalloc
  reads    name  'JEMalloc'              jemalloc
  reads    name  '  glibc '              glibc
  refuses  name  'je malloc'
  refuses  name  'jemalloc()'
  refuses  name  'jemalloc!'
  refuses  name  ''
}

@test "status: an HTTP status code, with or without HTTP before it and its reason after it" {
  reads    status  '409'                 409
  reads    status  '`409`'               409
  reads    status  '409 Conflict'        409
  reads    status  'HTTP 409'            409
  reads    status  'HTTP/1.1 409 Conflict' 409
  refuses  status  '4090'
  refuses  status  '40 9'
  refuses  status  '409.0'
  refuses  status  '609'
  refuses  status  'Conflict'
  refuses  status  ''
}

@test "count: a whole number, its thousands grouped by one kind of separator" {
  reads    count  '65'                   65
  reads    count  '`65`'                 65
  reads    count  '007'                  7
  reads    count  '0'                    0
  reads    count  '~65'                  65
  reads    count  '200,002'              200002
  reads    count  '1,200,002'            1200002
  reads    count  '200 002'              200002
  reads    count  '200_002'              200002
  refuses  count  '65.0'
  refuses  count  '65 calls'
  refuses  count  '-65'
  refuses  count  '+65'
  refuses  count  '6.5e1'
  refuses  count  'sixty-five'
  refuses  count  '2,00002'
  refuses  count  '20,0002'
  refuses  count  '200,002_000'
  refuses  count  ',200'
  refuses  count  ''
}

@test "count:NOUN: a whole number, alone or followed by the noun, singular or plural" {
  reads    count:threads  '5'            5
  reads    count:threads  '5 threads'    5
  reads    count:threads  '5 Threads'    5
  reads    count:threads  '1 thread'     1
  reads    count:calls    '1,065 calls'  1065
  refuses  count:threads  '5 calls'
  refuses  count:threads  '5 thread(s)'
  refuses  count:threads  'threads: 5'
  refuses  count:threads  '5.5 threads'
}

@test "bytes: a whole number, alone or followed by B, byte or bytes" {
  reads    bytes  '408000'               408000
  reads    bytes  '408,000'              408000
  reads    bytes  '408,000 bytes'        408000
  reads    bytes  '408000B'              408000
  reads    bytes  '408000 B'             408000
  reads    bytes  '1 byte'               1
  refuses  bytes  '408 KB'
  refuses  bytes  '398.4 KiB'
  refuses  bytes  '408000.5'
  refuses  bytes  '408,000 bytes in 1,000 blocks'
}

@test "Hz: a whole number, alone or followed by Hz" {
  reads    Hz  '19'                      19
  reads    Hz  '19 Hz'                   19
  reads    Hz  '19hz'                    19
  refuses  Hz  '19.5'
  refuses  Hz  '19 kHz'
  refuses  Hz  '19/s'
}

@test "percent: a number, alone or followed by % or percent" {
  reads    percent  '97.5'               97.5
  reads    percent  '97.5%'              97.5
  reads    percent  '97.5 %'             97.5
  reads    percent  '97.5 percent'       97.5
  reads    percent  '`97.5%`'            97.5
  reads    percent  '100'                100
  reads    percent  '.5'                 0.5
  refuses  percent  '97,5'
  refuses  percent  '97.5%%'
  refuses  percent  '-3'
  refuses  percent  '97.5 pct of samples'
}

@test "seconds: a number, alone or followed by s, sec, secs, second or seconds" {
  reads    seconds  '33.2'               33.2
  reads    seconds  '33.2s'              33.2
  reads    seconds  '33.2 s'             33.2
  reads    seconds  '6 sec'              6
  reads    seconds  '1 second'           1
  reads    seconds  '6 seconds'          6
  reads    seconds  '~6'                 6
  refuses  seconds  '6 ms'
  refuses  seconds  '6 min'
  refuses  seconds  '1:30'
  refuses  seconds  '6-7'
}

@test "MB and MiB: a number, alone or followed by MB or MiB, the one unit google-pprof and massif print" {
  reads    MB   '196.8'                  196.8
  reads    MB   '196.8 MB'               196.8
  reads    MB   '196.8MB'                196.8
  reads    MB   '196.8 MiB'              196.8
  reads    MB   '196.8 mb'               196.8
  reads    MB   '1,024.5 MB'             1024.5
  reads    MB   '0.0'                    0.0
  reads    MiB  '25.2 MiB'               25.2
  reads    MiB  '25.2 MB'                25.2
  refuses  MB   '196,8'
  refuses  MB   '0.2 GB'
  refuses  MB   '201523 KB'
  refuses  MB   '196.8 M'
  refuses  MiB  '25.2 GiB'
}

@test "millions: a number, alone or followed by M, million or millions, never a raw count with separators" {
  reads    millions  '40.4'              40.4
  reads    millions  '40.4 million'      40.4
  reads    millions  '40.4 millions'     40.4
  reads    millions  '40.4M'             40.4
  reads    millions  '40.4 m'            40.4
  reads    millions  '~40'               40
  refuses  millions  '40,388,073'
  refuses  millions  '40 388 073'
  refuses  millions  '40_388_073'
  refuses  millions  '40,4'
  refuses  millions  '4.04e7'
  refuses  millions  '40.4 billion'
  refuses  millions  '40.4 million instructions'
}

@test "an unknown form is a mistake in the check (status 2), not a refusal" {
  run -2 answer_parse furlongs 12
  assert_output --partial "answer form 'furlongs' is not one of:"
  run -2 answer_parse count:3x 12
  run -2 answer_form furlongs
}

@test "answer_form names each form's wanted spelling with an example" {
  run -0 answer_form millions
  assert_output "a number of millions, like 12.3 or 12.3 million"
  run -0 answer_form count:threads
  assert_output "a whole number of threads, like 12 or 12 threads"
  run -0 answer_form function
  assert_output "a function name, like main or main()"
}

# ---------------------------------------------------------------- reading answers.md

@test "answer_text reads the text after the first KEY: line, trimmed, and only that key" {
  printf '%s\r\n' 'Which function?' 'hottest_rank: 2' '  hottest :  `fib()`  ' 'hottest: second' 'empty:' >"$STEP_DIR/answers.md"
  run -0 answer_text "$STEP_DIR/answers.md" hottest
  assert_output '`fib()`'
  run -0 answer_text "$STEP_DIR/answers.md" hottest_rank
  assert_output 2
  run -0 answer_text "$STEP_DIR/answers.md" empty
  assert_output ""
  run -0 answer_text "$STEP_DIR/answers.md" missing
  assert_output ""
  run -2 answer_text "$STEP_DIR/gone.md" hottest
  assert_output ""
}

@test "answer_put replaces the first KEY: line's text only, and fails on a missing key or file" {
  printf '%s\n' 'Which function?' 'hottest_rank: 2' '  hottest : old' 'hottest: second' >"$STEP_DIR/answers.md"
  run -0 answer_put "$STEP_DIR/answers.md" hottest fib
  run -0 cat "$STEP_DIR/answers.md"
  assert_output "$(printf '%s\n' 'Which function?' 'hottest_rank: 2' 'hottest: fib' 'hottest: second')"
  run -1 answer_put "$STEP_DIR/answers.md" missing 3
  run -0 answer_text "$STEP_DIR/answers.md" hottest_rank
  assert_output 2
  run -2 answer_put "$STEP_DIR/gone.md" hottest fib
}

# ---------------------------------------------------------------- the assertions: what they accept

@test "assert_answer_is accepts fib(), bench_fib() and locked_update() for those functions" {
  answers hottest 'fib()' caller '`bench_fib()`' waits ' locked_update() '
  assert_answer_is hottest function fib "the top row's function" "a profile"
  assert_answer_is caller function bench_fib "the caller" "a profile"
  assert_answer_is waits function locked_update "the top row's function" "a mutex profile"
}

@test "assert_answer_is compares counts, names and status codes as read, not as written" {
  answers threads '5 threads' calls '1,065' malloc 'JEMalloc' status '409 Conflict' rate '19 Hz'
  assert_answer_is threads count:threads 5 "the threads" "a trace"
  assert_answer_is calls count:calls 1065 "the calls" "a trace"
  assert_answer_is malloc name jemalloc "the allocator" "a sweep"
  assert_answer_is status status 409 "the status" "a run"
  assert_answer_is rate Hz 19 "the rate" "a profile"
}

@test "assert_answer_near, _near_percent and _within_factor accept a number with its unit or separators" {
  answers mb '196.8 MB' bytes '408,000 bytes' millions '40.4 million' wait '33.2s' share '97.5%'
  assert_answer_near_percent mb MB 196.8 2 "the MB" "a profile"
  assert_answer_near bytes bytes 408010 100 "the bytes" "a log"
  assert_answer_near_percent millions millions 40.388073 2 "the instructions" "callgrind"
  assert_answer_within_factor wait seconds 20 3 "the waiting" "a profile"
  assert_answer_near share percent 100 3 "the share" "a profile"
}

@test "the margins are inclusive: at the edge passes, just beyond fails" {
  answers low 97 high 103 beyond 103.01 lowpct 98 lowfactor 10
  assert_answer_near low percent 100 3 "x" "y"
  assert_answer_near high percent 100 3 "x" "y"
  run assert_answer_near beyond percent 100 3 "x" "y"
  assert_failure
  assert_answer_near_percent lowpct MB 100 2 "x" "y"
  assert_answer_within_factor lowfactor seconds 30 3 "x" "y"
}

# ---------------------------------------------------------------- the assertions: what their failures say

@test "a refused spelling fails with the wanted form, not a comparison" {
  answers millions 40,388,073
  run assert_answer_near_percent millions millions 40.388073 2 "callgrind's total in millions" "out/callgrind.out"
  assert_failure
  assert_line "expected: millions: a number of millions, like 12.3 or 12.3 million"
  assert_line "found:    millions: 40,388,073 (not in that form)"
  assert_line "hint:     make hint STEP=1"
}

@test "a refused function name fails with the wanted form" {
  answers hottest 'fib(30)'
  run assert_answer_is hottest function fib "the top row's function" "a profile"
  assert_failure
  assert_line "expected: hottest: a function name, like main or main()"
  assert_line "found:    hottest: fib(30) (not in that form)"
}

@test "a wrong value fails with what was wanted, where it was read, and too high or too low" {
  answers share 90 hottest main
  run assert_answer_near share percent 100 3 "fib's flat%" "a profile"
  assert_failure
  assert_line "expected: share: fib's flat%, within 3 (read from a profile)"
  assert_line "found:    share: 90 (too low)"
  run assert_answer_is hottest function fib "the top row's function" "a profile"
  assert_failure
  assert_line "expected: hottest: the top row's function (read from a profile)"
  assert_line "found:    hottest: main"
}

@test "an empty answer fails saying there is no answer yet" {
  answers hottest '' share ''
  run assert_answer_is hottest function fib "the top row's function" "a profile"
  assert_failure
  assert_line "expected: hottest: the top row's function (read from a profile)"
  assert_line "found:    hottest: <no answer yet in answers.md>"
  run assert_answer_near_percent share percent 100 2 "the share" "a profile"
  assert_failure
  assert_line "found:    share: <no answer yet in answers.md>"
}

@test "a missing answers.md fails with one clear line, not a tool's error" {
  run assert_answer_is hottest function fib "the top row's function" "a profile"
  assert_failure
  assert_line "found:    $STEP_DIR/answers.md is missing: make reset STEP=1 brings the questions back (your other files go to a backup)"
  refute_output --partial "can't read"
  refute_output --partial "No such file"
  run need_answer hottest function
  assert_failure
  assert_line "expected: hottest: a function name, like main or main()"
}

@test "a reading the checker could not make fails as the checker's, whatever the answer" {
  answers hottest fib share 50
  run assert_answer_is hottest function "" "the top row's function" "a broken profile"
  assert_failure
  assert_output --partial "the checker could not read it"
  run assert_answer_near_percent share percent "" 2 "the share" "a broken profile"
  assert_failure
  assert_output --partial "the checker could not read one"
  run assert_answer_within_factor share seconds 0 3 "the waiting" "an empty profile"
  assert_failure
  assert_output --partial "the checker could not read one"
}

# ---------------------------------------------------------------- failures reveal nothing

# Runs an answer assertion (ASSERTION KEY FORM EXPECTED ...) on "KEY: WRITTEN" and
# fails unless it fails and shows no number but WRITTEN, the step, SHOWN (the
# fixed margin the check states) and the form's example: so neither EXPECTED nor
# a bound or tolerance computed from it.
#   hides_expected WRITTEN SHOWN ASSERTION KEY FORM EXPECTED ...
hides_expected() {
  local written="$1" shown="$2"; shift 2
  answers "$2" "$written"
  run "$@"
  [ "$status" -ne 0 ] || { echo "'$*' passed on '$written'" >&2; return 1; }
  local rest="$output" allowed
  for allowed in "$written" "$(answer_form "$3")" "STEP=$STEP" "$shown"; do
    [ -z "$allowed" ] || rest="${rest//"$allowed"/}"
  done
  [[ "$rest" != *[0-9]* ]] && return 0
  printf "'%s' on '%s' shows a number it must not:\n%s\n" "$*" "$written" "$output" >&2
  return 1
}

@test "no failure for a wrong or refused number shows the expected value or a tolerance derived from it" {
  #               written        shown  assertion                   key  form       expected margin what   source
  hides_expected  '12'           '0.5'  assert_answer_near          tot  MB         777.7    0.5    "total" "a profile"
  hides_expected  '1234'         '0.5'  assert_answer_near          tot  MB         777.7    0.5    "total" "a profile"
  hides_expected  '12'           '2'    assert_answer_near_percent  tot  millions   777.7    2      "total" "callgrind"
  hides_expected  '1234 million' '2'    assert_answer_near_percent  tot  millions   777.7    2      "total" "callgrind"
  hides_expected  '40,388,073'   '2'    assert_answer_near_percent  tot  millions   777.7    2      "total" "callgrind"
  hides_expected  '12 %'         '5'    assert_answer_near_percent  tot  percent    77.7     5      "share" "a sweep"
  hides_expected  '1 s'          '3'    assert_answer_within_factor tot  seconds    77.7     3      "wait"  "a profile"
  hides_expected  '9000s'        '3'    assert_answer_within_factor tot  seconds    77.7     3      "wait"  "a profile"
  hides_expected  '33.2 ms'      '3'    assert_answer_within_factor tot  seconds    77.7     3      "wait"  "a profile"
  hides_expected  '408,000 B'    '100'  assert_answer_near          tot  bytes      777777   100    "bytes" "a log"
  hides_expected  '5 threads'    ''     assert_answer_is            tot  count:threads 7    "threads" "a trace"
  hides_expected  '1,065'        ''     assert_answer_is            tot  count:calls  77    "calls" "a trace"
  hides_expected  '19 Hz'        ''     assert_answer_is            tot  Hz         777    "rate" "a profile"
  hides_expected  '200 OK'       ''     assert_answer_is            tot  status     477    "status" "a run"
  hides_expected  'n/a'          ''     assert_answer_near          tot  MB         'n/a 777' 0.5  "total" "a profile"
}

@test "no failure for a wrong or refused name shows the expected name" {
  answers hottest main caller 'fib(30)' malloc glibc
  run assert_answer_is hottest function secret_fn "the top row's function" "a profile"
  assert_failure
  refute_output --partial secret_fn
  run assert_answer_is caller function secret_fn "the caller" "a profile"
  assert_failure
  refute_output --partial secret_fn
  run assert_answer_is malloc name secretalloc "the allocator" "a sweep"
  assert_failure
  refute_output --partial secretalloc
}

# ---------------------------------------------------------------- the steps' checks

# Prints "STEP KEY FORM" for every answer assertion in the steps' checks (a key
# built in a loop, like rss_d${d}_mb, is printed as a glob: rss_d*_mb).
answer_call_sites() {
  local f
  for f in "$ROOT"/steps/*/check.bats; do
    grep -oE '(assert_answer_(is|near|near_percent|within_factor)|need_answer) +("[^"]*"|[^ ]+) +[^ ]+' "$f" |
      awk -v s="$(basename "$(dirname "$f")")" '{ k = $2; gsub(/"/, "", k); gsub(/\$\{?[a-z_]+\}?/, "*", k); print s, k, $3 }'
  done
}

@test "every answer check in the steps names a form this library reads" {
  local sites step key form
  sites=$(answer_call_sites)
  echo "$sites"
  [ "$(echo "$sites" | wc -l)" -ge 30 ]
  while read -r step key form; do
    answer_form "$form" >/dev/null || { echo "$step: $key has the unknown form '$form'" >&2; return 1; }
  done <<<"$sites"
}

@test "every margin a step's answer check shows is a number written in the check, never one computed from the reading" {
  local calls bad
  # The calls with a margin, each on one line (continuations joined); EXPECTED is
  # a "$(...)" or "$var" word, then the margin.
  calls=$(cat "$ROOT"/steps/*/check.bats | sed -e ':a' -e '/\\$/{N;s/\\\n[[:space:]]*/ /;ba' -e '}' |
    grep -E 'assert_answer_(near|near_percent|within_factor) ')
  echo "$calls"
  [ "$(echo "$calls" | wc -l)" -ge 10 ]
  bad=$(grep -vE 'assert_answer_[a-z_]+ +[^ ]+ +[^ ]+ +("\$\(.*\)"|"\$[a-z_]+") +[0-9]+(\.[0-9]+)? +"' <<<"$calls" || true)
  [ -z "$bad" ] || { echo "a margin that is not a number written in the check: $bad" >&2; return 1; }
}

@test "every key of every solution/answers.md has an answer check whose form reads the reference answer" {
  local sites sol step line key text site_key form found
  sites=$(answer_call_sites)
  for sol in "$ROOT"/steps/*/solution/answers.md; do
    step=$(basename "$(dirname "$(dirname "$sol")")")
    while IFS= read -r line; do
      key="${line%%:*}" found=""
      text=$(answer_text "$sol" "$key")
      while read -r _ site_key form; do
        # shellcheck disable=SC2053 # site_key is a glob on purpose
        [[ "$key" == $site_key ]] || continue
        found=yes
        answer_parse "$form" "$text" >/dev/null || { echo "$step: $key: '$text' is not $(answer_form "$form")" >&2; return 1; }
      done < <(grep "^$step " <<<"$sites")
      [ -n "$found" ] || { echo "$step: $key has no answer check" >&2; return 1; }
    done < <(grep -E '^[a-z][a-z0-9_]*:' "$sol")
  done
}
