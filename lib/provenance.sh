#!/usr/bin/env bash
# lib/provenance.sh — proofs that an artifact of a step's out/ was made by that
# step's task on this learner's build, not written by hand or edited after.
# Checks ask through assert_from_task (the checks' assertion library); anything may call
#
#   provenance_problem KIND FILE [ARGS...]
#
# which prints nothing and returns 0 when FILE is proven, else prints one short
# line saying what gives it away (never a value the checker expected) and
# returns 1. Each KIND is a function provenance_KIND below (dashes become
# underscores) and proves its artifact one of two ways:
#
#   derived     the checker makes the artifact again from inputs it has already
#               verified (a profile, a recording, the windows, its own run of a
#               deterministic command) and compares: google-pprof's views and
#               graphs, uftrace's views, callgrind counts, memcheck and helgrind
#               logs, merged windows, plots and reports;
#   structure   where a run cannot be repeated (timings, races): the artifact's
#               own structure and consistency — a single PID on every line of a
#               valgrind log, its header and command, a summary that agrees
#               with its reports, code addresses that resolve to functions of
#               this build, a recording's command line and build ID.
#
# Needs ROOT and lib/readings.sh; verdicts and the checker's own runs are cached
# in readings_cache under readings_key: the arguments and the content of the
# files among them (so a cache can serve every check run that reads the same
# files, and an artifact edited in place is judged again).
: "${ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

# The longest the checker's own run of a tool may take, in seconds.
: "${PROVENANCE_TIMEOUT:=300}"

# The load address valgrind gives a position-independent executable (amd64):
# code addresses in its logs are this plus the symbol values nm prints.
VALGRIND_PIE_BASE=$((0x108000))

# An awk function for the programs below (mawk has no strtonum): hex("0x1f") is 31.
PROVENANCE_HEX_AWK='function hex(s,   i, c, v) { s = tolower(s); sub(/^0x/, "", s)
  for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1)); if (!c) break; v = v * 16 + c - 1 }
  return v + 0 }'

# ---------------------------------------------------------------- the entry point

# Proves FILE is KIND (see the top); prints the reason and fails otherwise.
# The verdict is cached: the same question about the same bytes later costs
# nothing. (Not a listing's: it reads the source file it names, which is not
# among the arguments.)
provenance_problem() {
  local kind="$1" fn="provenance_${1//-/_}" dir key verdict status why
  declare -F "$fn" >/dev/null || { echo "provenance: no kind '$kind'" >&2; return 2; }
  shift
  provenance_dir_set || return 2
  dir="$PROVENANCE_DIR"
  key=$(readings_key "$kind" "$@") || return 2
  verdict="$dir/verdict-$key"
  [ "$kind" != pprof-listing ] || verdict="$dir/listing-verdict.$$"
  if [ ! -f "$verdict" ]; then
    status=0
    why=$("$fn" "$@" 2>&1) || status=$?
    [ "$status" = 0 ] || [ -n "$why" ] || why="it does not read as $kind"
    printf '%s\n%s\n' "$status" "${why%%$'\n'*}" >"$verdict.$$" && mv "$verdict.$$" "$verdict"
  fi
  { read -r status; read -r why; } <"$verdict"
  [ "$kind" != pprof-listing ] || rm -f "$verdict"
  [ "$status" = 0 ] && return 0
  printf '%s\n' "$why"
  return 1
}

# The directory of the checker's own runs and verdicts (made on first use).
provenance_dir() {
  provenance_dir_set && printf '%s\n' "$PROVENANCE_DIR"
}

# Sets PROVENANCE_DIR to provenance_dir's directory without a subshell (every verdict asks for it).
provenance_dir_set() {
  readings_dir || return 1
  PROVENANCE_DIR="$READINGS_DIR/provenance"
  [ -d "$PROVENANCE_DIR" ] || mkdir -p "$PROVENANCE_DIR"
}

# ---------------------------------------------------------------- derived artifacts

# FILE is the checker's own EXPECTED file made from the same inputs. HOW is
# exact (byte for byte, the default), words (the same words on each line,
# however padded) or graph (a graphviz SVG: the same elements, whatever ids
# and order the tool's hash order gave its edges).
#   derived FILE EXPECTED [exact|words|graph]
provenance_derived() {
  local file="$1" expected="$2" how="${3:-exact}" line
  [ -s "$expected" ] || { echo "the checker could not make its own copy to compare with"; return 1; }
  case "$how" in
    graph) cmp -s <(graph_lines "$file") <(graph_lines "$expected") && return 0
           echo "its graph is not the one the checker draws from the same inputs"; return 1 ;;
    words) cmp -s <(awk '{ $1 = $1; print }' "$file") <(awk '{ $1 = $1; print }' "$expected") && return 0
           echo "it is not what the checker reads from the same inputs"; return 1 ;;
  esac
  cmp -s "$file" "$expected" && return 0
  grep -Iq . "$expected" && line=$(cmp "$file" "$expected" 2>&1 | sed -n 's/.* line \([0-9]*\)$/\1/p')
  echo "it differs from the checker's own run of the same command${line:+ (from line $line)}"
  return 1
}

