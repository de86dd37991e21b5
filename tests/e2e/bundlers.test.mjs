// The package as bundler users get it: `npm pack` in js/, each example app (examples/vite,
// examples/react, examples/webpack, examples/esbuild, examples/next) copied into a fresh folder with the tarball installed, built with
// the real bundler from npm (and the Vite and Next.js dev servers), then driven in Chromium: the banner shows,
// Accept all runs the gated tag once, a de-DE visitor gets German, no console error, the early layer
// ran first, and the main chunk holds no language but English.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join } from "node:path";
import { after, before } from "node:test";
import { BANNER, REPO, btn, holdRoute, ranAfter, ready, settle, stylesheets, useBrowser } from "./helpers.mjs";

const E2E = join(REPO, "tests", "e2e");
const BIN = join(E2E, "node_modules", ".bin");
// Inside tests/e2e, so the apps resolve vite, react and webpack from tests/e2e/node_modules (locked),
// while consent-sieve comes from the app's own node_modules: the tarball.
const APPS = join(E2E, "artifacts", "apps");
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });

let tarball = "";
/** Copies examples/<name> into a fresh app folder (artifacts/apps/<as>) and installs the packed tarball there. */
function app(name, as = name) {
  const dir = join(APPS, as);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(REPO, "examples", name), dir, { recursive: true, filter: (src) => !/node_modules|dist$/.test(src) });
  // Its own dependencies come from tests/e2e's lock file: the app's package.json keeps only its type.
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: pkg.name, private: true, ...(pkg.type ? { type: pkg.type } : {}) }));
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], dir);
  return dir;
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json" };
/** A static server for a built app (as any host would serve dist/), on 127.0.0.1. */
async function serve(dir) {
  const server = createServer((req, res) => {
    const path = new URL(req.url || "/", "http://x").pathname;
    const file = join(dir, path.endsWith("/") ? path + "index.html" : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const port = /** @type {import("node:net").AddressInfo} */ (server.address()).port;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** A port nothing listens on now. */
async function freePort() {
  const s = createServer();
  await new Promise((ok) => s.listen(0, "127.0.0.1", ok));
  const { port } = /** @type {import("node:net").AddressInfo} */ (s.address());
  await new Promise((ok) => s.close(ok));
  return port;
}

/** Every bundled language's "Accept all", to find any language in a chunk. */
const ACCEPT = Object.fromEntries(
  readdirSync(join(REPO, "js", "lang")).filter((f) => f.endsWith(".json")).map((f) => [f.slice(0, -5), JSON.parse(readFileSync(join(REPO, "js", "lang", f), "utf8")).acceptAll]),
);

/** The JS files an HTML page loads directly (its entry chunks), read from dist. */
function entryChunks(dist) {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  return [...html.matchAll(/<script[^>]+src="?\/?([^" >]+\.js)/g)].map((m) => readFileSync(join(dist, m[1]), "utf8"));
}

/** @type {Map<string, { url: string, close: () => Promise<unknown>, dist?: string }>} */
const servers = new Map();
const env = useBrowser({ root: E2E, packageDir: null });

before(async () => {
  mkdirSync(APPS, { recursive: true });
  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", APPS], join(REPO, "js")));
  tarball = join(APPS, packed.filename);
  for (const name of ["vite", "react"]) {
    const dir = app(name);
    run(join(BIN, "vite"), ["build", "--logLevel", "warn"], dir);
    servers.set(name, { ...(await serve(join(dir, "dist"))), dist: join(dir, "dist") });
  }
  // The same app with a minimize policy: the full core (its own .wasm and glue), built and under dev.
  const fullDir = app("vite", "vite-full");
  const cfg = JSON.parse(readFileSync(join(fullDir, "consent-sieve.json"), "utf8"));
  cfg.hashKey = "a-site-secret-of-16+-chars";
  cfg.vendors[0].minimize = { fields: { email: "hash", user: "hmac", ip: "truncate" }, denied: { mode: "allow", fields: { event: "keep" } } };
  writeFileSync(join(fullDir, "consent-sieve.json"), JSON.stringify(cfg));
  run(join(BIN, "vite"), ["build", "--logLevel", "warn"], fullDir);
  servers.set("vite-full", { ...(await serve(join(fullDir, "dist"))), dist: join(fullDir, "dist") });
  // Under the dev server beside a real client: posthog-js from npm with the package's posthogBeforeSend,
  // both pre-bundled by Vite's dependency optimizer unless the plugin keeps consent-sieve out of it.
  const phDir = app("vite", "vite-posthog");
  // The phone rule with a country is what made the pre-bundled engine fail ("table index is out of bounds").
  const phPolicy = { ...cfg.vendors[0].minimize, fields: { ...cfg.vendors[0].minimize.fields, "$set.phone": { action: "hash", profile: "google.phone", country: "US" } } };
  writeFileSync(join(phDir, "consent-sieve.json"), JSON.stringify({ ...cfg, vendors: [{ ...cfg.vendors[0], paths: ["/e/*", "/flags/*", "/i/v0/e/*", "/batch/*"], minimize: phPolicy }] }));
  writeFileSync(join(phDir, "src", "main.js"), `import { init, posthogBeforeSend } from "consent-sieve";
import posthog from "posthog-js";
import config from "../consent-sieve.json";
posthog.init("phc_test", { api_host: "http://stats.example.test", before_send: posthogBeforeSend("stats"), opt_out_useragent_filter: true,
  autocapture: false, capture_pageview: false, disable_session_recording: true, request_queue_config: { flush_interval_ms: 100 } });
posthog.identify("user-42", { email: "Jane.Doe@example.com", phone: "+1 650 555 1234" });
window.posthog = posthog;
window.cs = await init(config);
`);
  // Faults in the bundler form: the built app with its .wasm missing (404) or corrupt.
  const viteDist = join(APPS, "vite", "dist");
  for (const [name, fault] of [["vite-404", "missing"], ["vite-corrupt", "corrupt"]]) {
    const dist = join(APPS, "vite", name);
    rmSync(dist, { recursive: true, force: true });
    cpSync(viteDist, dist, { recursive: true });
    for (const f of readdirSync(join(dist, "assets")).filter((f) => f.endsWith(".wasm"))) {
      if (fault === "missing") rmSync(join(dist, "assets", f));
      else writeFileSync(join(dist, "assets", f), Buffer.from("<!doctype html><title>Not found</title>"));
    }
    servers.set(name, await serve(dist));
  }
  const wp = app("webpack");
  run(join(BIN, "webpack"), ["--mode", "production", "--config", "webpack.config.cjs"], wp);
  servers.set("webpack", { ...(await serve(join(wp, "dist"))), dist: join(wp, "dist") });
  // esbuild: its build script copies the cores (esbuild emits no new URL() assets), the app passes wasmUrl.
  const eb = app("esbuild");
  run("node", ["build.mjs"], eb);
  servers.set("esbuild", { ...(await serve(join(eb, "dist"))), dist: join(eb, "dist") });
  // Next.js (App Router, Turbopack): the example's postinstall copies the early layer into public/.
  const next = app("next");
  cpSync(join(next, "node_modules", "consent-sieve", "dist", "early.js"), join(next, "public", "consent-sieve-early.js"));
  const nextEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  execFileSync(join(BIN, "next"), ["build"], { cwd: next, env: nextEnv, stdio: ["ignore", "pipe", "pipe"] });
  const port = await freePort();
  const proc = spawn(join(BIN, "next"), ["start", "-p", String(port), "-H", "127.0.0.1"], { cwd: next, env: nextEnv, stdio: ["ignore", "pipe", "pipe"] });
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error("next start did not get ready in 60 s")), 60_000);
    proc.stdout.on("data", (d) => /Ready|started server/i.test(String(d)) && (clearTimeout(timer), ok(undefined)));
    proc.on("exit", (code) => fail(new Error(`next start exited with ${code}`)));
  });
  servers.set("next", { url: `http://127.0.0.1:${port}`, close: async () => void proc.kill() });
  // `next dev` (Turbopack) on a copy of the same app, as a developer runs it on day one.
  const nextDev = app("next", "next-dev");
  cpSync(join(nextDev, "node_modules", "consent-sieve", "dist", "early.js"), join(nextDev, "public", "consent-sieve-early.js"));
  const devPort = await freePort();
  const devProc = spawn(join(BIN, "next"), ["dev", "-p", String(devPort), "-H", "127.0.0.1"], { cwd: nextDev, env: nextEnv, stdio: ["ignore", "pipe", "pipe"] });
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error("next dev did not get ready in 60 s")), 60_000);
    devProc.stdout.on("data", (d) => /Ready/i.test(String(d)) && (clearTimeout(timer), ok(undefined)));
    devProc.on("exit", (code) => fail(new Error(`next dev exited with ${code}`)));
  });
  servers.set("next-dev", { url: `http://127.0.0.1:${devPort}`, close: async () => void devProc.kill() });
  // The Vite dev server on the same example (the package is pre-bundled into node_modules/.vite/deps).
  const { createServer: vite } = await import(join(E2E, "node_modules", "vite", "dist", "node", "index.js"));
  const dev = await vite({ root: join(APPS, "vite"), configFile: join(APPS, "vite", "vite.config.js"), logLevel: "warn", server: { port: 0, host: "127.0.0.1" } });
  await dev.listen();
  servers.set("vite-dev", { url: dev.resolvedUrls.local[0].replace(/\/$/, ""), close: () => dev.close() });
  const devFull = await vite({ root: join(APPS, "vite-full"), configFile: join(APPS, "vite-full", "vite.config.js"), logLevel: "warn", server: { port: 0, host: "127.0.0.1" } });
  await devFull.listen();
  servers.set("vite-full-dev", { url: devFull.resolvedUrls.local[0].replace(/\/$/, ""), close: () => devFull.close() });
  const devPh = await vite({ root: phDir, configFile: join(phDir, "vite.config.js"), logLevel: "warn", server: { port: 0, host: "127.0.0.1" } });
  await devPh.listen();
  servers.set("vite-posthog-dev", { url: devPh.resolvedUrls.local[0].replace(/\/$/, ""), close: () => devPh.close() });
}, { timeout: 240_000 });
after(async () => {
  for (const s of servers.values()) await s.close();
});

