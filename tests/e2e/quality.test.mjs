// Banner quality: every layout × theme passes axe-core and a contrast check on computed colours,
// keeps Accept all and Reject all equal, pre-ticks nothing and has 24×24 px targets; keyboard journeys
// through every layout, the blocking mode (focus trap, no Escape, the rest of the page inert and out of the
// accessibility tree), the live region, the re-open button, reflow at 320 px / 400 % zoom, reduced motion,
// and a sample of languages (German, Japanese, Arabic and Hebrew, right to left).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { AXE_PATH, BANNER, PREFS, REPO, btn, open, useBrowser } from "./helpers.mjs";
import { baseConfig, html } from "./pages.mjs";

const env = useBrowser();
const REOPEN = '[data-consent-sieve="reopen"]';
const PLACEHOLDER = '[data-consent-sieve="placeholder"]';
const LAYOUTS = ["bar", "box", "modal"];
const THEMES = ["light", "dark", "auto"];

let pageNo = 0;
/**
 * Serves a test page with `ui` (and optionally `language`) in its config, a held video embed (so a
 * placeholder shows), a button of the page's own and, with `link`, a re-open link; opens it and waits for
 * the banner.
 * @param {import("playwright-core").Page} page
 * @param {{ ui?: object, language?: string, link?: boolean, waitBanner?: boolean }} [o]
 */
async function load(page, { ui = {}, language, link = false, waitBanner = true } = {}) {
  // Privacy policy links in the banner and for two vendors in the dialog: targets to measure too.
  const base = baseConfig();
  for (const v of base.vendors.slice(0, 2)) v.privacyPolicyUrl = `https://${v.hosts[0].replace("*.", "")}/privacy`;
  const config = { ...base, privacyPolicyUrl: "/privacy.html", ui, ...(language ? { language } : {}) };
  const path = `/quality-${++pageNo}.html`;
  env.page(path, html({
    config,
    body: `<p>Some article text with <a href="#top">a link</a>.</p>
<button type="button" id="page-btn">A button of the page</button>
<div id="own-inert" inert><button type="button">Inert by the page itself</button></div>
<iframe title="A video" width="320" height="180" data-consent="marketing" data-consent-vendor="video"
        data-src="http://video.test:${env.port}/embeds/video.html"></iframe>
${link ? '<p><a href="#" data-consent-sieve-open="preferences">Privacy settings</a></p>' : ""}
<script>document.getElementById("page-btn").addEventListener("click", () => { window.__pageClicks = (window.__pageClicks || 0) + 1; });</script>`,
  }));
  await open(page, env.url + path);
  if (waitBanner) await page.waitForSelector(BANNER, { state: "visible" });
  return path;
}

/** axe-core on one root: the list of violations (empty when clean). */
async function axe(page, selector) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (sel) => {
    const result = await window.axe.run(document.querySelector(sel), { resultTypes: ["violations"] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  }, selector);
}

/**
 * Contrast of every visible piece of text under the given roots: WCAG relative luminance of its `color`
 * against the effective background (ancestors' background colours composited, on white). Returns one row per
 * element: { what, ratio, fg, bg }.
 */
function contrasts(page, selectors) {
  return page.evaluate((sels) => {
    const parse = (c) => {
      const m = /^rgba?\(([^)]+)\)$/.exec(c);
      if (!m) throw new Error(`unexpected colour ${c}`);
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const over = (top, base) => [0, 1, 2].map((i) => top[i] * top[3] + base[i] * (1 - top[3]));
    const background = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      return layers.reverse().reduce((base, l) => over(l, base), [255, 255, 255]);
    };
    const lum = (rgb) => rgb.map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }).reduce((a, c, i) => a + c * [0.2126, 0.7152, 0.0722][i], 0);
    const ratio = (a, b) => {
      const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m);
      return (x + 0.05) / (y + 0.05);
    };
    const rows = [];
    for (const sel of sels) {
      for (const root of document.querySelectorAll(sel)) {
        for (const el of [root, ...root.querySelectorAll("*")]) {
          const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
          const r = el.getBoundingClientRect();
          if (!hasText || r.width < 2 || r.height < 2 || el.closest(".cs-sr-only")) continue;
          const bg = background(el);
          const fg = over(parse(getComputedStyle(el).color), bg);
          rows.push({
            what: `${sel} ${el.tagName.toLowerCase()}.${el.className || "-"}${el.dataset.action ? `[${el.dataset.action}]` : ""} "${el.textContent.trim().slice(0, 24)}"`,
            ratio: Math.round(ratio(fg, bg) * 100) / 100,
            fg: fg.map(Math.round).join(","),
            bg: bg.map(Math.round).join(","),
          });
        }
      }
    }
    return rows;
  }, selectors);
}

