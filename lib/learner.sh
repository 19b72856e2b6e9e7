# learner.sh — who the learner is, and so which variant of each step they get.
# The id lives in .learner/id (made once, on the first make step-N); a student
# kit carries its class's salt in class.salt (made by make student-kit); a
# step's variant is derived from salt, id and step, so two classes differ and
# nobody picks a variant: the grader takes the id from the submission's name.
# Source it after lib/workbook.sh.

LEARNER_ID_FILE="$STATE/id"
CLASS_SALT_FILE="$ROOT/class.salt"
# The variant the book and the authors' tree are built with: the steps' own defaults.
REFERENCE_ID=reference

# Succeeds if ID can name a learner: 1 to 64 letters, digits, dots, dashes,
# underscores, @ or +, starting with a letter or digit (it goes into file names;
# the grader names submissions the same way, an e-mail address among them).
learner_id_valid() {
  [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$ ]]
}

# Prints the stored id, or nothing when there is none yet. The grader names the
# learner with WORKBOOK_LEARNER_ID (from the submission's name, never from its
# files); it stands before .learner/id.
learner_id_stored() {
  if [ -n "${WORKBOOK_LEARNER_ID:-}" ]; then printf '%s\n' "$WORKBOOK_LEARNER_ID"; return; fi
  [ -s "$LEARNER_ID_FILE" ] || return 0
  head -n 1 "$LEARNER_ID_FILE"
}

# Writes ID into .learner/id; a different id there before is kept beside it
# (.learner/id.before-STAMP), so changing it loses nothing.
learner_id_write() {
  local id="$1" old
  learner_id_valid "$id" || die_usage "'$id' cannot be a learner id: use 1 to 64 letters, digits, '.', '-', '_', '@' or '+'"
  old=$(learner_id_stored)
  [ "$old" != "$id" ] || return 0
  mkdir -p "$STATE" || die_usage "cannot write $STATE"
  [ -z "$old" ] || cp "$LEARNER_ID_FILE" "$LEARNER_ID_FILE.before-$(date +%Y%m%d-%H%M%S)"
  printf '%s\n' "$id" >"$LEARNER_ID_FILE.tmp" && mv "$LEARNER_ID_FILE.tmp" "$LEARNER_ID_FILE"
}

# A new random id: "learner-" and 8 hex digits.
learner_id_random() {
  printf 'learner-%s\n' "$(od -An -N4 -tx4 /dev/urandom | tr -d ' \n')"
}

# Makes sure there is an id (WANTED when given, else a random one) and prints it;
# says on stderr when it made one. A WANTED other than the stored id is refused:
# `make id LEARNER=...` changes it on purpose.
learner_id_ensure() {
  local wanted="${1:-}" id
  id=$(learner_id_stored)
  if [ -z "$id" ]; then
    id=${wanted:-$(learner_id_random)}
    learner_id_write "$id"
    echo "learner id: $id (new, in .learner/id; make id LEARNER=NAME changes it)" >&2
  elif [ -n "$wanted" ] && [ "$wanted" != "$id" ]; then
    die_usage "this copy belongs to learner '$id', not '$wanted': to change it, run make id LEARNER=$wanted"
  fi
  printf '%s\n' "$id"
}

# Prints the class's salt: class.salt of a student kit, or "reference" in the
# authors' tree (which has none).
class_salt() {
  if [ -s "$CLASS_SALT_FILE" ]; then head -n 1 "$CLASS_SALT_FILE"; else echo "$REFERENCE_ID"; fi
}

# Prints a new class salt (32 hex digits).
class_salt_new() {
  od -An -N16 -tx1 /dev/urandom | tr -d ' \n'
  echo
}

# Prints the variant of step N for learner ID (default: the stored id): 16 hex
# digits of SHA-256 over salt, id and step, or "reference" for the reference id.
variant_of() {
  local n="$((10#$1))" id="${2:-$(learner_id_stored)}"
  if [ -z "$id" ] || [ "$id" = "$REFERENCE_ID" ]; then echo "$REFERENCE_ID"; return; fi
  printf '%s:%s:%s' "$(class_salt)" "$id" "$n" | sha256sum | cut -c1-16
}

# Prints a whole number for the parameter NAME of step N's workload: REF in the
# reference variant (the chapter's number), else one from MIN to MAX picked by
# the learner's variant (ID as for variant_of). Workloads take every number
# that differs between learners from here, so one variant is one set of numbers.
variant_number() {
  local n="$1" name="$2" ref="$3" min="$4" max="$5" v
  [ "$min" -le "$max" ] 2>/dev/null || die_usage "variant_number: $name needs MIN <= MAX, got '$min' and '$max'"
  v=$(variant_of "$n" "${6:-}")
  if [ "$v" = "$REFERENCE_ID" ]; then echo "$ref"; return; fi
  echo $((min + $(variant_hash "$v" "$name") % (max - min + 1)))
}

# Prints one of CHOICES for the parameter NAME of step N: the first in the
# reference variant, else the one the learner's variant picks (the stored id).
variant_choice() {
  local n="$1" name="$2" v; shift 2
  [ $# -ge 1 ] || die_usage "variant_choice: $name needs at least one choice"
  v=$(variant_of "$n")
  if [ "$v" = "$REFERENCE_ID" ]; then echo "$1"; return; fi
  shift $(($(variant_hash "$v" "$name") % $#))
  echo "$1"
}

# A whole number from 0 to 2^48 - 1 for VARIANT and NAME: each parameter of a
# variant is drawn apart, so changing one range never moves another's value.
variant_hash() {
  echo $((16#$(printf '%s:%s' "$1" "$2" | sha256sum | cut -c1-12)))
}
