// Audit mode, as a site owner turns it on: a page that plants an undeclared cookie, an undeclared
// storage key and a request to an undeclared host, and a declared vendor that sets its cookie before
// consent. cs.audit() finds each, with the script that did it, and prints console tables.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { ready, useBrowser } from "./helpers.mjs";
import { baseConfig, html } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });

// fixtures/audit-plant.js: a page script (a file, so the stack names it) that plants an undeclared
// cookie and session key, a declared vendor's cookie before consent, and a request to an undeclared host.
env.test("audit mode finds an undeclared cookie, key and host, and a vendor cookie set before consent, with the script", async ({ page, logs }) => {
  const config = { ...baseConfig(), audit: true };
  env.page("/audit.html", html({ config }));
  await page.goto(env.url + "/audit.html");
  await ready(page);
  // A tag running after init, before any choice.
  await page.evaluate(() => document.body.append(Object.assign(document.createElement("script"), { src: "/audit-plant.js" })));
  await page.waitForFunction(() => window.__planted);
  assert.equal(await page.evaluate(() => window.__planted), "sent", "the undeclared host is not blocked (no vendor claims it)");
  const report = await page.evaluate(() => window.consentSieve.audit());
  const find = (list, kind, name) => report[list].find((i) => i.kind === kind && i.name === name);
  const script = `${env.url}/audit-plant.js`;
  assert.equal(find("undeclared", "cookie", "_mystery")?.script, script, JSON.stringify(report));
  assert.equal(find("undeclared", "sessionStorage", "tracker-id")?.script, script);
  assert.equal(find("undeclared", "request", "undeclared.test")?.script, script, `the undeclared host: ${JSON.stringify(report)}`);
  const early = find("beforeConsent", "cookie", "_ads_early");
  assert.deepEqual([early?.vendor, early?.script], ["ads", script], "a declared vendor's cookie, set before any choice");
  assert.ok(!report.undeclared.some((i) => /consent.sieve/.test(i.name)), `the SDK's own record and probe are declared: ${JSON.stringify(report.undeclared)}`);
  assert.ok(!report.undeclared.some((i) => i.kind === "request" && i.name === "127.0.0.1"), "the page's own host is first-party");
  assert.ok(logs.some((l) => l.text.startsWith("consent-sieve audit: ")), "printed for the site owner");
});

env.test("cs.audit() without audit mode still reports what is present now (no script known), in the module form", async ({ page }) => {
  // The module form: the page's script runs before init (this once made the core fail: the DOM was
  // built while the machine was borrowed, and the early layer's wrappers asked the core about a request).
  env.page("/audit-late.html", html({ module: true, early: false, head: '<script>document.cookie = "_mystery2=1; path=/";</script>', body: '<script src="/audit-plant.js"></script>' }));
  /** @type {string[]} */
  const fetched = [];
  page.on("request", (r) => void fetched.push(r.url()));
  await page.goto(env.url + "/audit-late.html");
  await ready(page);
  assert.ok(!fetched.some((u) => u.endsWith("/dist/audit.js")), "no audit code without audit mode");
  const before = fetched.length;
  const [report, untouched] = await page.evaluate(async () => {
    const f = window.fetch, setItem = Storage.prototype.setItem;
    const r = await window.consentSieve.audit();
    return [r, window.fetch === f && Storage.prototype.setItem === setItem];
  });
  assert.equal(untouched, true, "without audit mode, cs.audit() installs no observers");
  assert.equal(await page.evaluate(() => String(window.consentSieve.error ?? "")), "");
  const item = report.undeclared.find((i) => i.name === "_mystery2");
  assert.deepEqual([item?.kind, item?.script], ["cookie", null]);
  assert.ok(report.beforeConsent.some((i) => i.name === "_ads_early" && i.vendor === "ads"));
  assert.ok(!fetched.some((u) => u.endsWith("/dist/audit.js")) || fetched.indexOf(fetched.find((u) => u.endsWith("/dist/audit.js"))) >= before, "audit.js is fetched only when cs.audit() asks");
});

env.test("cs.inventory() returns the config's inventory as data, from the tools core fetched on demand", async ({ page }) => {
  env.page("/inv.html", html());
  await page.goto(env.url + "/inv.html");
  await ready(page);
  const inv = await page.evaluate(() => window.consentSieve.inventory());
  const ids = JSON.stringify(inv);
  for (const v of ["ads", "pixel", "stats", "video"]) assert.ok(ids.includes(`"${v}"`), `${v} in ${ids.slice(0, 300)}`);
  assert.match(ids, /ads\.test/, "its hosts");
});
