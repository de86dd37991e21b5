// Loads the WebAssembly core exactly once. Only this file knows about the generated glue in ./pkg/.
//
// Every asset URL here is a literal `new URL("./…", import.meta.url)`: Vite, webpack 5, Parcel and
// Next.js see it, emit the file and rewrite the URL; without a bundler it resolves next to this file.

/** @type {Promise<import("./pkg-types.js").Glue> | undefined} */
let loading;

/**
 * The URL of a core's `.wasm`. Under the Vite dev server the package may be pre-bundled into
 * `node_modules/.vite/deps/`, where the file is not: the original lies in the package folder.
 * @param {URL} url
 */
function located(url) {
  const deps = "/node_modules/.vite/deps/";
  const i = url.pathname.indexOf(deps);
  if (i < 0) return url;
  const fixed = new URL(url.href);
  fixed.pathname = url.pathname.slice(0, i) + "/node_modules/consent-sieve/dist/" + url.pathname.slice(i + deps.length).replace(/^.*?(pkg\/)/, "$1");
  fixed.search = "";
  return fixed;
}

/**
 * Which of the four page cores a config needs, by its file name under pkg/: `consent_sieve_minimize`
 * (with the data-minimization engine) when any vendor has a `minimize` policy, `consent_sieve_iab` (with
 * the IAB TCF and GPP code) when the config has `tcf` or `gpp`, `consent_sieve_full` (both) when it has
 * both, else `consent_sieve` (consent only). The one rule for this choice; early.js (which preloads the
 * chosen core before any module runs) and the Vite plugin use it too (early.js by a twin), all checked
 * against tests/fixtures/core-choice.json.
 * @param {unknown} config @returns {Core}
 */
export const coreFor = (config) => {
  if (config === null || typeof config !== "object") return "consent_sieve";
  const vendors = /** @type {{ vendors?: unknown }} */ (config).vendors;
  const m = Array.isArray(vendors) && vendors.some((v) => v !== null && typeof v === "object" && !Array.isArray(v) && v.minimize != null);
  const i = needsIab(config);
  return m ? (i ? "consent_sieve_full" : "consent_sieve_minimize") : i ? "consent_sieve_iab" : "consent_sieve";
};

/** @typedef {"consent_sieve" | "consent_sieve_minimize" | "consent_sieve_iab" | "consent_sieve_full"} Core */

/** Whether a config (an object) asks for the IAB APIs: `tcf` or `gpp` (iab.js). @param {any} config */
export const needsIab = (config) => config.tcf != null || config.gpp != null;

/**
 * Loads and instantiates the wasm core; every call returns the same promise. Four builds exist (see
 * `coreFor`); only the chosen one is fetched.
 * @param {string | URL} [wasmUrl] where to fetch the chosen build's `_bg.wasm` from (default: next to this file).
 * @param {Core} [core] the build (`coreFor(config)`).
 * @returns {Promise<import("./pkg-types.js").Glue>}
 */
export function loadWasm(wasmUrl, core = "consent_sieve") {
  if (!loading) {
    loading = (async () => {
      // Every glue and wasm by a literal, so bundlers emit each (only the chosen one is fetched); the
      // cast keeps tsc from type-checking the generated glue, which is typed by pkg-types.d.ts instead.
      /** @type {[Promise<import("./pkg-types.js").Glue>, URL]} */
      const [glue, url] = /** @type {any} */ ({
        consent_sieve: () => [import(/** @type {string} */ ("./pkg/consent_sieve.js")), new URL("./pkg/consent_sieve_bg.wasm", import.meta.url)],
        consent_sieve_minimize: () => [import(/** @type {string} */ ("./pkg/consent_sieve_minimize.js")), new URL("./pkg/consent_sieve_minimize_bg.wasm", import.meta.url)],
        consent_sieve_iab: () => [import(/** @type {string} */ ("./pkg/consent_sieve_iab.js")), new URL("./pkg/consent_sieve_iab_bg.wasm", import.meta.url)],
        consent_sieve_full: () => [import(/** @type {string} */ ("./pkg/consent_sieve_full.js")), new URL("./pkg/consent_sieve_full_bg.wasm", import.meta.url)],
      })[core]();
      const g = await glue;
      await g.default({ module_or_path: wasmUrl ?? located(url) });
      return g;
    })();
  }
  return loading;
}
