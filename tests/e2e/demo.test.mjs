// The demo page (examples/index.html) as a visitor uses it: banner, choices, persistence, gating.
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  ALL_TAGS, AXE_PATH, BANNER, PREFS, btn, eventually, open, purposesOf, ran, ranAfter, settle, stored, useBrowser,
} from "./helpers.mjs";

const env = useBrowser();

/** Asserts the stored record (localStorage and cookie) grants exactly `expected`. */
async function assertStored(page, expected) {
  const { local, cookie } = await stored(page);
  assert.ok(local, "localStorage consent-sieve holds a record");
  assert.ok(cookie, "cookie consent_sieve holds a record");
  assert.deepEqual(cookie, local, "cookie and localStorage hold the same record");
  assert.deepEqual(purposesOf(local), expected);
}

/** The gated tags the collector heard from, once `n` arrived (or after a short wait). */
async function collectedTags(n) {
  await eventually(() => env.collectedTags().length >= n, { timeout: n ? 5000 : 600 });
  return env.collectedTags();
}

env.test("first visit shows the banner with three equal, identically styled buttons", async ({ page }) => {
  await open(page, env.url);
  await page.waitForSelector(BANNER, { state: "visible" });
  const actions = ["accept-all", "reject-all", "preferences"];
  const boxes = [];
  for (const a of actions) {
    const box = await page.locator(btn(a)).boundingBox();
    assert.ok(box, `${a} is rendered`);
    boxes.push(box);
  }
  for (const b of boxes.slice(1)) {
    assert.ok(Math.abs(b.width - boxes[0].width) < 1, `equal widths: ${boxes.map((x) => x.width)}`);
    assert.ok(Math.abs(b.height - boxes[0].height) < 1, `equal heights: ${boxes.map((x) => x.height)}`);
  }
  const styles = await page.evaluate(
    ({ sel, props }) => [...document.querySelectorAll(sel)].map((b) => {
      const cs = getComputedStyle(b);
      return Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
    }),
    {
      sel: `${BANNER} .cs-actions .cs-btn`,
      props: ["background-color", "color", "border-top-color", "border-top-width", "font-weight", "font-size", "font-family", "padding-top", "padding-left", "text-decoration-line", "box-shadow"],
    },
  );
  assert.equal(styles.length, 3);
  assert.deepEqual(styles[1], styles[0], "Reject all looks exactly like Accept all");
  assert.deepEqual(styles[2], styles[0], "Preferences looks exactly like Accept all");
  // The stylesheet is applied: a fixed overlay, no layout shift.
  assert.equal(await page.$eval(BANNER, (b) => getComputedStyle(b).position), "fixed");
  assert.deepEqual(await ran(page), [], "nothing ran before a choice");
  assert.equal(await page.evaluate(() => window.consentSieve.state().decided), false);
});

env.test("Reject all stores a full denial and runs no gated tag", async ({ page }) => {
  await open(page, env.url);
  await page.click(btn("reject-all"));
  await page.waitForSelector(BANNER, { state: "hidden" });
  await assertStored(page, { necessary: true, analytics: false, marketing: false });
  const state = await page.evaluate(() => window.consentSieve.state());
  assert.equal(state.decided, true);
  assert.equal(state.source, "banner");
  await settle(page);
  assert.deepEqual(await ran(page), []);
  assert.deepEqual(await collectedTags(0), [], "no gated tag sent anything");
});

env.test("Accept all runs every gated tag exactly once, in document order", async ({ page }) => {
  await open(page, env.url);
  await page.click(btn("accept-all"));
  await page.waitForSelector(BANNER, { state: "hidden" });
  assert.deepEqual(await ranAfter(page, ALL_TAGS.length), ALL_TAGS);
  await settle(page);
  assert.deepEqual(await ran(page), ALL_TAGS, "no tag ran twice");
  assert.deepEqual((await collectedTags(ALL_TAGS.length)).sort(), [...ALL_TAGS].sort(), "each tag reported once");
  await assertStored(page, { necessary: true, analytics: true, marketing: true });
});

env.test("after a decision a reload shows no banner and runs the granted tags once again", async ({ page }) => {
  await open(page, env.url);
  await page.click(btn("accept-all"));
  await ranAfter(page, ALL_TAGS.length);
  // Beacons are sent asynchronously: let this page's four arrive before counting the next page's.
  await collectedTags(ALL_TAGS.length);
  env.clearCollected();
  await page.reload();
  await page.waitForFunction(() => window.consentSieve);
  assert.deepEqual(await ranAfter(page, ALL_TAGS.length), ALL_TAGS, "granted tags run on this page load");
  assert.equal(await page.isVisible(BANNER), false, "no banner after a decision");
  await settle(page);
  assert.deepEqual(await ran(page), ALL_TAGS, "once per page load");
  assert.deepEqual((await collectedTags(ALL_TAGS.length)).sort(), [...ALL_TAGS].sort());
});

