# lib/readings.sh — the workbook's readings of what the profiling tools write:
# google-pprof's views of a profile, the profile inspector's fields, callgrind,
# massif and memcheck outputs, uftrace's Chrome trace, CSV tables. Tasks, checks,
# tools and the book read them through these functions (never their own copies).
# Each prints a value, or nothing / a failure when the file cannot be read.
#
# Needs ROOT. Readings that cost a tool run (google-pprof's views, uftrace's
# trace events, and lib/provenance.sh's runs and verdicts) are cached in
# READINGS_CACHE under a key of what they read (readings_key: the content of
# every file, not its name or date), so that one cache can serve every check
# run that reads the same files: the self-test gives one to its whole run; on
# a learner's own machine (make check, whose tools live in .learner/tools) it
# is .learner/readings, kept from one make check to the next (an edit of
# answers.md only re-reads nothing); anywhere else (the grader: each
# submission starts with none) bats' per-file temporary directory, else TMPDIR.
: "${ROOT:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
: "${INSPECT:=$ROOT/tools/bin/profile-inspect}"
if [ -z "${READINGS_CACHE:-}" ] && [ "${WORKBOOK_TOOL_ENV:-}" = "$ROOT/.learner/tools" ]; then
  export READINGS_CACHE="$ROOT/.learner/readings"
fi

# The directory readings are cached in (made on first use).
readings_cache() {
  readings_dir && printf '%s\n' "$READINGS_DIR"
}

# Sets READINGS_DIR to readings_cache's directory (made on first use) without a
# subshell: every reading and verdict asks for it.
readings_dir() {
  READINGS_DIR="${READINGS_CACHE:-${BATS_FILE_TMPDIR:-${TMPDIR:-/tmp}}}"
  [ -d "$READINGS_DIR" ] || mkdir -p "$READINGS_DIR"
}

