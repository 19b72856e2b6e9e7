#!/usr/bin/env bats
# The whole book, built as `make book` builds it and read as a reader would, in
# headless Chromium. To keep `make test` short the build renders the book's own
# chapters and steps 00 and 01 (BOOK_TEST_STEPS=all for all), in a private copy
# of the tree (so edits elsewhere cannot change it while it runs), from nothing:
# its runs are real and not cached. Every step chapter is still checked
# (listings, run blocks, links) by book.bats.

setup_file() {
  local root; root="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  export TREE="$BATS_FILE_TMPDIR/tree" BOOK_OUT="$BATS_FILE_TMPDIR/tree/build/book"
  (. "$root/lib/workbook.sh" && copy_workbook "$TREE")
  "$TREE/book/build" --steps "${BOOK_TEST_STEPS:-0,1}" >"$BATS_FILE_TMPDIR/build.log" 2>&1
  echo $? >"$BATS_FILE_TMPDIR/build.status"
}

setup() {
  load ../checker
  cd "$TREE" || return 1
}

@test "the book builds from a clean tree into index.html, an EPUB and a PDF" {
  run cat "$BATS_FILE_TMPDIR/build.log"
  [ "$(cat "$BATS_FILE_TMPDIR/build.status")" = 0 ] || { echo "$output"; false; }
  assert_output --partial "RUN     01-cpu ("
  assert_file_exists "$BOOK_OUT/index.html"
  [ "$(head -c 5 "$BOOK_OUT/c-prof-labs.pdf")" = "%PDF-" ]
  run -0 python3 -m zipfile -l "$BOOK_OUT/c-prof-labs.epub"
  assert_line --regexp '^mimetype '
  assert_output --partial "EPUB/nav.xhtml"
}

@test "the HTML is one standalone page: figures embedded, numbered sections, a table of contents" {
  run -0 grep -c '<img src="data:image/' "$BOOK_OUT/index.html"
  [ "$output" -ge 2 ] || { echo "embedded figures: $output"; false; }
  run -0 grep -o '<nav id="TOC"' "$BOOK_OUT/index.html"
  run -0 grep -o 'class="header-section-number">1.4<' "$BOOK_OUT/index.html"
  run -1 grep -E '(src|href)="(file:|/)' "$BOOK_OUT/index.html"
}

@test "every step chapter built has a listing from the sources and an output block from a real run" {
  local key
  for key in 00-env 01-cpu; do
    run -0 awk -F'\t' -v k="$key" '$1 == k { print $3 }' "$BOOK_OUT/manifest.tsv"
    assert_line listing
    assert_line run
  done
  run -0 grep -c 'class="console run"' "$BOOK_OUT/index.html"
}

@test "a second build with nothing changed reuses every run" {
  run -0 book/build --steps "${BOOK_TEST_STEPS:-0,1}" --formats html
  assert_line --regexp '^  RUN     00-env \(unchanged'
  assert_line --regexp '^  RUN     01-cpu \(unchanged'
  refute_line --regexp '^  RUN     .* \([0-9]+ s\)$'
}

@test "a reader sees every figure and no empty listing in headless Chromium, desktop and phone" {
  run -0 book/reader-test "$BOOK_OUT/index.html" "$BOOK_OUT/screens"
  assert_output --partial "chapter: Step 01 — CPU profiles: 1 figures, 2 listings"
  assert_output --partial "screenshot"
  assert_file_exists "$BOOK_OUT/screens/phone-figure-1.png"
}

@test "the reader test fails on a page with a broken figure and an empty listing" {
  cat >"$BATS_TEST_TMPDIR/bad.html" <<'EOF'
<html><body><h1>Step 09 — broken</h1>
<figure><img src="data:image/png;base64,bm90IGEgcG5n" alt="a figure that does not decode"></figure>
<div class="listing"><p><code>x.c</code></p><pre><code> </code></pre></div>
</body></html>
EOF
  run -1 book/reader-test "$BATS_TEST_TMPDIR/bad.html" "$BATS_TEST_TMPDIR/screens"
  assert_output --partial 'broken figure: "a figure that does not decode" in Step 09 — broken'
  assert_output --partial "empty listing in Step 09 — broken"
}