# FILE is what CMD prints (ms_print, a reader of the task's files), run again
# here on the same inputs.
#   output FILE CMD [ARGS...]
provenance_output() {
  local file="$1" expected; shift
  expected="$(provenance_dir)/output-$(readings_key "$@")"
  [ -s "$expected" ] || { timeout "$PROVENANCE_TIMEOUT" "$@" >"$expected.$$" 2>/dev/null && mv "$expected.$$" "$expected"; } ||
    { rm -f "$expected.$$"; echo "the checker cannot run $1 on the task's files"; return 1; }
  provenance_derived "$file" "$expected"
}

# The lines of a graphviz SVG without element ids, sorted.
graph_lines() {
  sed -E 's/ id="[^"]*"//g' "$1" | LC_ALL=C sort
}

# FILE is google-pprof's output for ARGS (--text, --list=..., --svg, ...), made
# again here from the same, already verified, profile and binary.
#   pprof FILE PPROF_ARGS...
provenance_pprof() {
  local file="$1" expected; shift
  expected="$(provenance_dir)/pprof-$(readings_key "$@")"
  [ -s "$expected" ] || { pprof_cached "$@" >"$expected.$$" && mv "$expected.$$" "$expected"; } ||
    { rm -f "$expected.$$"; echo "google-pprof cannot read the profile"; return 1; }
  case " $* " in *" --svg "*) provenance_derived "$file" "$expected" graph ;; *) provenance_derived "$file" "$expected" ;; esac
}

