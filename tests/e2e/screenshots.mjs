// Screenshots of the demo for a human look: node screenshots.mjs [outDir]  (default /tmp/shots)
// Desktop 1280×800 and phone 320×640, banner open and dialog open.
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { startServer } from "../../examples/server.mjs";
import { CHROMIUM, CHROMIUM_ARGS, BANNER, PREFS } from "./helpers.mjs";

const out = process.argv[2] || "/tmp/shots";
mkdirSync(out, { recursive: true });
const server = await startServer({ port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  for (const [name, viewport] of [["desktop", { width: 1280, height: 800 }], ["phone", { width: 320, height: 640 }]]) {
    for (const locale of ["en-US", ...(name === "desktop" ? ["de-DE"] : [])]) {
      const context = await browser.newContext({ viewport, locale, deviceScaleFactor: 1 });
      const page = await context.newPage();
      page.on("console", (m) => m.type() === "error" && console.log(`[${name}] console.error: ${m.text()}`));
      page.on("pageerror", (e) => console.log(`[${name}] pageerror: ${e}`));
      await page.goto(`${server.url}${process.env.SHOT_PATH || "/"}`);
      await page.waitForSelector(BANNER, { state: "visible", timeout: 10000 });
      const tag = `${name}${locale === "en-US" ? "" : "-" + locale}`;
      await page.screenshot({ path: `${out}/${tag}-banner.png` });
      await page.click(`${BANNER} [data-action="preferences"]`);
      await page.waitForSelector(PREFS, { state: "visible" });
      await page.keyboard.press("Tab");
      await page.screenshot({ path: `${out}/${tag}-dialog.png` });
      await page.keyboard.press("Escape");
      await page.click(`${BANNER} [data-action="accept-all"]`);
      await page.waitForTimeout(1500);
      await page.screenshot({ path: `${out}/${tag}-accepted.png`, fullPage: name === "desktop" });
      await context.close();
    }
  }
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  await server.close();
}
