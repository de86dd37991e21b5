// consent-sieve early layer: load it synchronously first in <head>, after the JSON config. It pushes the
// Consent Mode default, holds vendor <script src> (type="text/plain", data-src, data-consent-vendor) and
// stops fetch/XHR/sendBeacon/image requests to vendor hosts; until the facade registers, every vendor
// counts as not granted. index.js imports it too (then it installs later, if the page did not load it).
// Requests to the hosts of a vendor with a `minimize` policy (a destination) go through the facade's
// request(url, body, opaque) hook, which blocks them or returns the minimized URL and body to send; before
// the facade registers they are held (at most 50, for at most 10 s) and replayed through it, and dropped
// if the facade calls fail().
// window.__consentSieveEarly = { defaultPushed, register({allow, release, vendor, vendors, request}),
//   judge(url) → "" or the id of the vendor holding it (the one place requests are judged; a stopped
//   request logs one warning per vendor and reason), push(cm), fail() (the SDK could not start) }
(function () {
  "use strict";
  /** @type {any} */
  var w = typeof window == "object" ? window : 0;
  if (!w || w.__consentSieveEarly) return;
  var d = w.document;
  /** @type {any[][]} [host pattern, vendor id, has a minimize policy] */
  var hosts = [];
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
  /** @param {Function} f */
  var safe = function (f) {
    try {
      return f();
    } catch (e) {} // never into the page
  };
  /** @param {any} vs */
  var addHosts = function (vs) {
    safe(function () {
      vs.forEach(function (/** @type {any} */ v) {
        (v.hosts || []).forEach(function (/** @type {string} */ h) {
          hosts.push([h.toLowerCase(), v.id, !!v.minimize]);
        });
      });
    });
  };
  /** An http(s)/ws(s) URL, resolved against the page; else undefined. @param {unknown} url @returns {URL | undefined} */
  var parse = function (url) {
    var u = safe(function () {
      return new URL(String(url), d.baseURI);
    });
    return u && /^(http|ws)s?:$/.test(u.protocol) ? u : undefined;
  };
  /** The first [pattern, vendor, minimize] for the URL's host (only vendors with a policy if `m`). @param {URL} u @param {any} [m] */
  var find = function (u, m) {
    var h = u.hostname.replace(/\.$/, "");
    return hosts.filter(function (p) {
      var s = p[0].slice(1);
      return (!m || p[2]) && (h == p[0] || (p[0][0] == "*" && (h == s.slice(1) || h.slice(-s.length) == s)));
    })[0];
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
    var p = find(u), ok = R && safe(function () {
      return R.allow(/** @type {URL} */ (u).href);
    });
    if (ok || (ok !== false && !p)) return "";
    var v = (ok === false && safe(function () {
      return R.vendor(/** @type {URL} */ (u).href);
    })) || (p && p[1]) || "?";
    if (!quiet) warn(v, "not granted", u);
    return v;
  };
  /** The facade failed (or never came): held requests are dropped, later ones judged as before. */
  var fail = function () {
    dead = 1;
    Q.splice(0).forEach(function (q) {
      safe(q[1]);
    });
  };
  /**
   * The body as the hook reads it: cb(text, opaque). Text: strings, URLSearchParams and other values
   * (sent as String(v)), UTF-8 buffers and Blobs (read async), FormData of strings (form-encoded);
   * opaque: binary that is not UTF-8, streams, FormData with files. @param {any} b @param {(t: string | null, opaque?: any) => void} cb
   */
  var read = function (b, cb) {
    /** @param {any} x */
    var utf8 = function (x) {
      var t = safe(function () {
        return new w.TextDecoder("utf-8", { fatal: true }).decode(x);
      });
      t == null ? cb(null, 1) : cb(t);
    }, f = new w.URLSearchParams(), o;
    if (b instanceof w.FormData) b.forEach(function (/** @type {any} */ v, /** @type {string} */ k) {
      typeof v == "string" ? f.append(k, v) : (o = 1);
    });
    b == null ? cb(null) : b instanceof w.Blob ? b.arrayBuffer().then(utf8, function () {
      cb(null, 1);
    }) : b instanceof ArrayBuffer || ArrayBuffer.isView(b) ? utf8(b) : b instanceof w.ReadableStream || o ? cb(null, 1) : cb(String(b instanceof w.FormData ? f : b));
  };
  /** Minimized text in the original's body type, so the Content-Type stays. @param {any} b @param {any} t */
  var wrap = function (b, t) {
    return t == null ? t : b instanceof w.URLSearchParams || b instanceof w.FormData ? new w.URLSearchParams(t) : b instanceof w.Blob ? new w.Blob([t], { type: b.type }) : b instanceof ArrayBuffer || ArrayBuffer.isView(b) ? new w.TextEncoder().encode(t) : t;
  };
  /**
   * One request. Not to a destination's host: judged (sync). To a destination: body read, then the
   * facade's request hook decides (held until it registers). go(url, body, 1) sends the rewritten
   * request, go(url, body) the caller's own; stop() fails it (sync when the decision is).
   * @param {unknown} url @param {any} body @param {(u: any, b?: any, k?: any) => void} go @param {() => void} stop
   */
  var net = function (url, body, go, stop) {
    var u = parse(url), /** @type {any} */ p = u && find(u, 1), /** @type {any} */ v;
    if (!u || !p) return judge(url) ? stop() : go(url, body);
    // A Blob is read async, too late for a beacon as the page closes: first ask (quietly) about it
    // unread, which a destination whose adapter minimized it in the page lets go at once.
    if (body instanceof w.Blob && R && (v = safe(function () {
      return R.request(/** @type {URL} */ (u).href, null, true);
    })) && v[0] == "send") return go(v[1], body, 1);
    read(body, function decide(t, opaque) {
      if (!R && !dead) {
        if (Q.length > 49) return stop();
        Q.push([function () {
          decide(t, opaque);
        }, stop]);
        timer = timer || setTimeout(function () {
          R || fail();
        }, 1e4);
        return;
      }
      v = R && R.request ? safe(function () {
        return R.request(/** @type {URL} */ (u).href, t, !!opaque);
      }) : [];
      if (!Array.isArray(v)) v = ["block", p[1], "the SDK failed"];
      if (!v.length) return judge(url) ? stop() : go(url, body);
      if (v[0] == "send") return go(v[1], opaque ? body : wrap(body, v[2]), 1);
      warn(v[1], v[2], /** @type {URL} */ (u));
      stop();
    });
  };
  /** Consent Mode: commands via the page's gtag (else the gtag shim: Arguments), then the event. @param {any} cm */
  var push = function (cm) {
    var n = cm.dataLayer || "dataLayer", g = w.gtag, dl = function () {
      return (w[n] = w[n] || []);
    };
    if (typeof g != "function") g = function () {
      dl().push(arguments);
    };
    cm.commands.forEach(function (/** @type {any} */ c) {
      safe(function () {
        g.apply(w, c);
      });
    });
    if (cm.event) dl().push(cm.event);
  };
  var E = (w.__consentSieveEarly = {
    defaultPushed: false,
    judge: judge,
    push: push,
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
  });

  safe(function () {
    var c = JSON.parse(d.getElementById("consent-sieve-config").textContent), cm = c.consentMode;
    addHosts(c.vendors);
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
    if (cm.waitForUpdate != null) o.wait_for_update = cm.waitForUpdate;
    if (cm.region && cm.region.length) o.region = cm.region;
    /** @type {any[]} */
    var cmds = [["consent", "default", o]];
    if (cm.adsDataRedaction) cmds.push(["set", "ads_data_redaction", true]);
    if (cm.urlPassthrough) cmds.push(["set", "url_passthrough", true]);
    push({ dataLayer: cm.dataLayerName, commands: cmds });
    E.defaultPushed = true;
  });

  var EP = w.Element.prototype, setAttr = EP.setAttribute, SE = w.HTMLScriptElement, IE = w.HTMLImageElement;
  /** Holds an executable script whose src is a vendor's that is not granted; true if held. @param {Element} s @param {unknown} src */
  var hold = function (s, src) {
    var t = s.getAttribute("type"), v = src != null && (!t || /^\s*(module|(text|application)\/(x-)?(java|ecma)script)\s*$/i.test(t)) && judge(src, 1);
    if (!v) return false;
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
    /** @type {any} */
    var D = Object.getOwnPropertyDescriptor(P, k);
    Object.defineProperty(P, k, {
      configurable: true,
      get: D.get,
      set: function (v) {
        f(this, D.set, v);
      },
    });
  };
  safe(function () {
    // Scripts created by other scripts: held when src is set (property or attribute), before insertion;
    // a later `type` on a held script goes to data-type. Images: no vendor src until granted, and a
    // destination's src minimized (set when the hook decided; a blocked one is never set: `Object` is the no-op).
    setter(SE.prototype, "src", function (el, set, v) {
      if (!hold(el, v)) set.call(el, v);
    });
    setter(SE.prototype, "type", function (el, set, v) {
      held.has(el) ? setAttr.call(el, "data-type", v) : set.call(el, v);
    });
    setter(IE.prototype, "src", function (el, set, v) {
      net(v, null, function (u) {
        set.call(el, u);
      }, Object);
    });
    EP.setAttribute = function (/** @type {string} */ n, /** @type {string} */ v) {
      var k = String(n).toLowerCase();
      if (this instanceof SE) {
        if (k == "src" && hold(this, v)) return;
        if (k == "type" && held.has(this)) n = "data-type";
      } else if (k == "src" && this instanceof IE) {
        var el = this;
        return net(v, null, function (u) {
          setAttr.call(el, n, u);
        }, Object);
      }
      return setAttr.call(this, n, v);
    };
    // Scripts reaching the DOM another way (e.g. createContextualFragment): checked on insertion.
    /** @param {any} P @param {string} ms */
    var onInsert = function (P, ms) {
      ms.split(" ").forEach(function (m) {
        var f = P[m];
        if (f) P[m] = function () {
          [].forEach.call(arguments, scan);
          return f.apply(this, arguments);
        };
      });
    };
    onInsert(w.Node.prototype, "appendChild insertBefore replaceChild");
    onInsert(EP, "append prepend before after replaceWith insertAdjacentElement");
  });

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
      if (again && R) safe(R.release);
    }).observe(d.documentElement, { childList: true, subtree: true });
  });

  // Network: a stopped request fails like a network error and never leaves the page.
  safe(function () {
    var F = w.fetch, N = w.navigator, B = N.sendBeacon, XP = w.XMLHttpRequest.prototype, open = XP.open, send = XP.send, setH = XP.setRequestHeader, abort = XP.abort, xs = new WeakMap();
    w.fetch = function (/** @type {any} */ r, /** @type {any} */ o) {
      var self = this, a = arguments, q = r instanceof w.Request;
      return new Promise(function (ok, no) {
        var stop = function () {
          no(new TypeError("Failed to fetch"));
        };
        /** @param {any} [b] */
        var run = function (b) {
          net(q ? r.url : r, b, function (u, b, k) {
            ok(new Promise(function (y) {
              // A rewritten request: the caller's init with the new body; a Request's own fields kept.
              y(k ? F.call(self, q ? new w.Request(u, { method: r.method, headers: r.headers, credentials: r.credentials, mode: r.mode, cache: r.cache, redirect: r.redirect, referrerPolicy: r.referrerPolicy, integrity: r.integrity, keepalive: r.keepalive, signal: r.signal }) : u, Object.assign({}, o, { body: b })) : F.apply(self, a));
            }));
          }, stop);
        };
        // A Request's body is read from a clone (bytes: text if UTF-8, else sent as they were).
        o && o.body != null ? run(o.body) : q && r.body ? r.clone().arrayBuffer().then(run, stop) : run();
      });
    };
    // Sync when the decision is; a held or Blob beacon counts as queued (true) and goes out later.
    N.sendBeacon = function (/** @type {unknown} */ url, /** @type {any} */ data) {
      var sent = true;
      net(url, data, function (u, b) {
        sent = B.call(N, u, b);
      }, function () {
        sent = false;
      });
      return sent;
    };
    XP.open = function () {
      xs.set(this, [arguments, []]);
      return open.apply(this, /** @type {any} */ (arguments));
    };
    // Headers are kept to be set again when a rewritten URL needs a new open().
    XP.setRequestHeader = function () {
      var s = xs.get(this);
      if (s) s[1].push(arguments);
      return setH.apply(this, /** @type {any} */ (arguments));
    };
    // An XHR held unsent and then aborted (or opened again) is not sent later: a new record (same URL
    // and headers, in case it is sent again).
    XP.abort = function () {
      xs.set(this, (xs.get(this) || [[], []]).slice());
      return abort.apply(this, /** @type {any} */ (arguments));
    };
    // Judged at send: the choice may have changed since open.
    XP.send = function (/** @type {any} */ body) {
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
    };
  });
})();
