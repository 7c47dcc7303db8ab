// The hosted page's only script (CSP: script-src 'self'). Counts down, listens for the status over
// Server-Sent Events, polls /status while the stream is down, and leaves through /return: the page never
// builds the merchant URL itself. Without JavaScript the page still works (<noscript> refresh).
(function () {
  'use strict';
  var root = document.getElementById('checkout');
  if (!root) { return; }
  var d = root.dataset;
  var base = '/payment/' + encodeURIComponent(d.id);
  var query = '?lang=' + encodeURIComponent(d.lang || 'th');
  var live = document.getElementById('live');
  var done = false;
  var polling = null;

  function say(text) { if (live && text) { live.textContent = text; } }

  function leave(status) {
    if (done) { return true; }
    if (status === 'succeeded') {
      done = true;
      say(d.paidText);
      location.replace(base + '/return' + query);
    } else if (status === 'canceled' || status === 'expired' || status === 'not_found') {
      done = true;
      location.replace(base + query);
    }
    return done;
  }

  if (d.status === 'succeeded') {
    setTimeout(function () { location.replace(base + '/return' + query); }, 1500);
    return;
  }
  if (d.status !== 'requires_action') { return; }

  function poll() {
    if (done) { return; }
    fetch(base + '/status', { headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'same-origin' })
      .then(function (r) { return r.status === 404 ? { status: 'not_found' } : (r.ok ? r.json() : null); })
      .then(function (body) { if (body) { leave(body.status); } })
      .catch(function () { /* try again at the next tick */ });
  }

  function startPolling() {
    if (polling === null && !done) {
      polling = setInterval(poll, Number(d.pollMs) || 3000);
      poll();
    }
  }

  var countdown = document.getElementById('countdown');
  var left = Number(d.secondsLeft);
  if (countdown && !isNaN(left)) {
    var started = Date.now();
    var timer = null;
    var tick = function () {
      var s = Math.max(0, Math.round(left - (Date.now() - started) / 1000));
      countdown.textContent = Math.floor(s / 60) + ':' + ('0' + (s % 60)).slice(-2);
      if (s === 0) {
        clearInterval(timer);
        document.getElementById('timer').className += ' over';
        say(d.expiredText);
        startPolling();
      }
    };
    timer = setInterval(tick, 1000);
    tick();
  }

  var source = null;
  // Cancel was pressed: its 303 (to the merchant) is on its way. The stream will say "canceled" before it
  // arrives; reloading then would abort the form's navigation and strand the shopper here.
  var form = document.querySelector('form.cancel');
  if (form) {
    form.addEventListener('submit', function () {
      done = true;
      if (source) { source.close(); }
      if (polling !== null) { clearInterval(polling); }
    });
  }

  if (!window.EventSource) { startPolling(); return; }
  var errors = 0;
  source = new EventSource(base + '/events');
  source.addEventListener('status', function (e) {
    var body = null;
    try { body = JSON.parse(e.data); } catch (ignored) { return; }
    if (body && leave(body.status)) { source.close(); }
  });
  // While the stream is down, poll; when it is back (EventSource reconnects by itself), stop polling.
  source.onopen = function () {
    errors = 0;
    if (polling !== null) { clearInterval(polling); polling = null; }
  };
  source.onerror = function () {
    errors += 1;
    startPolling();
    if (source.readyState === 2 || errors >= 5) { source.close(); }
  };
})();
