// The check-in dashboard refreshes its figures every 10 seconds from
// GET /api/v1/events/:id/checkin/stats (see organiser_checkin.go), while the tab is
// visible. Without JavaScript the page shows the figures of when it was loaded.
(function () {
  'use strict';

  var root = document.getElementById('chk');
  if (!root || !window.fetch) {
    return;
  }
  var api = root.getAttribute('data-api') + '?lang=' + encodeURIComponent(root.getAttribute('data-lang') || 'sv');
  var auto = root.querySelector('.chk-auto');
  if (auto) {
    auto.hidden = false;
  }

  function el(tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) {
      n.className = cls;
    }
    if (text !== undefined && text !== null) {
      n.textContent = text;
    }
    return n;
  }

  function setStat(scope, key, value) {
    var n = scope && scope.querySelector('[data-stat="' + key + '"]');
    if (n) {
      n.textContent = value;
    }
  }

  function row(table, key) {
    var rows = table ? table.tBodies[0].rows : [];
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getAttribute('data-key') === key) {
        return rows[i];
      }
    }
    return null;
  }

  function rebuild(table, items, cells) {
    if (!table) {
      return;
    }
    var body = table.tBodies[0];
    if (!items || !items.length) {
      return; // keep what the page says ("nobody yet")
    }
    while (body.firstChild) {
      body.removeChild(body.firstChild);
    }
    items.forEach(function (item) {
      var tr = el('tr');
      cells(item).forEach(function (c) { tr.appendChild(c); });
      body.appendChild(tr);
    });
  }

  function th(text) {
    var n = el('th', null, text);
    n.scope = 'row';
    return n;
  }

  function update(st) {
    var figures = root.querySelector('.chk-figures');
    ['checked_in', 'expected', 'still_expected'].forEach(function (k) { setStat(figures, k, st[k]); });
    (st.by_category || []).forEach(function (c) {
      var tr = row(document.getElementById('chk-categories'), c.category);
      setStat(tr, 'checked_in', c.checked_in);
      setStat(tr, 'expected', c.expected);
    });
    (st.workshops || []).forEach(function (w) {
      var tr = row(document.getElementById('chk-workshops'), w.session_id);
      setStat(tr, 'checked_in', w.checked_in);
      setStat(tr, 'expected', w.expected);
      setStat(tr, 'still_expected', w.still_expected);
    });
    rebuild(document.getElementById('chk-arrivals'), st.arrivals, function (a) {
      var bar = el('td');
      bar.setAttribute('aria-hidden', 'true');
      bar.appendChild(el('span', 'chk-bar chk-w' + a.bar));
      return [th(a.label), el('td', 'part-num', a.count), bar];
    });
    rebuild(document.getElementById('chk-undos'), st.recent_undos, function (u) {
      return [th(u.name), el('td', null, u.scope), el('td', null, u.undone), el('td', null, u.by), el('td', null, u.checked_in)];
    });
    var updated = document.getElementById('chk-updated');
    if (updated && st.updated) {
      updated.textContent = st.updated;
    }
  }

  function poll() {
    if (document.hidden) {
      return;
    }
    fetch(api, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (st) {
        if (st) {
          update(st);
        }
      }, function () {});
  }

  setInterval(poll, 10000);
  document.addEventListener('visibilitychange', poll);
}());
