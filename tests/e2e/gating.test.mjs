// Late-inserted tags: inert `text/plain` tags and executable vendor `<script src>` inserted by
// other scripts before init (after early.js), during init (while the wasm is still loading) and after
// init (setTimeout, and from a gated script): none runs before consent, each runs exactly once after,
// in document order; after Reject all none runs. Also per-vendor switches and the no-early.js fallback.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { BANNER, PREFS, btn, ran, ready, settle, useBrowser } from "./helpers.mjs";
import { baseConfig, html, record, tagUrl } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });
const VENDOR_HOSTS = ["ads.test", "stats.test", "cdn.pixel.test", "pixel.test", "video.test"];

/** In-page helpers (a classic script) to insert tags the ways other scripts do. */
const INSERT = (port) => `<script>
  window.__tag = function (host, name) { return "http://" + host + ":${port}/tag.js?name=" + name; };
  // createElement + .src + appendChild
  window.__bySrc = function (host, name, parent) {
    var s = document.createElement("script"); s.src = __tag(host, name); (parent || document.head).appendChild(s); return s;
  };
  // createElement + setAttribute("src") + insertBefore
  window.__byAttr = function (host, name, parent) {
    var s = document.createElement("script"); s.setAttribute("src", __tag(host, name));
    parent = parent || document.head; parent.insertBefore(s, null); return s;
  };
  // inserted first, src set afterwards (only the src setter / setAttribute can stop this one)
  window.__srcLater = function (host, name, viaAttr) {
    var s = document.createElement("script"); document.head.appendChild(s);
    if (viaAttr) s.setAttribute("src", __tag(host, name)); else s.src = __tag(host, name); return s;
  };
  // an inert tag for a purpose
  window.__inert = function (purpose, name, parent) {
    var s = document.createElement("script"); s.type = "text/plain"; s.setAttribute("data-consent", purpose);
    s.text = ${JSON.stringify(record("X"))}.replace('"X"', JSON.stringify(name)); (parent || document.head).appendChild(s); return s;
  };
  // parsed markup (not createElement): held when inserted
  window.__byFragment = function (host, name) {
    document.body.append(document.createRange().createContextualFragment('<script src="' + __tag(host, name) + '"><\\/script>'));
  };
</script>`;

/** The page of these tests; `during` and `after` decide whether tags are also inserted then. */
function latePage(port) {
  return html({
    head: `${INSERT(port)}
<script>
  __bySrc("ads.test", "pre-src");
  __byAttr("stats.test", "pre-attr");
  __inert("analytics", "pre-inert");
  __srcLater("ads.test", "pre-src-later");
  __srcLater("stats.test", "pre-attr-later", true);
</script>
<script src="${tagUrl(port, "cdn.pixel.test", "parser")}"></script>`,
    body: `<script>__byFragment("ads.test", "pre-fragment");</script>
<script type="text/plain" data-consent="marketing">${record("gated-inserter")}
  __bySrc("ads.test", "from-gated", document.body);
</script>`,
  });
}

/** Opens the page holding the wasm back: runs `during(page)` while init waits for it. */
async function openWithInitHeld(page, url, during) {
  let release;
  const held = new Promise((r) => (release = r));
  let requested;
  const wasmRequested = new Promise((r) => (requested = r));
  await page.route("**/consent_sieve_bg.wasm", async (route) => {
    requested();
    await held;
    await route.continue();
  });
  await page.goto(url);
  await wasmRequested;
  assert.equal(await page.evaluate(() => window.consentSieve), undefined, "init has not finished");
  await during();
  release();
  await ready(page);
}

/** The held tags in document order, by name (inline ones by the name they record). */
const heldNames = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('script[type="text/plain"]')].map((s) => {
      const src = s.getAttribute("data-src");
      return src ? new URL(src).searchParams.get("name") : /push\("([^"]+)"\)/.exec(s.textContent)?.[1];
    }),
  );

const vendorRequests = () => env.requests().filter((r) => VENDOR_HOSTS.includes(r.host.replace(/:\d+$/, "")));

async function insertDuringAndAfter(page) {
  await openWithInitHeld(page, `${env.url}/late.html`, () =>
    page.evaluate(() => {
      __bySrc("ads.test", "during-src", document.body);
      __inert("marketing", "during-inert", document.body);
    }),
  );
  await page.evaluate(
    () =>
      new Promise((done) =>
        setTimeout(() => {
          __byAttr("cdn.pixel.test", "after-attr", document.body);
          __inert("analytics marketing", "after-inert", document.body);
          __byFragment("stats.test", "after-fragment");
          __srcLater("cdn.pixel.test", "after-src-later");
          done();
        }, 50),
      ),
  );
  await settle(page);
}

