#!/usr/bin/env bats
# The whole book, built as `make book` builds it and read as a reader would, in
# headless Chromium. To keep `make test` short the build renders the book's own
# chapters and steps 00 and 01 (BOOK_TEST_STEPS=all for all), in a private copy
# of the tree (so edits elsewhere cannot change it while it runs), from nothing:
# its runs are real and not cached, and a ~/.valgrindrc and VALGRIND_OPTS that
# would break valgrind are set around it. Every step chapter is still checked
# (listings, run blocks, links) by book.bats. The reader test's own checks are
# each seen failing on a deliberately bad page (the last tests, all pages in one
# Chromium run), and it takes only the screenshots the test asserts.

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  export TREE="$BATS_FILE_TMPDIR/tree" BOOK_OUT="$BATS_FILE_TMPDIR/tree/build/book"
  (. "$root/lib/workbook.sh" && copy_workbook "$TREE")
  # The user's own tool configuration must not reach the book's runs (step 01 runs callgrind).
  mkdir -p "$BATS_FILE_TMPDIR/home"
  printf -- '--tool=no-such-tool\n' >"$BATS_FILE_TMPDIR/home/.valgrindrc"
  HOME="$BATS_FILE_TMPDIR/home" VALGRIND_OPTS=--no-such-option \
    "$TREE/book/build" --steps "${BOOK_TEST_STEPS:-0,1}" >"$BATS_FILE_TMPDIR/build.log" 2>&1
  echo $? >"$BATS_FILE_TMPDIR/build.status"
}

setup() {
  load ../checker
  cd "$TREE" || return 1
}

@test "the book builds from a clean tree, despite a ~/.valgrindrc and VALGRIND_OPTS, into the site, one page, an EPUB and a PDF, in English and Japanese" {
  run cat "$BATS_FILE_TMPDIR/build.log"
  [ "$(cat "$BATS_FILE_TMPDIR/build.status")" = 0 ] || { echo "$output"; false; }
  # A first build: the estimate and the order come from book/times.tsv.
  assert_line --regexp '^  RUN     3 chapters to run in [0-9]+ lanes: about [0-9]+ (s|min [0-9]+ s) left$'
  assert_line --regexp '^  RUN     01-cpu: running \(1 of 3; [0-9]+ (s|min [0-9]+ s) before; about [0-9]+ (s|min [0-9]+ s) left\)$'
  assert_line --regexp '^  RUN     tree copied, tools/ and labs/ built in [0-9]+ s, [0-9]+ CPU s$'
  assert_line --regexp '^  RUN     01-cpu done in [0-9]+ s, [0-9]+ CPU s$'
  assert_line --regexp '^  RUN     [0-9]+ chapters run in [0-9]+ (s|min [0-9]+ s), [0-9]+ CPU s$'
  assert_file_exists "$BOOK_OUT/en/index.html"
  assert_file_exists "$BOOK_OUT/en/c-prof-labs.html"
  [ "$(head -c 5 "$BOOK_OUT/en/c-prof-labs.pdf")" = "%PDF-" ]
  run -0 python3 -m zipfile -l "$BOOK_OUT/en/c-prof-labs.epub"
  assert_line --regexp '^mimetype '
  assert_output --partial "EPUB/nav.xhtml"
  assert_output --partial "EPUB/fonts/book-cjk.ttf"
  assert_file_exists "$BOOK_OUT/ja/index.html"
  assert_file_exists "$BOOK_OUT/ja/c-prof-labs.html"
  assert_file_exists "$BOOK_OUT/ja/c-prof-labs.epub"
  [ "$(head -c 5 "$BOOK_OUT/ja/c-prof-labs.pdf")" = "%PDF-" ]
}

@test "the Japanese edition shows the English chapters' runs: no chapter ran twice, and its step 01 has the call graph" {
  run -0 cat "$BATS_FILE_TMPDIR/build.log"
  assert_line --regexp '^  RUN     3 chapters to run in [0-9]+ lanes'
  run -0 grep -c '^  RUN     01-cpu: running' "$BATS_FILE_TMPDIR/build.log"
  assert_output 1
  run -0 grep -o -m1 '<img src="figures/01-cpu/[^"]*"' "$BOOK_OUT/ja/01-cpu.html"
  run -0 grep -c 'class="console run"' "$BOOK_OUT/ja/c-prof-labs.html"
  [ "$output" = "$(grep -c 'class="console run"' "$BOOK_OUT/en/c-prof-labs.html")" ]
}

