// The language the banner will show, chosen before the wasm exists (the facade must fetch that
// language's texts first). The twin of core::policy::texts::resolve: both are checked against
// tests/fixtures/languages.json (tests/languages_fixture.rs, tests/e2e/early-twins.test.mjs).

/** The primary language subtag, lowercase (core::lang::primary). @param {string} tag */
export const primary = (tag) => tag.split("-")[0].toLowerCase();

/**
 * The config's `language` unless it is "auto" (or absent), else the first of the browser's tags that
 * is English, bundled or one of the site's own `texts`; English when none is.
 * @param {unknown} language the config's `language`
 * @param {string[]} own the site's `texts` keys
 * @param {unknown[]} browser navigator.languages, then <html lang>
 * @param {string[]} bundled primary codes shipped as lang/<code>.js
 * @returns {{ code: string, own: string | undefined }} the primary code shown, and the site's key for it
 */
export function chooseLanguage(language, own, browser, bundled) {
  const forced = typeof language === "string" && language !== "auto";
  for (const tag of forced ? [language] : browser) {
    if (typeof tag !== "string" || !/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(tag)) continue;
    const code = primary(tag);
    const key = own.find((k) => primary(k) === code);
    if (code === "en" || key || bundled.includes(code)) return { code, own: key };
  }
  return { code: "en", own: undefined };
}
