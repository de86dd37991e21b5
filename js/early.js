// consent-sieve early layer: load it synchronously first in <head>, after the JSON config. It pushes the
// Consent Mode default, holds vendor <script src> (type="text/plain", data-src, data-consent-vendor) and
// stops fetch/XHR/sendBeacon/image requests to vendor hosts; until the facade registers, every vendor
// counts as not granted. index.js imports it too (then it installs later, if the page did not load it).
// window.__consentSieveEarly = { defaultPushed, register({allow, release, vendor, vendors}),
//   judge(url) → "" or the id of the vendor holding it (the one place requests are judged; a stopped
//   request logs one warning per vendor), push(cm) }
(function () {
  "use strict";
  /** @type {any} */
  var w = typeof window == "object" ? window : 0;
  if (!w || w.__consentSieveEarly) return;
  var d = w.document;
  /** @type {string[][]} [host pattern, vendor id] */
  var hosts = [];
  /** @type {any} the facade's hooks */
  var R;
  /** @type {any} */
  var warned = {};
  var held = new WeakSet();
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
          hosts.push([h.toLowerCase(), v.id]);
        });
      });
    });
  };
  /** @param {unknown} url @param {any} [quiet] no warning (held scripts are gating, not stopped requests) */
  var judge = function (url, quiet) {
    var u = safe(function () {
      return new URL(String(url), d.baseURI);
    });
    if (!u || !/^(http|ws)s?:$/.test(u.protocol)) return "";
    var h = u.hostname.replace(/\.$/, ""), v = "";
    hosts.forEach(function (p) {
      var s = p[0].slice(1);
      if (!v && (h == p[0] || (p[0][0] == "*" && (h == s.slice(1) || h.slice(-s.length) == s)))) v = p[1];
    });
    var ok = R && safe(function () {
      return R.allow(u.href);
    });
    if (ok || (ok !== false && !v)) return "";
    v = (ok === false && safe(function () {
      return R.vendor(u.href);
    })) || v || "?";
    if (!quiet && !warned[v]) {
      warned[v] = 1;
      console.warn('consent-sieve: blocked a request to vendor "' + v + '" (not granted): ' + u.origin);
    }
    return v;
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
    },
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
    // a later `type` on a held script goes to data-type. Images: no vendor src until granted.
    setter(SE.prototype, "src", function (el, set, v) {
      if (!hold(el, v)) set.call(el, v);
    });
    setter(SE.prototype, "type", function (el, set, v) {
      held.has(el) ? setAttr.call(el, "data-type", v) : set.call(el, v);
    });
    setter(IE.prototype, "src", function (el, set, v) {
      if (!judge(v)) set.call(el, v);
    });
    EP.setAttribute = function (/** @type {string} */ n, /** @type {string} */ v) {
      var k = String(n).toLowerCase();
      if (this instanceof SE) {
        if (k == "src" && hold(this, v)) return;
        if (k == "type" && held.has(this)) n = "data-type";
      } else if (k == "src" && this instanceof IE && judge(v)) return;
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

  // Network: a held request fails like a network error and never leaves the page.
  safe(function () {
    var F = w.fetch, N = w.navigator, B = N.sendBeacon, XP = w.XMLHttpRequest.prototype, open = XP.open, send = XP.send, urls = new WeakMap();
    w.fetch = function (/** @type {any} */ r) {
      return judge(r instanceof w.Request ? r.url : r) ? Promise.reject(new TypeError("Failed to fetch")) : F.apply(this, arguments);
    };
    N.sendBeacon = function (/** @type {unknown} */ url) {
      return !judge(url) && B.apply(this, arguments);
    };
    XP.open = function (/** @type {string} */ m, /** @type {unknown} */ url) {
      urls.set(this, url);
      return open.apply(this, arguments);
    };
    // Judged at send: the choice may have changed since open.
    XP.send = function () {
      var x = this;
      if (!judge(urls.get(x))) return send.apply(x, arguments);
      setTimeout(function () {
        Object.defineProperty(x, "readyState", { configurable: true, value: 4 });
        "readystatechange error loadend".split(" ").forEach(function (t) {
          x.dispatchEvent(new w.ProgressEvent(t));
        });
      });
    };
  });
})();