/** Asserts ≥ 4.5:1 for every row and that the selectors found text at all. */
function assertContrast(rows, label, minRows = 1) {
  assert.ok(rows.length >= minRows, `${label}: found ${rows.length} texts to check`);
  const bad = rows.filter((r) => r.ratio < 4.5);
  assert.deepEqual(bad, [], `${label}: text below 4.5:1`);
}

/** The contrast of the focus outline of the focused element against what surrounds it (≥ 3:1 wanted). */
function focusContrast(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    const s = getComputedStyle(a);
    const parse = (c) => (/^rgba?\(([^)]+)\)$/.exec(c)?.[1] ?? "0,0,0").split(/[\s,/]+/).filter(Boolean).map(Number);
    let bgEl = a.classList.contains("cs-reopen") ? a : a.parentElement;
    while (bgEl && (parse(getComputedStyle(bgEl).backgroundColor)[3] ?? 1) === 0) bgEl = bgEl.parentElement;
    const bg = parse(getComputedStyle(bgEl ?? document.body).backgroundColor);
    const lum = (rgb) => rgb.slice(0, 3).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }).reduce((x, c, i) => x + c * [0.2126, 0.7152, 0.0722][i], 0);
    const [x, y] = [lum(parse(s.outlineColor)), lum(bg)].sort((m, n) => n - m);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), ratio: (x + 0.05) / (y + 0.05), action: a.dataset.action ?? a.className };
  });
}

/** Emulates a colour scheme and lets the colour transitions it starts finish. */
async function scheme(page, colorScheme) {
  await page.emulateMedia({ colorScheme });
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
}

/** Presses Tab until the focused element matches `selector` (or fails). */
async function tabTo(page, selector, { max = 30, key = "Tab" } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  assert.fail(`never reached ${selector} with ${key}`);
}

/**
 * Every interactive element under the roots (buttons, switches, links, anything focusable by Tab): any smaller
 * than 24×24 px (visible ones only). A switch's label is part of its target; the switch itself is measured.
 */
function smallTargets(page, selectors) {
  return page.evaluate((sels) => {
    const out = [];
    let count = 0;
    const interactive = ':is(button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"]))';
    for (const sel of sels) {
      for (const el of document.querySelectorAll(`${sel} ${interactive}, ${sel}${interactive}`)) {
        const r = el.getBoundingClientRect();
        if (!el.checkVisibility()) continue;
        count++;
        if (r.width < 24 || r.height < 24) out.push(`${sel} ${el.dataset.action ?? el.dataset.purpose ?? el.dataset.vendor ?? el.getAttribute("aria-label") ?? el.className}: ${r.width}×${r.height}`);
      }
    }
    return { count, small: out };
  }, selectors);
}

/** The computed look of a button: everything that gives it prominence. */
const look = (page, selector) =>
  page.$eval(selector, (el) => {
    const s = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    return {
      font: `${s.fontFamily} ${s.fontSize} ${s.fontWeight} ${s.fontStyle} ${s.textDecorationLine} ${s.textTransform}`,
      color: s.color,
      background: `${s.backgroundColor} ${s.backgroundImage}`,
      border: ["Top", "Right", "Bottom", "Left"].map((k) => `${s[`border${k}Width`]} ${s[`border${k}Style`]} ${s[`border${k}Color`]}`).join(" | "),
      radius: s.borderRadius,
      padding: s.padding,
      shadow: s.boxShadow,
      opacity: s.opacity,
      width: Math.round(r.width),
      height: Math.round(r.height),
    };
  });

