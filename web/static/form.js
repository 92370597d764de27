// The support form: checks each field with the API's own rules (webform.cpp parse_submission: the
// server checks again), shows errors next to the fields and announces them to screen readers,
// submits JSON with an Idempotency-Key (a retry after a lost answer is the same ticket) and shows
// the ticket reference at once with a link to its status page.
// Embedded (/support?embed=1, e.g. by /static/embed.js) it drops the page chrome, opens the status
// page in a new tab and tells the host page its height so the iframe can fit it.
// Everything the customer typed is only ever set with textContent or .value, never as HTML.
(function () {
  'use strict';
  var form = document.getElementById('support-form');
  if (!form) return;
  var FIELDS = ['name', 'email', 'subject', 'category', 'priority', 'phone', 'message'];
  var CATEGORIES = ['general', 'technical', 'billing', 'bug_report', 'feedback'];
  var PRIORITIES = ['low', 'medium', 'high'];
  var params = new URLSearchParams(window.location.search);
  var embedded = params.get('embed') === '1' || window.self !== window.top;
  var encoder = new TextEncoder();
  var idempotencyKey = null;

  if (embedded) document.documentElement.classList.add('embedded');

  // --- the API's rules -------------------------------------------------------------------------
  // clean(): control characters dropped (\r and \t become spaces on one line), trimmed of spaces,
  // newlines and tabs; lengths count Unicode code points; email and phone as the server
  // normalises them.
  function clean(s, multiline) {
    var out = '';
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c < 0x20 && !(multiline && (c === 10 || c === 9))) {
        if (c === 13 || c === 9) out += ' ';
        continue;
      }
      if (c === 0x7f) continue;
      out += s[i];
    }
    return out.replace(/^[ \n\t]+|[ \n\t]+$/g, '');
  }
  function chars(s) { return Array.from(s).length; }
  function bytes(s) { return encoder.encode(s).length; }

  function validEmail(raw) {
    var e = raw.replace(/^\s+|\s+$/g, '');
    var at = e.indexOf('@');
    if (at <= 0 || at + 1 >= e.length || e.indexOf('@', at + 1) >= 0) return false;
    if (/[\s\u0000-\u001f]/.test(e)) return false;
    e = e.toLowerCase();
    if (bytes(e) > 254 || bytes(e.slice(0, at)) > 64) return false;
    var domain = e.slice(at + 1);
    var dot = domain.lastIndexOf('.');
    if (dot <= 0 || dot + 2 > domain.length) return false;
    if (domain.indexOf('..') >= 0 || domain.charAt(0) === '-') return false;
    return !/[<>(),;:\\"[\]]/.test(e);
  }

  function validPhone(raw) {
    var s = raw.replace(/^\s+|\s+$/g, '');
    if (s.indexOf('whatsapp:') === 0) s = s.slice(9);
    var digits = '', plus = false;
    for (var i = 0; i < s.length; i++) {
      var c = s[i];
      if (c === '+' && !digits && !plus) plus = true;
      else if (c >= '0' && c <= '9') digits += c;
      else if (' -().'.indexOf(c) < 0) return false;
    }
    if (!plus && digits.indexOf('00') === 0) digits = digits.slice(2);
    return digits.length >= 8 && digits.length <= 15 && digits.charAt(0) !== '0';
  }

  function validate(d) {
    var e = {};
    var n = chars(d.name);
    if (n < 2) e.name = 'Please enter your name (at least 2 characters).';
    else if (n > 100) e.name = 'Please use at most 100 characters.';
    if (!validEmail(d.email)) e.email = 'Please enter a valid email address, like name@example.com.';
    n = chars(d.subject);
    if (n === 0) e.subject = 'Please enter a subject.';
    else if (n > 200) e.subject = 'Please use at most 200 characters.';
    if (CATEGORIES.indexOf(d.category) < 0) e.category = 'Please choose a category.';
    if (PRIORITIES.indexOf(d.priority) < 0) e.priority = 'Please choose a priority.';
    if (d.phone && !validPhone(d.phone)) e.phone = 'Please enter the number in international format, like +1 415 555 0100.';
    n = chars(d.message);
    if (n < 10) e.message = 'Please describe your question in at least 10 characters.';
    else if (n > 5000) e.message = 'Please use at most 5000 characters (now ' + n + ').';
    return e;
  }

  // --- the page --------------------------------------------------------------------------------
  function el(id) { return document.getElementById(id); }
  function read() {
    return {
      name: clean(el('name').value, false),
      email: clean(el('email').value, false),
      subject: clean(el('subject').value, false),
      category: el('category').value,
      priority: el('priority').value,
      phone: clean(el('phone').value, false),
      message: clean(el('message').value, true)
    };
  }

  function announce(text) {
    var a = el('announcer');
    a.textContent = '';
    // A fresh text node in a live region is announced even when the words repeat.
    window.setTimeout(function () { a.textContent = text; }, 50);
  }

  function showErrors(errors, focus) {
    FIELDS.forEach(function (f) {
      var input = el(f);
      var msg = el(f + '-error');
      msg.textContent = errors[f] || '';
      if (errors[f]) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    });
    var bad = FIELDS.filter(function (f) { return errors[f]; });
    if (bad.length) {
      announce(bad.length === 1 ? 'Please correct 1 field: ' + errors[bad[0]]
                                : 'Please correct ' + bad.length + ' fields.');
      if (focus) el(bad[0]).focus();
    }
    fitHost();
  }

  function formError(text) {
    el('form-error').textContent = text;
    if (text) announce(text);
    fitHost();
  }

  // After a field is left, or while a field already marked invalid is edited, re-check it alone.
  FIELDS.forEach(function (f) {
    var input = el(f);
    function check() {
      var errors = validate(read());
      el(f + '-error').textContent = errors[f] || '';
      if (errors[f]) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    input.addEventListener('blur', function () { if (input.value) check(); });
    input.addEventListener('input', function () {
      idempotencyKey = null;  // a changed message is a new submission
      if (input.getAttribute('aria-invalid') === 'true') check();
    });
    input.addEventListener('change', function () { if (input.getAttribute('aria-invalid') === 'true') check(); });
  });

  var message = el('message');
  message.addEventListener('input', function () {
    el('message-count').textContent = chars(message.value) + ' / 5000';
  });

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.from(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }

  function statusUrl(ref) { return '/status?ticket=' + encodeURIComponent(ref); }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var d = read();
    formError('');
    var errors = validate(d);
    showErrors(errors, true);
    if (Object.keys(errors).length) return;
    if (!d.phone) delete d.phone;
    var button = el('submit');
    button.disabled = true;
    button.textContent = 'Sending…';
    if (!idempotencyKey) idempotencyKey = newKey();
    fetch('/support/submit', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(d)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (b) {
        return { status: r.status, body: b, retry: r.headers.get('Retry-After') };
      });
    }).then(function (res) {
      button.disabled = false;
      button.textContent = 'Send';
      var err = res.body && res.body.error;
      if (res.status === 422 && err && err.fields) {
        var e = {}, other = [];
        err.fields.forEach(function (f) {
          if (FIELDS.indexOf(f.field) >= 0) e[f.field] = 'This ' + f.field + ' ' + f.message + '.';
          else other.push(f.message);
        });
        showErrors(e, true);
        if (other.length) formError('We could not read the form: ' + other.join('; ') + '.');
        return;
      }
      if (res.status === 429) {
        var s = parseInt(res.retry || (err && err.retry_after_seconds) || '60', 10);
        formError('You have sent several messages in a short time. Please try again in ' + s + ' seconds.');
        return;
      }
      if (res.status < 200 || res.status >= 300 || !res.body.ticket_id) {
        formError('We could not send your message just now. Please try again in a moment.');
        return;
      }
      idempotencyKey = null;
      var ref = res.body.ticket_id;
      form.hidden = true;
      el('ticket-ref').textContent = ref;
      el('eta').textContent = res.body.estimated_response_time ? 'Expected reply: ' + res.body.estimated_response_time + '.' : '';
      var link = el('status-link');
      link.href = statusUrl(ref);
      if (embedded) { link.target = '_blank'; link.rel = 'noopener'; }
      var thanks = el('thanks');
      thanks.hidden = false;
      thanks.focus();
      fitHost();
    }).catch(function () {
      button.disabled = false;
      button.textContent = 'Send';
      formError('We could not reach our server. Please check your connection and try again.');
    });
  });

  el('another').addEventListener('click', function () {
    el('message').value = '';
    el('subject').value = '';
    el('message-count').textContent = '0 / 5000';
    el('thanks').hidden = true;
    form.hidden = false;
    el('subject').focus();
    fitHost();
  });

  // --- embedding -------------------------------------------------------------------------------
  function fitHost() {
    if (!embedded || window.parent === window) return;
    var h = Math.ceil(document.documentElement.scrollHeight);
    window.parent.postMessage({ type: 'fte:height', height: h }, '*');  // the height only
  }
  if (embedded) {
    window.addEventListener('load', fitHost);
    window.addEventListener('resize', fitHost);
    if (window.ResizeObserver) new ResizeObserver(fitHost).observe(document.body);
  }
})();
