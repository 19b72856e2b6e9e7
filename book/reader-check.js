// reader-check.js — put into a copy of a page of the book by book/reader-test.
// Once the page has loaded it writes a report into a hidden pre#reader-check:
//   - how many figures and code blocks each chapter has;
//   - every figure that did not decode, every listing or output block that is empty;
//   - overflow: on a screen (mode=screen) the page must not be wider than the
//     window and nothing may be cut off by a box that hides its overflow (a
//     block that scrolls is fine); on paper (mode=print, print.html laid out at
//     the A4 text width) nothing may stick out of the text column or need scrolling;
//   - figures' text: each SVG figure's text, drawn at the size the page gives the
//     figure, must be at least min= CSS px, and a raster figure (whose text
//     cannot be measured) is a problem (when textsize=1);
//   - search=WORDS: the site's search must list at least one section;
//   - every character the page's text has beyond ASCII, by chapter, as lines
//     "chars: CHAPTER<TAB>CHARACTERS" (book/reader-test asks book/site/font-coverage
//     whether the fonts the page uses draw them: no empty boxes).
// Problems are lines that do not start with "chapter:", "figure text:", "search:" or "chars:".
// The address's hash says what to do: #mode=screen&textsize=1&min=9&shot=img-0
// (shot: img-N, img-last, listing-N, id-ID: brought to the top for a screenshot).
(function () {
  'use strict';
  var params = new URLSearchParams(location.hash.slice(1));
  var MODE = params.get('mode') || 'screen';
  var MIN_TEXT = parseFloat(params.get('min') || '8');

  // A title's text on one line.
  function title(h) { return h.textContent.replace(/\s+/g, ' ').replace(/#$/, '').trim(); }

  // The title of the chapter an element is in (the nearest h1 before it).
  function chapterOf(el) {
    var found = document.title || 'the page';
    document.querySelectorAll('h1').forEach(function (h) {
      if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) found = title(h);
    });
    return found;
  }

  // A short name of an element for a report line.
  function describe(el) {
    var name = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
      ? '.' + el.className.trim().split(/\s+/).join('.') : '');
    var text = (el.alt || el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 50);
    return name + (text ? ' "' + text + '"' : '');
  }

  // True if an ancestor of el (below body) lets its content scroll sideways or hides it.
  function scrollingAncestor(el) {
    for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      var o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return p;
    }
    return null;
  }

  // Overflow problems, as report lines. Boxes are judged, not inline text: an
  // inline element's rectangle includes the spaces that hang at the end of a
  // wrapped line (code is white-space: pre-wrap), past the column, though nothing
  // shows there; text that does not fit makes its block's content wider than it.
  function overflow() {
    var lines = [], width = window.innerWidth, seen = 0, reported = [];
    var body = document.querySelector('main') || document.body;
    var right = MODE === 'print' ? body.getBoundingClientRect().right : width;
    var column = Math.round(right - body.getBoundingClientRect().left);
    if (MODE === 'screen' && document.documentElement.scrollWidth > width + 1)
      lines.push('overflow: the page is ' + document.documentElement.scrollWidth + ' px wide in a ' + width +
        ' px window: a reader must scroll the whole page sideways');
    document.body.querySelectorAll('*').forEach(function (el) {
      if (seen >= 12 || el.closest('#reader-check')) return;
      if (reported.some(function (r) { return r.contains(el); })) return;  // its box was reported
      var style = getComputedStyle(el), box = el.getBoundingClientRect();
      if (style.display === 'none' || style.visibility === 'hidden' || box.width === 0) return;
      if (style.display === 'inline' && !/^(IMG|SVG|svg)$/.test(el.tagName)) return;
      if (style.position === 'fixed' || el.closest('.sidebar')) return;
      var ox = style.overflowX, scrolls = ox === 'auto' || ox === 'scroll', hides = ox === 'hidden' || ox === 'clip';
      var spills = el.scrollWidth - el.clientWidth > 1 && el.clientWidth > 0;  // its content is wider than its box
      var scroller = scrollingAncestor(el), problem = null;
      if (MODE === 'screen') {
        if (scroller) return;                                   // a box that scrolls (a wide block) is fine on a screen
        if (hides && spills) problem = 'cut off: ' + describe(el) + ' in ' + chapterOf(el) + ' hides ' +
          (el.scrollWidth - el.clientWidth) + ' px of its content (overflow: ' + ox + ')';
        else if (box.right > right + 1) problem = 'overflow: ' + describe(el) + ' in ' + chapterOf(el) + ' ends at ' +
          Math.round(box.right) + ' px, past the ' + width + ' px window';
        else if (!scrolls && spills && box.left + el.scrollWidth > right + 1) problem = 'overflow: ' + describe(el) +
          ' in ' + chapterOf(el) + ': its content ends at ' + Math.round(box.left + el.scrollWidth) + ' px, past the ' + width + ' px window';
      } else if (box.right > right + 1 || spills) {             // paper cannot scroll
        problem = 'overflow on paper: ' + describe(el) + ' in ' + chapterOf(el) + ' is ' +
          Math.round(Math.max(el.scrollWidth, box.width)) + ' px wide, the A4 text column ' + column + ' px';
      }
      if (problem) {
        lines.push(problem);
        reported.push(el);
        seen++;
      }
    });
    return lines;
  }

  // The SVG source of an image: from a data: address, or read from its file.
  function svgSource(img) {
    var src = img.currentSrc || img.src, m = /^data:image\/svg\+xml(;base64)?,(.*)$/.exec(src);
    if (m) return m[1] ? decodeURIComponent(escape(atob(m[2]))) : decodeURIComponent(m[2]);
    if (!/\.svg([?#].*)?$/i.test(src)) return null;
    var xhr = new XMLHttpRequest();
    try {
      xhr.open('GET', src, false);
      xhr.send();
    } catch (e) {
      return undefined;
    }
    return xhr.responseText || undefined;
  }

  // The sizes, in CSS px as drawn, of every text of an SVG figure shown at the image's size.
  function textSizes(img, source) {
    var doc = new DOMParser().parseFromString(source, 'image/svg+xml'), svg = doc.documentElement;
    if (svg.tagName.toLowerCase() !== 'svg') return null;
    var box = img.getBoundingClientRect(), holder = document.createElement('div');
    holder.style.cssText = 'position:absolute;left:0;top:0;visibility:hidden;';
    svg = document.importNode(svg, true);
    if (!svg.getAttribute('viewBox')) {
      var w = parseFloat(svg.getAttribute('width')), h = parseFloat(svg.getAttribute('height'));
      if (w && h) svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
    }
    svg.setAttribute('width', box.width);
    svg.setAttribute('height', box.height);
    svg.style.maxWidth = 'none';
    holder.appendChild(svg);
    document.body.appendChild(holder);
    var sizes = [];
    svg.querySelectorAll('text').forEach(function (t) {
      if (!t.textContent.trim()) return;
      var ctm = t.getScreenCTM(), px = parseFloat(getComputedStyle(t).fontSize);
      if (!ctm || !px) return;
      sizes.push({ px: px * Math.sqrt(Math.abs(ctm.a * ctm.d - ctm.b * ctm.c)), text: t.textContent.trim() });
    });
    holder.remove();
    return sizes;
  }

  // Text-size problems and a summary line per SVG figure.
  function figureText() {
    var lines = [];
    document.querySelectorAll('img').forEach(function (img, n) {
      if (!img.complete || img.naturalWidth === 0) return;
      var name = '"' + (img.alt || img.src.slice(-40)).slice(0, 60) + '"';
      var source = svgSource(img);
      if (source === null) {
        // A problem: its text cannot be measured, so nothing proves a reader can read it.
        lines.push('raster figure: figure ' + n + ' ' + name + ' in ' + chapterOf(img) + ' is a raster image (' + img.naturalWidth +
          ' px wide, drawn at ' + Math.round(img.getBoundingClientRect().width) + ' px): its text cannot be measured; draw it as SVG');
        return;
      }
      if (source === undefined) { lines.push('figure ' + n + ' ' + name + ': cannot read its SVG to measure its text'); return; }
      var sizes = textSizes(img, source);
      if (!sizes || sizes.length === 0) { lines.push('figure text: figure ' + n + ' ' + name + ' has no text'); return; }
      sizes.sort(function (a, b) { return a.px - b.px; });
      var small = sizes.filter(function (s) { return s.px < MIN_TEXT - 0.05; });
      var summary = 'figure ' + n + ' ' + name + ' in ' + chapterOf(img) + ': text ' + sizes[0].px.toFixed(1) + '–' +
        sizes[sizes.length - 1].px.toFixed(1) + ' px at ' + Math.round(img.getBoundingClientRect().width) + ' px wide';
      if (small.length === 0) lines.push('figure text: ' + summary);
      else lines.push('text too small: ' + summary + '; ' + small.length + ' of ' + sizes.length + ' labels below ' + MIN_TEXT +
        ' px, e.g. "' + small[0].text.slice(0, 30) + '" at ' + small[0].px.toFixed(1) + ' px');
    });
    return lines;
  }

  // Counts per chapter, broken figures and empty blocks, as lines of text.
  function contents() {
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

  // The site's search, as book.js ran it for ?q=: how many sections it listed.
  function searchReport() {
    var q = new URLSearchParams(location.search).get('q'), results = document.getElementById('search-results');
    if (!q) return [];
    var found = results ? results.querySelectorAll('li').length : 0;
    return found > 0 ? ['search: "' + q + '" lists ' + found + ' sections']
      : ['search: "' + q + '" lists no section (book.js or search-index.js did not work)'.replace('search:', 'search failed:')];
  }

  // The characters beyond ASCII of the page's text (not its scripts or styles), by chapter.
  function characters() {
    var byChapter = {}, order = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), node;
    while ((node = walker.nextNode())) {
      var parent = node.parentElement;
      if (!parent || parent.closest('script, style, noscript, #reader-check')) continue;
      var text = node.nodeValue.replace(/[\x00-\x7f\s]/g, '');
      if (!text) continue;
      var c = chapterOf(parent);
      if (!byChapter[c]) { byChapter[c] = {}; order.push(c); }
      for (var ch of text) byChapter[c][ch] = true;
    }
    return order.map(function (c) { return 'chars: ' + c.replace(/\t/g, ' ') + '\t' + Object.keys(byChapter[c]).join(''); });
  }

  // Brings image N, listing N or the element with an id (shot=img-0, img-last,
  // listing-0, id-glossary) to the top of the page by hiding what comes before it (headless
  // screenshots do not follow scrolling).
  function bringToTop() {
    var m = /^(img|listing|id)-(.+)$/.exec(params.get('shot') || ''), all, el, top;
    if (!m) return;
    if (m[1] === 'id') el = document.getElementById(m[2]);
    else {
      all = document.querySelectorAll(m[1] === 'img' ? 'img' : 'div.listing, div.sourceCode');
      el = all[m[2] === 'last' ? all.length - 1 : parseInt(m[2], 10)];
    }
    if (!el) return;
    var stop = document.querySelector('main') || document.body;
    for (top = el; top.parentElement && top.parentElement !== stop; top = top.parentElement);
    while (top.previousElementSibling) {
      top = top.previousElementSibling;
      top.style.display = 'none';
    }
  }

  window.addEventListener('load', function () {
    // book.js runs a ?q= search after a short wait for its index; report after it.
    setTimeout(function () {
      var lines = contents().concat(overflow());
      if (params.get('textsize') === '1') lines = lines.concat(figureText());
      lines = lines.concat(searchReport()).concat(characters());
      var out = document.createElement('pre');
      out.id = 'reader-check';
      out.style.display = 'none';
      out.textContent = lines.join('\n');
      document.body.appendChild(out);
      // In book/reader-test's frame: the report goes to the page around it.
      if (window.parent !== window) window.parent.postMessage({ readerCheck: out.textContent }, '*');
      bringToTop();
    }, 300);
  });
})();
