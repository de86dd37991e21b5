// Google Consent Mode v2: `consent default` is the first dataLayer entry, before any tag ran;
// `consent update` after each change (and at load with a stored choice), then the dataLayer event;
// entries are Arguments objects, pushed with the page's own gtag when it has one.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { PREFS, btn, ready, settle, useBrowser } from "./helpers.mjs";
import { baseConfig, html, record, tagUrl } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });

const TYPES = ["ad_storage", "analytics_storage", "ad_user_data", "ad_personalization", "functionality_storage", "personalization_storage", "security_storage"];
/** The 7 types: `granted` lists the granted ones. */
const types = (...granted) => Object.fromEntries(TYPES.map((t) => [t, granted.includes(t) ? "granted" : "denied"]));
const ADS = ["ad_storage", "ad_user_data", "ad_personalization"];

/**
 * Records, in one ordered log, every dataLayer push (as `{dl: {kind, args|value}}`, the kind being
 * Object.prototype.toString of the entry) and every gated tag that ran (`{ran: name}`), from before any
 * page script. `layer` is the dataLayer's name.
 */
const recorder = (layer = "dataLayer") => `(() => {
  const log = (window.__log = []);
  const ran = [];
  ran.push = function (...names) { for (const n of names) log.push({ ran: n }); return Array.prototype.push.apply(this, names); };
  window.__ran = ran;
  const dl = (window[${JSON.stringify(layer)}] = []);
  dl.push = function (...entries) {
    for (const e of entries) {
      const kind = Object.prototype.toString.call(e);
      log.push({ dl: kind === "[object Arguments]" ? { kind, args: JSON.parse(JSON.stringify([...e])) } : { kind, value: JSON.parse(JSON.stringify(e)) } });
    }
    return Array.prototype.push.apply(this, entries);
  };
})();`;

/** The page's own gtag (the standard snippet), defined before early.js; calls are counted. */
const OWN_GTAG = `<script>
  window.dataLayer = window.dataLayer || [];
  window.__gtagCalls = [];
  function gtag() { __gtagCalls.push([].slice.call(arguments)); dataLayer.push(arguments); }
</script>`;

/** Tags of every kind, so "before any tag ran" means something: inline gated, vendor script, late vendor script. */
const tags = (port) => ({
  head: `<script>var s = document.createElement("script"); s.src = "${tagUrl(port, "ads.test", "vendor-pre")}"; document.head.appendChild(s);</script>
<script type="text/plain" data-consent="marketing">${record("inline-marketing")}</script>
<script type="text/plain" data-consent="analytics">${record("inline-analytics")}</script>`,
  body: `<script>setTimeout(function () { var s = document.createElement("script"); s.src = "${tagUrl(port, "stats.test", "vendor-late")}"; document.body.appendChild(s); }, 0);</script>`,
});

const log = (page) => page.evaluate(() => window.__log);
const dlOnly = (entries) => entries.filter((e) => e.dl).map((e) => e.dl);

function assertCommand(entry, args, what) {
  assert.equal(entry?.kind, "[object Arguments]", `${what}: an Arguments object, as gtag.js requires (got ${JSON.stringify(entry)})`);
  assert.deepEqual(entry.args, args, what);
}

function assertEvent(entry, purposes, vendors, what) {
  assert.equal(entry?.kind, "[object Object]", `${what}: a plain object`);
  assert.equal(entry.value.event, "consent-sieve-update", what);
  assert.deepEqual([...entry.value.consentSieve.purposes].sort(), [...purposes].sort(), `${what}: granted purposes`);
  assert.deepEqual([...entry.value.consentSieve.vendors].sort(), [...vendors].sort(), `${what}: granted vendors`);
  assert.equal(entry.value.consentSieve.decided, true);
}

