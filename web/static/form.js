// The support form: checks fields with the API's rules, shows errors next to each field (announced
// to screen readers), submits JSON and shows the ticket reference with a link to its status page.
// Everything the customer typed is only ever set with textContent, never as HTML.
(function () {
  'use strict';
  var form = document.getElementById('support-form');
  if (!form) return;
  var CATEGORIES = ['general', 'technical', 'billing', 'bug_report', 'feedback'];
  var PRIORITIES = ['low', 'medium', 'high'];
  var EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;
  var api = (document.currentScript && document.currentScript.dataset.api) || '';

  function len(s) { return Array.from(s).length; }
  function value(id) { return document.getElementById(id).value.trim(); }

  function validate(d) {
    var e = {};
    if (len(d.name) < 2) e.name = 'Please enter at least 2 characters.';
    else if (len(d.name) > 100) e.name = 'Please use at most 100 characters.';
    if (!EMAIL.test(d.email) || d.email.length > 254) e.email = 'Please enter a valid email address.';
    if (!d.subject) e.subject = 'Please enter a subject.';
    else if (len(d.subject) > 200) e.subject = 'Please use at most 200 characters.';
    if (CATEGORIES.indexOf(d.category) < 0) e.category = 'Please choose a category.';
    if (PRIORITIES.indexOf(d.priority) < 0) e.priority = 'Please choose a priority.';
    if (len(d.message) < 10) e.message = 'Please write at least 10 characters.';
    else if (len(d.message) > 5000) e.message = 'Please use at most 5000 characters.';
    return e;
  }

  function show(errors) {
    ['name', 'email', 'subject', 'category', 'priority', 'message'].forEach(function (f) {
      var el = document.getElementById(f);
      var msg = document.getElementById(f + '-error');
      msg.textContent = errors[f] || '';
      if (errors[f]) el.setAttribute('aria-invalid', 'true'); else el.removeAttribute('aria-invalid');
    });
    var first = Object.keys(errors)[0];
    if (first && document.getElementById(first)) document.getElementById(first).focus();
  }

  var message = document.getElementById('message');
  message.addEventListener('input', function () {
    document.getElementById('message-count').textContent = len(message.value) + ' / 5000';
  });

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var d = { name: value('name'), email: value('email'), subject: value('subject'),
              category: value('category'), priority: value('priority'), message: value('message') };
    var errors = validate(d);
    document.getElementById('form-error').textContent = '';
    show(errors);
    if (Object.keys(errors).length) return;
    var button = document.getElementById('submit');
    button.disabled = true;
    var key = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
    fetch(api + '/support/submit', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify(d)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (b) { return { status: r.status, body: b }; });
    }).then(function (res) {
      button.disabled = false;
      if (res.status === 422 && res.body.error && res.body.error.fields) {
        var e = {};
        res.body.error.fields.forEach(function (f) { e[f.field] = f.message; });
        show(e);
        return;
      }
      if (res.status === 429) {
        document.getElementById('form-error').textContent = 'Too many messages at once — please wait a minute and try again.';
        return;
      }
      if (res.status < 200 || res.status >= 300 || !res.body.ticket_id) {
        document.getElementById('form-error').textContent = 'We could not send your message. Please try again in a moment.';
        return;
      }
      form.hidden = true;
      var thanks = document.getElementById('thanks');
      document.getElementById('ticket-ref').textContent = res.body.ticket_id;
      document.getElementById('eta').textContent = res.body.estimated_response_time || '';
      var link = document.getElementById('status-link');
      link.href = api + '/status?ticket=' + encodeURIComponent(res.body.ticket_id);
      thanks.hidden = false;
      thanks.focus();
    }).catch(function () {
      button.disabled = false;
      document.getElementById('form-error').textContent = 'We could not reach the server. Please check your connection and try again.';
    });
  });
})();