@test "every page links to the same page of the other edition, and build/book/index.html leads to both" {
  run -0 grep -o 'href="\.\./en/01-cpu.html" hreflang="en"' "$BOOK_OUT/ja/01-cpu.html"
  run -0 grep -o 'href="\.\./ja/01-cpu.html" hreflang="ja"' "$BOOK_OUT/en/01-cpu.html"
  run -0 grep -o 'href="\.\./en/index.html" hreflang="en"' "$BOOK_OUT/ja/index.html"
  run -0 grep -o 'href="\.\./en/c-prof-labs.html" hreflang="en"' "$BOOK_OUT/ja/c-prof-labs.html"
  run -0 cat "$BOOK_OUT/index.html"
  assert_output --partial '<a href="en/index.html" hreflang="en">English</a>'
  assert_output --partial '<a href="ja/index.html" hreflang="ja" lang="ja">日本語</a>'
}

@test "the Japanese edition is lang ja, breaks its lines by Japanese rules, and embeds its CJK font in every format" {
  run -0 grep -o '<html [^>]*lang="ja"' "$BOOK_OUT/ja/01-cpu.html"
  run -0 grep -o '<link rel="stylesheet" href="ja.css">' "$BOOK_OUT/ja/01-cpu.html"
  run -0 grep -o 'line-break: strict' "$BOOK_OUT/ja/ja.css" "$BOOK_OUT/ja/c-prof-labs.html" "$BOOK_OUT/ja/print.html"
  run -0 grep -cE 'font-family: "Book CJK"; src: url\("?data:' "$BOOK_OUT/ja/c-prof-labs.html"
  run -0 python3 -m zipfile -l "$BOOK_OUT/ja/c-prof-labs.epub"
  assert_output --partial "EPUB/fonts/book-cjk.ttf"
  run -0 pdffonts "$BOOK_OUT/ja/c-prof-labs.pdf"
  assert_output --partial "IPAexGothic"
  run -0 pdftotext -f 1 -l 1 "$BOOK_OUT/ja/c-prof-labs.pdf" -
  assert_output --partial "プロファイル"
}

@test "the one-page HTML is standalone: figures and the CJK font embedded, numbered sections, a table of contents" {
  run -0 grep -c '<img src="data:image/' "$BOOK_OUT/en/c-prof-labs.html"
  [ "$output" -ge 2 ] || { echo "embedded figures: $output"; false; }
  run -0 grep -o '<nav id="TOC"' "$BOOK_OUT/en/c-prof-labs.html"
  run -0 grep -o 'class="header-section-number">1.4<' "$BOOK_OUT/en/c-prof-labs.html"
  run -0 grep -cE 'font-family: "Book CJK"; src: url\("?data:' "$BOOK_OUT/en/c-prof-labs.html"
  run -1 grep -E '(src|href)="(file:|/)' "$BOOK_OUT/en/c-prof-labs.html"
}

@test "the site has a title page with version and date, and a page per chapter with contents, previous/next and anchors" {
  run -0 cat "$BOOK_OUT/en/index.html"
  assert_output --regexp '<p class="version">Version (unknown \(not a git checkout\)|[0-9a-f]+(\+changes)?) · [0-9]{4}-[0-9]{2}-[0-9]{2}</p>'
  assert_output --partial '<a href="01-cpu.html">Step 01 — CPU profiles</a>'
  run -0 cat "$BOOK_OUT/en/01-cpu.html"
  assert_output --partial '<a class="prev" rel="prev" href="00-env.html">'
  assert_output --partial '<a class="next" rel="next" href="go-guide-to-c.html">'
  assert_output --partial '<li class="current"><a href="01-cpu.html">Step 01 — CPU profiles</a><ul><li><a href="#step-01-cpu--1-run-the-task">'
  assert_output --partial '<a class="anchor" href="#step-01-cpu--1-run-the-task"'
  run -0 grep -o -m1 '<img src="figures/01-cpu/[^"]*"' "$BOOK_OUT/en/01-cpu.html"
  local figure="${output#<img src=\"}"
  assert_file_exists "$BOOK_OUT/en/${figure%\"}"
  run -1 grep -E '(src|href)="(file:|/)' "$BOOK_OUT/en/01-cpu.html"
}