for (const name of ["vite", "vite-dev", "react", "webpack", "esbuild", "next", "next-dev"]) {
  const url = () => /** @type {any} */ (servers.get(name)).url + "/";

  env.test(`${name}: the banner shows, Accept all runs the gated tag once, the early layer ran first`, async ({ page }) => {
    await page.goto(url());
    await page.waitForSelector(BANNER, { state: "visible", timeout: 30_000 });
    const early = await page.evaluate(async () => ({
      defaultPushed: window.__consentSieveEarly?.defaultPushed,
      first: window.dataLayer ? [...window.dataLayer[0]].slice(0, 2) : null,
      vendor: await fetch("http://stats.example.test/hit", { mode: "no-cors" }).then(() => "sent", (e) => e.name),
    }));
    assert.deepEqual(early, { defaultPushed: true, first: ["consent", "default"], vendor: "TypeError" }, "the early layer is in <head>: Consent Mode default first, vendor requests stopped");
    assert.deepEqual(await page.evaluate(() => window.__ran ?? []), [], "nothing runs before a choice");
    await page.click(btn("accept-all"));
    assert.deepEqual(await ranAfter(page, 1), ["analytics"]);
    await settle(page, 300);
    assert.deepEqual(await page.evaluate(() => window.__ran), ["analytics"], "exactly once");
    assert.equal(await page.evaluate(() => window.consentSieve?.failed), false);
    await page.waitForFunction(() => /granted/.test(document.getElementById("consent")?.textContent ?? ""));
  }, { timeout: 60_000 });

  env.test(`${name}: a de-DE visitor gets German, and downloads no other language`, async ({ page }) => {
    /** @type {string[]} */
    const scripts = [];
    page.on("response", (r) => void (r.request().resourceType() === "script" && scripts.push(r.url())));
    await page.goto(url());
    await page.waitForSelector(BANNER, { state: "visible", timeout: 30_000 });
    assert.equal(await page.$eval(btn("accept-all"), (b) => b.textContent?.trim()), ACCEPT.de);
    assert.equal(await page.$eval(BANNER, (b) => b.lang), "de");
    const bodies = await Promise.all(scripts.map((u) => page.evaluate((u) => fetch(u).then((r) => r.text()), u)));
    for (const [code, text] of Object.entries(ACCEPT)) {
      if (code === "de") continue;
      assert.ok(!bodies.some((b) => b.includes(JSON.stringify(text).slice(1, -1))), `the ${code} texts were not downloaded`);
    }
  }, { context: { locale: "de-DE" }, timeout: 60_000 });
}