for (const ownGtag of [true, false]) {
  const where = ownGtag ? "a page with its own gtag" : "a page without gtag";
  env.test(`${where}: default first, before any tag; update + event after each change; update at load with a stored choice`, async ({ page }) => {
    const config = { ...baseConfig(), consentMode: {} };
    const t = tags(env.port);
    env.page("/cm.html", html({ config, pre: ownGtag ? OWN_GTAG : "", head: t.head, body: t.body }));
    await page.addInitScript(recorder());
    await page.goto(`${env.url}/cm.html`);
    await ready(page);
    await settle(page);

    let entries = await log(page);
    assert.ok(entries[0]?.dl, `the first entry is a dataLayer push: ${JSON.stringify(entries[0])}`);
    assertCommand(entries[0].dl, ["consent", "default", types("security_storage")], "consent default, all denied but security_storage");
    assert.deepEqual(dlOnly(entries).length, 1, "undecided: only the default");
    assert.deepEqual(entries.filter((e) => e.ran), [], "no tag ran");

    // Accept all: update (all granted) then the event, and the tags run.
    await page.click(btn("accept-all"));
    await page.waitForFunction(() => window.__log.filter((e) => e.ran).length >= 4);
    await settle(page);
    entries = await log(page);
    let dl = dlOnly(entries);
    assert.equal(dl.length, 3, JSON.stringify(dl));
    assertCommand(dl[1], ["consent", "update", types(...TYPES.filter((x) => !/^(functionality|personalization)_storage$/.test(x)))], "update after Accept all");
    assertEvent(dl[2], ["necessary", "analytics", "marketing"], ["ads", "pixel", "stats", "video"], "event after Accept all");
    const firstRan = entries.findIndex((e) => e.ran);
    assert.ok(firstRan > 0, "the default came before every tag");
    const update = entries.findIndex((e) => e.dl?.args?.[1] === "update");
    assert.ok(update >= 0 && firstRan > update, `the update came before every tag it allows (update at ${update}, first tag at ${firstRan})`);

    // Withdraw marketing in the dialog: update with the ad types denied, then the event.
    await page.evaluate(() => window.consentSieve.showPreferences());
    await page.waitForSelector(PREFS, { state: "visible" });
    await page.locator(`${PREFS} input[data-purpose="marketing"]`).uncheck();
    await page.click(btn("save", PREFS));
    await page.waitForFunction(() => window.__log.filter((e) => e.dl).length >= 5);
    dl = dlOnly(await log(page));
    assert.equal(dl.length, 5);
    assertCommand(dl[3], ["consent", "update", types("analytics_storage", "security_storage")], "update after withdrawing marketing");
    assertEvent(dl[4], ["necessary", "analytics"], ["stats"], "event after withdrawing marketing");

    // An API change is a change too.
    await page.evaluate(() => window.consentSieve.rejectAll());
    dl = dlOnly(await log(page));
    assert.equal(dl.length, 7);
    assertCommand(dl[5], ["consent", "update", types("security_storage")], "update after Reject all");

    if (ownGtag) {
      const calls = await page.evaluate(() => window.__gtagCalls.map((c) => c.slice(0, 2).join(" ")));
      assert.deepEqual(calls, ["consent default", "consent update", "consent update", "consent update"], "the page's own gtag was called for each command");
    }

    // Store analytics only, reload: default first, then the stored choice as an update at load.
    await page.evaluate(() => window.consentSieve.update({ purposes: { analytics: true } }));
    await page.reload();
    await ready(page);
    await page.waitForFunction(() => window.__log.filter((e) => e.ran).length >= 1);
    await settle(page);
    entries = await log(page);
    dl = dlOnly(entries);
    assertCommand(dl[0], ["consent", "default", types("security_storage")], "default first on reload");
    assertCommand(dl[1], ["consent", "update", types("analytics_storage", "security_storage")], "update at load with the stored choice");
    assertEvent(dl[2], ["necessary", "analytics"], ["stats"], "event at load");
    assert.equal(dl.length, 3, "nothing else");
    assert.equal(entries.findIndex((e) => e.dl), 0, "the default is the very first entry");
    const loadUpdate = entries.findIndex((e) => e.dl?.args?.[1] === "update");
    assert.ok(entries.findIndex((e) => e.ran) > loadUpdate, "at load, the stored choice is signalled before any tag runs");
    assert.deepEqual(entries.filter((e) => e.ran).map((e) => e.ran).sort(), ["inline-analytics", "vendor-late"]);
  });
}

