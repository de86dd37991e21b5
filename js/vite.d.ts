import type { ConsentConfig } from "./index.js";

export interface ConsentSieveViteOptions {
  /** The config, or the path of its JSON file relative to Vite's root: written into index.html as `#consent-sieve-config`. */
  readonly config?: string | ConsentConfig;
}

/** Vite plugin: the early layer (and the config) first in `<head>` of index.html, in `vite build` and `vite` dev. */
export default function consentSieve(options?: ConsentSieveViteOptions): {
  name: string;
  configResolved(config: { root: string }): void;
  transformIndexHtml: { order: "pre"; handler(): { tag: string; attrs?: Record<string, string>; children: string; injectTo: "head-prepend" }[] };
};
