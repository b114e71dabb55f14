// The page editor's converter between a Confluence page's ADF body and the editor's HTML. It knows
// paragraphs, headings, bullet and numbered lists, bold, italics, links, hard breaks and mentions;
// every other node (the app's macro, tables, panels, emoji, status, …) is shown as a block or span
// the editor cannot change and is written back exactly as it was read (its JSON rides along in a
// data-adf attribute). Served as /__host/adf-dom.js; the unit tests load it with require().
(
  /** @param {any} root @param {() => any} factory */ function (root, factory) {
    var api = factory();
    if (typeof module === 'object' && module.exports) module.exports = api;
    else root.AdfDom = api;
  }
)(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  function esc(s) {
    return String(s == null ? '' : s)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  }

  function isObj(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  }
  function attrsOf(n) {
    return isObj(n.attrs) ? n.attrs : {};
  }
  function kids(n) {
    return Array.isArray(n.content) ? n.content : [];
  }
  function keepAttr(node) {
    return ' data-adf="' + esc(JSON.stringify(node)) + '"';
  }

  /** What a kept node shows in the editor (it cannot be edited there). */
  function describe(node) {
    var a = attrsOf(node);
    var params = isObj(a.parameters) ? a.parameters : {};
    switch (node.type) {
      case 'extension':
      case 'bodiedExtension':
      case 'inlineExtension': {
        var key = String(a.extensionKey || 'extension');
        var name = params.extensionTitle || a.text || key.split('/').pop();
        return String(name) + ' (macro, kept as it is)';
      }
      case 'emoji':
        return String(a.text || a.shortName || 'emoji');
      case 'status':
        return String(a.text || 'status');
      case 'date': {
        var ts = Number(a.timestamp);
        return isFinite(ts) ? new Date(ts).toISOString().slice(0, 10) : 'date';
      }
      case 'inlineCard':
      case 'blockCard':
      case 'embedCard':
        return String(a.url || 'link card');
      default:
        return String(node.type || 'content') + ' (kept as it is)';
    }
  }

  function keepBlock(node) {
    return '<div class="editor-keep" contenteditable="false"' + keepAttr(node) + '>' + esc(describe(node)) + '</div>';
  }

  function keepInline(node) {
    if (node.type === 'mention') {
      var text = attrsOf(node).text || '@someone';
      return '<span class="adf-mention" contenteditable="false"' + keepAttr(node) + '>' + esc(text) + '</span>';
    }
    return '<span class="editor-keep-inline" contenteditable="false"' + keepAttr(node) + '>' + esc(describe(node)) + '</span>';
  }

  function textHtml(node) {
    var html = esc(node.text || '');
    var marks = Array.isArray(node.marks) ? node.marks.filter(isObj) : [];
    var other = [];
    marks.forEach(function (m) {
      if (m.type === 'strong') html = '<strong>' + html + '</strong>';
      else if (m.type === 'em') html = '<em>' + html + '</em>';
      else if (m.type === 'link' && isObj(m.attrs) && typeof m.attrs.href === 'string' && Object.keys(m.attrs).length === 1)
        html = '<a href="' + esc(m.attrs.href) + '">' + html + '</a>';
      else other.push(m);
    });
    if (other.length) html = '<span data-adf-marks="' + esc(JSON.stringify(other)) + '">' + html + '</span>';
    return html;
  }

  function inlineHtml(node) {
    if (!isObj(node)) return '';
    if (node.type === 'text') return textHtml(node);
    if (node.type === 'hardBreak') return '<br>';
    return keepInline(node);
  }

  function inlines(node) {
    var html = kids(node).map(inlineHtml).join('');
    // An empty block needs a <br> to take the caret; it is dropped again on the way back.
    return html === '' || /<br>$/.test(html) ? html + '<br>' : html;
  }

  /** Whether a node has no marks and no attributes but the allowed ones (a null localId is none). */
  function plainNode(node, allowed) {
    var a = attrsOf(node);
    if (Array.isArray(node.marks) && node.marks.length) return false;
    return Object.keys(a).every(function (k) {
      return allowed.indexOf(k) >= 0 || (k === 'localId' && a[k] == null);
    });
  }

  /** Nodes the editor edits itself; anything with attributes or marks it does not know is kept. */
  function editable(node) {
    var a = attrsOf(node);
    var items = function () {
      return kids(node).every(function (c) {
        return isObj(c) && c.type === 'listItem' && plainNode(c, []);
      });
    };
    switch (node.type) {
      case 'paragraph':
        return plainNode(node, []);
      case 'heading':
        return plainNode(node, ['level']) && a.level >= 1 && a.level <= 6;
      case 'bulletList':
        return plainNode(node, []) && items();
      case 'orderedList':
        return plainNode(node, ['order']) && (a.order === undefined || (Number.isInteger(a.order) && a.order >= 1)) && items();
      default:
        return false;
    }
  }

  function blockHtml(node) {
    if (!isObj(node)) return '';
    if (!editable(node)) return keepBlock(node);
    var a = attrsOf(node);
    switch (node.type) {
      case 'paragraph':
        return '<p>' + inlines(node) + '</p>';
      case 'heading':
        return '<h' + a.level + '>' + inlines(node) + '</h' + a.level + '>';
      case 'bulletList':
      case 'orderedList': {
        var tag = node.type === 'bulletList' ? 'ul' : 'ol';
        var start = tag === 'ol' && a.order !== undefined ? ' start="' + esc(a.order) + '"' : '';
        return (
          '<' +
          tag +
          start +
          '>' +
          kids(node)
            .map(function (li) {
              return '<li>' + kids(li).map(blockHtml).join('') + '</li>';
            })
            .join('') +
          '</' +
          tag +
          '>'
        );
      }
      default:
        return keepBlock(node);
    }
  }

  /** The editor's HTML for an ADF document (every text escaped). */
  function adfToHtml(doc) {
    var blocks = isObj(doc) ? kids(doc) : [];
    var html = blocks.map(blockHtml).join('');
    return html === '' ? '<p><br></p>' : html;
  }

  // ---- HTML (a DOM) back to ADF -------------------------------------------------------------

  /** How to read a node of the browser's DOM. The tests pass one for htmlparser2's tree. */
  var browserDom = {
    isText: function (n) {
      return n.nodeType === 3;
    },
    isElement: function (n) {
      return n.nodeType === 1;
    },
    text: function (n) {
      return n.data;
    },
    tag: function (n) {
      return n.tagName.toLowerCase();
    },
    children: function (n) {
      return Array.prototype.slice.call(n.childNodes);
    },
    attr: function (n, name) {
      var v = n.getAttribute(name);
      return v === null ? undefined : v;
    },
  };

  var BLOCK_TAGS = {
    p: 1,
    div: 1,
    h1: 1,
    h2: 1,
    h3: 1,
    h4: 1,
    h5: 1,
    h6: 1,
    ul: 1,
    ol: 1,
    li: 1,
    blockquote: 1,
    pre: 1,
    section: 1,
    article: 1,
    table: 1,
  };

  function parseKept(dom, el) {
    var raw = dom.attr(el, 'data-adf');
    if (raw === undefined) return undefined;
    try {
      var node = JSON.parse(raw);
      return isObj(node) && typeof node.type === 'string' ? node : undefined;
    } catch {
      return undefined;
    }
  }

  function sameMarks(a, b) {
    return JSON.stringify(a || []) === JSON.stringify(b || []);
  }

  function addMark(marks, mark) {
    if (
      marks.some(function (m) {
        return m.type === mark.type;
      })
    )
      return marks;
    return marks.concat([mark]);
  }

  function collectInlines(dom, node, marks, out) {
    if (dom.isText(node)) {
      var text = String(dom.text(node) || '')
        .replace(/\u00a0/g, ' ')
        .replace(/[\r\n]+/g, ' ');
      if (text === '') return;
      var last = out[out.length - 1];
      if (last && last.type === 'text' && sameMarks(last.marks, marks.length ? marks : undefined)) last.text += text;
      else {
        var t = { type: 'text', text: text };
        if (marks.length)
          t.marks = marks.map(function (m) {
            return JSON.parse(JSON.stringify(m));
          });
        out.push(t);
      }
      return;
    }
    if (!dom.isElement(node)) return;
    var kept = parseKept(dom, node);
    if (kept) {
      out.push(kept);
      return;
    }
    var tag = dom.tag(node);
    if (tag === 'br') {
      out.push({ type: 'hardBreak' });
      return;
    }
    var next = marks;
    if (tag === 'strong' || tag === 'b') next = addMark(next, { type: 'strong' });
    else if (tag === 'em' || tag === 'i') next = addMark(next, { type: 'em' });
    else if (tag === 'a' && dom.attr(node, 'href')) next = addMark(next, { type: 'link', attrs: { href: dom.attr(node, 'href') } });
    var extra = dom.attr(node, 'data-adf-marks');
    if (extra) {
      try {
        JSON.parse(extra).forEach(function (m) {
          if (isObj(m) && typeof m.type === 'string') next = addMark(next, m);
        });
      } catch {
        /* ignore a broken attribute */
      }
    }
    dom.children(node).forEach(function (c) {
      collectInlines(dom, c, next, out);
    });
  }

  function trimInlines(list) {
    while (list.length && list[list.length - 1].type === 'hardBreak') list.pop();
    return list;
  }

  function hasBlockChild(dom, el) {
    return dom.children(el).some(function (c) {
      return dom.isElement(c) && (BLOCK_TAGS[dom.tag(c)] || (parseKept(dom, c) && dom.tag(c) === 'div'));
    });
  }

  /** Block nodes of a container's children; loose inline content becomes paragraphs. */
  function collectBlocks(dom, container) {
    var out = [];
    var run = [];
    var flush = function () {
      if (run.length === 0) return;
      var content = trimInlines(run);
      run = [];
      var onlySpace = content.every(function (n) {
        return n.type === 'text' && n.text.trim() === '';
      });
      if (content.length && !onlySpace) out.push({ type: 'paragraph', content: content });
    };
    dom.children(container).forEach(function (n) {
      var tag = dom.isElement(n) ? dom.tag(n) : '';
      var kept = dom.isElement(n) ? parseKept(dom, n) : undefined;
      if (kept && tag === 'div') {
        flush();
        out.push(kept);
        return;
      }
      if (!tag || !BLOCK_TAGS[tag] || kept) {
        collectInlines(dom, n, [], run);
        return;
      }
      flush();
      var m = /^h([1-6])$/.exec(tag);
      if (m) {
        out.push({ type: 'heading', attrs: { level: Number(m[1]) }, content: trimInlines(inlineList(dom, n)) });
      } else if (tag === 'ul' || tag === 'ol') {
        var items = dom
          .children(n)
          .filter(function (c) {
            return dom.isElement(c) && dom.tag(c) === 'li';
          })
          .map(function (li) {
            var content = collectBlocks(dom, li);
            if (!content.length || content[0].type !== 'paragraph') content.unshift({ type: 'paragraph', content: [] });
            return { type: 'listItem', content: content };
          });
        if (!items.length) return;
        var list = { type: tag === 'ul' ? 'bulletList' : 'orderedList', content: items };
        var start = Number(dom.attr(n, 'start'));
        if (tag === 'ol' && dom.attr(n, 'start') !== undefined && Number.isInteger(start) && start > 0) list.attrs = { order: start };
        out.push(list);
      } else if (
        (tag === 'div' || tag === 'li' || tag === 'section' || tag === 'article' || tag === 'blockquote') &&
        hasBlockChild(dom, n)
      ) {
        out.push.apply(out, collectBlocks(dom, n));
      } else {
        out.push({ type: 'paragraph', content: trimInlines(inlineList(dom, n)) });
      }
    });
    flush();
    return out;
  }

  function inlineList(dom, el) {
    var out = [];
    dom.children(el).forEach(function (c) {
      collectInlines(dom, c, [], out);
    });
    return out;
  }

  /** The ADF document the editor's content stands for. `dom` reads the tree (the browser's by default). */
  function domToAdf(rootEl, dom) {
    return { type: 'doc', version: 1, content: collectBlocks(dom || browserDom, rootEl) };
  }

  return { adfToHtml: adfToHtml, domToAdf: domToAdf, browserDom: browserDom, describe: describe };
});
