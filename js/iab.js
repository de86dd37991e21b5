// consent-sieve: the IAB CMP APIs `__tcfapi` (TCF v2.3), `__gpp` (GPP 1.1) and, with the GPP section
// `uspv1`, the deprecated CCPA API `__uspapi`. The facade imports this module only for a config with
// `tcf` or `gpp`, and hands it the core's signal outputs (core::tcf::signal TCData, core::gpp::signal,
// whose `uspString` `__uspapi` reports): no decision is made here. `install` replaces the stubs (tcf-stub.js,
// gpp-stub.js or any CMP API stub whose no-argument call returns its queue), installs the functions,
// the locator frames and the postMessage handler itself when the page has no stub, and replays the
// queued calls in order. Calls that need the state wait for the first output (the page load). A
// callback that throws never stops the others. With `tcf` it also fetches the TCF layers' texts of the
// language the facade chose (`tcfTexts`), so consent-only pages never carry their map or their files.
import { TCF_LANGS } from "./tcf-langs.js";

/** @typedef {{ signal: (name: string, output: any, moment: string) => void, fail: () => void, gvl: (m: import("./pkg-types.js").WasmConsentManager) => Promise<void> | undefined }} Iab */

/** How long the start waits for the Global Vendor List (TCF with `tcf.gvlUrl`) before going on without it. */
const GVL_WAIT_MS = 5000;

const TCF_EVENTS = ["cmpuishown", "useractioncomplete", "tcloaded"];

/** @param {Function} cb @param {unknown[]} args */
const call = (cb, ...args) => {
  try {
    cb(...args);
  } catch (e) {
    console.error("consent-sieve: a CMP API callback threw", e);
  }
};

/**
 * The page's function for `api(a, b, c, d)`: never throws into the caller; no arguments returns nothing
 * (the queue is replayed already). @param {(a: unknown, b: unknown, c: unknown, d: unknown) => void} api
 */
const guarded = (api) => /** @type {any} */ ((/** @type {unknown[]} */ ...a) => {
  try {
    if (a.length) api(a[0], a[1], a[2], a[3]);
  } catch (e) {
    console.error("consent-sieve: a CMP API call failed", e);
  }
});

/** Whether the banner or the preferences dialog is showing. */
const visible = () => document.querySelector('[data-consent-sieve="banner"]:not([hidden]),[data-consent-sieve="preferences"]:not([hidden])') !== null;

/**
 * The locator frame and, without a stub, the postMessage handler for `api` (`__tcfapi` / `__gpp`).
 * @param {string} api @param {(c: any, reply: (r: unknown, ok: unknown) => void) => void} run
 */
function locate(api, run) {
  const w = /** @type {any} */ (window);
  const name = `${api}Locator`;
  const frame = () => {
    if (w.frames[name]) return;
    if (!document.body) return void document.addEventListener("DOMContentLoaded", frame, { once: true });
    const f = document.createElement("iframe");
    f.style.display = "none";
    f.name = f.title = name;
    document.body.appendChild(f);
  };
  frame();
  w.addEventListener("message", (/** @type {MessageEvent} */ e) => {
    const str = typeof e.data === "string";
    let m = e.data;
    try {
      if (str) m = JSON.parse(m);
    } catch {
      return;
    }
    const c = m && m[`${api}Call`];
    if (!c || !e.source) return;
    guarded((/** @type {any} */ c) => run(c, (returnValue, success) => {
      const a = { [`${api}Return`]: { returnValue, success, callId: c.callId } };
      /** @type {any} */ (e.source).postMessage(str ? JSON.stringify(a) : a, "*");
    }))(c);
  });
}

/**
 * Replaces `window[api]`; returns the calls its stub queued (oldest first), or [] without one.
 * @param {string} api @param {Function} fn @param {(c: any, reply: (r: unknown, ok: unknown) => void) => void} run @returns {unknown[][]}
 */