@test "a link to another chapter's section points at that chapter's page" {
  run -0 grep -ho 'href="[0-9a-z-]*\.html#[^"]*"' "$BOOK_OUT/en/introduction.html" "$BOOK_OUT/en/go-guide-to-c.html" "$BOOK_OUT/en/glossary.html"
}

@test "the search index is a script built with the book: every chapter's sections, nothing from the network" {
  run -0 head -c 23 "$BOOK_OUT/en/search-index.js"
  assert_output 'window.BOOK_SEARCH = {"'
  run -0 grep -o '\["01-cpu","step-01-cpu--1-run-the-task"' "$BOOK_OUT/en/search-index.js"
  run -1 grep -E '(src|href)="https?:' "$BOOK_OUT/en/01-cpu.html" "$BOOK_OUT/en/index.html"
  run -1 grep -E 'https?://' "$BOOK_OUT/en/book.js"
}

@test "the PDF's contents have page numbers, and its pages are numbered" {
  run -0 pdftotext -f 1 -l 4 -layout "$BOOK_OUT/en/c-prof-labs.pdf" -
  assert_output --regexp 'Step 01 — CPU profiles[ .]+[0-9]+'
  run -0 grep -c '<span class="toc-page">[0-9][0-9]*</span>' "$BOOK_OUT/en/print.html"
  run -0 pdftotext -f 3 -l 3 -layout "$BOOK_OUT/en/c-prof-labs.pdf" -
  assert_output --regexp '(^|[[:space:]])3[[:space:]]*$'
}

@test "every step chapter built has a listing from the sources and an output block from a real run" {
  local key
  for key in 00-env 01-cpu; do
    run -0 awk -F'\t' -v k="$key" '$1 == k { print $3 }' "$BOOK_OUT/manifest.tsv"
    assert_line listing
    assert_line run
  done
  run -0 grep -c 'class="console run"' "$BOOK_OUT/en/c-prof-labs.html"
}

@test "a second build with nothing changed reuses every run and every format" {
  run -0 book/build --steps "${BOOK_TEST_STEPS:-0,1}" --formats site,html
  assert_line --regexp '^  RUN     00-env \(unchanged'
  assert_line --regexp '^  RUN     01-cpu \(unchanged'
  refute_line --regexp '^  RUN     .* (done in|running)'
  assert_line --regexp '^  SITE    .*index.html \(unchanged\)$'
  assert_line --regexp '^  HTML    .*c-prof-labs.html \(unchanged\)$'
}

# The introduction's runs are the cheapest to repeat (make help): one more run block changes its inputs.
@test "a chapter whose inputs changed runs again, with its time in the last build as the estimate" {
  local c
  cp book/introduction.md book/introduction.ja.md "$BATS_TEST_TMPDIR/"
  for c in book/introduction.md book/introduction.ja.md; do  # (a translation has the same run blocks)
    printf '\n```{.console run="echo the-changed-input"}\n$ echo the-changed-input\nthe-changed-input\n%s\n```\n' \
      '[example output: the book shows what its own build printed]' >>"$c"
  done
  run -0 book/build --steps "${BOOK_TEST_STEPS:-0,1}" --formats site
  cp "$BATS_TEST_TMPDIR/introduction.md" "$BATS_TEST_TMPDIR/introduction.ja.md" book/
  assert_line --regexp '^  RUN     1 chapters to run in [0-9]+ lanes: about [0-9]+ (s|min [0-9]+ s) left$'
  assert_line --regexp '^  RUN     introduction: running \(1 of 1; [0-9]+ (s|min [0-9]+ s) before; about [0-9]+ (s|min [0-9]+ s) left\)$'
  assert_line --regexp '^  RUN     introduction done in [0-9]+ s, [0-9]+ CPU s$'
}

