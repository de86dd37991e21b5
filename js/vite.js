// Vite plugin (runs in Node, at build and in the dev server): puts the early layer first in <head>
// of index.html, inline, with the config beside it, so it runs before any other tag, as the
// no-bundler page's `<script src="early.js">` does.
//   import consentSieve from "consent-sieve/vite";
//   export default { plugins: [consentSieve({ config: "./consent-sieve.json" })] };
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/**
 * @param {{ config?: string | Record<string, unknown> }} [options] `config`: the config object, or the path
 *   of its JSON file (relative to Vite's root); it is written into the page as
 *   `<script type="application/json" id="consent-sieve-config">`, where the early layer reads the vendor
 *   hosts and the Consent Mode default, and where `init()` without an argument reads it.
 * @returns {{ name: string, configResolved(c: { root: string }): void, transformIndexHtml: { order: "pre", handler(): { tag: string, attrs?: Record<string, string>, children: string, injectTo: "head-prepend" }[] } }}
 */
export default function consentSieve(options = {}) {
  let root = process.cwd();
  return {
    name: "consent-sieve",
    configResolved(c) {
      root = c.root;
    },
    transformIndexHtml: {
      order: "pre",
      handler() {
        const early = readFileSync(new URL("./early.js", import.meta.url), "utf8");
        const tags = [];
        const { config } = options;
        if (config !== undefined) {
          const value = typeof config === "string" ? JSON.parse(readFileSync(resolve(root, config), "utf8")) : config;
          // "<" escaped: the JSON cannot close the script element.
          tags.push({ tag: "script", attrs: { type: "application/json", id: "consent-sieve-config" }, children: JSON.stringify(value).replace(/</g, "\\u003c"), injectTo: /** @type {const} */ ("head-prepend") });
        }
        tags.push({ tag: "script", attrs: { "data-consent-sieve-early": "" }, children: early, injectTo: /** @type {const} */ ("head-prepend") });
        return tags;
      },
    },
  };
}
