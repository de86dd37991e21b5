import type { ConsentConfig } from "./index.js";

export interface ConsentSieveViteOptions {
  /** The config, or the path of its JSON file relative to Vite's root: written into index.html as `#consent-sieve-config`. */
  readonly config?: string | ConsentConfig;
}

/** A Vite plugin object (structurally; the package does not depend on Vite's types). */
export interface ConsentSieveVitePlugin {
  name: string;
  apply?: "build";
  configResolved?(config: { root: string; base: string }): void;
  transformIndexHtml: {
    order: "pre" | "post";
    handler(html: string, ctx: { bundle?: Record<string, unknown> }): { tag: string; attrs?: Record<string, string>; children?: string; injectTo: "head" | "head-prepend" }[];
  };
}

/**
 * Vite plugin: the early layer (and the config) first in `<head>` of index.html, in `vite build` and
 * `vite` dev; in `vite build` also a preload of the chosen core (its glue and `.wasm`). Two plugin
 * objects: Vite flattens the array in `plugins`.
 */
export default function consentSieve(options?: ConsentSieveViteOptions): ConsentSieveVitePlugin[];