# One lane and no book/times.tsv: chapters start in reading order, and the
# introduction fails before step 00 would start.
@test "a failing command in a chapter fails the build showing its output, keeps the output, and starts no other chapter" {
  local tree="$BATS_TEST_TMPDIR/tree" c
  copy_workbook "$tree"
  for c in introduction.md introduction.ja.md; do
    printf '\n```{.console run="echo the-marker-line; exit 3"}\n$ echo the-marker-line; exit 3\nthe-marker-line\n%s\n```\n' \
      '[example output: the book shows what its own build printed]' >>"$tree/book/$c"
  done
  rm "$tree/book/times.tsv"
  BOOK_JOBS=1 BOOK_OUT="$tree/build/book" run -1 "$tree/book/build" --steps 0 --formats site
  assert_output --partial 'book: introduction: `echo the-marker-line; exit 3` exited with status 3 (the chapter expects 0); its last lines:'
  assert_line '    the-marker-line'
  assert_output --regexp 'its whole output: build/book/runs/introduction\.failed/cmd-[0-9a-f]+\.out'
  assert_line '  RUN     00-env not started (a chapter failed)'
  assert_line "book: the runs of introduction failed (above); the other chapters' runs are kept"
  run -0 cat "$tree"/build/book/runs/introduction.failed/cmd-*.out
  assert_output --partial the-marker-line
}

@test "a reader sees every figure, nothing cut off at 400 px, 1300 px and A4, readable figure text, and search results" {
  # Only the screenshots asserted below: each other one costs a start of Chromium and nobody looks at it here.
  READER_SHOTS="desktop-chapter-01 desktop-search-alloc_space pdf-japanese ja-phone-chapter-01" run book/reader-test "$BOOK_OUT" "$BOOK_OUT/screens"
  [ "$status" -eq 0 ] || { echo "$output"; false; }
  local report="$output"
  assert_output --partial "chapter: Step 01 — CPU profiles: 1 figures"
  assert_output --partial 'search: "alloc_space" lists'
  assert_output --partial "print.html at 658 px (mode=print"
  # Step 01's call graph is an SVG the test measured, on screen and at A4 (a PNG could not be).
  run -0 grep -c '^  figure text: figure [0-9]* "The call graph of fib(30)[^"]*" in Step 01 — CPU profiles: text ' <<<"$output"
  [ "$output" = 2 ] || { echo "step 01's call graph measured $output times, not 2"; false; }
  assert_file_exists "$BOOK_OUT/screens/desktop-chapter-01.png"
  assert_file_exists "$BOOK_OUT/screens/desktop-search-alloc_space.png"
  assert_file_exists "$BOOK_OUT/screens/pdf-japanese.png"
  assert_file_not_exists "$BOOK_OUT/screens/phone-chapter-01.png"
  # The Japanese edition too, and no character of either drawn as an empty box.
  output="$report"
  assert_output --partial $'\nedition ja:\n'
  assert_output --regexp '  glyphs: [0-9]{3,} characters beyond ASCII, every one in the page.s fonts'
  refute_output --partial "missing glyph"
  assert_file_exists "$BOOK_OUT/screens/ja-phone-chapter-01.png"
}