env.test("a reload after Reject all shows no banner and still runs nothing", async ({ page }) => {
  await open(page, env.url);
  await page.click(btn("reject-all"));
  await page.reload();
  await page.waitForFunction(() => window.consentSieve);
  await settle(page);
  assert.equal(await page.isVisible(BANNER), false);
  assert.deepEqual(await ran(page), []);
  assert.deepEqual(await collectedTags(0), []);
});

env.test("preferences: analytics only + Save runs only the analytics tags", async ({ page }) => {
  await open(page, env.url);
  await page.click(btn("preferences"));
  await page.waitForSelector(PREFS, { state: "visible" });
  const necessary = page.locator(`${PREFS} input[type="checkbox"][data-purpose="necessary"]`);
  assert.equal(await necessary.isChecked(), true, "required purpose is checked");
  assert.equal(await necessary.isDisabled(), true, "required purpose is disabled");
  const analytics = page.locator(`${PREFS} input[type="checkbox"][data-purpose="analytics"]`);
  assert.equal(await analytics.isChecked(), false, "opt-in: unchecked before a choice");
  await analytics.check();
  await page.click(btn("save", PREFS));
  await page.waitForSelector(PREFS, { state: "hidden" });
  assert.equal(await page.isVisible(BANNER), false, "the banner closes with the saved choice");
  assert.deepEqual(await ranAfter(page, 2), ["analytics-inline", "analytics-external"]);
  await settle(page);
  assert.deepEqual(await ran(page), ["analytics-inline", "analytics-external"]);
  await assertStored(page, { necessary: true, analytics: true, marketing: false });
  assert.deepEqual((await collectedTags(2)).sort(), ["analytics-external", "analytics-inline"]);
});

env.test("the footer re-open link opens the dialog with the stored choices checked", async ({ page }) => {
  await open(page, env.url);
  await page.click(btn("preferences"));
  await page.locator(`${PREFS} [data-purpose="marketing"]`).check();
  await page.click(btn("save", PREFS));
  await page.waitForSelector(PREFS, { state: "hidden" });
  await page.reload();
  await page.waitForFunction(() => window.consentSieve);
  const before = page.url();
  await page.click('footer [data-consent-sieve-open="preferences"]');
  await page.waitForSelector(PREFS, { state: "visible" });
  assert.equal(page.url(), before, "the link's default (#) is prevented");
  const checked = await page.$$eval(`${PREFS} input[type="checkbox"][data-purpose]`, (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.purpose, e.checked])));
  assert.deepEqual(checked, { necessary: true, analytics: false, marketing: true });
  // Withdraw marketing: stored as denied.
  await page.locator(`${PREFS} [data-purpose="marketing"]`).uncheck();
  await page.click(btn("save", PREFS));
  await assertStored(page, { necessary: true, analytics: false, marketing: false });
});

env.test("a new policyVersion asks again and runs nothing until decided", async ({ page }) => {
  await open(page, env.url);
  await page.click(btn("accept-all"));
  await ranAfter(page, ALL_TAGS.length);
  // The same page with a bumped policy version, served by the demo server itself (a page fulfilled by
  // page.route counts as public, and Chromium then refuses its requests to the loopback vendor hosts).
  const body = (await (await fetch(`${env.url}/`)).text()).replace('"policyVersion": "2026-03"', '"policyVersion": "2026-04"');
  assert.ok(body.includes('"2026-04"'), "the config was rewritten");
  env.page("/policy-2026-04.html", body);
  await collectedTags(ALL_TAGS.length); // this page's beacons are in, before counting the next page's
  env.clearCollected();
  await page.goto(`${env.url}/policy-2026-04.html`);
  await page.waitForFunction(() => window.consentSieve);
  await page.waitForSelector(BANNER, { state: "visible" });
  await settle(page);
  assert.deepEqual(await ran(page), [], "nothing runs under the new policy before a choice");
  assert.deepEqual(await collectedTags(0), []);
  const state = await page.evaluate(() => window.consentSieve.state());
  assert.equal(state.decided, false);
  assert.equal(state.policyVersion, "2026-04");
  await page.click(btn("accept-all"));
  assert.deepEqual(await ranAfter(page, ALL_TAGS.length), ALL_TAGS);
  assert.equal((await stored(page)).local.pv ?? (await stored(page)).local.policyVersion, "2026-04");
});

