# lib.sh — shared by the scripts behind the top-level make targets.
# Source it: . "$(dirname "$0")/lib.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.learner"

# The nine steps, in order; the directory is steps/NN-TOPIC.
STEP_TOPICS=(env cpu heap contention trace improve ops gc continuous)
STEP_TITLES=("environment and the tool chain" "CPU profiles" "heap profiles: allocated vs in use"
  "threads, blocking and mutex profiles over HTTP" "timelines with uftrace" "proven improvements"
  "securing /debug/pprof" "GC and allocator tuning" "continuous profiling")

# Prints "error: ..." on stderr and exits with status 2 (bad input).
die_usage() {
  echo "error: $*" >&2
  exit 2
}

# Checks that N is a step number 0..8; exits with a one-line error otherwise.
require_step_number() {
  local n="$1" what="${2:-STEP}"
  [ -n "$n" ] || die_usage "$what is missing: say which step, e.g. $what=1 (steps are 0..8)"
  [[ "$n" =~ ^[0-9]+$ ]] || die_usage "$what must be a step number 0..8, got '$n'"
  n=$((10#$n))
  [ "$n" -le 8 ] || die_usage "there is no step $n: the steps are 0..8 (see make help)"
}

# Prints the step's directory name (e.g. 01-cpu) for a valid number.
step_name() {
  printf '%02d-%s' "$((10#$1))" "${STEP_TOPICS[$((10#$1))]}"
}

# Prints the step's directory, or exits with a clear message if it is not written yet.
require_step_dir() {
  local n="$1" dir
  require_step_number "$n"
  dir="$ROOT/steps/$(step_name "$n")"
  if [ ! -f "$dir/Makefile" ]; then
    echo "step $((10#$n)) ($(step_name "$n"): ${STEP_TITLES[$((10#$n))]}) is not written yet; the steps that exist: $(written_steps | tr '\n' ' ')" >&2
    exit 2
  fi
  printf '%s\n' "$dir"
}

# Prints the numbers of the steps that exist, one per line.
written_steps() {
  local n
  for n in 0 1 2 3 4 5 6 7 8; do
    [ -f "$ROOT/steps/$(step_name "$n")/Makefile" ] && echo "$n"
  done
  return 0
}

# Expands "0-8", "1,3,5" or "2" into step numbers, one per line.
expand_steps() {
  local spec="$1" part a b
  for part in ${spec//,/ }; do
    if [[ "$part" =~ ^([0-9]+)-([0-9]+)$ ]]; then
      a=${BASH_REMATCH[1]} b=${BASH_REMATCH[2]}
      require_step_number "$a" STEPS; require_step_number "$b" STEPS
      seq "$((10#$a))" "$((10#$b))"
    else
      require_step_number "$part" STEPS
      echo "$((10#$part))"
    fi
  done
}

# The value of a variable of step N's Makefile (LEARNER_FILES, UI_PROFILE, ...).
step_var() {
  make -s --no-print-directory -C "$ROOT/steps/$(step_name "$1")" "print-$2" 2>/dev/null
}

# The files the learner edits in step N, relative to the step directory (from its Makefile).
step_learner_files() {
  step_var "$1" LEARNER_FILES
}

# Lists the starter versions of the learner's files of step N, as paths from the top:
# from .starter/ when the student kit shipped one, otherwise from git's HEAD.
starter_paths() {
  local dir="steps/$(step_name "$1")" f
  for f in $(step_learner_files "$1"); do
    if [ -d "$ROOT/.starter" ]; then
      (cd "$ROOT/.starter" && find "$dir/$f" -type f 2>/dev/null)
    else
      git -C "$ROOT" ls-tree -r --name-only HEAD -- "$dir/$f" 2>/dev/null
    fi
  done
}

# Writes the starter version of a path (from the top) to stdout.
starter_content() {
  if [ -d "$ROOT/.starter" ]; then cat "$ROOT/.starter/$1"; else git -C "$ROOT" show "HEAD:$1"; fi
}

# Copies the learner's current files of step N into a new timestamped backup; prints its path.
backup_learner_files() {
  local n="$1" name dir backup f
  name=$(step_name "$n")
  dir="$ROOT/steps/$name"
  backup="$STATE/backups/$name/$(date +%Y%m%d-%H%M%S)"
  while [ -e "$backup" ]; do backup="$backup-1"; done
  mkdir -p "$backup"
  for f in $(step_learner_files "$n"); do
    [ -e "$dir/$f" ] || continue
    mkdir -p "$backup/$(dirname "$f")"
    cp -a "$dir/$f" "$backup/$(dirname "$f")/" || return 1
  done
  printf '%s\n' "$backup"
}

# True if any learner file of step N differs from its starter (or is an extra file).
differs_from_starter() {
  local n="$1" paths p f g dir="$ROOT/steps/$(step_name "$1")"
  paths=$(starter_paths "$n")
  for p in $paths; do
    starter_content "$p" 2>/dev/null | cmp -s - "$ROOT/$p" || return 0
  done
  for f in $(step_learner_files "$n"); do
    [ -d "$dir/$f" ] || continue
    for g in $(cd "$ROOT" && find "steps/$(step_name "$n")/$f" -type f); do
      grep -qxF "$g" <<<"$paths" || return 0
    done
  done
  return 1
}

# Copies the workbook to DEST without git data, generated files or learner state
# (the self-test, the book build and grading all start from such a copy).
copy_workbook() {
  local dest="$1"
  mkdir -p "$dest" &&
    tar -C "$ROOT" --exclude=./.git --exclude='./steps/*/out' --exclude=./build --exclude=./.learner \
      --exclude=./tools/bin --exclude=./labs/bin --exclude=./grades -cf - . | tar -C "$dest" -xf -
}

# Lays a step's reference solution/ over its starter files, in a copy made by
# copy_workbook (never in the learner's tree): the self-test and the book's runs.
overlay_solution() {
  # Plain cp: the overlaid files get the current time, so make rebuilds from them.
  [ ! -d "$1/solution" ] || cp -r "$1/solution/." "$1/"
}

# Prints the checks of a check.bats in order (the self-test and the grader read them so), as "TAG<TAB>NAME" lines
# (TAG is starter-fails for a check the untouched starter must fail, else other).
check_list() {
  awk '/^# bats test_tags=.*starter-fails/ { tagged = 1; next }
       /^@test / { name = $0; sub(/^@test "/, "", name); sub(/" *\{ *$/, "", name)
                   print (tagged ? "starter-fails" : "other") "\t" name; tagged = 0; next }
       !/^#/ && !/^[[:space:]]*$/ { tagged = 0 }' "$1"
}

# Reads a bats TAP file; prints one line per test, "STATUS<TAB>NAME<TAB>WHY", STATUS
# pass, fail or skip, WHY a failure's explanation (expected/found/hint and any other
# output, without bats' location lines) with its lines joined by \037.
tap_results() {
  awk '
    function keep(s) { return s != "" && s !~ /^\((in test file|from function)|^(from function|in test file)|^`.*. failed$/ }
    function flush() { if (have) print st "\t" name "\t" why; have = 0; why = "" }
    /^(not )?ok [0-9]+ / { flush(); st = ($1 == "ok") ? "pass" : "fail"; name = $0; sub(/^(not )?ok [0-9]+ /, "", name)
      if (st == "pass" && name ~ / # skip( |$)/) st = "skip"
      sub(/ # skip( .*)?$/, "", name); have = 1; next }
    /^#/ && have && st == "fail" { s = substr($0, 2); sub(/^ +/, "", s); if (keep(s)) why = why (why != "" ? "\037" : "") s; next }
    END { flush() }' "$1"
}

# Prints a tap_results explanation, one line per line, indented.
print_why() {
  [ -z "$1" ] || printf '%s\n' "$1" | tr '\037' '\n' | head -n 12 | sed 's/^/      /'
}