# What every reading also depends on, as lines for readings_key: the identity
# (size and modification time) of these readers' code and of the tools and
# libraries they run (a new google-pprof, valgrind or libc gives every reading
# a new key). Read once where this file is loaded, and passed on in
# READINGS_STAMP to the processes started from there (lib/provenance.sh).
readings_stamp() {
  local files=("$ROOT/lib/readings.sh" "$ROOT/lib/provenance.sh" "$INSPECT" "$ROOT/tools/bin/profile-merge" /etc/ld.so.cache) t d
  for t in google-pprof valgrind uftrace dot ms_print jq; do
    for d in ${PATH//:/ }; do [ -f "$d/$t" ] && [ -x "$d/$t" ] && { files+=("$d/$t"); break; }; done
  done
  stat -L -c '%n %s %.9Y' "${files[@]}" 2>/dev/null
}
if [ -z "${READINGS_STAMP:-}" ]; then
  READINGS_STAMP=$(readings_stamp)
  export READINGS_STAMP
fi

# A key for a reading of WORDS (a tool's arguments, a question): a digest of
# the words, of the content of every file among them (a directory: of every
# file under it, by relative name) and of readings_stamp. The same bytes in
# another inode or with another date (a copy, a step restored) give the same
# key; a file edited in place, however its size and time are kept, another.
# (Every check asks for many keys: the files' identities come from one stat.)
readings_key() {
  local a i digest files=() ids=()
  for a in "$@"; do [ -f "$a" ] && files+=("$a"); done
  [ "${#files[@]}" = 0 ] || mapfile -t ids < <(stat -L -c '%d-%i-%s-%.9Y-%.9Z' -- "${files[@]}" 2>/dev/null)
  [ "${#ids[@]}" = "${#files[@]}" ] || ids=()
  digest=$({ printf '%s\0' "$@"; printf '\n%s\n' "$READINGS_STAMP"
    for a in "$@"; do
      if [ -d "$a" ]; then readings_dir_sums "$a"; continue; fi
      for i in "${!files[@]}"; do
        [ "${files[i]}" = "$a" ] && { readings_file_sum "$a" "${ids[i]:-}"; break; }
      done
    done; } 2>/dev/null | sha256sum)
  printf '%s\n' "${digest:0:32}"
}

# The digest of FILE's content (sha256sum's line), remembered under the file's
# identity: device, inode, size, and modification and change times to the
# nanosecond. Writing a file changes its change time, which no one can set
# back, so the identity of a file edited in place is new even when its size and
# modification time are put back (touch -r); a digest is only remembered once
# the file has been left alone for 2 s, so no write can share its time tick.
# (A 20 MB trace costs sha256sum 60 ms; each check reads it several times.)
#   readings_file_sum FILE [IDENTITY]   (as stat -c '%d-%i-%s-%.9Y-%.9Z' prints it)
readings_file_sum() {
  local id="${2:-}" memo sum tmp dir
  readings_dir || return 1
  dir="$READINGS_DIR/sums"
  [ -n "$id" ] || id=$(stat -L -c '%d-%i-%s-%.9Y-%.9Z' -- "$1") || return 1
  memo="$dir/$id"
  if [ -f "$memo" ] && read -r sum <"$memo" && [ -n "$sum" ]; then
    printf '%s\n' "$sum"
    return 0
  fi
  sum=$(sha256sum <"$1") || return 1
  printf '%s\n' "$sum"
  local changed="${id##*-}"
  [ "${changed%%.*}" -lt $((EPOCHSECONDS - 2)) ] || return 0
  tmp="$memo.$BASHPID"
  mkdir -p "$dir" && printf '%s\n' "$sum" >"$tmp" && mv -f "$tmp" "$memo"
}

# The digests of every file under DIR, by relative name (sha256sum's lines),
# remembered as readings_file_sum remembers a file's: under the identities of
# all of them (a recording of 4 MB in 20 files is read by most of step 04's checks).
readings_dir_sums() {
  local listing line id memo tmp sums=() changed newest=0
  readings_dir || return 1
  listing=$(cd "$1" && find -L . -type f -printf '%p\t%D-%i-%s-%T@-%C@\n' | LC_ALL=C sort) || return 1
  id=$(sha256sum <<<"$listing")
  memo="$READINGS_DIR/sums/dir-${id:0:64}"
  if [ -f "$memo" ] && mapfile -t sums <"$memo" && [ "${#sums[@]}" -gt 0 ]; then
    printf '%s\n' "${sums[@]}"
    return 0
  fi
  mapfile -t sums < <(cd "$1" && find -L . -type f -print0 | LC_ALL=C sort -z | xargs -0r sha256sum)
  [ "${#sums[@]}" -gt 0 ] || return 0
  printf '%s\n' "${sums[@]}"
  while IFS= read -r line; do
    changed="${line##*-}" changed="${changed%%.*}"
    [ "$changed" -le "$newest" ] || newest=$changed
  done <<<"$listing"
  [ "$newest" -lt $((EPOCHSECONDS - 2)) ] || return 0
  tmp="$memo.$BASHPID"
  mkdir -p "${memo%/*}" && printf '%s\n' "${sums[@]}" >"$tmp" && mv -f "$tmp" "$memo"
}

# ---------------------------------------------------------------- profiles (the inspector and google-pprof)

# Prints one field of the inspector's summary of a profile.
profile_field() {
  "$INSPECT" --field "$2" "$1"
}

# google-pprof's output for a binary and profile with options, cached by their content (readings_key).
pprof_cached() {
  local cache
  cache="$(readings_cache)/pprof-$(readings_key "$@")"
  if [ ! -s "$cache" ]; then
    google-pprof "$@" >"$cache.$$" 2>/dev/null || { rm -f "$cache.$$"; return 1; }
    mv "$cache.$$" "$cache"
  fi
  cat "$cache"
}

# The rows of `google-pprof --text` as "flat% name" lines (name may contain spaces).
pprof_flat_rows() {
  local binary="$1" profile="$2"; shift 2
  pprof_cached --text "$@" "$binary" "$profile" |
    awk 'NR > 1 && $2 ~ /%$/ { name = $6; for (i = 7; i <= NF; i++) name = name " " $i; sub(/%/, "", $2); print $2, name }'
}

# The function with the largest flat share.
top_function() {
  pprof_flat_rows "$@" | head -n 1 | cut -d' ' -f2-
}

# The flat share (percent) of one function, or 0 if it is absent.
flat_percent() {
  local binary="$1" profile="$2" func="$3"; shift 3
  pprof_flat_rows "$binary" "$profile" "$@" | awk -v f="$func" '$2 == f { print $1; found = 1; exit } END { if (!found) print 0 }'
}

# Folded stacks "root;...;leaf COUNT" with google-pprof's <address> and [inline] tags removed.
folded_stacks() {
  pprof_cached --collapsed "$1" "$2" | "$ROOT/scripts/folded" --clean
}

# The caller of FUNC that appears in most samples (the frame just above the first FUNC in each stack).
top_caller() {
  local binary="$1" profile="$2" func="$3"
  folded_stacks "$binary" "$profile" | awk -v f="$func" '
    { n = $NF; split($1, frames, ";")
      for (i = 2; i <= length(frames); i++) if (frames[i] == f && frames[i-1] != f) { count[frames[i-1]] += n; break } }
    END { for (c in count) if (count[c] > best) { best = count[c]; who = c } print who }'
}

# The number on the "Total:" line of google-pprof --text with OPTIONS: samples of a
# CPU profile, seconds of a contention profile, MB or objects of a heap view.
pprof_total() {
  local binary="$1" profile="$2"; shift 2
  pprof_cached --text "$@" "$binary" "$profile" | awk 'NR == 1 && $1 == "Total:" { print $2; found = 1 } END { exit !found }'
}

# The total of one heap view (VIEW is inuse_space, alloc_space, inuse_objects or
# alloc_objects): MB for the _space views, objects for the others.
pprof_heap_total() {
  pprof_total "$1" "$2" "--$3"
}

# ---------------------------------------------------------------- valgrind: massif, memcheck, callgrind

# The peak of a massif file in bytes: the largest snapshot total (useful heap + allocator
# overhead + stacks), the top of ms_print's graph. Fails if FILE is not a massif file.
massif_peak_bytes() {
  awk -F= 'NR == 1 && !/^desc:/ { exit 1 }
    /^mem_heap_B=/ { h = $2 } /^mem_heap_extra_B=/ { e = $2 }
    /^mem_stacks_B=/ { t = h + e + $2; if (t > peak) peak = t; n++ }
    END { if (!n) exit 1; printf "%d\n", peak }' "$1"
}

# The bytes memcheck reports for one kind of leak ("definitely lost", "still reachable",
# ...) in a valgrind log; 0 when it reports none. Fails if LOG is not a memcheck log.
memcheck_bytes() {
  local log="$1" kind="$2" bytes
  grep -q 'Memcheck, a memory error detector' "$log" && grep -q 'HEAP SUMMARY:' "$log" || return 1
  bytes=$(sed -n "s/^==[0-9]*== *$kind: \([0-9,]*\) bytes in .*/\1/p" "$log" | tail -n 1 | tr -d ,)
  echo "${bytes:-0}"
}

# Prints the instruction total recorded in a callgrind output file.
callgrind_total() {
  sed -n 's/^totals:[[:space:]]*\([0-9]*\).*/\1/p; s/^summary:[[:space:]]*\([0-9]*\).*/\1/p' "$1" | head -n 1
}

# Runs CMD under callgrind counting inside FUNC only, into OUT (the checker's file):
#   callgrind_run OUT FUNC [VAR=VALUE... --] CMD [ARGS...]
# CMD runs through lib/run-learner (it may be a learner's program): only the
# VAR=VALUE given reach it, and OUT is written where it cannot reach.
callgrind_run() {
  local out="$1" func="$2" status=0 envs=(); shift 2
  if [[ "${1:-}" =~ ^[A-Za-z_][A-Za-z0-9_]*= ]]; then
    while [ "$1" != -- ]; do envs+=("$1"); shift; done
    shift
  fi
  "$ROOT/lib/run-learner" -o "$out" ${envs[@]+"${envs[@]}"} -- valgrind --tool=callgrind --toggle-collect="$func" \
    --callgrind-out-file="$out" "$@" >/dev/null 2>"$out.stderr" || status=$?
  [ "$status" = 0 ] && return 0
  if [ "$status" = 124 ]; then
    echo "callgrind: stopped at the time limit (${RUN_LEARNER_LIMIT:-900} s) on: $* — does it end?" >&2
  else
    echo "callgrind: valgrind failed (exit $status) on: $*; its last lines:" >&2
    grep -v '^==[0-9]*== *$' "$out.stderr" | tail -n 5 | sed 's/^/  /' >&2
  fi
  return "$status"
}

# Counts the instructions executed inside FUNC while running CMD (callgrind: the
# same every run for the same binary, input and environment):
#   instructions FUNC [VAR=VALUE... --] CMD [ARGS...]
instructions() {
  local dir status=0
  dir=$(mktemp -d "${BATS_TEST_TMPDIR:-${TMPDIR:-/tmp}}/callgrind.XXXXXXXX") || return 1
  callgrind_run "$dir/callgrind.out" "$@" || status=$?
  [ "$status" != 0 ] || callgrind_total "$dir/callgrind.out"
  rm -rf "$dir"
  return "$status"
}

# A callgrind file's costs as sorted "object, function, file, line, cost" and
# "..., call, callee object, file, function, calls, target line, inclusive cost"
# lines, names and positions uncompressed and costs of the same place summed:
# two runs of the same program give the same lines, whatever order they wrote
# their blocks in.
callgrind_records() {
  awk '
    # A compressed name: "(id) name" defines id, "(id)" refers to it.
    function name(ns, s,   id, rest) {
      if (!match(s, /^\([0-9]+\)/)) return s
      id = substr(s, 2, RLENGTH - 2); rest = substr(s, RLENGTH + 1); sub(/^ /, "", rest)
      if (rest != "") names[ns, id] = rest
      return names[ns, id]
    }
    # A position: a number, or +N, -N, * relative to the last one.
    function pos(p) { return p == "*" ? last : p ~ /^[-+]/ ? last + p : p + 0 }
    /^ob=/ { ob = name("ob", substr($0, 4)); next }
    /^fl=/ { fl = fi = name("fl", substr($0, 4)); next }
    /^f[ie]=/ { fi = name("fl", substr($0, 4)); next }
    /^fn=/ { fn = name("fn", substr($0, 4)); fi = fl; next }
    /^cob=/ { cob = name("ob", substr($0, 5)); next }
    /^cf[il]=/ { cfi = name("fl", substr($0, 5)); next }
    /^cfn=/ { cfn = name("fn", substr($0, 5)); next }
    /^calls=/ { split(substr($0, 7), c, " "); calls = c[1]; target = pos(c[2]); call = 1; next }
    /^([0-9]|[-+*])/ {
      p = pos($1); last = p
      if (call) { key = ob "\t" fn "\t" fi "\t" p "\tcall\t" (cob != "" ? cob : ob) "\t" (cfi != "" ? cfi : fi) "\t" cfn "\t" target
                  n[key] += calls; cost[key] += $2; call = 0; cob = cfi = cfn = "" }
      else { key = ob "\t" fn "\t" fi "\t" p; cost[key] += $2 }
      next }
    END { for (k in cost) print k "\t" ((k in n) ? n[k] "\t" : "") cost[k] }' "$1" | LC_ALL=C sort
}

# The lines of a valgrind log without their ==PID== prefixes and the Parent PID
# line: two runs of the same program under the same tool compare equal.
valgrind_log_body() {
  sed -E 's/^==[0-9]+== ?//' "$1" | grep -v '^Parent PID: '
}

# The build ID of an ELF file (gcc writes one by default), or nothing.
elf_build_id() {
  readelf -n "$1" 2>/dev/null | sed -n 's/^ *Build ID: //p' | head -n 1
}

# ---------------------------------------------------------------- tables

# The value in column COLUMN (named in the header line) of the CSV row whose first
# field is KEY; prints nothing if there is no such row or column.
csv_value() {
  awk -F, -v key="$2" -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
    c && $1 == key { print $c; exit }' "$1"
}

# ---------------------------------------------------------------- traces (uftrace dump --chrome)

# The trace's call events as "tid<TAB>B|E<TAB>ts_us<TAB>name" lines in time order
# (the main thread's events carry no tid: its pid stands in), cached by the file's content.
trace_events() {
  local events
  events=$(trace_events_file "$1") && cat "$events"
}

# The file that holds trace_events' lines, made on first use: prints its path.
trace_events_file() {
  local file="$1" cache tmp
  cache="$(readings_cache)/trace-$(readings_key "$file").tsv" tmp="$cache.$BASHPID"
  if [ ! -f "$cache" ]; then
    jq -r '.traceEvents[] | select(.ph == "B" or .ph == "E") | [(.tid // .pid), .ph, .ts, .name] | @tsv' \
      "$file" >"$tmp" 2>/dev/null || { rm -f "$tmp"; echo "trace_events: cannot read $file" >&2; return 1; }
    mv "$tmp" "$cache"
  fi
  printf '%s\n' "$cache"
}

# The trace's counts, cached with its events (most checks ask for a few of
# them, and a trace may hold a million events): a first line
# "<TAB>events<TAB>threads" for the whole trace, then per function
# "name<TAB>calls<TAB>threads" (its B events; the threads with any event of it).
trace_table() {
  local events cache tmp
  events=$(trace_events_file "$1") || return 1
  cache="${events%.tsv}.table" tmp="${events%.tsv}.table.$BASHPID"
  if [ ! -f "$cache" ]; then
    awk -F'\t' '{ n++; t[$1] = 1; seen[$4] = 1; if ($2 == "B") calls[$4]++
                   if (!(($4, $1) in by)) { by[$4, $1] = 1; threads[$4]++ } }
      END { printf "\t%d\t%d\n", n, length(t); for (f in seen) printf "%s\t%d\t%d\n", f, calls[f], threads[f] }' \
      "$events" >"$tmp" && mv "$tmp" "$cache" || { rm -f "$tmp"; return 1; }
  fi
  cat "$cache"
}

