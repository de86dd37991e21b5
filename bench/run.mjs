// Runs bench/index.html in headless Chromium (Debian's, through playwright-core from tests/e2e; never
// a browser download) and prints the figures. Started by scripts/bench.
//
//   node bench/run.mjs [--rounds 10] [--events 1000] [--warmup 1000] [--json] [--serve] [--package DIR]
//   node bench/run.mjs --fuzz 2000     compare both implementations on random free texts (no timing)
//
// --json prints the page's whole result; --serve only serves the page for a browser of your own;
// --package serves another build of the package folder (default js/) at /node_modules/consent-sieve/.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { startServer } from "../examples/server.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = fileURLToPath(new URL("..", import.meta.url));
// The same browser and flags as the end-to-end tests (tests/e2e/helpers.mjs).
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

const args = process.argv.slice(2);
/** @param {string} name */
const option = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const query = new URLSearchParams();
for (const name of ["rounds", "events", "warmup", "fuzz"]) {
  const v = option(name);
  if (v !== undefined) {
    if (!/^[1-9]\d*$/.test(v)) {
      console.error(`--${name} wants a positive integer (got "${v}")`);
      process.exit(2);
    }
    query.set(name, v);
  }
}

const packageDir = option("package") ?? `${repo}js`;
const server = await startServer({ port: args.includes("--serve") ? 8090 : 0, root: here, packageDir });
const url = `${server.url}/${query.size ? `?${query}` : ""}`;
if (args.includes("--serve")) {
  console.log(`benchmark page: ${url}  (Ctrl-C to stop)`);
} else {
  const require = createRequire(`${repo}tests/e2e/package.json`);
  const { chromium } = require("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  let result;
  try {
    const page = await browser.newPage();
    page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") console.error(`page ${m.type()}: ${m.text()}`);
    });
    await page.goto(url);
    await page.waitForFunction(() => /** @type {any} */ (window).__bench?.done, null, { timeout: 120_000, polling: 250 });
    result = await page.evaluate(() => /** @type {any} */ (window).__bench);
    result.browserVersion = browser.version();
  } finally {
    await browser.close();
    await server.close();
  }
  if (result.error) {
    console.error(`the benchmark page failed: ${result.error}`);
    process.exit(1);
  }
  if (args.includes("--json")) console.log(JSON.stringify(result, null, 2));
  else if (result.fuzz) fuzzReport(result);
  else report(result);
}

/** @param {any} r */
function report(r) {
  const browser = r.browserVersion ?? r.userAgent;
  const { rounds, events, warmup, valuesPerEvent, variants } = r.settings;
  console.log(`consent-sieve minimize benchmark: headless Chromium ${browser}, an event of ${valuesPerEvent} values (${variants} variants, cycled)`);
  console.log(`${warmup} warm-up events each, then ${rounds} interleaved rounds of ${events} events; µs/event and events/s of the median round\n`);
  if (r.engine !== "ok") console.log(`!! the wasm engine was not measured: ${r.engine}\n`);
  const fmt = (/** @type {number} */ n, d = 2) => n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
  const w = [52, 34, 10, 12, 12, 16];
  const line = (/** @type {string[]} */ cells) => cells.map((c, i) => (i < 2 ? c.padEnd(w[i]) : c.padStart(w[i]))).join(" ").trimEnd();
  console.log(line(["scenario", "implementation", "µs/event", "events/s", "best round", "all rounds (µs)"]));
  console.log(line(w.map((n) => "-".repeat(n))));
  for (const s of r.scenarios) {
    s.rows.forEach((/** @type {any} */ row, /** @type {number} */ i) =>
      console.log(line([i ? "" : s.label, row.name, fmt(row.usPerEvent), fmt(row.eventsPerSecond, 0), fmt(row.min), `${fmt(row.min, 1)}–${fmt(row.max, 1)}`])));
  }
  console.log("");
  for (const s of r.scenarios) {
    if (s.ratio === null) continue;
    const how = s.ratio < 1 ? `wasm is ${fmt(1 / s.ratio)}x faster` : `wasm is ${fmt(s.ratio)}x slower`;
    console.log(`ratio wasm/plain (time per event), ${s.id}: ${fmt(s.ratio)}  (${how})`);
  }
  if (r.engine === "ok") {
    console.log("");
    if (r.mismatches.length === 0) console.log(`output check: both implementations give the same output on all ${variants} event variants, in every scenario`);
    for (const m of r.mismatches) {
      console.log(`WARNING: outputs differ (scenario ${m.scenario}, event distinct_id ${m.event.distinct_id}):`);
      for (const d of m.differences) console.log(`  ${d.path}\n    wasm:  ${JSON.stringify(d.wasm)}\n    plain: ${JSON.stringify(d.plain)}`);
    }
    if (r.probes.length) {
      console.log(`\nedge cases where the two differ (${r.probes.length}; not timed, see bench/fixture.js PROBE_EVENT):`);
      for (const d of r.probes) console.log(`  ${d.path}: ${JSON.stringify(d.input)}\n    wasm:  ${JSON.stringify(d.wasm)}\n    plain: ${JSON.stringify(d.plain)}`);
    } else console.log("edge cases (bench/fixture.js PROBE_EVENT): no differences");
  }
  if (r.large?.length) {
    console.log("\nlarge inputs (milliseconds per call, median of each row's runs; printed, never asserted):");
    const w = [44, 12, 10, 18, 0];
    const row = (/** @type {string[]} */ c) => c.map((x, i) => (i === 0 || i === 4 ? x.padEnd(w[i]) : x.padStart(w[i]))).join("  ").trimEnd();
    console.log(row(["input", "bytes", "ms", "min–max (ms)", "output"]));
    for (const x of r.large) console.log(row([x.input, x.bytes.toLocaleString("en-US"), fmt(x.median, 1), `${fmt(x.min, 1)}–${fmt(x.max, 1)}`, x.check]));
  }
  for (const n of r.notes) console.log(`note: ${n}`);
}

/** @param {any} r */
function fuzzReport(r) {
  if (r.engine !== "ok") return console.log(`the wasm engine is not available: ${r.engine}`);
  console.log(`differential check: ${r.settings.fuzz} random free texts through both implementations (bench/fixture.js fuzzText)`);
  console.log(`${r.fuzz.length} differ${r.fuzz.length ? ":" : ""}`);
  for (const d of r.fuzz.slice(0, 40)) console.log(`  seed ${d.seed}: ${JSON.stringify(d.text)}\n    wasm:  ${JSON.stringify(d.wasm)}\n    plain: ${JSON.stringify(d.plain)}`);
  if (r.fuzz.length > 40) console.log(`  … and ${r.fuzz.length - 40} more (--json for all)`);
}
