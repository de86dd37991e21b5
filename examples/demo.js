// The demo's "Consent inspector" panel: shows the live consent state, the stored record, the gated tags
// that ran (also the one the tag manager inserts late), the Consent Mode entries of dataLayer in order,
// and every request that reached the local collector. Below the article, the minimization panel pairs each
// event the Fern Insights tag produced (window.__demoProduced) with what the collector received for it
// (by event_id, from GET /collected) and labels each field: kept, hashed, redacted, generalized, dropped.
// Not part of the SDK; never throws.

const $ = (id) => document.getElementById(id);

function cs() {
  return window.consentSieve;
}

function readLocal() {
  try {
    return localStorage.getItem("consent-sieve");
  } catch {
    return "(localStorage is blocked)";
  }
}

function readCookie() {
  try {
    const hit = document.cookie.split("; ").find((c) => c.startsWith("consent_sieve="));
    return hit ? hit.slice("consent_sieve=".length) : null;
  } catch {
    return "(cookies are blocked)";
  }
}

/** Pretty-prints a stored value: JSON, URI-encoded JSON or base64url JSON; else as it is. */
function decode(raw) {
  if (raw == null) return "(nothing stored)";
  const tries = [
    () => raw,
    () => decodeURIComponent(raw),
    () => atob(raw.replace(/-/g, "+").replace(/_/g, "/")),
  ];
  for (const t of tries) {
    try {
      return JSON.stringify(JSON.parse(t()), null, 2);
    } catch {
      /* next */
    }
  }
  return raw;
}

function el(tag, props = {}, text = "") {
  const e = document.createElement(tag);
  Object.assign(e, props);
  if (text) e.textContent = text;
  return e;
}

function time(ms) {
  return ms == null ? "–" : new Date(ms).toLocaleString();
}

function renderState() {
  const sdk = cs();
  const summary = $("state-summary");
  const list = $("purpose-list");
  list.replaceChildren();
  if (!sdk) {
    summary.textContent = "The SDK has not started (see the console).";
    return;
  }
  const s = sdk.state();
  summary.replaceChildren(
    el("span", { className: s.decided ? "pill ok" : "pill wait" }, s.decided ? "decided" : "no decision yet"),
    el("span", {}, ` source: ${s.source} · policy ${s.policyVersion}`),
  );
  if (sdk.failed) summary.append(el("span", { className: "pill bad" }, "failed closed"));
  if (s.decided) summary.append(el("div", { className: "muted" }, `decided ${time(s.decidedAt)}, expires ${time(s.expiresAt)}`));
  for (const [id, on] of Object.entries(s.purposes)) {
    list.append(el("li", { className: on ? "chip on" : "chip off" }, `${id}: ${on ? "granted" : "denied"}`));
  }
  for (const [id, on] of Object.entries(s.vendors || {})) {
    list.append(el("li", { className: on ? "chip on vendor" : "chip off vendor" }, `${id}: ${on ? "granted" : "denied"}`));
  }
}

function renderStored() {
  const local = readLocal();
  const cookie = readCookie();
  const status = (raw, other) => {
    if (raw == null) return "nothing stored";
    if (raw.startsWith("(")) return raw.slice(1, -1);
    return other != null && decode(raw) === decode(other) ? "stored (the same record)" : "stored";
  };
  $("stored-local-status").textContent = status(local, cookie);
  $("stored-cookie-status").textContent = status(cookie, local);
  $("stored-local").textContent = decode(local);
  const same = local != null && cookie != null && decode(local) === decode(cookie);
  $("stored-cookie").hidden = same || cookie == null;
  $("stored-cookie").textContent = decode(cookie);
}

function renderRan() {
  const ran = $("ran-list");
  ran.replaceChildren();
  const names = [...(window.__ran || []), ...(window.__late || [])];
  if (names.length === 0) ran.append(el("li", { className: "muted empty" }, "Nothing yet: no optional tag has run."));
  for (const n of names) ran.append(el("li", {}, n));
}