env.test("tags inserted before, during and after init: none runs before consent, each once after Accept all, in order", async ({ page }) => {
  env.page("/late.html", latePage(env.port));
  await insertDuringAndAfter(page);
  assert.deepEqual(await ran(page), [], "nothing ran before consent");
  const order = await heldNames(page);
  const expected = ["pre-src", "pre-attr", "pre-inert", "pre-src-later", "pre-attr-later", "parser", "pre-fragment", "gated-inserter", "during-src", "during-inert", "after-attr", "after-inert", "after-fragment", "after-src-later"];
  assert.deepEqual([...order].sort(), [...expected].sort(), `every tag is held: ${order}`);
  // The browser's preload scanner may fetch a vendor <script src> written in the HTML (it does not run);
  // nothing else reached a vendor host.
  assert.deepEqual(vendorRequests().filter((r) => r.query.name !== "parser"), [], "no other request reached a vendor host");
  assert.ok(await page.isVisible(BANNER));

  await page.click(btn("accept-all"));
  await page.waitForFunction((n) => (window.__ran ?? []).length >= n, expected.length + 1);
  await settle(page);
  const after = await ran(page);
  assert.deepEqual(after.filter((n) => n !== "from-gated"), order, "released together, they run in document order");
  assert.equal(after.filter((n) => n === "from-gated").length, 1, "the tag inserted by a gated tag ran once");
  assert.equal(after.length, expected.length + 1, `each ran exactly once: ${after}`);

  // After consent, new tags run at once (and once).
  await page.evaluate(() => {
    __bySrc("ads.test", "late-src", document.body);
    __inert("marketing", "late-inert", document.body);
  });
  await page.waitForFunction((n) => window.__ran.length >= n, expected.length + 3);
  await settle(page);
  assert.deepEqual((await ran(page)).slice(expected.length + 1).sort(), ["late-inert", "late-src"]);
});

env.test("after Reject all no inserted tag runs, then or later, and no request reaches a vendor host", async ({ page }) => {
  env.page("/late.html", latePage(env.port));
  await insertDuringAndAfter(page);
  await page.click(btn("reject-all"));
  await page.evaluate(() => {
    __bySrc("ads.test", "late-src", document.body);
    __byAttr("stats.test", "late-attr", document.body);
    __inert("marketing", "late-inert", document.body);
    __byFragment("video.test", "late-fragment");
  });
  await settle(page);
  assert.deepEqual(await ran(page), []);
  assert.deepEqual(vendorRequests().filter((r) => r.query.name !== "parser"), []);
  const held = await heldNames(page);
  for (const n of ["late-src", "late-attr", "late-inert", "late-fragment"]) assert.ok(held.includes(n), `${n} is held`);
  // Held scripts carry the vendor and keep their URL for later.
  const vendorOf = await page.evaluate(() => Object.fromEntries(
    [...document.querySelectorAll("script[data-consent-vendor]")].map((s) => [new URL(s.dataset.src).searchParams.get("name"), s.dataset.consentVendor])));
  assert.equal(vendorOf["late-src"], "ads");
  assert.equal(vendorOf["late-attr"], "stats");
  assert.equal(vendorOf["after-attr"], "pixel", "*.pixel.test covers cdn.pixel.test");
  assert.equal(vendorOf["late-fragment"], "video");
});

env.test("analytics only: only the analytics tags run, marketing vendor tags stay held", async ({ page }) => {
  env.page("/late.html", latePage(env.port));
  await insertDuringAndAfter(page);
  await page.evaluate(() => window.consentSieve.update({ purposes: { analytics: true } }));
  await page.waitForFunction(() => (window.__ran ?? []).length >= 4);
  await settle(page);
  assert.deepEqual(await ran(page), ["pre-attr", "pre-inert", "pre-attr-later", "after-fragment"]);
});

env.test("a page without early.js: index.js installs the same interception at init (tags inserted after it are held)", async ({ page }) => {
  const config = baseConfig();
  env.page("/module.html", html({ early: false, module: true, config, head: INSERT(env.port) }));
  await page.goto(`${env.url}/module.html`);
  await ready(page);
  assert.equal(await page.evaluate(() => typeof window.__consentSieveEarly?.judge), "function");
  await page.evaluate(() => {
    __bySrc("ads.test", "m-src", document.body);
    __inert("marketing", "m-inert", document.body);
  });
  const blocked = await page.evaluate(() => fetch(__tag("stats.test", "m-fetch"), { mode: "no-cors" }).then(() => "sent", (e) => e.name));
  assert.equal(blocked, "TypeError", "fetch to a vendor host fails like a network error");
  await settle(page);
  assert.deepEqual(await ran(page), []);
  assert.deepEqual(vendorRequests(), []);
  await page.click(btn("accept-all"));
  await page.waitForFunction(() => (window.__ran ?? []).length >= 2);
  await settle(page);
  assert.deepEqual(await ran(page), ["m-src", "m-inert"]);
});

