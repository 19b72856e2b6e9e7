# lib/tap.sh — the checks of a check.bats, and the one reader of the TAP stream
# bats reports them in: make check, the self-test and the grader all read
# results here. Source it: . "$ROOT/lib/tap.sh"

# Each check's time limit in seconds (bats' BATS_TEST_TIMEOUT): a check still
# running then fails with that reason, so make check, the self-test and the
# grader never wait on one forever.
: "${CHECK_TIME_LIMIT:=600}"

# Runs ./check.bats in TAP form, each check within CHECK_TIME_LIMIT; options go to bats.
check_bats() {
  BATS_TEST_TIMEOUT="$CHECK_TIME_LIMIT" bats --formatter tap "$@" check.bats
}

# Prints the checks of a check.bats in order, as "TAG<TAB>NAME" lines (TAG is
# starter-fails for a check the untouched starter must fail, else other).
check_list() {
  awk '/^# bats test_tags=.*starter-fails/ { tagged = 1; next }
       /^@test / { name = $0; sub(/^@test "/, "", name); sub(/" *\{ *$/, "", name)
                   print (tagged ? "starter-fails" : "other") "\t" name; tagged = 0; next }
       !/^#/ && !/^[[:space:]]*$/ { tagged = 0 }' "$1"
}

# Reads a bats TAP file and prints one line per check, "STATUS<TAB>NAME<TAB>WHY":
# STATUS pass, fail or skip; WHY a skip's reason or a failure's explanation (expected/found/hint and
# any other output, without bats' location lines), its lines joined by \037.
#   tap_results TAP
# Given the check names the file must report (one per line, in order) and bats'
# exit status, it prints exactly one line per expected check, then a last line
# "verdict<TAB>ok", or "verdict<TAB>void<TAB>WHY" when the stream cannot be
# trusted: not one plan, a plan or a result count that disagrees with the
# checks, a check missing, repeated, out of order or renamed, or an exit
# status that contradicts the results.
#   tap_results TAP NAMES_FILE BATS_STATUS
tap_results() {
  awk -v names="${2:-}" -v status="${3:-}" '
    BEGIN { strict = names != ""; if (strict) { while ((getline line < names) > 0) want[++k] = line; close(names) } }
    # bats location lines and the failing command are noise for a learner.
    function keep(s) { return s != "" && s !~ /^\((in test file|from function)|^(from function|in test file)|^`.*. failed( due to timeout)?$|^Terminated$/ }
    function note(w) { if (why == "") why = w }
    /^1\.\.[0-9]+$/ { plans++; plan = substr($0, 4) + 0; cur = 0; next }
    /^(not )?ok [0-9]+ / {
      st = ($1 == "ok") ? "pass" : "fail"; rest = $0; sub(/^(not )?ok /, "", rest)
      num = rest; sub(/ .*/, "", num); num += 0; name = rest; sub(/^[0-9]+ /, "", name)
      if (st == "pass" && name ~ / # skip( |$)/) st = "skip"
      reason = ""
      if (st == "skip" && match(name, / # skip .*$/)) reason = substr(name, RSTART + 8)
      sub(/ # skip( .*)?$/, "", name)
      limit = ""
      if (match(name, / # timeout after [0-9]+s$/)) { limit = substr(name, RSTART + 17, RLENGTH - 18); name = substr(name, 1, RSTART - 1); st = "fail" }
      seen++
      if (strict && num != seen) note("check " num " where check " seen " was due")
      else if (strict && name != want[num]) note("check " num " is named \"" name "\", expected \"" want[num] "\"")
      order[seen] = num; state[num] = st; label[num] = name; msg[num] = ""
      if (reason != "") msg[num] = reason
      if (limit != "") msg[num] = "stopped at its time limit of " limit " s: a program that never ends, or a machine too busy (BATS_TEST_TIMEOUT)"
      if (st == "fail") fails++
      cur = (st == "fail") ? num : 0
      next }
    /^#/ && cur { s = substr($0, 2); sub(/^ +/, "", s); if (keep(s)) msg[cur] = msg[cur] (msg[cur] != "" ? "\037" : "") s; next }
    END {
      if (!strict) { for (i = 1; i <= seen; i++) { n = order[i]; print state[n] "\t" label[n] "\t" msg[n] } exit }
      if (plans != 1) note("the report has " plans + 0 " plan lines, not one")
      else if (plan != k) note("the report plans " plan " checks; check.bats has " k)
      if (seen != k) note("the report has " seen + 0 " results for " k " checks")
      if (status != (fails ? 1 : 0)) note("bats exited with status " status " after " fails + 0 " failures")
      for (i = 1; i <= k; i++) {
        m = msg[i]; gsub(/\t/, " ", m)
        print ((i in state) ? state[i] : "fail") "\t" want[i] "\t" m }
      print "verdict\t" (why != "" ? "void\t" why : "ok") }' "$1"
}

# Prints a tap_results explanation, one line per line, indented.
print_why() {
  [ -z "$1" ] || printf '%s\n' "$1" | tr '\037' '\n' | head -n 12 | sed 's/^/      /'
}