/** One dataLayer entry as text: gtag commands (Arguments objects) as calls, other objects as JSON. */
function describeEntry(e) {
  if (Object.prototype.toString.call(e) === "[object Arguments]") {
    const [cmd, arg, value] = [...e];
    if (cmd === "consent" && value && typeof value === "object") {
      const granted = Object.keys(value).filter((k) => value[k] === "granted");
      const extra = Object.entries(value).filter(([, v]) => v !== "granted" && v !== "denied").map(([k, v]) => `${k}: ${v}`);
      return [`gtag("consent", "${arg}")`, [`granted: ${granted.join(", ") || "none"} (the rest denied)`, ...extra].join(" · ")];
    }
    return [`gtag(${[...e].map((x) => JSON.stringify(x)).join(", ")})`, ""];
  }
  if (e && typeof e === "object" && e.event) return [`event "${e.event}"`, e.consentSieve ? `granted: ${e.consentSieve.purposes.join(", ")}` : ""];
  return [JSON.stringify(e), ""];
}

let shownEntries = -1;
function renderDataLayer() {
  const dl = Array.isArray(window.dataLayer) ? window.dataLayer : [];
  if (dl.length === shownEntries) return;
  shownEntries = dl.length;
  const list = $("datalayer-list");
  list.replaceChildren();
  if (dl.length === 0) list.append(el("li", { className: "muted empty" }, "dataLayer is empty."));
  dl.forEach((e, i) => {
    const [what, detail] = describeEntry(e);
    const li = el("li");
    li.append(el("span", { className: "log-time" }, `#${i + 1}`), el("strong", {}, what), el("span", { className: "muted dl-args" }, detail));
    list.append(li);
  });
}

async function renderCollected() {
  let items;
  try {
    const res = await fetch("/collected", { cache: "no-store" });
    items = await res.json();
  } catch {
    return; // the demo server is gone; keep the last view
  }
  received = items.filter((it) => hostOf(it) === INSIGHTS_HOST);
  try {
    renderMinimization();
  } catch (e) {
    console.warn("minimization panel:", e);
  }
  const log = $("collect-list");
  log.replaceChildren();
  if (items.length === 0) log.append(el("li", { className: "muted empty" }, "Nothing has left the page."));
  for (const it of items.slice(-12).reverse()) {
    const body = it.body && typeof it.body === "object" ? it.body : { body: it.body };
    const li = el("li");
    li.append(
      el("span", { className: "log-time" }, new Date(it.time).toLocaleTimeString([], { hour12: false })),
      el("strong", {}, body.tag || body.vendor || (hostOf(it) === INSIGHTS_HOST ? "insights" : it.method)),
      el("span", { className: "muted" }, `${body.event || ""} · ${it.method}${it.host ? ` to ${it.host.replace(/:\d+$/, "")}` : ""}`),
    );
    log.append(li);
  }
}

// ---------------------------------------------------------------------------------------------------
// The minimization panel: "What the page produced" | "What the collector received".

const INSIGHTS_HOST = "insights.localhost";
const SHOWN_EVENTS = 6;
/** How long an event may be on its way before the panel says it did not arrive. */
const PATIENCE_MS = 4000;
/** @type {any[]} the collector's records from the Fern Insights tag's host */
let received = [];
let shownSignature = "";

/** @param {{ host?: string }} it */
function hostOf(it) {
  return String(it.host || "").replace(/:\d+$/, "");
}

/** The top-level fields the anonymous ("denied") policy keeps, from the page's config. */
function anonymousFields() {
  try {
    const c = JSON.parse($("consent-sieve-config").textContent);
    const v = c.vendors.find((x) => x.id === "insights");
    return Object.keys(v.minimize.denied.fields || {});
  } catch {
    return [];
  }
}

/** Dotted paths → scalar values (objects and arrays flattened, as the policy's patterns name them). */
function flatten(value, prefix = "", out = new Map()) {
  if (value && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((x, i) => [String(i), x]) : Object.entries(value);
    if (entries.length === 0 && prefix) out.set(prefix, value);
    for (const [k, x] of entries) flatten(x, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, value);
  }
  return out;
}

