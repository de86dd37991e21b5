/** consent-sieve needs no configuration: its .wasm and language chunks are literal new URL()/import() references. */
export default {};
