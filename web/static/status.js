// The status page: follows GET /support/ticket/{ref} until a reply arrives, shows the thread as text
// (never as HTML), and records "Was this helpful?" feedback.
(function () {
  'use strict';
  var ref = new URLSearchParams(window.location.search).get('ticket') || '';
  var api = '';
  document.getElementById('ref').textContent = ref || '—';
  var state = document.getElementById('state');
  var thread = document.getElementById('thread');
  var delay = 1000;
  var answered = false;

  function render(t) {
    var label = t.status;
    if (t.escalated) label = 'with a support specialist';
    state.textContent = label;
    thread.textContent = '';
    (t.messages || []).forEach(function (m) {
      var li = document.createElement('li');
      li.className = m.role === 'customer' ? 'customer' : (m.role === 'human' ? 'human' : 'agent');
      var meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = (m.role === 'customer' ? 'You' : 'Support') + ' · ' + new Date(m.created_at).toLocaleString();
      li.appendChild(meta);
      li.appendChild(document.createTextNode(m.content));
      thread.appendChild(li);
    });
    answered = !!t.reply;
    document.getElementById('feedback').hidden = !answered;
  }

  function poll() {
    if (!/^[0-9a-fA-F-]{36}$/.test(ref)) {
      document.getElementById('status-error').textContent = 'This link does not contain a valid ticket reference.';
      state.textContent = 'unknown';
      return;
    }
    fetch(api + '/support/ticket/' + encodeURIComponent(ref), { cache: 'no-store' })
      .then(function (r) { if (!r.ok) throw r.status; return r.json(); })
      .then(function (t) {
        render(t);
        document.getElementById('status-error').textContent = '';
        if (!answered || t.status === 'escalated') setTimeout(poll, delay);
        else setTimeout(poll, 15000);
        delay = Math.min(delay * 1.5, 10000);
      })
      .catch(function (code) {
        document.getElementById('status-error').textContent =
          code === 404 ? 'We could not find this ticket.' : 'Could not load the ticket; retrying…';
        if (code !== 404) setTimeout(poll, 3000);
      });
  }

  function feedback(helpful) {
    fetch(api + '/support/ticket/' + encodeURIComponent(ref) + '/feedback', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ helpful: helpful })
    }).then(function (r) {
      if (r.ok) {
        document.getElementById('helpful-yes').hidden = true;
        document.getElementById('helpful-no').hidden = true;
        document.getElementById('feedback-done').hidden = false;
      }
    });
  }
  document.getElementById('helpful-yes').addEventListener('click', function () { feedback(true); });
  document.getElementById('helpful-no').addEventListener('click', function () { feedback(false); });
  poll();
})();
