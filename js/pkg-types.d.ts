// Types for the generated wasm-bindgen glue in js/pkg/ (built with --no-typescript).
// Used only for type-checking the facade (tsc --noEmit -p js); not shipped. Mirrors docs/wasm-abi.md.

export interface WasmConsentManager {
  start(): void;
  /** Runs the core's side of Accept all and Reject all on a copy, so its code is compiled before a click; stores, shows and releases nothing. */
  warm(): void;
  state(): string;
  granted(purposeId: string): boolean;
  acceptAll(): string;
  rejectAll(): string;
  optOutOfSale(): string;
  update(choiceJson: string): string;
  showBanner(): void;
  showPreferences(): void;
  hide(): void;
  forget(): string;
  receipt(): string;
  receipts(): string;
  storageMode(): "persistent" | "memory";
  /** `"null"` or `{"dataLayer","commands":[[…gtag args]],"event":{…}|null}` for `"default"` / `"update"`. */
  /** `[[name, output], …]` (JSON) of the configured signals for "default", "load" or "update" (core::signals). */
  signals(moment: string): string;
  release(): void;
  urlAllowed(url: string): boolean;
  vendorForUrl(url: string): string | undefined;
  // The next four exist only in the builds with the minimization engine (consent_sieve_minimize*, consent_sieve_full*).
  /** The minimized event as JSON, or undefined (dropped). Throws a ConsentError for bad input. */
  minimize?(destination: string, eventJson: string): string | undefined;
  /** `[]` (not a destination), `["block", vendor, reason]` or `["send", url, body?]`. */
  request?(url: string, body: string | undefined, opaque: boolean): string[];
  /** A binary body: `[]`, `["block", vendor, reason]` or `["send", url, Uint8Array]`. */
  requestBytes?(url: string, body: Uint8Array): string[] | (string | Uint8Array)[];
  trust?(destination: string, adapter: string): void;
  /** IAB cores only (feature `iab`: consent_sieve_iab*, consent_sieve_full*): loads the GVL of `tcf.gvlUrl` (cache or one fetch), then calls `done`; never throws. Before `start()`. */
  loadGvl?(done: () => void): void;
  free?(): void;
}

/** What the facade registers with the early layer (js/early.js). */
export interface EarlyHooks {
  /** true/false from the core; `undefined` (core failed) lets the early layer fall back to the config's hosts. */
  allow(url: string): boolean | undefined;
  vendor(url: string): string | undefined;
  release(): void;
  /** A request's verdict (see WasmConsentManager.request/requestBytes); `[]` when the core is gone. */
  request(url: string, body: string | Uint8Array | null, opaque: boolean): string[] | (string | Uint8Array)[];
  vendors: unknown;
}

/** Parsed `consentMode()` output. */
export interface ConsentModePush {
  dataLayer?: string;
  commands?: unknown[][];
  event?: object | null;
}

/** `window.__consentSieveEarly`, set by js/early.js. */
export interface EarlyLayer {
  defaultPushed: boolean;
  register(hooks: EarlyHooks): void;
  /** The core could not start: requests held for a destination are dropped. */
  fail?(): void;
  /** `""` when a request to `url` may leave the page, else the id of the vendor holding it. */
  judge(url: unknown): string;
  push(cm: ConsentModePush): void;
  /** A signal's output (core::signals) to the handler of that name (`consentMode`: `push`). */
  signal(name: string, output: unknown): void;
  /** Requests to these vendors' hosts and paths are judged from now on; `sdkBase`: a directory of the SDK's own files (never held). */
  addHosts?(vendors: unknown, sdkBase?: string): void;
  /** `[vendor id, destination]` for the vendor a URL routes to (tests/fixtures/routes.json), else undefined. */
  route?(url: unknown): [string, boolean] | undefined;
  /** The core's `load` signals (JSON) already pushed from a returning visitor's stored decision, else undefined. */
  fast?: string;
  /** The key a stored decision must match (the build, the config element's text, the stored record, GPC, the mode hint, the host). */
  fastKey?(text: string): string | undefined;
  /** core::gate::allowed's twin (tests/fixtures/gate.json). */
  tagAllowed?(s: { p: Record<string, boolean>, v: Record<string, boolean>, vp: Record<string, string[]> }, purposes: unknown, vendor: unknown): boolean;
  /** `cb()` once the tags released from the stored decision have run. */
  drained?(cb: () => void): void;
  /** Stores the core's decision for the next page (text: the config element's, null when not eligible), or removes it. */
  remember?(text: string | null, state: unknown, vendorPurposes: unknown, loadSignals: string, build: string): void;
  /** The stored decision acted on before the core, while it is. */
  fastState?(): { p: Record<string, boolean>, v: Record<string, boolean> } | undefined;
  /** Stops acting on it (the core decided otherwise). */
  fastOff?(): void;
  /** The first layer the core will certainly show for a config with no record (tests/fixtures/first-layer.json), else 0. */
  view?(config: unknown, merged: unknown, browser: unknown[], modeHint: unknown, gpc: unknown): EarlyView | 0;
  /** Paints that first layer before the core when it is certain; `late`: the facade's call (texts merged, stylesheet loaded). */
  paint?(config: unknown, late?: boolean): void;
  /** The core started: the painted layer goes, focus and a queued click move to the core's banner. */
  handover?(): void;
}

/** What the early layer paints (the core's first layer). */
export interface EarlyView {
  layout: "bar" | "box";
  theme: "light" | "dark" | "auto";
  href: string | null;
  lang: string;
  dir: "ltr" | "rtl";
  texts: { bannerTitle: string, bannerText: string, acceptAll: string, rejectAll: string, preferences: string, privacyPolicy: string };
}

declare global {
  interface Window {
    __consentSieveEarly?: EarlyLayer;
    /** Trusted Types, where the browser has them (only the part the facade uses). */
    trustedTypes?: { createPolicy(name: string, rules: { createScript(v: string): string | null; createScriptURL(v: string): string | null }): unknown };
  }
}

export interface Glue {
  default(options?: { module_or_path?: string | URL | Request | Response | BufferSource | WebAssembly.Module }): Promise<unknown>;
  /** `host`: Trusted Types for released tags, and their problems (see js/index.js). */
  ConsentManager: new (
    configJson: string,
    onChange: (stateJson: string) => void,
    host?: (kind: string, value: any) => unknown,
  ) => WasmConsentManager;
}
