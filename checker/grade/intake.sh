# checker/grade/intake.sh — takes a submission's learner files, and nothing else,
# into a step directory built from the instructor's tree. Sourced by grade.
# Nothing in a submission is ever run or followed here: symbolic links, devices,
# hard links, odd names and absurd sizes are refused and named in the notes.

MAX_FILE_KIB=${MAX_FILE_KIB:-1024}     # one learner file
MAX_STEP_KIB=${MAX_STEP_KIB:-8192}     # all learner files of one step
MAX_STEP_FILES=${MAX_STEP_FILES:-500}  # files in one step's learner directories
# The instructor's files a submission may carry, compared only to say they were ignored.
INSTRUCTOR_PATHS=(Makefile mk checker tools labs scripts)

# Prints a name so that any byte in it is visible and harmless in a report.
quote_name() {
  if [[ "$1" =~ ^[A-Za-z0-9_./+@=,:-]*$ ]]; then printf '%s' "$1"; else printf '%q' "$1"; fi
}

# True if a path (relative to a root) has no symbolic link among its components.
no_links_on_path() {
  local root="$1" rel="$2" part path="$1"
  local -a parts
  IFS=/ read -r -a parts <<<"$rel"
  for part in "${parts[@]}"; do
    path="$path/$part"
    [ -L "$path" ] && return 1
  done
  return 0
}

# Prints the directory of a submission that holds steps/: the submission itself or
# its single top-level directory (a tarball of c-prof-labs/). Fails if neither.
submission_root() {
  local dir="$1" kids
  if [ -d "$dir/steps" ] && [ ! -L "$dir/steps" ]; then printf '%s\n' "$dir"; return 0; fi
  kids=$(find -P "$dir" -mindepth 1 -maxdepth 1 -type d -exec test -d '{}/steps' ';' -print 2>/dev/null | head -n 2)
  if [ -n "$kids" ] && [ "$(wc -l <<<"$kids")" = 1 ] && [ ! -L "$kids/steps" ]; then printf '%s\n' "$kids"; return 0; fi
  return 1
}

# Copies one regular file of a submission into the step being prepared, after the
# checks; refusals go to the notes. Uses the globals STEP_KIB and STEP_FILES.
take_file() {
  local src="$1" dest="$2" rel="$3" notes="$4" kib
  if [ -L "$src" ]; then echo "refused: $(quote_name "$rel") is a symbolic link" >>"$notes"; return; fi
  if [ ! -f "$src" ]; then echo "refused: $(quote_name "$rel") is not a regular file" >>"$notes"; return; fi
  local links bytes
  read -r links bytes < <(stat -c '%h %s' "$src")
  if [ "$links" != 1 ]; then echo "refused: $(quote_name "$rel") is a hard link" >>"$notes"; return; fi
  kib=$(( (bytes + 1023) / 1024 ))
  if [ "$kib" -gt "$MAX_FILE_KIB" ]; then
    echo "refused: $(quote_name "$rel") is ${kib} KiB (a learner file may have ${MAX_FILE_KIB} KiB)" >>"$notes"; return
  fi
  STEP_KIB=$((STEP_KIB + kib)) STEP_FILES=$((STEP_FILES + 1))
  if [ "$STEP_KIB" -gt "$MAX_STEP_KIB" ] || [ "$STEP_FILES" -gt "$MAX_STEP_FILES" ]; then
    echo "refused: $(quote_name "$rel"): the step's learner files exceed ${MAX_STEP_KIB} KiB or ${MAX_STEP_FILES} files" >>"$notes"; return
  fi
  mkdir -p "${dest%/*}" && cat "$src" >"$dest"
  if [ -x "$src" ]; then chmod 0755 "$dest"; else chmod 0644 "$dest"; fi
  echo "taken: $rel" >>"$notes"
}