# The number of call events (B and E) in the trace.
trace_event_count() {
  trace_table "$1" | awk -F'\t' 'NR == 1 { n = $2 } END { print n + 0 }'
}

# The number of threads with call events; with FUNC, only the threads that called it.
trace_threads() {
  trace_table "$1" | awk -F'\t' -v f="${2:-}" '(f == "" && NR == 1) || (f != "" && NR > 1 && $1 == f) { n = $3 } END { print n + 0 }'
}

# How many times FUNC was called in the trace.
trace_calls() {
  trace_table "$1" | awk -F'\t' -v f="$2" 'NR > 1 && $1 == f { n = $2 } END { print n + 0 }'
}

# One line per call of FUNC: "tid start_us duration_us".
trace_durations() {
  trace_events "$1" | awk -F'\t' -v f="$2" '$4 == f { if ($2 == "B") b[$1] = $3; else if ($1 in b) { printf "%s %.3f %.3f\n", $1, b[$1], $3 - b[$1]; delete b[$1] } }'
}

# The mean duration of FUNC's calls in milliseconds (empty if it was never called).
trace_mean_ms() {
  trace_durations "$1" "$2" | awk '{ s += $3; n++ } END { if (n) printf "%.3f\n", s / n / 1000 }'
}

# The longest call of FUNC: "tid start_us duration_us" (empty if it was never called).
trace_longest() {
  trace_durations "$1" "$2" | sort -k3,3gr | head -n 1
}

