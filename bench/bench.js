// The benchmark page's script: consent-sieve's `cs.minimize` (the wasm core) against plain.js, the same
// policy written in plain JavaScript, on the same events, in the same page, interleaved round by round.
// Options in the query string: ?rounds=10&events=1000&warmup=1000&fuzz=2000 (fuzz: compare both on
// that many random free texts instead of timing). The result goes to window.__bench
// (read by bench/run.mjs) and into the page.
import { init } from "consent-sieve";
import { createMinimizer } from "./plain.js";
import { CONFIG, HASH_KEY, POLICY, POLICY_COPY, POLICY_NO_HASH, PROBE_EVENT, PROBE_POLICY, countValues, fuzzText, makeEvent } from "./fixture.js";

const params = new URLSearchParams(location.search);
/** @param {string} name @param {number} fallback */
const intParam = (name, fallback) => {
  const v = Number(params.get(name));
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const ROUNDS = intParam("rounds", 10);
const EVENTS = intParam("events", 1000);
const WARMUP = intParam("warmup", 1000);
const FUZZ = params.has("fuzz") ? intParam("fuzz", 2000) : 0; // random free texts checked on both (not timed)
const VARIANTS = 64; // distinct events, cycled: identifying values differ so nothing can be cached

/** Where two outputs differ, as [{ path, wasm, plain }]. @param {unknown} a @param {unknown} b @param {string} path @param {any[]} out */
function diff(a, b, path = "", out = []) {
  const isObj = (/** @type {unknown} */ v) => v !== null && typeof v === "object";
  if (isObj(a) && isObj(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(/** @type {object} */ (a)), ...Object.keys(/** @type {object} */ (b))]);
    for (const k of keys) {
      const p = path ? `${path}.${k}` : k;
      const x = /** @type {any} */ (a)[k], y = /** @type {any} */ (b)[k];
      if (x === undefined || y === undefined) out.push({ path: p, wasm: x === undefined ? "(absent)" : x, plain: y === undefined ? "(absent)" : y });
      else diff(x, y, p, out);
    }
  } else if (!Object.is(a, b)) out.push({ path: path || "(event)", wasm: a, plain: b });
  return out;
}

const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

let sink = 0; // results feed this so no call can be optimised away

/**
 * Times each implementation over the same events: a warm-up, then `ROUNDS` rounds of `EVENTS` events,
 * the implementations alternating first and second each round so they share the page's noise.
 * @param {{ name: string, fn: (e: any) => unknown }[]} impls @param {any[]} events
 */
function time(impls, events) {
  for (const { fn } of impls) for (let i = 0; i < WARMUP; i++) if (fn(events[i % events.length]) !== null) sink++;
  /** @type {number[][]} µs per event, per implementation, per round */
  const perRound = impls.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 ? [...impls.keys()].reverse() : [...impls.keys()];
    for (const k of order) {
      const fn = impls[k].fn;
      const t0 = performance.now();
      for (let i = 0; i < EVENTS; i++) if (fn(events[i % events.length]) !== null) sink++;
      perRound[k].push(((performance.now() - t0) * 1000) / EVENTS);
    }
  }
  return impls.map(({ name }, k) => {
    const us = median(perRound[k]);
    return { name, usPerEvent: us, eventsPerSecond: 1e6 / us, min: Math.min(...perRound[k]), max: Math.max(...perRound[k]), rounds: perRound[k] };
  });
}

