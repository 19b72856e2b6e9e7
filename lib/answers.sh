# lib/answers.sh — reading what a learner wrote in an answers.md the way a
# person writes it, and nothing looser. The checks' answer assertions read
# answers through it; so may anything else that compares answers (the grader).
#
#   answer_text FILE KEY     the text after "KEY:" (first such line), trimmed
#   answer_parse FORM TEXT   TEXT read as FORM: prints the value, or fails
#   answer_form FORM         the wanted form, for a message: "a number of MB, like 12.3 or 12.3 MB"
#   answer_put FILE KEY TEXT writes TEXT after "KEY:" (a solution's answers from its own run)
#
# A FORM is what a question wants; each reads a few spellings and refuses the rest:
#
#   function   a C function name; `()`, backticks and spaces around it go:
#              fib, fib(), `fib()`  ->  fib
#   name       one word of letters and digits, in any case: `JEMalloc` -> jemalloc
#   status     an HTTP status code, with or without its reason: 409, 409 Conflict, HTTP 409 -> 409
#   count      a whole number: 1234, 1,234, 1 234, 1_234 -> 1234
#   count:NOUN the same, or followed by NOUN (singular or plural): 3, 3 threads -> 3
#   bytes, Hz  a whole number, or followed by its unit: 408,000 bytes, 408000 B; 19 Hz
#   percent    a number, or followed by % or "percent": 97.5, 97.5%, 97.5 %
#   seconds    a number, or followed by s, sec, secs, second or seconds: 33.2, 33.2s
#   MB, MiB    a number, or followed by MB or MiB (the same unit here: google-pprof
#              and massif print MiB as MB): 196.8, 196.8 MB, 196.8MiB
#   millions   a number, or followed by M, million or millions: 40.4, 40.4 million;
#              never with thousands separators (40,388,073 is a raw count, not millions)
#
# Every number may be wrapped in backticks, start with "~" (roughly) and, except
# in millions, group its thousands with one kind of separator (",", "_" or a
# space) between groups of three digits. Units match in any case. A decimal comma
# (12,5), a sign, an exponent, another unit or words around the value are refused:
# the message names the form (answer_form), never a guess.
#
# No dependency on bats; bash 4 or later.
# shellcheck shell=bash

# ---------------------------------------------------------------- reading answers.md

# Prints the text after "KEY:" on the first line that starts with KEY (spaces
# allowed around both), without surrounding spaces or a carriage return. Prints
# nothing when no line has the key; fails with status 2 when FILE cannot be read.
answer_text() {
  local file="$1" key="$2"
  [ -f "$file" ] && [ -r "$file" ] || return 2
  awk -v k="$key" '{
      line = $0; sub(/\r$/, "", line); sub(/^[ \t]+/, "", line)
      if (index(line, k) != 1) next
      rest = substr(line, length(k) + 1); sub(/^[ \t]+/, "", rest)
      if (substr(rest, 1, 1) != ":") next
      rest = substr(rest, 2); sub(/^[ \t]+/, "", rest); sub(/[ \t]+$/, "", rest)
      print rest; exit
    }' "$file"
}

# Replaces the text after "KEY:" on the first line with KEY by TEXT, keeping the
# rest of FILE; fails with status 1 when no line has the key, 2 when FILE cannot
# be written. A solution's answers-from-run writes its run's numbers with it.
answer_put() {
  local file="$1" key="$2" text="$3" new
  [ -f "$file" ] && [ -w "$file" ] || return 2
  new=$(awk -v k="$key" -v t="$text" '!done {
      line = $0; sub(/^[ \t]+/, "", line)
      if (index(line, k) == 1) { rest = substr(line, length(k) + 1); sub(/^[ \t]+/, "", rest)
        if (substr(rest, 1, 1) == ":") { print k ": " t; done = 1; next } }
    } { print } END { exit !done }' "$file") || return 1
  printf '%s\n' "$new" >"$file"
}

# ---------------------------------------------------------------- forms