// ---------------------------------------------------------------------------------------------------
// Every layout × theme: axe, contrast, focus ring, equal buttons, nothing pre-ticked, 24×24 targets,
// theme followed by placeholder and re-open button.
for (const layout of LAYOUTS) {
  for (const theme of THEMES) {
    env.test(`${layout} × ${theme}: axe-clean, contrast ≥ 4.5:1, equal choices, nothing pre-ticked, 24×24 targets`, async ({ page }) => {
      await load(page, { ui: { layout, theme } });
      const schemes = theme === "auto" ? ["light", "dark"] : [theme];
      const cls = await page.getAttribute(BANNER, "class");
      for (const c of [`cs-layout-${layout}`, `cs-theme-${theme}`]) assert.ok(cls.split(" ").includes(c), `banner class ${c} (got "${cls}")`);

      for (const sch of schemes) {
        await scheme(page, sch);
        const label = `${layout}/${theme}/${sch}`;
        assert.deepEqual(await axe(page, BANNER), [], `${label}: axe violations in the banner`);
        assertContrast(await contrasts(page, [BANNER, PLACEHOLDER]), `${label} banner + placeholder`, 6);
        // The placeholder wears the theme too: same background as the banner.
        const bgs = await page.evaluate(([b, p]) => [b, p].map((s) => getComputedStyle(document.querySelector(s)).backgroundColor), [BANNER, PLACEHOLDER]);
        assert.equal(bgs[1], bgs[0], `${label}: the placeholder follows the theme`);
        if (sch === "dark") assert.notEqual(bgs[0], "rgb(255, 255, 255)", `${label}: dark background`);
        if (sch === "light") assert.equal(bgs[0], "rgb(255, 255, 255)", `${label}: light background`);
      }

      // Equal prominence on the first layer, in every scheme.
      for (const sch of schemes) {
        await scheme(page, sch);
        assert.deepEqual(await look(page, btn("reject-all")), await look(page, btn("accept-all")), `${layout}/${theme}/${sch}: Reject all looks exactly like Accept all`);
        assert.deepEqual(await look(page, btn("preferences")), await look(page, btn("accept-all")), `${layout}/${theme}/${sch}: Preferences looks like Accept all`);
      }
      // All three choices on the first layer, visible without scrolling the page.
      for (const a of ["accept-all", "reject-all", "preferences"]) assert.ok(await page.isVisible(btn(a)), `${a} is on the first layer`);
      const t1 = await smallTargets(page, [BANNER, PLACEHOLDER]);
      assert.ok(t1.count >= 5, `found the banner's buttons and link (${t1.count})`);
      assert.deepEqual(t1.small, [], "banner targets ≥ 24×24 px");

      // Keyboard focus ring on a banner button: ≥ 3:1 against the banner.
      for (const sch of schemes) {
        await scheme(page, sch);
        await page.focus(btn("reject-all"));
        await page.keyboard.press("Shift+Tab");
        await page.keyboard.press("Tab");
        const f = await focusContrast(page);
        assert.notEqual(f.style, "none", "focus outline drawn");
        assert.ok(f.width >= 2 && f.ratio >= 3, `${layout}/${theme}/${sch}: focus ring ${f.width}px at ${f.ratio.toFixed(2)}:1 on ${f.action}`);
      }

      // The dialog.
      await page.click(btn("preferences"));
      await page.waitForSelector(PREFS, { state: "visible" });
      const unticked = await page.$$eval(`${PREFS} .cs-switch`, (els) => els.map((e) => ({ id: e.dataset.purpose ?? e.dataset.vendor, checked: e.checked, disabled: e.disabled })));
      assert.ok(unticked.length >= 6, `purpose and vendor switches found (${unticked.length})`);
      assert.deepEqual(unticked.filter((s) => !s.disabled && s.checked), [], "no optional purpose or vendor is pre-ticked");
      assert.deepEqual(unticked.filter((s) => s.disabled).map((s) => s.id), ["necessary"], "only the required purpose is on (and locked)");
      for (const sch of schemes) {
        await scheme(page, sch);
        const label = `${layout}/${theme}/${sch}`;
        assert.deepEqual(await axe(page, PREFS), [], `${label}: axe violations in the dialog`);
        assertContrast(await contrasts(page, [`${PREFS} .cs-dialog`]), `${label} dialog`, 12);
        assert.deepEqual(await look(page, btn("reject-all", PREFS)), await look(page, btn("accept-all", PREFS)), `${label}: dialog Reject all looks exactly like Accept all`);
        // Switch states differ by more than colour: the knob moves.
        const knobs = await page.evaluate(() => [...document.querySelectorAll('[data-consent-sieve="preferences"] .cs-switch')].slice(0, 2)
          .map((e) => ({ checked: e.checked, left: getComputedStyle(e, "::before").left, mark: getComputedStyle(e, "::after").content })));
        assert.notEqual(knobs[0].left, knobs[1].left, `knob position differs between on and off: ${JSON.stringify(knobs)}`);
      }
      const t2 = await smallTargets(page, [PREFS]);
      assert.ok(t2.count >= 10, `found the dialog's controls and links (${t2.count})`);
      assert.deepEqual(t2.small, [], "dialog targets ≥ 24×24 px");

      // A choice: the re-open button appears (no re-open link on this page) in the theme's colours.
      await page.click(btn("reject-all", PREFS));
      await page.waitForSelector(REOPEN, { state: "visible" });
      assert.ok((await page.getAttribute(REOPEN, "class")).includes(`cs-theme-${theme}`));
      for (const sch of schemes) {
        await scheme(page, sch);
        assertContrast(await contrasts(page, [REOPEN]), `${layout}/${theme}/${sch} re-open button`);
        await page.focus("#page-btn");
        await tabTo(page, REOPEN);
        const f = await focusContrast(page);
        assert.ok(f.width >= 2 && f.ratio >= 3, `${layout}/${theme}/${sch}: re-open focus ring ${f.width}px at ${f.ratio.toFixed(2)}:1`);
      }
      const t3 = await smallTargets(page, [REOPEN]);
      assert.equal(t3.count, 1);
      assert.deepEqual(t3.small, []);
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// Keyboard-only journeys.
const inBanner = (page) => page.evaluate(() => !!document.activeElement?.closest('[data-consent-sieve="banner"]'));
const inDialog = (page) => page.evaluate(() => !!document.activeElement?.closest('[data-consent-sieve="preferences"] .cs-dialog'));

/** In the open dialog: switch analytics on with Space and save with Enter, by keyboard only. */
async function toggleAndSave(page) {
  await page.waitForSelector(PREFS, { state: "visible" });
  assert.ok(await inDialog(page), "focus moved into the dialog");
  await tabTo(page, `${PREFS} [data-purpose="analytics"]`);
  await page.keyboard.press("Space");
  assert.equal(await page.isChecked(`${PREFS} [data-purpose="analytics"]`), true, "Space switched analytics on");
  await tabTo(page, btn("save", PREFS));
  await page.keyboard.press("Enter");
  await page.waitForSelector(PREFS, { state: "hidden" });
  await page.waitForSelector(BANNER, { state: "hidden" });
  const state = await page.evaluate(() => window.consentSieve.state());
  assert.equal(state.decided, true);
  assert.deepEqual(state.purposes, { necessary: true, analytics: true, marketing: false });
}

for (const layout of ["bar", "box"]) {
  env.test(`keyboard only, ${layout} (not blocking): reach the banner, open preferences, toggle, save`, async ({ page }) => {
    await load(page, { ui: { layout } });
    assert.equal(await page.getAttribute(BANNER, "aria-modal"), "false");
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll("[inert]")].map((e) => e.id)), ["own-inert"], "only the page's own inert element is inert");
    await page.keyboard.press("Tab");
    assert.ok(await inBanner(page), "the first Tab stop is in the banner");
    await tabTo(page, btn("preferences"));
    await page.keyboard.press("Enter");
    await toggleAndSave(page);
  });
}

/** Checks the blocking behaviour: focus, trap, Escape, inert page, accessibility tree, clicks. */
async function assertBlocking(page, label) {
  assert.equal(await page.getAttribute(BANNER, "aria-modal"), "true", `${label}: aria-modal`);
  // Focus starts on the banner itself, not on a choice: no button wears the focus ring (Accept all first
  // would be the highlighted option), and no outline is drawn around the banner either.
  await page.waitForFunction(() => document.activeElement?.matches('[data-consent-sieve="banner"]'), null, { timeout: 5000 });
  const first = await page.evaluate(() => {
    const a = document.activeElement;
    return { action: a.dataset.action ?? null, outline: getComputedStyle(a).outlineStyle, ringed: [...a.querySelectorAll("[data-action]")].filter((b) => b.matches(":focus, :focus-visible")).length };
  });
  assert.deepEqual(first, { action: null, outline: "none", ringed: 0 }, `${label}: focus starts on the banner, no choice highlighted`);
  // The first Tab goes to the first control in the banner's own order.
  await page.keyboard.press("Tab");
  assert.ok(await page.evaluate(() => document.activeElement === document.querySelector('[data-consent-sieve="banner"] :is(a[href], button)')), `${label}: Tab then reaches the banner's first control`);
  await page.keyboard.press("Shift+Tab");
  // Tab and Shift+Tab never leave it.
  const stops = await page.$$eval(`${BANNER} :is(a[href], button)`, (els) => els.length);
  for (const key of ["Tab", "Shift+Tab"]) {
    for (let i = 0; i < stops + 2; i++) {
      await page.keyboard.press(key);
      assert.ok(await inBanner(page), `${label}: ${key} #${i + 1} stays in the banner`);
    }
  }
  // Escape does not dismiss it.
  await page.keyboard.press("Escape");
  assert.ok(await page.isVisible(BANNER), `${label}: Escape leaves the banner up`);
  assert.equal((await page.evaluate(() => window.consentSieve.state())).decided, false);
  // Every other child of <body> is inert (scripts aside), and the page does not scroll.
  const notInert = await page.evaluate(() => [...document.body.children]
    .filter((c) => !c.matches('[data-consent-sieve="banner"], [data-consent-sieve="preferences"], script') && !c.inert)
    .map((c) => c.outerHTML.slice(0, 60)));
  assert.deepEqual(notInert, [], `${label}: every other body child is inert`);
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).overflow), "hidden", `${label}: page scroll locked`);
  // A screen reader's virtual cursor finds nothing of the page: Chromium's accessibility tree.
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  const exposed = nodes.filter((n) => !n.ignored && n.role?.value !== "RootWebArea").map((n) => n.name?.value ?? "").filter(Boolean);
  for (const pageText of ["A button of the page", "a link", "Some article text", "gating test"]) {
    assert.ok(!exposed.some((t) => t.includes(pageText)), `${label}: "${pageText}" is out of the accessibility tree`);
  }
  assert.ok(exposed.some((t) => t === "Accept all"), `${label}: the banner is in the accessibility tree`);
  await cdp.detach();
  // Clicking the page does nothing; it cannot take focus either, and the next Tab is in the banner again.
  const clicks = await page.evaluate(() => window.__pageClicks ?? 0);
  const box = await page.locator("#page-btn").boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.evaluate(() => document.getElementById("page-btn").focus());
  assert.equal(await page.evaluate(() => window.__pageClicks ?? 0), clicks, `${label}: a click on the page did nothing`);
  assert.notEqual(await page.evaluate(() => document.activeElement?.id), "page-btn", `${label}: the page cannot take focus`);
  await page.keyboard.press("Tab");
  assert.ok(await inBanner(page), `${label}: Tab after a click on the page goes back into the banner`);
}

