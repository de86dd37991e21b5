// Audit mode (for site owners; loaded only when `init({ audit: true })` or `cs.audit()` asks for it):
// observes the cookies, localStorage and sessionStorage keys the page sets and the requests it makes
// (fetch, sendBeacon, XHR, and every resource the browser records),
// with the time and, where the stack says, the script that did it. The judgement (undeclared, set
// before consent) is the core's (core::audit); this file only observes and prints.

/** @typedef {{ kind: "cookie" | "localStorage" | "sessionStorage" | "request", name: string, at: number, script: string | null }} Seen */

const OWN = new URL("./", import.meta.url).href;

/** The first script URL in the current stack that is not this package's. @returns {string | null} */
function caller() {
  const stack = String(new Error().stack ?? "");
  for (const m of stack.matchAll(/(https?:\/\/[^\s)]+?)(?::\d+){1,2}\)?$/gm)) {
    if (!m[1].startsWith(OWN)) return m[1];
  }
  return null;
}

/** @typedef {{ seen: Map<string, Seen>, note: (kind: Seen["kind"], name: string, script: string | null, at?: number) => void }} Observations */

/** An empty record of observations: each kind and name once, at its first time. @returns {Observations} */
function observations() {
  /** @type {Map<string, Seen>} */
  const seen = new Map();
  /** @type {Observations["note"]} */
  const note = (kind, name, script, at = Date.now()) => {
    const key = `${kind}\n${name}`;
    if (name && !seen.has(key)) seen.set(key, { kind, name, at: Math.round(at), script });
  };
  return { seen, note };
}

/**
 * Starts observing (audit mode): cookie writes (`document.cookie`), storage writes (`setItem`),
 * `fetch`, `sendBeacon` and XHR with their scripts, and every resource the browser records (an
 * observer, so none is lost when the resource timing buffer is full). `collect` completes the record
 * with what is present now. Never throws.
 * @returns {Observations}
 */
export function watch() {
  const o = observations();
  const note = o.note;
  try {
    const D = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
    if (D?.set && D.get) {
      Object.defineProperty(Document.prototype, "cookie", {
        configurable: true,
        get: D.get,
        set(v) {
          note("cookie", String(v).split(";")[0].split("=")[0].trim(), caller());
          D.set?.call(this, v);
        },
      });
    }
  } catch { /* a page that locked document.cookie: cookies are still found by collect() */ }
  try {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      note(this === window.sessionStorage ? "sessionStorage" : "localStorage", String(k), caller());
      return setItem.call(this, k, v);
    };
  } catch { /* likewise */ }
  // Requests through the page's own APIs, with the script that made them (resource timing, below, does
  // not list every fetch once it is wrapped, and never names the script).
  const url = (/** @type {unknown} */ u) => {
    try {
      return new URL(u instanceof Request ? u.url : String(u), document.baseURI).href;
    } catch {
      return "";
    }
  };
  try {
    const f = window.fetch;
    window.fetch = function (input, init) {
      note("request", url(input), caller());
      return f.call(this, input, init);
    };
  } catch { /* locked */ }
  try {
    const b = navigator.sendBeacon;
    if (b) navigator.sendBeacon = function (u, data) {
      note("request", url(u), caller());
      return b.call(navigator, u, data);
    };
  } catch { /* locked */ }
  try {
    const open = XMLHttpRequest.prototype.open;
    XMLHttpRequest.prototype.open = function (/** @type {string} */ m, /** @type {string | URL} */ u, /** @type {any[]} */ ...rest) {
      note("request", url(u), caller());
      return /** @type {any} */ (open).call(this, m, u, ...rest);
    };
  } catch { /* locked */ }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) note("request", e.name, null, performance.timeOrigin + e.startTime);
    }).observe({ type: "resource", buffered: true });
  } catch { /* collect() reads the entries */ }
  return o;
}

/**
 * What the page holds and contacted, as observations for the core: `seen` (from `watch`, if audit mode
 * was on) plus the cookies, keys and recorded requests present now (first seen: now).
 * Without audit mode nothing was watched and nothing is installed now: only what is present counts.
 * @param {Observations | null} watched @returns {Seen[]}
 */
export function collect(watched) {
  const { seen, note } = watched ?? observations();
  const now = Date.now();
  try {
    for (const c of document.cookie.split(";")) note("cookie", c.split("=")[0].trim(), null, now);
  } catch { /* blocked */ }
  for (const [kind, store] of /** @type {const} */ ([["localStorage", () => window.localStorage], ["sessionStorage", () => window.sessionStorage]])) {
    try {
      const s = store();
      for (let i = 0; i < s.length; i++) note(kind, s.key(i) ?? "", null, now);
    } catch { /* blocked */ }
  }
  try {
    for (const e of performance.getEntriesByType("resource")) note("request", e.name, null, performance.timeOrigin + e.startTime);
  } catch { /* none */ }
  return [...seen.values()].slice(0, 10_000);
}

/**
 * The core's judgement of `seen`: loads the tools core (consent_sieve_tools, with core::audit; a site
 * owner's download, never a visitor's) once. @param {string} configJson the config as the core read it
 * @param {unknown} state `cs.state()` @param {Seen[]} seen @returns {Promise<any>}
 */
export async function judge(configJson, state, seen) {
  const glue = await toolsCore();
  return JSON.parse(glue.audit(configJson, JSON.stringify(state), location.hostname, JSON.stringify(seen)));
}

/** The data inventory of the config (core::inventory, docs/inventory.md), from the tools core. @param {string} configJson */
export async function inventory(configJson) {
  const glue = await toolsCore();
  return JSON.parse(glue.inventory(configJson, "json"));
}

/** The tools core, loaded once. @returns {Promise<any>} */
function toolsCore() {
  tools ??= (async () => {
    /** @type {any} */
    const glue = await import(/** @type {string} */ ("./pkg/consent_sieve_tools.js"));
    await glue.default({ module_or_path: new URL("./pkg/consent_sieve_tools_bg.wasm", import.meta.url) });
    return glue;
  })();
  return tools;
}
/** @type {Promise<any> | undefined} */
let tools;

/** Prints a report as console tables (the site owner's view). @param {any} report */
export function print(report) {
  const rows = (/** @type {any[]} */ list) => list.map((i) => ({ kind: i.kind, name: i.name, vendor: i.vendor ?? "", at: new Date(i.at).toISOString(), script: i.script ?? "" }));
  console.info(`consent-sieve audit: ${report.undeclared.length} undeclared, ${report.beforeConsent.length} before consent, ${report.declared} declared`);
  if (report.undeclared.length) console.table(rows(report.undeclared));
  if (report.beforeConsent.length) console.table(rows(report.beforeConsent));
}
