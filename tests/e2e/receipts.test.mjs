// Receipts the visitor keeps, and incident response, in Chromium: every decision appends a receipt to
// a chain kept on the device (cs.receipts()), each linking to the one before, which the package's own
// `verify` accepts; "Download my choices" in the dialog saves it; a vendor marked retired has what it
// stored erased on the next load, stays blocked whatever was granted, and the chain records it once.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PREFS, REPO, btn, eventually, ready, settle, useBrowser } from "./helpers.mjs";
import { baseConfig, html } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });
const CLI = join(REPO, "js", "bin", "consent-sieve.mjs");

/** `verify` from the package's command line over `receipts` (NDJSON): [exit code, stdout + stderr]. */
function verify(receipts) {
  const dir = mkdtempSync(join(tmpdir(), "cs-receipts-"));
  try {
    const file = join(dir, "r.ndjson");
    writeFileSync(file, receipts.map((r) => JSON.stringify(r)).join("\n") + "\n");
    try {
      return [0, execFileSync("node", [CLI, "verify", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })];
    } catch (e) {
      return [e.status, String(e.stdout) + String(e.stderr)];
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

env.test("each decision appends a receipt to a chain the visitor keeps; the CLI verifies it; Download my choices saves it", async ({ page }) => {
  env.page("/r.html", html());
  await page.goto(env.url + "/r.html");
  await ready(page);
  assert.deepEqual(await page.evaluate(() => window.consentSieve.receipts()), [], "nothing decided, nothing kept");
  await page.click(btn("reject-all"));
  await page.evaluate(() => window.consentSieve.acceptAll());
  await page.evaluate(() => window.consentSieve.update({ purposes: { marketing: false } }));
  const chain = await page.evaluate(() => window.consentSieve.receipts());
  assert.equal(chain.length, 3);
  assert.equal(chain[0].previous, null);
  assert.ok(chain[1].previous && chain[2].previous, "each links to the one before");
  assert.deepEqual(chain.map((r) => r.collectionMethod), ["banner", "api", "api"]);
  // Kept across pages, on this device.
  await page.reload();
  await ready(page);
  assert.equal((await page.evaluate(() => window.consentSieve.receipts())).length, 3);
  assert.equal(verify(chain)[0], 0, verify(chain)[1]);
  const edited = structuredClone(chain);
  edited[1].purposes = [];
  assert.equal(verify(edited)[0], 1, "an edited receipt is a break");

  await page.evaluate(() => window.consentSieve.showPreferences());
  await page.waitForSelector(PREFS, { state: "visible" });
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(`${PREFS} [data-action="download"]`)]);
  assert.equal(download.suggestedFilename(), "consent-receipts.json");
  const saved = JSON.parse(readFileSync(await download.path(), "utf8"));
  assert.deepEqual(saved, chain, "the file is the kept chain");
}, { context: { acceptDownloads: true } });

env.test("a retired vendor: its cookies and keys are erased on the next load, it stays blocked after Accept all, the chain records it once", async ({ page, context }) => {
  env.page("/shop.html", html());
  await page.goto(env.url + "/shop.html");
  await ready(page);
  await page.click(btn("accept-all"));
  await page.evaluate(() => { document.cookie = "_ads_id=1; path=/"; localStorage.setItem("ads-id", "a1"); });
  // The site retires the vendor (an incident): its config entry says so.
  const config = baseConfig();
  config.vendors = config.vendors.map((v) => (v.id === "ads" ? { ...v, retired: true } : v));
  env.page("/shop.html", html({ config }));
  for (const round of [1, 2]) {
    await page.goto(env.url + "/shop.html");
    await ready(page);
    await settle(page);
    assert.deepEqual(await page.evaluate(() => [document.cookie.includes("_ads_id"), localStorage.getItem("ads-id")]), [false, null], `erased (load ${round})`);
    const s = await page.evaluate(() => window.consentSieve.state());
    assert.equal(s.vendors.ads, false, "never granted, whatever was chosen");
    const blocked = await page.evaluate((port) => fetch(`http://ads.test:${port}/pixel.gif`, { mode: "no-cors" }).then(() => "sent", (e) => e.name), env.port);
    assert.equal(blocked, "TypeError", "its host is blocked");
    const incidents = (await page.evaluate(() => window.consentSieve.receipts())).filter((r) => r.collectionMethod === "incident");
    assert.equal(incidents.length, 1, `recorded once (load ${round})`);
    assert.deepEqual(incidents[0].vendors.map((v) => v.id), ["ads"]);
    await page.evaluate(() => { document.cookie = "_ads_id=2; path=/"; });
  }
  const cookies = await context.cookies();
  assert.ok(cookies.some((c) => c.name === "consent_sieve"), "the visitor's own choice is kept");
}, { allowErrors: true });

env.test("receiptEndpoint: receipts are POSTed to the site's receiver, kept while it is down and sent on a later load", async ({ page }) => {
  const received = () => fetch(`${env.url}/receipts.ndjson`).then((r) => r.text()).then((t) => t.split("\n").filter(Boolean).map((l) => JSON.parse(l)));
  const before = (await received()).length;
  env.page("/down.html", html({ config: { ...baseConfig(), receiptEndpoint: "/receipts-down" } }));
  await page.goto(env.url + "/down.html");
  await ready(page);
  await page.click(btn("accept-all"));
  await page.evaluate(() => window.consentSieve.rejectAll());
  await settle(page);
  assert.equal((await received()).length, before, "the receiver was down: nothing delivered");
  // The site's receiver is back: the next load sends what is pending, in order, exactly as kept.
  env.page("/up.html", html({ config: { ...baseConfig(), receiptEndpoint: "/receipts" } }));
  await page.goto(env.url + "/up.html");
  await ready(page);
  await eventually(async () => (await received()).length >= before + 2);
  const got = (await received()).slice(before);
  const kept = await page.evaluate(() => window.consentSieve.receipts());
  assert.deepEqual(got.map((r) => r.receiptId), kept.map((r) => r.receiptId));
  assert.equal(verify(got)[0], 0, verify(got)[1]);
  // Sent once: a further decision sends only the new receipt.
  await page.evaluate(() => window.consentSieve.acceptAll());
  await eventually(async () => (await received()).length === before + 3);
  assert.equal((await received()).length, before + 3);
}, { allowErrors: true });

env.test("receiptEndpoint must be an http(s) or relative URL", async ({ page }) => {
  env.page("/bad-endpoint.html", html({ module: true, early: false, config: { ...baseConfig(), receiptEndpoint: "javascript:alert(1)" } }).replace("init(", "window.__err = init(").replace(");</script>", ").catch((e) => [e.code, e.path]);</script>"));
  await page.goto(env.url + "/bad-endpoint.html");
  await page.waitForFunction(() => window.__err);
  assert.deepEqual(await page.evaluate(() => window.__err), ["config.unsafe_url", "receiptEndpoint"]);
}, { allowErrors: true });