/** After a choice: the page is usable again (only what the banner made inert is released). */
async function assertReleased(page, label) {
  await page.waitForSelector(BANNER, { state: "hidden" });
  const inert = await page.evaluate(() => [...document.querySelectorAll("[inert]")].map((e) => e.id || e.tagName));
  assert.deepEqual(inert, ["own-inert"], `${label}: inert gone (the page's own inert element stays)`);
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.documentElement).overflow), "hidden", `${label}: the page scrolls again`);
  const clicks = await page.evaluate(() => window.__pageClicks ?? 0);
  await page.click("#page-btn");
  assert.equal(await page.evaluate(() => window.__pageClicks ?? 0), clicks + 1, `${label}: the page takes clicks again`);
}

for (const [layout, forced] of [["modal", false], ["bar", true], ["box", true]]) {
  const label = `${layout}${forced ? " forced" : ""}`;
  env.test(`keyboard only, ${label} (blocking): focus trapped, no Escape, page inert and hidden from screen readers, then released`, async ({ page }) => {
    await load(page, { ui: { layout, ...(forced ? { forced: true } : {}) } });
    await assertBlocking(page, label);
    // Preferences from the blocking banner: toggle, save, all by keyboard.
    await tabTo(page, btn("preferences"));
    await page.keyboard.press("Enter");
    await page.waitForSelector(PREFS, { state: "visible" });
    // Escape closes the dialog only; focus is back in the still blocking banner.
    await page.keyboard.press("Escape");
    await page.waitForSelector(PREFS, { state: "hidden" });
    assert.ok(await page.isVisible(BANNER));
    assert.ok(await inBanner(page), "focus returned to the banner");
    await page.keyboard.press("Enter");
    await toggleAndSave(page);
    await assertReleased(page, label);
  });
}