for (const name of ["vite-full", "vite-full-dev"]) {
  env.test(`${name}: with a minimize policy (the full core) the banner shows, and after Accept all an event leaves minimized`, async ({ page }) => {
    /** @type {string[]} */
    const bodies = [];
    await page.route("http://stats.example.test/**", (r) => (bodies.push(r.request().postData() ?? ""), r.fulfill({ status: 204 })));
    /** @type {string[]} */
    const wasm = [];
    page.on("request", (r) => void (r.url().includes(".wasm") && wasm.push(r.url())));
    await page.goto(/** @type {any} */ (servers.get(name)).url + "/");
    await page.waitForSelector(BANNER, { state: "visible", timeout: 30_000 });
    await ready(page); // the banner may be early.js's, painted before the core
    assert.equal(await page.evaluate(() => window.consentSieve?.failed), false);
    assert.ok(wasm.some((u) => /consent_sieve_minimize_bg/.test(u)), `the full core was loaded: ${wasm.join(", ")}`);
    await page.click(btn("accept-all"));
    assert.deepEqual(await ranAfter(page, 1), ["analytics"]);
    const event = { event: "signup", email: "Jane.Doe@example.com", user: "u-42", ip: "203.0.113.77" };
    const sent = await page.evaluate((e) => fetch("http://stats.example.test/e", { method: "POST", body: JSON.stringify(e) }).then((r) => r.status, (x) => String(x)), event);
    assert.equal(sent, 204);
    assert.equal(bodies.length, 1);
    const got = JSON.parse(bodies[0]);
    assert.equal(got.event, "signup");
    assert.match(got.email, /^[0-9a-f]{64}$/, "the email hashed");
    assert.match(got.user, /^[0-9a-f]{64}$/, "the user id keyed-hashed");
    assert.notEqual(got.ip, event.ip, "the IP truncated");
    assert.ok(!bodies[0].includes("Jane") && !bodies[0].includes("u-42"), bodies[0]);
  }, { timeout: 60_000 });
}

