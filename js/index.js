// consent-sieve: the ES module facade over the wasm core (API docs: index.d.ts). Fails closed: on any
// failure nothing optional is granted and nothing is thrown into the page, except ConsentError for bad input.

import "./early.js"; // the early layer (interception, Consent Mode default): installs itself unless the page loaded it
import { loadWasm } from "./loader.js";
import { bindMinimizer } from "./adapters.js";

export { posthogBeforeSend, segmentPlugin } from "./adapters.js";

/** @typedef {import("./index.js").ConsentConfig} ConsentConfig */
/** @typedef {import("./index.js").ConsentState} ConsentState */
/** @typedef {import("./index.js").ConsentInstance} ConsentInstance */
/** @typedef {import("./index.js").ConsentErrorCode} ConsentErrorCode */
/** @typedef {import("./pkg-types.js").WasmConsentManager} WasmConsentManager */

const P = "consent-sieve: ";
// JS-only options, stripped before the config reaches the core (which rejects unknown fields).
const JS_ONLY = ["stylesheet", "nonce", "wasmUrl"];
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

/** Plain JSON only: no functions, undefined, symbols, bigints, NaN, class instances or cycles. @param {unknown} value @param {string} path @param {Set<object>} ancestors */
function checkJson(value, path, ancestors) {
  const t = typeof value;
  if (value === null || t === "string" || t === "boolean") return;
  if (t === "number") {
    if (Number.isFinite(value)) return;
    throw new ConsentError("config.invalid_type", path, "numbers must be finite");
  }
  if (t !== "object") throw new ConsentError("config.invalid_type", path, `a ${t} is not allowed, the config must be plain JSON`);
  const obj = /** @type {object} */ (value);
  if (ancestors.has(obj)) throw new ConsentError("config.invalid_type", path, "the config contains a cycle");
  ancestors.add(obj);
  if (Array.isArray(obj)) obj.forEach((v, i) => checkJson(v, `${path}[${i}]`, ancestors));
  else if (isPlainObject(obj)) for (const [k, v] of Object.entries(obj)) checkJson(v, path ? `${path}.${k}` : k, ancestors);
  else throw new ConsentError("config.invalid_type", path, "only plain objects and arrays are allowed");
  ancestors.delete(obj);
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
  for (const l of document.querySelectorAll('link[rel~="stylesheet"]')) if (/** @type {HTMLLinkElement} */ (l).href === href) link = /** @type {HTMLLinkElement} */ (l);
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
 * The public instance around the wasm manager. Any unexpected error from the core turns it fail-closed
 * (logged once, never thrown).
 * @param {Record<string, unknown>} config @returns {{ instance: ConsentInstance, attach: (m: WasmConsentManager) => void, fail: (e: unknown, why: string) => void, onChange: (json: string) => void, hooks: import("./pkg-types.js").EarlyHooks, consentMode: (kind: string) => void, trust: (destination: string) => void }}
 */
function createInstance(config) {
  /** @type {WasmConsentManager | null} */
  let core = null;
  /** @type {Set<(state: ConsentState) => void>} */
  const listeners = new Set();
  const denied = () => deniedState(config);
  /** @type {{ failed: boolean, error: unknown }} */
  const status = { failed: false, error: undefined };

  /** @param {unknown} e @param {string} why */
  const fail = (e, why) => {
    if (status.failed) return;
    status.failed = true;
    status.error = e;
    const broken = core;
    core = null;
    console.error(`${P}${why}; failing closed (nothing optional is granted)`, e);
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

  /** Pushes wasm consentMode(kind) (Consent Mode commands, then the dataLayer event) to the page. @param {string} kind */
  const consentMode = (kind) => {
    const cm = guard((c) => parse(c.consentMode(kind)), () => null);
    if (cm) window.__consentSieveEarly?.push(cm);
  };

  // Called by wasm after each change; delivered in a microtask so listeners may call back in.
  const onChange = (/** @type {string} */ json) => {
    consentMode("update");
    try {
      const state = parse(json);
      queueMicrotask(() => emit(state));
    } catch (e) {
      console.error(`${P}unreadable state from the core`, e);
    }
  };

  /** @type {ConsentInstance} */
  const instance = {
    get failed() { return status.failed; },
    get error() { return status.error; },
    get problems() { return [...problems]; },
    state: () => guard((c) => parse(c.state()), denied),
    granted: (id) => guard((c) => typeof id === "string" && c.granted(id) === true, () => typeof id === "string" && denied().purposes[id] === true),
    acceptAll: () => guard((c) => parse(c.acceptAll()), denied),
    rejectAll: () => guard((c) => parse(c.rejectAll()), denied),
    update: (choice) =>
      guard(
        (c) => {
          if (!isPlainObject(choice)) throw new ConsentError("update.invalid", "", "expected an object like { purposes: { analytics: true } }");
          return parse(c.update(JSON.stringify(choice)));
        },
        denied,
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
    showBanner: () => guard((c) => c.showBanner(), () => undefined),
    showPreferences: () => guard((c) => c.showPreferences(), () => undefined),
    hide: () => guard((c) => c.hide(), () => undefined),
    forget: () => guard((c) => parse(c.forget()), denied),
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
    request: (url, body, opaque) => guard((c) => (c.request ? c.request(url, body ?? undefined, opaque) : []), () => []),
    vendors: config.vendors,
  };
  /** @param {string} d */
  const trust = (d) => guard((c) => c.trust?.(d), () => undefined);
  return { instance, attach: (m) => void (core = m), fail, onChange, hooks, consentMode, trust };
}

/** @type {Promise<ConsentInstance> | null} */
let initPromise = null;
let clickHooked = false;

/**
 * Idempotent: later calls return the same promise. Rejects only with a ConsentError (invalid config;
 * a later call may retry); any other failure resolves with a fail-closed instance (`failed: true`).
 * @param {ConsentConfig} config @returns {Promise<ConsentInstance>}
 */
export function init(config) {
  if (!initPromise) {
    const p = start(config);
    initPromise = p;
    p.catch(() => {
      if (initPromise === p) initPromise = null;
      if (typeof window !== "undefined") window.__consentSieveEarly?.fail?.(); // held destination requests never leave
    });
  }
  return initPromise;
}

/** @param {unknown} input @returns {Promise<ConsentInstance>} */
async function start(input) {
  if (!isPlainObject(input)) throw new ConsentError("config.invalid_type", "", "the config must be a plain object");
  const { stylesheet = true, nonce, wasmUrl } = input;
  if (typeof stylesheet !== "boolean" && typeof stylesheet !== "string") throw new ConsentError("config.invalid_type", "stylesheet", "expected true, false or a URL string");
  if (nonce !== undefined && typeof nonce !== "string") throw new ConsentError("config.invalid_type", "nonce", "expected a string");
  if (wasmUrl !== undefined && typeof wasmUrl !== "string" && !(wasmUrl instanceof URL)) throw new ConsentError("config.invalid_type", "wasmUrl", "expected a URL or string");
  /** @type {Record<string, unknown>} */
  const config = {};
  for (const [k, v] of Object.entries(input)) if (!JS_ONLY.includes(k)) config[k] = v;
  checkJson(config, "", new Set());
  await addBundledTexts(config);
  const json = JSON.stringify(config);

  const { instance, attach, fail, onChange, hooks, consentMode, trust } = createInstance(config);
  const early = typeof window !== "undefined" ? window.__consentSieveEarly : undefined;
  const css = addStylesheet(stylesheet, nonce);
  /** @type {WasmConsentManager | null} */
  let manager = null;
  try {
    const minimize = Array.isArray(config.vendors) && config.vendors.some((v) => isPlainObject(v) && v.minimize != null);
    const glue = await loadWasm(wasmUrl, minimize);
    try {
      manager = new glue.ConsentManager(json, onChange, host);
    } catch (e) {
      if (isConsentError(e)) throw rewrap(e);
      throw e;
    }
    attach(manager);
    // Consent Mode default before any gated tag can run (early.js already pushed it when the page loaded it).
    if (early && !early.defaultPushed && config.consentMode) {
      consentMode("default");
      early.defaultPushed = true;
    }
    await css.ready;
    // The banner goes into <body> and gating scans the parsed document: wait for both.
    if (document.readyState === "loading") await new Promise((r) => document.addEventListener("DOMContentLoaded", r, { once: true }));
    if (typeof window !== "undefined") window.consentSieve = instance;
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
    consentMode("load"); // a stored choice (or opt-out mode) re-issued on every load, before any tag runs
    manager.release();
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

/** Languages shipped as `lang/<code>.json` (English is built into the core). */
const BUNDLED = ["de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "cs", "ja", "ar", "he"];

/**
 * Fetches the bundled texts of the language the core will pick (the forced `language`, else the
 * first of the browser's languages that is English, bundled or in `texts`) and merges them under
 * the site's own `texts`, which win key by key. A site downloads only the language it shows; if
 * the fetch fails, the core falls back to English.
 * @param {Record<string, unknown>} config
 */
async function addBundledTexts(config) {
  const texts = /** @type {Record<string, Record<string, string>>} */ (config.texts && typeof config.texts === "object" ? config.texts : {});
  const primary = (/** @type {string} */ tag) => tag.split("-")[0].toLowerCase();
  const forced = typeof config.language === "string" && config.language !== "auto";
  const wanted = forced ? [String(config.language)] : [...(navigator.languages || [navigator.language]), document.documentElement.lang];
  for (const tag of wanted.filter(Boolean)) {
    const code = primary(tag);
    const own = Object.keys(texts).find((k) => primary(k) === code);
    if (code === "en" || (!own && !BUNDLED.includes(code))) {
      if (code === "en" || forced) return;
      continue;
    }
    if (!BUNDLED.includes(code)) return; // the site's own language
    try {
      const res = await fetch(new URL(`./lang/${code}.json`, import.meta.url));
      if (!res.ok) return;
      const bundled = await res.json();
      config.texts = { ...texts, [own || code]: { ...bundled, ...(own ? texts[own] : {}) } };
    } catch {
      // Offline or blocked: the core falls back to English.
    }
    return;
  }
}

// `<a data-consent-sieve-open="preferences">` (or "banner") re-opens the UI without page code.
function hookOpenLinks() {
  if (clickHooked) return;
  clickHooked = true;
  document.addEventListener("click", (ev) => {
    const el = ev.target instanceof Element ? ev.target.closest("[data-consent-sieve-open]") : null;
    const what = el?.getAttribute("data-consent-sieve-open");
    const cs = window.consentSieve;
    if (!cs || (what !== "preferences" && what !== "banner")) return;
    ev.preventDefault();
    if (what === "banner") cs.showBanner();
    else cs.showPreferences();
  });
}
