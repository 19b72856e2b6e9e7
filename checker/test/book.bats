#!/usr/bin/env bats
# The book's filters (book/filters/*.lua): golden tests of their pandoc
# --to=native output on the fixtures in fixtures/book/, and every way a chapter
# can be wrong failing with a message that names the chapter, the file and the
# region or link. Each test takes well under a second but the marker rename,
# which runs `make book` in a copy of the tree.

setup() {
  load ../checker
  . "$ROOT/lib/workbook.sh"
  FIX=checker/test/fixtures/book
  CHAPTER="$FIX/steps/07-demo/README.md"
  cd "$ROOT" || return 1
}

# Runs pandoc the way book/build does, on one standalone file, through the filters named.
filters() {
  local file="$1" args=() f
  shift
  for f in "$@"; do args+=(--lua-filter "book/filters/$f.lua"); done
  pandoc -f markdown+gfm_auto_identifiers-smart "${args[@]}" -t native "$file"
}

# Runs the whole chain on the two fixture chapters, assembled as book/build does.
whole_chain() {
  printf '' | pandoc -f markdown+gfm_auto_identifiers-smart -M "chapters=$CHAPTER" -M "chapters=$FIX/other.md" \
    --lua-filter book/filters/chapters.lua --lua-filter book/filters/literate.lua \
    --lua-filter book/filters/runs.lua --lua-filter book/filters/links.lua -t native
}

# Writes a chapter to the test's temporary directory and prints its path.
chapter() {
  printf '%s\n' "$1" >"$BATS_TEST_TMPDIR/chapter.md"
  echo "$BATS_TEST_TMPDIR/chapter.md"
}

@test "listings are the regions of the real file: nested markers dropped, indentation removed (golden)" {
  run -0 filters "$CHAPTER" literate
  diff -u "$FIX/listings.native" - <<<"$output"
}

@test "the assembled book has prefixed ids, numbered sections, filled run blocks and resolved links (golden)" {
  local runs="$BATS_TEST_TMPDIR/runs"
  mkdir -p "$runs/07-demo"
  seq 1 5 >"$runs/07-demo/cmd-$(printf '%s' 'seq 1 5' | sha1sum | cut -c1-40).out"
  BOOK_MODE=render BOOK_RUNS="$runs" BOOK_ROOT=/repo run -0 whole_chain
  diff -u "$FIX/book.native" - <<<"$output"
}

@test "the check pass lists every listing, run block and figure in the manifest" {
  BOOK_MODE=check BOOK_MANIFEST="$BATS_TEST_TMPDIR/manifest" run -0 whole_chain
  run -0 cut -f1-5 "$BATS_TEST_TMPDIR/manifest"
  assert_line "$(printf '07-demo\t7\tlisting\t0\t%s/regions.c#whole-function' "$FIX")"
  assert_line "$(printf '07-demo\t7\tlisting\t0\t%s/regions.c#body' "$FIX")"
  assert_line "$(printf '07-demo\t7\trun\t0\tseq 1 5')"
}

