// The byte budget: what a page downloads to run consent-sieve, brotli-compressed (quality 11).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { REPO, requireBuild } from "./helpers.mjs";

// A holding budget until issue 11's much lower targets: 62 KiB since the bundler work (SSR-safe init,
// the stable snapshot, literal asset URLs, langs.js, source-map comments: about +0.6 KiB), the config
// copy and addHosts at init (fail closed without the early.js tag: index.js +0.2 KiB) and the bounded
// JSON reader with a size-class allocator (1 MB body 598 -> 37 ms: about +0.7 KiB of wasm), and the
// signals interface, the text table and the lang module (+0.4 KiB), then routing by host and path in
// the core (specificity, ambiguity check) and the request-body forms (bytes, base64 JSON fields: +1.6
// KiB, 63.5 KiB when raised), then tags released through a Trusted Types policy and reported when they
// cannot run (`problems`) and the focus-not-obscured rule (+0.7 KiB: 64.2 KiB when raised).
const BUDGET = 64.5 * 1024;
// With a `minimize` policy the loader fetches the core built with the data-minimization engine
// (PII detectors, hashing profiles, payload rewriting) instead: its own budget.
// 90 KiB: the same growth as the consent core's, plus reading gzip/zlib bodies (a bounded inflate,
// about +3.5 KiB: sendBeacon is synchronous, so the browser's async DecompressionStream cannot serve
// it): 89.3 KiB when raised (holding budget until issue 11).
const MINIMIZE_BUDGET = 90 * 1024;
// early.js is a separate classic script in <head> (render-blocking): its own, much smaller budget. 3.25
// KiB since it routes by host and path (a linear glob, specificity, the page's own host), never holds the
// SDK's own files, hands bytes and streams to the hook and installs each interception on its own: 3243
// bytes when raised (2661 before).
const EARLY_BUDGET = 3.25 * 1024;
// What the npm package ships: js/dist, built by scripts/build (minified facade, glue and CSS).
const JS = join(REPO, "js", "dist");
const FACADE = ["index.js", "adapters.js", "loader.js", "langs.js", "choose-language.js", "auto.js", "consent-sieve.css"];
const SHIPPED = ["pkg/consent_sieve_bg.wasm", "pkg/consent_sieve.js", ...FACADE];
const SHIPPED_MINIMIZE = ["pkg/consent_sieve_minimize_bg.wasm", "pkg/consent_sieve_minimize.js", ...FACADE];
const kib = (n) => (n / 1024).toFixed(1).padStart(7) + " KiB";
const measure = (f) => {
  const raw = readFileSync(join(JS, f));
  return {
    file: f,
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }).length,
  };
};

test(`early.js stays within ${EARLY_BUDGET / 1024} KiB brotli`, () => {
  const r = measure("early.js");
  console.log(`\nearly.js: ${r.raw} bytes raw, ${r.gzip} gzip -9, ${r.brotli} brotli 11 (budget ${EARLY_BUDGET})`);
  assert.ok(r.brotli <= EARLY_BUDGET, `early.js is ${r.brotli} bytes brotli, ${r.brotli - EARLY_BUDGET} over the ${EARLY_BUDGET / 1024} KiB budget`);
});

test("each bundled language file is small and loaded only for its language", () => {
  requireBuild();
  for (const lang of ["de", "fr"]) {
    const r = measure(`lang/${lang}.js`);
    console.log(`lang/${lang}.js: ${r.raw} bytes raw, ${r.brotli} brotli 11`);
    assert.ok(r.brotli <= 1024, `lang/${lang}.js is ${r.brotli} bytes brotli`);
  }
});

/** @param {string[]} files @param {number} budget @param {string} what */
function budgetTest(files, budget, what) {
  requireBuild();
  const rows = files.map(measure);
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  const line = (name, r) => `${name.padEnd(34)}${kib(r.raw)}${kib(r.gzip)}${kib(r.brotli)}`;
  console.log(["", what, `${"file".padEnd(34)}${"raw".padStart(11)}${"gzip -9".padStart(11)}${"brotli 11".padStart(11)}`,
    ...rows.map((r) => line(r.file, r)), line("total", total), `budget (brotli)${kib(budget).padStart(52)}`, ""].join("\n"));
  assert.ok(total.brotli <= budget, `${what}: total ${kib(total.brotli).trim()} (${total.brotli} bytes) brotli is ${total.brotli - budget} bytes over the ${budget / 1024} KiB budget`);
}

test(`the consent runtime stays within ${BUDGET / 1024} KiB brotli`, () => budgetTest(SHIPPED, BUDGET, "consent only"));

test(`the runtime with the minimization engine stays within ${MINIMIZE_BUDGET / 1024} KiB brotli`, () =>
  budgetTest(SHIPPED_MINIMIZE, MINIMIZE_BUDGET, "with a minimize policy"));

test("npm pack ships the wasm, the entry points, the types and the CSS", () => {
  requireBuild();
  const [info] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: join(REPO, "js"), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
  console.log(`\nnpm pack would ship ${info.filename} (${kib(info.size).trim()} packed, ${kib(info.unpackedSize).trim()} unpacked):`);
  for (const f of info.files) console.log(`  ${kib(f.size)}  ${f.path}`);
  const files = info.files.map((f) => f.path);
  for (const want of ["dist/pkg/consent_sieve_bg.wasm", "dist/pkg/consent_sieve.js", "dist/pkg/consent_sieve_minimize_bg.wasm", "dist/pkg/consent_sieve_minimize.js", "dist/adapters.js", "dist/index.js", "index.d.ts", "dist/loader.js", "dist/auto.js", "dist/early.js", "dist/consent-sieve.css", "dist/lang/de.json", "dist/lang/fr.json", "package.json"]) {
    assert.ok(files.includes(want), `the tarball contains ${want}`);
  }
  for (const f of files) assert.ok(!/node_modules|tsconfig|pkg-types|\.tgz$/.test(f), `nothing else is shipped: ${f}`);
});