async function main() {
  /** @type {any} */
  const result = {
    done: false,
    settings: { rounds: ROUNDS, events: EVENTS, warmup: WARMUP, variants: VARIANTS, valuesPerEvent: countValues(makeEvent(0)) },
    userAgent: navigator.userAgent,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    engine: "ok",
    scenarios: [],
    mismatches: [],
    probes: [],
    notes: [],
  };
  const events = Array.from({ length: VARIANTS }, (_, i) => makeEvent(i));

  /** @type {any} */
  let cs = null;
  try {
    cs = await init(/** @type {any} */ (CONFIG));
    if (cs.failed) result.engine = `init failed closed: ${String(cs.error)}`;
    else cs.acceptAll();
  } catch (e) {
    const err = /** @type {any} */ (e);
    result.engine = `init rejected the benchmark config (${err.code ?? err.name} at ${err.path ?? "?"}): ${err.message}`;
    cs = null;
  }
  if (cs && result.engine === "ok") {
    try {
      if (cs.minimize(makeEvent(0), { destination: "bench" }) === null) result.engine = "cs.minimize returned null for the benchmark event (not built yet?)";
    } catch (e) {
      result.engine = `cs.minimize threw: ${String(e)}`;
    }
  }
  const wasmOk = result.engine === "ok";

  // The plain implementation reads consent once (a page would re-read it on "change"), as the core keeps its own.
  const state = wasmOk ? cs.state() : { purposes: { necessary: true, analytics: true, marketing: true }, vendors: {} };
  const consentFor = (/** @type {string} */ id) => ({ purposes: state.purposes, vendorGranted: wasmOk ? state.vendors[id] === true : true });
  const plainOptions = { hashKey: HASH_KEY, vendorPurposes: ["analytics"] };
  const plain = createMinimizer(POLICY, plainOptions);
  const plainNoHash = createMinimizer(POLICY_NO_HASH, plainOptions);
  const plainCopy = createMinimizer(POLICY_COPY, plainOptions);
  const plainProbe = createMinimizer(PROBE_POLICY, plainOptions);
  const cFull = consentFor("bench"), cNoHash = consentFor("bench-nohash"), cCopy = consentFor("bench-copy"), cProbe = consentFor("bench-probe");

  /** @type {{ id: string, label: string, wasm: (e: any) => unknown, plain: (e: any) => unknown }[]} */
  const scenarios = [
    { id: "bench", label: "full policy: 2 hashed + 1 HMAC, URL, IP, detectors", wasm: (e) => cs.minimize(e, { destination: "bench" }), plain: (e) => plain(e, cFull) },
    { id: "bench-nohash", label: "same policy, hashed fields dropped instead", wasm: (e) => cs.minimize(e, { destination: "bench-nohash" }), plain: (e) => plainNoHash(e, cNoHash) },
    { id: "bench-copy", label: "no rules, no detectors (a copy)", wasm: (e) => cs.minimize(e, { destination: "bench-copy" }), plain: (e) => plainCopy(e, cCopy) },
  ];

  // Same output, checked once per scenario on every event variant (the first differing event is reported).
  if (wasmOk) {
    for (const s of scenarios) {
      for (const e of events) {
        const before = JSON.stringify(e);
        const w = s.wasm(e), p = s.plain(e);
        if (JSON.stringify(e) !== before) result.notes.push(`${s.id}: an implementation mutated its input`);
        const d = diff(w, p);
        if (d.length) {
          result.mismatches.push({ scenario: s.id, event: e, differences: d });
          break;
        }
      }
    }
    const d = diff(cs.minimize(PROBE_EVENT, { destination: "bench-probe" }), plainProbe(PROBE_EVENT, cProbe));
    result.probes = d.map((x) => ({ ...x, input: x.path.split(".").reduce((/** @type {any} */ o, k) => o?.[k], PROBE_EVENT) ?? "(absent)" }));
    result.sample = { input: events[1], wasm: scenarios[0].wasm(events[1]), plain: scenarios[0].plain(events[1]) };
  } else {
    result.sample = { input: events[1], plain: scenarios[0].plain(events[1]) };
  }

  if (FUZZ) {
    result.settings.fuzz = FUZZ;
    result.fuzz = [];
    if (wasmOk) {
      for (let seed = 1; seed <= FUZZ; seed++) {
        const text = fuzzText(seed);
        const w = cs.minimize({ text: { t: text } }, { destination: "bench-probe" });
        const p = plainProbe({ text: { t: text } }, cProbe);
        if (JSON.stringify(w) !== JSON.stringify(p)) result.fuzz.push({ seed, text, wasm: w?.text?.t, plain: /** @type {any} */ (p)?.text?.t });
      }
    }
    result.done = true;
    return result;
  }

  for (const s of scenarios) {
    const impls = [...(wasmOk ? [{ name: "consent-sieve (wasm)", fn: s.wasm }] : []), { name: "plain JavaScript", fn: s.plain }];
    const rows = time(impls, events);
    result.scenarios.push({ id: s.id, label: s.label, rows, ratio: wasmOk ? rows[0].usPerEvent / rows[1].usPerEvent : null });
  }
  // For scale: the engine's cost per call whatever the event (a one-field event, no rules), and what
  // copying the event through JSON costs (a floor for any approach that serialises).
  if (wasmOk) {
    const tiny = [{ event: "x" }];
    const call = time([{ name: "cs.minimize, one-field event", fn: (e) => cs.minimize(e, { destination: "bench-copy" }) }], tiny);
    result.scenarios.push({ id: "call", label: "reference: one call with a one-field event", rows: call, ratio: null });
  }
  const copy = time([{ name: "JSON.parse(JSON.stringify(event))", fn: (e) => JSON.parse(JSON.stringify(e)) }], events);
  result.scenarios.push({ id: "json-copy", label: "reference: copying the event through JSON", rows: copy, ratio: null });
  if (wasmOk) result.large = await largeInputs(cs);
  result.sink = sink;
  result.done = true;
  return result;
}