env.test("blocking banner after forget(): inert again, released again by Reject all", async ({ page }) => {
  await load(page, { ui: { layout: "modal" } });
  await tabTo(page, btn("accept-all"));
  await page.keyboard.press("Enter");
  await assertReleased(page, "modal, first choice");
  await page.evaluate(() => window.consentSieve.forget());
  await page.waitForSelector(BANNER, { state: "visible" });
  await assertBlocking(page, "modal after forget");
  await tabTo(page, btn("reject-all"));
  await page.keyboard.press("Enter");
  await assertReleased(page, "modal after forget");
});

// ---------------------------------------------------------------------------------------------------
env.test("live region: the banner's polite status region holds its title, visually hidden but rendered", async ({ page }) => {
  await load(page, { ui: { layout: "box" } });
  const r = await page.evaluate(() => {
    const b = document.querySelector('[data-consent-sieve="banner"]');
    const s = b.querySelector('[role="status"]');
    const st = getComputedStyle(s);
    const rect = s.getBoundingClientRect();
    return {
      first: b.firstElementChild === s,
      live: s.getAttribute("aria-live"),
      text: s.textContent.trim(),
      title: b.querySelector(".cs-title").textContent.trim(),
      display: st.display,
      visibility: st.visibility,
      area: rect.width * rect.height,
      clipped: st.clipPath !== "none" || st.clip !== "auto",
    };
  });
  assert.equal(r.live, "polite");
  assert.equal(r.text, r.title, "the status region announces the banner title");
  assert.ok(r.title.length > 0);
  assert.notEqual(r.display, "none", "not display:none (it would not be announced)");
  assert.equal(r.visibility, "visible");
  assert.ok(r.area <= 1 && r.clipped, `visually hidden (${JSON.stringify(r)})`);
});

