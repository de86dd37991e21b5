// The npm package as a user gets it: `npm pack` in js/, install the tarball into an empty project,
// serve that project and check the banner and Accept all work, and that the types resolve.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { after } from "node:test";
import { BANNER, REPO, btn, open, ranAfter, requireBuild, settle, useBrowser } from "./helpers.mjs";

requireBuild();
const JS = join(REPO, "js");
const project = mkdtempSync(join(tmpdir(), "consent-sieve-pack-"));
after(() => rmSync(project, { recursive: true, force: true }));
const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });

// npm pack into the temp project, then install the tarball (no dependencies, so this is offline).
const [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", project], JS));
const tarball = join(project, packed.filename);
writeFileSync(join(project, "package.json"), JSON.stringify({ name: "pack-check", private: true, type: "module" }));
npm(["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], project);
const installed = join(project, "node_modules", "consent-sieve");

writeFileSync(
  join(project, "index.html"),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>packed</title><link rel="icon" href="data:,">
<script type="importmap">{"imports":{"consent-sieve":"./node_modules/consent-sieve/dist/index.js"}}</script>
<script type="text/plain" data-consent="analytics">(window.__ran = window.__ran || []).push("analytics");</script>
<script type="module">
  import { init } from "consent-sieve";
  await init({ policyVersion: "1", purposes: [
    { id: "necessary", required: true, label: "Necessary" }, { id: "analytics", label: "Analytics" } ] });
</script></head><body><h1>Installed from the tarball</h1></body></html>`,
);
writeFileSync(
  join(project, "auto.html"),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>packed auto</title><link rel="icon" href="data:,">
<script type="application/json" id="consent-sieve-config">{"policyVersion":"1","purposes":[{"id":"analytics","label":"Analytics"}],
  "vendors":[{"id":"stats","name":"Stats","purposes":["analytics"],"hosts":["stats.test"]}],"consentMode":{}}</script>
<script src="./node_modules/consent-sieve/dist/early.js"></script>
<script type="module" src="./node_modules/consent-sieve/dist/auto.js"></script></head><body></body></html>`,
);

writeFileSync(
  join(project, "auto-only.html"),
  readFileSync(join(project, "auto.html"), "utf8").replace('<script src="./node_modules/consent-sieve/dist/early.js"></script>\n', ""),
);

// Serve the temp project only: /node_modules/consent-sieve/ is the installed copy, not js/.
const env = useBrowser({ root: project, packageDir: null });

env.test("the tarball holds the package files and nothing else, with README, licences, repository and source maps", async () => {
  const files = packed.files.map((f) => f.path).sort();
  const codes = readdirSync(join(REPO, "js", "lang")).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5));
  assert.ok(codes.length >= 13, `12+ bundled languages besides English, found ${codes.length}`);
  // Each language's texts, and its TCF layers' texts (import()ed by iab.js for a config with tcf).
  const langs = codes.flatMap((c) => [`dist/lang/${c}.js`, `dist/lang/${c}.json`, `dist/lang/tcf-${c}.js`, `dist/lang/tcf-${c}.json`]);
  // One facade module (loader, adapters, language choice inside); index.js = early + facade, for bundlers;
  // audit.js (import()ed for audit mode), iab.js (import()ed for tcf/gpp) and the three stubs sites inline.
  const facade = ["audit", "auto", "early", "facade", "vite", "iab", "tcf-stub", "gpp-stub", "usp-stub"].flatMap((f) => [`dist/${f}.js`, `dist/${f}.js.map`]);
  assert.deepEqual(files, [
    ...facade, "dist/index.js", "dist/consent-sieve.css", "dist/consent-sieve.css.map", ...langs,
    "dist/pkg/consent_sieve.js", "dist/pkg/consent_sieve_bg.wasm",
    "dist/pkg/consent_sieve_minimize.js", "dist/pkg/consent_sieve_minimize_bg.wasm",
    "dist/pkg/consent_sieve_iab.js", "dist/pkg/consent_sieve_iab_bg.wasm",
    "dist/pkg/consent_sieve_full.js", "dist/pkg/consent_sieve_full_bg.wasm",
    "dist/pkg/consent_sieve_tools.js", "dist/pkg/consent_sieve_tools_bg.wasm",
    "index.d.ts", "side-effect.d.ts", "vite.d.ts", "package.json", "README.md", "LICENSE-MIT", "LICENSE-APACHE",
    "bin/consent-sieve.mjs",
  ].sort());
  assert.ok(existsSync(join(installed, "dist", "pkg", "consent_sieve_bg.wasm")));
  const pkg = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  assert.equal(pkg.name, "consent-sieve");
  assert.equal(Object.keys(pkg.dependencies ?? {}).length, 0, "no runtime dependencies");
  assert.match(pkg.repository?.url ?? "", /^git\+https:\/\//, "a repository for the npm page");
  assert.ok(pkg.homepage, "a homepage");
  const readme = readFileSync(join(installed, "README.md"), "utf8");
  assert.match(readme, /## With a bundler or framework/, "the npm page is the project README");
  assert.ok(!/\]\(docs\//.test(readme), "README images and links point at the repository, not at files the package lacks");
  assert.match(readFileSync(join(installed, "LICENSE-MIT"), "utf8"), /MIT License/);
  assert.equal(readFileSync(join(installed, "dist", "index.js"), "utf8").trim(), 'import"./early.js";export*from"./facade.js";');
  for (const f of ["facade", "early", "auto"]) {
    const map = JSON.parse(readFileSync(join(installed, "dist", `${f}.js.map`), "utf8"));
    assert.ok(map.sourcesContent?.[0]?.length > 100, `dist/${f}.js.map carries its readable source`);
    assert.match(readFileSync(join(installed, "dist", `${f}.js`), "utf8"), new RegExp(`sourceMappingURL=${f}\\.js\\.map`));
  }
});

env.test("a page importing the installed package shows the banner and Accept all works", async ({ page }) => {
  await open(page, env.url + "/");
  await page.waitForSelector(BANNER, { state: "visible" });
  assert.equal(await page.$eval(BANNER, (b) => getComputedStyle(b).position), "fixed", "the packaged CSS applies");
  await page.click(btn("accept-all"));
  assert.deepEqual(await ranAfter(page, 1), ["analytics"]);
  assert.equal(await page.evaluate(() => window.consentSieve.state().decided), true);
});

env.test("auto.js and early.js from the installed package read the JSON config", async ({ page }) => {
  await open(page, env.url + "/auto.html");
  await page.waitForSelector(BANNER, { state: "visible" });
  const out = await page.evaluate(async () => ({
    defaultPushed: window.__consentSieveEarly.defaultPushed,
    first: [...window.dataLayer[0]].slice(0, 2),
    fetch: await fetch("http://stats.test/x", { mode: "no-cors" }).then(() => "sent", (e) => e.name),
  }));
  assert.deepEqual(out, { defaultPushed: true, first: ["consent", "default"], fetch: "TypeError" });
});

env.test("the no-bundler page fetches each file once (early.js: the tag and its module import), and asks for the wasm from <head>", async ({ page }) => {
  /** @type {string[]} */
  const asked = [];
  page.on("request", (r) => void asked.push(new URL(r.url()).pathname.replace("/node_modules/consent-sieve/dist/", "")));
  await page.goto(env.url + "/auto.html");
  await page.waitForSelector(BANNER, { state: "visible" });
  const files = asked.filter((p) => !p.startsWith("/"));
  for (const f of ["auto.js", "facade.js", "pkg/consent_sieve.js", "pkg/consent_sieve_bg.wasm", "consent-sieve.css"]) {
    assert.equal(files.filter((x) => x === f).length, 1, `${f} fetched once: ${files.join(", ")}`);
  }
  // The tag, and auto.js's module import of it (a no-op once the tag ran; this test server forbids
  // caching: served cacheable, the import is answered from the HTTP cache, see the next test).
  assert.equal(files.filter((x) => x === "early.js").length, 2, files.join(", "));
  assert.ok(!files.some((f) => /minimize|loader|adapters|index\.js/.test(f)), `nothing else of the package: ${files.join(", ")}`);
  // early.js asked for the wasm from <head> (its preload link, there before any module ran), and the
  // loader used that response: the wasm was fetched once (above). Not a timing comparison: on localhost
  // the facade may arrive before early.js's preloads are even issued.
  const links = await page.evaluate(() => [...document.head.querySelectorAll("link[rel=preload], link[rel=modulepreload]")].map((l) => l.getAttribute("href").replace(/^.*\/dist\//, "")));
  assert.deepEqual(links.sort(), ["early.js", "facade.js", "pkg/consent_sieve.js", "pkg/consent_sieve_bg.wasm"], links.join(", "));
});

env.test("served as static files are (cacheable), the tagged no-bundler page fetches every file from the network once, early.js included", async ({ page }) => {
  // A site's static host: the installed project with a Cache-Control that allows caching, the hits
  // counted here, at the server (not the browser's request events, which include cache hits).
  /** @type {Record<string, number>} */
  const hits = {};
  const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json" };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    hits[path] = (hits[path] ?? 0) + 1;
    const file = join(project, path);
    if (!file.startsWith(project) || !existsSync(file) || path.endsWith("/")) return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream", "Cache-Control": "public, max-age=3600" });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", () => r(undefined)));
  try {
    await page.goto(`http://127.0.0.1:${/** @type {any} */ (server.address()).port}/auto.html`);
    await page.waitForSelector(BANNER, { state: "visible" });
    const dist = (f) => `/node_modules/consent-sieve/dist/${f}`;
    for (const f of ["early.js", "auto.js", "facade.js", "pkg/consent_sieve.js", "pkg/consent_sieve_bg.wasm", "consent-sieve.css"]) {
      assert.equal(hits[dist(f)], 1, `${f} from the network once: ${JSON.stringify(hits)}`);
    }
    assert.equal(await page.evaluate(() => typeof window.__consentSieveEarly?.register), "function");
  } finally {
    server.close();
  }
});

env.test("without the early.js tag, auto.js runs the early layer itself (fetched once) before the facade", async ({ page }) => {
  /** @type {string[]} */
  const asked = [];
  page.on("request", (r) => void asked.push(new URL(r.url()).pathname.replace("/node_modules/consent-sieve/dist/", "")));
  await page.goto(env.url + "/auto-only.html");
  await page.waitForSelector(BANNER, { state: "visible" });
  assert.equal(asked.filter((x) => x === "early.js").length, 1, asked.join(", "));
  assert.equal(await page.evaluate(() => typeof window.__consentSieveEarly?.register), "function", "the early layer runs");
  // It holds the vendor's requests: one to stats.test made now never leaves before a choice.
  const sent = [];
  page.on("request", (r) => { if (r.url().includes("stats.test")) sent.push(r.url()); });
  await page.evaluate(() => fetch("https://stats.test/hit").catch(() => {}));
  await settle(page, 300);
  assert.deepEqual(sent, []);
});

env.test("TypeScript resolves the package types through the exports map", async () => {
  const tsc = join(JS, "node_modules", ".bin", "tsc");
  assert.ok(existsSync(tsc), "typescript is installed in js/ (npm ci in js/)");
  writeFileSync(
    join(project, "check.ts"),
    `import { init, ConsentError, type ConsentState } from "consent-sieve";
const cs = await init({ policyVersion: "1", purposes: [{ id: "analytics", label: "Analytics" }] });
const s: ConsentState = cs.state();
const e: Error = new ConsentError("config.syntax", "");
// @ts-expect-error not a purpose of this config
cs.granted("marketing");
export { s, e };
`,
  );
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: "ES2022", target: "ES2022", moduleResolution: "bundler", lib: ["dom", "es2022"], types: [] }, files: ["check.ts"] }),
  );
  try {
    execFileSync(tsc, ["-p", project], { encoding: "utf8", stdio: "pipe" });
  } catch (err) {
    assert.fail(`tsc failed on the installed package:\n${err.stdout}${err.stderr}`);
  }
});
