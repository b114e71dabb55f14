// The local Confluence page editor (Edit on a page view): a contenteditable body with a keyboard
// toolbar (paragraph, headings, lists, bold, link, mention), which saves the page's draft as the
// person edits (PUT /wiki/api/v2/pages/{id} with status "draft"), publishes a new version
// (status "current") and discards the draft (DELETE ...?draft=true). The ADF conversion is
// adf-dom.js; nodes the editor does not know are kept as they were. Served as /__host/editor.js.
(function () {
  'use strict';

  function $(root, sel) {
    return root.querySelector(sel);
  }

  document.addEventListener('DOMContentLoaded', function () {
    var section = document.getElementById('page-editor');
    var editButton = document.getElementById('page-edit');
    if (!section || !editButton || !window.AdfDom) return;

    var data;
    try {
      data = JSON.parse(section.getAttribute('data-editor'));
    } catch {
      return;
    }
    var view = document.getElementById('page-view');
    var body = $(section, '[data-testid="editor-body"]');
    var title = $(section, '#editor-title');
    var status = $(section, '[data-testid="editor-status"]');
    var toolbar = $(section, '[role="toolbar"]');
    var picker = $(section, '[data-testid="mention-picker"]');
    var pickerInput = $(section, '#mention-input');
    var pickerList = $(section, '[data-testid="mention-options"]');
    var hasDraft = !!data.hasDraft;
    var dirty = false;
    var saving = Promise.resolve();
    var timer = null;
    var savedRange = null;

    function say(text, kind) {
      status.textContent = text;
      status.setAttribute('data-state', kind || 'info');
    }

    async function call(method, path, payload) {
      var res = await fetch(path, {
        method: method,
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-local-account-id': data.accountId },
        body: payload === undefined ? undefined : JSON.stringify(payload),
      });
      var json = null;
      try {
        json = await res.json();
      } catch {
        json = null;
      }
      return { status: res.status, ok: res.ok, json: json };
    }

    function problem(r) {
      var j = r.json || {};
      var msg = j.message || (j.errors && j.errors[0] && (j.errors[0].title || j.errors[0].detail)) || 'HTTP ' + r.status;
      return msg;
    }

    function currentDoc() {
      return window.AdfDom.domToAdf(body);
    }

    function pageBody(statusValue, version) {
      return {
        id: data.pageId,
        status: statusValue,
        title: title.value.trim(),
        body: { representation: 'atlas_doc_format', value: JSON.stringify(currentDoc()) },
        version: { number: version },
      };
    }

    function saveDraft() {
      clearTimeout(timer);
      timer = null;
      if (!dirty) return saving;
      dirty = false;
      saving = saving.then(async function () {
        if (title.value.trim() === '') {
          say('The draft is not saved: give the page a title.', 'error');
          dirty = true;
          return;
        }
        say('Saving draft…', 'busy');
        var r = await call('PUT', '/wiki/api/v2/pages/' + encodeURIComponent(data.pageId), pageBody('draft', 1));
        if (r.ok) {
          hasDraft = true;
          say('Draft saved. Only people who can edit the page see it until you publish.', 'done');
        } else {
          dirty = true;
          say('The draft could not be saved: ' + problem(r) + '. Your text is still here; try again.', 'error');
        }
      });
      return saving;
    }

    function changed() {
      dirty = true;
      clearTimeout(timer);
      timer = setTimeout(saveDraft, 1200);
    }

    function open() {
      body.innerHTML = window.AdfDom.adfToHtml(data.doc);
      title.value = data.title;
      view.hidden = true;
      editButton.hidden = true;
      section.hidden = false;
      try {
        document.execCommand('defaultParagraphSeparator', false, 'p');
      } catch {
        /* older browsers */
      }
      say(
        hasDraft ? 'Editing the unpublished changes of this page.' : 'Editing: your changes are saved as a draft until you publish.',
        'info',
      );
      body.focus();
    }

    // ---- toolbar -------------------------------------------------------------------------
    var buttons = Array.prototype.slice.call(toolbar.querySelectorAll('button'));
    function focusButton(i) {
      buttons.forEach(function (b, j) {
        b.tabIndex = j === i ? 0 : -1;
      });
      buttons[i].focus();
    }
    toolbar.addEventListener('keydown', function (e) {
      var i = buttons.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === 'ArrowRight') {
        e.preventDefault();
        focusButton((i + 1) % buttons.length);
      } else if (e.key === 'ArrowLeft') {
        e.preventDefault();
        focusButton((i - 1 + buttons.length) % buttons.length);
      } else if (e.key === 'Home') {
        e.preventDefault();
        focusButton(0);
      } else if (e.key === 'End') {
        e.preventDefault();
        focusButton(buttons.length - 1);
      }
    });

    function rememberSelection() {
      var sel = window.getSelection();
      if (sel && sel.rangeCount && body.contains(sel.getRangeAt(0).commonAncestorContainer)) savedRange = sel.getRangeAt(0).cloneRange();
    }
    function restoreSelection() {
      body.focus();
      var sel = window.getSelection();
      if (savedRange && sel) {
        sel.removeAllRanges();
        sel.addRange(savedRange);
      }
    }
    body.addEventListener('keyup', rememberSelection);
    body.addEventListener('mouseup', rememberSelection);
    body.addEventListener('blur', rememberSelection);

    function command(name) {
      restoreSelection();
      switch (name) {
        case 'p':
          document.execCommand('formatBlock', false, 'p');
          break;
        case 'h2':
          document.execCommand('formatBlock', false, 'h2');
          break;
        case 'h3':
          document.execCommand('formatBlock', false, 'h3');
          break;
        case 'ul':
          document.execCommand('insertUnorderedList');
          break;
        case 'ol':
          document.execCommand('insertOrderedList');
          break;
        case 'bold':
          document.execCommand('bold');
          break;
        case 'link': {
          var href = window.prompt('Link address (https://…)');
          if (!href) return;
          if (!/^(https?:|mailto:|\/)/i.test(href)) {
            say('A link must start with https://, http://, mailto: or /.', 'error');
            return;
          }
          restoreSelection();
          var sel = window.getSelection();
          if (sel && sel.isCollapsed)
            document.execCommand(
              'insertHTML',
              false,
              '<a href="' +
                href.replace(/[&"<>]/g, function (c) {
                  return '&#' + c.charCodeAt(0) + ';';
                }) +
                '">' +
                href.replace(/[&<>]/g, function (c) {
                  return '&#' + c.charCodeAt(0) + ';';
                }) +
                '</a>',
            );
          else document.execCommand('createLink', false, href);
          break;
        }
        case 'mention':
          openPicker();
          return;
        default:
          return;
      }
      changed();
      body.focus();
    }
    buttons.forEach(function (b) {
      b.addEventListener('mousedown', function (e) {
        e.preventDefault();
      });
      b.addEventListener('click', function () {
        command(b.getAttribute('data-command'));
      });
    });
    body.addEventListener('keydown', function (e) {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        rememberSelection();
        command('link');
      }
      if (e.key === '@' && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        rememberSelection();
        openPicker();
      }
    });
    body.addEventListener('input', changed);
    title.addEventListener('input', changed);

    // ---- mentions ------------------------------------------------------------------------
    function matches() {
      var q = pickerInput.value.trim().toLowerCase().replace(/^@/, '');
      return data.users
        .filter(function (u) {
          return q === '' || u.displayName.toLowerCase().indexOf(q) >= 0;
        })
        .slice(0, 8);
    }
    function renderOptions() {
      pickerList.textContent = '';
      var found = matches();
      found.forEach(function (u) {
        var li = document.createElement('li');
        var b = document.createElement('button');
        b.type = 'button';
        b.className = 'button subtle';
        b.textContent = u.displayName;
        b.addEventListener('click', function () {
          insertMention(u);
        });
        li.appendChild(b);
        pickerList.appendChild(li);
      });
      if (!found.length) {
        var none = document.createElement('li');
        none.className = 'muted';
        none.textContent = 'No one on the site matches.';
        pickerList.appendChild(none);
      }
    }
    function openPicker() {
      picker.hidden = false;
      pickerInput.value = '';
      renderOptions();
      pickerInput.focus();
    }
    function closePicker() {
      picker.hidden = true;
      restoreSelection();
    }
    function insertMention(u) {
      picker.hidden = true;
      restoreSelection();
      var node = { type: 'mention', attrs: { id: u.accountId, text: '@' + u.displayName, accessLevel: '' } };
      var span = document.createElement('span');
      span.className = 'adf-mention';
      span.contentEditable = 'false';
      span.setAttribute('data-adf', JSON.stringify(node));
      span.textContent = '@' + u.displayName;
      var sel = window.getSelection();
      var range = sel && sel.rangeCount && body.contains(sel.getRangeAt(0).commonAncestorContainer) ? sel.getRangeAt(0) : null;
      var space = document.createTextNode('\u00a0');
      if (range) {
        range.deleteContents();
        range.insertNode(space);
        range.insertNode(span);
      } else {
        var last = body.lastElementChild || body;
        last.appendChild(span);
        last.appendChild(space);
      }
      var after = document.createRange();
      after.setStartAfter(space);
      after.collapse(true);
      sel.removeAllRanges();
      sel.addRange(after);
      savedRange = after.cloneRange();
      changed();
    }
    pickerInput.addEventListener('input', renderOptions);
    pickerInput.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') {
        e.preventDefault();
        var m = matches();
        if (m.length) insertMention(m[0]);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        closePicker();
      } else if (e.key === 'ArrowDown') {
        e.preventDefault();
        var first = $(pickerList, 'button');
        if (first) first.focus();
      }
    });
    pickerList.addEventListener('keydown', function (e) {
      var all = Array.prototype.slice.call(pickerList.querySelectorAll('button'));
      var i = all.indexOf(document.activeElement);
      if (e.key === 'Escape') {
        e.preventDefault();
        closePicker();
      } else if (e.key === 'ArrowDown' && i >= 0) {
        e.preventDefault();
        all[Math.min(i + 1, all.length - 1)].focus();
      } else if (e.key === 'ArrowUp' && i >= 0) {
        e.preventDefault();
        if (i === 0) pickerInput.focus();
        else all[i - 1].focus();
      }
    });

    // ---- publish, discard, close -------------------------------------------------------------
    $(section, '[data-action="publish"]').addEventListener('click', async function () {
      clearTimeout(timer);
      await saving;
      if (title.value.trim() === '') {
        say('Give the page a title before publishing.', 'error');
        title.focus();
        return;
      }
      say('Publishing…', 'busy');
      var version = data.published ? data.version + 1 : 1;
      var r = await call('PUT', '/wiki/api/v2/pages/' + encodeURIComponent(data.pageId), pageBody('current', version));
      if (!r.ok) {
        say('Not published: ' + problem(r) + '. Your text is still here.', 'error');
        return;
      }
      // Publishing ends the editing: the unpublished changes are gone (a 404 means there were none).
      if (data.published && hasDraft) await call('DELETE', '/wiki/api/v2/pages/' + encodeURIComponent(data.pageId) + '?draft=true');
      dirty = false;
      window.location.reload();
    });

    $(section, '[data-action="discard"]').addEventListener('click', async function () {
      clearTimeout(timer);
      await saving;
      var what = data.published
        ? 'Discard the unpublished changes? The published version stays as it is.'
        : 'Discard this draft? The page was never published, so it is deleted.';
      if (!window.confirm(what)) return;
      dirty = false;
      if (hasDraft || !data.published) {
        var r = await call('DELETE', '/wiki/api/v2/pages/' + encodeURIComponent(data.pageId) + '?draft=true');
        if (!r.ok && r.status !== 404) {
          say('Not discarded: ' + problem(r) + '.', 'error');
          return;
        }
      }
      window.location.assign(data.published ? window.location.pathname : '/confluence');
    });

    // Closing keeps the draft and shows the page view with its "unpublished changes" notice.
    var closeButton = $(section, '[data-action="close"]');
    closeButton.addEventListener('click', async function () {
      await saveDraft();
      if (dirty) return;
      window.location.reload();
    });

    section.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && picker.hidden && !e.defaultPrevented) {
        e.preventDefault();
        closeButton.click();
      }
    });

    window.addEventListener('beforeunload', function (e) {
      if (dirty) {
        saveDraft();
        e.preventDefault();
        e.returnValue = '';
      }
    });

    editButton.addEventListener('click', open);
  });
})();
