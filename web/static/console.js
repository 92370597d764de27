// The human console: the escalation queue, a ticket's cross-channel history, replies through the
// customer's channel, resolve/close, and the channel dashboard. The admin token stays in
// sessionStorage and travels as a bearer token. All customer text is rendered with textContent.
(function () {
  'use strict';
  var token = sessionStorage.getItem('fte-admin-token') || '';
  var current = null;

  function api(path, opts) {
    opts = opts || {};
    opts.headers = Object.assign({ 'Authorization': 'Bearer ' + token }, opts.headers || {});
    return fetch(path, opts).then(function (r) {
      if (r.status === 401) { sessionStorage.removeItem('fte-admin-token'); throw new Error('The admin token was refused.'); }
      return r.json().then(function (b) { if (!r.ok) throw new Error((b.error && b.error.message) || ('HTTP ' + r.status)); return b; });
    });
  }
  function err(e) { document.getElementById('console-error').textContent = e ? e.message : ''; }
  function cell(tr, text) { var td = document.createElement('td'); td.textContent = text; tr.appendChild(td); return td; }

  function waiting(s) {
    if (s < 120) return s + ' s';
    if (s < 7200) return Math.round(s / 60) + ' min';
    return Math.round(s / 3600) + ' h';
  }

  function loadDashboard() {
    api('/metrics/channels').then(function (m) {
      var stats = document.getElementById('stats');
      stats.textContent = '';
      Object.keys(m.channels).forEach(function (ch) {
        var c = m.channels[ch];
        var d = document.createElement('div');
        d.className = 'stat';
        d.textContent = ch + ': ' + c.tickets + ' tickets, ' + c.answered + ' answered, ' + c.escalated +
          ' escalated (' + Math.round(c.escalation_rate * 100) + '%), p95 first reply ' + Math.round(c.first_response_ms_p95) + ' ms';
        stats.appendChild(d);
      });
    }).catch(err);
    api('/console/api/escalations').then(function (q) {
      var body = document.getElementById('queue');
      body.textContent = '';
      q.escalations.forEach(function (e) {
        var tr = document.createElement('tr');
        cell(tr, waiting(e.waiting_seconds));
        cell(tr, e.reason);
        cell(tr, e.urgency);
        cell(tr, e.channel);
        var td = document.createElement('td');
        var b = document.createElement('button');
        b.type = 'button';
        b.className = 'secondary open-ticket';
        b.textContent = e.ticket_id.slice(0, 8);
        b.setAttribute('aria-label', 'Open ticket ' + e.ticket_id);
        b.dataset.ticket = e.ticket_id;
        b.addEventListener('click', function () { openTicket(e.ticket_id); });
        td.appendChild(b);
        tr.appendChild(td);
        body.appendChild(tr);
      });
      document.getElementById('dashboard').hidden = false;
      document.getElementById('login').hidden = true;
      err(null);
    }).catch(err);
  }

  function openTicket(id) {
    api('/console/api/tickets/' + encodeURIComponent(id)).then(function (t) {
      current = id;
      document.getElementById('ticket').hidden = false;
      document.getElementById('ticket-id').textContent = id;
      document.getElementById('ticket-status').textContent = t.ticket.status;
      document.getElementById('ticket-reason').textContent = t.ticket.escalation_reason || '—';
      var h = document.getElementById('history');
      h.textContent = '';
      t.history.forEach(function (m) {
        var li = document.createElement('li');
        li.className = m.role;
        var meta = document.createElement('span');
        meta.className = 'meta';
        meta.textContent = m.role + ' · ' + m.channel + ' · ' + new Date(m.created_at).toLocaleString();
        li.appendChild(meta);
        li.appendChild(document.createTextNode(m.content));
        h.appendChild(li);
      });
    }).catch(err);
  }

  function action(path, body, done) {
    api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {}) })
      .then(function () { document.getElementById('reply-done').textContent = done; openTicket(current); loadDashboard(); })
      .catch(err);
  }

  document.getElementById('login').addEventListener('submit', function (ev) {
    ev.preventDefault();
    token = document.getElementById('token').value;
    sessionStorage.setItem('fte-admin-token', token);
    loadDashboard();
  });
  document.getElementById('reply-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = document.getElementById('reply').value.trim();
    if (!current || text.length < 2) return;
    action('/console/api/tickets/' + encodeURIComponent(current) + '/reply', { message: text }, 'Reply sent.');
    document.getElementById('reply').value = '';
  });
  document.getElementById('resolve').addEventListener('click', function () {
    if (current) action('/console/api/tickets/' + encodeURIComponent(current) + '/status', { status: 'resolved' }, 'Ticket resolved.');
  });
  document.getElementById('close').addEventListener('click', function () {
    if (current) action('/console/api/tickets/' + encodeURIComponent(current) + '/status', { status: 'closed' }, 'Ticket closed.');
  });
  if (token) loadDashboard();
})();
