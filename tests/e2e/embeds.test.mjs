// Embeds with placeholders: an iframe gated by purpose and vendor shows an accessible
// placeholder naming the vendor; "Load this once" loads only that iframe and stores nothing; "Always
// allow" grants the vendor and loads all its embeds; Accept all loads them. Nothing is requested from
// the vendor's host before that (the server's request log).
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { AXE_PATH, BANNER, btn, ready, settle, stored, useBrowser } from "./helpers.mjs";
import { html } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });
const PH = '[data-consent-sieve="placeholder"]';

const embedsPage = (port) =>
  html({
    body: `<p><a href="#top" id="before-embeds">Before the embeds</a></p>
<iframe id="v1" title="Video one" width="320" height="180" data-consent="marketing" data-consent-vendor="video" data-src="http://video.test:${port}/video.html?n=1"></iframe>
<iframe id="v2" title="Video two" width="320" height="180" data-consent="marketing" data-consent-vendor="video" data-src="http://video.test:${port}/video.html?n=2"></iframe>
<script>
  // An embed inserted later by another script.
  setTimeout(function () {
    var f = document.createElement("iframe");
    f.id = "v3"; f.title = "Video three"; f.setAttribute("data-consent", "marketing"); f.setAttribute("data-consent-vendor", "video");
    f.setAttribute("data-src", "http://video.test:${port}/video.html?n=3");
    document.querySelector("main").appendChild(f);
  }, 0);
</script>`,
  });

/** Which videos (n=…) were requested from video.test. */
const videoRequests = () => env.requestsTo("video.test").map((r) => r.query.n).sort();

async function openEmbeds(page) {
  env.page("/embeds.html", embedsPage(env.port));
  await page.goto(`${env.url}/embeds.html`);
  await ready(page);
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 3, PH);
}

/** Focuses `selector` with the keyboard only (Tab), failing if it is never reached. */
async function tabTo(page, selector, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

env.test("placeholders name the vendor, are accessible, and nothing is requested from the vendor before consent", async ({ page }) => {
  await openEmbeds(page);
  await settle(page);
  const info = await page.$$eval(PH, (els) => els.map((p) => ({
    role: p.getAttribute("role"),
    label: p.getAttribute("aria-label"),
    text: p.querySelector(".cs-placeholder-text")?.textContent ?? "",
    buttons: [...p.querySelectorAll("button")].map((b) => ({ action: b.dataset.action, text: b.textContent, type: b.type })),
    next: p.nextElementSibling?.id,
  })));
  assert.deepEqual(info.map((i) => i.next), ["v1", "v2", "v3"], "each placeholder sits right before its embed (also the late one)");
  for (const i of info) {
    assert.equal(i.role, "group");
    assert.match(i.label, /VideoTube/, "the label names the vendor");
    assert.match(i.text, /VideoTube/, "the text names the vendor");
    assert.deepEqual(i.buttons.map((b) => b.action), ["load-once", "allow-vendor"]);
    assert.ok(i.buttons.every((b) => b.type === "button"));
    assert.match(i.buttons[1].text, /VideoTube/, "Always allow names the vendor");
  }
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async (sel) => {
    const r = await window.axe.run({ include: [...document.querySelectorAll(sel)].map((e) => [e]) }, { resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id}: ${v.help}`);
  }, PH);
  assert.deepEqual(violations, [], "axe-core finds no violations in the placeholders");
  const frames = await page.$$eval("iframe", (els) => els.map((f) => ({ hidden: f.hidden, src: f.getAttribute("src") })));
  assert.deepEqual(frames, Array(3).fill({ hidden: true, src: null }), "held embeds are hidden and have no src");
  assert.deepEqual(videoRequests(), [], "nothing was requested from video.test");

  // One inserted long after init gets its placeholder too (the early layer's observer calls release()).
  await page.evaluate((port) => {
    const f = document.createElement("iframe");
    f.id = "v4";
    f.title = "Video four";
    f.dataset.consentVendor = "video";
    f.dataset.src = `http://video.test:${port}/video.html?n=4`;
    document.querySelector("main").append(f);
  }, env.port);
  await page.waitForSelector(`${PH} + #v4`, { state: "attached" });
  await settle(page);
  assert.equal(await page.$eval("#v4", (f) => f.hidden && f.getAttribute("src") === null), true);
  assert.deepEqual(videoRequests(), []);
});

env.test("keyboard: Load this once loads only that embed and stores nothing", async ({ page }) => {
  await openEmbeds(page);
  await tabTo(page, `${PH} [data-action="load-once"]`);
  assert.equal(await page.evaluate(() => document.activeElement.closest(".cs-placeholder").nextElementSibling.id), "v1");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("v1").getAttribute("src") !== null);
  await settle(page);
  assert.deepEqual(videoRequests(), ["1"], "only that iframe loaded");
  assert.equal(await page.$eval("#v1", (f) => f.hidden), false, "it is shown");
  assert.equal(await page.locator(PH).count(), 2, "its placeholder is gone, the others stay");
  assert.deepEqual(await stored(page), { local: null, cookie: null }, "nothing stored");
  const state = await page.evaluate(() => window.consentSieve.state());
  assert.equal(state.decided, false);
  assert.equal(state.vendors.video, false);
  assert.ok(await page.isVisible(BANNER), "the banner still asks");
  // A new page load holds it again.
  await page.reload();
  await ready(page);
  await settle(page);
  assert.equal(await page.$eval("#v1", (f) => f.getAttribute("src")), null);
});

env.test("keyboard: Always allow grants the vendor and loads all its embeds", async ({ page }) => {
  await openEmbeds(page);
  await tabTo(page, `${PH} [data-action="allow-vendor"]`);
  await page.keyboard.press("Space");
  await page.waitForFunction(() => [...document.querySelectorAll("iframe")].every((f) => f.getAttribute("src")));
  await settle(page);
  assert.deepEqual(videoRequests(), ["1", "2", "3"]);
  assert.equal(await page.locator(PH).count(), 0, "no placeholder left");
  const state = await page.evaluate(() => window.consentSieve.state());
  assert.equal(state.vendors.video, true, "the vendor is granted");
  assert.equal(state.decided, true);
  assert.ok((await stored(page)).local, "the grant is stored");
  assert.ok(await page.$$eval("iframe", (els) => els.every((f) => !f.hidden && f.hasAttribute("data-consent-released"))));
  // Kept on reload: embeds load without a placeholder.
  env.clearRequests();
  await page.reload();
  await ready(page);
  await page.waitForFunction(() => [...document.querySelectorAll("iframe")].every((f) => f.getAttribute("src")));
  assert.equal(await page.locator(PH).count(), 0);
});

env.test("Accept all loads every embed; Reject all loads none", async ({ page, context }) => {
  await openEmbeds(page);
  await page.click(btn("accept-all"));
  await page.waitForFunction(() => [...document.querySelectorAll("iframe")].every((f) => f.getAttribute("src")));
  await settle(page);
  assert.deepEqual(videoRequests(), ["1", "2", "3"]);
  assert.equal(await page.locator(PH).count(), 0);

  const other = await context.browser().newContext();
  try {
    const p2 = await other.newPage();
    env.clearRequests();
    await p2.goto(`${env.url}/embeds.html`);
    await ready(p2);
    await p2.click(btn("reject-all"));
    await settle(p2);
    assert.deepEqual(videoRequests(), []);
    assert.equal(await p2.locator(PH).count(), 3, "placeholders stay after Reject all");
  } finally {
    await other.close();
  }
});
