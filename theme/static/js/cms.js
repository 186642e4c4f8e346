/* The web editor (Decap CMS) for this site: previews styled with the site's own
 * stylesheet and showing the funding notice the build will add, and the checks
 * the build makes that a form cannot express (a key that needs another, real
 * dates, an interval's end after its start), made before anything is saved.
 * Everything it reads comes from preview.json, which the build writes from the
 * content schema and the data files. */
(function () {
  'use strict';
  var script = document.currentScript;
  var CMS = window.CMS;
  var h = window.h;
  if (!CMS || !h) {
    return;
  }

  function format(text, values) {
    return String(text).replace(/%\((\w+)\)s/g, function (_m, name) {
      return values[name] === undefined ? '' : String(values[name]);
    });
  }

  function plain(value) {
    if (value === undefined || value === null) {
      return value;
    }
    return typeof value.toJS === 'function' ? value.toJS() : value;
  }

  function list(value) {
    value = plain(value);
    if (value === undefined || value === null || value === '') {
      return [];
    }
    return Array.isArray(value) ? value : [value];
  }

  /* The language of the preview pane: Decap gives the preview the data of the language chosen
   * in the form, which is one of the entry's per-language data sets (the default's otherwise). */
  function languageOf(entry, data) {
    var i18n = entry.get('i18n');
    var found = data.default_lang;
    if (i18n && typeof i18n.forEach === 'function') {
      i18n.forEach(function (value, lang) {
        if (value && value.get && value.get('data') === entry.get('data')) {
          found = lang;
        }
      });
    }
    return found;
  }

  function noticesFor(data, codes, lang) {
    var seen = {};
    var out = [];
    codes.forEach(function (code) {
      var perLang = data.notices[code] || data.notices[String(code).toUpperCase()] || {};
      (perLang[lang] || []).forEach(function (n) {
        if (!seen[n.programme]) {
          seen[n.programme] = true;
          out.push(n);
        }
      });
    });
    return out;
  }

  function fundingBlock(data, codes, lang) {
    var notices = noticesFor(data, codes, lang);
    if (!notices.length) {
      return h('p', {className: 'cms-no-funding'}, data.words.no_funding);
    }
    return h('aside', {className: 'funding-disclaimer', 'aria-label': data.words.funding},
      notices.map(function (n, i) {
        var head = n.emblem
          ? h('div', {className: 'eu-emblem-row'},
              h('img', {className: 'eu-emblem', src: n.emblem, alt: n.emblem_alt, width: 90, height: 60}),
              n.statement ? h('p', {className: 'eu-statement'}, n.statement) : null)
          : (n.statement ? h('p', {className: 'funder-statement'}, n.statement) : null);
        return h('div', {className: 'funding-notice', key: n.programme + i}, head,
          h('p', {className: 'notice-text'}, n.text));
      }));
  }

  function cover(data, props, values) {
    var image = values.get('image');
    if (!image) {
      return null;
    }
    /* A picture chosen in this session is in the browser (blob:); one already in the repository is
     * served by the site itself, at the address the build gives it. */
    var asset = props.getAsset(image);
    var src = asset ? String(asset) : '';
    if (!/^(blob|data):/.test(src)) {
      src = data.site_root + String(image).replace(/^\/+/, '');
    }
    return h('figure', {className: 'cover'},
      h('img', {src: src, alt: values.get('image_alt') || ''}),
      values.get('image_credit') ? h('figcaption', null, values.get('image_credit')) : null);
  }

  function articlePreview(data) {
    return function ArticlePreview(props) {
      var values = props.entry.get('data');
      var lang = languageOf(props.entry, data);
      var codes = list(values.get('projects'));
      var when = list(values.get('event_dates'));
      return h('div', {className: 'cms-preview', lang: lang},
        h('p', {className: 'cms-preview-note'}, data.words.preview_note),
        h('main', {id: 'main'},
          h('article', {className: 'article'},
            h('header', {className: 'article-header'},
              h('h1', null, values.get('title') || ''),
              h('p', {className: 'article-meta'}, values.get('date') || '',
                values.get('author') ? ' · ' + values.get('author') : '')),
            when.length ? h('section', {className: 'event-box'},
              h('dl', null,
                h('dt', null, data.labels.event_dates), h('dd', null, when.join(', ')),
                values.get('event_location') ? h('dt', null, data.labels.event_location) : null,
                values.get('event_location') ? h('dd', null, values.get('event_location')) : null)) : null,
            cover(data, props, values),
            h('div', {className: 'prose'}, props.widgetFor('body')),
            fundingBlock(data, codes, lang))));
    };
  }

  function projectPreview(data) {
    return function ProjectPreview(props) {
      var values = props.entry.get('data');
      var lang = languageOf(props.entry, data);
      var code = values.get('code');
      return h('div', {className: 'cms-preview', lang: lang},
        h('p', {className: 'cms-preview-note'}, data.words.preview_note),
        h('main', {id: 'main'},
          h('article', {className: 'article'},
            h('header', {className: 'article-header'},
              h('p', {className: 'kicker'}, code || ''),
              h('h1', null, values.get('title') || '')),
            code ? fundingBlock(data, [code], lang) : null,
            cover(data, props, values),
            h('div', {className: 'prose'}, props.widgetFor('body')))));
    };
  }

  function pagePreview(data) {
    return function PagePreview(props) {
      var values = props.entry.get('data');
      return h('div', {className: 'cms-preview', lang: languageOf(props.entry, data)},
        h('main', {id: 'main'},
          h('article', {className: 'article'},
            h('h1', null, values.get('title') || ''),
            h('div', {className: 'prose'}, props.widgetFor('body')))));
    };
  }

  function realDay(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
    if (!m) {
      return false;
    }
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  }

  function empty(value) {
    value = plain(value);
    return value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length);
  }

  /* One language's values as the build reads them: a translation takes the keys every language
   * shares from the default language when it has none of its own. */
  function inherited(data, collection, values, base) {
    return {
      get: function (key) {
        var own = values.get(key);
        if (base && empty(own) && (data.neutral[collection] || []).indexOf(key) >= 0) {
          return base.get(key);
        }
        return own;
      },
    };
  }

  /* What the build would refuse in one language's data, as sentences for the editor. */
  function problems(data, collection, values) {
    var found = [];
    var needs = data.requires[collection] || {};
    Object.keys(needs).forEach(function (key) {
      if (empty(values.get(key))) {
        return;
      }
      needs[key].forEach(function (other) {
        if (empty(values.get(other))) {
          found.push(format(data.words.requires, {field: data.labels[key] || key, other: data.labels[other] || other}));
        }
      });
    });
    Object.keys(data.patterns).forEach(function (key) {
      list(values.get(key)).forEach(function (item) {
        var parts = String(item).split('/');
        parts.forEach(function (part) {
          if (!realDay(part)) {
            found.push(format(data.words.real_date, {field: data.labels[key] || key, value: part}));
          }
        });
        if (parts.length === 2 && realDay(parts[0]) && realDay(parts[1])) {
          var start = parts[0].length === 10 ? parts[0] + 'T00:00' : parts[0];
          var end = parts[1].length === 10 ? parts[1] + 'T23:59' : parts[1];
          if (end < start) {
            found.push(format(data.words.order, {field: data.labels[key] || key, start: parts[0], end: parts[1]}));
          }
        }
      });
    });
    return found;
  }

  function checkBeforeSaving(data) {
    return function (event) {
      var entry = event.entry;
      var collection = entry.get('collection');
      var found = problems(data, collection, entry.get('data'));
      var i18n = entry.get('i18n');
      if (i18n && typeof i18n.forEach === 'function') {
        i18n.forEach(function (value, lang) {
          var values = value && value.get && value.get('data');
          /* A language with neither title nor text is not written yet: the build leaves it out. */
          if (values && !(empty(values.get('title')) && empty(values.get('body')))) {
            problems(data, collection, inherited(data, collection, values, entry.get('data'))).forEach(function (p) {
              found.push('[' + lang + '] ' + p);
            });
          }
        });
      }
      if (found.length) {
        throw new Error(found.filter(function (p, i) { return found.indexOf(p) === i; }).join(' '));
      }
      return undefined;
    };
  }

  function start(data) {
    if (data) {
      (data.styles || []).forEach(function (href) { CMS.registerPreviewStyle(href); });
      CMS.registerPreviewStyle(script.src.replace(/js\/cms\.js.*$/, 'css/admin.css'));
      CMS.registerPreviewTemplate('articles', articlePreview(data));
      CMS.registerPreviewTemplate('projects', projectPreview(data));
      CMS.registerPreviewTemplate('pages', pagePreview(data));
      CMS.registerEventListener({name: 'preSave', handler: checkBeforeSaving(data)});
    }
    CMS.init();
    var status = document.getElementById('cms-status');
    if (status) {
      status.parentNode.removeChild(status);
    }
  }

  /* Without a Git host to save to, the editor works only through decap-server on this computer
   * (`invoke cms`): say how to start it rather than show a configuration error. */
  function whenReady(data) {
    if (!data || !data.needs_local) {
      return start(data);
    }
    return fetch(data.local_backend, {method: 'POST', headers: {'Content-Type': 'application/json'},
                                      body: JSON.stringify({action: 'info'})})
      .then(function (r) {
        if (!r.ok) {
          throw new Error(String(r.status));
        }
        start(data);
      })
      .catch(function () {
        var status = document.getElementById('cms-status');
        var loading = status && status.querySelector('.cms-loading');
        if (loading) {
          loading.textContent = data.words.start_local;
        }
      });
  }

  fetch(script.getAttribute('data-preview'), {cache: 'no-store', credentials: 'same-origin'})
    .then(function (r) { return r.ok ? r.json() : null; })
    .catch(function () { return null; })
    .then(whenReady);
}());
