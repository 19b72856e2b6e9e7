# lib/i18n.sh — the learner's loop in the learner's language, one mechanism for
# every script. The language is WORKBOOK_LANG (ja or en), else ja when the first
# of LC_ALL, LC_MESSAGES and LANG that is set starts with "ja", else English.
# English is the source text: the catalogue lib/messages/LANG.tsv maps an English
# line (its msgid, %s where a value goes) to the translation (%s in the same
# order, or %1$s, %2$s... to reorder), and a line with no entry prints as it is.
# The values a msgid's %s stand for are translated too (a label's text, a form's
# phrase), so "expected: %s" and "%s (read from %s)" compose.
# Source it after lib/workbook.sh: . "$ROOT/lib/i18n.sh" (an unknown
# WORKBOOK_LANG ends the script there, with one line).

# Sets I18N_LANG to the learner's language, en or ja (no subshell: every script
# asks); fails with one line for an unknown WORKBOOK_LANG.
i18n_pick_lang() {
  local v
  case "${WORKBOOK_LANG:-}" in
    en|ja) I18N_LANG=$WORKBOOK_LANG; return 0 ;;
    "") ;;
    *) echo "error: WORKBOOK_LANG must be ja or en, got '$WORKBOOK_LANG'" >&2; return 2 ;;
  esac
  I18N_LANG=en
  for v in "${LC_ALL:-}" "${LC_MESSAGES:-}" "${LANG:-}"; do
    [ -n "$v" ] || continue
    case "$v" in ja*) I18N_LANG=ja ;; esac
    return 0
  done
}

i18n_pick_lang || exit 2
I18N_CATALOGUE="$ROOT/lib/messages/$I18N_LANG.tsv"

# True when the learner reads another language than English.
i18n_on() {
  [ "$I18N_LANG" != en ]
}

# mawk reads a pipe in blocks unless told to read it line by line (asked once, when translating).
I18N_AWK_OPTS=()
! i18n_on || ! awk -W version 2>/dev/null | grep -q mawk || I18N_AWK_OPTS=(-W interactive)