# Builds the step directory STEP N will be graded in: the instructor's files from
# BASE, the learner files from the submission (the starter's where the submission
# has none). Writes notes about what was taken, refused or left out.
prepare_step() {
  local sub="$1" n="$2" prep="$3" notes="$4" name f
  name=$(step_name "$n")
  STEP_KIB=0 STEP_FILES=0
  mkdir -p "$prep"
  tar -C "$BASE/steps/$name" --exclude=./out --exclude=./solution --exclude=./corpus -cf - . | tar -C "$prep" -xf -
  mkdir -p "$prep/out"
  for f in $(step_learner_files "$n"); do
    if [ -z "$sub" ] || { [ ! -e "$sub/steps/$name/$f" ] && [ ! -L "$sub/steps/$name/$f" ]; }; then
      echo "starter: steps/$name/$f is not in your submission: the starter's version of it (the workbook's at commit ${HEAD_COMMIT:-HEAD}) was graded" >>"$notes"
    elif ! no_links_on_path "$sub" "steps/$name/$( [[ "$f" == */* ]] && printf '%s' "${f%/*}" || printf . )"; then
      echo "refused: steps/$name/$f goes through a symbolic link; the starter's version was graded" >>"$notes"
    else
      take_file "$sub/steps/$name/$f" "$prep/$f" "steps/$name/$f" "$notes"
    fi
  done
  ignored_in_step "$sub" "$name" "$notes"
}

# Notes the files of a step that the submission has but the grader never takes:
# its out/ artifacts (the grader makes its own) and changed instructor files.
ignored_in_step() {
  local sub="$1" name="$2" notes="$3" count learner
  [ -n "$sub" ] && [ -d "$sub/steps/$name" ] && no_links_on_path "$sub" "steps/$name" || return 0
  if [ -d "$sub/steps/$name/out" ]; then
    count=$(find -P "$sub/steps/$name/out" -type f 2>/dev/null | head -n 10000 | wc -l)
    echo "ignored: steps/$name/out/ ($count files): the grader never uses submitted artifacts, it makes its own" >>"$notes"
  fi
  learner=$(step_learner_files "$(step_number "$name")")
  changed_files "$sub" "steps/$name" "solution/* corpus/* $learner" | while read -r how rel; do
    ignored_note "$how" "$rel" >>"$notes"
  done
}

# The note for an instructor file a submission changed (or added).
ignored_note() {
  if [ "$1" = changed ]; then
    echo "ignored: $2 differs from the instructor's copy; the grader used its own"
  else
    echo "ignored: $2 is not in the instructor's tree; the grader did not use it"
  fi
}

# Prints, sorted, "changed PATH" or "added PATH" for each regular file under a
# path of the submission that is not byte-identical to BASE's (at most 200;
# build outputs, out/ and .git are left out, and the files under it that match
# one of the patterns SKIP, a space-separated list, are not compared at all).
changed_files() {
  local sub="$1" rel="$2" entry pattern
  local -a skip=()
  read -r -a skip <<<"${3:-}"
  [ -e "$sub/$rel" ] || return 0
  no_links_on_path "$sub" "$rel" || return 0
  find -P "$sub/$rel" \( -name .git -o -name bin -o -name out -o -name .learner \) -prune -o -type f -print 2>/dev/null |
    head -n 5000 | LC_ALL=C sort | while IFS= read -r entry; do
      entry="${entry#"$sub"/}"
      for pattern in ${skip[@]+"${skip[@]}"}; do
        # shellcheck disable=SC2053  # (a pattern, on purpose)
        [[ "${entry#"$rel"/}" != $pattern ]] || continue 2
      done
      if [ ! -f "$BASE/$entry" ]; then echo "added $(quote_name "$entry")"
      elif ! cmp -s "$sub/$entry" "$BASE/$entry"; then echo "changed $(quote_name "$entry")"; fi
    done | head -n 200
}

# Notes the instructor files outside the steps (checker, tools, Makefiles ...) that
# the submission changed: ignored, since the grader only ever uses its own.
ignored_outside_steps() {
  local sub="$1" notes="$2" p rel
  [ -n "$sub" ] || return 0
  for p in "${INSTRUCTOR_PATHS[@]}"; do
    changed_files "$sub" "$p" | while read -r how rel; do ignored_note "$how" "$rel"; done >>"$notes"
  done
}

# The step number of a step directory name (01-cpu -> 1).
step_number() {
  echo $((10#${1%%-*}))
}

# A digest of a prepared step's learner files (names, executable bits, contents):
# submissions with the same digest are graded by one run.
learner_digest() {
  local n="$1" prep="$2" f files hash path mode
  local -a present=()
  local -A sum=()
  files=$(step_learner_files "$n")
  for f in $files; do [ ! -f "$prep/$f" ] || present+=("$f"); done
  # (one sha256sum for all the files: a process costs more than the hashing)
  if [ ${#present[@]} -gt 0 ]; then
    while read -r hash path; do sum[$path]=$hash; done < <(cd "$prep" && sha256sum -- "${present[@]}")
  fi
  for f in $files; do
    if [ -f "$prep/$f" ]; then
      mode=-; [ ! -x "$prep/$f" ] || mode=x
      printf '%s %s %s  -\n' "$f" "$mode" "${sum[$f]}"
    else
      echo "absent $f"
    fi
  done | sha256sum | cut -c1-16
}
