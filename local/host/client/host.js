// The host side of the local site's pages: answers @forge/bridge calls from Custom UI iframes
// (see bridge-client.js), resizes them, runs the macro-config dialog, the theme toggle, the
// user switcher and the control buttons of the scheduler page. Served as /__host/host.js.
(function () {
  'use strict';
  var site = window.__LOCAL_SITE || { moduleUrls: {} };

  function colorMode() {
    return document.documentElement.getAttribute('data-color-mode') === 'dark' ? 'dark' : 'light';
  }

  function frames() {
    return Array.prototype.slice.call(document.querySelectorAll('iframe[data-frame]'));
  }

  function frameInfo(iframe) {
    try {
      return JSON.parse(iframe.getAttribute('data-frame'));
    } catch {
      return {};
    }
  }

  function postTo(iframe, message) {
    if (iframe.contentWindow) iframe.contentWindow.postMessage(Object.assign({ __forgeLocal: true }, message), window.location.origin);
  }

  async function postJson(path, body) {
    var res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    var json = null;
    try {
      json = await res.json();
    } catch {
      json = null;
    }
    if (!res.ok) {
      var msg = json && json.error && json.error.message ? json.error.message : 'HTTP ' + res.status;
      throw new Error(msg);
    }
    return json;
  }

  function urlFor(location) {
    if (typeof location === 'string') {
      // Product URLs (relative, or on the site's *.atlassian.net host) map to the local host pages.
      var u;
      try {
        u = new URL(location, window.location.origin);
      } catch {
        return location;
      }
      var ours = u.origin === window.location.origin || /\.atlassian\.net$/.test(u.hostname);
      if (!ours) return location;
      var m = /^\/browse\/([A-Z][A-Z0-9_]*-\d+)/.exec(u.pathname);
      if (m) return '/jira/browse/' + m[1];
      var c = /^\/wiki\/spaces\/[^/]+\/pages\/(\d+)/.exec(u.pathname);
      if (c) return '/confluence/pages/' + c[1];
      return u.origin === window.location.origin ? u.pathname + u.search + u.hash : location;
    }
    if (!location || !location.target) return '/';
    switch (location.target) {
      case 'issue':
        return '/jira/browse/' + encodeURIComponent(location.issueKey);
      case 'contentView':
      case 'contentEdit':
        return '/confluence/pages/' + encodeURIComponent(location.contentId);
      case 'module':
        return site.moduleUrls[location.moduleKey] || '/';
      case 'userProfile':
        return '/?user=' + encodeURIComponent(location.accountId);
      default:
        return '/';
    }
  }

  var toastTimer = null;
  function showFlag(payload) {
    var el = document.getElementById('flag');
    if (!el) return;
    el.textContent = (payload && (payload.title || '')) + (payload && payload.description ? ' — ' + payload.description : '');
    el.className = 'flag flag-' + ((payload && payload.type) || 'info') + ' flag-visible';
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () {
      el.className = 'flag';
    }, 5000);
  }

  var dialog = null;
  function closeDialog() {
    if (dialog) {
      var d = dialog;
      dialog = null;
      d.close();
      d.remove();
    }
  }

  function openFrameDialog(info, title) {
    closeDialog();
    dialog = document.createElement('dialog');
    dialog.className = 'macro-config-dialog';
    dialog.setAttribute('data-testid', 'macro-config-dialog');
    // The dialog is named by its title; the heading inside is the app's own (no second heading).
    dialog.setAttribute('aria-label', title || 'Configure');
    var header = document.createElement('header');
    var x = document.createElement('button');
    x.type = 'button';
    x.className = 'button subtle';
    x.textContent = 'Close';
    x.addEventListener('click', closeDialog);
    header.appendChild(x);
    var iframe = document.createElement('iframe');
    iframe.className = 'forge-frame';
    // Forge's iframe sandbox and feature policy, as on every Custom UI frame of the site.
    if (site.iframeSandbox) iframe.setAttribute('sandbox', site.iframeSandbox);
    if (site.iframeAllow) iframe.setAttribute('allow', site.iframeAllow);
    iframe.setAttribute('data-frame', JSON.stringify(info));
    iframe.setAttribute('title', title || 'Configure');
    iframe.src = info.src;
    dialog.appendChild(header);
    dialog.appendChild(iframe);
    dialog.addEventListener('cancel', function (e) {
      e.preventDefault();
      closeDialog();
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  }

  async function answer(iframe, name, payload) {
    var info = frameInfo(iframe);
    switch (name) {
      case 'getContext': {
        var ctx = Object.assign({}, info.context);
        ctx.theme = Object.assign({}, ctx.theme, { colorMode: colorMode() });
        return ctx;
      }
      case 'getTheme':
        return colorMode();
      case 'invoke': {
        var r = await postJson('/__host/invoke', {
          moduleKey: info.moduleKey,
          localId: info.localId,
          target: info.target,
          resolver: payload.functionKey,
          payload: payload.payload === undefined ? null : payload.payload,
        });
        return r.result;
      }
      case 'fetchProduct': {
        var init = payload.fetchRequestInit || {};
        return await postJson('/__host/fetch', {
          product: payload.product,
          restPath: payload.restPath,
          method: init.method || 'GET',
          headers: init.headers || [],
          body: typeof init.body === 'string' ? init.body : null,
        });
      }
      case 'submit':
        if (info.kind !== 'macro-config') return false;
        // Forge's custom macro config submits `{ config }`; a bare object is taken as the config itself.
        var config =
          payload && typeof payload === 'object' && payload.config && typeof payload.config === 'object' ? payload.config : payload || {};
        await postJson('/__host/macro-config', { pageId: info.target.content.id, localId: info.localId, config: config });
        closeDialog();
        window.location.reload();
        return true;
      case 'close':
      case 'onClose':
        if (!dialog || !dialog.contains(iframe)) return false;
        if (name === 'close') closeDialog();
        return true;
      case 'navigate': {
        // router.navigate / router.open: the site's own pages open directly (same tab, or a new
        // one); another site asks the person first and always opens in a new tab, as Forge does.
        var target = payload && payload.url !== undefined ? payload.url : payload;
        var url = urlFor(target);
        var external = false;
        try {
          external = new URL(url, window.location.origin).origin !== window.location.origin;
        } catch {
          external = true;
        }
        if (external) {
          if (!window.confirm('This link leads to another site:\n' + url + '\n\nOpen it in a new tab?'))
            throw new Error('The person chose not to open ' + url + '.');
          window.open(url, '_blank', 'noopener');
        } else if (payload && payload.type === 'new-tab') window.open(url, '_blank', 'noopener');
        else window.location.assign(url);
        return undefined;
      }
      case 'getUrl':
        return new URL(urlFor(payload), window.location.origin).toString();
      case 'reload':
        window.location.reload();
        return undefined;
      case 'refresh':
        iframe.contentWindow.location.reload();
        return true;
      case 'changeWindowTitle':
        document.title = String(payload);
        return undefined;
      case 'showFlag':
        showFlag(payload);
        return undefined;
      case 'closeFlag':
      case 'emitReadyEvent':
      case 'trackObjectStoreAction':
      case 'initFeatureFlags':
        return undefined;
      case 'emit':
      case 'emitPublic':
        frames().forEach(function (f) {
          postTo(f, { kind: 'event', event: payload.event, payload: payload.payload });
        });
        return undefined;
      case 'getCookieConsentPreferences':
        return null;
      case 'isRovoEnabled':
        return false;
      case 'openModal':
        return false;
      default:
        throw new Error('The local site does not implement the bridge call "' + name + '".');
    }
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== window.location.origin) return;
    var m = event.data;
    if (!m || typeof m !== 'object' || m.__forgeLocal !== true) return;
    var iframe = frames().find(function (f) {
      return f.contentWindow === event.source;
    });
    if (!iframe) return;
    if (m.kind === 'resize') {
      var h = Number(m.height);
      if (h > 0 && h < 20000) iframe.style.height = h + 'px';
      return;
    }
    if (m.kind !== 'call') return;
    Promise.resolve()
      .then(function () {
        return answer(iframe, m.name, m.payload);
      })
      .then(
        function (value) {
          postTo(iframe, { kind: 'result', id: m.id, value: value === undefined ? null : value });
        },
        function (err) {
          postTo(iframe, { kind: 'result', id: m.id, error: String((err && err.message) || err) });
        },
      );
  });

  function setTheme(mode) {
    document.documentElement.setAttribute('data-color-mode', mode);
    document.cookie = 'local_site_theme=' + mode + '; path=/; SameSite=Lax';
    frames().forEach(function (f) {
      postTo(f, { kind: 'theme', colorMode: mode });
    });
    var t = document.getElementById('theme-toggle');
    if (t) t.textContent = mode === 'dark' ? 'Light theme' : 'Dark theme';
  }

  document.addEventListener('DOMContentLoaded', function () {
    var toggle = document.getElementById('theme-toggle');
    if (toggle) {
      toggle.textContent = colorMode() === 'dark' ? 'Light theme' : 'Dark theme';
      toggle.addEventListener('click', function () {
        setTheme(colorMode() === 'dark' ? 'light' : 'dark');
      });
    }
    // An issue context stays as its reader last left it, expanded or collapsed (as in Jira).
    document.querySelectorAll('details[data-remember]').forEach(function (/** @type {HTMLDetailsElement} */ d) {
      var key = 'local-site:' + d.getAttribute('data-remember');
      try {
        var saved = window.localStorage.getItem(key);
        if (saved === 'collapsed') d.open = false;
        d.addEventListener('toggle', function () {
          window.localStorage.setItem(key, d.open ? 'expanded' : 'collapsed');
        });
      } catch {
        /* storage unavailable: stays expanded */
      }
    });
    var userSelect = /** @type {HTMLSelectElement | null} */ (document.getElementById('user-switcher'));
    if (userSelect)
      userSelect.addEventListener('change', function () {
        userSelect.form.submit();
      });

    document.querySelectorAll('[data-config-frame]').forEach(function (btn) {
      btn.addEventListener('click', function () {
        var info = JSON.parse(btn.getAttribute('data-config-frame'));
        openFrameDialog(info, btn.getAttribute('data-dialog-title'));
      });
    });

    var out = document.getElementById('control-result');
    async function control(method, path, body, reload) {
      if (out) {
        out.hidden = false;
        out.textContent = 'Working…';
        out.setAttribute('data-state', 'busy');
      }
      try {
        var res = await fetch(path, { method: method, headers: { 'content-type': 'application/json' }, body: body });
        var text = await res.text();
        var pretty = text;
        try {
          pretty = JSON.stringify(JSON.parse(text), null, 2);
        } catch {
          /* keep text */
        }
        // A successful call reloads the page, whose "Last run" section says what happened; only a
        // failure is printed here.
        if (out) {
          out.hidden = res.ok && !!reload;
          out.textContent = (res.ok ? '' : 'HTTP ' + res.status + '\n') + pretty;
          out.setAttribute('data-state', res.ok ? 'done' : 'error');
        }
        if (res.ok && reload)
          setTimeout(function () {
            window.location.reload();
          }, 50);
      } catch (e) {
        if (out) {
          out.hidden = false;
          out.textContent = String(e);
          out.setAttribute('data-state', 'error');
        }
      }
    }
    document.querySelectorAll('[data-control-path]').forEach(function (btn) {
      btn.addEventListener('click', function () {
        control(
          btn.getAttribute('data-control-method') || 'POST',
          btn.getAttribute('data-control-path'),
          btn.getAttribute('data-control-body') || undefined,
          btn.hasAttribute('data-reload'),
        );
      });
    });
    document.querySelectorAll('[data-clock-shift]').forEach(function (btn) {
      btn.addEventListener('click', async function () {
        var days = Number(btn.getAttribute('data-clock-shift'));
        var cur = await (await fetch('/__site/clock')).json();
        var next = new Date(Date.parse(cur.now) + days * 86400000).toISOString();
        await control('PUT', '/__site/clock', JSON.stringify({ now: next }), !btn.hasAttribute('data-then-run'));
        var run = btn.getAttribute('data-then-run');
        if (run) await control('POST', '/__site/scheduled/' + encodeURIComponent(run), undefined, true);
      });
    });
    var clockForm = document.getElementById('clock-form');
    if (clockForm) {
      clockForm.addEventListener('submit', function (e) {
        e.preventDefault();
        var v = /** @type {HTMLInputElement} */ (clockForm.querySelector('input[name=now]')).value;
        var iso = new Date(v + (v.length <= 16 ? ':00' : '') + 'Z').toISOString();
        control('PUT', '/__site/clock', JSON.stringify({ now: iso }), true);
      });
    }
  });
})();