/** Median, min and max milliseconds of `n` runs of `fn`. @param {() => unknown} fn */
function timeMs(fn, n = 7) {
  const ms = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    if (fn() !== null) sink++;
    ms.push(performance.now() - t0);
  }
  return { median: median(ms), min: Math.min(...ms), max: Math.max(...ms), runs: n };
}

/**
 * Bounded work, side by side: a 50,000-key event through cs.minimize, and a 1 MB request body (a
 * PostHog-style batch of realistic events) through the core's network-layer call (`request`, what
 * early.js and the fetch/sendBeacon/XHR wrappers ask), on a ConsentManager of its own.
 * @param {any} cs
 */
async function largeInputs(cs) {
  const wide = { event: "wide", properties: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, `user${i}@mail.example.com`])) };
  const rows = [];
  const out = cs.minimize(wide, { destination: "bench" });
  rows.push({ input: "event with 50,000 keys", bytes: JSON.stringify(wide).length, ...timeMs(() => cs.minimize(wide, { destination: "bench" })), check: out && !JSON.stringify(out).includes("@mail.example.com") ? "no raw email in the output" : "RAW EMAIL IN THE OUTPUT" });
  const batch = [];
  let len = 0;
  for (let i = 0; len < 1 << 20; i++) {
    const e = JSON.stringify(makeEvent(i));
    batch.push(e);
    len += e.length + 1;
  }
  const body = `{"api_key":"phc_bench","batch":[${batch.join(",")}]}`;
  const glue = await import("/node_modules/consent-sieve/dist/pkg/consent_sieve_minimize.js");
  await glue.default();
  const core = new glue.ConsentManager(JSON.stringify({ ...CONFIG, stylesheet: undefined }), () => {});
  core.acceptAll();
  const url = "https://collect.bench.test/e/";
  const verdict = core.request(url, body, false);
  rows.push({ input: `request body, a batch of ${batch.length} events`, bytes: body.length, ...timeMs(() => core.request(url, body, false)), check: verdict[0] === "send" ? `sent minimized (${verdict[2].length} bytes)` : `verdict ${JSON.stringify(verdict.slice(0, 3))}` });
  return rows;
}

/** @param {any} r */
function render(r) {
  const out = document.getElementById("out");
  if (!out) return;
  const lines = [`engine: ${r.engine}`, `${r.settings.rounds} rounds x ${r.settings.events} events, median per round`];
  for (const s of r.scenarios) {
    lines.push("", s.label);
    for (const row of s.rows) lines.push(`  ${row.name.padEnd(36)} ${row.usPerEvent.toFixed(2).padStart(8)} µs/event ${Math.round(row.eventsPerSecond).toLocaleString("en-US").padStart(10)} events/s`);
    if (s.ratio !== null) lines.push(`  ratio wasm/plain: ${s.ratio.toFixed(2)}`);
  }
  if (r.mismatches.length) lines.push("", "MISMATCH:", JSON.stringify(r.mismatches, null, 2));
  if (r.probes.length) lines.push("", "probe differences:", JSON.stringify(r.probes, null, 2));
  out.textContent = lines.join("\n");
}

main()
  .then((r) => {
    window.__bench = r;
    render(r);
  })
  .catch((e) => {
    window.__bench = { done: true, error: String(e && e.stack ? e.stack : e) };
    const out = document.getElementById("out");
    if (out) out.textContent = String(e);
  });
