// The demo's "Consent inspector" panel: shows the live consent state, the stored record, the gated tags
// that ran (also the one the tag manager inserts late), the Consent Mode entries of dataLayer in order,
// and every request that reached the local collector. Not part of the SDK; never throws.

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
  const log = $("collect-list");
  log.replaceChildren();
  if (items.length === 0) log.append(el("li", { className: "muted empty" }, "Nothing has left the page."));
  for (const it of items.slice(-12).reverse()) {
    const body = it.body && typeof it.body === "object" ? it.body : { body: it.body };
    const li = el("li");
    li.append(
      el("span", { className: "log-time" }, new Date(it.time).toLocaleTimeString([], { hour12: false })),
      el("strong", {}, body.tag || body.vendor || it.method),
      el("span", { className: "muted" }, `${body.event || ""} · ${it.method}${it.host ? ` to ${it.host.replace(/:\d+$/, "")}` : ""}`),
    );
    log.append(li);
  }
}

function renderAll() {
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

$("forget").addEventListener("click", () => {
  cs()?.forget();
  $("receipt").hidden = true;
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
  renderCollected();
});

renderAll();
renderCollected();
setInterval(() => {
  renderCollected();
  renderRan();
  renderStored();
  renderDataLayer();
}, 1000);
