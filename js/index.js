// consent-sieve: the ES module facade over the wasm core (API docs: index.d.ts). Fails closed: on any
// failure nothing optional is granted and nothing is thrown into the page, except ConsentError for bad input.

import "./early.js"; // the early layer (interception, Consent Mode default): installs itself unless the page loaded it
import { coreFor, loadWasm, needsIab } from "./loader.js";
import { bindMinimizer } from "./adapters.js";
import { LANGS } from "./langs.js";
import { chooseLanguage } from "./choose-language.js";

export { posthogBeforeSend, segmentPlugin } from "./adapters.js";

/** @typedef {import("./index.js").ConsentConfig} ConsentConfig */
/** @typedef {import("./index.js").ConsentState} ConsentState */
/** @typedef {import("./index.js").ConsentInstance} ConsentInstance */
/** @typedef {import("./index.js").ConsentErrorCode} ConsentErrorCode */
/** @typedef {import("./pkg-types.js").WasmConsentManager} WasmConsentManager */

const P = "consent-sieve: ";
// JS-only options, stripped before the config reaches the core (which rejects unknown fields).
const JS_ONLY = ["stylesheet", "nonce", "wasmUrl", "audit", "receiptEndpoint"];
/** localStorage: the last receipt id the site's `receiptEndpoint` accepted. */
const SENT = "consent-sieve-receipts-sent";
/** @type {((chain: string) => void) | null} sends kept receipts the endpoint has not accepted */
let sendReceipts = null;

/**
 * The sender for `receiptEndpoint`: POSTs the kept receipts after the last one the endpoint accepted
 * (NDJSON, the lines exactly as kept, so their hashes hold), with keepalive so a leaving page still
 * sends; one request at a time, never blocking. Anything but a 2xx leaves them pending for the next
 * change or page load. @param {string} endpoint @returns {(chain: string) => void}
 */
function receiptSender(endpoint) {
  let busy = false;
  return (chain) => {
    if (busy) return;
    const lines = chain.split("\n").filter((l) => l.trim());
    let last = null;
    try {
      last = localStorage.getItem(SENT);
    } catch { /* blocked: every kept receipt is pending */ }
    const idOf = (/** @type {string} */ l) => {
      try {
        return String(JSON.parse(l).receiptId);
      } catch {
        return "";
      }
    };
    const from = last ? lines.findIndex((l) => idOf(l) === last) + 1 : 0;
    const pending = lines.slice(from);
    if (!pending.length) return;
    busy = true;
    fetch(endpoint, { method: "POST", keepalive: pending.join("").length < 60_000, credentials: "same-origin", headers: { "Content-Type": "application/x-ndjson" }, body: pending.join("\n") + "\n" })
      .then((r) => {
        if (r.ok) localStorage.setItem(SENT, idOf(pending[pending.length - 1]));
      })
      .catch(() => { /* offline or refused: sent again later */ })
      .finally(() => void (busy = false));
  };
}
/** @type {Promise<import("./audit.js").Observations | null>} audit mode's observations (js/audit.js), when on */
let auditing = Promise.resolve(null);
const CSS_WAIT_MS = 3000;

export class ConsentError extends Error {
  /** @param {ConsentErrorCode} code @param {string} path @param {string} [reason] @param {unknown} [cause] */
  constructor(code, path, reason = "invalid", cause) {
    super(`${P}${path || "(root)"}: ${reason} [${code}]`, cause === undefined ? undefined : { cause });
    /** @type {"ConsentError"} */
    this.name = "ConsentError";
    this.code = code;
    this.path = path;
  }
}

/** @param {unknown} e @returns {e is Error & {code: ConsentErrorCode, path?: string}} */
const isConsentError = (e) => e instanceof Error && e.name === "ConsentError" && typeof (/** @type {any} */ (e).code) === "string";

/** A core ConsentError ("consent-sieve: <path>: <reason>") as the exported class. @param {Error & {code: ConsentErrorCode, path?: string}} e */
const rewrap = (e) => {
  if (e instanceof ConsentError) return e;
  const path = typeof e.path === "string" ? e.path : "";
  const reason = e.message.replace(P, "").replace(path ? `${path}: ` : "", "");
  return new ConsentError(e.code, path, reason, e);
};