# Sets the description of FORM: _ANSWER_TYPE (function, name, status, whole or
# decimal), _ANSWER_UNITS (an extended regex of the unit's lower-case spellings,
# empty for none), _ANSWER_GROUPS (yes when thousands separators are read) and
# _ANSWER_PHRASE (the wanted form, for messages). Fails on an unknown FORM.
_answer_spec() {
  local noun
  _ANSWER_UNITS="" _ANSWER_GROUPS=yes
  case "$1" in
    function) _ANSWER_TYPE=function _ANSWER_PHRASE="a function name, like main or main()" ;;
    name) _ANSWER_TYPE=name _ANSWER_PHRASE="one word, like glibc" ;;
    status) _ANSWER_TYPE=status _ANSWER_PHRASE="an HTTP status code, like 200 or 200 OK" ;;
    count) _ANSWER_TYPE=whole _ANSWER_PHRASE="a whole number, like 1234" ;;
    count:?*)
      noun="${1#count:}" noun="${noun,,}"
      [[ "$noun" =~ ^[a-z]+$ ]] || { echo "answer form '$1': NOUN must be a word" >&2; return 2; }
      _ANSWER_TYPE=whole _ANSWER_UNITS="${noun%s}s?" _ANSWER_PHRASE="a whole number of $noun, like 12 or 12 $noun" ;;
    bytes) _ANSWER_TYPE=whole _ANSWER_UNITS="b|bytes?" _ANSWER_PHRASE="a whole number of bytes, like 123456 or 123,456 bytes" ;;
    Hz) _ANSWER_TYPE=whole _ANSWER_UNITS="hz" _ANSWER_PHRASE="a whole number of Hz, like 100 or 100 Hz" ;;
    percent) _ANSWER_TYPE=decimal _ANSWER_UNITS="%|percent" _ANSWER_PHRASE="a percentage, like 12.3 or 12.3%" ;;
    seconds) _ANSWER_TYPE=decimal _ANSWER_UNITS="s|secs?|seconds?" _ANSWER_PHRASE="a number of seconds, like 3.2 or 3.2 s" ;;
    MB) _ANSWER_TYPE=decimal _ANSWER_UNITS="mb|mib" _ANSWER_PHRASE="a number of MB, like 12.3 or 12.3 MB" ;;
    MiB) _ANSWER_TYPE=decimal _ANSWER_UNITS="mib|mb" _ANSWER_PHRASE="a number of MiB, like 12.3 or 12.3 MiB" ;;
    millions) _ANSWER_TYPE=decimal _ANSWER_UNITS="m|millions?" _ANSWER_GROUPS=no
      _ANSWER_PHRASE="a number of millions, like 12.3 or 12.3 million" ;;
    *) echo "answer form '$1' is not one of: function name status count count:NOUN bytes Hz percent seconds MB MiB millions" >&2
      return 2 ;;
  esac
}

# Prints the wanted form of FORM, as the messages say it; fails on an unknown FORM.
answer_form() {
  _answer_spec "$1" || return
  printf '%s\n' "$_ANSWER_PHRASE"
}

# ---------------------------------------------------------------- parsing

# Reads TEXT as FORM and prints its value (a function name as written, a name in
# lower case, a number without separators, unit or leading zeros). Fails with
# status 1 when TEXT is not in FORM, 2 when FORM is unknown.
answer_parse() {
  local form="$1" text="$2"
  _answer_spec "$form" || return
  text=$(_answer_unwrap "$text")
  case "$_ANSWER_TYPE" in
    function) _answer_function "$text" ;;
    name) [[ "$text" =~ ^[A-Za-z][A-Za-z0-9_.+-]*$ ]] && printf '%s\n' "${text,,}" ;;
    status) [[ "$text" =~ ^(HTTP(/[0-9.]+)?[[:space:]]+)?([1-5][0-9][0-9])([[:space:]]+[A-Za-z][A-Za-z\ \'-]*)?$ ]] &&
      printf '%s\n' "${BASH_REMATCH[3]}" ;;
    *) _answer_number "$text" ;;
  esac
}

# TEXT without surrounding spaces and one pair of surrounding backticks.
_answer_unwrap() {
  local text="$1"
  [[ "$text" =~ ^[[:space:]]*(.*[^[:space:]])[[:space:]]*$ ]] && text="${BASH_REMATCH[1]}"
  [[ "$text" =~ ^\`[[:space:]]*(.*[^[:space:]])[[:space:]]*\`$ ]] && text="${BASH_REMATCH[1]}"
  printf '%s' "$text"
}

# A C function name, with an optional "()" after it (inside or outside backticks).
_answer_function() {
  local text="$1"
  [[ "$text" =~ ^(.*[^[:space:]])[[:space:]]*\([[:space:]]*\)$ ]] && text=$(_answer_unwrap "${BASH_REMATCH[1]}")
  [[ "$text" =~ ^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$ ]] && printf '%s\n' "$text"
}

# A number of the current form (_answer_spec): digits, separators, decimals, unit.
_answer_number() {
  local text="$1" digits fraction unit
  [[ "$text" =~ ^~[[:space:]]*(.*)$ ]] && text="${BASH_REMATCH[1]}"
  [[ "$text" =~ ^([0-9]([0-9,_\ ]*[0-9])?)?(\.[0-9]+)?[[:space:]]*([%A-Za-z]+)?$ ]] || return 1
  digits="${BASH_REMATCH[1]}" fraction="${BASH_REMATCH[3]}" unit="${BASH_REMATCH[4],,}"
  [ -n "$digits$fraction" ] || return 1
  [ -z "$fraction" ] || [ "$_ANSWER_TYPE" = decimal ] || return 1
  [ -z "$unit" ] || [[ "$unit" =~ ^($_ANSWER_UNITS)$ ]] || return 1
  digits=$(_answer_ungroup "${digits:-0}") || return 1
  printf '%s%s\n' "$digits" "$fraction"
}

# DIGITS without thousands separators and leading zeros; fails on a separator
# the form does not read, on two kinds of separator, or on groups not of three.
_answer_ungroup() {
  local digits="$1" seps="${1//[0-9]/}"
  if [ -n "$seps" ]; then
    [ "$_ANSWER_GROUPS" = yes ] || return 1
    [[ "$seps" =~ ^(,+|_+|\ +)$ ]] || return 1
    [[ "$digits" =~ ^[0-9]{1,3}([,_\ ][0-9]{3})+$ ]] || return 1
    digits="${digits//[,_ ]/}"
  fi
  digits="${digits#"${digits%%[!0]*}"}"
  printf '%s\n' "${digits:-0}"
}
