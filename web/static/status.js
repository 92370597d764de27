// The status page (/status?ticket=REF): follows GET /support/ticket/{ref} — every 2 s at first,
// then more slowly, pausing while the tab is hidden — shows the conversation as text (never as
// HTML), and once a reply is there asks "Was this helpful?" and stores the answer through
// POST /support/ticket/{ref}/feedback. Without a reference it asks for one.
(function () {
  'use strict';
  var REF = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
  var LABELS = {
    received: 'Received — our assistant is on it',
    open: 'Being answered',
    responded: 'Answered',
    escalated: 'With a support specialist',
    resolved: 'Resolved',
    closed: 'Closed'
  };
  var ref = (new URLSearchParams(window.location.search).get('ticket') || '').trim();
  var delay = 2000;
  var timer = null;
  var shown = 0;  // messages rendered so far
  var lastReply = '';

  function el(id) { return document.getElementById(id); }

  if (!ref || !REF.test(ref)) {
    el('lookup').hidden = false;
    if (ref) el('lookup-error').textContent = 'This does not look like a ticket reference.';
    el('lookup').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var v = el('lookup-ref').value.trim();
      if (!REF.test(v)) {
        el('lookup-error').textContent = 'A ticket reference looks like 3f2a9c1e-… (36 characters).';
        el('lookup-ref').setAttribute('aria-invalid', 'true');
        el('lookup-ref').focus();
        return;
      }
      window.location.search = '?ticket=' + encodeURIComponent(v);
    });
    return;
  }

  el('ticket').hidden = false;
  el('ref').textContent = ref;

  function render(t) {
    el('subject').textContent = t.subject || '—';
    el('state').textContent = LABELS[t.status] || t.status;
    var msgs = t.messages || [];
    if (msgs.length < shown) { el('thread').textContent = ''; shown = 0; }
    // Append only new messages (the live region then announces just those); refresh statuses.
    for (var i = shown; i < msgs.length; i++) {
      var m = msgs[i];
      var li = document.createElement('li');
      li.className = m.role === 'customer' ? 'customer' : (m.role === 'human' ? 'human' : 'agent');
      var meta = document.createElement('span');
      meta.className = 'meta';
      var who = m.role === 'customer' ? 'You' : (m.role === 'human' ? 'Support team' : 'Support assistant');
      meta.textContent = who + ' · ' + new Date(m.created_at).toLocaleString();
      li.appendChild(meta);
      var body = document.createElement('div');
      body.className = 'body';
      body.textContent = m.content;
      li.appendChild(body);
      el('thread').appendChild(li);
    }
    shown = msgs.length;
    var answered = !!t.reply;
    el('waiting').hidden = answered || t.status === 'resolved' || t.status === 'closed';
    if (answered && t.reply !== lastReply) {
      lastReply = t.reply;
      el('feedback').hidden = false;
    }
    return answered;
  }

  function schedule(ms) {
    window.clearTimeout(timer);
    timer = window.setTimeout(poll, ms);
  }

  function poll() {
    if (document.hidden) return;  // resumed by visibilitychange
    fetch('/support/ticket/' + encodeURIComponent(ref), { cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) throw r.status;
        return r.json();
      })
      .then(function (t) {
        el('status-error').textContent = '';
        var answered = render(t);
        var done = t.status === 'resolved' || t.status === 'closed';
        // Quick until the first answer; afterwards a person may still write: keep looking, slowly.
        delay = answered ? Math.min(Math.max(delay * 1.5, 5000), 30000) : Math.min(delay * 1.2, 5000);
        schedule(done ? 60000 : delay);
      })
      .catch(function (code) {
        if (code === 404) {
          el('state').textContent = 'Not found';
          el('status-error').textContent = 'We could not find a ticket with this reference. Please check the link.';
          return;
        }
        el('status-error').textContent = 'We could not load your ticket; trying again…';
        schedule(5000);
      });
  }

  document.addEventListener('visibilitychange', function () { if (!document.hidden) schedule(0); });

  function feedback(helpful) {
    var buttons = el('feedback-buttons').querySelectorAll('button');
    buttons.forEach(function (b) { b.disabled = true; });
    fetch('/support/ticket/' + encodeURIComponent(ref) + '/feedback', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ helpful: helpful })
    }).then(function (r) {
      if (!r.ok) throw r.status;
      el('feedback-buttons').hidden = true;
      el('feedback-done').textContent = helpful ? 'Thank you — glad we could help.'
                                                : 'Thank you for telling us — it helps us improve our answers.';
    }).catch(function () {
      buttons.forEach(function (b) { b.disabled = false; });
      el('feedback-done').textContent = 'We could not save your answer; please try again.';
    });
  }
  el('helpful-yes').addEventListener('click', function () { feedback(true); });
  el('helpful-no').addEventListener('click', function () { feedback(false); });
  poll();
})();
