// Keyboard use, axe-core and language of the demo's banner and dialog.
import assert from "node:assert/strict";
import { AXE_PATH, BANNER, PREFS, btn, open, ran, ranAfter, settle, useBrowser } from "./helpers.mjs";

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
