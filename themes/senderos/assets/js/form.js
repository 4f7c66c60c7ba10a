// form.js: optional help for the intake forms (/move/form/, /join/form/,
// /host/form/).
// Without it the forms post to the API as plain HTML forms and the API
// answers with the page again or the thank-you page. With it: a form token
// and a submission id, inline errors without reloading the page, and
// municipality suggestions. The contract is api/openapi.json. ES2017, no
// framework; anything that fails falls back to the plain form.
(function () {
  'use strict';
  var form = document.querySelector('form.intake-form');
  if (!form || !window.fetch || !window.FormData || !window.Promise) return;

  var api = form.getAttribute('data-api') || '/api/v1';
  var numbers = ['adults', 'bedrooms', 'population', 'homes', 'rent_min', 'rent_max', 'people'];
  var booleans = ['consent', 'driving_licence', 'needs_school', 'needs_health_centre'];
  var groups = ['languages', 'sectors', 'regions', 'services', 'offers'];
  var rows = {
    children: { age: 'child_age', stage: 'child_stage' },
    jobs: { sector: 'job_sector', count: 'job_count', description: 'job_description' },
  };
  var rowNames = ['child_age', 'child_stage', 'job_sector', 'job_count', 'job_description'];

  function field(name) { return form.elements.namedItem(name); }
  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function randomId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
  }

  // A typed number as a number; empty is null; anything else is sent as
  // typed, for the API to call it "not a number".
  function number(v) {
    v = (v || '').trim();
    if (v === '') return null;
    return /^-?\d+$/.test(v) ? parseInt(v, 10) : v;
  }

  function payload() {
    var data = new FormData(form);
    var out = {};
    var seen = {};
    each(form.elements, function (el) {
      var name = el.name;
      if (!name || seen[name] || rowNames.indexOf(name) >= 0) return;
      seen[name] = true;
      var values = data.getAll(name).map(String);
      if (groups.indexOf(name) >= 0) out[name] = values;
      else if (booleans.indexOf(name) >= 0) out[name] = values.indexOf('yes') >= 0;
      else if (numbers.indexOf(name) >= 0) out[name] = number(values[0]);
      else out[name] = values.length ? values[0] : '';
    });
    Object.keys(rows).forEach(function (key) {
      var cols = rows[key];
      var keys = Object.keys(cols);
      if (!field(cols[keys[0]])) return;
      var columns = keys.map(function (k) { return data.getAll(cols[k]).map(String); });
      var list = [];
      for (var i = 0; i < columns[0].length; i++) {
        var item = {};
        var filled = false;
        keys.forEach(function (k, j) {
          var v = columns[j][i] || '';
          if (v.trim() !== '') filled = true;
          item[k] = (k === 'age' || k === 'count') ? number(v) : v;
        });
        if (filled) list.push(item);
      }
      out[key] = list;
    });
    return out;
  }

  // Problems, shown the way the API shows them on a page sent without
  // JavaScript: same classes, ids and summary.
  var summary = document.getElementById('form-problems');

  function clearProblems() {
    each(form.querySelectorAll('.field-error'), function (p) { p.parentNode.removeChild(p); });
    each(form.querySelectorAll('.field-invalid'), function (w) { w.classList.remove('field-invalid'); });
    each(form.querySelectorAll('[aria-invalid]'), function (c) {
      c.removeAttribute('aria-invalid');
      var ids = (c.getAttribute('aria-describedby') || '').split(/\s+/).filter(function (id) {
        return id && id.indexOf('error-') !== 0;
      });
      if (ids.length) c.setAttribute('aria-describedby', ids.join(' '));
      else c.removeAttribute('aria-describedby');
    });
  }

  function labelOf(wrapper, name) {
    var l = wrapper && wrapper.querySelector('legend, label');
    if (!l) return name;
    // The label without its "(required)" mark: the message says what is wrong.
    var c = l.cloneNode(true);
    var marks = c.querySelectorAll('.req');
    for (var i = 0; i < marks.length; i++) marks[i].parentNode.removeChild(marks[i]);
    return c.textContent.replace(/\s+/g, ' ').trim();
  }

  function showProblems(heading, fields) {
    clearProblems();
    var wrappers = [];
    var loose = [];
    Object.keys(fields).forEach(function (name) {
      var w = /^[a-z_]+$/.test(name) && form.querySelector('[data-field="' + name + '"]');
      if (w) wrappers.push({ name: name, el: w });
      else loose.push(name);
    });
    // In the order of the page, not of the answer.
    wrappers.sort(function (a, b) {
      return a.el.compareDocumentPosition(b.el) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    var list = document.createElement('ul');
    wrappers.forEach(function (w) {
      var errId = 'error-' + w.name;
      var target = '';
      w.el.classList.add('field-invalid');
      each(w.el.querySelectorAll('input, select, textarea'), function (c) {
        if (!target && c.id) target = c.id;
        c.setAttribute('aria-invalid', 'true');
        c.setAttribute('aria-describedby', ((c.getAttribute('aria-describedby') || '') + ' ' + errId).trim());
      });
      var p = document.createElement('p');
      p.className = 'field-error';
      p.id = errId;
      p.textContent = fields[w.name];
      w.el.appendChild(p);
      list.appendChild(item(labelOf(w.el, w.name) + ': ' + fields[w.name], target));
    });
    loose.forEach(function (name) { list.appendChild(item(name + ': ' + fields[name], '')); });
    if (!summary) return;
    summary.textContent = '';
    var h = document.createElement('h2');
    h.textContent = heading;
    summary.appendChild(h);
    summary.appendChild(list);
    summary.hidden = false;
    summary.setAttribute('role', 'alert');
    summary.setAttribute('tabindex', '-1');
    summary.focus();
  }

  function item(text, target) {
    var li = document.createElement('li');
    if (target) {
      var a = document.createElement('a');
      a.href = '#' + target;
      a.textContent = text;
      li.appendChild(a);
    } else {
      li.textContent = text;
    }
    return li;
  }

  // A link in the summary moves focus to its field.
  if (summary) {
    summary.addEventListener('click', function (ev) {
      var a = ev.target.closest ? ev.target.closest('a[href^="#"]') : null;
      var c = a && document.getElementById(a.getAttribute('href').slice(1));
      if (!c) return;
      ev.preventDefault();
      c.focus();
      if (c.scrollIntoView) c.scrollIntoView({ block: 'center' });
    });
    // The API's own answer to a form sent without JavaScript.
    if (!summary.hidden) summary.focus();
  }

  // Token and submission id.
  var sid = field('submission_id');
  if (sid && !sid.value) sid.value = randomId();
  var token = field('form_token');
  if (token) {
    fetch(api + '/form-token', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (b) { if (b && b.token) token.value = b.token; })
      .catch(function () {});
  }

  // Sending as JSON; on anything unexpected, the plain form post.
  var button = form.querySelector('button[type=submit]');
  var label = button ? button.textContent : '';
  var busy = false;

  function done() {
    busy = false;
    if (button) {
      button.disabled = false;
      button.textContent = label;
    }
  }

  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    if (busy) return;
    busy = true;
    if (button) {
      button.disabled = true;
      button.textContent = form.getAttribute('data-sending') || label;
    }
    var res = null;
    var body = null;
    try {
      res = await fetch(form.action, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(payload()),
      });
      body = await res.json().catch(function () { return null; });
    } catch (e) {
      res = null;
    }
    if (res && (res.status === 201 || res.status === 200) && body && body.reference) {
      window.location.assign(api + '/thanks/' + encodeURIComponent(body.reference));
      return;
    }
    done();
    if (res && res.status === 422 && body && body.fields) {
      showProblems(body.message || '', body.fields);
      return;
    }
    HTMLFormElement.prototype.submit.call(form);
  });

  // Municipality suggestions: buttons under the name field.
  var muni = document.getElementById('municipality');
  var ine = field('ine_code');
  var province = field('province_code');
  if (!muni || !ine) return;

  var box = document.createElement('div');
  box.className = 'suggestions';
  box.hidden = true;
  var intro = document.createElement('p');
  intro.textContent = muni.getAttribute('data-suggestions') || '';
  var list = document.createElement('ul');
  box.appendChild(intro);
  box.appendChild(list);
  var status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  muni.parentNode.insertBefore(box, muni.nextSibling);
  muni.parentNode.insertBefore(status, box.nextSibling);

  var timer = 0;
  var asked = 0;

  function hide() {
    box.hidden = true;
    list.textContent = '';
  }

  function show(places) {
    list.textContent = '';
    places.forEach(function (p) {
      var li = document.createElement('li');
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = p.name + (p.province ? ' (' + p.province + ')' : '');
      b.addEventListener('click', function () {
        muni.value = p.name;
        ine.value = p.ine_code || '';
        if (province && p.province_code) province.value = p.province_code;
        hide();
        status.textContent = '';
        muni.focus();
      });
      li.appendChild(b);
      list.appendChild(li);
    });
    box.hidden = places.length === 0;
    status.textContent = (muni.getAttribute('data-count') || '{n}').replace('{n}', places.length);
  }

  async function lookup() {
    var q = muni.value.trim();
    var mine = ++asked;
    if (q.length < 2) {
      hide();
      return;
    }
    var url = api + '/places?q=' + encodeURIComponent(q);
    if (province && province.value) url += '&province=' + encodeURIComponent(province.value);
    var places = [];
    try {
      var r = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (r.ok) places = ((await r.json()).places || []).slice(0, 8);
    } catch (e) {
      places = [];
    }
    if (mine === asked) show(places);
  }

  muni.addEventListener('input', function () {
    ine.value = '';
    clearTimeout(timer);
    timer = setTimeout(lookup, 250);
  });
  muni.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape' || ev.key === 'Esc') hide();
    if (ev.key === 'ArrowDown' && !box.hidden) {
      var first = list.querySelector('button');
      if (first) {
        ev.preventDefault();
        first.focus();
      }
    }
  });
  if (province) {
    province.addEventListener('change', function () {
      ine.value = '';
      if (muni.value.trim().length >= 2) lookup();
    });
  }
}());