env.test("per-vendor switches: one marketing vendor off while marketing is on keeps only its tags held", async ({ page }) => {
  env.page("/vendors.html", html({
    head: INSERT(env.port),
    body: `<script>
      __bySrc("ads.test", "ads-1", document.body);
      __byAttr("cdn.pixel.test", "pixel-1", document.body);
    </script>
    <script type="text/plain" data-consent="marketing" data-consent-vendor="ads">${record("ads-inline")}</script>
    <script type="text/plain" data-consent="marketing" data-consent-vendor="pixel">${record("pixel-inline")}</script>
    <script type="text/plain" data-consent="marketing" data-src="${tagUrl(env.port, "ads.test", "ads-by-purpose")}"></script>`,
  }));
  await page.goto(`${env.url}/vendors.html`);
  await ready(page);
  await page.click(btn("preferences"));
  await page.waitForSelector(PREFS, { state: "visible" });
  const sw = (id) => page.locator(`${PREFS} input[type="checkbox"][role="switch"][data-vendor="${id}"]`);
  assert.equal(await sw("ads").count(), 1, "one switch per vendor");
  assert.ok(await sw("ads").getAttribute("id"), "the switch has an id");
  assert.equal(await page.locator(`${PREFS} label[for="${await sw("ads").getAttribute("id")}"]`).count(), 1, "and a label");
  await page.locator(`${PREFS} input[data-purpose="marketing"]`).check();
  assert.equal(await sw("ads").isChecked(), true, "turning the purpose on turns its vendors on");
  assert.equal(await sw("pixel").isChecked(), true);
  await sw("ads").uncheck();
  await page.click(btn("save", PREFS));
  await page.waitForSelector(PREFS, { state: "hidden" });
  await page.waitForFunction(() => (window.__ran ?? []).length >= 2);
  await settle(page);
  assert.deepEqual((await ran(page)).sort(), ["pixel-1", "pixel-inline"]);
  const state = await page.evaluate(() => window.consentSieve.state());
  assert.equal(state.purposes.marketing, true);
  assert.equal(state.vendors.ads, false);
  assert.equal(state.vendors.pixel, true);
  assert.equal(env.requestsTo("ads.test").length, 0, "nothing requested from the refused vendor");
  // A fetch to the refused vendor is stopped, to the granted one not.
  const out = await page.evaluate(async () => ({
    ads: await fetch(__tag("ads.test", "f"), { mode: "no-cors" }).then(() => "sent", (e) => e.name),
    pixel: await fetch(__tag("cdn.pixel.test", "f"), { mode: "no-cors" }).then(() => "sent", (e) => e.name),
  }));
  assert.deepEqual(out, { ads: "TypeError", pixel: "sent" });

  // The refusal is kept across reloads; switching the vendor on later runs its tags once.
  await page.reload();
  await ready(page);
  await page.waitForFunction(() => (window.__ran ?? []).length >= 2);
  await settle(page);
  assert.deepEqual((await ran(page)).sort(), ["pixel-1", "pixel-inline"]);
  await page.evaluate(() => window.consentSieve.showPreferences());
  await page.waitForSelector(PREFS, { state: "visible" });
  assert.equal(await sw("ads").isChecked(), false, "the dialog shows the refusal");
  await sw("ads").check();
  await page.click(btn("save", PREFS));
  await page.waitForFunction(() => (window.__ran ?? []).length >= 5);
  await settle(page);
  // In document order: ads-1 was appended to <body>, after <main> and the tags in it.
  assert.deepEqual((await ran(page)).slice(2), ["ads-inline", "ads-by-purpose", "ads-1"]);
});

env.test("a page whose first body element holds a script with src: the banner shows and the SDK works (both forms)", async ({ page }) => {
  // The banner is inserted before the body's first child; the early layer scans the reference node for
  // scripts to hold, asking the core about this one. That once ran while the core was busy building
  // the banner and failed it (a RefCell borrowed twice).
  for (const [path, module] of [["/first-script.html", false], ["/first-script-module.html", true]]) {
    env.page(path, html({ module, early: !module }).replace("<body><main>", `<body><div class="top"><script src="${tagUrl(env.port, "127.0.0.1", "top")}"></script></div><main>`));
    await page.goto(env.url + path);
    await page.waitForFunction(() => window.consentSieve !== undefined);
    assert.deepEqual(await page.evaluate(() => [window.consentSieve.failed, String(window.consentSieve.error ?? "")]), [false, ""], path);
    await page.waitForSelector(BANNER, { state: "visible" });
    await page.click(btn("accept-all"));
    assert.equal((await page.evaluate(() => window.consentSieve.state())).decided, true);
    await page.evaluate(() => window.consentSieve.forget());
  }
});

