// consent-sieve early layer: load it synchronously first in <head>, after the JSON config. It pushes the
// Consent Mode default, holds vendor <script src> (type="text/plain", data-src, data-consent-vendor) and
// stops fetch/XHR/sendBeacon/image requests to vendor hosts; until the facade registers, every vendor
// counts as not granted. index.js imports it too (then it installs when index.js loads, if the page did
// not load it, and init() hands it the config's vendors at once: blocked before the wasm arrives).
// A request belongs to the vendor whose hosts and most specific `paths` match (tests/fixtures/routes.json);
// the SDK's own files never do. Requests to a destination (a vendor with a `minimize` policy, claimed by
// path or without paths) go through the facade's request(url, body, opaque) hook (body: text, or a
// Uint8Array of bytes that are not UTF-8), which blocks them or returns the URL and body to send; before
// the facade registers they are held (at most 50, for at most 10 s) and replayed through it, and dropped
// if the facade calls fail().
// window.__consentSieveEarly = { defaultPushed, register({allow, release, vendor, vendors, request}),
//   judge(url) → "" or the id of the vendor holding it (the one place requests are judged; a stopped
//   request logs one warning per vendor and reason), push(cm), fail() (the SDK could not start),
//   addHosts(vendors, sdkBase?), route(url) → [vendor id, destination] or undefined,
//   fast (the stored decision acted on before the core, see below), fastKey(configText), tagAllowed,
//   drained(cb) (cb once the tags released before the core have run), view, paint(config, late),
//   handover() (see "A first visit" below) }
// A returning visitor: the facade stores the core's decision beside the record (localStorage
// "consent-sieve.fast": the state, its expiry and the Consent Mode update of a load), keyed by exactly
// what the decision came from (this build, the config element's text, the stored record in
// localStorage and in the cookie, Global Privacy Control, the page's mode hint, the host). When the key
// matches and it has not expired, this layer acts on it before the wasm arrives: it pushes that
// Consent Mode update, lets the granted vendors' requests and scripts through and releases the held
// tags core::gate::allowed allows (its twin here, tests/fixtures/gate.json), in document order, as the
// parser inserts them. Anything else waits for the core (which then finds those tags released).
// A first visit: where the core will certainly show its first layer (`view`, checked with the core
// against tests/fixtures/first-layer.json), this layer paints the same elements as soon as <body>
// exists (or when the facade calls paint(config, true), its texts merged); a click on it is queued
// and nothing is granted; handover() (the facade, once the core started) removes it, moves focus to
// the core's banner and replays the click there; fail() removes it.
(function () {
  "use strict";
  /** @type {any} */
  var w = typeof window == "object" ? window : 0;
  if (!w || w.__consentSieveEarly) return;
  var d = w.document;
  /** @type {any[][]} [vendor id, host patterns, path patterns, has a minimize policy], in config order */
  var V = [];
  /** @type {any} vendor ids already listed */
  var ids = {};
  /** @type {string[]} where the SDK's own files are (their directory URLs) */
  var own = [];
  /** @type {any} the facade's hooks */
  var R;
  /** @type {any} */
  var warned = {};
  var held = new WeakSet();
  /** @type {Function[][]} requests to destinations held until the facade registers: [replay, stop] */
  var Q = [];
  /** @type {any} the facade failed (or did not register in time): nothing is held any more */
  var dead;
  /** @type {any} */
  var timer;
  /** This build (scripts/bundle.mjs writes the package version and the cores' digest): part of the stored decision's key. */
  var BUILD = "consent-sieve@dev", FAST = "consent-sieve.fast";
  /** @type {any} the stored decision acted on before the core: {p, v, vp} (see above), or 0 */
  var K = 0;
  /** @type {Element[]} held tags the stored decision allows, queued in document order */
  var FQ = [];
  /** @type {any} an external tag it released is loading; a tag it could not judge stops it (the core decides the rest) */
  var fwait = 0, fstop = 0;
  /** @type {Function[]} */
  var fdone = [];
  /** @type {any} the Consent Mode update that says nothing is granted (the default's types), with consentMode */
  var deny;
  /** @param {Function} f */
  var safe = function (f) {
    try {
      return f();
    } catch (e) {} // never into the page
  };
  /** @param {any} o @param {string} k */
  var has = function (o, k) {
    return Object.prototype.hasOwnProperty.call(o, k);
  };
  /** The vendors' hosts and paths (a vendor id listed twice keeps its first entry); `base`: a directory of the SDK's files. @param {any} vs @param {any} [base] */
  var addHosts = function (vs, base) {
    if (base) own.push(String(base));
    safe(function () {
      [].forEach.call(vs, function (/** @type {any} */ v) {
        safe(function () {
          var id = String(v.id), lc = function (/** @type {any} */ h) {
            return String(h).toLowerCase().replace(/\.$/, "");
          };
          if (!has(ids, id)) V.push([id, [].concat(v.hosts || []).map(lc), [].concat(v.paths || []).map(String), !!v.minimize]);
          ids[id] = 1;
        });
      });
    });
  };
  /** An http(s)/ws(s) URL, resolved against the page, that is not one of the SDK's own files; else undefined. @param {unknown} url @returns {URL | undefined} */
  var parse = function (url) {
    var u = safe(function () {
      return new URL(String(url), d.baseURI);
    });
    return u && /^(http|ws)s?:$/.test(u.protocol) && !own.some(function (b) {
      return u.href.indexOf(b) == 0 && /^((pkg|lang)\/)?[\w.-]+\.(m?js|wasm|css|json)$/.test(u.href.slice(b.length));
    }) ? u : undefined;
  };
  /** `*` is any run of characters (greedy leftmost: linear in the path). @param {string} p @param {string} s */
  var glob = function (p, s) {
    var a = p.split("*"), n = a.length - 1, e = a[n], i = a[0].length, k = 1, j;
    if (!n) return p == s;
    if (s.slice(0, i) != a[0]) return false;
    for (; k < n; k++) {
      j = s.indexOf(a[k], i);
      if (j < 0) return false;
      i = j + a[k].length;
    }
    return s.length - e.length >= i && s.slice(s.length - e.length) == e;
  };
  /**
   * The rule of tests/fixtures/routes.json (core::hosts has its twin): [vendor id, a destination request]
   * for the vendor whose host and most specific path pattern match (else a host claim, off the page's own
   * host); the first listed wins a tie; undefined when none claims it. @param {URL} u
   */
  var route = function (u) {
    var h = u.hostname.replace(/\.$/, ""), top = -2, /** @type {any} */ best, mine = h == w.location.hostname.replace(/\.$/, "") ? -2 : -1;
    V.forEach(function (v) {
      var c = mine;
      if (v[1].some(function (/** @type {string} */ p) {
        var s = p.slice(1);
        return h == p || (p[0] == "*" && (h == s.slice(1) || h.slice(-s.length) == s));
      })) v[2].forEach(function (/** @type {string} */ p) {
        if (glob(p, u.pathname)) c = Math.max(c, p.replace(/\*/g, "").length);
      });
      else c = -2;
      if (c > top) {
        top = c;
        best = [v[0], v[3] && (c > -1 || !v[2].length)];
      }
    });
    return best;
  };
  /** One warning per vendor and reason; names the origin only (a URL may carry personal data). @param {string} v @param {string} why @param {URL} u */
  var warn = function (v, why, u) {
    if (!warned[v + why]) {
      warned[v + why] = 1;
      console.warn('consent-sieve: blocked a request to vendor "' + v + '" (' + why + "): " + u.origin);
    }
  };
  /** @param {unknown} url @param {any} [quiet] no warning (held scripts are gating, not stopped requests) */
  var judge = function (url, quiet) {
    var u = parse(url);
    if (!u) return "";
    // Before the core: the stored decision, for what is no destination's (those are held for the engine).
    var p = route(u), ok = R ? safe(function () {
      return R.allow(/** @type {URL} */ (u).href);
    }) : kept() && !(p && p[1]) ? !p || (has(K.v, p[0]) && K.v[p[0]] === true) : undefined;
    if (ok || (ok !== false && !p)) return "";
    var v = (ok === false && R && safe(function () {
      return R.vendor(/** @type {URL} */ (u).href);
    })) || (p && p[0]) || "?";
    if (!quiet) warn(v, "not granted", u);
    return v;
  };
  /** The facade failed (or never came): held requests are dropped, later ones judged as before. */
  var fail = function () {
    dead = 1;
    unpaint();
    // Nothing more on the stored decision, on this page or the next one (until the core stores it again).
    fastOff();
    safe(function () {
      w.localStorage.removeItem(FAST);
    });
    Q.splice(0).forEach(function (q) {
      safe(q[1]);
    });
  };
  /**
   * The body as the hook reads it: cb(body, opaque, bytes read). Text: strings, URLSearchParams and other
   * values (sent as String(v)), FormData of strings (form-encoded), UTF-8 buffers, Blobs and streams
   * (read async); bytes (a Uint8Array): the rest of those; opaque: FormData with files, a Document, a
   * read that failed. @param {any} b @param {(t: any, opaque?: any, x?: any) => void} cb
   */
  var read = function (b, cb) {
    /** @param {any} x */
    var bytes = function (x) {
      var a = new Uint8Array(x.buffer || x, x.byteOffset || 0, x.byteLength), t = safe(function () {
        return new w.TextDecoder("utf-8", { fatal: true }).decode(a);
      });
      cb(t == null ? a : t, 0, x);
    }, f = new w.URLSearchParams(), o;
    if (b instanceof w.FormData) b.forEach(function (/** @type {any} */ v, /** @type {string} */ k) {
      typeof v == "string" ? f.append(k, v) : (o = 1);
    });
    b == null ? cb(null) : b instanceof w.Blob || b instanceof w.ReadableStream ? new w.Response(b).arrayBuffer().then(bytes, function () {
      cb(null, 1);
    }) : b instanceof ArrayBuffer || ArrayBuffer.isView(b) ? bytes(b) : o || b instanceof w.Document ? cb(null, 1) : cb(String(b instanceof w.FormData ? f : b));
  };
  /** The minimized text or bytes in the original's body type, so the Content-Type stays. @param {any} b @param {any} t */
  var wrap = function (b, t) {
    return t == null ? t : b instanceof w.Blob ? new w.Blob([t], { type: b.type }) : b instanceof w.URLSearchParams || b instanceof w.FormData ? new w.URLSearchParams(t) : typeof t == "string" && (b instanceof ArrayBuffer || ArrayBuffer.isView(b)) ? new w.TextEncoder().encode(t) : t;
  };
  /**
   * One request. Not to a destination's host: judged (sync). To a destination: body read, then the
   * facade's request hook decides (held until it registers). go(url, body, 1) sends the rewritten
   * request, go(url, body) the caller's own; stop() fails it (sync when the decision is).
   * @param {unknown} url @param {any} body @param {(u: any, b?: any, k?: any) => void} go @param {() => void} stop
   */
  var net = function (url, body, go, stop) {
    var u = parse(url), /** @type {any} */ p = u && route(u), /** @type {any} */ v;
    if (!p || !p[1]) return judge(url) ? stop() : go(url, body);
    // A Blob is read async, too late for a beacon as the page closes: first ask (quietly) about it
    // unread, which a destination whose adapter minimized it in the page lets go at once.
    if (body instanceof w.Blob && R && (v = safe(function () {
      return R.request(/** @type {URL} */ (u).href, null, true);
    })) && v[0] == "send") return go(v[1], body, 1);
    read(body, function decide(t, opaque, x) {
      if (body instanceof w.ReadableStream) body = x; // read: from now on its bytes are the body
      if (!R && !dead) {
        if (Q.length > 49) return stop();
        Q.push([function () {
          decide(t, opaque, x);
        }, stop]);
        timer = timer || setTimeout(function () {
          R || fail();
        }, 1e4);
        return;
      }
      v = R && R.request ? safe(function () {
        return R.request(/** @type {URL} */ (u).href, t, !!opaque);
      }) : [];
      if (!Array.isArray(v)) v = ["block", p[0], "the SDK failed"];
      if (!v.length) return judge(url) ? stop() : go(url, body);
      // Sent as it was: an opaque body, or bytes the hook answered without a body of its own (a
      // destination whose adapter minimized the payload in the page).
      if (v[0] == "send") return go(v[1], opaque || (typeof t == "object" && v[2] == null) ? body : wrap(body, v[2]), 1);
      warn(v[1], v[2], /** @type {URL} */ (u));
      stop();
    });
  };
  /**
   * Consent Mode: commands via the page's gtag (else the gtag shim: Arguments), then the event. Each push
   * on its own and never into the caller: a dataLayer that is no array, frozen or throwing, or a throwing
   * gtag, costs only that push (one warning). @param {any} cm
   */
  var push = function (cm) {
    safe(function () {
      var n = cm.dataLayer || "dataLayer", g = w.gtag, one = function (/** @type {Function} */ f) {
        try {
          f();
        } catch (e) {
          warned.cm || console.warn("consent-sieve: a Consent Mode push failed", e);
          warned.cm = 1;
        }
      };
      if (typeof g != "function") g = function () {
        (w[n] = w[n] || []).push(arguments);
      };
      cm.commands.forEach(function (/** @type {any} */ c) {
        one(function () {
          g.apply(w, c);
        });
      });
      if (cm.event) one(function () {
        (w[n] = w[n] || []).push(cm.event);
      });
    });
  };
  /** ASCII whitespace (Rust's split_ascii_whitespace), and what Rust's str::trim trims (Unicode White_Space: no U+FEFF, unlike JavaScript's trim). */
  var WS = /[\t\n\f\r ]+/, TRIM = /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;
  /**
   * The rule of core::gate::allowed (its twin, checked against tests/fixtures/gate.json): whether a held
   * tag may run, given `s` = {p: purposes granted, v: vendors granted, vp: each vendor's purposes},
   * its `data-consent` (space-separated purpose ids, all granted) and its vendor (granted, and each
   * purpose granted or one of the vendor's own). Empty, unknown purpose or unknown vendor: no.
   * @param {any} s @param {unknown} purposes @param {unknown} vendor
   */
  var tagAllowed = function (s, purposes, vendor) {
    var ids = String(purposes == null ? "" : purposes).split(WS).filter(Boolean), g = function (/** @type {string} */ id) {
      return has(s.p, id) && s.p[id] === true;
    }, v = vendor == null ? "" : String(vendor).replace(TRIM, "");
    if (!v) return ids.length > 0 && ids.every(g);
    return has(s.v, v) && s.v[v] === true && ids.every(function (id) {
      return has(s.p, id) && (g(id) || (has(s.vp, v) && /** @type {any[]} */ ([]).concat(s.vp[v]).indexOf(id) >= 0));
    });
  };
  /**
   * A held tag under the stored decision: true or false as the core would say, undefined when this layer
   * cannot be sure (a URL not in the browser's own form: relative, with a default port, percent-escapes,
   * dot segments; one of the SDK's own files): the core decides.
   * Its vendor is web::gate's: `data-consent-vendor`, else the vendor serving its URL (route's twin).
   * @param {Element} el
   */
  var fastOk = function (el) {
    var a = el.getAttribute("data-consent-vendor"), src = el.getAttribute("data-src"), u, r;
    if (src == null) src = el.getAttribute("src");
    if (a == null && src != null) {
      // Only a URL written as the browser writes it: the core reads the text as it is (no resolving,
      // no percent-decoding), so anything else could route to another vendor there.
      if (!(u = parse(src)) || u.href !== src) return;
      r = route(u);
      a = r ? r[0] : null;
    }
    return tagAllowed(K, el.getAttribute("data-consent"), a);
  };
  /** web::gate's release of one held script: a live copy (attributes, real type, nonce, src or code). @param {Element} held */
  var activate = function (held) {
    var live = /** @type {any} */ (d.createElement("script")), src = held.getAttribute("data-src"), t = held.getAttribute("data-type");
    if (src == null) src = held.getAttribute("src");
    [].forEach.call(held.attributes, function (/** @type {Attr} */ x) {
      if (!/^(type|data-type|src|data-src|data-cs-queued|nonce)$/.test(x.name)) setAttr.call(live, x.name, x.value);
    });
    if (t != null) setAttr.call(live, "type", t);
    if (/** @type {any} */ (held).nonce) live.nonce = /** @type {any} */ (held).nonce;
    if (src != null) {
      live.src = src;
      live.async = false;
    } else live.text = held.textContent;
    setAttr.call(live, "data-consent-released", "");
    return live;
  };
  /** The next tag's turn, once per external tag (its load, its error or its 10 s, whichever comes first). */
  var once = function () {
    var done = 0;
    return function () {
      if (!done) {
        done = 1;
        fwait = 0;
        pump();
      }
    };
  };
  /** Runs the queue: an external tag loads (or fails) before the next runs. */
  var pump = function () {
    /** @type {any} */
    var el;
    /** @type {any} */
    var live;
    while (!fwait && (el = FQ.shift())) {
      if (!el.isConnected) continue; // removed meanwhile: the core would not find it either
      live = safe(function () {
        return activate(/** @type {Element} */ (el));
      });
      if (!live) {
        // It cannot be released here (Trusted Types refused it, say): it and every later one go to the core.
        fstop = 1;
        [el].concat(FQ.splice(0)).forEach(function (x) {
          x.removeAttribute("data-cs-queued");
        });
        break;
      }
      if (live.hasAttribute("src")) {
        fwait = 1;
        var next = once();
        live.addEventListener("load", next);
        live.addEventListener("error", next);
        // A tag that never says it loaded (a type that is not script) holds the rest at most 10 s.
        setTimeout(next, 1e4);
      }
      if (!safe(function () {
        el.replaceWith(live);
        return live.isConnected;
      })) fwait = 0;
    }
    if (!fwait && !FQ.length) fdone.splice(0).forEach(safe);
  };
  /** Whether `el` is complete: an external tag is at insertion; an inline one's text once the document is parsed. @param {Element} el */
  var parsed = function (el) {
    return d.readyState != "loading" || el.hasAttribute("data-src") || el.hasAttribute("src");
  };
  /** The stored decision while it holds (not expired), else nothing more is released from it. */
  var kept = function () {
    if (K && !(Date.now() < K.x)) fastOff();
    return K;
  };
  /** Stops acting on the stored decision: what is queued and not yet run goes back to the core. */
  var fastOff = function () {
    // What the stored decision granted in Consent Mode is withdrawn (the core says what holds).
    if (K && deny) push(deny);
    K = 0;
    FQ.splice(0).forEach(function (x) {
      x.removeAttribute("data-cs-queued");
    });
    if (!fwait) fdone.splice(0).forEach(safe);
  };
  /** Queues, in document order, the held tags the stored decision allows, until one it cannot judge. */
  var fscan = function () {
    if (!kept() || fstop || R) return;
    safe(function () {
      [].every.call(d.querySelectorAll("script[type='text/plain'][data-consent]:not([data-cs-queued]),script[type='text/plain'][data-consent-vendor]:not([data-cs-queued])"), function (/** @type {Element} */ el) {
        if (!parsed(el)) return false;
        var ok = fastOk(el);
        if (ok === undefined) return !(fstop = 1);
        if (ok) {
          setAttr.call(el, "data-cs-queued", "");
          FQ.push(el);
        }
        return true;
      });
    });
    pump();
  };
  /** The stored record's cookie value as sent (percent-encoded), or undefined. */
  var cookie = function () {
    var m = /(?:^|;\s*)consent_sieve=([^;]*)/.exec(d.cookie);
    return m ? m[1] : undefined;
  };
  /** What a stored decision must have been made from to be acted on now. @param {string} text the config element's @returns {string | undefined} */
  var fastKey = function (text) {
    return safe(function () {
      return [BUILD, text, w.localStorage.getItem("consent-sieve") || "", cookie() || "", w.navigator.globalPrivacyControl === true, d.documentElement.getAttribute("data-consent-sieve-mode") || "", w.location.hostname].join("\n");
    });
  };
  /** @type {string | undefined} the config element's text, read once */
  var ctext;
  /** @type {any} the page's config, until the painter has tried it once <body> exists */
  var pc;
  /** The bundled languages (js/lang/*.json; early-twins.test.mjs checks the list). */
  var BUNDLED = "ar cs da de es fr he it ja nl pl pt sv".split(" ");
  /** The first layer's English texts (core::policy::texts; tests/fixtures/first-layer.json checks both). */
  var EN = /** @type {any} */ ({
    bannerTitle: "Your privacy choices",
    bannerText: "We use cookies and similar technologies for the purposes below. Optional ones stay off unless you accept them. You can change your mind at any time under “Privacy settings”.",
    bannerTextOptOut: "We and our partners use cookies and similar technologies for the purposes below, including to personalise ads, which may count as selling or sharing personal information. You can opt out of all of them or choose in Preferences, at any time.",
    acceptAll: "Accept all",
    rejectAll: "Reject all",
    rejectAllOptOut: "Opt out of all",
    preferences: "Preferences",
    privacyPolicy: "Privacy policy",
  });
  var LANG = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i;
  /** @param {string} t */
  var primary = function (t) {
    return t.split("-")[0].toLowerCase();
  };
  /** @param {unknown} x @returns {x is any} */
  var obj = function (x) {
    return !!x && typeof x == "object" && !Array.isArray(x);
  };
  /**
   * The first layer the core will certainly show for config `c` with no record stored (its rules:
   * web::api start, Machine::needs_prompt, Config::apply_mode_hint, texts::resolve, dom.rs Ui::build),
   * or 0 when this layer cannot be sure: TCF or GPP, a blocking banner, Global Privacy Control in
   * opt-out mode (the core says it honoured it), a value the core would refuse, a bundled language
   * whose texts are not merged yet (`merged`: the facade merged them), two `texts` keys of the language
   * shown. Checked against tests/fixtures/first-layer.json, as is the core.
   * @param {any} c @param {any} merged @param {unknown[]} browser @param {unknown} hint @param {unknown} gpc
   */
  var view = function (c, merged, browser, hint, gpc) {
    if (!obj(c) || c.tcf != null || c.gpp != null) return 0;
    var ui = c.ui == null ? {} : c.ui, texts = c.texts == null ? {} : c.texts, mode = c.mode == null ? "opt-in" : c.mode, url = c.privacyPolicyUrl, lang = c.language;
    var o = /** @type {any} */ (0), out = o, u = o, code = o, m = o, table = o, keys = o;
    if (!obj(ui) || !obj(texts) || (ui.forced != null && ui.forced !== false) || ["opt-in", "opt-out", "auto"].indexOf(mode) < 0) return 0;
    o = { layout: ui.layout == null ? "bar" : ui.layout, theme: ui.theme == null ? "auto" : ui.theme, href: url == null ? null : url };
    if (["bar", "box"].indexOf(o.layout) < 0 || ["light", "dark", "auto"].indexOf(o.theme) < 0) return 0;
    out = mode == "opt-out" || (mode == "auto" && typeof hint == "string" && /^opt-out$/i.test(hint.replace(TRIM, "")));
    if (out && gpc === true) return 0;
    if (url != null) {
      // config::check_url, then the browser's own reading of the href.
      u = typeof url == "string" ? url.replace(/^[\0- ]+|[\0- ]+$/g, "").replace(/[\t\n\r]/g, "") : "";
      m = u.search(/[/?#]/);
      code = u.indexOf(":");
      if (!u || new w.TextEncoder().encode(u).length > 2048 || (code >= 0 && (m < 0 || code < m) && !/^(https?|mailto)$/i.test(u.slice(0, code)))) return 0;
      if (!/^(https?|mailto):$/.test(new URL(url, d.baseURI).protocol)) return 0;
    }
    if (lang != null && (typeof lang != "string" || (lang != "auto" && !LANG.test(lang)))) return 0;
    keys = Object.keys(texts);
    if (!keys.every(function (/** @type {string} */ k) {
      return obj(texts[k]);
    })) return 0;
    /** @param {string} l */
    var has_ = function (l) {
      return l == "en" || keys.some(function (/** @type {string} */ k) {
        return primary(k) == l;
      }) || (!merged && BUNDLED.indexOf(l) >= 0);
    };
    code = lang && lang != "auto" && has_(primary(lang)) ? primary(lang) : "";
    [].forEach.call(browser, function (/** @type {unknown} */ t) {
      if (!code && typeof t == "string" && LANG.test(t) && has_(primary(t))) code = primary(t);
    });
    code = code || "en";
    m = keys.filter(function (/** @type {string} */ k) {
      return primary(k) == code;
    });
    if ((!merged && code != "en" && BUNDLED.indexOf(code) >= 0) || m.length > 1) return 0;
    table = m.length ? texts[m[0]] : {};
    o.lang = code;
    o.dir = /^(ar|he|fa|ur|ps|yi)$/.test(code) ? "rtl" : "ltr";
    o.texts = {};
    return ["bannerTitle", "bannerText", "acceptAll", "rejectAll", "preferences", "privacyPolicy"].every(function (k) {
      var s = out && /^(bannerText|rejectAll)$/.test(k) ? k + "OptOut" : k, t = has(table, s) ? table[s] : EN[s];
      o.texts[k] = t;
      return typeof t == "string";
    }) ? o : 0;
  };
  /** @type {any} the first layer painted here until the core's replaces it, 1 once that can no longer happen, else 0 */
  var P = 0;
  /** @type {string} the action clicked on it before the core (queued: nothing is granted until the core decides) */
  var PA = "";
  /** The browser's languages as web::env reads them: navigator.languages (else .language), then <html lang>. */
  var langs = function () {
    var n = w.navigator, l = /** @type {any[]} */ ([].slice.call(n.languages || []));
    if (!l.length && n.language) l.push(n.language);
    if (d.documentElement.hasAttribute("lang")) l.push(d.documentElement.getAttribute("lang"));
    return l;
  };
  /**
   * Paints the core's first layer now (the same elements, marked data-cs-early) when a choice is
   * certainly needed (no record in localStorage or the cookie) and `view` is sure of it. `late`: the
   * facade's call (its texts merged, its stylesheet loaded); before, the stylesheet must be off or a
   * <link> already in <head> (render-blocking: no unstyled frame). Clicks are queued for the core
   * (handover). @param {any} c @param {any} [late]
   */
  var paint = function (c, late) {
    safe(function () {
      var v = /** @type {any} */ (0), b = v, s = v, href = v, el = v, at = v;
      if (P || R || dead || !d.body || cookie() != null || safe(function () {
        return w.localStorage.getItem("consent-sieve");
      }) != null) return;
      if (!late && c.stylesheet !== false) {
        // The default stylesheet: the one beside early.js, or a <link> marked data-consent-sieve-css
        // (the Vite plugin's, or the site's own copy); the facade's addStylesheet takes the same one.
        el = c.stylesheet === void 0 || c.stylesheet === true;
        href = typeof c.stylesheet == "string" ? new URL(c.stylesheet, d.baseURI).href : el && own[0] ? new URL("./consent-sieve.css", own[0]).href : "";
        if (![].some.call(d.querySelectorAll("head link[rel~=stylesheet]"), function (/** @type {any} */ l) {
          return (href && l.href === href || el && l.hasAttribute("data-consent-sieve-css")) && !l.disabled && (!l.media || l.media == "all");
        })) return;
      }
      if (!(v = view(c, late, langs(), d.documentElement.getAttribute("data-consent-sieve-mode"), safe(function () {
        return w.navigator.globalPrivacyControl;
      })))) return;
      /** @param {string} tag @param {string} cls @param {any} [o] attributes @param {any} [t] text */
      el = function (tag, cls, o, t) {
        var e = d.createElement(tag), k;
        e.className = cls;
        for (k in o) setAttr.call(e, k, o[k]);
        if (t != null) e.textContent = t;
        return e;
      };
      b = el("div", "cs-banner cs-layout-" + v.layout + " cs-theme-" + v.theme, { "data-consent-sieve": "banner", role: "dialog", "aria-modal": "false", "aria-labelledby": "cs-banner-title", "aria-describedby": "cs-banner-desc", lang: v.lang, dir: v.dir, tabindex: "-1", "data-cs-early": "" });
      s = el("p", "cs-sr-only", { role: "status", "aria-live": "polite" });
      at = el("p", "cs-text", { id: "cs-banner-desc" }, v.texts.bannerText);
      if (v.href != null) at.append(" ", el("a", "cs-link", { href: v.href, target: "_blank", rel: "noopener noreferrer" }, v.texts.privacyPolicy));
      b.append(s, el("div", "cs-banner-inner"));
      /** @type {any} */ (b.lastChild).append(el("h2", "cs-title", { id: "cs-banner-title" }, v.texts.bannerTitle), at, el("div", "cs-actions"));
      [["accept-all", "acceptAll"], ["reject-all", "rejectAll"], ["preferences", "preferences"]].forEach(function (a) {
        /** @type {any} */ (b.lastChild.lastChild).append(el("button", "cs-btn", { type: "button", "data-action": a[0] }, v.texts[a[1]]));
      });
      b.addEventListener("click", function (/** @type {any} */ e) {
        var t = e.target.closest && e.target.closest("[data-action]");
        if (!t) return;
        e.preventDefault();
        PA = t.getAttribute("data-action");
        if (PA != "preferences") b.hidden = true;
      });
      d.body.insertBefore(b, d.body.firstChild);
      s.textContent = v.texts.bannerTitle;
      P = b;
    });
  };
  /** Once <body> exists (the parser inserted it, or it was there), the page's config is painted or not: once. */
  var bodyPaint = function () {
    if (pc && d.body) {
      paint(pc);
      pc = 0;
    }
  };
  /** No more painting here: the painted layer goes. @returns {any} what was painted */
  var unpaint = function () {
    var p = P;
    P = 1;
    if (p && p !== 1) safe(function () {
      p.remove();
    });
    return p !== 1 && p;
  };
  var E = (w.__consentSieveEarly = {
    defaultPushed: false,
    judge: judge,
    push: push,
    /** A signal's output (core::signals) to its handler: one per signal. @param {string} name @param {any} out */
    signal: function (name, out) {
      var h = /** @type {any} */ ({ consentMode: push })[name];
      if (h) h(out);
    },
    addHosts: addHosts,
    /** @param {unknown} url */
    route: function (url) {
      var u = parse(url);
      return u && route(u);
    },
    /** @param {any} hooks */
    register: function (hooks) {
      addHosts(hooks.vendors);
      R = hooks;
      // After the facade's synchronous start (the stored choice restored), held requests are decided.
      Promise.resolve().then(function () {
        Q.splice(0).forEach(function (q) {
          safe(q[0]);
        });
      });
    },
    fail: fail,
    /** The Consent Mode `load` signals already pushed from the stored decision (the facade does not push them twice), or undefined. */
    fast: /** @type {string | undefined} */ (undefined),
    fastKey: fastKey,
    tagAllowed: tagAllowed,
    /** cb() once the tags released from the stored decision have run (at once when there are none). @param {Function} cb */
    drained: function (cb) {
      fwait || FQ.length ? fdone.indexOf(cb) < 0 && fdone.push(cb) : safe(cb);
    },
    /** The stored decision acted on ({p, v}), while it is; the facade compares the core's with it. */
    fastState: function () {
      return K ? { p: K.p, v: K.v } : undefined;
    },
    /** The core decided otherwise: nothing more is released from the stored decision. */
    fastOff: fastOff,
    view: view,
    paint: paint,
    /**
     * The facade, right after the core started (same task: no frame shows two banners or none): the
     * painted layer goes; if the core shows its banner, focus moves to its twin of what had it, and a
     * queued click is the core's own button clicked (its rules, its receipt, source "banner").
     */
    handover: function () {
      var f = safe(function () {
        return P && P !== 1 && P.contains(d.activeElement) && d.activeElement;
      }), p = unpaint();
      safe(function () {
        var c = p && d.querySelector("[data-consent-sieve=banner]:not([data-cs-early])"), x;
        if (!c || c.hidden) return;
        if (f) {
          x = f.getAttribute("data-action");
          (x ? c.querySelector('[data-action="' + x + '"]') : f.matches("a") ? c.querySelector("a.cs-link") : c).focus();
        }
        if (PA) c.querySelector('[data-action="' + PA + '"]').click();
      });
    },
    /**
     * The facade, after the core started and after each change: stores the core's decision for the next
     * page (`text`: the config element's text this page was started from, null when it was not; `s`:
     * the core's state; `vp`: each vendor's purposes; `sig`: the core's `load` signals, JSON), or removes it
     * when there is none to act on; `build`: the facade's (only this build's core counts).
     * @param {string | null} text @param {any} s @param {any} vp @param {string} sig @param {string} [build]
     */
    remember: function (text, s, vp, sig, build) {
      safe(function () {
        var c = cookie(), ls = w.localStorage, r = ls.getItem("consent-sieve"), e;
        // Only a decision made by this build's core for a record stored in both places, the same in
        // each (so the core reads it whichever it reads first: storage that failed or a cookie the
        // browser dropped gives none).
        var ok = build === BUILD && text != null && text === ctext && r != null && c != null && safe(function () {
          return decodeURIComponent(/** @type {string} */ (c)) === r;
        }) && s && s.decided === true && typeof s.expiresAt == "number" && typeof s.decidedAt == "number" && typeof sig == "string";
        if (!ok) return ls.removeItem(FAST);
        e = JSON.stringify({ k: fastKey(/** @type {string} */ (text)), x: s.expiresAt, a: s.decidedAt, p: s.purposes, v: s.vendors, vp: vp, sig: sig });
        if (ls.getItem(FAST) !== e) ls.setItem(FAST, e);
      });
    },
  });
  /** The script element running this file (null when inline or a module). */
  var me = safe(function () {
    return d.currentScript;
  });
  safe(function () {
    own.push(new URL("./", me.src).href);
  });
  /**
   * Loaded by `src` from the package's folder (a file named early.js: the npm package's dist/ or a CDN
   * copy of it; not inline, not a renamed copy), the page will load auto.js or index.js from that same
   * folder: ask for the chosen core's wasm, its glue and index.js now, in parallel, instead of one after
   * the other once each module has run. The choice of core is loader.js's `coreFor` (its twin here
   * is checked against tests/fixtures/core-choice.json). `data-preload="off"` on the tag turns it off
   * (a page that bundles the facade itself). @param {any} c the page's config
   */
  var preload = function (c) {
    var src = me && me.src, m, core, links;
    if (!src || !/\/early\.js$/.test(src.split(/[?#]/)[0]) || me.getAttribute("data-preload") == "off") return;
    m = Array.isArray(c.vendors) && c.vendors.some(function (/** @type {any} */ v) {
      return obj(v) && v.minimize != null;
    });
    core = new URL("./pkg/consent_sieve" + (c.tcf != null || c.gpp != null ? m ? "_full" : "_iab" : m ? "_minimize" : ""), src).href;
    // auto.js imports early.js as a module too (a no-op once this ran): asked for now, in parallel.
    links = [["modulepreload", new URL("./index.js", src).href], ["modulepreload", new URL("./early.js", src).href], ["modulepreload", core + ".js"]];
    if (c.wasmUrl == null) links.push(["preload", core + "_bg.wasm"]);
    else if (typeof c.wasmUrl == "string") links.push(["preload", new URL(c.wasmUrl, d.baseURI).href]);
    links.forEach(function (l) {
      var e = d.createElement("link");
      e.rel = l[0];
      e.href = l[1];
      if (l[0] == "preload") {
        // What the glue's fetch() asks for (CORS mode, same-origin credentials), so the response is reused.
        e.as = "fetch";
        e.crossOrigin = "anonymous";
      }
      if (me.nonce) e.nonce = me.nonce;
      (d.head || d.documentElement).appendChild(e);
    });
  };

  safe(function () {
    var t = d.getElementById("consent-sieve-config").textContent, c = JSON.parse(t), cm = c.consentMode;
    ctext = t;
    pc = c;
    addHosts(c.vendors);
    safe(function () {
      preload(c);
    });
    if (!cm) return;
    // The rule of wasm consentMode("default"): a type is granted only when all its purposes are
    // required ones (security_storage maps to none by default).
    /** @type {any} */
    var map = { ad_storage: "marketing", analytics_storage: "analytics", ad_user_data: "marketing", ad_personalization: "marketing", functionality_storage: "functional", personalization_storage: "personalization", security_storage: "" };
    /** @type {any} */
    var req = {}, /** @type {any} */ o = {}, t;
    (c.purposes || []).forEach(function (/** @type {any} */ p) {
      if (p.required === true) req[p.id] = 1;
    });
    for (t in map) o[t] = ((cm.types || {})[t] || (map[t] ? [map[t]] : [])).every(function (/** @type {string} */ id) {
      return req[id];
    }) ? "granted" : "denied";
    deny = { dataLayer: cm.dataLayerName, commands: [["consent", "update", JSON.parse(JSON.stringify(o))]] };
    if (cm.waitForUpdate != null) o.wait_for_update = cm.waitForUpdate;
    if (cm.region && cm.region.length) o.region = cm.region;
    /** @type {any[]} */
    var cmds = [["consent", "default", o]];
    if (cm.adsDataRedaction) cmds.push(["set", "ads_data_redaction", true]);
    if (cm.urlPassthrough) cmds.push(["set", "url_passthrough", true]);
    push({ dataLayer: cm.dataLayerName, commands: cmds });
    E.defaultPushed = true;
  });

  // Each interception on its own: a page that made one of them unchangeable loses only that one (a warning).
  /** @param {any} o @param {string} k @param {(this: any, ...a: any[]) => any} f */
  var put = function (o, k, f) {
    safe(function () {
      o[k] = f;
    });
    safe(function () {
      if (o[k] !== f) Object.defineProperty(o, k, { configurable: true, writable: true, value: f });
      return o[k] === f;
    }) || nope(k);
  };
  /** @param {string} k */
  var nope = function (k) {
    console.warn("consent-sieve: cannot intercept " + k);
  };
  /** @type {any} */
  var EP = safe(function () {
    return w.Element.prototype;
  }) || {}, setAttr = EP.setAttribute, SE = w.HTMLScriptElement || Object, IE = w.HTMLImageElement || Object;
  /**
   * Holds an executable script whose src is a vendor's that is not granted; true if held. `set`: the
   * page is setting src now (property or attribute). Under Trusted Types a plain string is first given to
   * the browser's own setter on a detached script: it throws for the page as it would without the SDK, or
   * the page's default policy rewrites it, and what is held is what the browser accepted (the SDK's
   * policy never launders a URL the page's policy refused).
   * @param {Element} s @param {unknown} src @param {any} [set]
   */
  var hold = function (s, src, set) {
    var t = s.getAttribute("type"), v = src != null && (!t || /^\s*(module|(text|application)\/(x-)?(java|ecma)script)\s*$/i.test(t)) && judge(src, 1), x;
    if (!v) return false;
    if (set && w.trustedTypes && !(w.trustedTypes.isScriptURL && w.trustedTypes.isScriptURL(src))) {
      x = d.createElement("script");
      set.call(x, src);
      src = x.getAttribute("src");
    }
    held.add(s);
    if (t) setAttr.call(s, "data-type", t);
    setAttr.call(s, "type", "text/plain");
    setAttr.call(s, "data-src", String(src));
    setAttr.call(s, "data-consent-vendor", v);
    s.removeAttribute("src");
    return true;
  };
  /** Every script in `n`: itself, or inside an element or fragment. @param {any} n */
  var scan = function (n) {
    safe(function () {
      if (n instanceof SE) hold(n, n.getAttribute("src"));
      else if (n.querySelectorAll) n.querySelectorAll("script[src]").forEach(scan);
    });
  };
  /** @param {any} P @param {string} k @param {(el: any, set: Function, v: unknown) => void} f */
  var setter = function (P, k, f) {
    safe(function () {
      /** @type {any} */
      var D = Object.getOwnPropertyDescriptor(P, k);
      Object.defineProperty(P, k, {
        configurable: true,
        get: D.get,
        set: function (v) {
          f(this, D.set, v);
        },
      });
      return 1;
    }) || nope(k);
  };
  // Scripts created by other scripts: held when src is set (property or attribute), before insertion;
  // a later `type` on a held script goes to data-type. Images: no vendor src until granted, and a
  // destination's src minimized (set when the hook decided; a blocked one is never set: `Object` is the no-op).
  setter(SE.prototype, "src", function (el, set, v) {
    if (!hold(el, v, set)) set.call(el, v);
  });
  setter(SE.prototype, "type", function (el, set, v) {
    held.has(el) ? setAttr.call(el, "data-type", v) : set.call(el, v);
  });
  // Media and links (img, audio/video, source, link href): like images. An iframe whose src is a vendor's
  // that is not granted: held as an embed (data-src, data-consent-vendor), which the SDK shows with its
  // placeholder and loads once allowed (or once, by its "Load this once": the SDK marks what it released).
  var FE = w.HTMLIFrameElement || Object, fetched = [[IE, "src"], [w.HTMLMediaElement, "src"], [w.HTMLSourceElement, "src"], [w.HTMLLinkElement, "href"]];
  /** @param {any} el @param {unknown} v */
  var frame = function (el, v) {
    var x = !el.hasAttribute("data-consent-released") && judge(v, 1);
    if (x) {
      setAttr.call(el, "data-src", String(v));
      setAttr.call(el, "data-consent-vendor", x);
    }
    return x;
  };
  fetched.forEach(function (f) {
    if (f[0]) setter(f[0].prototype, f[1], function (el, set, v) {
      net(v, null, function (u) {
        set.call(el, u);
      }, Object);
    });
  });
  setter(FE.prototype, "src", function (el, set, v) {
    frame(el, v) || set.call(el, v);
  });
  put(EP, "setAttribute", function (/** @type {string} */ n, /** @type {string} */ v) {
    var k = String(n).toLowerCase(), el = this;
    if (el instanceof SE) {
      if (k == "src" && hold(el, v, /** @this {any} @param {any} u */ function (u) {
        setAttr.call(this, n, u);
      })) return;
      if (k == "type" && held.has(el)) n = "data-type";
    } else if (k == "src" && el instanceof FE) {
      if (frame(el, v)) return;
    } else if (fetched.some(function (f) {
      return f[0] && el instanceof f[0] && k == f[1];
    })) {
      return net(v, null, function (u) {
        setAttr.call(el, n, u);
      }, Object);
    }
    return setAttr.call(el, n, v);
  });
  // WebSocket and EventSource: their messages cannot be read or minimized, so one to a destination is
  // always refused, one to another vendor until it is granted. Refused, the page gets a connection that
  // failed (closed, an error event then a close event), never an exception.
  ["WebSocket", "EventSource"].forEach(function (k) {
    var C = w[k];
    if (C) safe(function () {
      /** @param {any} url @this {any} */
      var H = function (url) {
        var u = parse(url), p = u && route(u), v = p && p[1] ? (warn(p[0], "its messages cannot be minimized", /** @type {URL} */ (u)), p[0]) : judge(url);
        if (!v) return Reflect.construct(C, arguments, new.target || H);
        var t = /** @type {any} */ (new w.EventTarget()), fire = function (/** @type {string} */ e) {
          var ev = new w.Event(e);
          t.dispatchEvent(ev);
          if (typeof t["on" + e] == "function") safe(function () {
            t["on" + e](ev);
          });
        };
        t.url = u ? u.href : String(url);
        t.readyState = k == "WebSocket" ? 3 : 2;
        t.send = t.close = Object;
        setTimeout(function () {
          fire("error");
          if (k == "WebSocket") fire("close");
        });
        return t;
      };
      H.prototype = C.prototype;
      Object.setPrototypeOf(H, C);
      put(w, k, H);
      return 1;
    });
  });
  // Scripts reaching the DOM another way (e.g. createContextualFragment): checked on insertion.
  /** @param {any} P @param {string} ms */
  var onInsert = function (P, ms) {
    ms.split(" ").forEach(function (m) {
      var f = P && P[m];
      if (f) put(P, m, function () {
        [].forEach.call(arguments, scan);
        return f.apply(this, arguments);
      });
    });
  };
  onInsert(w.Node && w.Node.prototype, "appendChild insertBefore replaceChild");
  onInsert(EP, "append prepend before after replaceWith insertAdjacentElement");

  // Parser-inserted scripts: the observer runs before the parser executes them. Once the facade
  // registered, held tags and embeds added at any time: one release() per batch of mutations.
  safe(function () {
    var SEL = "script[type='text/plain'][data-consent],script[type='text/plain'][data-consent-vendor],iframe[data-src],img[data-src]";
    new w.MutationObserver(function (/** @type {MutationRecord[]} */ ms) {
      var again = 0;
      ms.forEach(function (m) {
        m.addedNodes.forEach(function (/** @type {any} */ n) {
          scan(n);
          if (n instanceof w.Element && (n.matches(SEL) || n.querySelector(SEL))) again = 1;
        });
      });
      bodyPaint(); // <body> is there: the first layer, before the core (once)
      // The core's release waits for the tags released from the stored decision (document order).
      if (again && R) E.drained(R.release);
      else if (again) fscan();
    }).observe(d.documentElement, { childList: true, subtree: true });
  });

  // Network: a stopped request fails like a network error and never leaves the page.
  var F = w.fetch, N = w.navigator || {}, B = N.sendBeacon, XP = safe(function () {
    return w.XMLHttpRequest.prototype;
  }) || {}, open = XP.open, send = XP.send, setH = XP.setRequestHeader, abort = XP.abort, xs = new WeakMap();
  if (F) put(w, "fetch", function (/** @type {any} */ r, /** @type {any} */ o) {
    var self = this, a = arguments, q = r instanceof w.Request;
    return new Promise(function (ok, no) {
      var stop = function () {
        no(new TypeError("Failed to fetch"));
      }, url = q ? r.url : r, u = parse(url), p = u && route(u);
      /** @param {any} [b] */
      var run = function (b) {
        net(url, b, function (u, b, k) {
          ok(new Promise(function (y) {
            // A rewritten request: the caller's init with the new body; a Request's own fields kept. A
            // stream read (b: its bytes) goes as those bytes.
            y(k ? F.call(self, q ? new w.Request(u, { method: r.method, headers: r.headers, credentials: r.credentials, mode: r.mode, cache: r.cache, redirect: r.redirect, referrerPolicy: r.referrerPolicy, integrity: r.integrity, keepalive: r.keepalive, signal: r.signal }) : u, Object.assign({}, o, { body: b })) : o && o.body != null && b !== o.body ? F.call(self, r, Object.assign({}, o, { body: b })) : F.apply(self, a));
          }));
        }, stop);
      };
      // To a destination, a Request's body is read from a clone.
      o && o.body != null ? run(o.body) : q && r.body && p && p[1] ? r.clone().arrayBuffer().then(run, stop) : run();
    });
  });
  // Sync when the decision is; a held or Blob beacon counts as queued (true) and goes out later.
  if (B) put(N, "sendBeacon", function (/** @type {unknown} */ url, /** @type {any} */ data) {
    var sent = true;
    net(url, data, function (u, b) {
      sent = B.call(N, u, b);
    }, function () {
      sent = false;
    });
    return sent;
  });
  if (send) {
    put(XP, "open", function () {
      xs.set(this, [arguments, []]);
      return open.apply(this, /** @type {any} */ (arguments));
    });
    // Headers are kept to be set again when a rewritten URL needs a new open().
    put(XP, "setRequestHeader", function () {
      var s = xs.get(this);
      if (s) s[1].push(arguments);
      return setH.apply(this, /** @type {any} */ (arguments));
    });
    // An XHR held unsent and then aborted (or opened again) is not sent later: a new record (same URL
    // and headers, in case it is sent again).
    put(XP, "abort", function () {
      xs.set(this, (xs.get(this) || [[], []]).slice());
      return abort.apply(this, /** @type {any} */ (arguments));
    });
    // Judged at send: the choice may have changed since open.
    put(XP, "send", function (/** @type {any} */ body) {
      var x = this, s = xs.get(x) || [[]];
      net(s[0][1], body, function (u, b, k) {
        if (s[1] && xs.get(x) != s) return;
        if (k) {
          /** @type {any[]} */
          var a = [].slice.call(s[0]);
          a[1] = u;
          open.apply(x, /** @type {any} */ (a));
          s[1].forEach(function (/** @type {any} */ h) {
            setH.apply(x, h);
          });
        }
        send.call(x, b);
      }, function () {
        setTimeout(function () {
          Object.defineProperty(x, "readyState", { configurable: true, value: 4 });
          "readystatechange error loadend".split(" ").forEach(function (t) {
            x.dispatchEvent(new w.ProgressEvent(t));
          });
        });
      });
    });
  }

  // A returning visitor's stored decision (see the top): acted on now, if it was made from exactly this.
  safe(function () {
    var k = ctext != null && JSON.parse(w.localStorage.getItem(FAST)), now = Date.now(), sig = k && typeof k.sig == "string" && JSON.parse(k.sig);
    if (!k || k.k !== fastKey(/** @type {string} */ (ctext)) || !(now < k.x && now >= k.a) || [k.p, k.v, k.vp].some(function (o) {
      return !o || typeof o != "object";
    }) || !Array.isArray(sig)) return;
    // The update first (each push on its own), then what it allows.
    sig.forEach(function (/** @type {any} */ o) {
      if (Array.isArray(o) && o[0] == "consentMode") push(o[1]);
    });
    E.fast = k.sig;
    K = k;
    fscan();
    // Parsing done ("interactive", before deferred and module scripts run): the inline tags too.
    d.addEventListener("readystatechange", fscan);
    d.addEventListener("DOMContentLoaded", fscan);
  });
  // Run after <body> exists (loaded late, or imported by the facade): the first layer now.
  bodyPaint();
})();
