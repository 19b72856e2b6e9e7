# checker/grade/lib.sh — shared by the grader's scripts (grade, report, classroom):
# the rubric: the points of each check of a step.
# Source it after lib/workbook.sh and lib/tap.sh.

GRADE_DIR="$ROOT/checker/grade"
RUBRIC="${RUBRIC:-$GRADE_DIR/rubric.tsv}"

# Prints the numbers of the steps that can be graded: written, with a check.bats.
gradable_steps() {
  local n
  for n in $(written_steps); do [ -f "$ROOT/steps/$(step_name "$n")/check.bats" ] && echo "$n"; done
  return 0
}

# Prints the rubric's rows ("LINE<TAB>STEP<TAB>POINTS<TAB>CHECK") without comments
# and blank lines, or exits 1 with a one-line error naming the first bad line.
rubric_rows() {
  awk -F '\t' -v file="$RUBRIC" -v steps="$(step_numbers | tr '\n' ' ')" -v range="$(step_range)" '
    BEGIN { n = split(steps, s, " "); for (i = 1; i <= n; i++) step[s[i]] = 1 }
    /^#/ || /^[[:space:]]*$/ { next }
    NF != 3 { printf "rubric %s line %d: expected step<TAB>points<TAB>check, found %d fields\n", file, NR, NF > "/dev/stderr"; bad = 1; exit }
    !($1 in step) && $1 != "*" { printf "rubric %s line %d: the step must be one of %s or *, found \"%s\"\n", file, NR, range, $1 > "/dev/stderr"; bad = 1; exit }
    $2 !~ /^([0-9]+(\.[0-9]+)?|gate)$/ { printf "rubric %s line %d: points must be a number or gate, found \"%s\"\n", file, NR, $2 > "/dev/stderr"; bad = 1; exit }
    $3 == "[total]" && $2 == "gate" { printf "rubric %s line %d: a [total] is a number of points\n", file, NR > "/dev/stderr"; bad = 1; exit }
    { print NR "\t" $0 }
    END { exit bad }' "$RUBRIC"
}

# Prints step N's total from the rubric's [total] rows (the step's own, else *'s), or nothing.
step_total() {
  rubric_rows | awk -F '\t' -v step="$1" '$4 == "[total]" && $2 == step { own = $3 } $4 == "[total]" && $2 == "*" { any = $3 }
    END { if (own != "") print own; else if (any != "") print any }'
}

# Prints step N's rubric as "POINTS<TAB>SOURCE<TAB>TAG<TAB>NAME" lines, one per
# check in check.bats order. POINTS is a number (the check's weight) or "gate"
# (the check must pass for the step's points to count). SOURCE says where POINTS
# came from: "rubric" (a row naming the check) or "default" (the
# [starter-fails]/[other] rows).
step_rubric() {
  local n="$1" rows
  rows=$(rubric_rows) || return 2
  check_list "$ROOT/steps/$(step_name "$n")/check.bats" |
    awk -F '\t' -v step="$n" -v rows="$rows" '
      BEGIN { k = split(rows, r, "\n")
              for (i = 1; i <= k; i++) { split(r[i], f, "\t")
                if (f[2] == step && f[4] !~ /^\[/) named[f[4]] = f[3]
                else if (f[2] == step) mine[f[4]] = f[3]
                else if (f[2] == "*") any[f[4]] = f[3] } }
      { tag = "[" $1 "]"
        if ($2 in named) print named[$2] "\trubric\t" $1 "\t" $2
        else if (tag in mine) print mine[tag] "\tdefault\t" $1 "\t" $2
        else if (tag in any) print any[tag] "\tdefault\t" $1 "\t" $2
        else print ($1 == "starter-fails" ? 1 : "gate") "\tdefault\t" $1 "\t" $2 }'
}

# Prints the rubric rows of step N that name no check of the step (typos, renamed checks).
rubric_strays() {
  local n="$1"
  rubric_rows | awk -F '\t' -v step="$n" -v checks="$(check_list "$ROOT/steps/$(step_name "$n")/check.bats" | cut -f2)" '
    BEGIN { k = split(checks, c, "\n"); for (i = 1; i <= k; i++) have[c[i]] = 1 }
    $2 == step && $4 !~ /^\[/ && !($4 in have) { print "rubric line " $1 ": step " step " has no check named \"" $4 "\"" }'
}

# The points step N is worth: its [total], or else the sum of its checks' points.
step_max() {
  local total
  total=$(step_total "$1")
  if [ -n "$total" ]; then fmt_points "$total"; return; fi
  fmt_points "$(step_rubric "$1" | awk -F '\t' '$1 != "gate" { s += $1 } END { print s + 0 }')"
}

# Formats points: at most two decimals, no trailing zeros.
fmt_points() {
  awk -v x="$1" 'BEGIN { x = sprintf("%.2f", x); sub(/\.?0+$/, "", x); if (x == "" || x == "-") x = 0; print x }'
}
