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
 * Which core a config needs: the full one (the data-minimization engine and the IAB TCF and GPP
 * codecs) when any vendor has a `minimize` policy, or the config has `tcf` or `gpp`. The one rule for
 * this choice; early.js (which preloads the chosen core before any module runs) has its twin, and both
 * are checked against tests/fixtures/core-choice.json.
 * @param {unknown} config @returns {boolean}
 */
export const needsFullCore = (config) => {
  if (config === null || typeof config !== "object") return false;
  const vendors = /** @type {{ vendors?: unknown }} */ (config).vendors;
  return needsIab(config) || (Array.isArray(vendors) && vendors.some((v) => v !== null && typeof v === "object" && !Array.isArray(v) && v.minimize != null));
};

/** Whether a config (an object) asks for the IAB APIs: `tcf` or `gpp` (iab.js). @param {any} config */
export const needsIab = (config) => config.tcf != null || config.gpp != null;

/**
 * Loads and instantiates the wasm core; every call returns the same promise. Two builds exist: the
 * consent core, and the full core (the same with the data-minimization engine and the TCF and GPP
 * codecs), fetched only when `needsFullCore` says so.
 * @param {string | URL} [wasmUrl] where to fetch the chosen build's `_bg.wasm` from (default: next to this file).
 * @param {boolean} [minimize] load the full build (consent_sieve_minimize*).
 * @returns {Promise<import("./pkg-types.js").Glue>}
 */
export function loadWasm(wasmUrl, minimize = false) {
  if (!loading) {
    loading = (async () => {
      // The parenthesised literals stay static imports for bundlers; the cast keeps tsc from type-checking
      // the generated glue, which is typed by pkg-types.d.ts instead.
      /** @type {import("./pkg-types.js").Glue} */
      const glue = await (minimize
        ? import(/** @type {string} */ ("./pkg/consent_sieve_minimize.js"))
        : import(/** @type {string} */ ("./pkg/consent_sieve.js")));
      const url = wasmUrl ?? located(minimize
        ? new URL("./pkg/consent_sieve_minimize_bg.wasm", import.meta.url)
        : new URL("./pkg/consent_sieve_bg.wasm", import.meta.url));
      await glue.default({ module_or_path: url });
      return glue;
    })();
  }
  return loading;
}