env.test("forget() erases the choice and the vendors' cookies and storage, then asks again", async ({ page, context }) => {
  await open(page, env.url);
  await page.click(btn("accept-all"));
  await ranAfter(page, ALL_TAGS.length);
  await eventually(async () => (await context.cookies()).some((c) => c.name === "_fs_visit"));
  assert.ok((await context.cookies()).some((c) => c.name === "_px_uid"), "the pixel set its cookie");
  await page.click("#forget");
  await page.waitForSelector(BANNER, { state: "visible" });
  const names = (await context.cookies()).map((c) => c.name);
  assert.ok(!names.includes("consent_sieve") && !names.includes("_fs_visit") && !names.includes("_px_uid"), `cookies left: ${names}`);
  assert.equal(await page.evaluate(() => localStorage.getItem("fernstats-id")), null);
  assert.deepEqual(await stored(page), { local: null, cookie: null });
  assert.equal(await page.evaluate(() => window.consentSieve.state().decided), false);
  // The demo prints forget()'s report: every name it lists is gone, and what was there is listed.
  const erased = JSON.parse((await page.textContent("#receipt")).replace(/^Erased: /, ""));
  assert.equal(erased.record, true);
  for (const c of ["_fs_visit", "_px_uid"]) assert.ok(erased.cookies.includes(c), `${c} not reported: ${erased.cookies}`);
  assert.ok(erased.localStorage.includes("fernstats-id"), `fernstats-id not reported: ${erased.localStorage}`);
  assert.ok(!erased.cookies.includes("consent_sieve") && erased.receiptsKept >= 1, JSON.stringify(erased));
  // A second forget() has nothing left to erase.
  const again = await page.evaluate(() => window.consentSieve.forget().erased);
  assert.deepEqual(again, { record: false, cookies: [], localStorage: [], sessionStorage: [], receiptsKept: erased.receiptsKept });
});

env.test("the minimal example (examples/vanilla) works as copied", async ({ page }) => {
  await open(page, `${env.url}/vanilla/`);
  await page.waitForSelector(BANNER, { state: "visible" });
  assert.equal(await page.textContent("#status"), "Analytics has not run.");
  await page.click(btn("accept-all"));
  await page.waitForFunction(() => document.getElementById("status").textContent.includes("running"));
  assert.deepEqual(await ran(page), ["analytics-inline"]);
});

env.test("demo: the tag manager's late vendor tag, the video placeholder and the dataLayer inspector", async ({ page }) => {
  await open(page, env.url);
  // The tag manager inserts Pixel Ads' script from ads.localhost after a second: held, not run, not fetched.
  await page.waitForSelector('script[type="text/plain"][data-consent-vendor="pixelads"][data-src*="ads.localhost"]', { state: "attached", timeout: 5000 });
  const placeholder = page.locator('[data-consent-sieve="placeholder"]');
  assert.equal(await placeholder.count(), 1);
  assert.match(await placeholder.textContent(), /Fern TV/);
  await settle(page);
  assert.equal(await page.evaluate(() => window.__late), undefined);
  const vendorHosts = () => env.requests().filter((r) => /^(ads|video)\.localhost/.test(r.host)).map((r) => r.host.replace(/:\d+$/, "") + r.path);
  assert.deepEqual(vendorHosts(), [], "nothing requested from the vendors' hosts");
  // The inspector lists the Consent Mode default, then the settings, in order.
  await page.waitForFunction(() => document.querySelectorAll("#datalayer-list li").length >= 3);
  const dl = await page.$$eval("#datalayer-list li strong", (els) => els.map((e) => e.textContent));
  assert.deepEqual(dl, ['gtag("consent", "default")', 'gtag("set", "ads_data_redaction", true)', 'gtag("set", "url_passthrough", true)']);

  await page.click(btn("accept-all"));
  await page.waitForFunction(() => window.__late?.length === 1);
  await page.waitForFunction(() => document.querySelector("iframe.video").getAttribute("src"));
  await settle(page);
  assert.equal(await placeholder.count(), 0, "the placeholder is gone");
  assert.deepEqual(vendorHosts().sort(), ["ads.localhost/collect", "ads.localhost/tags/ads.js", "video.localhost/embeds/video.html"]);
  await page.waitForFunction(() => document.querySelectorAll("#datalayer-list li").length >= 5);
  const after = await page.$$eval("#datalayer-list li strong", (els) => els.map((e) => e.textContent));
  assert.deepEqual(after.slice(3), ['gtag("consent", "update")', 'event "consent-sieve-update"']);

  // Withdraw marketing: the ad tag's later reports no longer leave the page.
  await page.click('footer [data-consent-sieve-open="preferences"]');
  await page.locator(`${PREFS} [data-purpose="marketing"]`).uncheck();
  await page.click(btn("save", PREFS));
  env.clearRequests();
  await page.mouse.wheel(0, 4000);
  await page.evaluate(() => window.dispatchEvent(new Event("scroll")));
  await settle(page);
  assert.deepEqual(vendorHosts(), [], "no report reached ads.localhost after the withdrawal");
});