/** In the page: the other ways page code reaches a vendor host (media, links, iframes, sockets, streams). */
function otherChannels({ port, tag }) {
  const at = (host, path) => `http://${host}:${port}/${path}?name=${tag}`;
  const img = document.createElement("img"); img.setAttribute("src", at("stats.test", "pixel.gif"));
  const video = document.createElement("video"); video.src = at("video.test", "clip.mp4");
  const source = document.createElement("source"); source.setAttribute("src", at("video.test", "clip.webm"));
  const audio = document.createElement("audio"); audio.append(source);
  const link = document.createElement("link"); link.rel = "stylesheet"; link.href = at("ads.test", "widget.css");
  const frame = document.createElement("iframe"); frame.src = at("video.test", "embed");
  const frame2 = document.createElement("iframe"); frame2.setAttribute("src", at("video.test", "embed2"));
  document.head.append(link);
  document.body.append(img, video, audio, frame, frame2);
  const events = [];
  const ws = new WebSocket(`ws://stats.test:${port}/socket?name=${tag}`);
  ws.onerror = () => events.push("ws:error");
  ws.addEventListener("close", () => events.push("ws:close"));
  if (ws.readyState === 3) ws.send("raw"); // a refused socket swallows it, as a closed one does
  const es = new EventSource(at("stats.test", "stream"));
  es.onerror = () => events.push("es:error");
  window.__channels = { events, ws, es, frame, frame2 };
  return { wsState: ws.readyState, esState: es.readyState, isWs: ws instanceof WebSocket || ws.readyState === 3 };
}

env.test("media, links, script-made iframes, WebSocket and EventSource to a vendor host wait for consent; iframes get the embed placeholder", async ({ page, context, logs, pageErrors }) => {
  const sockets = [];
  page.on("websocket", (ws) => sockets.push(ws.url()));
  env.page("/channels.html", html({ head: "" }));
  await page.goto(`${env.url}/channels.html`);
  await ready(page);
  const before = await page.evaluate(otherChannels, { port: env.port, tag: "before" });
  await settle(page, 600);
  assert.deepEqual(vendorRequests(), [], `nothing reached a vendor host before consent: ${JSON.stringify(vendorRequests().map((r) => r.path))}`);
  assert.deepEqual(sockets, [], "no WebSocket was opened");
  assert.deepEqual(before, { wsState: 3, esState: 2, isWs: true }, "refused sockets and streams look closed");
  assert.deepEqual(await page.evaluate(() => window.__channels.events.sort()), ["es:error", "ws:close", "ws:error"], "the page hears a failed connection, not an exception");
  assert.deepEqual(pageErrors, [], "nothing thrown into the page");
  assert.deepEqual(logs.filter((l) => l.type === "error").map((l) => l.text), [], "no console error before consent (nothing was attempted)");
  // Script-made iframes are held as embeds: data-src, the vendor, the SDK's placeholder.
  const frames = await page.evaluate(() => [window.__channels.frame, window.__channels.frame2].map((f) => ({
    src: f.getAttribute("src"), vendor: f.getAttribute("data-consent-vendor"), hidden: f.hidden,
    placeholder: f.previousElementSibling?.getAttribute("data-consent-sieve") ?? null })));
  assert.deepEqual(frames.map((f) => [f.src, f.vendor, f.hidden, f.placeholder]), [[null, "video", true, "placeholder"], [null, "video", true, "placeholder"]]);
  assert.ok(logs.some((l) => /blocked a request to vendor "stats"/.test(l.text)), "one warning names the vendor");

  await page.click(btn("accept-all"));
  await page.waitForFunction(() => window.__channels.frame.getAttribute("src") !== null);
  const after = await page.evaluate(otherChannels, { port: env.port, tag: "after" });
  assert.equal(after.wsState, 0, "granted: a real WebSocket, connecting");
  await settle(page, 800);
  const paths = vendorRequests().map((r) => `${r.path}?${r.query.name ?? ""}`);
  for (const p of ["/embed?before", "/embed2?before", "/pixel.gif?after", "/widget.css?after", "/stream?after", "/embed?after"]) {
    assert.ok(paths.includes(p), `${p} reached its vendor after consent: ${paths.join(", ")}`);
  }
  assert.ok(sockets.some((u) => u.includes("name=after")), `the WebSocket opened after consent: ${sockets}`);
  assert.ok(!paths.some((p) => /\?before$/.test(p) && !/embed/.test(p)), "what was refused before consent was not sent later");
  assert.deepEqual(pageErrors, []);
  // After consent the test server answers 404 (and no CORS): those console errors are the network's.
}, { allowErrors: true });