# The catalogue's matcher. For each line it takes the entry whose literal
# prefix is longest (then whose literal text is longest): a line's label comes
# before the phrases inside it. Each %s takes the shortest text that lets the
# rest match, and is itself translated (at most 4 levels deep).
I18N_AWK='
function tr(s, depth,   i, best, bp, bl, caps, c, n, out, str, k, j, d, cap) {
  if (s in exact) return exact[s]
  if (depth > 4 || s == "") return s
  best = 0; bp = -1; bl = -1
  for (i = 1; i <= N; i++) {
    if (PLEN[i] < bp || (PLEN[i] == bp && LIT[i] <= bl)) continue
    c = grab(i, s)
    if (c == "\001") continue
    best = i; bp = PLEN[i]; bl = LIT[i]; caps = c
  }
  if (!best) return s
  n = split(caps, cap, "\002")
  for (k = 1; k <= n; k++) tcap[depth, k] = tr(cap[k], depth + 1)
  str = STR[best]; out = ""; j = 0
  while ((k = index(str, "%")) > 0) {
    out = out substr(str, 1, k - 1); str = substr(str, k + 1)
    if (substr(str, 1, 1) == "s") { out = out tcap[depth, ++j]; str = substr(str, 2) }
    else if (match(str, /^[1-9]\$s/)) { d = substr(str, 1, 1) + 0; out = out tcap[depth, d]; str = substr(str, 4) }
    else out = out "%"
  }
  return out str
}
# The texts that entry I%s take in S, joined by \002, or \001 when S does not match.
function grab(i, s,   k, p, rest, caps, last) {
  k = NP[i]
  if (index(s, P[i, 1]) != 1) return "\001"
  rest = substr(s, length(P[i, 1]) + 1)
  last = P[i, k]
  if (length(rest) < length(last) + 1 || substr(rest, length(rest) - length(last) + 1) != last) return "\001"
  rest = substr(rest, 1, length(rest) - length(last))
  caps = ""
  for (p = 2; p < k; p++) {
    j = index(substr(rest, 2), P[i, p])
    if (!j) return "\001"
    caps = caps substr(rest, 1, j) "\002"; rest = substr(rest, j + 1 + length(P[i, p]))
  }
  if (rest == "") return "\001"
  return caps rest
}
BEGIN {
  while ((getline line < cat) > 0) {
    if (line ~ /^#/ || !(t = index(line, "\t"))) continue
    id = substr(line, 1, t - 1); str = substr(line, t + 1)
    if (index(id, "%s") == 0) { exact[id] = str; continue }
    N++; STR[N] = str; NP[N] = split(id, parts, /%s/)
    for (k = 1; k <= NP[N]; k++) P[N, k] = parts[k]
    PLEN[N] = length(parts[1]); LIT[N] = length(id) - 2 * (NP[N] - 1)
  }
  close(cat)
}
# The indent of a line stays as it is, before its translated text.
{ match($0, /^[ \t]*/); print substr($0, 1, RLENGTH) tr(substr($0, RLENGTH + 1), 1); fflush() }'

# Copies stdin to stdout, each line translated (as it comes: a pipe from a slow
# task shows each line when it is written). Plain cat in English.
i18n_stream() {
  if ! i18n_on || [ ! -f "$I18N_CATALOGUE" ]; then cat; return; fi
  awk ${I18N_AWK_OPTS[@]+"${I18N_AWK_OPTS[@]}"} -v cat="$I18N_CATALOGUE" "$I18N_AWK"
}

# Prints TEXT in the learner's language (printf's FORMAT and ARGS, then translated):
#   msg FORMAT [ARGS...]
msg() {
  # shellcheck disable=SC2059
  if i18n_on; then printf "$@" | i18n_stream; else printf "$@"; fi
}

# Runs the calling script again with its stdout and stderr translated, line by
# line, and exits with its status (nothing to do in English, or when a script
# that called it is already translated). Ctrl-C still reaches the script: the
# filters ignore it, so they print what its INT trap says.
#   i18n_translate_output "$0" "$@"
i18n_translate_output() {
  i18n_on && [ -z "${I18N_TRANSLATED:-}" ] || return 0
  local script="$1" status
  shift
  trap ':' INT
  I18N_TRANSLATED=1 "$script" "$@" 2> >(trap '' INT; i18n_stream >&2) | (trap '' INT; i18n_stream)
  status=${PIPESTATUS[0]}
  wait
  exit "$status"
}

# Prints the learner's language's version of a step file (hints.md ->
# hints.ja.md) when it exists, else the file itself.
i18n_file() {
  local path="$1" ours
  ours="${path%.md}.$I18N_LANG.md"
  if i18n_on && [ -s "$ours" ]; then printf '%s\n' "$ours"; else printf '%s\n' "$path"; fi
}

# Writes the starter of a learner's file (a path from the top) in the learner's
# language: answers.md's questions from answers.ja.md beside it (same keys).
starter_content_in_lang() {
  local p="$1" ours
  ours=$(i18n_file "$ROOT/$p")
  if [[ "$p" == */answers.md ]] && [ "$ours" != "$ROOT/$p" ]; then cat "$ours"; else starter_content "$p"; fi
}

# When step N's answers.md is a starter still untouched in another language than
# the learner's, writes it in the learner's language and says so (the keys are
# the same: the checks and the grader read only them).
answers_in_lang() {
  local n="$1" p
  p="steps/$(step_name "$n")/answers.md"
  [ -f "$ROOT/$p" ] && is_starter_text "$p" || return 0
  starter_content_in_lang "$p" 2>/dev/null | cmp -s - "$ROOT/$p" && return 0
  starter_content_in_lang "$p" >"$ROOT/$p.lang-tmp" 2>/dev/null && [ -s "$ROOT/$p.lang-tmp" ] &&
    mv "$ROOT/$p.lang-tmp" "$ROOT/$p" || { rm -f "$ROOT/$p.lang-tmp"; return 0; }
  msg '%s now holds the questions in your language (the same keys: write each answer after its colon)\n' "$p"
}
