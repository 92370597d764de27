// The human console (/console): the escalation queue (reason, urgency, channel, time waiting), a
// ticket's whole history across channels, a reply sent through the customer's channel (the server
// formats it like the assistant's), resolve / close / reopen, the agent runs with their traces, and
// a dashboard from /metrics/channels. The admin token stays in sessionStorage (this tab only) and
// travels as a bearer token. Everything a customer wrote is rendered with textContent, never HTML.
(function () {
  'use strict';
  var KEY = 'fte-admin-token';
  var token = sessionStorage.getItem(KEY) || '';
  var current = null;  // ticket id shown
  var refreshTimer = null;

  function el(id) { return document.getElementById(id); }
  function text(tag, value, cls) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    e.textContent = value == null ? '' : String(value);
    return e;
  }
  function say(msg) { el('console-status').textContent = msg; }
  function fail(e) { el('console-error').textContent = e ? e.message : ''; }

  function api(path, opts) {
    opts = opts || {};
    opts.cache = 'no-store';
    opts.headers = Object.assign({ Authorization: 'Bearer ' + token }, opts.headers || {});
    return fetch(path, opts).then(function (r) {
      if (r.status === 401) {
        signOut();
        throw new Error('The admin token was refused. Please enter it again (the console is off while FTE_ADMIN_TOKEN is empty).');
      }
      return r.json().catch(function () { return {}; }).then(function (b) {
        if (!r.ok) {
          var err = new Error((b.error && b.error.message) || ('HTTP ' + r.status));
          err.field = b.error && b.error.field;
          throw err;
        }
        return b;
      });
    });
  }

  function waiting(s) {
    if (s < 120) return s + ' s';
    if (s < 7200) return Math.round(s / 60) + ' min';
    if (s < 172800) return Math.round(s / 3600) + ' h';
    return Math.round(s / 86400) + ' d';
  }
  function ms(v) { return v >= 10000 ? (v / 1000).toFixed(1) + ' s' : Math.round(v) + ' ms'; }
  function pct(v) { return Math.round(v * 100) + '%'; }
  function when(iso) { return new Date(iso).toLocaleString(); }

  // --- dashboard and queue ---------------------------------------------------------------------
  function loadDashboard() {
    api('/metrics/channels').then(function (m) {
      var stats = el('stats');
      stats.textContent = '';
      Object.keys(m.channels).forEach(function (ch) {
        var c = m.channels[ch];
        var card = document.createElement('div');
        card.className = 'stat';
        card.dataset.channel = ch;
        card.appendChild(text('h3', ch === 'webform' ? 'Web form' : ch === 'whatsapp' ? 'WhatsApp' : 'Email'));
        var dl = document.createElement('dl');
        [['Tickets', c.tickets], ['Answered', c.answered],
         ['Escalated', c.escalated + ' (' + pct(c.escalation_rate) + ')'],
         ['First reply p50 / p95', ms(c.first_response_ms_p50) + ' / ' + ms(c.first_response_ms_p95)],
         ['Helpful', c.feedback_count ? pct(c.helpful_rate) + ' of ' + c.feedback_count : '—']
        ].forEach(function (row) {
          var d = document.createElement('div');
          d.appendChild(text('dt', row[0]));
          d.appendChild(text('dd', row[1]));
          dl.appendChild(d);
        });
        card.appendChild(dl);
        stats.appendChild(card);
      });
    }).catch(fail);
    return api('/console/api/escalations').then(function (q) {
      var body = el('queue');
      body.textContent = '';
      q.escalations.forEach(function (e) {
        var tr = document.createElement('tr');
        tr.dataset.ticket = e.ticket_id;
        if (e.ticket_id === current) tr.className = 'selected';
        tr.appendChild(text('td', waiting(e.waiting_seconds)));
        tr.appendChild(text('td', e.reason));
        tr.appendChild(text('td', e.urgency, 'urgency-' + e.urgency));
        tr.appendChild(text('td', e.channel));
        tr.appendChild(text('td', e.status));
        var td = document.createElement('td');
        var b = text('button', 'Open ' + e.ticket_id.slice(0, 8), 'secondary open-ticket');
        b.type = 'button';
        b.setAttribute('aria-label', 'Open ticket ' + e.ticket_id);
        b.addEventListener('click', function () { openTicket(e.ticket_id, true); });
        td.appendChild(b);
        tr.appendChild(td);
        body.appendChild(tr);
      });
      el('queue-count').textContent = String(q.escalations.length);
      el('queue-empty').hidden = q.escalations.length > 0;
      el('dashboard').hidden = false;
      el('login').hidden = true;
      el('logout').hidden = false;
      fail(null);
    }).catch(fail);
  }

  function scheduleRefresh() {
    window.clearInterval(refreshTimer);
    refreshTimer = window.setInterval(function () {
      if (!document.hidden && token) loadDashboard();
    }, 15000);
  }

  // --- one ticket ------------------------------------------------------------------------------
  function renderMessage(m, ticketId) {
    var li = document.createElement('li');
    li.className = m.role + (m.ticket_id === ticketId ? '' : ' other-ticket');
    var meta = [m.role === 'customer' ? 'Customer' : m.role === 'human' ? 'Support team' : 'Assistant',
                m.channel, when(m.created_at)];
    if (m.ticket_id !== ticketId) meta.push('ticket ' + (m.ticket_id || '').slice(0, 8));
    if (m.direction === 'outbound') meta.push('delivery: ' + (m.delivery_status || 'pending'));
    li.appendChild(text('span', meta.join(' · '), 'meta'));
    li.appendChild(text('div', m.content, 'body'));
    return li;
  }

  function renderRun(run) {
    var li = document.createElement('li');
    var d = document.createElement('details');
    var spans = run.trace && run.trace.spans ? run.trace.spans.length : 0;
    d.appendChild(text('summary', when(run.created_at) + ' · ' + run.engine + ' · ' +
      (run.escalated ? 'escalated' : 'answered') + ' · ' + run.latency_ms + ' ms · ' +
      run.tokens_in + '/' + run.tokens_out + ' tokens' + (spans ? ' · ' + spans + ' spans' : '')));
    d.appendChild(text('pre', typeof run.trace === 'string' ? run.trace : JSON.stringify(run.trace, null, 2)));
    li.appendChild(d);
    var cited = run.trace && run.trace.sources;  // the doc sections the reply cites
    if (cited && cited.length) {
      var p = text('div', 'Sources: ', 'meta');
      cited.forEach(function (c, i) {
        if (i) p.appendChild(document.createTextNode(' · '));
        if (c.url && /^https?:\/\//.test(c.url)) {
          var a = text('a', c.title);
          a.href = c.url;
          a.rel = 'noopener noreferrer';
          a.target = '_blank';
          p.appendChild(a);
        } else {
          p.appendChild(document.createTextNode(c.title));
        }
      });
      li.appendChild(p);
    }
    return li;
  }

  function openTicket(id, focus) {
    return api('/console/api/tickets/' + encodeURIComponent(id)).then(function (t) {
      current = id;
      var tk = t.ticket;
      el('ticket').hidden = false;
      el('ticket-id').textContent = id;
      el('ticket-subject').textContent = tk.subject || '—';
      el('ticket-status').textContent = tk.status;
      el('ticket-reason').textContent = tk.escalation_reason || '—';
      el('ticket-channel').textContent = tk.channel;
      el('ticket-priority').textContent = tk.priority + (tk.category ? ' · ' + tk.category : '');
      var c = t.customer || {};
      // Each part in its own <bdi>: a right-to-left override in a name cannot reorder the email.
      var who = el('customer');
      who.textContent = '';
      [c.name, c.email, c.phone].filter(Boolean).forEach(function (part, i) {
        if (i) who.appendChild(document.createTextNode(' · '));
        who.appendChild(text('bdi', part));
      });
      if (!who.childNodes.length) who.textContent = '—';
      var via = { webform: 'the web form status page', whatsapp: 'WhatsApp', email: 'email' };
      el('reply-channel').textContent = '(sent by ' + (via[t.reply_channel] || t.reply_channel) + ')';
      var h = el('history');
      h.textContent = '';
      (t.history && t.history.length ? t.history : t.messages).forEach(function (m) { h.appendChild(renderMessage(m, id)); });
      var runs = el('runs');
      runs.textContent = '';
      (t.agent_runs || []).forEach(function (r) { runs.appendChild(renderRun(r)); });
      if (!t.agent_runs || !t.agent_runs.length) runs.appendChild(text('li', 'No agent runs recorded.', 'hint left'));
      var closed = tk.status === 'resolved' || tk.status === 'closed';
      el('resolve').disabled = tk.status === 'resolved';
      el('close').disabled = tk.status === 'closed';
      el('reopen').hidden = !closed;
      Array.prototype.forEach.call(el('queue').querySelectorAll('tr'), function (tr) {
        tr.className = tr.dataset.ticket === id ? 'selected' : '';
      });
      if (focus) el('ticket').focus();
    }).catch(fail);
  }

  // POSTs an action, then (after `accepted` ran) refreshes the ticket and the queue and says `done`.
  function action(path, body, done, accepted) {
    el('reply-done').textContent = '';
    return api(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (res) {
        fail(null);
        if (accepted) accepted(res);
        return Promise.all([openTicket(current, false), loadDashboard()]).then(function () {
          el('reply-done').textContent = done;
          return res;
        });
      });
  }

  // --- events ----------------------------------------------------------------------------------
  function signOut() {
    token = '';
    current = null;
    sessionStorage.removeItem(KEY);
    window.clearInterval(refreshTimer);
    el('dashboard').hidden = true;
    el('ticket').hidden = true;
    el('login').hidden = false;
    el('logout').hidden = true;
    el('token').value = '';
  }

  el('login').addEventListener('submit', function (ev) {
    ev.preventDefault();
    token = el('token').value.trim();
    if (!token) return;
    sessionStorage.setItem(KEY, token);
    loadDashboard();
    scheduleRefresh();
  });
  el('logout').addEventListener('click', function () { signOut(); say('Signed out.'); });
  el('refresh').addEventListener('click', function () { loadDashboard(); if (current) openTicket(current, false); });

  el('reply-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var msg = el('reply').value.trim();
    el('reply-error').textContent = '';
    el('reply').removeAttribute('aria-invalid');
    if (!current) return;
    if (!msg) {
      el('reply-error').textContent = 'Write the reply first.';
      el('reply').setAttribute('aria-invalid', 'true');
      el('reply').focus();
      return;
    }
    el('send-reply').disabled = true;
    action('/console/api/tickets/' + encodeURIComponent(current) + '/reply', { message: msg },
           'Reply queued for delivery.', function () { el('reply').value = ''; })
      .catch(function (e) {
        if (e.field === 'message') {
          el('reply-error').textContent = e.message;
          el('reply').setAttribute('aria-invalid', 'true');
        } else fail(e);
      })
      .then(function () { el('send-reply').disabled = false; });
  });
  function status(s, done) {
    if (current) action('/console/api/tickets/' + encodeURIComponent(current) + '/status', { status: s }, done).catch(fail);
  }
  el('resolve').addEventListener('click', function () { status('resolved', 'Ticket resolved.'); });
  el('close').addEventListener('click', function () { status('closed', 'Ticket closed.'); });
  el('reopen').addEventListener('click', function () { status('open', 'Ticket reopened.'); });

  if (token) {
    loadDashboard();
    scheduleRefresh();
  }
  var wanted = new URLSearchParams(window.location.search).get('ticket');
  if (token && wanted) openTicket(wanted, true);
})();
