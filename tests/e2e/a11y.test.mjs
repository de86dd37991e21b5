// Keyboard use, axe-core and language of the demo's banner and dialog; focus never hidden behind the
// non-blocking banner or the re-open button (WCAG 2.2 2.4.11) on a long page.
import assert from "node:assert/strict";
import { AXE_PATH, BANNER, PREFS, btn, open, ran, ranAfter, settle, useBrowser } from "./helpers.mjs";
import { baseConfig, html } from "./pages.mjs";

const env = useBrowser();

/** Describes the focused element: where it is and what it is. */
const focused = (page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    return {
      inBanner: !!a?.closest('[data-consent-sieve="banner"]'),
      inDialog: !!a?.closest('[data-consent-sieve="preferences"] .cs-dialog'),
      action: a?.getAttribute("data-action") ?? null,
      purpose: a?.getAttribute("data-purpose") ?? null,
      tag: a?.tagName.toLowerCase() ?? null,
    };
  });

async function tabUntil(page, predicate, max = 20) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    if (predicate(f)) return f;
  }
  assert.fail("never reached the element by Tab");
}

env.test("keyboard only: banner first in tab order, dialog traps focus, Escape, Space, Save", async ({ page }) => {
  await open(page, env.url);
  await page.waitForSelector(BANNER, { state: "visible" });

  // Tab reaches the banner (its link, then its buttons) before anything on the page.
  const order = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    order.push(await focused(page));
  }
  assert.ok(order.every((f) => f.inBanner), `first tab stops are in the banner: ${JSON.stringify(order)}`);
  assert.deepEqual(order.map((f) => f.action).filter(Boolean), ["accept-all", "reject-all", "preferences"]);
  assert.equal(order.at(-1).action, "preferences");

  // Enter on Preferences opens the dialog with focus inside.
  await page.keyboard.press("Enter");
  await page.waitForSelector(PREFS, { state: "visible" });
  assert.equal((await focused(page)).inDialog, true, "focus moved into the dialog");

  // Tab and Shift+Tab cycle within the dialog.
  const stops = await page.$$eval(
    `${PREFS} .cs-dialog :is(a[href], button, input):not([disabled])`,
    (els) => els.filter((e) => e.offsetParent !== null).length,
  );
  for (let i = 0; i < stops + 2; i++) {
    await page.keyboard.press("Tab");
    assert.equal((await focused(page)).inDialog, true, `Tab #${i + 1} stays in the dialog`);
  }
  for (let i = 0; i < stops + 2; i++) {
    await page.keyboard.press("Shift+Tab");
    assert.equal((await focused(page)).inDialog, true, `Shift+Tab #${i + 1} stays in the dialog`);
  }

  // Space toggles a switch; Escape closes without deciding; focus returns to Preferences.
  const sw = await tabUntil(page, (f) => f.purpose === "analytics");
  assert.equal(sw.tag, "input");
  await page.keyboard.press("Space");
  assert.equal(await page.isChecked(`${PREFS} [data-purpose="analytics"]`), true, "Space toggled the switch");
  await page.keyboard.press("Escape");
  await page.waitForSelector(PREFS, { state: "hidden" });
  const back = await focused(page);
  assert.equal(back.action, "preferences", "focus returned to the Preferences button");
  assert.equal(back.inBanner, true);
  const state = await page.evaluate(() => window.consentSieve.state());
  assert.equal(state.decided, false, "Escape decides nothing");
  assert.equal(state.purposes.analytics, false, "Escape grants nothing");
  await settle(page, 200);
  assert.deepEqual(await ran(page), []);

  // Reopen with Enter, switch analytics on with Space, Save with the keyboard.
  await page.keyboard.press("Enter");
  await page.waitForSelector(PREFS, { state: "visible" });
  await tabUntil(page, (f) => f.purpose === "analytics");
  if (!(await page.isChecked(`${PREFS} [data-purpose="analytics"]`))) await page.keyboard.press("Space");
  assert.equal(await page.isChecked(`${PREFS} [data-purpose="analytics"]`), true);
  await tabUntil(page, (f) => f.action === "save");
  await page.keyboard.press("Enter");
  await page.waitForSelector(PREFS, { state: "hidden" });
  assert.deepEqual(await ranAfter(page, 2), ["analytics-inline", "analytics-external"]);
  const saved = await page.evaluate(() => window.consentSieve.state());
  assert.deepEqual(saved.purposes, { necessary: true, analytics: true, marketing: false });
});

