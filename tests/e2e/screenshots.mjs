// Screenshots of the demo for a human look before a release: npm run shots  (or node screenshots.mjs [outDir]);
// default outDir tests/e2e/artifacts/shots/ (git-ignored). Every layout × theme (light, dark) at desktop
// 1280×800 and phone 320×640, banner open and dialog open; plus Arabic (rtl) and Japanese, the German
// banner, and the floating re-open button after a choice. The demo's look switcher (?layout=…&theme=…&lang=…)
// sets the config. Names: <layout>-<theme>-<desktop|320>[-<lang>]-<banner|dialog>.png
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../examples/server.mjs";
import { CHROMIUM, CHROMIUM_ARGS, BANNER, PREFS } from "./helpers.mjs";

const out = process.argv[2] || fileURLToPath(new URL("./artifacts/shots/", import.meta.url));
mkdirSync(out, { recursive: true });
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, 320: { width: 320, height: 640 } };
const shots = [];
for (const layout of ["bar", "box", "modal"]) {
  for (const theme of ["light", "dark"]) {
    for (const size of ["desktop", "320"]) shots.push({ layout, theme, size, lang: "en" });
  }
}
shots.push(
  { layout: "bar", theme: "light", size: "desktop", lang: "ar" },
  { layout: "box", theme: "dark", size: "desktop", lang: "ar" },
  { layout: "modal", theme: "light", size: "320", lang: "he" },
  { layout: "bar", theme: "light", size: "desktop", lang: "ja" },
  { layout: "box", theme: "light", size: "320", lang: "ja" },
  { layout: "modal", theme: "dark", size: "desktop", lang: "de" },
);

const server = await startServer({ port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
let failed = 0;
try {
  for (const s of shots) {
    const name = `${s.layout}-${s.theme}-${s.size}${s.lang === "en" ? "" : "-" + s.lang}`;
    const context = await browser.newContext({ viewport: VIEWPORTS[s.size], locale: "en-US", deviceScaleFactor: 1, colorScheme: "light" });
    const page = await context.newPage();
    page.on("console", (m) => m.type() === "error" && console.log(`[${name}] console.error: ${m.text()}`));
    page.on("pageerror", (e) => console.log(`[${name}] pageerror: ${e}`));
    try {
      await page.goto(`${server.url}/?layout=${s.layout}&theme=${s.theme}&lang=${s.lang}`);
      await page.waitForSelector(BANNER, { state: "visible", timeout: 10000 });
      await page.screenshot({ path: `${out}/${name}-banner.png` });
      await page.click(`${BANNER} [data-action="preferences"]`);
      await page.waitForSelector(PREFS, { state: "visible" });
      await page.keyboard.press("Tab"); // shows the focus ring on the first control
      await page.screenshot({ path: `${out}/${name}-dialog.png` });
    } catch (e) {
      failed++;
      console.log(`[${name}] ${e.message.split("\n")[0]}`);
    }
    await context.close();
  }
  // The floating re-open button after a choice, light and dark, ltr and rtl.
  for (const [theme, lang] of [["light", "en"], ["dark", "ar"]]) {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${server.url}/?layout=box&theme=${theme}&lang=${lang}&reopen=always`);
    await page.click(`${BANNER} [data-action="reject-all"]`);
    await page.waitForSelector('[data-consent-sieve="reopen"]', { state: "visible" });
    // Keyboard focus, so the focus ring shows; then back to the top of the page.
    for (let i = 0; i < 80 && !(await page.evaluate(() => document.activeElement?.matches('[data-consent-sieve="reopen"]'))); i++) {
      await page.keyboard.press("Tab");
    }
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${out}/reopen-${theme}-desktop${lang === "en" ? "" : "-" + lang}.png` });
    await context.close();
  }
  console.log(`${shots.length * 2 + 2 - failed} screenshots in ${out}${failed ? ` (${failed} failed)` : ""}`);
} finally {
  await browser.close();
  await server.close();
}
process.exitCode = failed ? 1 : 0;