// ---------------------------------------------------------------------------------------------------
// The re-open control.
env.test("re-open button: shown after a choice when the page has no link, 24×24+, keyboard, stored choices", async ({ page }) => {
  await load(page, { ui: { layout: "bar" } });
  assert.equal(await page.locator(REOPEN).count(), 1, "the floating button exists");
  assert.equal(await page.isVisible(REOPEN), false, "hidden while the banner shows");
  await page.click(btn("preferences"));
  await page.check(`${PREFS} [data-purpose="analytics"]`);
  await page.click(btn("save", PREFS));
  await page.waitForSelector(REOPEN, { state: "visible" });
  const geo = await page.$eval(REOPEN, (el) => {
    const r = el.getBoundingClientRect();
    return { w: r.width, h: r.height, left: r.left, right: r.right, bottom: r.bottom, vw: innerWidth, vh: innerHeight, pos: getComputedStyle(el).position };
  });
  assert.ok(geo.w >= 24 && geo.h >= 24, `target ${geo.w}×${geo.h}`);
  assert.equal(geo.pos, "fixed");
  assert.ok(geo.left >= 0 && geo.left < geo.vw / 2 && geo.bottom <= geo.vh && geo.bottom > geo.vh - 60, `bottom-left corner: ${JSON.stringify(geo)}`);
  assert.ok(geo.w < 300 && geo.h < 60, "small");
  // Keyboard: Tab reaches it; Enter opens the dialog with the stored choices; Escape returns focus.
  await page.focus("#page-btn");
  await tabTo(page, REOPEN);
  await page.keyboard.press("Enter");
  await page.waitForSelector(PREFS, { state: "visible" });
  assert.ok(await inDialog(page), "focus in the dialog");
  assert.equal(await page.isChecked(`${PREFS} [data-purpose="analytics"]`), true, "shows the stored analytics: on");
  assert.equal(await page.isChecked(`${PREFS} [data-purpose="marketing"]`), false, "shows the stored marketing: off");
  await page.keyboard.press("Escape");
  await page.waitForSelector(PREFS, { state: "hidden" });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.consentSieve), "reopen", "focus returned to the re-open button");
});

env.test("re-open button: not added when the page has its own re-open link", async ({ page }) => {
  await load(page, { ui: { layout: "box" }, link: true });
  await page.click(btn("reject-all"));
  await page.waitForSelector(BANNER, { state: "hidden" });
  assert.equal(await page.locator(REOPEN).count(), 0, "no floating button");
  await page.click("[data-consent-sieve-open]");
  await page.waitForSelector(PREFS, { state: "visible" });
});

env.test('re-open button: reopenButton "always" adds it even with a page link', async ({ page }) => {
  await load(page, { ui: { layout: "box", reopenButton: "always" }, link: true });
  await page.click(btn("reject-all"));
  await page.waitForSelector(REOPEN, { state: "visible" });
  await page.click(REOPEN);
  await page.waitForSelector(PREFS, { state: "visible" });
});

env.test("re-open button: there on the next page too, for a returning visitor with a stored choice", async ({ page }) => {
  const path = await load(page, { ui: { layout: "bar" } });
  await page.click(btn("accept-all"));
  await page.waitForSelector(REOPEN, { state: "visible" });
  await open(page, env.url + path);
  assert.equal(await page.isVisible(BANNER), false, "no banner: the choice is stored");
  await page.waitForSelector(REOPEN, { state: "visible", timeout: 3000 }).catch(() => {});
  assert.equal(await page.isVisible(REOPEN), true, "the floating re-open button shows on a page load with a stored choice (a re-open control on every page)");
});