# Writes the deliberately bad pages (and one good one) into $1, for bad_pages.
write_bad_pages() {
  local dir="$1" cells="" i
  mkdir -p "$dir"
  cat >"$dir/bad.html" <<'EOF'
<html><head><title>bad</title></head><body><h1>Step 09 — broken</h1>
<figure><img src="data:image/png;base64,bm90IGEgcG5n" alt="a figure that does not decode"></figure>
<div class="listing"><p><code>x.c</code></p><pre><code> </code></pre></div>
<p>Enough text for the screenshot not to be blank. Enough text for the screenshot not to be blank.</p>
</body></html>
EOF
  for i in $(seq 1 14); do cells="$cells<td>column_number_$i</td>"; done
  cat >"$dir/wide.html" <<EOF
<html><head><title>wide</title><style>body { font: 16px sans-serif; } pre { overflow-x: auto; }</style></head>
<body><h1>Step 09 — wide</h1><table><tr>$cells</tr></table>
<pre>a console line that is long but scrolls on a screen $(printf 'x%.0s' $(seq 1 150))</pre></body></html>
EOF
  {
    echo '<svg xmlns="http://www.w3.org/2000/svg" width="2400pt" height="300pt" viewBox="0 0 2400 300">'
    for i in 0 1 2 3; do echo "<text x=\"$((i * 600 + 10))\" y=\"150\" font-family=\"sans-serif\" font-size=\"14\">label $i</text>"; done
    echo '</svg>'
  } >"$dir/tiny.svg"
  # The same wide graph twice: drawn at the width of the page (too small), and at its own size.
  for i in tiny:100% large:none; do
    cat >"$dir/${i%%:*}.html" <<EOF
<html><head><title>${i%%:*}</title><style>img { max-width: ${i#*:}; }</style></head>
<body><h1>Step 09 — ${i%%:*}</h1><p>A wide graph drawn at max-width ${i#*:}.</p>
<figure><img src="tiny.svg" alt="a wide call graph"></figure></body></html>
EOF
  done
  # A page whose CJK font lacks one of its characters (語): a reader without such a font sees an empty box.
  /usr/bin/python3 -c 'import sys; from fontTools import subset; o = subset.Options(); f = subset.load_font(sys.argv[1], o)
s = subset.Subsetter(o); s.populate(text="日本"); s.subset(f); subset.save_font(f, sys.argv[2], o)' \
    /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf "$dir/tofu.ttf"
  cat >"$dir/tofu.html" <<'EOF'
<html><head><title>tofu</title><style>@font-face { font-family: "Book CJK"; src: url("tofu.ttf"); unicode-range: U+3000-9FFF; }
body { font-family: "DejaVu Sans", "Book CJK", sans-serif; }</style></head>
<body><h1>Step 09 — tofu</h1><p>日本語</p></body></html>
EOF
  echo 'digraph { fib -> fib }' | dot -Tpng -o "$dir/graph.png"
  cat >"$dir/raster.html" <<'EOF'
<html><head><title>raster</title></head>
<body><h1>Step 09 — raster</h1><p>A call graph drawn as a PNG.</p>
<figure><img src="graph.png" alt="a call graph as a PNG"></figure></body></html>
EOF
}

# Runs the reader test once per file on all the bad pages (one Chromium run for
# all: each costs about 2 CPU s) and sets status and output, as `run` would.
bad_pages() {
  local dir="$BATS_FILE_TMPDIR/bad-pages"
  if [ ! -f "$dir/status" ]; then
    write_bad_pages "$dir"
    if book/reader-test "$dir/bad.html" "$dir/wide.html" "$dir/tiny.html" "$dir/large.html" "$dir/raster.html" "$dir/tofu.html" "$dir/screens" \
      >"$dir/report" 2>&1; then echo 0 >"$dir/status"; else echo $? >"$dir/status"; fi
  fi
  status=$(cat "$dir/status")
  output=$(cat "$dir/report")
  [ "$status" = 1 ] || { echo "$output"; echo "the reader test ended with status $status, not 1"; false; }
}

@test "the reader test fails on a page with a broken figure and an empty listing" {
  bad_pages
  assert_output --partial 'broken figure: "a figure that does not decode" in Step 09 — broken'
  assert_output --partial "empty listing in Step 09 — broken"
  assert_output --partial 'screenshot'
}

@test "the reader test fails on an oversized table: past a 400 px window, and past the A4 column" {
  bad_pages
  assert_output --regexp 'overflow: the page is [0-9]+ px wide in a 400 px window'
  assert_output --partial 'overflow: table "column_number_1'
  assert_output --regexp 'overflow on paper: (table|tbody|tr|td)[^ ]* "column_number_1'
  assert_output --partial 'overflow on paper: pre "a console line that is long'
  refute_output --partial 'overflow: pre '
}

@test "the reader test fails on an SVG figure whose text is drawn too small, and passes it drawn large enough" {
  bad_pages
  assert_output --regexp 'text too small: figure 0 "a wide call graph" in Step 09 — tiny: text [0-9.]+–[0-9.]+ px at [0-9]+ px wide; 4 of 4 labels below 8 px'
  # A "figure text:" line is only written when no label is too small.
  assert_output --partial 'figure text: figure 0 "a wide call graph" in Step 09 — large: text 18.7–18.7 px'
}

@test "the reader test fails on a raster figure: its text cannot be measured" {
  bad_pages
  assert_output --regexp 'raster figure: figure 0 "a call graph as a PNG" in Step 09 — raster is a raster image \([0-9]+ px wide, drawn at [0-9]+ px\): its text cannot be measured; draw it as SVG'
}

@test "the reader test fails on a character the page's own font lacks (an empty box), naming it" {
  bad_pages
  assert_output --partial "  missing glyph: '語' (U+8A9E) in Step 09 — tofu: the font \"Book CJK\" (tofu.ttf) the page gives it lacks it"
  refute_output --partial "missing glyph: '日'"
}
