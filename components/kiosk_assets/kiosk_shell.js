// No "<" directly before a letter, "/" or "!" anywhere in this file: Streamlit's HTML sanitizer drops a
// script whose text looks like markup.
// The kiosk shell in the browser (components/kiosk_shell.py). Installed once per tab; every run of the
// kiosk page draws markers it reads four times a second:
//   #kiosk-lock   the page is a kiosk: history trap, no autofill, no long-press menu, no links out
//   #kiosk-idle   idle guard: warn at data-warn s, click the hidden button data-button at data-idle s
//   #kiosk-done   final screen: "starting over in N s" from the last tap, data-seconds; Stop hands over
// A tap, key press or typing anywhere restarts the count. Nothing goes to the server until a deadline.
(() => {
  const K = window.__kioskShell = window.__kioskShell || {};
  if (K.installed) return;
  K.installed = true;
  K.last = Date.now();
  K.stopped = {};
  K.log = [];  // [what, at] of each deadline reached, for tests and measurements
  const $ = id => document.getElementById(id);
  // "... {n} ..." into el as text with the number in bold (no HTML from the template)
  const fill = (el, template, n) => {
    const key = template + '|' + n;
    if (el.dataset.filled === key) return;
    el.dataset.filled = key;
    const [before, after = ''] = template.split('{n}');
    const b = document.createElement('b');
    b.textContent = String(n);
    el.replaceChildren(document.createTextNode(before), b, document.createTextNode(after));
  };
  const active = () => !!$('kiosk-lock');

  const touched = () => { K.last = Date.now(); };
  for (const type of ['pointerdown', 'touchstart', 'keydown', 'input']) {
    document.addEventListener(type, touched, {capture: true, passive: true});
  }

  // The browser's back button and back swipe stay on this page.
  const trap = () => {
    if (K.trapped === location.pathname) return;
    K.trapped = location.pathname;
    history.pushState({kiosk: 1}, '', location.href);
  };
  window.addEventListener('popstate', e => {
    if (!active()) return;
    e.stopImmediatePropagation();
    history.pushState({kiosk: 1}, '', location.href);
  }, true);

  // Long press: no context menu outside inputs; no links leaving the kiosk.
  document.addEventListener('contextmenu', e => {
    if (active() && !(e.target.closest && e.target.closest('input, textarea'))) e.preventDefault();
  }, true);
  document.addEventListener('click', e => {
    if (!active() || !e.target.closest) return;
    const a = e.target.closest('a[href]');
    if (!a) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname !== location.pathname || a.target === '_blank') {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  }, true);

  // Inputs never autofill: autocomplete off and a new random name on every input Streamlit draws.
  const rnd = () => 'k' + Math.random().toString(36).slice(2, 10);
  const noAutofill = root => {
    if (!active()) return;
    root.querySelectorAll('input, textarea').forEach(el => {
      if (el.dataset.kioskName) return;
      el.dataset.kioskName = '1';
      el.setAttribute('autocomplete', el.type === 'password' ? 'new-password' : 'off');
      el.setAttribute('name', rnd());
      el.setAttribute('autocorrect', 'off');
      el.setAttribute('spellcheck', 'false');
      if (el.closest('[class*=st-key-kiosk_exit_pin]')) el.setAttribute('inputmode', 'numeric');
    });
  };
  new MutationObserver(() => noAutofill(document)).observe(document.body, {childList: true, subtree: true});

  // The idle warning: a full-screen layer (taps land on it, never on the page below).
  const overlay = () => $('kiosk-warn');
  const showWarn = (guard, left) => {
    let o = overlay();
    if (!o) {
      o = document.createElement('div');
      o.id = 'kiosk-warn';
      o.setAttribute('role', 'alertdialog');
      const box = document.createElement('div'), button = document.createElement('button');
      button.type = 'button';
      box.append(document.createElement('p'), button);
      o.appendChild(box);
      o.addEventListener('click', () => { touched(); hideWarn(); });
      document.body.appendChild(o);
    }
    clearTimeout(K.hideTimer);
    o.classList.remove('leaving');
    o.style.display = 'flex';
    fill(o.querySelector('p'), guard.dataset.text, left);
    o.querySelector('button').textContent = guard.dataset.still;
    K.warned = true;
  };
  const hideWarn = () => {
    const o = overlay();
    if (!o || !K.warned) return;
    K.warned = false;
    o.classList.add('leaving');  // still catches the rest of this tap, then goes
    clearTimeout(K.hideTimer);
    K.hideTimer = setTimeout(() => { o.style.display = 'none'; }, 450);
  };

  const fire = (what, cls, deadline) => {
    const button = document.querySelector('.' + cls + ' button');
    if (!button) return;
    K.log.push([what, Date.now(), deadline]);
    touched();  // the next person's count starts now (the new screen resets it again)
    hideWarn();
    button.click();
  };

  // Stop on the final screen: the idle guard is in charge from here.
  document.addEventListener('click', e => {
    const stop = e.target.closest && e.target.closest('.kiosk-stop');
    if (!stop) return;
    const done = stop.closest('.kiosk-done');
    K.stopped[done.dataset.key + '/' + done.dataset.gen] = true;
    done.classList.add('stopped');
    const span = done.querySelector('.kiosk-done-text');
    span.dataset.filled = '';
    span.textContent = done.dataset.stoppedText;
  }, true);

  const tick = () => {
    const lock = $('kiosk-lock');
    if (!lock) { hideWarn(); K.trapped = null; return; }  // not a kiosk (any more): let go
    trap();
    const gen = lock.dataset.gen;
    if (gen !== K.gen) {  // a new person: fresh count, no warning, back to the top
      const first = K.gen === undefined;
      K.gen = gen;
      touched();
      hideWarn();
      if (!first) {
        history.replaceState({kiosk: 1}, '', location.href);
        window.scrollTo(0, 0);
        if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
        K.log.push(['start', Date.now()]);
      }
      noAutofill(document);
    }
    const idle = (Date.now() - K.last) / 1000;
    const done = document.querySelector('.kiosk-done');
    if (done && done.dataset.gen === gen && !K.stopped[done.dataset.key + '/' + gen]) {
      const left = Math.max(0, Math.ceil(+done.dataset.seconds - idle));
      fill(done.querySelector('.kiosk-done-text'), done.dataset.text, left);
      hideWarn();
      if (idle >= +done.dataset.seconds) fire('done', done.dataset.button, K.last + 1000 * done.dataset.seconds);
      return;
    }
    const guard = $('kiosk-idle');
    if (!guard || guard.dataset.gen !== gen) { hideWarn(); return; }
    if (idle >= +guard.dataset.idle) fire('idle', guard.dataset.button, K.last + 1000 * guard.dataset.idle);
    else if (idle >= +guard.dataset.warn) showWarn(guard, Math.ceil(+guard.dataset.idle - idle));
    else hideWarn();
  };
  K.tick = tick;
  setInterval(tick, 250);
  tick();
})();
