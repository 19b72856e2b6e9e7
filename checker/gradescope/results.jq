# Gradescope's results.json from the grader's results/ID.json (report json):
# one test per check with the points it earned and is worth, its message and
# the step's first hint when it failed; the feedback Markdown as the output.
# Arguments: $seconds (how long grading took), $feedback (feedback/ID.md).

# The words a check's test shows: why the step has no points, the check's message, the first hint.
def check_output($s):
  [ (if .gate then "This check must pass for the step's points to count (it is worth no points of its own)." else empty end),
    (if $s.state == "fault" then "No points for this step: the run was stopped because of the submission: \($s.why)"
     elif $s.state == "gated" then "No points for this step: a check that must pass fails."
     else empty end),
    (if .status == "fail" and .message != "" then .message else empty end),
    (if .status == "fail" and $s.hint != "" then "A first hint (make hint STEP=\($s.step) gives the next ones):\n\($s.hint)" else empty end),
    (if .status == "fail" and $s.notes != "" then "Notes on this step:\n\($s.notes)" else empty end)
  ] | join("\n\n");

{ score: .score,
  execution_time: $seconds,
  output: $feedback,
  output_format: "md",
  visibility: "visible",
  stdout_visibility: "hidden",
  tests: [ .steps[] as $s | $s.checks[]
    | { name: "step \($s.step) (\($s.name)): \(.name)",
        score: .score,
        max_score: .max_score,
        status: (if .status == "fail" then "failed" else "passed" end),
        output: check_output($s),
        visibility: "visible" } ] }
