// book.js — the book's pages in a browser (the multi-page site and the single
// page): a contents menu on narrow screens, a copy button on every command and
// listing, and a search over every chapter, read from search-index.js (written
// by book/site/make-site at build time; nothing is fetched from the network).
(function () {
  'use strict';
  // The words this script shows, in the page's language (the Japanese edition's pages are lang="ja").
  var WORDS = {
    en: { anchor: 'Link to this section', copy: 'Copy', copied: 'Copied', copyCommands: 'Copy the commands (without the $ prompt)',
          copyListing: 'Copy the listing', noIndex: 'The search index (search-index.js) is missing.',
          found: function (n, q) { return n + (n === 1 ? ' section' : ' sections') + ' match “' + q + '”'; } },
    ja: { anchor: 'この節へのリンク', copy: 'コピー', copied: 'コピーしました', copyCommands: 'コマンドをコピー（$ プロンプトなし）',
          copyListing: 'リストをコピー', noIndex: '検索インデックス（search-index.js）がありません。',
          found: function (n, q) { return '「' + q + '」に一致する節: ' + n; } },
  };
  var T = WORDS[document.documentElement.lang] || WORDS.en;

  // The contents menu: the button opens and closes the sidebar on narrow screens.
  function setUpMenu() {
    var button = document.querySelector('.topbar .menu');
    if (!button) return;
    button.addEventListener('click', function () {
      var open = document.body.classList.toggle('menu-open');
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
    document.querySelectorAll('.sidebar a').forEach(function (a) {
      a.addEventListener('click', function () { document.body.classList.remove('menu-open'); });
    });
  }

  // A link to itself on every heading with an id that has none yet (the one-page HTML;
  // book/site/make-site writes them into the site's pages).
  function setUpAnchors() {
    document.querySelectorAll('h1[id], h2[id], h3[id], h4[id]').forEach(function (h) {
      if (h.querySelector('a.anchor') || h.closest('nav')) return;
      var a = document.createElement('a');
      a.className = 'anchor';
      a.href = '#' + h.id;
      a.setAttribute('aria-label', T.anchor);
      a.textContent = '#';
      h.appendChild(a);
    });
  }

  // What a console block's copy button copies: its commands, without the `$ ` prompts.
  function commandsOf(pre) {
    var lines = [];
    pre.querySelectorAll('span.cmd').forEach(function (s) {
      lines.push(s.textContent.replace(/^\$ /, ''));
    });
    return lines.join('\n');
  }

  // Puts text on the clipboard (the Clipboard API, or a hidden textarea where it is missing).
  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
    } else {
      fallbackCopy(text);
      done();
    }
  }

  function fallbackCopy(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    try { document.execCommand('copy'); } catch (e) { /* nothing more to try */ }
    area.remove();
  }

  // A copy button on every console block with commands, and on every listing.
  function setUpCopyButtons() {
    document.querySelectorAll('pre.console, div.sourceCode').forEach(function (block) {
      var pre = block.tagName === 'PRE' ? block : block.querySelector('pre');
      var text = block.tagName === 'PRE' ? commandsOf(pre) : pre && pre.textContent;
      if (!pre || !text) return;
      var wrap = document.createElement('div'), button = document.createElement('button');
      wrap.className = 'copyable';
      button.type = 'button';
      button.className = 'copy';
      button.textContent = T.copy;
      button.title = block.tagName === 'PRE' ? T.copyCommands : T.copyListing;
      button.addEventListener('click', function () {
        copy(text, function () {
          button.textContent = T.copied;
          setTimeout(function () { button.textContent = T.copy; }, 1500);
        });
      });
      block.parentNode.insertBefore(wrap, block);
      wrap.appendChild(block);
      wrap.appendChild(button);
    });
  }

  // ---- Search ----------------------------------------------------------------

  var input, results, indexState = 'none', pending = null;

  // Loads search-index.js once, by a script element (works from file:// too), then runs fn.
  function withIndex(fn) {
    if (indexState === 'ready') return fn();
    pending = fn;
    if (indexState === 'loading') return;
    indexState = 'loading';
    var s = document.createElement('script');
    s.src = 'search-index.js';
    s.onload = function () { indexState = 'ready'; if (pending) pending(); };
    s.onerror = function () { indexState = 'none'; show('<p>' + T.noIndex + '</p>'); };
    document.head.appendChild(s);
  }

  function escapeHtml(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  // The words of a query, lower case.
  function terms(query) {
    return query.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
  }

  // How well a section matches every term (0: not at all): title hits weigh most.
  function score(section, words) {
    var title = section[3].toLowerCase(), text = section[4].toLowerCase(), total = 0;
    for (var i = 0; i < words.length; i++) {
      var inTitle = title.indexOf(words[i]) >= 0, n = text.split(words[i]).length - 1;
      if (!inTitle && n === 0) return 0;
      total += (inTitle ? 20 : 0) + Math.min(n, 10);
    }
    return total;
  }

  // A piece of the section's text around the first term, terms marked.
  function snippet(text, words) {
    var lower = text.toLowerCase(), at = lower.indexOf(words[0]);
    var start = Math.max(0, at - 60), piece = text.slice(start, start + 180);
    var html = escapeHtml(piece);
    words.forEach(function (w) {
      var re = new RegExp('(' + escapeHtml(w).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + ')', 'gi');
      html = html.replace(re, '<mark>$1</mark>');
    });
    return (start > 0 ? '… ' : '') + html + (start + 180 < text.length ? ' …' : '');
  }

  function show(html) {
    results.innerHTML = html;
    results.hidden = false;
    document.body.classList.add('searching');
  }

  function hide() {
    results.hidden = true;
    results.innerHTML = '';
    document.body.classList.remove('searching');
  }

  // Runs the query in the input and lists the best sections.
  function search() {
    var words = terms(input.value);
    if (words.length === 0) return hide();
    withIndex(function () {
      var found = [];
      window.BOOK_SEARCH.sections.forEach(function (s) {
        var n = score(s, words);
        if (n > 0) found.push([n, s]);
      });
      found.sort(function (a, b) { return b[0] - a[0]; });
      var html = '<p class="count">' + T.found(found.length, escapeHtml(input.value.trim())) + '</p><ol>';
      found.slice(0, 40).forEach(function (f) {
        var s = f[1], href = s[0] + '.html' + (s[1] ? '#' + s[1] : '');
        html += '<li><a href="' + href + '"><span class="where">' + escapeHtml(s[2]) +
          (s[3] !== s[2] ? ' › ' + escapeHtml(s[3]) : '') + '</span></a><p>' + snippet(s[4], words) + '</p></li>';
      });
      show(html + '</ol>');
    });
  }

  function setUpSearch() {
    input = document.getElementById('search');
    results = document.getElementById('search-results');
    if (!input || !results) return;
    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(search, 120);
    });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { input.value = ''; hide(); }
    });
    input.form.addEventListener('submit', function (e) { e.preventDefault(); search(); });
    var q = new URLSearchParams(location.search).get('q');
    if (q) {
      input.value = q;
      document.body.classList.add('menu-open');
      search();
    }
  }

  // The link to the other edition keeps the section: both editions' sections have the same ids.
  function setUpEditionSwitch() {
    document.querySelectorAll('a.edition-switch').forEach(function (a) {
      a.addEventListener('click', function () { a.hash = location.hash; });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    setUpEditionSwitch();
    setUpMenu();
    setUpAnchors();
    setUpCopyButtons();
    setUpSearch();
  });
})();
