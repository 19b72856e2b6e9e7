#!/usr/bin/env bats
# The Japanese edition's parity (book/filters/parity.lua, book/build's check
# pass): a translated chapter has its English chapter's listings, run blocks,
# figures and sections, in order, and a step's answers.ja.md and hints.ja.md keep
# the answer keys and the hints of the English. Each way a translation can drift
# is seen failing on a copy of the real step 01 chapter with one item taken out
# (pandoc on two files: well under a second), the learner files' checks on a copy
# of the tree. The rendered edition is tested in book-render.bats.

setup() {
  load ../checker
  . "$ROOT/lib/workbook.sh"
  cd "$ROOT" || return 1
  MINI="$BATS_TEST_TMPDIR/mini"
  mkdir -p "$MINI/steps/01-cpu"
  cp steps/01-cpu/README.md steps/01-cpu/README.ja.md "$MINI/steps/01-cpu/"
}

# Assembles the mini tree's Japanese step 01 as book/build does (chapters.lua checks parity).
assemble_ja() {
  (cd "$MINI" && pandoc -f markdown+gfm_auto_identifiers-smart -M chapters=steps/01-cpu/README.ja.md \
    --lua-filter "$ROOT/book/filters/chapters.lua" -t native /dev/null)
}

# Removes from the mini tree's file $1 the fenced block that opens with the first line matching $2.
drop_block() {
  awk -v re="$2" '!done && $0 ~ re { skip = 1; done = 1; next } skip && /^```$/ { skip = 0; next } !skip' \
    "$MINI/$1" >"$MINI/$1.new" && mv "$MINI/$1.new" "$MINI/$1"
}

@test "every Japanese chapter in the tree has its English chapter's listings, run blocks, figures and sections, and the same answer keys and hints" {
  BOOK_OUT="$BATS_TEST_TMPDIR/book" run -0 book/build --check
  assert_line --regexp "^  CHECK   'ja' edition: [0-9]+ chapters with the same listings, run blocks, figures and sections$"
}

@test "the real Japanese step 01 passes the parity check on its own" {
  run -0 assemble_ja
}

@test "a Japanese chapter with a listing removed fails, naming the chapter and the listing" {
  drop_block steps/01-cpu/README.ja.md '^```\{\.c include="steps/01-cpu/src/fib.c" snippet="fib-naive"\}'
  run -1 assemble_ja
  assert_line "book: steps/01-cpu/README.ja.md: lacks the listing steps/01-cpu/src/fib.c#fib-naive that steps/01-cpu/README.md has (a translation keeps every listing, in the same order)"
}

@test "a Japanese chapter with a run block removed fails, naming the chapter and the command" {
  drop_block steps/01-cpu/README.ja.md '^```\{\.console run="google-pprof --text out/bench'
  run -1 assemble_ja
  assert_line --partial 'book: steps/01-cpu/README.ja.md: lacks the run block `google-pprof --text out/bench out/cpu.prof (dir=steps/01-cpu)` that steps/01-cpu/README.md has'
}

@test "a Japanese chapter without a figure or a section of the English fails, naming each" {
  grep -v '^!\[.*\](out/cpu-graph.svg)$' "$MINI/steps/01-cpu/README.ja.md" | awk '/^## 4\. / && !done { done = 1; next } { print }' \
    >"$MINI/x" && mv "$MINI/x" "$MINI/steps/01-cpu/README.ja.md"
  run -1 assemble_ja
  assert_line --partial "book: steps/01-cpu/README.ja.md: lacks the figure out/cpu-graph.svg that steps/01-cpu/README.md has"
  assert_line --regexp "^book: steps/01-cpu/README.ja.md: lacks the section '## 4\. .*' that steps/01-cpu/README.md has"
}

@test "the other way round: an English chapter that lacks a run block its translation has fails, naming it" {
  drop_block steps/01-cpu/README.md '^```\{\.console run="callgrind_annotate'
  run -1 assemble_ja
  assert_line --partial 'book: steps/01-cpu/README.ja.md: has the run block `callgrind_annotate --auto=no out/callgrind.out (dir=steps/01-cpu)` that steps/01-cpu/README.md lacks'
}

@test "a Japanese heading takes its English heading's id, so links written for either chapter work" {
  run -0 assemble_ja
  assert_output --partial '( "step-01-cpu--1-run-the-task" , [] , [] )'
}

@test "answers.ja.md with other keys, hints.ja.md with another hint count, or a missing translation fail book/build --check" {
  local tree="$BATS_TEST_TMPDIR/tree"
  copy_workbook "$tree"
  sed -i 's/^hottest:/hotspot:/' "$tree/steps/01-cpu/answers.ja.md"
  sed -i '0,/^## 2/s//## 9/' "$tree/steps/01-cpu/hints.ja.md"
  BOOK_OUT="$tree/build/book" run -1 "$tree/book/build" --check --steps 1
  assert_line "book: steps/01-cpu/answers.ja.md lacks 'hottest:' that steps/01-cpu/answers.md has"
  assert_line "book: steps/01-cpu/answers.ja.md has 'hotspot:' that steps/01-cpu/answers.md lacks"
  assert_line "book: steps/01-cpu/hints.ja.md lacks '## 2' that steps/01-cpu/hints.md has"
  cp steps/01-cpu/answers.ja.md steps/01-cpu/hints.ja.md "$tree/steps/01-cpu/"
  rm "$tree/steps/01-cpu/README.ja.md"
  BOOK_OUT="$tree/build/book" run -1 "$tree/book/build" --check --steps 1
  assert_line --regexp "^book: the 'ja' edition lacks the translations( [^ ]+)* steps/01-cpu/README.ja.md( [^ ]+)* \(each translates the file without .ja"
}

@test "a line break between two Japanese characters is no space in the book; between English words it stays one" {
  printf '# 章\n\nプロファイルを\n読みます。top、\nソース\nand\nwords\n' >"$MINI/chapter.md"
  run -0 pandoc -f markdown -M "chapters=$MINI/chapter.md" --lua-filter book/filters/chapters.lua -t html /dev/null
  assert_output --partial "プロファイルを読みます。top、ソース"
  assert_output --regexp "ソース[[:space:]]+and[[:space:]]+words"
}