// ---------------------------------------------------------------------------------------------------
// Reflow: 320 px wide, and 400 % zoom of 1280×1024 (a 320×256 CSS px viewport).
for (const layout of LAYOUTS) {
  for (const viewport of [{ width: 320, height: 640 }, { width: 320, height: 256 }]) {
    env.test(`reflow ${layout} at ${viewport.width}×${viewport.height}: nothing cut off, dialog scrolls to Save, 24×24 targets`, async ({ page }) => {
      await load(page, { ui: { layout } });
      const fits = (sel) => page.$eval(sel, (root) => {
        const bad = [];
        for (const el of [root, ...root.querySelectorAll("*")]) {
          if (!el.checkVisibility() || el.closest(".cs-sr-only")) continue;
          const r = el.getBoundingClientRect();
          if (r.left < -0.5 || r.right > innerWidth + 0.5) bad.push(`${el.className || el.tagName} ${r.left}..${r.right}`);
          if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible") bad.push(`${el.className || el.tagName} scrolls sideways`);
        }
        return bad;
      });
      assert.deepEqual(await fits(BANNER), [], "banner within the width");
      assert.deepEqual((await smallTargets(page, [BANNER])).small, []);
      // Every banner button can be brought into view (the banner scrolls if it must).
      for (const a of ["accept-all", "reject-all", "preferences"]) {
        await page.$eval(btn(a), (el) => el.scrollIntoView({ block: "nearest" }));
        const r = await page.$eval(btn(a), (el) => { const b = el.getBoundingClientRect(); return b.top >= -0.5 && b.bottom <= innerHeight + 0.5; });
        assert.ok(r, `${a} reachable on screen`);
      }
      await page.click(btn("preferences"));
      await page.waitForSelector(PREFS, { state: "visible" });
      assert.deepEqual(await fits(`${PREFS} .cs-dialog`), [], "dialog within the width");
      assert.deepEqual((await smallTargets(page, [PREFS])).small, []);
      const save = await page.$eval(btn("save", PREFS), (el) => {
        el.scrollIntoView({ block: "nearest" });
        const d = el.closest(".cs-dialog").getBoundingClientRect();
        const b = el.getBoundingClientRect();
        return { inDialog: b.top >= d.top - 0.5 && b.bottom <= d.bottom + 0.5, onScreen: b.top >= 0 && b.bottom <= innerHeight + 0.5 };
      });
      assert.deepEqual(save, { inDialog: true, onScreen: true }, "Save is reachable by scrolling the dialog");
      await page.click(btn("save", PREFS));
      await page.waitForSelector(BANNER, { state: "hidden" });
    }, { context: { viewport, deviceScaleFactor: 1 } });
  }
}

// ---------------------------------------------------------------------------------------------------
env.test("prefers-reduced-motion: reduce turns every transition off", async ({ page }) => {
  await load(page, { ui: { layout: "box" } });
  await page.click(btn("preferences"));
  await page.waitForSelector(PREFS, { state: "visible" });
  const durations = () => page.evaluate(() => {
    const out = {};
    const sel = ['[data-consent-sieve="banner"]', '[data-consent-sieve="banner"] .cs-btn', '[data-consent-sieve="preferences"]', ".cs-dialog", ".cs-dialog .cs-btn", ".cs-switch", ".cs-close", ".cs-reopen"];
    for (const s of sel) {
      const el = document.querySelector(s);
      out[s] = getComputedStyle(el).transitionDuration.split(",").map((d) => d.trim());
      if (s === ".cs-switch") out[`${s}::before`] = getComputedStyle(el, "::before").transitionDuration.split(",").map((d) => d.trim());
    }
    return out;
  });
  await page.emulateMedia({ reducedMotion: "no-preference" });
  const normal = await durations();
  assert.ok(Object.values(normal).flat().some((d) => d !== "0s"), "there are transitions to turn off (the test can fail)");
  await page.emulateMedia({ reducedMotion: "reduce" });
  const reduced = await durations();
  for (const [s, d] of Object.entries(reduced)) assert.ok(d.every((x) => x === "0s"), `${s}: transition-duration ${d} under reduced motion`);
});

