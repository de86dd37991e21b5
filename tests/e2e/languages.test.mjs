// Languages: the facade fetches only the bundled texts of the language the visitor gets
// (navigator.languages, then <html lang>; or the config's `language`), right-to-left scripts are laid
// out right to left, the site's own texts win key by key, and anything unavailable falls back to English.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BANNER, REPO, btn, ready, useBrowser } from "./helpers.mjs";
import { baseConfig, html } from "./pages.mjs";

const env = useBrowser();
const LANG_DIR = join(REPO, "js", "lang");
const bundled = (code) => JSON.parse(readFileSync(join(LANG_DIR, `${code}.json`), "utf8"));
const langRequests = () => env.requests().filter((r) => r.path.includes("/lang/")).map((r) => r.path.replace(/^.*\/lang\//, ""));
const text = (page, sel) => page.$eval(sel, (e) => e.textContent);

async function show(page, config, path = "/lang.html") {
  env.page(path, html({ config }));
  await page.goto(env.url + path);
  await ready(page);
  await page.waitForSelector(BANNER, { state: "visible" });
}

{
  const codes = readdirSync(LANG_DIR).filter((f) => f.endsWith(".json")).map((f) => f.replace(".json", ""));
  env.test("twelve or more languages are bundled besides English, each complete", async () => {
    for (const need of ["de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "cs", "ja", "ar", "he"]) {
      assert.ok(codes.includes(need), `lang/${need}.json is bundled`);
    }
    const keys = Object.keys(bundled("de")).sort();
    for (const c of codes) assert.deepEqual(Object.keys(bundled(c)).sort(), keys, `${c}.json has every key`);
  });
}

for (const [locale, code] of [["ja-JP", "ja"], ["es-ES", "es"], ["pl-PL", "pl"]]) {
  env.test(`a ${locale} browser gets ${code} texts and downloads only lang/${code}.js`, async ({ page }) => {
    await show(page, baseConfig());
    const want = bundled(code);
    assert.equal(await text(page, btn("accept-all")), want.acceptAll);
    assert.equal(await text(page, btn("reject-all")), want.rejectAll);
    assert.equal(await page.$eval(BANNER, (b) => b.lang), code);
    assert.deepEqual(langRequests(), [`${code}.js`], "one language module, the one shown");
  }, { context: { locale } });
}

for (const [locale, code] of [["ar-EG", "ar"], ["he-IL", "he"]]) {
  env.test(`${code}: right-to-left banner and dialog`, async ({ page }) => {
    await show(page, baseConfig());
    assert.equal(await page.$eval(BANNER, (b) => b.dir), "rtl");
    assert.equal(await page.$eval(BANNER, (b) => getComputedStyle(b).direction), "rtl");
    await page.click(btn("preferences"));
    assert.equal(await page.$eval('[data-consent-sieve="preferences"]', (d) => getComputedStyle(d).direction), "rtl");
    assert.equal(await text(page, btn("save", '[data-consent-sieve="preferences"]')), bundled(code).save);
  }, { context: { locale } });
}

env.test("an English browser downloads no language file", async ({ page }) => {
  await show(page, baseConfig());
  assert.equal(await text(page, btn("accept-all")), "Accept all");
  assert.deepEqual(langRequests(), []);
}, { context: { locale: "en-GB" } });

env.test("a language that is not bundled falls back to the next one, then English", async ({ page }) => {
  await show(page, baseConfig());
  assert.equal(await page.$eval(BANNER, (b) => b.lang), "en", "ko is not bundled and <html lang> is en");
  assert.deepEqual(langRequests(), []);
}, { context: { locale: "ko-KR" } });

env.test("the config's language wins over the browser, and the site's own keys win over the bundle", async ({ page }) => {
  const config = { ...baseConfig(), language: "it", texts: { it: { acceptAll: "Va bene, accetto" } } };
  await show(page, config);
  assert.equal(await text(page, btn("accept-all")), "Va bene, accetto", "the site's key");
  assert.equal(await text(page, btn("reject-all")), bundled("it").rejectAll, "the rest from lang/it.json");
  assert.deepEqual(langRequests(), ["it.js"]);
}, { context: { locale: "de-DE" } });

env.test("a blocked language file leaves the banner in English, working", async ({ page }) => {
  await page.route("**/lang/*.js", (r) => r.abort());
  await show(page, baseConfig());
  assert.equal(await text(page, btn("accept-all")), "Accept all");
  await page.click(btn("accept-all"));
  assert.equal(await page.evaluate(() => window.consentSieve.state().decided), true);
}, { context: { locale: "fr-FR" }, allowErrors: true });