const FOUND = /\[(email|phone|card|iban|ssn|ip|token)\]/;
/** What happened to one field, judged from the two values: [class, label]. */
function outcome(before, after, present) {
  if (!present) return ["dropped", "dropped"];
  if (JSON.stringify(before) === JSON.stringify(after)) return ["kept", "kept"];
  if (typeof after === "string" && /^[0-9a-f]{64}$/.test(after)) return ["hashed", "hashed"];
  if (after === "[redacted]") return ["redacted", "redacted"];
  if (typeof after === "string" && FOUND.test(after)) return ["found", "personal data removed"];
  if (typeof before === "string" && /^https?:\/\//.test(before)) return ["generalized", "query stripped"];
  return ["generalized", "generalized"];
}

/** A value as text: strings as they are, the rest as JSON. */
const show = (v) => (typeof v === "string" ? v : JSON.stringify(v));

let tableNo = 0;
/** One event: its heading, a status line and a two-column table, a row group per field. */
function eventItem(item, got, now, anonymous) {
  const body = item.body;
  const li = el("li", { className: "mp-event" });
  li.dataset.eventId = body.event_id;
  const n = ++tableNo;
  const title = el("h3", { id: `mp-${n}-t` }, body.event);
  title.append(el("span", { className: "muted" }, ` · ${item.via} · ${new Date(item.time).toLocaleTimeString([], { hour12: false })}`));
  li.append(title);

  let status;
  if (got) {
    const keys = Object.keys(got.body);
    const anon = keys.every((k) => anonymous.includes(k));
    status = anon
      ? "Received: the anonymous form only (analytics was not granted when it left the page)."
      : "Received: the minimized form (analytics was granted when it left the page).";
    li.dataset.received = anon ? "anonymous" : "minimized";
  } else if (now - item.time < PATIENCE_MS) {
    status = "Waiting for the collector…";
    li.dataset.received = "waiting";
  } else {
    status = "Nothing received: the request was dropped or blocked before it left the page.";
    li.dataset.received = "none";
  }
  li.append(el("p", { className: "mp-status" }, status));

  const table = el("table", { className: "mp-table" });
  table.setAttribute("aria-labelledby", title.id);
  const head = el("thead");
  const hr = el("tr");
  hr.append(
    el("th", { scope: "col", id: `mp-${n}-p`, className: "mp-produced" }, "What the page produced"),
    el("th", { scope: "col", id: `mp-${n}-r`, className: "mp-received" }, "What the collector received"),
  );
  head.append(hr);
  table.append(head);

  const before = flatten(body);
  const after = got ? flatten(got.body) : new Map();
  const paths = [...before.keys(), ...[...after.keys()].filter((k) => !before.has(k))];
  paths.forEach((path, i) => {
    const group = el("tbody");
    group.dataset.field = path;
    const fieldId = `mp-${n}-f${i}`;
    const nameRow = el("tr", { className: "mp-field" });
    const th = el("th", { scope: "rowgroup", id: fieldId, colSpan: 2 });
    th.append(el("code", {}, path));
    nameRow.append(th);
    const row = el("tr");
    const p = el("td", { className: "mp-produced" });
    p.setAttribute("headers", `mp-${n}-p ${fieldId}`);
    const r = el("td", { className: "mp-received" });
    r.setAttribute("headers", `mp-${n}-r ${fieldId}`);
    if (before.has(path)) p.append(el("code", {}, show(before.get(path))));
    else p.append(el("span", { className: "muted" }, "(not produced)"));
    if (!got) {
      r.append(el("span", { className: "muted" }, "–"));
    } else {
      const [cls, label] = before.has(path) ? outcome(before.get(path), after.get(path), after.has(path)) : ["added", "added"];
      group.dataset.outcome = cls;
      r.classList.add(cls);
      if (cls !== "kept") p.classList.add("mp-raw");
      r.append(el("span", { className: `mp-badge ${cls}` }, label));
      if (after.has(path)) r.append(" ", el("code", {}, show(after.get(path))));
    }
    row.append(p, r);
    group.append(nameRow, row);
    table.append(group);
  });
  li.append(table);
  return li;
}

function renderMinimization() {
  const list = $("mp-events");
  if (!list) return;
  const produced = (window.__demoProduced || []).slice(-SHOWN_EVENTS).reverse();
  const byId = new Map();
  for (const it of received) {
    const id = it.body && typeof it.body === "object" ? it.body.event_id : undefined;
    if (typeof id === "string") byId.set(id, it);
  }
  const now = Date.now();
  const anonymous = anonymousFields();
  const signature = JSON.stringify(produced.map((item) => {
    const got = byId.get(item.body.event_id);
    return [item.body.event_id, got ? got.body : now - item.time < PATIENCE_MS];
  }));
  if (signature === shownSignature) return;
  shownSignature = signature;
  tableNo = 0;
  list.replaceChildren();
  if (produced.length === 0) list.append(el("li", { className: "muted empty" }, "No event yet: send a page view or the question form."));
  for (const item of produced) list.append(eventItem(item, byId.get(item.body.event_id), now, anonymous));
}

function renderConsentNow() {
  const out = $("mp-consent");
  const sdk = cs();
  if (!out) return;
  if (!sdk) {
    out.textContent = "The SDK has not started yet.";
    return;
  }
  const s = sdk.state();
  const word = (id) => (s.purposes[id] ? "granted" : "denied");
  out.textContent = `Now: analytics ${word("analytics")}, marketing ${word("marketing")}${s.decided ? "" : " (no decision yet)"}.`;
}

function renderAll() {
  try {
    renderConsentNow();
  } catch (e) {
    console.warn("minimization panel:", e);
  }
  try {
    renderState();
    renderStored();
    renderRan();
    renderDataLayer();
  } catch (e) {
    console.warn("inspector:", e);
  }
}

document.addEventListener("consent-sieve:ready", renderAll);
// The SDK tells listeners about the change before gated tags may have finished loading; look again shortly.
document.addEventListener("consent-sieve:change", () => {
  renderAll();
  setTimeout(renderAll, 300);
});

// The audit panel: what the page holds and contacts that no configured vendor declares, and what a
// declared vendor set or sent before its consent. The demo does not turn audit mode on (init({ audit:
// true }) would also name the scripts): the audit reads what the page holds and requested so far.
$("audit-run").addEventListener("click", async () => {
  const report = await cs()?.audit();
  const list = $("audit-list");
  list.replaceChildren();
  if (!report) {
    $("audit-summary").textContent = "The SDK is not running.";
    return;
  }
  $("audit-summary").textContent = `${report.undeclared.length} undeclared, ${report.beforeConsent.length} before consent, ${report.declared} declared.`;
  for (const [what, items] of [["undeclared", report.undeclared], ["before consent", report.beforeConsent]]) {
    for (const i of items) {
      list.append(el("li", {}, `${what}: ${i.kind} ${i.name}${i.vendor ? ` (${i.vendor})` : ""}${i.script ? ` by ${i.script}` : ""}`));
    }
  }
});

$("forget").addEventListener("click", () => {
  const after = cs()?.forget();
  const out = $("receipt");
  out.textContent = after ? `Erased: ${JSON.stringify(after.erased, null, 2)}` : "";
  out.hidden = !after;
  renderAll();
});
$("show-receipt").addEventListener("click", () => {
  const out = $("receipt");
  const r = cs()?.receipt();
  out.textContent = r ? JSON.stringify(r, null, 2) : "No receipt (nothing decided yet, or the SDK failed).";
  out.hidden = false;
});
$("clear-log").addEventListener("click", async () => {
  await fetch("/collected", { method: "DELETE" }).catch(() => {});
  if (window.__demoProduced) window.__demoProduced.length = 0;
  renderCollected();
});

// The minimization panel: a new event shows at once (then its received side when the collector has it).
document.addEventListener("demo:produced", () => {
  try {
    renderMinimization();
  } catch (e) {
    console.warn("minimization panel:", e);
  }
  setTimeout(renderCollected, 300);
});
$("mp-pageview").addEventListener("click", () => window.fernInsights?.pageView());
// The shop's own handling of the question form: nothing is sent to Ines in the demo.
$("ask").addEventListener("submit", (e) => {
  e.preventDefault();
  $("ask-status").textContent = "Thanks! (Demo: nothing went to Ines. See below what the analytics tag sent.)";
});

renderAll();
renderCollected();
setInterval(() => {
  renderCollected();
  renderRan();
  renderStored();
  renderDataLayer();
}, 1000);
