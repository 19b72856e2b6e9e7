// print-fit.js — in print.html (the page Chromium prints to PDF): paper cannot
// scroll, so a console block or listing wider than the page is shrunk until its
// longest line fits, down to 6.5 pt; what is still too wide then wraps (the
// wrapped lines are marked by print.css). Wide tables shrink the same way.
(function () {
  'use strict';
  var SMALLEST_PX = 6.5 * 96 / 72;

  // Shrinks el's font until it no longer overflows or reaches the smallest size; true if it fits.
  function shrink(el, overflows) {
    var size = parseFloat(getComputedStyle(el).fontSize);
    while (overflows(el) && size > SMALLEST_PX) {
      size = Math.max(SMALLEST_PX, size * 0.94);
      el.style.fontSize = size + 'px';
    }
    return !overflows(el);
  }

  function fit() {
    document.querySelectorAll('pre').forEach(function (pre) {
      if (!shrink(pre, function (p) { return p.scrollWidth > p.clientWidth + 1; })) pre.classList.add('wrapped');
    });
    document.querySelectorAll('table').forEach(function (table) {
      var parent = table.parentElement;
      shrink(table, function (t) { return t.getBoundingClientRect().width > parent.clientWidth + 1; });
    });
    document.documentElement.classList.add('fitted');
  }

  if (document.readyState === 'complete') fit(); else window.addEventListener('load', fit);
})();
