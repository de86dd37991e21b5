// Vite plugin (runs in Node, at build and in the dev server): puts the early layer first in <head>
// of index.html, inline, with the config beside it, so it runs before any other tag, as the
// no-bundler page's `<script src="early.js">` does; and, in `vite build`, preloads the chosen core (its
// glue and its .wasm, by their hashed names) from <head>, so the wasm is fetched while the app's bundle
// loads, not after it ran.
//   import consentSieve from "consent-sieve/vite";
//   export default { plugins: [consentSieve({ config: "./consent-sieve.json" })] };
import { readFileSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { coreFor } from "./loader.js";

/** The stylesheet's link, marked so that early.js paints the first layer at once and the facade adds no other. @param {string} href */
const cssLink = (href) => ({ tag: "link", attrs: { rel: "stylesheet", href, "data-consent-sieve-css": true }, injectTo: /** @type {const} */ ("head") });

/** The config asks for the default stylesheet (not `false`, not a URL of its own). @param {unknown} v */
const defaultCss = (v) => v !== null && typeof v === "object" && [undefined, true].includes(/** @type {any} */ (v).stylesheet);

/**
 * @param {{ config?: string | Record<string, unknown> }} [options] `config`: the config object, or the path
 *   of its JSON file (relative to Vite's root); it is written into the page as
 *   `<script type="application/json" id="consent-sieve-config">`, where the early layer reads the vendor
 *   hosts and the Consent Mode default, and where `init()` without an argument reads it.
 * @returns {any[]} two Vite plugins (Vite flattens the array in `plugins`)
 */
export default function consentSieve(options = {}) {
  let root = process.cwd();
  let base = "/";
  let serve = false;
  /** @type {unknown} the config's value, once read */
  let value;
  const read = () => {
    const { config } = options;
    if (value === undefined && config !== undefined) value = typeof config === "string" ? JSON.parse(readFileSync(resolve(root, config), "utf8")) : config;
    return value;
  };
  return [{
    name: "consent-sieve",
    // The dev server's dependency pre-bundling rewrites the wasm-bindgen glue of a core, which then fails
    // to instantiate (seen with the engine's core beside posthog-js: "table index is out of bounds"); the
    // package is plain ES modules with no dependencies, so the dev server serves it as it ships.
    config: () => ({ optimizeDeps: { exclude: ["consent-sieve"] } }),
    /** @param {{ root: string, base: string }} c */
    configResolved(c) {
      root = c.root;
      base = c.base || "/";
      serve = c.command === "serve";
    },
    transformIndexHtml: {
      order: "pre",
      handler() {
        const early = readFileSync(new URL("./early.js", import.meta.url), "utf8");
        const tags = [];
        value = undefined; // read again on every page (the dev server picks up edits)
        if (options.config !== undefined) {
          const value = read();
          // "<" escaped: the JSON cannot close the script element.
          tags.push({ tag: "script", attrs: { type: "application/json", id: "consent-sieve-config" }, children: JSON.stringify(value).replace(/</g, "\\u003c"), injectTo: /** @type {const} */ ("head-prepend") });
        }
        tags.push({ tag: "script", attrs: { "data-consent-sieve-early": "" }, children: early, injectTo: /** @type {const} */ ("head-prepend") });
        // The dev server serves the package as it ships (optimizeDeps.exclude), the stylesheet where the
        // facade's new URL("./consent-sieve.css", import.meta.url) points: under the root, or /@fs/.
        if (serve && defaultCss(read())) {
          const css = fileURLToPath(new URL("./consent-sieve.css", import.meta.url));
          const rel = relative(root, css);
          const path = !rel.startsWith("..") && !isAbsolute(rel) ? rel.split(sep).join("/") : "@fs/" + css.split(sep).join("/").replace(/^\//, "");
          tags.push(cssLink((base.endsWith("/") ? base : base + "/") + path));
        }
        return tags;
      },
    },
  }, {
    name: "consent-sieve:preload",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      /** @param {string} _html @param {{ bundle?: Record<string, { fileName: string, name?: string, names?: string[], facadeModuleId?: string | null, type: string }> }} ctx */
      handler(_html, ctx) {
        const core = coreFor(read());
        const files = Object.values(ctx.bundle ?? {});
        const wasm = files.find((f) => f.type === "asset" && new RegExp(`(^|/)${core}_bg-[^/]*\\.wasm$`).test(f.fileName));
        const glue = files.find((f) => f.type === "chunk" && (f.facadeModuleId ?? "").replace(/\\/g, "/").endsWith(`/pkg/${core}.js`));
        const href = (/** @type {{ fileName: string }} */ f) => (base.endsWith("/") ? base : base + "/") + f.fileName;
        const tags = [];
        // What the loader's fetch() asks for (CORS mode), so the browser reuses the response.
        if (wasm) tags.push({ tag: "link", attrs: { rel: "preload", as: "fetch", crossorigin: "anonymous", href: href(wasm) }, injectTo: /** @type {const} */ ("head") });
        if (glue) tags.push({ tag: "link", attrs: { rel: "modulepreload", crossorigin: "", href: href(glue) }, injectTo: /** @type {const} */ ("head") });
        // The stylesheet the facade would add, by its hashed name, in <head> (render-blocking): early.js
        // can then paint the first layer as soon as <body> exists instead of after the app's bundle ran.
        const css = defaultCss(read()) && files.find((f) => f.type === "asset" && /(^|\/)consent-sieve-[^/]*\.css$/.test(f.fileName));
        if (css) tags.push(cssLink(href(css)));
        return tags;
      },
    },
  }];
}