env.test("vite-posthog-dev: under the dev server with posthog-js from npm, the full core starts and posthog's events leave minimized after Accept all", async ({ page }) => {
  /** @type {{ path: string, body: string }[]} */
  const sent = [];
  await page.route("http://stats.example.test/**", (r) => {
    const u = new URL(r.request().url());
    sent.push({ path: u.pathname, body: r.request().postData() ?? "" });
    return r.fulfill({ status: 200, contentType: "application/json", headers: { "access-control-allow-origin": "*" }, body: "{}" });
  });
  await page.goto(/** @type {any} */ (servers.get("vite-posthog-dev")).url + "/");
  await page.waitForSelector(BANNER, { state: "visible", timeout: 30_000 });
  await ready(page); // the banner may be early.js's, painted before the core
  assert.equal(await page.evaluate(() => window.consentSieve?.failed), false, "the core instantiated");
  await page.click(btn("accept-all"));
  await page.evaluate(() => window.posthog.capture("signup", { email: "jane.doe@example.com" }));
  const deadline = Date.now() + 10_000;
  while (!sent.some((s) => s.path.startsWith("/e") && s.body.includes("signup")) && Date.now() < deadline) await settle(page, 200);
  const events = sent.filter((s) => s.path.startsWith("/e"));
  assert.ok(events.some((s) => s.body.includes("signup")), `posthog sent its event: ${JSON.stringify(sent.map((s) => s.path))}`);
  for (const e of events) assert.ok(!/jane\.doe@example\.com/i.test(e.body), `no raw email leaves: ${e.body.slice(0, 300)}`);
}, { timeout: 60_000, allowErrors: true });

for (const name of ["vite", "react", "webpack", "esbuild"]) {
  env.test(`${name}: the main chunk holds no language but English`, async () => {
    const chunks = entryChunks(/** @type {any} */ (servers.get(name)).dist);
    assert.ok(chunks.length > 0, "the page loads an entry chunk");
    for (const [code, text] of Object.entries(ACCEPT)) {
      assert.ok(!chunks.some((c) => c.includes(JSON.stringify(text).slice(1, -1))), `the entry chunk holds no ${code} texts`);
    }
    assert.ok(!chunks.some((c) => c.includes("data:application/json")), "no language inlined as a data URL");
  });

  // iab.js import()s lang/tcf-<code>.js by literals: each language's TCF texts are a chunk of their own.
  env.test(`${name}: each language's TCF layer texts are a chunk of their own, outside the entry chunk`, async () => {
    const dist = /** @type {any} */ (servers.get(name)).dist;
    const entries = entryChunks(dist);
    const js = readdirSync(dist, { recursive: true }).filter((f) => String(f).endsWith(".js")).map((f) => readFileSync(join(dist, String(f)), "utf8"));
    const title = (code) => JSON.parse(readFileSync(join(REPO, "js", "lang", "tcf", `${code}.json`), "utf8")).tcfTitle;
    for (const code of ["de", "fr", "es"]) {
      const holding = js.filter((c) => c.includes(title(code)));
      assert.equal(holding.length, 1, `one chunk holds the ${code} TCF texts`);
      assert.ok(!entries.includes(holding[0]), `not the entry chunk (${code})`);
      assert.ok(!holding[0].includes(ACCEPT[code]) && !holding[0].includes(title(code === "de" ? "fr" : "de")), `only the ${code} TCF texts`);
    }
  });
}

