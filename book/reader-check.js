// reader-check.js — put into a copy of the book by book/reader-test. Once the
// page has loaded it (1) writes a report into a hidden pre#reader-check: how many
// figures and code blocks each chapter has, every figure that did not decode
// and every listing or output block that is empty; (2) brings what the
// address's #reader= part names (img-0, listing-0, id-ID) to the top for a screenshot.
(function () {
  // A title's text on one line.
  function title(h) { return h.textContent.replace(/\s+/g, ' ').trim(); }

  // The title of the chapter an element is in (the nearest h1 before it).
  function chapterOf(el) {
    var titles = document.querySelectorAll('h1'), found = 'before the first chapter';
    titles.forEach(function (h) {
      if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) found = title(h);
    });
    return found;
  }

  // Counts per chapter and the problems, as lines of text.
  function report() {
    var lines = [], chapters = {};
    function count(el, what) {
      var c = chapterOf(el);
      if (!chapters[c]) chapters[c] = { figures: 0, listings: 0, runs: 0 };
      chapters[c][what]++;
    }
    document.querySelectorAll('img').forEach(function (img) {
      count(img, 'figures');
      if (!img.complete || img.naturalWidth === 0 || img.getBoundingClientRect().width === 0)
        lines.push('broken figure: "' + (img.alt || img.src.slice(0, 40)) + '" in ' + chapterOf(img));
    });
    document.querySelectorAll('div.listing pre').forEach(function (pre) {
      count(pre, 'listings');
      if (pre.textContent.trim() === '') lines.push('empty listing in ' + chapterOf(pre));
    });
    document.querySelectorAll('pre.run').forEach(function (pre) {
      count(pre, 'runs');
      if (pre.textContent.trim().split('\n').length < 2)
        lines.push('output block without output: "' + pre.textContent.trim() + '" in ' + chapterOf(pre));
    });
    document.querySelectorAll('h1').forEach(function (h) {
      var c = title(h), n = chapters[c];
      if (!n) return;
      lines.push('chapter: ' + c + ': ' + n.figures + ' figures, ' + n.listings + ' listings, ' + n.runs + ' output blocks');
    });
    return lines;
  }

  // Brings image N, listing N or the element with an id (#reader=img-0, img-last,
  // listing-0, id-glossary) to the top of the page by hiding what comes before it (headless
  // screenshots do not follow scrolling).
  function bringToTop() {
    var m = /reader=(img|listing|id)-(.+)$/.exec(location.hash), all, el, top;
    if (!m) return;
    if (m[1] === 'id') el = document.getElementById(m[2]);
    else {
      all = document.querySelectorAll(m[1] === 'img' ? 'img' : 'div.listing');
      el = all[m[2] === 'last' ? all.length - 1 : parseInt(m[2], 10)];
    }
    if (!el) return;
    for (top = el; top.parentElement !== document.body; top = top.parentElement);
    while (top.previousElementSibling) {
      top = top.previousElementSibling;
      top.style.display = 'none';
    }
  }

  window.addEventListener('load', function () {
    var out = document.createElement('pre');
    out.id = 'reader-check';
    out.style.display = 'none';
    out.textContent = report().join('\n');
    document.body.appendChild(out);
    bringToTop();
  });
})();