function replace(api, fn, run) {
  const w = /** @type {any} */ (window);
  const prev = w[api];
  /** @type {unknown[][]} */
  let queue = [];
  if (typeof prev === "function") {
    try {
      const q = prev();
      if (Array.isArray(q)) queue = q.map((a) => Array.from(a));
    } catch { /* not a stub we can read */ }
    // The stub's postMessage handler calls window[api] by name: it reaches `fn` from now on.
  }
  w[api] = fn;
  if (typeof prev !== "function") locate(api, run);
  else if (!w.frames[`${api}Locator`]) locate(api, () => {}); // a stub without a frame: add the frame only
  return queue;
}

/**
 * The bundled TCF layer texts of a language (`lang/tcf-<code>.js`, each by a literal `import()` in
 * tcf-langs.js, so a bundler makes it a chunk of its own): `code` is the facade's choice
 * (choose-language.js), made when it loaded that language's other texts. None for a language without
 * them, or when the file fails: the core then shows its built-in English for these keys.
 * @param {string} code @returns {Promise<Record<string, string>>}
 */
export async function tcfTexts(code) {
  try {
    return TCF_LANGS[code] ? (await TCF_LANGS[code]()).default : {}; // `code` is a primary subtag, never a prototype key
  } catch {
    return {};
  }
}

/** @param {{ tcf?: any, gpp?: any }} config @returns {Iab} */
export function install(config) {
  /** @type {{ tcf: Iab["signal"][], gpp: Iab["signal"][] }} */
  const parts = { tcf: [], gpp: [] };
  const failed = { v: false };
  if (config.tcf) parts.tcf.push(tcf(config.tcf, failed));
  if (config.gpp) parts.gpp.push(gpp(config.tcf ? config.tcf.cmpId : 1, failed));
  if (config.gpp?.sections?.includes?.("uspv1")) parts.gpp.push(usp(failed));
  return {
    signal: (name, output, moment) => {
      for (const s of name === "tcf" ? parts.tcf : name === "gpp" ? parts.gpp : []) s(name, output, moment);
    },
    fail: () => void (failed.v = true),
    // TCF with a gvlUrl: the core loads the GVL (cache or one fetch); resolved when it is done or after
    // GVL_WAIT_MS (then TCF reports cmpStatus "error" on this page). Nothing to wait for otherwise.
    gvl: (m) => (config.tcf?.gvlUrl && m.loadGvl
      ? new Promise((done) => {
          m.loadGvl?.(() => done(undefined));
          setTimeout(() => done(undefined), GVL_WAIT_MS);
        })
      : undefined),
  };
}

