/*
 * ec2-netlab embed script.
 *
 * On any page:
 *   <script src="APP/embed.js" defer></script>
 *   <div data-netlab="quiz/ITEM-ID"></div>      (also lesson/ID, lesson/ID/STEP, lab)
 *
 * Each placeholder becomes an iframe of APP/#/WHAT?embed=1&origin=ORIGIN, where APP is
 * the address this script was loaded from, and ORIGIN is the page's own origin, or the
 * placeholder's data-netlab-origin attribute. The frame posts messages to ORIGIN only
 * (see EMBEDDING.md for their shapes); this script follows the frame's height and
 * re-dispatches every message on the placeholder as a bubbling DOM event named
 * "netlab:TYPE" (netlab:ready, netlab:resize, netlab:statement) with the message as
 * its detail. Messages from anywhere but the app's frames, or of another shape, are
 * ignored.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  var app = new URL('./', script.src);
  var SOURCE = 'ec2-netlab';
  var VERSION = 1;
  var WHAT = /^(lab|quiz\/[A-Za-z0-9._~-]+|lesson\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)?)$/;
  var embeds = [];

  function isMessage(data) {
    return (
      data !== null &&
      typeof data === 'object' &&
      data.source === SOURCE &&
      data.version === VERSION &&
      typeof data.type === 'string'
    );
  }

  function targetOrigin(el) {
    var given = el.getAttribute('data-netlab-origin');
    if (given) {
      return given;
    }
    // A page opened from a file has an opaque origin, which postMessage cannot target.
    return window.location.origin === 'null' ? '*' : window.location.origin;
  }

  function embed(el) {
    if (el.querySelector('iframe[data-netlab-frame]')) {
      return;
    }
    var what = (el.getAttribute('data-netlab') || '').replace(/^[#/]+/, '');
    if (!WHAT.test(what)) {
      el.textContent = 'This EC2 Network Lab embed names nothing the lab knows: "' + what + '".';
      return;
    }
    var frame = document.createElement('iframe');
    frame.src = app.href + '#/' + what + '?embed=1&origin=' + encodeURIComponent(targetOrigin(el));
    frame.title = el.getAttribute('data-netlab-title') || 'EC2 Network Lab: ' + what.replace('/', ' ');
    frame.setAttribute('data-netlab-frame', '');
    frame.style.display = 'block';
    frame.style.width = '100%';
    frame.style.border = '0';
    frame.style.height = (parseInt(el.getAttribute('data-netlab-height'), 10) || 240) + 'px';
    el.appendChild(frame);
    embeds.push({ el: el, frame: frame });
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== app.origin || !isMessage(event.data)) {
      return;
    }
    for (var i = 0; i < embeds.length; i++) {
      var e = embeds[i];
      if (e.frame.contentWindow !== event.source) {
        continue;
      }
      var message = event.data;
      if (message.type === 'resize' && typeof message.height === 'number' && isFinite(message.height)) {
        e.frame.style.height = Math.max(0, Math.ceil(message.height)) + 'px';
      }
      e.el.dispatchEvent(new CustomEvent('netlab:' + message.type, { detail: message, bubbles: true }));
      return;
    }
  });

  /** Turns every placeholder under root (the document by default) into a frame. */
  function scan(root) {
    var found = (root || document).querySelectorAll('[data-netlab]');
    for (var i = 0; i < found.length; i++) {
      embed(found[i]);
    }
  }

  window.NetlabEmbed = { app: app.href, scan: scan };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () {
      scan();
    });
  } else {
    scan();
  }
})();
