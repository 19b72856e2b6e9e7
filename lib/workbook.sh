# lib/workbook.sh — the workbook's layout for every script: where it is, the
# steps (read from the one registry, steps/steps.tsv), the learner's files and
# their starters, and copies of the tree. Source it: . "$ROOT/lib/workbook.sh"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="$ROOT/.learner"
REGISTRY="$ROOT/steps/steps.tsv"

# Prints "error: ..." on stderr and exits with status 2 (bad input).
die_usage() {
  echo "error: $*" >&2
  exit 2
}

# ---------------------------------------------------------------- the step registry

# Prints the registry's rows, "NUMBER<TAB>DIRECTORY<TAB>TITLE<TAB>LEARNER FILES", without comments.
registry_rows() {
  awk -F '\t' '!/^#/ && NF >= 3' "$REGISTRY"
}

# Prints every registered step number, in order, one per line.
step_numbers() {
  registry_rows | cut -f1
}

# Prints the first and the last step number as "FIRST..LAST" (for messages).
step_range() {
  local all
  all=$(step_numbers)
  printf '%s..%s\n' "$(head -n 1 <<<"$all")" "$(tail -n 1 <<<"$all")"
}

# Prints column COLUMN (2 directory, 3 title, 4 learner files) of step N's row.
# Read by bash alone: the grader asks it a few times per submission and step,
# and a process costs more than the lookup.
registry_field() {
  local n="$1" num dir title files
  [[ "$n" =~ ^[0-9]+$ ]] || return 1
  n=$((10#$n))
  while IFS=$'\t' read -r num dir title files; do
    [[ "$num" =~ ^[0-9]+$ ]] && [ -n "$title" ] && [ "$((10#$num))" = "$n" ] || continue
    case "$2" in 2) printf '%s\n' "$dir" ;; 3) printf '%s\n' "$title" ;; 4) printf '%s\n' "${files%%$'\t'*}" ;; esac
    return 0
  done <"$REGISTRY"
  return 1
}

# Checks that N is a registered step number; exits with a one-line error otherwise.
require_step_number() {
  local n="$1" what="${2:-STEP}"
  [ -n "$n" ] || die_usage "$what is missing: say which step, e.g. $what=1 (steps are $(step_range))"
  [[ "$n" =~ ^[0-9]+$ ]] || die_usage "$what must be a step number $(step_range), got '$n'"
  registry_field "$n" 2 >/dev/null || die_usage "there is no step $((10#$n)): the steps are $(step_range) (see make help)"
}

# Prints the step's directory name (e.g. 01-cpu) for a registered number.
step_name() {
  registry_field "$1" 2
}

# Prints what step N teaches, in a few words.
step_title() {
  registry_field "$1" 3
}

# The files the learner edits in step N, relative to the step directory (space-separated).
step_learner_files() {
  registry_field "$1" 4
}

# Prints the step's directory, or exits with a clear message if it is not written yet.
require_step_dir() {
  local n="$1" dir
  require_step_number "$n"
  dir="$ROOT/steps/$(step_name "$n")"
  if [ ! -f "$dir/Makefile" ]; then
    echo "step $((10#$n)) ($(step_name "$n"): $(step_title "$n")) is not written yet; the steps that exist: $(written_steps | tr '\n' ' ')" >&2
    exit 2
  fi
  printf '%s\n' "$dir"
}

# Prints the numbers of the steps that exist (a Makefile in their directory), one per line.
written_steps() {
  registry_rows | while IFS=$'\t' read -r n dir _; do
    [ -f "$ROOT/steps/$dir/Makefile" ] && echo "$n"
  done
  return 0
}