env.test("region, wait_for_update, ads_data_redaction, url_passthrough, custom mapping, dataLayer name and event name", async ({ page }) => {
  const config = {
    ...baseConfig(),
    consentMode: {
      types: { analytics_storage: ["analytics", "marketing"], functionality_storage: ["necessary"] },
      region: ["DE", "US-CA"],
      waitForUpdate: 500,
      adsDataRedaction: true,
      urlPassthrough: true,
      dataLayerName: "myLayer",
      dataLayerEvent: "cmp-changed",
    },
  };
  env.page("/cm-options.html", html({ config }));
  await page.addInitScript(recorder("myLayer"));
  await page.goto(`${env.url}/cm-options.html`);
  await ready(page);
  let dl = dlOnly(await log(page));
  assert.equal(dl.length, 3, JSON.stringify(dl));
  assertCommand(dl[0], ["consent", "default", { ...types("functionality_storage", "security_storage"), wait_for_update: 500, region: ["DE", "US-CA"] }], "default with options (a type mapped to a required purpose is granted)");
  assertCommand(dl[1], ["set", "ads_data_redaction", true], "ads_data_redaction");
  assertCommand(dl[2], ["set", "url_passthrough", true], "url_passthrough");
  assert.equal(await page.evaluate(() => window.dataLayer), undefined, "nothing in the default dataLayer");

  await page.evaluate(() => window.consentSieve.update({ purposes: { analytics: true } }));
  dl = dlOnly(await log(page));
  assertCommand(dl[3], ["consent", "update", types("functionality_storage", "security_storage")], "analytics_storage needs analytics AND marketing");
  assert.equal(dl[4].value.event, "cmp-changed");
  await page.evaluate(() => window.consentSieve.acceptAll());
  dl = dlOnly(await log(page));
  assertCommand(dl[5], ["consent", "update", types("ad_storage", "ad_user_data", "ad_personalization", "analytics_storage", "functionality_storage", "security_storage")], "all mapped types granted");
});

env.test("dataLayerEvent false: updates without an event", async ({ page }) => {
  env.page("/cm-noevent.html", html({ config: { ...baseConfig(), consentMode: { dataLayerEvent: false } } }));
  await page.addInitScript(recorder());
  await page.goto(`${env.url}/cm-noevent.html`);
  await ready(page);
  await page.evaluate(() => window.consentSieve.acceptAll());
  const dl = dlOnly(await log(page));
  assert.deepEqual(dl.map((e) => e.args?.slice(0, 2).join(" ") ?? e.value), ["consent default", "consent update"]);
});

env.test("no consentMode configured: nothing is pushed", async ({ page }) => {
  env.page("/cm-off.html", html({ config: baseConfig() }));
  await page.addInitScript(recorder());
  await page.goto(`${env.url}/cm-off.html`);
  await ready(page);
  await page.evaluate(() => window.consentSieve.acceptAll());
  assert.deepEqual(await log(page), []);
});

env.test("early.js and the wasm core give the same default; without early.js the facade pushes it once, before any tag", async ({ page, context }) => {
  const config = {
    ...baseConfig(),
    consentMode: { types: { functionality_storage: ["necessary"], security_storage: ["analytics"] }, waitForUpdate: 300, region: ["FR"], urlPassthrough: true },
  };
  // Without early.js nothing is intercepted before index.js runs: these tags are inert ones and a vendor
  // script inserted once init is done.
  const head = `<script type="text/plain" data-consent="marketing">${record("inline-marketing")}</script>
<script type="text/plain" data-consent="analytics">${record("inline-analytics")}</script>
<script>document.addEventListener("consent-sieve:ready", function () {
  ["ads.test", "stats.test"].forEach(function (h) { var s = document.createElement("script"); s.src = "http://" + h + ":${env.port}/tag.js?name=" + h; document.head.appendChild(s); });
});</script>`;
  env.page("/cm-early.html", html({ config, head }));
  env.page("/cm-module.html", html({ config, early: false, module: true, head }));
  await context.addInitScript(recorder());
  const defaults = {};
  for (const which of ["early", "module"]) {
    await page.goto(`${env.url}/cm-${which}.html`);
    await ready(page);
    await page.evaluate(() => window.consentSieve.acceptAll());
    await page.waitForFunction(() => window.__log.filter((e) => e.ran).length >= 4);
    const entries = await log(page);
    const dl = dlOnly(entries);
    assert.equal(entries.findIndex((e) => e.dl), 0, `${which}: a dataLayer entry comes first`);
    assert.equal(dl.filter((e) => e.args?.[1] === "default").length, 1, `${which}: exactly one default`);
    assert.ok(entries.findIndex((e) => e.ran) > entries.findIndex((e) => e.dl?.args?.[1] === "default"), `${which}: default before any tag`);
    defaults[which] = dl.slice(0, 2);
    await context.clearCookies();
    await page.evaluate(() => localStorage.clear());
  }
  assert.deepEqual(defaults.early, defaults.module, "the JS rule in early.js matches wasm consentMode('default')");
  assertCommand(defaults.module[0], ["consent", "default", { ...types("functionality_storage"), wait_for_update: 300, region: ["FR"] }], "mapping applied");
});
