#!/usr/bin/env bats
# Every number a reader of the book sees comes from a run (book/filters/runs.lua):
# a console block that shows output must be a run block, prose cites a run's
# numbers as named values the run recorded, and the chapters' copies of the run
# blocks are examples for GitHub readers, marked as such. Each test runs pandoc
# on a small chapter (well under a second), but the last, which checks the tree.

setup() {
  load ../checker
  cd "$ROOT" || return 1
  MARK='[example output: the book shows what its own build printed]'
}

# Runs the output filter the way book/build does, on one chapter file, to native.
runs_filter() {
  pandoc -f markdown+gfm_auto_identifiers-smart --lua-filter book/filters/runs.lua -t native "$1"
}

# Writes a step chapter (steps/07-demo/README.md under the test's directory) and prints its path.
chapter() {
  mkdir -p "$BATS_TEST_TMPDIR/steps/07-demo"
  printf '%s\n' "$1" >"$BATS_TEST_TMPDIR/steps/07-demo/README.md"
  echo "$BATS_TEST_TMPDIR/steps/07-demo/README.md"
}

# Records OUTPUT as what COMMAND printed for the demo chapter, in the runs directory $RUNS.
recorded() {
  mkdir -p "$RUNS/07-demo"
  printf '%s\n' "$2" >"$RUNS/07-demo/cmd-$(printf '%s' "$1" | sha1sum | cut -c1-40).out"
}

@test "a real chapter with a pasted output block fails the check, naming the chapter and the block's line" {
  local md="$BATS_TEST_TMPDIR/steps/01-cpu/README.md" line
  mkdir -p "$(dirname "$md")"
  cp steps/01-cpu/README.md "$md"
  printf '\n```console\n$ out/bench -bench Fib\nBenchmarkFib-2  200  6454122 ns/op\n```\n' >>"$md"
  line=$(($(wc -l <steps/01-cpu/README.md) + 2))
  run -1 runs_filter "$md"
  assert_output --partial "$md:$line: a console block shows output that no run made ('BenchmarkFib-2  200  6454122 ns/op')"
  assert_output --partial 'give it run="COMMAND"'
}

@test "the real chapter without the pasted block passes the same check" {
  run -0 runs_filter steps/01-cpu/README.md
}

@test "a fenced block without a class that shows output fails too; commands alone, with continuations, pass" {
  run -1 runs_filter "$(chapter '# T

```console
$ make a \
    b
$ make c
```

text

```
Total: 446 samples
```')"
  assert_output --partial "README.md:11: a console block shows output that no run made ('Total: 446 samples')"
  run -0 grep -c "no run made" <<<"$output"
  assert_output 1
}

@test "a value a run block records replaces the example in the prose when the book is rendered" {
  RUNS="$BATS_TEST_TMPDIR/runs"
  recorded 'seq 240 242' $'240\n241\nTotal: 242 samples'
  BOOK_MODE=render BOOK_RUNS="$RUNS" run -0 runs_filter "$(chapter '# T

```{.console run="seq 240 242" value-samples="^Total: (%d+) samples"}
$ seq 240 242
Total: 446 samples
'"$MARK"'
```

The profile has <!--value samples-->446<!--/value--> samples.')"
  assert_output --partial 'Span ( "" , [ "run-value" ] , [] ) [ Str "242" ]'
  refute_output --partial '"446"'
}

@test "the check pass keeps the example and accepts a value recorded further down the chapter" {
  run -0 runs_filter "$(chapter '# T

About <!--value n-->3<!--/value--> lines.

```{.console run="seq 3" value-n="^(%d+)$"}
$ seq 3
1
'"$MARK"'
```')"
  assert_output --partial 'Str "3"'
}

@test "a reference to a value nobody records, one left open or at the start of a line, a pattern without a capture and a value recorded twice fail" {
  run -1 runs_filter "$(chapter '# T

```{.console run="seq 3" value-n="^%d+$"}
$ seq 3
1
```

```{.console run="seq 4" value-n="^(%d+)$"}
$ seq 4
1
```

We saw <!--value m-->3<!--/value--> and <!--value n-->3 without an end.

<!--value n-->3<!--/value--> lines.')"
  assert_output --partial "<!--value m--> names no value of this chapter (add value-m=\"PATTERN\" to the run block that prints it)"
  assert_output --partial "<!--value n--> is not closed by <!--/value--> in the same paragraph"
  assert_output --partial "<!--value n--> starts a line, where it is read as a block"
  assert_output --partial 'value-n="^%d+$" has no capture'
  assert_output --partial "value 'n' is recorded by two run blocks"
}

@test "a value whose pattern matches no line of the run's output fails the render pass" {
  RUNS="$BATS_TEST_TMPDIR/runs"
  recorded 'seq 3' $'1\n2\n3'
  BOOK_MODE=render BOOK_RUNS="$RUNS" run -1 runs_filter "$(chapter '# T

```{.console run="seq 3" value-total="^Total: (%d+)"}
$ seq 3
1
```

<!--value total-->3<!--/value-->.')"
  assert_output --partial 'run block `seq 3`: no line of its output matches value-total="^Total: (%d+)"'
}

@test "a run block whose copy shows no output fails; --sync-listings copies the last output and values in, marked, and then it passes" {
  local md
  RUNS="$BATS_TEST_TMPDIR/runs"
  md=$(chapter '# T

- in a list:

  ```{.console run="seq 5" head="2" tail="1" value-first="^(%d+)$"}
  $ seq 5
  ```

after <!--value first-->9<!--/value--> came more')
  run -1 runs_filter "$md"
  assert_output --partial 'run block `seq 5` shows no example output for readers on GitHub'
  recorded 'seq 5' $'1\n2\n3\n4\n5'
  BOOK_SYNC=1 BOOK_RUNS="$RUNS" run -0 runs_filter "$md"
  assert_output --partial "updated the example outputs of $md"
  run -0 cat "$md"
  assert_output "# T

- in a list:

  \`\`\`{.console run=\"seq 5\" head=\"2\" tail=\"1\" value-first=\"^(%d+)$\"}
  \$ seq 5
  1
  2
  ...
  5
  $MARK
  \`\`\`

after <!--value first-->1<!--/value--> came more"
  run -0 runs_filter "$md"
}

@test "every run block of the chapters ends its example output with the mark, and the tree passes the book's check" {
  run -0 awk -v mark="$MARK" '
    /^[ \t]*```+[ \t]*\{.*run=/ { open = 1; where = FILENAME ":" FNR; last = ""; next }
    open && /^[ \t]*```+[ \t]*$/ { open = 0; sub(/^[ \t]+/, "", last); if (last != mark) print where ": the copy does not end with the mark"; next }
    open { last = $0 }' book/introduction.md book/go-guide-to-c.md book/glossary.md steps/*/README.md
  assert_output ""
  BOOK_OUT="$BATS_TEST_TMPDIR/book" run book/build --check
  [ "$status" -eq 0 ] || { echo "$output"; false; }
}
