// Search as you type on the library's search page. Optional: without
// JavaScript the form asks the API for a results page.
(function () {
  'use strict';
  var form = document.querySelector('form.search-form');
  var out = document.getElementById('search-results');
  if (!form || !out || !window.fetch) return;
  var input = form.querySelector('[name=q]');
  var timer = null;
  var seq = 0;

  // snippetNodes keeps the snippet's text and its <mark> elements only.
  function snippetNodes(html) {
    var doc = new DOMParser().parseFromString('<p>' + html + '</p>', 'text/html');
    var frag = document.createDocumentFragment();
    doc.body.firstChild.childNodes.forEach(function (n) {
      if (n.nodeType === 3) frag.appendChild(document.createTextNode(n.nodeValue));
      else if (n.nodeName === 'MARK') {
        var m = document.createElement('mark');
        m.textContent = n.textContent;
        frag.appendChild(m);
      } else frag.appendChild(document.createTextNode(n.textContent));
    });
    return frag;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function render(data) {
    out.textContent = '';
    var total = el('p', 'search-total', out.dataset.results.replace('%d', data.total));
    if (data.total === 0) total.textContent = out.dataset.none;
    out.appendChild(total);
    if (!data.hits.length) return;
    var list = el('ol', 'search-hits');
    data.hits.forEach(function (h) {
      var li = el('li', 'search-hit');
      var h2 = el('h2');
      var a = el('a', '', h.title);
      a.href = h.url;
      h2.appendChild(a);
      li.appendChild(h2);
      if (h.example) li.appendChild(el('span', 'example-label', out.dataset.example));
      var p = el('p', 'search-snippet');
      p.appendChild(snippetNodes(h.snippet));
      li.appendChild(p);
      list.appendChild(li);
    });
    out.appendChild(list);
  }

  function search() {
    var q = input.value.trim();
    if (q.length < 2) return;
    var params = new URLSearchParams(new FormData(form));
    params.delete('format');
    var mine = ++seq;
    fetch(form.action + '?' + params.toString(), { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && mine === seq) render(data); })
      .catch(function () {});
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  form.querySelectorAll('select').forEach(function (s) { s.addEventListener('change', search); });
})();
