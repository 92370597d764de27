// Embeds the support form in any page with one tag:
//
//   <script src="https://support.example.com/static/embed.js" async></script>
//
// It inserts an <iframe> of https://support.example.com/support?embed=1 right after the tag (or
// into the element matching data-target="#selector"), sized to the form as it grows and shrinks.
// Optional attributes on the tag: data-target, data-height (initial height in px, default 760),
// data-title (the iframe's accessible name). The form inside is same-origin with the API, so the
// host site needs no CORS setting; a host page with its own CSP must allow this origin in
// script-src and frame-src.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src, window.location.href).origin;
  var data = script.dataset || {};
  var frame = document.createElement('iframe');
  frame.src = origin + '/support?embed=1';
  frame.title = data.title || 'Contact support';
  frame.className = 'fte-support-frame';
  frame.setAttribute('loading', 'lazy');
  frame.style.width = '100%';
  frame.style.maxWidth = '720px';
  frame.style.border = '0';
  frame.style.display = 'block';
  frame.style.height = (parseInt(data.height, 10) || 760) + 'px';
  var target = data.target ? document.querySelector(data.target) : null;
  if (target) target.appendChild(frame);
  else script.parentNode.insertBefore(frame, script.nextSibling);

  window.addEventListener('message', function (ev) {
    if (ev.origin !== origin || ev.source !== frame.contentWindow) return;
    var d = ev.data;
    if (!d || d.type !== 'fte:height' || typeof d.height !== 'number' || !isFinite(d.height)) return;
    frame.style.height = Math.min(Math.max(Math.ceil(d.height), 200), 5000) + 'px';
  });
})();