// ---------------------------------------------------------------------------------------------------
// The minimization panel. The Fern Insights tag (examples/tags/insights.js, not gated) sends
// personal data to insights.localhost/collect; the page's config gives that vendor a `minimize` policy
// and an anonymous `denied` policy. The panel pairs each event as produced with what the collector got.

const DEMO_CONFIG = JSON.parse(readFileSync(new URL("../../examples/index.html", import.meta.url), "utf8")
  .match(/<script type="application\/json" id="consent-sieve-config">([\s\S]*?)<\/script>/)[1]);
const ANONYMOUS_FIELDS = ["event", "event_id", "page_location", "timestamp"];
/** What the tag and the form's sample values put in the events: none of it may reach the collector. */
const RAW = ["jane.doe", "Jane.Doe", "Jane Doe", "@gmail", "j.smith", "example.org", "555", "4111", "203.0.113.77", "cust-20931", "1988-04-12", "email="];
const sha256 = (s) => createHash("sha256").update(s).digest("hex");
const MP = "#mp-events";

/** The collector's records from the Fern Insights tag. */
const insightsRecords = () => env.collected().filter((c) => c.host.replace(/:\d+$/, "") === "insights.localhost");

/** Waits until the panel shows `eventId` with the received side in state `state`; returns both sides' text. */
async function panelEvent(page, eventId, state) {
  const item = `${MP} li[data-event-id="${eventId}"]`;
  await page.waitForSelector(`${item}[data-received="${state}"]`, { timeout: 8000 });
  return page.$eval(item, (li) => ({
    title: li.querySelector("h3").textContent,
    status: li.querySelector(".mp-status").textContent,
    produced: [...li.querySelectorAll("td.mp-produced")].map((td) => td.textContent).join("\n"),
    received: [...li.querySelectorAll("td.mp-received")].map((td) => td.textContent).join("\n"),
    headers: [...li.querySelectorAll("thead th")].map((th) => th.textContent),
    outcomes: Object.fromEntries([...li.querySelectorAll("tbody[data-field]")].map((g) => [g.dataset.field, g.dataset.outcome ?? null])),
  }));
}

const lastProduced = (page, name) => page.evaluate((n) => window.__demoProduced.filter((e) => e.body.event === n).at(-1)?.body.event_id, name);

function assertNoRaw(text, what) {
  for (const raw of RAW) assert.ok(!text.includes(raw), `${what} contains "${raw}": ${text}`);
}

