import { defineConfig } from "vite";
import consentSieve from "consent-sieve/vite";

// The plugin puts the config and the early layer first in <head> of index.html (build and dev server),
// so vendor tags and requests are held before any other script runs.
export default defineConfig({
  plugins: [consentSieve({ config: "./consent-sieve.json" })],
});