for (const name of ["vite-404", "vite-corrupt"]) {
  env.test(`${name}: a built app whose .wasm fails fails closed: nothing granted, no gated tag, vendor requests stopped`, async ({ page, pageErrors }) => {
    await page.goto(/** @type {any} */ (servers.get(name)).url + "/");
    await page.waitForFunction(() => window.consentSieve !== undefined, null, { timeout: 15_000 });
    const out = await page.evaluate(async () => ({
      failed: window.consentSieve?.failed,
      analytics: window.consentSieve?.granted("analytics"),
      fetch: await fetch("http://stats.example.test/hit", { mode: "no-cors" }).then(() => "sent", (e) => e.name),
      beacon: navigator.sendBeacon("http://stats.example.test/b", "x"),
    }));
    assert.deepEqual(out, { failed: true, analytics: false, fetch: "TypeError", beacon: false });
    await settle(page, 300);
    assert.deepEqual(await page.evaluate(() => window.__ran ?? []), []);
    assert.equal(await page.$(BANNER + ":not([hidden])"), null);
    assert.deepEqual(pageErrors, [], "nothing is thrown into the page");
  }, { allowErrors: true });
}

env.test("vite build: <head> preloads the consent core's .wasm and glue by their hashed names, and the page uses that response", async ({ page }) => {
  const { dist, url } = /** @type {any} */ (servers.get("vite"));
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const wasm = html.match(/<link rel="preload" as="fetch" crossorigin="anonymous" href="\/(assets\/consent_sieve_bg-[^"]+\.wasm)">/);
  assert.ok(wasm, `a preload of the consent core (this config has no minimize policy): ${html.slice(0, 600)}`);
  assert.ok(!/consent_sieve_minimize/.test(html), "not the minimization core's");
  assert.match(html, /<link rel="modulepreload" crossorigin="" href="\/assets\/consent_sieve-[^"]+\.js">/);
  /** @type {string[]} */
  const wasmRequests = [];
  page.on("request", (r) => void (r.url().endsWith(".wasm") && wasmRequests.push(r.url())));
  await page.goto(url + "/");
  await page.waitForSelector(BANNER, { state: "visible", timeout: 30_000 });
  assert.deepEqual(wasmRequests, [`${url}/${wasm[1]}`], "one request for the wasm: the preload's, reused by the loader");
});

// The plugin links the stylesheet in <head> (its hashed asset in a build, the package's file under the
// dev server), marked data-consent-sieve-css: the inline early.js paints the first layer as soon as
// <body> exists, before the app's bundle has even arrived (held back here), and the facade adds no other.
for (const [name, entry] of [["vite", (/** @type {string} */ html) => /** @type {string[]} */ (html.match(/<script type="module" crossorigin src="(\/assets\/index-[^"]+\.js)">/))[1]], ["vite-dev", () => "/src/main.js"]]) {
  env.test(`${name}: the stylesheet is a marked <link> in <head>, and early.js paints the first layer before the app's bundle runs`, async ({ page }) => {
    const { url } = /** @type {any} */ (servers.get(name));
    const html = await (await fetch(url + "/")).text();
    const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)" data-consent-sieve-css(?:="")?>/g)].map((m) => m[1]);
    assert.equal(links.length, 1, `one marked stylesheet link: ${html.slice(0, 800)}`);
    assert.match(links[0], name === "vite" ? /^\/assets\/consent-sieve-[^/]+\.css$/ : /^\/node_modules\/consent-sieve\/dist\/consent-sieve\.css$/);
    const bundle = await holdRoute(page, url + entry(html));
    await page.goto(url + "/", { waitUntil: "commit" });
    await page.waitForSelector(`${BANNER}[data-cs-early]`, { state: "visible", timeout: 30_000 });
    assert.equal(await page.evaluate(() => typeof window.consentSieve), "undefined", "the app's bundle has not run");
    assert.equal(await page.$eval(BANNER, (b) => getComputedStyle(b).position), "fixed", "styled: the linked stylesheet applies");
    bundle.release();
    await ready(page);
    assert.equal(await page.evaluate(() => window.consentSieve.failed), false);
    assert.equal(await page.$(`${BANNER}[data-cs-early]`), null, "the core's banner replaced it");
    assert.deepEqual(await stylesheets(page), [links[0]], "the facade used the plugin's link and added none");
    assert.equal(await page.$eval(BANNER, (b) => getComputedStyle(b).position), "fixed");
  }, { timeout: 60_000 });
}