env.test("minimization panel: the page view before a choice arrives anonymous; after Accept all the question form arrives minimized, no raw PII", async ({ page }) => {
  await open(page, env.url);
  await page.waitForSelector(BANNER, { state: "visible" });
  // On load, before any choice: analytics is not granted, so the anonymous policy applies.
  const viewId = await page.evaluate(() => window.__demoProduced?.[0]?.body.event_id);
  assert.match(viewId ?? "", /^ev-/, "the tag recorded its page view as produced");
  const view = await panelEvent(page, viewId, "anonymous");
  assert.deepEqual(view.headers, ["What the page produced", "What the collector received"]);
  assert.match(view.status, /anonymous/);
  assert.ok(view.produced.includes("203.0.113.77") && view.produced.includes("cust-20931"), "the produced side shows the raw data");
  assertNoRaw(view.received, "the anonymous page view");
  assert.equal(view.outcomes["user.email"], "dropped");
  assert.equal(view.outcomes.event_id, "kept");

  await page.click(btn("accept-all"));
  await page.waitForSelector(BANNER, { state: "hidden" });
  await page.click("#ask-send");
  assert.match(await page.textContent("#ask-status"), /Thanks/);
  const leadId = await lastProduced(page, "generate_lead");
  const lead = await panelEvent(page, leadId, "minimized");
  assert.match(lead.title, /generate_lead/);
  for (const raw of ["jane.doe@gmail.com", "+1 (415) 555-0100", "4111 1111 1111 1111", "203.0.113.77", "email=jane.doe%40gmail.com", "j.smith@example.org"]) {
    assert.ok(lead.produced.includes(raw), `the produced side shows ${raw}`);
  }
  assertNoRaw(lead.received, "the received side");
  assert.deepEqual(
    { email: lead.outcomes["user.email"], phone: lead.outcomes["user.phone"], id: lead.outcomes["user.id"], name: lead.outcomes["user.name"], message: lead.outcomes.message, ip: lead.outcomes["user.ip"], birth: lead.outcomes["user.birthdate"] },
    { email: "hashed", phone: "hashed", id: "hashed", name: "redacted", message: "found", ip: "generalized", birth: "generalized" },
  );

  // What the collector itself holds for that event: digests equal node:crypto's, utm_* and (marketing
  // granted) gclid kept, the email parameter gone, the IP a /24, the free text scrubbed by the detectors.
  const got = insightsRecords().find((r) => r.body?.event_id === leadId);
  assert.ok(got, "the collector received the lead");
  assert.equal(got.body.user.email, sha256("janedoe@gmail.com"), "google.email: trimmed, lowercased, no dots in a gmail local part");
  assert.equal(got.body.user.id, createHmac("sha256", DEMO_CONFIG.hashKey).update("cust-20931").digest("hex"));
  assert.equal(got.body.user.ip, "203.0.113.0");
  assert.match(got.body.user.birthdate, /^\d0-\d9$/);
  assert.equal(got.body.user.name, "[redacted]");
  assert.match(got.body.message, /\[phone\].*\[email\].*\[card\]/);
  assert.match(got.body.timestamp, /T\d\d:00:00(\.000)?Z$/, "truncated to the hour");
  const url = new URL(got.body.page_location);
  assert.deepEqual([...url.searchParams.keys()], ["utm_source", "utm_medium", "utm_campaign", "gclid"]);
  for (const r of insightsRecords()) assertNoRaw(JSON.stringify(r.body), "a record at the collector");
  // The consent inspector's log names the tag.
  await page.waitForFunction(() => [...document.querySelectorAll("#collect-list strong")].some((s) => s.textContent === "insights"));
});

env.test("minimization panel: analytics only: the click id (gclid) is dropped with marketing denied, utm_* kept", async ({ page }) => {
  await open(page, env.url);
  await page.click(btn("preferences"));
  await page.locator(`${PREFS} [data-purpose="analytics"]`).check();
  await page.click(btn("save", PREFS));
  await page.waitForSelector(PREFS, { state: "hidden" });
  await page.click("#mp-pageview");
  const id = await lastProduced(page, "page_view");
  await panelEvent(page, id, "minimized");
  const got = insightsRecords().find((r) => r.body?.event_id === id);
  assert.deepEqual([...new URL(got.body.page_location).searchParams.keys()], ["utm_source", "utm_medium", "utm_campaign"]);
});

env.test("minimization panel: after Reject all the collector receives only the anonymous form; the panel fits 320 px and passes axe", async ({ page }) => {
  await open(page, env.url);
  await page.click(btn("reject-all"));
  await page.waitForSelector(BANNER, { state: "hidden" });
  await page.fill('#ask [name="email"]', "Someone.Else@Example.org");
  await page.click("#ask-send");
  await page.click("#mp-pageview");
  const leadId = await lastProduced(page, "generate_lead");
  const viewId = await lastProduced(page, "page_view");
  const lead = await panelEvent(page, leadId, "anonymous");
  await panelEvent(page, viewId, "anonymous");
  assert.ok(lead.produced.includes("Someone.Else@Example.org") && lead.produced.includes("4111 1111 1111 1111"));
  assertNoRaw(lead.received, "the anonymous lead");
  assert.ok(!lead.received.includes("Someone.Else"), "the edited email is not received either");
  assert.equal(lead.outcomes.message, "dropped");
  const records = insightsRecords();
  assert.ok(records.length >= 3, `the load page view, the lead and the second page view arrived: ${records.length}`);
  for (const r of records) {
    assert.deepEqual(Object.keys(r.body).sort(), [...ANONYMOUS_FIELDS].sort(), "only the anonymous fields");
    assert.equal(new URL(r.body.page_location).search, "", "no query at all");
    assert.match(r.body.timestamp, /T00:00:00(\.000)?Z$/, "truncated to the day");
  }
  // 320 px: nothing sideways; the panel's tables pass axe-core.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 320), "no horizontal scroll at 320 px");
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => (await window.axe.run(document.getElementById("minimization"), { resultTypes: ["violations"] }))
    .violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) })));
  assert.deepEqual(violations, []);
}, { context: { viewport: { width: 320, height: 640 } } });