# FILE is google-pprof --list's annotated source of FUNC in BINARY's PROFILE
# (listing it again takes google-pprof half a minute, so its structure is
# checked): one ROUTINE of FUNC in a source file that exists, every line as the
# file has it, per-line counts that add up to the totals it prints, and no more
# flat samples than google-pprof --text gives FUNC.
#   pprof-listing FILE FUNC BINARY PROFILE
provenance_pprof_listing() {
  local file="$1" func="$2" binary="$3" profile="$4" source flat
  source=$(sed -n "1s/^ROUTINE =* $func in //p" "$file")
  [ -n "$source" ] && [ -f "$source" ] || { echo "no ROUTINE of $func in a source file of this workbook"; return 1; }
  flat=$(pprof_cached --text "$binary" "$profile" | awk -v f="$func" 'NR > 1 && $6 == f { print $1; exit }')
  awk -v flat="${flat:-0}" '
    function fail(why) { print why; bad = 1; exit 1 }
    function n(s) { return s == "." ? 0 : s + 0 }
    FNR == NR { src[FNR] = $0; next }
    FNR == 1 { next }
    FNR == 2 { if (!match($0, /^ +[0-9]+ +[0-9]+ Total samples \(flat \/ cumulative\)$/)) fail("no \"Total samples (flat / cumulative)\" line"); tf = $1; tc = $2; next }
    /^---$/ { next }
    match($0, /^ +([0-9]+|\.) +([0-9]+|\.) +[0-9]+: /) { split($0, w, " "); l = w[3] + 0; text = substr($0, RLENGTH + 1)
      if (text != src[l]) fail("line " l " is not what the source file has there")
      f += n(w[1]); c += n(w[2]); next }
    { fail("line " FNR " is not part of a google-pprof listing") }
    END { if (bad) exit 1
          if (tf == "") { print "no \"Total samples (flat / cumulative)\" line"; exit 1 }
          if (f != tf || c != tc) { print "its lines do not add up to the totals it prints"; exit 1 }
          if (tf < 1 || tf > flat) { print "its flat samples are not the profile'"'"'s"; exit 1 } }' "$source" "$file"
}

# FILE is graphviz's FORMAT (svg, png) drawing of google-pprof --dot ARGS; with
# --no-legend, drawn without google-pprof's legend box (gvpr deletes its node).
#   pprof-graph FILE FORMAT [--no-legend] PPROF_ARGS...
provenance_pprof_graph() {
  local file="$1" format="$2" expected keep='N[name=="Legend"]{}'; shift 2
  [ "${1:-}" != --no-legend ] || { keep='N[name=="Legend"]{delete(root,$)}'; shift; }
  expected="$(provenance_dir)/dot-$(readings_key "$format" "$keep" "$@")"
  if [ ! -s "$expected" ]; then
    pprof_cached --dot "$@" | gvpr -c "$keep" | timeout "$PROVENANCE_TIMEOUT" dot -T"$format" -o "$expected.$$" 2>/dev/null && mv "$expected.$$" "$expected" ||
      { rm -f "$expected.$$"; echo "the checker cannot draw the profile"; return 1; }
  fi
  provenance_derived "$file" "$expected" "$([ "$format" = svg ] && echo graph || echo exact)"
}

# FILE is the output of callgrind counting inside FUNC while CMD ran, the same
# count for count as the checker's own run (callgrind_run, through the runner):
#   callgrind FILE FUNC [VAR=VALUE... --] CMD [ARGS...]
provenance_callgrind() {
  local file="$1" own summary totals
  [ "$(head -n 1 "$file")" = "# callgrind format" ] || { echo "no '# callgrind format' header"; return 1; }
  grep -qx 'events: Ir' "$file" && grep -q '^creator: callgrind-' "$file" || { echo "no callgrind creator and Ir events"; return 1; }
  summary=$(sed -n 's/^summary: //p' "$file") totals=$(sed -n 's/^totals: //p' "$file")
  [ -n "$summary" ] && [ "$summary" = "$totals" ] || { echo "its summary and totals lines disagree"; return 1; }
  own=$(provenance_own_callgrind "${@:2}") || { echo "the checker's own callgrind run failed"; return 1; }
  [ "$(grep '^cmd:' "$file")" = "$(grep '^cmd:' "$own")" ] || { echo "its cmd: line is not the task's command"; return 1; }
  [ "$totals" = "$(sed -n 's/^totals: //p' "$own")" ] && cmp -s <(callgrind_records "$file") <(callgrind_records "$own") ||
    { echo "its counts differ from the checker's own callgrind run of the same command"; return 1; }
}

# The checker's own callgrind output for FUNC [VAR=VALUE... --] CMD..., made
# once per binary: prints its path.
provenance_own_callgrind() {
  local out a bin=""
  for a in "${@:2}"; do [[ "$a" =~ ^[A-Za-z_][A-Za-z0-9_]*=|^--$ ]] || { bin=$a; break; }; done
  out="$(provenance_dir)/callgrind-$(readings_key "$@" "$(type -P "$bin" 2>/dev/null || echo "$bin")").out"
  [ -s "$out" ] || { callgrind_run "$out.$$" "$@" 2>/dev/null && mv "$out.$$" "$out"; } || { rm -f "$out.$$" "$out.$$.stderr"; return 1; }
  printf '%s\n' "$out"
}

# FILE is a log of valgrind's TOOL (Memcheck, Helgrind, drd, Massif: the word its
# first line starts with) running COMMAND; with OWN, line for line the checker's
# own run of the same command (the PIDs aside).
#   valgrind FILE TOOL COMMAND [OWN]
provenance_valgrind() {
  local file="$1" tool="$2" command="$3" own="${4:-}"
  valgrind_log_problem "$file" "$tool" "$command" || return 1
  [ -z "$own" ] && return 0
  [ -s "$own" ] || { echo "the checker's own $tool run wrote no log"; return 1; }
  cmp -s <(valgrind_log_body "$file") <(valgrind_log_body "$own") && return 0
  echo "its reports differ from the checker's own $tool run of the same command"
  return 1
}

# The structure every valgrind log has: one PID on every line, the tool's
# header with this valgrind's version, COMMAND, and an ERROR SUMMARY at the end.
valgrind_log_problem() {
  local file="$1" tool="$2" command="$3" version
  version=$(valgrind --version 2>/dev/null | sed 's/^valgrind-//')
  awk -v tool="$tool" -v version="$version" -v command="$command" '
    function fail(why) { print why; bad = 1; exit 1 }
    !match($0, /^==[0-9]+==( |$)/) { fail("line " NR " has no ==PID== prefix: not a valgrind log") }
    { p = substr($0, 3, index(substr($0, 3), "==") - 1); if (pid == "") pid = p; else if (p != pid) fail("line " NR " comes from another process (PID " p ", not " pid ")")
      body = substr($0, RLENGTH + 1) }
    NR == 1 && index(body, tool ", a ") != 1 { fail("its first line is not " tool "'"'"'s header") }
    NR == 2 && body !~ /^Copyright \(C\)/ { fail("no copyright line under the header") }
    NR == 3 && body !~ "^Using Valgrind-" version " and LibVEX" { fail("not written by this valgrind (" version ")") }
    NR == 4 && body != "Command: " command { fail("its Command: line is not the task'"'"'s command") }
    { last = body }
    END { if (bad) exit 1
          if (NR < 5) { print "too short for a valgrind log"; exit 1 }
          if (last !~ /^ERROR SUMMARY: [0-9,]+ errors from [0-9,]+ contexts/) { print "it does not end with an ERROR SUMMARY"; exit 1 } }' "$file"
}

# ---------------------------------------------------------------- valgrind logs and files that cannot be repeated

# FILE is a DRD log of COMMAND (timing decides what DRD reports, so it cannot be
# repeated): a valgrind log whose ERROR SUMMARY counts as many contexts as it
# shows reports, and whose code addresses are functions of BINARY.
#   drd FILE COMMAND BINARY
provenance_drd() {
  local file="$1" command="$2" binary="$3" counts
  valgrind_log_problem "$file" drd "$command" || return 1
  # Blocks between blank lines are reports; a held-lock report names where the
  # lock was acquired, the release, and where the mutex was first seen, each
  # with a stack.
  counts=$(valgrind_log_body "$file" | awk '
    function close_block() { if (n) blocks++
      if (held && (acquired != 1 || observed != 1 || stacks != 3)) bad = 1
      n = held = acquired = observed = stacks = 0 }
    NR <= 4 { next }
    /^(For lists of|For counts of|ERROR SUMMARY:)/ { close_block(); footer = 1; next }
    /^$/ { close_block(); next }
    footer { next }
    { n++ }
    /^Acquired at:$/ { acquired++ }
    /^Lock on mutex 0x[0-9a-f]+ was held during [0-9]+ ms \(threshold: [0-9]+ ms\)\.$/ { held++; m = $4 }
    /^mutex 0x[0-9a-f]+ was first observed at:$/ { if ($2 == m) observed++ }
    /^   at 0x/ { stacks++ }
    END { print (bad ? "bad" : blocks + 0) }')
  [ "$counts" != bad ] || { echo "a held-lock report lacks where the lock was acquired, released or first seen"; return 1; }
  local errors contexts
  read -r errors contexts < <(valgrind_log_body "$file" | sed -n 's/^ERROR SUMMARY: \([0-9,]*\) errors from \([0-9,]*\) contexts.*/\1 \2/p' | tr -d ,)
  [ "$counts" = "$contexts" ] || { echo "its ERROR SUMMARY counts $contexts contexts but it shows $counts reports"; return 1; }
  [ "$errors" -ge "$contexts" ] || { echo "its ERROR SUMMARY counts fewer errors than contexts"; return 1; }
  valgrind_frames_problem "$file" "$binary" "$([ "$contexts" -gt 0 ] && echo 1 || echo 0)"
}

# FILE is a massif output of COMMAND (its times count instructions, which the
# environment shifts): numbered snapshots in time order, each detailed tree
# summing to its snapshot's heap, one peak that is the largest heap (within
# massif's default --peak-inaccuracy of 1%), and code
# addresses that are functions of BINARY.
#   massif FILE COMMAND BINARY
provenance_massif() {
  local file="$1" command="$2" binary="$3"
  awk -v command="$command" '
    function fail(why) { print why; bad = 1; exit 1 }
    NR == 1 && !/^desc: / { fail("no desc: line: not a massif file") }
    NR == 2 && $0 != "cmd: " command { fail("its cmd: line is not the task'"'"'s command") }
    NR == 3 && $0 != "time_unit: i" { fail("no time_unit: i line") }
    function closed(   d) { for (d in left) if (left[d] > 0) fail("a tree in snapshot " n - 1 " has fewer branches than it says"); split("", left) }
    /^snapshot=/ { closed(); s = substr($0, 10) + 0; if (s != n) fail("snapshot " s " where snapshot " n " was due"); n++; next }
    /^time=/ { t = substr($0, 6) + 0; if (t < time) fail("snapshot " n - 1 " goes back in time"); time = t; next }
    /^mem_heap_B=/ { heap = substr($0, 12) + 0; next }
    /^mem_heap_extra_B=/ { total = heap + substr($0, 18); if (total > most) most = total; next }
    /^heap_tree=peak/ { peaks++; peak = total }
    /^ *n[0-9]+: [0-9]+ / {
      d = match($0, /[^ ]/) - 1; k = substr($0, d + 2, index($0, ":") - d - 2) + 0; split($0, w, " "); b = w[2] + 0
      if (d == 0 && b != heap) fail("a tree in snapshot " n - 1 " does not add up to its mem_heap_B")
      if (d > 0) { if (!(d - 1 in left) || left[d - 1] < 1) fail("a tree in snapshot " n - 1 " has more branches than it says")
                   left[d - 1]--; sum[d - 1] += b
                   if (left[d - 1] == 0 && sum[d - 1] != size[d - 1]) fail("a branch in snapshot " n - 1 " does not add up") }
      left[d] = k; sum[d] = 0; size[d] = b }
    END { if (bad) exit 1
          closed(); if (bad) exit 1
          if (n < 2) { print "no snapshots: not a massif file"; exit 1 }
          if (peaks != 1) { print peaks + 0 " peak snapshots, not one"; exit 1 }
          if (peak < most * 0.99) { print "its peak snapshot is not its largest"; exit 1 } }' "$file" || return 1
  valgrind_frames_problem "$file" "$binary" 1
}

# Fails unless every code address of BINARY in a valgrind file ("0xADDR: NAME (")
# names the function nm finds there (an inlined frame shares its address with
# the function it is in); with NEED=1, at least one such address must be there.
valgrind_frames_problem() {
  local file="$1" binary="$2" need="${3:-0}" base=0
  readelf -h "$binary" 2>/dev/null | grep -q 'Type: *DYN' && base=$VALGRIND_PIE_BASE
  awk -v base="$base" -v need="$need" -v bin="${binary##*/}" "$PROVENANCE_HEX_AWK"'
    FNR == NR { if (NF == 4 && $3 ~ /^[tTwW]$/) { n++; lo[n] = hex($1); hi[n] = lo[n] + hex($2); name[n] = $4
                  if (hi[n] > top) top = hi[n] } next }
    { s = $0
      while (match(s, /0x[0-9A-Fa-f]+: [^ ]+ /)) {
        k = substr(s, RSTART, index(substr(s, RSTART), ":") - 1); a = hex(k)
        f = substr(s, RSTART, RLENGTH - 1); sub(/^[^ ]+ /, "", f); s = substr(s, RSTART + RLENGTH)
        if (a < base || a >= base + top) continue
        want = "?"; for (i = 1; i <= n; i++) if (a - base >= lo[i] && a - base < hi[i]) { want = name[i]; break }
        seen[k] = seen[k] " " f; expect[k] = want } }
    END { for (k in expect) { found++
            if (index(seen[k] " ", " " expect[k] " ") == 0) { print "the address " k " names" seen[k] ", but " bin " has " expect[k] " there"; exit 1 } }
          if (need && !found) { print "none of its code addresses is in " bin; exit 1 } }' \
    <(nm --defined-only -S "$binary" 2>/dev/null) "$file"
}

# FILE is a thread dump of BINARY served by the profiling server
# (/debug/pprof/threads): "thread profile: total N", then groups "COUNT @ ADDR..."
# whose lines name each address in order, counts adding up to N, and every
# address of the binary's code resolving, at one load address, to the function
# and offset the line names.
#   thread-dump FILE BINARY
provenance_thread_dump() {
  local file="$1" binary="$2"
  awk "$PROVENANCE_HEX_AWK"'
    function fail(why) { print why; bad = 1; exit 1 }
    FNR == NR { if (NF == 4 && $3 ~ /^[tTwW]$/) { lo[$4] = hex($1); len[$4] = hex($2); if (lo[$4] + len[$4] > top) top = lo[$4] + len[$4] } next }
    FNR == 1 { if (!match($0, /^thread profile: total [0-9]+$/)) fail("no \"thread profile: total N\" first line"); total = $4; next }
    /^[0-9]+ @( 0x[0-9a-f]+)+$/ { if (k) fail("a group before line " FNR " names fewer frames than addresses"); sum += $1; k = NF - 2
                                 for (i = 3; i <= NF; i++) addr[i - 2] = $i; j = 0; next }
    /^#\t0x[0-9a-f]+\t/ { split($0, w, "\t"); j++
                          if (!k || w[2] != addr[j]) fail("line " FNR " names an address its group does not have"); k--
                          if (match(w[3], /^[^+\[]+\+0x[0-9a-f]+$/)) { f = substr(w[3], 1, index(w[3], "+") - 1); o = hex(substr(w[3], index(w[3], "+") + 1))
                            if (f in lo) { frames++; fa[frames] = hex(w[2]); fw[frames] = w[2]; ff[frames] = f; fo[frames] = o; votes[sprintf("%.0f", fa[frames] - o - lo[f])]++ } }
                          next }
    /^$/ { if (k) fail("a group before line " FNR " names fewer frames than addresses"); next }
    { fail("line " FNR " is not part of a thread dump") }
    END { if (bad) exit 1
          if (sum != total) { print "its groups add up to " sum " threads, not the total " total; exit 1 }
          for (b in votes) if (votes[b] > best) { best = votes[b]; base = b + 0 }
          if (best < 2 || base % 4096) { print "its addresses do not place " bin " anywhere in memory"; exit 1 }
          for (i = 1; i <= frames; i++) { a = fa[i] - base
            if (a < 0 || a >= top) continue
            if (a != lo[ff[i]] + fo[i] || fo[i] >= len[ff[i]]) { print fw[i] " is not where " bin " has that function"; exit 1 } } }' \
    bin="${binary##*/}" <(nm --defined-only -S "$binary" 2>/dev/null) "$file"
}

# ---------------------------------------------------------------- uftrace recordings

# DIR is a uftrace recording made by CMDLINE (the task's exact command) of this
# build of BINARY: its info names that command line, BINARY's path and build ID,
# and a data file for every task it recorded (a thread that ran no function a
# filter in CMDLINE lets through has none: uftrace writes no empty file).
#   uftrace-data DIR BINARY CMDLINE
provenance_uftrace_data() {
  local dir="$1" binary="$2" cmdline="$3" info real tid main filtered=0
  [ -d "$dir" ] && [ -f "$dir/info" ] || { echo "not a uftrace recording (no info file)"; return 1; }
  info=$(timeout "$PROVENANCE_TIMEOUT" uftrace info -d "$dir" 2>/dev/null) || { echo "uftrace info cannot read it"; return 1; }
  real=$(realpath "$binary")
  [ "$(uftrace_info_field "$info" cmdline)" = "$cmdline" ] || { echo "recorded with another command: $(uftrace_info_field "$info" cmdline)"; return 1; }
  [ "$(uftrace_info_field "$info" "exe image")" = "$real" ] || { echo "a recording of another program"; return 1; }
  [ "$(uftrace_info_field "$info" "build id")" = "$(elf_build_id "$binary")" ] ||
    { echo "a recording of another build of ${binary##*/} (rebuilt since)"; return 1; }
  grep -q "^SESS .* exename=\"$real\"$" "$dir/task.txt" 2>/dev/null || { echo "its task.txt names another program"; return 1; }
  [[ " $cmdline" =~ \ (-[FNCTtD]|--(filter|notrace|caller-filter|trigger|time-filter|depth)) ]] && filtered=1
  main=$(sed -n 's/^SESS .* pid=\([0-9]*\) .*/\1/p' "$dir/task.txt" | head -n 1)
  for tid in $(sed -n 's/^TASK .* tid=\([0-9]*\) .*/\1/p' "$dir/task.txt"); do
    [ -f "$dir/$tid.dat" ] || { [ "$filtered" = 1 ] && [ "$tid" != "$main" ]; } || { echo "task $tid has no data file"; return 1; }
  done
}

# The time filter (-t T, -tT, --time-filter=T or --time-filter T) of the options
# that DIR's recording was made with, read from its info's command line up to the
# recorded program; nothing when it has none.
uftrace_record_time_filter() {
  local info
  info=$(timeout "$PROVENANCE_TIMEOUT" uftrace info -d "$1" 2>/dev/null) || return 0
  awk -v exe="$(uftrace_info_field "$info" "exe image")" '{
         sub(/.*\//, "", exe)
         for (i = 1; i <= NF; i++) {
           name = $i; sub(/.*\//, "", name)
           if (i > 2 && name == exe) break
           if ($i == "-t" || $i == "--time-filter") v = $(i + 1)
           else if ($i ~ /^--time-filter=/) v = substr($i, 15)
           else if ($i ~ /^-t[0-9]/) v = substr($i, 3) } }
       END { if (v != "") print v }' <<<"$(uftrace_info_field "$info" cmdline)"
}

# The value of one "# NAME : value" line of uftrace info's output.
uftrace_info_field() {
  awk -v k="$2" '{ line = $0; sub(/^# */, "", line); i = index(line, ":") } i && substr(line, 1, i - 1) ~ "^" k " *$" { v = substr(line, i + 1); sub(/^ */, "", v); print v; exit }' <<<"$1"
}

# FILE is the output of `uftrace ARGS -d DIR` (report, graph, dump --chrome, ...),
# made again here. The checker reads DIR through a copy of links without its
# default.opts, so no option planted in the recording shapes its view; the time
# filter of the recording's own command line (which uftrace record keeps in
# default.opts for every replay) is given again from that command line.
#   uftrace-view FILE DIR ARGS...
provenance_uftrace_view() {
  local file="$1" dir="$2" expected filter; shift 2
  expected="$(provenance_dir)/uftrace-$(readings_key "$dir" "$@")"
  if [ ! -s "$expected" ]; then
    local own="$expected.data.$$"
    filter=$(uftrace_record_time_filter "$dir")
    rm -rf "$own" && mkdir -p "$own" && ln -s "$(realpath "$dir")"/* "$own"/ && rm -f "$own/default.opts" &&
      timeout "$PROVENANCE_TIMEOUT" uftrace "$@" ${filter:+-t "$filter"} -d "$own" >"$expected.$$" 2>/dev/null && mv "$expected.$$" "$expected" ||
      { rm -rf "$expected.$$" "$own"; echo "uftrace cannot read the recording"; return 1; }
    rm -rf "$own"
  fi
  provenance_derived "$file" "$expected"
}

# ---------------------------------------------------------------- benchmarks

# FILE is the output of the benchmark harness (labs/harness) for package PKG,
# run on this machine: its header, one result line per NAME in order as the
# harness prints it (padding, the -CPUS suffix, ns/op's precision), PASS, and an
# ok line whose time covers the runs. -n N: every run was -benchtime Nx. -c PROF:
# the CPU profile taken in the same run holds no more CPU time than the runs took.
#   bench FILE PKG [-n N] [-c PROFILE] NAME...
provenance_bench() {
  local file="$1" pkg="$2" n="" prof="" cpu_s=0 model; shift 2
  while [ $# -gt 0 ]; do
    case "$1" in
      -n) n="$2"; shift 2 ;;
      -c) prof="$2"; shift 2 ;;
      *) break ;;
    esac
  done
  [ -z "$prof" ] || cpu_s=$(awk -v s="$(profile_field "$prof" samples)" -v p="$(profile_field "$prof" period_us)" 'BEGIN { printf "%.3f", s * p / 1e6 }')
  model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
  awk -F'\t' -v pkg="$pkg" -v arch="$(uname -m)" -v model="${model:-unknown}" -v cpus="$(getconf _NPROCESSORS_ONLN)" \
    -v names="$*" -v n="$n" -v cpu_s="$cpu_s" '
    function fail(why) { print why; bad = 1; exit 1 }
    function label(name) { return "Benchmark" name (cpus > 1 ? "-" cpus : "") }
    function pad(s) { while (length(s) < width) s = s " "; return s }
    function ns_text(v) { return sprintf(v >= 1000 ? "%.0f" : v >= 100 ? "%.1f" : v >= 10 ? "%.2f" : "%.3f", v) }
    BEGIN { k = split(names, want, " "); for (i = 1; i <= k; i++) if (length(label(want[i])) > width) width = length(label(want[i])) }
    NR == 1 && $0 != "os: linux" { fail("no \"os: linux\" first line: not the harness output") }
    NR == 2 && $0 != "arch: " arch { fail("not run on this machine (arch)") }
    NR == 3 && $0 != "pkg: " pkg { fail("its pkg: line is not " pkg) }
    NR == 4 && $0 != "cpu: " model { fail("not run on this machine (cpu)") }
    NR <= 4 { next }
    r < k { r++; split($1, l, " ")
            if (l[1] != label(want[r])) fail("line " NR " is not the result of Benchmark" want[r])
            split($3, ns, " "); split($4, bo, " "); split($5, al, " ")
            line = sprintf("%s\t%8d\t%12s ns/op\t%8d B/op\t%8d allocs/op", pad(l[1]), $2, ns[1], bo[1], al[1])
            if (NF != 5 || line != $0 || ns[1] != ns_text(ns[1] + 0)) fail("line " NR " is not printed the way the harness prints")
            if (n != "" && $2 != n) fail("Benchmark" want[r] " ran " $2 " times, not the task'"'"'s " n)
            wall += $2 * ns[1] / 1e9; next }
    r == k && !passed { if ($0 != "PASS") fail("no PASS line after the results"); passed = 1; next }
    passed == 1 { if ($1 != "ok  " || $2 != pkg || $3 !~ /^[0-9]+\.[0-9][0-9][0-9]s$/ || NF != 3) fail("no \"ok  PKG TIMEs\" line after PASS")
                  if ($3 + 0.001 < wall) fail("its ok line took less time than its runs"); passed = 2; next }
    { fail("line " NR " is not part of the harness output") }
    END { if (bad) exit 1
          if (passed != 2) { print "it stops before the PASS and ok lines"; exit 1 }
          if (cpu_s > wall * 1.1 + 0.1) { print "its runs took less time than the CPU profile of the same run holds"; exit 1 } }' "$file"
}

# ---------------------------------------------------------------- GC logs and the sweep (step 07)

# FILE is a Boehm GC log written with GC_PRINT_STATS=1 on this machine: its
# collections numbered 1, 2, ... in order, each marked, freed and completed.
#   boehm-log FILE
provenance_boehm_log() {
  awk -v cpus="$(getconf _NPROCESSORS_ONLN)" '
    function fail(why) { print why; bad = 1; exit 1 }
    /^Number of processors: / { if ($4 != cpus) fail("not run on this machine (" $4 " processors)"); procs = 1; next }
    /^--> Marking for collection #[0-9]+ / { c = substr($5, 2) + 0; if (c != marked + 1) fail("collection #" c " where #" marked + 1 " was due"); marked = c; next }
    /^GC #[0-9]+ freed / { g = substr($2, 2) + 0; if (g != marked || g != freed + 1) fail("GC #" g " out of order"); freed = g; next }
    /^Complete collection took / { done++; if (done != freed) fail("a collection completed before it freed"); next }
    END { if (bad) exit 1
          if (!procs || !marked) { print "no collections: not a GC_PRINT_STATS log"; exit 1 }
          if (done != marked || freed != marked) { print "a collection is cut short (" marked " marked, " freed " freed, " done " completed)"; exit 1 } }' "$1"
}

# FILE is the sweep's CSV (steps/07-gc/sweep): every Boehm row's GC columns are
# what GCSTATS (gcstats.awk) reads in its genuine log LOGS/gc-NAME.log, and the
# checker's own runs of some settings (OWN, the same columns) find those rows'
# setting, allocator, peak and final RSS within 25%, collections within 25%
# (they move 8% between runs on a busy machine: seen 839 and 907 for divisor 8;
# the doctored row of issue 18 moved them 40%), the collector's largest heap
# within 10%.
#   sweep FILE OWN LOGS GCSTATS
provenance_sweep() {
  local file="$1" own="$2" logs="$3" gcstats="$4" name c p m h l why
  [ "$(head -n 1 "$file")" = "$(head -n 1 "$own")" ] || { echo "its header is not the one ./sweep writes"; return 1; }
  while IFS=, read -r name c p m h l; do
    why=$(provenance_boehm_log "$logs/gc-$name.log" 2>&1) || { echo "gc-$name.log: ${why:-no such log}"; return 1; }
    [ "$(awk -f "$gcstats" "$logs/gc-$name.log")" = "collections=$c pause_total_ms=$p pause_max_ms=$m gc_heap_max_kb=$h limit_hits=$l" ] ||
      { echo "$name: its GC columns are not what its log says"; return 1; }
  done < <(awk -F, 'NR > 1 && $2 == "boehm" { print $1 "," $9 "," $10 "," $11 "," $12 "," $13 }' "$file")
  awk -F, '
    function lib(s,   out, m) {  # LD_PRELOAD=/usr/lib/.../libtcmalloc.so.4.5 -> LD_PRELOAD=libtcmalloc
      while (match(s, /LD_PRELOAD=[^ ]*/)) { m = substr(s, RSTART + 11, RLENGTH - 11); sub(/.*\//, "", m); sub(/[^a-z].*/, "", m)
        out = out substr(s, 1, RSTART - 1) "LD_PRELOAD=" m; s = substr(s, RSTART + RLENGTH) }
      return out s }
    function far(a, b, tol, slack) { return (a - b > b * tol + slack) || (b - a > b * tol + slack) }
    FNR == 1 { next }
    FNR == NR { row[$1] = $0; next }
    { if (!($1 in row)) { print "no row for " $1; exit 1 }
      split(row[$1], m, ",")
      if (m[2] != $2 || lib(m[3]) != lib($3)) { print $1 ": not the setting ./sweep runs"; exit 1 }
      if (far(m[4], $4, 0.25, 0) || far(m[5], $5, 0.25, 0)) { print $1 ": its RSS is far from the checker'"'"'s own run"; exit 1 }
      if (far(m[9], $9, 0.25, 2) || far(m[12], $12, 0.1, 64)) { print $1 ": its collections are far from the checker'"'"'s own run"; exit 1 } }' \
    "$file" "$own"
}

# ---------------------------------------------------------------- the collector's windows (step 08)

# FILE is the profile profile-merge makes of WINDOW... (byte for byte).
#   merged-profile FILE WINDOW...
provenance_merged_profile() {
  local file="$1" expected; shift
  expected="$(provenance_dir)/merged-$(readings_key "$@")"
  [ -s "$expected" ] || { timeout "$PROVENANCE_TIMEOUT" "$ROOT/tools/bin/profile-merge" -o "$expected.$$" "$@" >/dev/null 2>&1 &&
    mv "$expected.$$" "$expected"; } || { rm -f "$expected.$$"; echo "the checker cannot merge the windows"; return 1; }
  provenance_derived "$file" "$expected"
}

# FILE is the log of tools/collector/collect saving into PROFILES: a timestamp on
# every line, windows in the server's order with the sample counts of the files it
# names (those still there), heap profiles with their bytes in use, a last line
# that counts what it saved, and a "saved" line for every profile in PROFILES.
#   collector-log FILE PROFILES
provenance_collector_log() {
  local file="$1" dir="$2" f what rest saved
  awk -v dir="$(realpath "$dir")" '
    function fail(why) { print why; bad = 1; exit 1 }
    !/^[0-9][0-9][0-9][0-9]\/[0-9][0-9]\/[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9] collect: / { fail("line " NR " is not a collector log line") }
    NR == 1 && index($0, " into " dir ": ") == 0 { fail("it collected into another directory") }
    / saved cpu\/cpu_[0-9-]+\.prof \(window [0-9]+, [0-9]+ samples\)$/ { w = $7 + 0; if (cpu && w <= last) fail("window " w " after window " last); last = w; cpu++; next }
    / saved heap\/heap_[0-9-]+\.prof \([0-9]+ bytes in use\)$/ { heap++; next }
    / stopped by SIGTERM: saved [0-9]+ CPU and [0-9]+ heap profiles in / { if ($8 != cpu || $11 != heap) fail("its last line counts other profiles than it saved"); stopped = 1 }
    END { if (bad) exit 1; if (!stopped) { print "it does not end with the collector stopping"; exit 1 } }' "$file" || return 1
  while read -r what f rest; do
    [ -e "$dir/$f" ] || continue
    case "$what" in
      cpu) saved=$(sed -n 's/^(window [0-9]*, \([0-9]*\) samples)$/\1/p' <<<"$rest"); [ "$saved" = "$(profile_field "$dir/$f" samples)" ] ;;
      heap) saved=$(sed -n 's/^(\([0-9]*\) bytes in use)$/\1/p' <<<"$rest"); [ "$saved" = "$(profile_field "$dir/$f" inuse_bytes)" ] ;;
    esac || { echo "$f does not hold what the log says was saved"; return 1; }
  done < <(sed -n 's/.* saved \(cpu\|heap\)\/\([^ ]*\) \(.*\)$/\1 \1\/\2 \3/p' "$file")
  for f in "$dir"/cpu/*.prof "$dir"/heap/*.prof; do
    [ -e "$f" ] || continue
    grep -q " saved ${f#"$dir"/} (" "$file" || { echo "${f#"$dir"/} is not a profile it saved"; return 1; }
  done
}

# FILE is the run record steps/08-continuous/scenario writes (run.txt), agreeing
# with the server's log (its window and the moment it deployed release 2), the
# collector's log (what it keeps) and the windows in CPU_DIR (the before range
# ends by the release, the after range starts after it, each range just holds
# its windows). The record names no answer: which release the seed deployed is
# the checks' business, read from the windows.
#   scenario-record FILE SERVER_LOG COLLECTOR_LOG CPU_DIR
provenance_scenario_record() {
  local file="$1" server_log="$2" collector_log="$3" cpu="$4" window keep release deployed which range
  [ "$(cut -d: -f1 "$file" | tr '\n' ' ')" = "seed_sha256 window_sec keep release before after " ] ||
    { echo "its fields are not the ones the scenario writes"; return 1; }
  grep -Eq '^seed_sha256: [0-9a-f]{64}$' "$file" || { echo "its seed_sha256 is not a SHA-256 digest"; return 1; }
  window=$(scenario_record_value "$file" window_sec) keep=$(scenario_record_value "$file" keep)
  release=$(scenario_record_value "$file" release)
  grep -q "always-on CPU profile: [0-9]* Hz, windows of $window s," "$server_log" 2>/dev/null ||
    { echo "its window is not the one out/server.log shows"; return 1; }
  head -n 1 "$collector_log" 2>/dev/null | grep -q ", keeping $keep$" ||
    { echo "what it says the collector kept is not in out/collector.log"; return 1; }
  deployed=$(sed -n 's/^\([0-9/]* [0-9:]*\) release 2 deployed$/\1/p' "$server_log" | head -n 1)
  deployed=$(env -u TZ date -d "$deployed" +%s 2>/dev/null) && release=$(stamp_epoch "$release" 2>/dev/null) &&
    [ $((deployed - release)) -ge -1 ] && [ $((deployed - release)) -le 10 ] ||
    { echo "its release time is not when out/server.log says release 2 was deployed"; return 1; }
  for which in before after; do
    range=$(scenario_record_value "$file" "$which")
    awk -v which="$which" -v release="$release" -v window="$window" -v r_to="$(stamp_epoch "${range#*..}" 2>/dev/null)" '
      { n++; last = $1; if (which == "before" ? $1 + window > release : $1 <= release) exit 1 }
      END { if (!n || last + 1 != r_to) exit 1 }' \
      < <("$ROOT/tools/collector/windows" -d "$cpu" paths "$range" 2>/dev/null | sed 's/.*cpu_//; s/\.prof$//' |
          while read -r s; do stamp_epoch "$s"; done) ||
      { echo "its $which range does not hold the windows of the run $which the release"; return 1; }
  done
}

# One value of a run record ("NAME: value").
scenario_record_value() {
  sed -n "s/^$2: //p" "$1" | head -n 1
}

# Seconds since the epoch of a window stamp (20250924-124900, UTC).
stamp_epoch() {
  date -u -d "${1:0:8} ${1:9:2}:${1:11:2}:${1:13:2}" +%s
}

# Run as a command, `lib/provenance.sh KIND FILE [ARGS...]` answers as
# provenance_problem does, in a shell of its own (checks call it so: bats traces
# every command a test runs, which makes a bash loop in a test slow).
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  . "$ROOT/lib/readings.sh" || exit 2
  provenance_problem "$@"
  exit
fi