env.test("every control shows a visible focus indicator", async ({ page }) => {
  await open(page, env.url);
  await page.waitForSelector(BANNER, { state: "visible" });
  await page.keyboard.press("Tab");
  await tabUntil(page, (f) => f.action === "accept-all");
  const outline = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  assert.notEqual(outline.style, "none");
  assert.ok(outline.width >= 2, `outline ${outline.width}px`);
});

async function axe(page, selector) {
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (sel) => {
    const result = await window.axe.run(document.querySelector(sel), { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  }, selector);
}

env.test("axe-core finds no violations in the banner", async ({ page }) => {
  await open(page, env.url);
  await page.waitForSelector(BANNER, { state: "visible" });
  assert.deepEqual(await axe(page, BANNER), []);
});

env.test("axe-core finds no violations in the open preferences dialog", async ({ page }) => {
  await open(page, env.url);
  await page.click(btn("preferences"));
  await page.waitForSelector(PREFS, { state: "visible" });
  assert.deepEqual(await axe(page, PREFS), []);
});

env.test("narrow screen (320 px): buttons full width, nothing cut off", async ({ page }) => {
  await open(page, env.url);
  await page.waitForSelector(BANNER, { state: "visible" });
  const r = await page.evaluate(() => {
    const banner = document.querySelector('[data-consent-sieve="banner"]');
    const inner = banner.querySelector(".cs-actions").getBoundingClientRect();
    const btns = [...banner.querySelectorAll(".cs-actions .cs-btn")].map((b) => b.getBoundingClientRect());
    return { inner: inner.width, widths: btns.map((b) => b.width), lefts: btns.map((b) => b.left), scroll: document.documentElement.scrollWidth };
  });
  assert.ok(r.widths.every((w) => Math.abs(w - r.inner) < 1), `full width buttons: ${JSON.stringify(r)}`);
  assert.ok(r.lefts.every((l) => Math.abs(l - r.lefts[0]) < 1), "stacked");
  assert.ok(r.scroll <= 320, `no horizontal scroll (${r.scroll})`);
  await page.click(btn("preferences"));
  await page.waitForSelector(PREFS, { state: "visible" });
  const sw = await page.locator(`${PREFS} [data-purpose="analytics"]`).boundingBox();
  assert.ok(sw.width >= 24 && sw.height >= 24, `switch target ${sw.width}×${sw.height}`);
}, { context: { viewport: { width: 320, height: 640 } } });

env.test("language from navigator.languages: a German browser gets German texts", async ({ page }) => {
  await open(page, env.url);
  await page.waitForSelector(BANNER, { state: "visible" });
  assert.equal(await page.getAttribute(BANNER, "lang"), "de");
  assert.equal((await page.textContent(`${BANNER} .cs-title`)).trim(), "Cookies bei Fern & Fig");
  assert.equal((await page.textContent(btn("accept-all"))).trim(), "Alle akzeptieren");
  assert.equal((await page.textContent(btn("reject-all"))).trim(), "Alle ablehnen");
  await page.click(btn("preferences"));
  await page.waitForSelector(PREFS, { state: "visible" });
  assert.equal((await page.textContent(`${PREFS} label[for="cs-p-analytics"]`)).trim(), "Statistik");
}, { context: { locale: "de-DE" } });

// ---------------------------------------------------------------------------------------------------
// WCAG 2.2 2.4.11 Focus Not Obscured: on a long page, every link, button and field of the page that Tab
// reaches stays clear of the fixed UI (the non-blocking banner, then the re-open button), in every
// non-blocking layout, wide and narrow.
const LONG_ITEMS = 40;
const longPage = (layout) =>
  html({
    config: { ...baseConfig(), ui: { layout } },
    body: Array.from({ length: LONG_ITEMS }, (_, i) => {
      const control = [`<a href="#item-${i}" id="item-${i}">Link ${i}</a>`, `<button type="button" id="item-${i}">Button ${i}</button>`, `<input id="item-${i}" aria-label="Field ${i}">`][i % 3];
      return `<p>Paragraph ${i} of a long article, with enough words in it to wrap on a narrow screen. ${control}</p>`;
    }).join("\n"),
  });

/**
 * Tabs from the top through the whole page; for each focused element of the page (not our UI) returns
 * whether `cover` (a selector for our fixed UI) overlaps it. Fails if Tab never reaches the last item.
 */
async function tabThrough(page, cover) {
  await page.evaluate(() => document.activeElement?.blur());
  const rows = [];
  for (let i = 0; i < LONG_ITEMS * 2 + 20; i++) {
    await page.keyboard.press("Tab");
    const r = await page.evaluate((sel) => {
      const a = document.activeElement;
      if (!a || a === document.body || a.closest("[data-consent-sieve]")) return null;
      const e = a.getBoundingClientRect();
      const c = document.querySelector(sel);
      const b = c.getBoundingClientRect();
      const shown = c.checkVisibility() && b.height > 0;
      return { id: a.id, shown, overlap: shown && e.bottom > b.top && e.top < b.bottom && e.right > b.left && e.left < b.right, el: [e.top, e.bottom], cover: [b.top, b.bottom] };
    }, cover);
    if (!r) continue;
    rows.push(r);
    if (r.id === `item-${LONG_ITEMS - 1}`) return rows;
  }
  assert.fail(`Tab never reached the last item: ${JSON.stringify(rows.at(-1))}`);
}

for (const layout of ["bar", "box"]) {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 320, height: 640 }]) {
    env.test(`focus not obscured (${layout}, ${viewport.width}×${viewport.height}): Tab through a long page keeps every focused element clear of the banner, then of the re-open button`, async ({ page }) => {
      const path = `/long-${layout}.html`;
      env.page(path, longPage(layout));
      await open(page, env.url + path);
      await page.waitForSelector(BANNER, { state: "visible" });
      const withBanner = await tabThrough(page, BANNER);
      assert.ok(withBanner.length >= LONG_ITEMS && withBanner.every((r) => r.shown), `the banner stayed up while ${withBanner.length} page elements took focus`);
      assert.deepEqual(withBanner.filter((r) => r.overlap).map((r) => JSON.stringify(r)), [], "focused elements under the banner");
      // Smaller and larger: the inset follows the banner's size (a narrower window reflows it).
      const inset = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).scrollPaddingBottom));
      const banner = () => page.$eval(BANNER, (b) => innerHeight - b.getBoundingClientRect().top);
      const bannerInset = await inset();
      assert.ok(bannerInset >= (await banner()), `scroll-padding-bottom ${bannerInset} covers the banner's ${await banner()} px`);
      await page.setViewportSize({ width: viewport.width === 320 ? 600 : 700, height: viewport.height });
      await page.waitForFunction(() => parseFloat(getComputedStyle(document.documentElement).scrollPaddingBottom) >= innerHeight - document.querySelector('[data-consent-sieve="banner"]').getBoundingClientRect().top);
      await page.setViewportSize(viewport);

      await page.click(btn("reject-all"));
      await page.waitForSelector('[data-consent-sieve="reopen"]', { state: "visible" });
      const withReopen = await tabThrough(page, '[data-consent-sieve="reopen"]');
      assert.ok(withReopen.every((r) => r.shown), "the re-open button stayed up");
      assert.deepEqual(withReopen.filter((r) => r.overlap), [], "focused elements under the re-open button");
      const reopenInset = await inset();
      assert.ok(reopenInset > 0 && reopenInset < bannerInset, `the inset shrank to the re-open button's (${reopenInset} < ${bannerInset})`);
    }, { context: { viewport } });
  }
}