# Expands "all", "1-3", "1,3,5" or "2" into step numbers, one per line.
expand_steps() {
  local spec="$1" part a b n
  [ "$spec" != all ] || { step_numbers; return; }
  for part in ${spec//,/ }; do
    if [[ "$part" =~ ^([0-9]+)-([0-9]+)$ ]]; then
      a=${BASH_REMATCH[1]} b=${BASH_REMATCH[2]}
      require_step_number "$a" STEPS; require_step_number "$b" STEPS
      for n in $(step_numbers); do ((n >= 10#$a && n <= 10#$b)) && echo "$n"; done
    else
      require_step_number "$part" STEPS
      echo "$((10#$part))"
    fi
  done
  return 0  # (a range's last test, a step past its end, is not the answer)
}

# The value of a variable of step N's Makefile (UI_PROFILE, ITER, ...).
step_var() {
  make -s --no-print-directory -C "$ROOT/steps/$(step_name "$1")" "print-$2" 2>/dev/null
}

# ---------------------------------------------------------------- the learner's files

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

# True if a learner's file (a path from the top) holds its starter's text, in
# any language: the starter itself or, for answers.md, the questions of an
# answers.LANG.md beside it (lib/i18n.sh gives a learner those).
is_starter_text() {
  local p="$1" t
  starter_content "$p" 2>/dev/null | cmp -s - "$ROOT/$p" && return 0
  [[ "$p" == */answers.md ]] || return 1
  for t in "$ROOT/${p%.md}".??.md; do
    [ -f "$t" ] && cmp -s "$t" "$ROOT/$p" && return 0
  done
  return 1
}

# True if any learner file of step N differs from its starter (or is missing).
differs_from_starter() {
  local n="$1" p
  for p in $(starter_paths "$n"); do
    is_starter_text "$p" || return 0
  done
  return 1
}

# ---------------------------------------------------------------- copies of the tree

# Copies the working tree to DEST without git data, generated files or learner
# state: what an author is testing (the self-test and the book's runs). With
# --built, the tools and lab programs already built here come along (with their
# times, so make sees them up to date): a test's copy need not build them again.
copy_workbook() {
  local dest="$1" bins=(--exclude=./tools/bin --exclude=./labs/bin)
  [ "${2:-}" != --built ] || bins=()
  mkdir -p "$dest" &&
    tar -C "$ROOT" --exclude=./.git --exclude='./steps/*/out' --exclude=./build --exclude=./.learner \
      ${bins[@]+"${bins[@]}"} --exclude=./grades -cf - . | tar -C "$dest" -xf -
}

# Exports the tracked files at HEAD to DEST (never the working tree: no stray
# gradebook, submissions or filled-in answers): what the grader and the student
# kit start from. Fails with a one-line message outside a git checkout.
export_workbook() {
  local dest="$1"
  git -C "$ROOT" rev-parse --verify -q HEAD >/dev/null ||
    { echo "export: $ROOT is not a git checkout with a commit: the grader and the student kit export the tracked files at HEAD" >&2; return 1; }
  mkdir -p "$dest" && git -C "$ROOT" archive --format=tar HEAD | tar -C "$dest" -xf -
}

# Prints the tracked files whose working copy differs from HEAD (what an export leaves out), one per line.
uncommitted_changes() {
  git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | cut -c4-
}

# Lays a step's reference solution/ over its starter files, in a copy made by
# copy_workbook (never in the learner's tree): the self-test and the book's runs.
overlay_solution() {
  # Plain cp: the overlaid files get the current time, so make rebuilds from them.
  [ ! -d "$1/solution" ] || cp -r "$1/solution/." "$1/"
}

# After a solution's make run: its answers.md numbers that differ from run to
# run written from that run's outputs by solution/answers-from-run, when the
# step has one (as a learner reads them from their own out/).
solution_answers_from_run() {
  [ ! -x "$1/solution/answers-from-run" ] || (cd "$1" && solution/answers-from-run)
}

# Prints one line per disagreement between the registry and the steps: a step
# directory not registered, a Makefile's STEP or a check.bats's step_setup that
# names another number, a registered learner file that does not exist (and is
# not one the task makes, listed in the step's .gitignore), a
# Makefile with its own LEARNER_FILES. Prints nothing when they agree.
registry_problems() {
  local d n dir got f
  for d in "$ROOT"/steps/[0-9][0-9]-*/; do
    [ -d "$d" ] || continue
    d=$(basename "$d")
    registry_rows | cut -f2 | grep -qxF "$d" || echo "steps/$d is not in steps/steps.tsv"
  done
  for n in $(written_steps); do
    dir=$(step_name "$n")
    got=$(sed -n 's/^STEP := //p' "$ROOT/steps/$dir/Makefile")
    [ "$got" = "$n" ] || echo "steps/$dir/Makefile: STEP := '$got', the registry says $n"
    ! grep -q '^LEARNER_FILES' "$ROOT/steps/$dir/Makefile" || echo "steps/$dir/Makefile: sets LEARNER_FILES; the registry is their one home"
    got=$(sed -n 's/.*step_setup \([0-9]*\).*/\1/p' "$ROOT/steps/$dir/check.bats" 2>/dev/null | sort -u | tr '\n' ' ')
    [ "$got" = "$n " ] || echo "steps/$dir/check.bats: step_setup '${got% }', the registry says $n"
    for f in $(step_learner_files "$n"); do
      [ -f "$ROOT/steps/$dir/$f" ] || grep -qxF "$f" "$ROOT/steps/$dir/.gitignore" 2>/dev/null ||
        echo "steps/$dir/$f is a learner file in the registry but neither a file of the step nor one its task makes (.gitignore)"
    done
  done
  return 0
}