/** `__tcfapi`. @param {{ cmpId: number, cmpVersion: number, vendorListVersion?: number }} cfg @param {{ v: boolean }} failed @returns {Iab["signal"]} */
function tcf(cfg, failed) {
  /** @type {any} the core's TCData, null until the page load */
  let data = null;
  /** @type {number | undefined} the GVL version (the core's output, taken out of the TCData) */
  let gvlVersion = cfg.vendorListVersion;
  let status = "";
  /** @type {Map<number, Function>} */
  const listeners = new Map();
  /** @type {unknown[][]} calls that wait for the state */
  let waiting = [];
  let ids = 0;
  const shown = { v: false };
  /** @param {number} [listenerId] */
  const tcData = (listenerId) => ({ ...data, eventStatus: status, cmpStatus: data.cmpStatus || "loaded", ...(listenerId === undefined ? {} : { listenerId }) });
  const ping = () => ({
    ...(data ? { gdprApplies: data.gdprApplies } : {}),
    cmpLoaded: data !== null,
    cmpStatus: failed.v ? "error" : data ? data.cmpStatus || "loaded" : "loading",
    displayStatus: visible() ? "visible" : "hidden",
    apiVersion: "2.3",
    cmpVersion: cfg.cmpVersion,
    cmpId: cfg.cmpId,
    // The core's: the GVL's versions with a gvlUrl (none while it is missing), else the config's.
    ...(gvlVersion ? { gvlVersion } : {}),
    tcfPolicyVersion: data ? data.tcfPolicyVersion : 5,
  });
  /** @param {unknown} command @param {unknown} version @param {unknown} cb @param {unknown} param */
  const api = (command, version, cb, param) => {
    if (typeof cb !== "function") return;
    if (command === "ping") return call(cb, ping(), true);
    if ((version != null && version !== 0 && version !== 2) || failed.v) return call(cb, null, false);
    if (command !== "addEventListener" && command !== "removeEventListener" && command !== "getTCData") return call(cb, null, false);
    if (!data) return void waiting.push([command, version, cb, param]);
    if (command === "addEventListener") {
      const id = ++ids;
      listeners.set(id, cb);
      call(cb, tcData(id), true);
    } else if (command === "removeEventListener") call(cb, listeners.delete(/** @type {number} */ (param)));
    else {
      const out = tcData();
      if (Array.isArray(param) && out.vendor) {
        /** @param {Record<string, boolean>} m */
        const only = (m) => Object.fromEntries(param.map((id) => [String(id), m[id] === true]));
        out.vendor = { ...out.vendor, consents: only(out.vendor.consents), legitimateInterests: only(out.vendor.legitimateInterests) };
      }
      call(cb, out, true);
    }
  };
  const fn = guarded(api);
  const queue = replace("__tcfapi", fn, (c, reply) => api(c.command, c.version, reply, c.parameter));
  for (const a of queue) fn(...a);
  /** @param {string} s */
  const emit = (s) => {
    status = s;
    for (const [id, cb] of [...listeners]) call(cb, tcData(id), true);
  };
  new MutationObserver(() => {
    const v = visible();
    if (v && !shown.v && data && !failed.v) emit(TCF_EVENTS[0]);
    shown.v = v;
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["hidden"], subtree: true });
  return (_name, output, moment) => {
    if (failed.v || output === null || typeof output !== "object") return;
    const first = data === null;
    ({ gvlVersion, ...data } = output);
    shown.v = visible();
    if (first) {
      // The page load: the TCData answers what waited, with the event of this load.
      status = shown.v ? TCF_EVENTS[0] : TCF_EVENTS[2];
      const w = waiting;
      waiting = [];
      for (const a of w) fn(...a);
    } else if (moment === "update") emit(TCF_EVENTS[1]);
  };
}

