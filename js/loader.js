// Loads the WebAssembly core exactly once. Only this file knows about the generated glue in ./pkg/.

/** @type {Promise<import("./pkg-types.js").Glue> | undefined} */
let loading;

/**
 * Loads and instantiates the wasm core; every call returns the same promise.
 * @param {string | URL} [wasmUrl] where to fetch `consent_sieve_bg.wasm` from (default: next to this file).
 * @returns {Promise<import("./pkg-types.js").Glue>}
 */
export function loadWasm(wasmUrl) {
  if (!loading) {
    loading = (async () => {
      // The parenthesised literal stays a static import for bundlers; the cast keeps tsc from type-checking
      // the generated glue, which is typed by pkg-types.d.ts instead.
      /** @type {import("./pkg-types.js").Glue} */
      const glue = await import(/** @type {string} */ ("./pkg/consent_sieve.js"));
      await glue.default({ module_or_path: wasmUrl ?? new URL("./pkg/consent_sieve_bg.wasm", import.meta.url) });
      return glue;
    })();
  }
  return loading;
}