// ---------------------------------------------------------------------------------------------------
// Languages: German, Japanese, and right to left (Arabic, Hebrew), from the config's `language`.
const LANGS = [
  { code: "de", layout: "bar", theme: "light", rtl: false, accept: "Alle akzeptieren" },
  { code: "ja", layout: "box", theme: "auto", rtl: false },
  { code: "ar", layout: "box", theme: "dark", rtl: true },
  { code: "he", layout: "modal", theme: "light", rtl: true },
];
for (const l of LANGS) {
  const file = join(REPO, "js", "dist", "lang", `${l.code}.json`);
  const skip = existsSync(file) ? false : `js/dist/lang/${l.code}.json does not exist yet (translation in progress; run scripts/build once it is there)`;
  env.test(`language ${l.code} (${l.layout}, ${l.theme}${l.rtl ? ", rtl" : ""}): lang/dir, axe-clean banner and dialog, contrast, mirrored`, async ({ page }) => {
    await load(page, { ui: { layout: l.layout, theme: l.theme, reopenButton: "always" }, language: l.code });
    const roots = await page.evaluate(() => ['[data-consent-sieve="banner"]', '[data-consent-sieve="preferences"]', '[data-consent-sieve="reopen"]', '[data-consent-sieve="placeholder"]']
      .map((s) => { const e = document.querySelector(s); return { s, lang: e.getAttribute("lang"), dir: e.getAttribute("dir"), direction: getComputedStyle(e).direction }; }));
    for (const r of roots) {
      assert.equal(r.lang, l.code, `${r.s} lang (is js/index.js loading lang/${l.code}.json?)`);
      assert.equal(r.dir, l.rtl ? "rtl" : "ltr", `${r.s} dir`);
      assert.equal(r.direction, l.rtl ? "rtl" : "ltr", `${r.s} computed direction`);
    }
    if (l.accept) assert.equal((await page.textContent(btn("accept-all"))).trim(), l.accept);
    assert.notEqual((await page.textContent(btn("accept-all"))).trim(), "Accept all", "translated");
    assert.deepEqual(await axe(page, BANNER), [], "axe violations in the banner");
    assertContrast(await contrasts(page, [BANNER, PLACEHOLDER]), `${l.code} banner`, 6);
    assert.deepEqual(await look(page, btn("reject-all")), await look(page, btn("accept-all")), "Reject all looks exactly like Accept all");
    if (l.layout === "box") {
      const r = await page.$eval(BANNER, (b) => { const x = b.getBoundingClientRect(); return { left: x.left, right: x.right, vw: innerWidth }; });
      if (l.rtl) assert.ok(r.left < 40 && r.right < r.vw / 2, `rtl box in the bottom-left corner: ${JSON.stringify(r)}`);
      else assert.ok(r.right > r.vw - 40 && r.left > r.vw / 2, `box in the bottom-right corner: ${JSON.stringify(r)}`);
    }
    await page.click(btn("preferences"));
    await page.waitForSelector(PREFS, { state: "visible" });
    assert.deepEqual(await axe(page, PREFS), [], "axe violations in the dialog");
    assertContrast(await contrasts(page, [`${PREFS} .cs-dialog`]), `${l.code} dialog`, 12);
    if (l.rtl) {
      // The close button sits at the inline end: the left in rtl.
      const x = await page.$eval(`${PREFS} .cs-close`, (c) => { const d = c.closest(".cs-dialog").getBoundingClientRect(); const r = c.getBoundingClientRect(); return r.left - d.left < d.right - r.right; });
      assert.ok(x, "close button on the left in rtl");
    }
    await page.click(btn("reject-all", PREFS));
    await page.waitForSelector(REOPEN, { state: "visible" });
    const re = await page.$eval(REOPEN, (b) => { const x = b.getBoundingClientRect(); return { left: x.left, right: x.right, vw: innerWidth }; });
    if (l.rtl) assert.ok(re.right > re.vw - 40, `rtl re-open button bottom-right: ${JSON.stringify(re)}`);
    else assert.ok(re.left < 40, `re-open button bottom-left: ${JSON.stringify(re)}`);
  }, { skip });
}

// ---------------------------------------------------------------------------------------------------
env.test("demo look switcher: ?layout=modal&theme=dark&lang=he&reopen=always reaches the config before the SDK reads it", async ({ page }) => {
  await open(page, `${env.url}/?layout=modal&theme=dark&lang=he&reopen=always&fresh=1`);
  await page.waitForSelector(BANNER, { state: "visible" });
  const cls = (await page.getAttribute(BANNER, "class")).split(" ");
  assert.ok(cls.includes("cs-layout-modal") && cls.includes("cs-theme-dark"), `banner classes ${cls}`);
  assert.equal(await page.getAttribute(BANNER, "aria-modal"), "true");
  assert.equal(await page.getAttribute(BANNER, "dir"), "rtl");
  assert.equal(await page.locator(REOPEN).count(), 1, "reopenButton always");
  assert.equal(await page.inputValue("#look select[name=layout]"), "modal", "the switcher shows the current layout");
  assert.equal(new URL(page.url()).searchParams.has("fresh"), false, "fresh is dropped from the address after use");
});