/** `__gpp`. @param {number} cmpId @param {{ v: boolean }} failed @returns {Iab["signal"]} */
function gpp(cmpId, failed) {
  /** @type {any} the core's GPP output, null until the page load */
  let data = null;
  let loaded = false;
  let signal = "not ready";
  let display = "hidden";
  /** @type {Map<number, Function>} */
  const listeners = new Map();
  /** @type {unknown[][]} */
  let waiting = [];
  let ids = 0;
  const ping = () => ({
    gppVersion: "1.1",
    cmpStatus: failed.v ? "error" : loaded ? "loaded" : "loading",
    cmpDisplayStatus: display,
    signalStatus: signal,
    supportedAPIs: data ? data.supportedAPIs : [],
    cmpId,
    sectionList: data ? data.sectionList : [],
    applicableSections: data ? (data.applicableSections.length ? data.applicableSections : [-1]) : [0],
    gppString: data ? data.gppString : "",
    parsedSections: data ? data.parsedSections : {},
  });
  /** @param {string} eventName @param {unknown} value */
  const emit = (eventName, value) => {
    for (const [listenerId, cb] of [...listeners]) call(cb, { eventName, listenerId, data: value, pingData: ping() }, true);
  };
  /** @param {unknown} prefix */
  const section = (prefix) => (typeof prefix === "string" && data && Object.prototype.hasOwnProperty.call(data.parsedSections, prefix) ? data.parsedSections[prefix] : null);
  /** @param {unknown} command @param {unknown} cb @param {unknown} param @param {unknown} version */
  const api = (command, cb, param, version) => {
    if (typeof cb !== "function") return;
    if (command === "ping") return call(cb, ping(), true);
    if (failed.v) return call(cb, null, false);
    if (command === "addEventListener") {
      const listenerId = ++ids;
      listeners.set(listenerId, cb);
      return call(cb, { eventName: "listenerRegistered", listenerId, data: true, pingData: ping() }, true);
    }
    if (command === "removeEventListener") return call(cb, listeners.delete(/** @type {number} */ (param)), true);
    if (command !== "hasSection" && command !== "getSection" && command !== "getField") return call(cb, null, false);
    if (!data) return void waiting.push([command, cb, param, version]);
    if (command === "hasSection") return call(cb, section(param) !== null, true);
    // TCF v2.2 and later: TC data only through addEventListener (its pingData.parsedSections), never
    // by getSection/getField (as @iabgpp/cmpapi 3.2.0 answers getSection, and means to answer getField).
    if (command === "getSection") return call(cb, param === "tcfeuv2" ? null : section(param), true);
    const [prefix, field] = typeof param === "string" ? param.split(".") : [];
    const seg = prefix === "tcfeuv2" ? null : /** @type {any[] | null} */ (section(prefix))?.find((s) => Object.prototype.hasOwnProperty.call(s, field));
    call(cb, seg ? seg[field] : null, true);
  };
  const fn = guarded(api);
  const prev = /** @type {any} */ (window).__gpp;
  const queue = replace("__gpp", fn, (c, reply) => api(c.command, reply, c.parameter, c.version));
  // Listeners a stub registered itself (the IAB stub keeps them in __gpp.events).
  const events = typeof prev === "function" && Array.isArray(prev.events) ? prev.events : [];
  for (const e of events) {
    const id = Number(e && e.id);
    if (id > 0 && typeof e.callback === "function") {
      listeners.set(id, e.callback);
      ids = Math.max(ids, id);
    }
  }
  for (const a of queue) fn(...a);
  const showing = () => {
    const d = visible() ? "visible" : "hidden";
    if (d !== display) {
      display = d;
      emit("cmpDisplayStatus", d);
    }
  };
  new MutationObserver(showing).observe(document.documentElement, { attributes: true, attributeFilter: ["hidden"], subtree: true });
  return (_name, output) => {
    if (failed.v || output === null || typeof output !== "object") return;
    const first = !loaded;
    loaded = true;
    if (first) emit("cmpStatus", "loaded");
    showing();
    // The spec's order: "not ready" before the sections change, "ready" once they say the choice.
    signal = "not ready";
    emit("signalStatus", signal);
    data = output;
    for (const api of /** @type {string[]} */ (output.supportedAPIs)) if (output.sectionList.includes(parseInt(api, 10))) emit("sectionChange", api.slice(api.indexOf(":") + 1));
    signal = "ready";
    emit("signalStatus", signal);
    if (first) {
      const w = waiting;
      waiting = [];
      for (const a of w) fn(...a);
    }
  };
}

/**
 * `__uspapi` (IAB USP API 1.0, deprecated by the IAB but still read by ad tags): `getUSPData` (version 1)
 * calls back `{ version: 1, uspString }` with the core's uspv1 string (`1YNN` / `1YYN`), `ping`
 * `{ uspapiLoaded }`; any other command or version `(null, false)`.
 * @param {{ v: boolean }} failed @returns {Iab["signal"]}
 */
function usp(failed) {
  /** @type {string | null} the core's uspString, null until the page load */
  let str = null;
  /** @type {unknown[][]} */
  let waiting = [];
  /** @param {unknown} command @param {unknown} version @param {unknown} cb */
  const api = (command, version, cb) => {
    if (typeof cb !== "function") return;
    if (command === "ping") return call(cb, { uspapiLoaded: str !== null && !failed.v }, true);
    if (command !== "getUSPData" || version !== 1 || failed.v) return call(cb, null, false);
    if (str === null) return void waiting.push([command, version, cb]);
    call(cb, { version: 1, uspString: str }, true);
  };
  const fn = guarded(api);
  const queue = replace("__uspapi", fn, (c, reply) => api(c.command, c.version, reply));
  for (const a of queue) fn(...a);
  return (_name, output) => {
    if (failed.v || output === null || typeof output !== "object" || typeof output.uspString !== "string") return;
    const first = str === null;
    str = output.uspString;
    if (first) {
      const w = waiting;
      waiting = [];
      for (const a of w) fn(...a);
    }
  };
}