# The function that called FUNC most often (its parent frame on the calling thread).
# Kernel events (linux:...) are not frames.
trace_caller() {
  trace_events "$1" | awk -F'\t' -v f="$2" '
    $4 ~ /^linux:/ { next }
    $2 == "B" { if ($4 == f && d[$1] > 0) n[s[$1, d[$1]]]++; s[$1, ++d[$1]] = $4; next }
    { for (i = d[$1]; i > 0 && s[$1, i] != $4; i--) {} if (i > 0) d[$1] = i - 1 }
    END { for (c in n) if (n[c] > best) { best = n[c]; who = c } print who }'
}

# Every thread's call stack at time TS (microseconds, as in the trace): "tid<TAB>root;...;leaf",
# for the threads inside at least one call then.
trace_stacks_at() {
  trace_stacks_at_each "$1" "$2" | cut -f2-
}

# trace_stacks_at for each of the times TS... in one pass over the trace:
# "TS<TAB>tid<TAB>root;...;leaf" lines, TS as given, the times in ascending order.
trace_stacks_at_each() {
  local file="$1"; shift
  trace_events "$file" | awk -F'\t' -v times="$(printf '%s\n' "$@" | sort -g | tr '\n' ' ')" '
    BEGIN { n = split(times, at, " "); k = 1 }
    function stacks(ts,   t, i, line) { for (t in seen) if (d[t] > 0) { line = s[t, 1]; for (i = 2; i <= d[t]; i++) line = line ";" s[t, i]; print ts "\t" t "\t" line } }
    { while (k <= n && $3 > at[k] + 0) stacks(at[k++]); if (k > n) exit }
    $4 ~ /^linux:/ { next }
    $2 == "B" { s[$1, ++d[$1]] = $4; seen[$1] = 1; next }
    { for (i = d[$1]; i > 0 && s[$1, i] != $4; i--) {} if (i > 0) d[$1] = i - 1 }
    END { while (k <= n) stacks(at[k++]) }'
}

# The command line uftrace recorded the trace with (its metadata), cached by the file's content.
trace_command_line() {
  local file="$1" cache tmp
  cache="$(readings_cache)/trace-command-$(readings_key "$file")" tmp="$cache.$BASHPID"
  if [ ! -f "$cache" ]; then
    jq -r '.metadata.command_line // ""' "$file" >"$tmp" 2>/dev/null || { rm -f "$tmp"; return 1; }
    mv "$tmp" "$cache"
  fi
  cat "$cache"
}
