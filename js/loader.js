// Loads the WebAssembly core exactly once. Only this file knows about the generated glue in ./pkg/.

/** @type {Promise<import("./pkg-types.js").Glue> | undefined} */
let loading;

/**
 * Loads and instantiates the wasm core; every call returns the same promise. Two builds exist: the
 * consent core, and the same core with the data-minimization engine (about 23 KB more, brotli'd),
 * fetched only when the config has a `minimize` policy.
 * @param {string | URL} [wasmUrl] where to fetch the chosen build's `_bg.wasm` from (default: next to this file).
 * @param {boolean} [minimize] load the build with the minimization engine.
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
      const file = minimize ? "./pkg/consent_sieve_minimize_bg.wasm" : "./pkg/consent_sieve_bg.wasm";
      await glue.default({ module_or_path: wasmUrl ?? new URL(file, import.meta.url) });
      return glue;
    })();
  }
  return loading;
}
