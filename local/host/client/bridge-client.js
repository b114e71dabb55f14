// The @forge/bridge host inside a Custom UI iframe of the local site. Served as
// /__host/bridge-client.js and injected at the top of the resource's index.html, before the app
// bundle, because @forge/bridge reads `window.__bridge.callBridge` when its modules load.
// Calls go to the host page (window.parent) by postMessage; the host page answers them.
(function () {
  'use strict';
  if (window.__bridge) return;
  var pending = new Map();
  var nextId = 1;
  var themingEnabled = false;
  var colorMode = 'light';
  var listeners = {};

  function post(message) {
    window.parent.postMessage(Object.assign({ __forgeLocal: true }, message), window.location.origin);
  }

  function callHost(name, payload) {
    return new Promise(function (resolve, reject) {
      var id = nextId++;
      pending.set(id, { resolve: resolve, reject: reject });
      post({ kind: 'call', id: id, name: name, payload: payload === undefined ? null : payload });
    });
  }

  function applyTheme() {
    var html = document.documentElement;
    html.setAttribute('data-color-mode', colorMode);
    html.setAttribute('data-theme', 'dark:dark light:light spacing:spacing typography:typography');
    if (!document.getElementById('forge-local-tokens')) {
      var link = document.createElement('link');
      link.id = 'forge-local-tokens';
      link.rel = 'stylesheet';
      link.href = '/__host/tokens.css';
      document.head.appendChild(link);
    }
  }

  function localHistory() {
    var history = {
      location: { pathname: '/', search: '', hash: '', state: null, key: 'default' },
      action: 'POP',
      length: 1,
      listeners: [],
      push: function (path, state) {
        var loc =
          typeof path === 'string'
            ? { pathname: path, search: '', hash: '', state: state || null, key: String(Date.now()) }
            : Object.assign({ search: '', hash: '', state: null }, path);
        history.location = loc;
        history.action = 'PUSH';
        history.listeners.forEach(function (l) {
          l(loc, 'PUSH');
        });
      },
      replace: function (path, state) {
        history.push(path, state);
        history.action = 'REPLACE';
      },
      go: function () {},
      back: function () {},
      forward: function () {},
      listen: function (listener) {
        history.listeners.push(listener);
        return function () {
          history.listeners = history.listeners.filter(function (l) {
            return l !== listener;
          });
        };
      },
      block: function () {
        return function () {};
      },
      createHref: function (loc) {
        return typeof loc === 'string' ? loc : loc.pathname || '/';
      },
    };
    return history;
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || event.origin !== window.location.origin) return;
    var m = event.data;
    if (!m || typeof m !== 'object' || m.__forgeLocal !== true) return;
    if (m.kind === 'result') {
      var p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error) p.reject(new Error(m.error));
      else p.resolve(m.value);
    } else if (m.kind === 'theme') {
      colorMode = m.colorMode === 'dark' ? 'dark' : 'light';
      if (themingEnabled) applyTheme();
    } else if (m.kind === 'event') {
      (listeners[m.event] || []).forEach(function (cb) {
        try {
          cb(m.payload);
        } catch (e) {
          console.error(e);
        }
      });
    }
  });

  window.__bridge = {
    callBridge: function (name, payload) {
      switch (name) {
        case 'enableTheming':
          themingEnabled = true;
          return callHost('getTheme').then(function (mode) {
            colorMode = mode === 'dark' ? 'dark' : 'light';
            applyTheme();
          });
        case 'createHistory':
          return Promise.resolve(localHistory());
        case 'on':
        case 'onPublic':
          (listeners[payload.event] = listeners[payload.event] || []).push(payload.callback);
          return Promise.resolve({
            unsubscribe: function () {
              listeners[payload.event] = (listeners[payload.event] || []).filter(function (cb) {
                return cb !== payload.callback;
              });
            },
          });
        case 'getFrameId':
          return Promise.resolve(window.name || 'forge-frame');
        default:
          return callHost(name, payload);
      }
    },
  };

  function reportSize() {
    var root = document.getElementById('root') || document.body;
    if (!root) return;
    var rect = root.getBoundingClientRect();
    var style = window.getComputedStyle(document.body);
    var h = Math.ceil(rect.bottom + window.scrollY + (parseFloat(style.marginBottom) || 0) + (parseFloat(style.paddingBottom) || 0));
    post({ kind: 'resize', height: Math.max(h, 32) });
  }
  function observe() {
    reportSize();
    if (typeof ResizeObserver === 'function') {
      var ro = new ResizeObserver(reportSize);
      ro.observe(document.getElementById('root') || document.body);
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', observe);
  else observe();
  window.addEventListener('load', reportSize);
})();