/** @param {unknown} v @returns {v is Record<string, unknown>} */
const isPlainObject = (v) => {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** How deep a config may nest (the core's JSON reader has the same limit). */
const MAX_DEPTH = 64;

/** Reads one value of the page's config: a getter or Proxy trap that throws is a ConsentError at `path`. @template T @param {() => T} f @param {string} path @returns {T} */
const readAt = (f, path) => {
  try {
    return f();
  } catch (e) {
    throw new ConsentError("config.invalid_type", path, "unreadable (a getter or Proxy threw)", e);
  }
};

/**
 * A plain copy of a config value: plain JSON only (no functions, undefined, symbols, bigints, NaN,
 * class instances, cycles or `__proto__` keys), each property read once (a getter or Proxy cannot
 * answer differently later), at most MAX_DEPTH deep. @param {unknown} value @param {string} path @param {Set<object>} ancestors @returns {unknown}
 */
function copyJson(value, path, ancestors) {
  const t = typeof value;
  if (value === null || t === "string" || t === "boolean") return value;
  if (t === "number") {
    if (Number.isFinite(value)) return value;
    throw new ConsentError("config.invalid_type", path, "numbers must be finite");
  }
  if (t !== "object") throw new ConsentError("config.invalid_type", path, `a ${t} is not allowed, the config must be plain JSON`);
  const obj = /** @type {any} */ (value);
  if (ancestors.has(obj)) throw new ConsentError("config.invalid_type", path, "the config contains a cycle");
  if (ancestors.size >= MAX_DEPTH) throw new ConsentError("config.out_of_range", path, `deeper than ${MAX_DEPTH} levels`);
  const array = readAt(() => Array.isArray(obj), path);
  if (!array && !readAt(() => isPlainObject(obj), path)) throw new ConsentError("config.invalid_type", path, "only plain objects and arrays are allowed");
  ancestors.add(obj);
  /** @type {any} */
  const out = array ? [] : {};
  // Own enumerable keys (an array's indices): as many as the value really has.
  for (const k of readAt(() => Object.keys(obj), path)) {
    const at = array ? `${path}[${k}]` : path ? `${path}.${k}` : k;
    if (k === "__proto__") throw new ConsentError("config.unknown_field", at, "not allowed");
    out[k] = copyJson(readAt(() => obj[k], at), at, ancestors);
  }
  ancestors.delete(obj);
  return out;
}

/** The fail-closed state: undecided, only `required` purposes granted. @param {Record<string, unknown>} config @returns {ConsentState} */
function deniedState(config) {
  /** @type {Record<string, boolean>} */ const purposes = {};
  /** @type {Record<string, boolean>} */ const vendors = {};
  /** @param {unknown} list */
  const each = (list) => (Array.isArray(list) ? list.filter((x) => isPlainObject(x) && typeof x.id === "string") : []);
  for (const p of each(config.purposes)) purposes[p.id] = p.required === true;
  for (const v of each(config.vendors)) vendors[v.id] = false;
  const pv = config.policyVersion;
  return { decided: false, purposes, vendors, policyVersion: typeof pv === "string" ? pv : "", decidedAt: null, expiresAt: null, source: "default", id: null };
}

// The core's host for released tags (src/web/gate.rs). `createScriptURL` / `createScript`: the tag's URL or
// code as a Trusted Type from the policy "consent-sieve", created once (where the browser has Trusted Types)
// at the first release; it passes only the value being released at that moment (anything else comes out
// empty) and never leaves this module. `tag.blocked` / `tag.load_failed`: a tag consent allowed that cannot
// run, reported once (a console warning and an entry in `problems`).
/** @type {any} the policy, or why it could not be created */
let policy;
/** @type {unknown} */
let releasing;
/** @type {import("./index.js").ConsentProblem[]} */
const problems = [];
/** @param {string} kind @param {any} v a URL or code (a Trusted Type is returned), or the tag's element */
const host = (kind, v) => {
  const tt = window.trustedTypes;
  if (kind[0] === "t") {
    const message = `${P}${kind}: a gated tag consent allowed cannot run: ${v.getAttribute("data-src") || v.getAttribute("src") || "inline"}`;
    problems.push({ code: /** @type {any} */ (kind), message, element: v });
    console.warn(message, policy instanceof Error ? policy : "");
  } else if (tt) {
    const only = (/** @type {string} */ s) => (s === releasing ? s : null);
    try { policy ||= tt.createPolicy("consent-sieve", { createScript: only, createScriptURL: only }); } catch (e) { policy = e; }
    if (policy instanceof Error) throw policy;
    releasing = v;
    try { return policy[kind](v); } finally { releasing = undefined; }
  }
  return v;
};

/** @param {Element} link */
const sheetLoaded = (link) => "sheet" in link && link.sheet != null;

/** Adds the stylesheet; `ready` settles once it loaded or failed (≤ 3 s), so the banner never shows unstyled. @param {unknown} option @param {unknown} nonce @returns {{ ready: Promise<void>, link: HTMLLinkElement | null }} */
function addStylesheet(option, nonce) {
  if (option === false || typeof document === "undefined") return { ready: Promise.resolve(), link: null };
  const href = typeof option === "string" ? new URL(option, document.baseURI).href : new URL("./consent-sieve.css", import.meta.url).href;
  /** @type {HTMLLinkElement | null} */
  let link = null;
  // The default stylesheet may already be a <link> marked data-consent-sieve-css (the Vite plugin's, or
  // the site's own copy): that one is used, as early.js's paint does.
  for (const l of document.querySelectorAll('link[rel~="stylesheet"]')) if (/** @type {HTMLLinkElement} */ (l).href === href || (option === true && l.hasAttribute("data-consent-sieve-css"))) link = /** @type {HTMLLinkElement} */ (l);
  const created = !link;
  if (!link) {
    link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    if (typeof nonce === "string") link.nonce = nonce;
    link.setAttribute("data-consent-sieve-css", "");
    (document.head || document.documentElement).appendChild(link);
  } else if (sheetLoaded(link)) return { ready: Promise.resolve(), link: null };
  const el = link;
  const ready = new Promise((resolve) => {
    const done = () => { clearTimeout(timer); el.removeEventListener("load", done); el.removeEventListener("error", done); resolve(undefined); };
    const timer = setTimeout(done, CSS_WAIT_MS);
    el.addEventListener("load", done);
    el.addEventListener("error", done);
  });
  return { ready: /** @type {Promise<void>} */ (ready), link: created ? el : null };
}

/** @param {string} json */
const parse = (json) => JSON.parse(json);

/**
 * Resolves in a later task: a message on a channel of its own (no timer clamping), or a 50 ms timer,
 * whichever comes first, so a page that broke one of them cannot stall the start; without a channel,
 * a 0 ms timer; with neither, at once. @returns {Promise<void>}
 */
const nextTask = () => new Promise((resolve) => {
  const done = () => resolve();
  try { setTimeout(done, 50); } catch { /* the channel, or at once below */ }
  try {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => { ch.port1.close(); done(); };
    ch.port2.postMessage(0);
  } catch {
    try { setTimeout(done, 0); } catch { done(); }
  }
});

/** `forget()`'s report, frozen; `null` (failed: nothing erased) gives the empty one. */
const erasedOf = (/** @type {any} */ r) => Object.freeze({
  record: r?.record === true,
  cookies: Object.freeze([...(r?.cookies ?? [])]),
  localStorage: Object.freeze([...(r?.localStorage ?? [])]),
  sessionStorage: Object.freeze([...(r?.sessionStorage ?? [])]),
  receiptsKept: r?.receiptsKept ?? 0,
});

/** A state the page cannot change by accident (it is shared by every caller until the next change). @template T @param {T} state @returns {T} */
const freeze = (state) => {
  const s = /** @type {any} */ (state);
  if (s && typeof s === "object") {
    Object.freeze(s.purposes);
    Object.freeze(s.vendors);
    Object.freeze(s);
  }
  return state;
};

/**
 * The public instance around the wasm manager. Any unexpected error from the core turns it fail-closed
 * (logged once, never thrown).
 * @param {Record<string, unknown>} config @returns {{ instance: ConsentInstance, attach: (m: WasmConsentManager, iab?: import("./iab.js").Iab) => void, fail: (e: unknown, why: string, quiet?: boolean) => void, onChange: (json: string) => void, hooks: import("./pkg-types.js").EarlyHooks, signals: (moment: string) => void, loadSignals: () => string, trust: (destination: string, adapter: string) => void }}
 */
function createInstance(config) {
  /** @type {WasmConsentManager | null} */
  let core = null;
  /** @type {import("./iab.js").Iab | undefined} __tcfapi and __gpp (config.tcf / config.gpp) */
  let iab;
  /** @type {Set<(state: ConsentState) => void>} */
  const listeners = new Set();
  const denied = () => deniedState(config);
  /** @type {{ failed: boolean, error: unknown }} */
  const status = { failed: false, error: undefined };
  // The snapshot: the same frozen object until the state changes (React's useSyncExternalStore needs this).
  /** @type {string | null} */ let snapJson = null;
  /** @type {ConsentState | null} */ let snap = null;
  /** @type {ConsentState | null} */ let deniedSnap = null;
  /** @param {string} json @returns {ConsentState} */
  const snapshot = (json) => {
    if (json !== snapJson || !snap) {
      snapJson = json;
      return (snap = freeze(parse(json)));
    }
    return snap;
  };
  const deniedSnapshot = () => (deniedSnap ??= freeze(denied()));

  /** @param {unknown} e @param {string} why @param {boolean} [quiet] */
  const fail = (e, why, quiet = false) => {
    if (status.failed) return;
    status.failed = true;
    status.error = e;
    const broken = core;
    core = null;
    iab?.fail();
    if (!quiet) console.error(`${P}${why}; failing closed (nothing optional is granted)`, e);
    // The decision stored for the next page's early layer goes too (it waits for a core that works).
    try { window.__consentSieveEarly?.remember?.(null, null, null, "", ""); } catch { /* no window */ }
    try { broken?.hide(); } catch { /* the core is gone */ }
    if (typeof document !== "undefined") {
      for (const el of document.querySelectorAll("[data-consent-sieve]")) el.setAttribute("hidden", "");
      document.documentElement.classList.remove("cs-lock");
    }
  };

  /** @template T @param {(c: WasmConsentManager) => T} fn @param {() => T} fallback @param {boolean} [rethrowConsentError] @returns {T} */
  const guard = (fn, fallback, rethrowConsentError = false) => {
    if (!core) return fallback();
    try {
      return fn(core);
    } catch (e) {
      if (rethrowConsentError && isConsentError(e)) throw rewrap(e);
      fail(e, "the core failed");
      return fallback();
    }
  };

  /** @param {ConsentState} state */
  const emit = (state) => {
    for (const fn of [...listeners]) {
      try { fn(state); } catch (e) { console.error(`${P}a "change" listener threw`, e); }
    }
    try { document.dispatchEvent(new CustomEvent("consent-sieve:change", { detail: state })); } catch { /* no document */ }
  };

  /**
   * Hands every configured signal's output for `moment` (core::signals: Consent Mode commands and its
   * dataLayer event, …) to the early layer's handler of the same name, in order; "tcf" and "gpp" go to
   * iab.js (`__tcfapi`, `__gpp`).
   * @param {string} moment "default", "load" or "update"
   */
  const signals = (moment) => {
    const list = guard((c) => parse(c.signals(moment)), () => []);
    for (const [name, output] of Array.isArray(list) ? list : []) {
      try {
        (name === "tcf" || name === "gpp" ? iab : window.__consentSieveEarly)?.signal(name, output, moment);
      } catch { /* never stops a notification or the start (early.js warns) */ }
    }
  };

  // Called by wasm after each change; delivered in a microtask so listeners may call back in.
  const onChange = (/** @type {string} */ json) => {
    signals("update");
    queueMicrotask(() => {
      try { remember(); } catch { /* never into the page */ }
    });
    if (sendReceipts) guard((c) => sendReceipts?.(c.receipts()), () => undefined);
    try {
      const state = snapshot(json);
      queueMicrotask(() => emit(state));
    } catch (e) {
      console.error(`${P}unreadable state from the core`, e);
    }
  };

  /**
   * A site owner's tool from js/audit.js (and the tools core it loads): `null` when failed, and a
   * logged error, never a throw. @template T @param {string} what @param {(m: typeof import("./audit.js")) => Promise<T>} fn @returns {Promise<T | null>}
   */
  const withTools = async (what, fn) => {
    if (status.failed) return null;
    try {
      return await fn(await import("./audit.js"));
    } catch (e) {
      console.error(`${P}the ${what} failed`, e);
      return null;
    }
  };

  /** @type {ConsentInstance} */
  const instance = {
    get failed() { return status.failed; },
    get error() { return status.error; },
    get problems() { return [...problems]; },
    state: () => guard((c) => snapshot(c.state()), deniedSnapshot),
    granted: (id) => guard((c) => typeof id === "string" && c.granted(id) === true, () => typeof id === "string" && deniedSnapshot().purposes[id] === true),
    acceptAll: () => guard((c) => snapshot(c.acceptAll()), deniedSnapshot),
    rejectAll: () => guard((c) => snapshot(c.rejectAll()), deniedSnapshot),
    optOutOfSale: () => guard((c) => snapshot(c.optOutOfSale()), deniedSnapshot),
    update: (choice) =>
      guard(
        (c) => {
          if (!isPlainObject(choice)) throw new ConsentError("update.invalid", "", "expected an object like { purposes: { analytics: true } }");
          return snapshot(c.update(JSON.stringify(choice)));
        },
        deniedSnapshot,
        true,
      ),
    on: (event, fn) => {
      if (!status.failed) {
        if (event !== "change") throw new ConsentError("api.unknown_event", "event", `unknown event "${String(event)}", the only event is "change"`);
        if (typeof fn !== "function") throw new ConsentError("api.invalid_argument", "listener", "the listener must be a function");
      }
      if (typeof fn !== "function") return () => {};
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    subscribe: (fn) => instance.on("change", fn),
    showBanner: () => guard((c) => c.showBanner(), () => undefined),
    showPreferences: () => guard((c) => c.showPreferences(), () => undefined),
    hide: () => guard((c) => c.hide(), () => undefined),
    forget: () => guard((c) => {
      const erased = erasedOf(parse(c.forget()));
      return Object.freeze({ ...snapshot(c.state()), erased });
    }, () => Object.freeze({ ...deniedSnapshot(), erased: erasedOf(null) })),
    audit: () => withTools("audit", async (m) => {
      const report = await m.judge(JSON.stringify(config), instance.state(), m.collect(await auditing));
      m.print(report);
      return report;
    }),
    inventory: () => withTools("inventory", (m) => m.inventory(JSON.stringify(config))),
    receipts: () => {
      const text = guard((c) => c.receipts(), () => "");
      /** @type {any[]} */
      const out = [];
      for (const line of text.split("\n")) {
        try {
          if (line.trim()) out.push(parse(line));
        } catch { /* an edited line: `npx consent-sieve verify` reports it */ }
      }
      return out;
    },
    receipt: () => {
      const json = guard((c) => c.receipt(), () => null);
      try {
        return json === null ? null : parse(json);
      } catch (e) {
        console.error(`${P}the receipt is not valid JSON`, e);
        return null;
      }
    },
    storageMode: () => guard((c) => c.storageMode(), () => "memory"),
    minimize: (event, options) => {
      const destination = isPlainObject(options) ? options.destination : undefined;
      if (typeof destination !== "string") throw new ConsentError("minimize.unknown_destination", "destination", "expected { destination: \"<vendor id>\" }");
      let json;
      try {
        json = JSON.stringify(event);
      } catch (e) {
        throw new ConsentError("minimize.invalid_event", "event", "must be plain JSON (no cycles or BigInts)", e);
      }
      if (event === null || typeof event !== "object" || typeof json !== "string") throw new ConsentError("minimize.invalid_event", "event", "must be a plain JSON object or array");
      const out = guard(
        (c) => {
          // The consent-only build (no vendor has a policy) has no engine: every destination is unknown.
          if (!c.minimize) throw new ConsentError("minimize.unknown_destination", "destination", `"${destination}" is not a vendor with a minimize policy`);
          return c.minimize(destination, json);
        },
        () => undefined,
        true,
      );
      return out === undefined ? null : parse(out);
    },
  };
  /** @type {import("./pkg-types.js").EarlyHooks} For the early layer; on failure `allow` says nothing (its host list holds vendors). */
  const hooks = {
    allow: (url) => guard((c) => c.urlAllowed(url), () => undefined),
    vendor: (url) => guard((c) => c.vendorForUrl(url), () => undefined),
    release: () => guard((c) => c.release(), () => undefined),
    // The core gone: [] hands the request back to host judging, which stops every vendor host.
    // A Uint8Array body goes to requestBytes (gzip/zlib/UTF-8 read there); without it, it is opaque.
    request: (url, body, opaque) => guard((c) => (body instanceof Uint8Array ? (c.requestBytes ? c.requestBytes(url, body) : c.request ? c.request(url, undefined, true) : []) : c.request ? c.request(url, body ?? undefined, opaque) : []), () => []),
    vendors: config.vendors,
  };
  /** @param {string} d @param {string} a */
  const trust = (d, a) => guard((c) => c.trust?.(d, a), () => undefined);
  /** The core's `load` signals as it writes them (JSON; "" when it failed): what the early layer stores and compares. */
  const loadSignals = () => guard((c) => c.signals("load"), () => "");
  return { instance, attach: (m, i) => void ((core = m), (iab = i)), fail, onChange, hooks, signals, loadSignals, trust };
}

/** This build (scripts/bundle.mjs writes it, as in early.js): a decision is stored only when both are the same build. */
const BUILD = "consent-sieve@dev";

/** Stores the core's decision for the next page's early layer (set by start; see js/early.js). */
let remember = () => {};

/** @type {Promise<ConsentInstance> | null} */
let initPromise = null;
let clickHooked = false;

/**
 * Idempotent: later calls return the same promise. Rejects only with a ConsentError (invalid config;
 * a later call may retry); any other failure resolves with a fail-closed instance (`failed: true`).
 * Without a config it reads `<script type="application/json" id="consent-sieve-config">` (as auto.js
 * does). Outside a browser (server rendering) it resolves to an instance that grants nothing.
 * @param {ConsentConfig} [config] @returns {Promise<ConsentInstance>}
 */
export function init(config) {
  if (!initPromise) {
    if (typeof window === "undefined" || typeof document === "undefined") {
      initPromise = Promise.resolve(serverInstance(config));
      return initPromise;
    }
    // The config's vendor hosts are blocked from now on, before the wasm arrives (and if it never does);
    // without a config, early.js read them from the page's config element already.
    try {
      if (config !== undefined) window.__consentSieveEarly?.addHosts?.(/** @type {any} */ (config).vendors, new URL("./", import.meta.url).href);
    } catch { /* an unreadable config: start() rejects it */ }
    const p = start(config, config === undefined);
    initPromise = p;
    p.catch(() => {
      if (initPromise === p) initPromise = null;
      if (typeof window !== "undefined") window.__consentSieveEarly?.fail?.(); // held destination requests never leave
    });
  }
  return initPromise;
}

/**
 * The config element's text when the early layer may act on the decision this page's core makes, on
 * the next page (js/early.js, "A returning visitor"); null when not. Only for a page started from that
 * element (auto.js, init() without a config, or init() given the same JSON), and not with TCF or GPP
 * (their tags wait for __tcfapi and __gpp, which only the core answers) or audit mode (it watches the
 * start). With a `minimize` policy too: a destination's requests made before the core are held by the
 * early layer (at most 50, 10 s) and go through the engine once it is there, dropped if it fails.
 * @param {Record<string, unknown>} config @param {boolean} fromPage @param {unknown} audit
 * @returns {string | null}
 */
function fastFrom(config, fromPage, audit) {
  try {
    const text = document.getElementById("consent-sieve-config")?.textContent;
    if (text == null || audit || config.tcf != null || config.gpp != null) return null;
    if (fromPage) return text;
    // init() given the same JSON (what the core got, without the facade's own keys) as the element.
    const page = JSON.parse(text);
    for (const k of JS_ONLY) delete page[k];
    return JSON.stringify(page) === JSON.stringify(config) ? text : null;
  } catch {
    return null;
  }
}

/** The config in the page's `#consent-sieve-config` element. @returns {unknown} */
function pageConfig() {
  const el = document.getElementById("consent-sieve-config");
  if (!el) throw new ConsentError("config.missing_field", "", 'cannot read the config: none was given and the page has no <script type="application/json" id="consent-sieve-config">');
  try {
    return JSON.parse(el.textContent || "");
  } catch (e) {
    throw new ConsentError("config.syntax", "", `cannot read the config: the #consent-sieve-config element is not valid JSON: ${e instanceof Error ? e.message : e}`, e);
  }
}

/**
 * Outside a browser (Next.js, Nuxt, Astro rendering on the server): nothing is granted, nothing is
 * shown; `failed` is true with a ConsentError `env.no_browser`, and no error is logged.
 * @param {unknown} config @returns {ConsentInstance}
 */
function serverInstance(config) {
  const { instance, fail } = createInstance(isPlainObject(config) ? config : {});
  fail(new ConsentError("env.no_browser", "", "not in a browser: nothing is granted"), "", true);
  return instance;
}

/** @param {unknown} input @param {boolean} fromPage read the config from the page @returns {Promise<ConsentInstance>} */
async function start(input, fromPage) {
  if (fromPage) input = pageConfig();
  if (!readAt(() => isPlainObject(input), "")) throw new ConsentError("config.invalid_type", "", "the config must be a plain object");
  const obj = /** @type {Record<string, unknown>} */ (input);
  const [stylesheet = true, nonce, wasmUrl, audit = false, receiptEndpoint] = JS_ONLY.map((k) => readAt(() => obj[k], k));
  if (receiptEndpoint !== undefined) {
    const u = typeof receiptEndpoint === "string" ? (() => { try { return new URL(receiptEndpoint, document.baseURI); } catch { return null; } })() : null;
    if (!u || !/^https?:$/.test(u.protocol)) throw new ConsentError("config.unsafe_url", "receiptEndpoint", "expected an http(s) or relative URL");
    sendReceipts = receiptSender(u.href);
  }
  if (typeof audit !== "boolean") throw new ConsentError("config.invalid_type", "audit", "expected true or false");
  // Audit mode observes from now on (js/audit.js, fetched only for it); cs.audit() reports.
  if (audit) auditing = import("./audit.js").then((m) => m.watch(), () => null);
  if (typeof stylesheet !== "boolean" && typeof stylesheet !== "string") throw new ConsentError("config.invalid_type", "stylesheet", "expected true, false or a URL string");
  if (nonce !== undefined && typeof nonce !== "string") throw new ConsentError("config.invalid_type", "nonce", "expected a string");
  if (wasmUrl !== undefined && typeof wasmUrl !== "string" && !(wasmUrl instanceof URL)) throw new ConsentError("config.invalid_type", "wasmUrl", "expected a URL or string");
  // The rest, copied once (what the core gets is what was checked); a "__proto__" key stays a key here.
  const rest = Object.fromEntries(readAt(() => Object.keys(obj), "").filter((k) => !JS_ONLY.includes(k)).map((k) => [k, readAt(() => obj[k], k)]));
  const config = /** @type {Record<string, unknown>} */ (copyJson(rest, "", new Set()));
  const fastText = fastFrom(config, fromPage, audit);
  const lang = await addBundledTexts(config);

  const { instance, attach, fail, onChange, hooks, signals, loadSignals, trust } = createInstance(config);
  const early = typeof window !== "undefined" ? window.__consentSieveEarly : undefined;
  const css = addStylesheet(stylesheet, nonce);
  /** @type {WasmConsentManager | null} */
  let manager = null;
  try {
    // iab.js only for a config with tcf or gpp, fetched beside the core (if it fails, so does the start:
    // fail closed); with tcf, then the TCF layers' texts of the language just loaded, under the site's own.
    const loading = Promise.all([loadWasm(wasmUrl, coreFor(config)), needsIab(config) ? import("./iab.js").then(async (m) => {
      if (lang && config.tcf != null) under(config, lang.key, await m.tcfTexts(lang.code));
      return m;
    }) : undefined]);
    loading.catch(() => {}); // awaited below; no unhandled rejection meanwhile
    // While the wasm loads: the early layer paints the first layer when it is sure the core shows that
    // one (texts merged, stylesheet loaded); the core takes over in start() below (handover).
    await css.ready;
    try { early?.paint?.(config, true); } catch { /* never into the page */ }
    const [glue, iabModule] = await loading;
    // The core's start in three tasks, not one long one (CPU x4: 55 to 120 ms): instantiation, then
    // reading the config, then start() with the release. Nothing is decided in between: until
    // register() below the early layer holds every tag and request.
    await nextTask();
    const json = JSON.stringify(config); // the core takes its texts now, at construction
    try {
      manager = new glue.ConsentManager(json, onChange, host);
    } catch (e) {
      if (isConsentError(e)) throw rewrap(e);
      throw e;
    }
    await nextTask();
    const iab = iabModule?.install(/** @type {any} */ (config));
    attach(manager, iab);
    // TCF with a gvlUrl: the Global Vendor List, read by the core while the stylesheet and the document
    // finish (iab.js); start() waits for it, at most 5 s.
    const gvl = iab?.gvl(manager);
    // The signals' defaults (Consent Mode) before any gated tag can run (early.js already said them when the page loaded it).
    if (early && !early.defaultPushed) {
      signals("default");
      early.defaultPushed = true;
    }
    // The banner goes into <body> and gating scans the parsed document: wait for both.
    if (document.readyState === "loading") await new Promise((r) => document.addEventListener("DOMContentLoaded", r, { once: true }));
    if (typeof window !== "undefined") window.consentSieve = instance;
    if (gvl) await gvl;
    early?.register(hooks); // from now on requests, scripts and late tags are judged by the core
    manager.start(); // restores the choice and shows the banner if needed; releases nothing yet
    // The posthog / Segment adapters minimize from now on (before, they drop: fail closed).
    bindMinimizer({
      minimize: (event, destination) => {
        try {
          return instance.minimize(/** @type {object} */ (event), { destination });
        } catch (e) {
          console.error(`${P}an adapter's event could not be minimized; it is dropped`, e);
          return null;
        }
      },
      trust,
    });
    // A stored choice (or opt-out mode) re-issued on every load, before any tag runs; not twice when the
    // early layer already pushed these from the stored decision.
    // If the early layer acted on a stored decision the core does not share, it stops and the core's
    // state is said at once.
    const fast = early?.fastState?.();
    const now = instance.state();
    if (fast && !(JSON.stringify(fast.p) === JSON.stringify(now.purposes) && JSON.stringify(fast.v) === JSON.stringify(now.vendors))) {
      early?.fastOff?.();
      signals("update");
    } else if (early?.fast === undefined || early.fast !== loadSignals()) signals("load");
    // After the tags the early layer released from the stored decision (document order holds).
    early?.drained ? early.drained(hooks.release) : manager.release();
    // Each vendor's purposes: fixed by the config, so worked out once, not on every change.
    const vp = Object.fromEntries(Array.isArray(config.vendors) ? config.vendors.map((/** @type {any} */ v) => [v.id, v.purposes ?? []]) : []);
    remember = () => {
      if (!early?.remember) return;
      early.remember(instance.storageMode() === "persistent" ? fastText : null, instance.failed ? null : instance.state(), vp, loadSignals(), BUILD);
    };
    remember();
    // The first layer painted before the core goes, in this same task; a click queued on it is replayed on the core's.
    try { early?.handover?.(); } catch { /* never into the page */ }
    // A banner waits for a choice: the core runs its decision code once on a copy while the page is
    // idle, so V8 compiles it then and not on the click (warm() stores, shows and releases nothing).
    const core = manager;
    if (!instance.state().decided) {
      const warm = () => { try { if (!instance.failed && !instance.state().decided) core.warm(); } catch { /* never into the page */ } };
      try { typeof requestIdleCallback === "function" ? requestIdleCallback(warm, { timeout: 2000 }) : setTimeout(warm, 50); } catch { setTimeout(warm, 50); }
    }
    // Receipts the endpoint has not accepted yet (a failed send, an earlier page), now.
    if (sendReceipts) sendReceipts(manager.receipts());
  } catch (e) {
    css.link?.remove();
    early?.fail?.(); // requests held for destinations never leave
    if (e instanceof ConsentError) throw e; // invalid config: nothing was shown, stored or granted
    fail(e, manager ? "starting failed" : "the WebAssembly core could not be loaded");
  }
  if (typeof window !== "undefined") {
    window.consentSieve = instance;
    hookOpenLinks();
    document.dispatchEvent(new CustomEvent("consent-sieve:ready", { detail: instance.state() }));
  }
  return instance;
}

/**
 * Loads the bundled texts of the language the core will pick (the forced `language`, else the
 * first of the browser's languages that is English, bundled or in `texts`) and merges them under
 * the site's own `texts`, which win key by key. Each language is a module of its own
 * (`lang/<code>.js`, imported by a literal `import()` in langs.js), so a bundler makes it a chunk of
 * its own and a visitor downloads only the language shown; if it fails, the core falls back to English.
 * @param {Record<string, unknown>} config
 * @returns {Promise<{ code: string, key: string } | undefined>} the language loaded and its key in
 *   `texts`, for the TCF layers' texts (iab.js `tcfTexts`); none for English or a failed load
 */
async function addBundledTexts(config) {
  const texts = /** @type {Record<string, Record<string, string>>} */ (config.texts && typeof config.texts === "object" ? config.texts : {});
  const nav = typeof navigator === "undefined" ? undefined : navigator;
  /** @type {Record<string, () => Promise<{ default: Record<string, string> }>>} */
  const langs = LANGS;
  const browser = [...(nav?.languages || [nav?.language]), document.documentElement.lang];
  const { code, own } = chooseLanguage(config.language, Object.keys(texts), browser, Object.keys(langs));
  if (code === "en" || !Object.prototype.hasOwnProperty.call(langs, code)) return; // built in, or the site's own
  try {
    const mod = await langs[code]();
    under(config, own || code, mod.default);
    return { code, key: own || code };
  } catch {
    // Offline or blocked: the core falls back to English.
  }
}

/**
 * Puts bundled texts under `config.texts[key]`: what is there (the site's own) wins key by key.
 * @param {Record<string, unknown>} config @param {string} key @param {Record<string, string>} bundled
 */
function under(config, key, bundled) {
  const texts = /** @type {Record<string, Record<string, string>>} */ (config.texts && typeof config.texts === "object" ? config.texts : {});
  config.texts = { ...texts, [key]: { ...bundled, ...texts[key] } };
}

// `<a data-consent-sieve-open="preferences">` (or "banner") re-opens the UI without page code;
// "do-not-sell" opts out of sale and sharing (`optOutOfSale`) and shows the preferences, so the visitor
// sees what is now off.
function hookOpenLinks() {
  if (clickHooked) return;
  clickHooked = true;
  document.addEventListener("click", (ev) => {
    const el = ev.target instanceof Element ? ev.target.closest("[data-consent-sieve-open]") : null;
    const what = el?.getAttribute("data-consent-sieve-open");
    const cs = window.consentSieve;
    if (!cs || (what !== "preferences" && what !== "banner" && what !== "do-not-sell")) return;
    ev.preventDefault();
    if (what === "banner") cs.showBanner();
    else {
      if (what === "do-not-sell") cs.optOutOfSale();
      cs.showPreferences();
    }
  });
}