@test "a listing of a file that does not exist fails, naming the chapter and the file" {
  run -1 filters "$(chapter '```{.c include="labs/no-such.c" snippet="x"}
```')" literate
  assert_output --partial "chapter.md: listing 'x': labs/no-such.c does not exist"
}

@test "a listing of a region that does not exist fails, naming the file, the region and the regions there" {
  run -1 filters "$(chapter '```{.c include="'"$FIX"'/regions.c" snippet="no-such-region"}
```')" literate
  assert_output --partial "no region 'no-such-region' in $FIX/regions.c (regions there: body, whole-function)"
}

@test "broken markers fail: a region opened twice, one never closed, a close without an open" {
  printf '//> a\n//> a\n//< a\n//> b\n//< c\n' >"$BATS_TEST_TMPDIR/broken.c"
  run -1 filters "$(chapter '```{.c include="'"$BATS_TEST_TMPDIR"'/broken.c" snippet="a"}
```')" literate
  assert_output --partial "region 'a' is opened twice (lines 1 and 2)"
  assert_output --partial "region 'b' opened at line 4 is never closed"
  assert_output --partial "'//< c' at line 5 closes region 'c', which is not open"
}

@test "a copy in the chapter that differs from the source fails at the first differing line" {
  run -1 filters "$(chapter '```{.c include="'"$FIX"'/regions.c" snippet="body"}
int sum = a - b;
return sum;
```')" literate
  assert_output --partial "listing 'body' differs from $FIX/regions.c, line 1: the chapter has 'int sum = a - b;', the source has 'int sum = a + b;'"
}

@test "--sync-listings rewrites the chapter's copy from the source, and then it passes" {
  local md
  md=$(chapter '- in a list:

  ```{.c include="'"$FIX"'/regions.c" snippet="body"}
  int sum = a - b;
  ```

after')
  BOOK_SYNC=1 run -0 filters "$md" literate
  assert_output --partial "updated the listings of $md"
  run -0 cat "$md"
  assert_output "- in a list:

  \`\`\`{.c include=\"$FIX/regions.c\" snippet=\"body\"}
  int sum = a + b;
  return sum;
  \`\`\`

after"
  run -0 filters "$md" literate
}

@test "in HTML a console block's command lines, with their continuations, are set apart from the output" {
  run -0 pandoc -f markdown --lua-filter book/filters/console.lua -t html5 <<'EOF'
```{.console .run}
$ make a \
    b
out <1> & more
```
EOF
  assert_output '<pre class="console run"><code><span class="cmd">$ make a \</span>
<span class="cmd">    b</span>
out &lt;1&gt; &amp; more</code></pre>'
}

@test "a run block whose copy shows another command fails" {
  run -1 filters "$(chapter '```{.console run="seq 1 3"}
$ seq 1 4
```')" runs
  assert_output --partial 'run block shows `$ seq 1 4` but runs `seq 1 3`'
}

@test "a run block without recorded output fails in the render pass" {
  BOOK_MODE=render BOOK_RUNS="$BATS_TEST_TMPDIR/none" run -1 filters "$(chapter '```{.console run="seq 1 3" head="x"}
```')" runs
  assert_output --partial 'head="x" is not a number'
  assert_output --partial 'no recorded output for `seq 1 3`'
}

@test "a figure the run did not make, a missing image and a remote image fail" {
  BOOK_MODE=render BOOK_RUNS="$BATS_TEST_TMPDIR/none" run -1 filters "$(chapter '![a](/steps/01-cpu/out/none.svg) ![b](none.png) ![c](https://example.org/c.png)')" runs
  assert_output --partial "figure /steps/01-cpu/out/none.svg (steps/01-cpu/out/none.svg) was not made by the chapter's runs"
  assert_output --partial "image none.png does not exist"
  assert_output --partial "image https://example.org/c.png is not a file of the repository"
}

@test "broken links fail: a missing section, a missing file, a generated file, a chapter not in the book" {
  run -1 filters "$(chapter '# T

[a](#no-such-section) [b](no-such-file.c) [c](/steps/01-cpu/out/top.txt) [d](/steps/05-improve/README.md)')" links
  assert_output --partial "link #no-such-section names no section of this chapter"
  assert_output --partial "link no-such-file.c points to"
  assert_output --partial "link /steps/01-cpu/out/top.txt points to a generated file"
  assert_output --partial "link /steps/05-improve/README.md points to steps/05-improve/README.md, which is not a chapter of the book (yet)"
}

@test "renaming a marker in a C file makes make book fail, naming the file and the region" {
  local tree="$BATS_TEST_TMPDIR/tree"
  copy_workbook "$tree"
  # Only step 01's chapter, so that another chapter being written cannot hide the message.
  find "$tree/steps" -name README.md ! -path '*/01-cpu/*' -delete
  sed -i 's|^//> fib-naive$|//> fib-renamed|' "$tree/steps/01-cpu/src/fib.c"
  grep -q '^//> fib-renamed$' "$tree/steps/01-cpu/src/fib.c"
  run -2 make -s -C "$tree" book
  assert_output --partial "steps/01-cpu/README.md: listing 'fib-naive': steps/01-cpu/src/fib.c has broken region markers"
  assert_output --partial "'//< fib-naive' at line 9 closes region 'fib-naive', which is not open"
  refute_output --partial "RUN "
}

@test "every chapter in the tree passes the book's check: listings equal their sources, links and images resolve" {
  BOOK_OUT="$BATS_TEST_TMPDIR/book" run book/build --check
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  assert_output --partial "CHECK"
}

@test "google-pprof's pan-and-zoom SVG gets its script dropped and graphviz's size, so it fits a page" {
  local t="$BATS_TEST_TMPDIR"
  load fixtures/profiles
  make_fixture_profiles "$t" heap
  google-pprof --svg "$t/profiles" "$t/heap.prof" >"$t/pan.svg" 2>/dev/null
  grep -q SVGPan "$t/pan.svg"
  run -0 book/pprof-svg "$t/pan.svg" "$t/fit.svg"
  run -1 grep -c '<script' "$t/fit.svg"
  run -0 grep -o '<svg width="[0-9.]*pt" height="[0-9.]*pt" viewBox="0 0 [0-9.]* [0-9.]*"' "$t/fit.svg"
  python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$t/fit.svg"
  run -1 book/pprof-svg "$FIX/figure.svg" "$t/other.svg"
  assert_output --partial "figure.svg: no graphviz background polygon, cannot size it"
}
