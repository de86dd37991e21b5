// Hand-written types for the consent-sieve facade (js/index.js). Keep in step with docs/wasm-abi.md.

/** A text in one language, or per language code: `{ en: "Analytics", de: "Statistik" }`. */
export type LocalizedText = string | { readonly [lang: string]: string };

/** Keys of the UI texts that `texts` may override per language. */
export type TextKey =
  | "bannerTitle"
  | "bannerText"
  | "acceptAll"
  | "rejectAll"
  | "preferences"
  | "privacyPolicy"
  | "prefsTitle"
  | "prefsText"
  | "save"
  | "close"
  | "alwaysActive"
  | "vendors"
  /** Embed placeholder text; `{vendor}` is replaced by the vendor's name. */
  | "placeholderText"
  | "loadOnce"
  /** "Always allow {vendor}". */
  | "allowVendor"
  /** The banner text in opt-out mode (`mode: "opt-out"`). */
  | "bannerTextOptOut"
  /** The reject button in opt-out mode ("Do not sell or share…"). */
  | "rejectAllOptOut"
  /** The floating re-open control's label. */
  | "privacySettings"
  /** Opt-out mode: the banner's text on the load where Global Privacy Control became the choice. */
  | "gpcHonoured"
  /** The text of an empty `data-consent-sieve-open="do-not-sell"` link. */
  | "doNotSell"
  /** The dialog's button saving the visitor's receipts as a file. */
  | "downloadChoices"
  /** "What is shared" under each vendor in the dialog: the summary, terms and lines (`sharedWith`/`sharedWithout` keep `{purposes}`). */
  | "whatIsShared"
  | "sharedSentTo"
  | "sharedStored"
  | "sharedRetention"
  | "sharedWhileOn"
  | "sharedWhileOff"
  | "sharedNothing"
  | "sharedAsCollected"
  | "sharedKept"
  | "sharedHashed"
  | "sharedPseudonym"
  | "sharedShortened"
  | "sharedGeneralized"
  | "sharedCleanUrl"
  | "sharedRedacted"
  | "sharedDropped"
  | "sharedOthersDropped"
  | "sharedOthersScanned"
  | "sharedOthersKept"
  | "sharedWith"
  | "sharedWithout";

/**
 * Keys of the TCF layers' texts (a config with `tcf` and `gvlUrl`; the IAB cores only). English is built in;
 * every bundled language ships them too (`lang/tcf-<code>.js`, loaded only for a config with `tcf`); a
 * site's own `texts` win key by key. `{count}` (partners), `{purposes}` (site purposes' labels) and
 * `{days}` are replaced.
 */
export type TcfTextKey =
  | "tcfBannerText"
  | "tcfTitle"
  | "tcfText"
  | "tcfPurposes"
  | "tcfConsentFrom"
  | "tcfNoConsent"
  | "tcfObject"
  | "tcfExamples"
  | "tcfSpecialPurposes"
  | "tcfSpecialPurposesText"
  | "tcfFeatures"
  | "tcfFeaturesText"
  | "tcfSpecialFeatures"
  | "tcfSpecialFeaturesText"
  | "tcfVendors"
  | "tcfConsent"
  | "tcfVendorConsent"
  | "tcfVendorLegInt"
  | "tcfDataCategories"
  | "tcfRetention"
  | "tcfDays"
  | "tcfStorage"
  | "tcfCookies"
  | "tcfSessionCookies"
  | "tcfOtherStorage"
  | "tcfNoStorage"
  | "tcfStorageDetails"
  | "tcfLegIntClaim";

export interface PurposeConfig<P extends string = string> {
  /** Stable id, used in `data-consent="…"`, `granted(id)` and the stored record. */
  readonly id: P;
  /** Required purposes are always granted and shown as "Always active". */
  readonly required?: boolean;
  /**
   * A sale or sharing of personal information, or targeted advertising: what Global Privacy Control
   * and the "Do Not Sell or Share" link refuse in opt-out mode. When no purpose is marked, they refuse
   * every optional purpose.
   */
  readonly sale?: boolean;
  readonly label: LocalizedText;
  readonly description?: LocalizedText;
  /** With `tcf`: the IAB TCF purposes (1..11) this purpose covers; one is consented in the TC string when every purpose listing it is granted. */
  readonly tcfPurposes?: readonly number[];
  /**
   * With `gpp`: the sensitive-data categories this purpose processes, by GPP section and by the
   * 1-based category numbers of that section's SensitiveDataProcessing (`{ usnat: [3, 8], usva: [3] }`);
   * each section must be in `gpp.sections`. A purpose naming a section that asks consent for sensitive
   * data (all but `usca`, `usut`, `usia`) is off by default in opt-out mode too, Global Privacy Control or
   * not, until the visitor turns it on (Accept all, its switch, `update()`). Written 2 (did not opt out,
   * in usca/usut/usia) while the purpose is granted, or 2 (consent, in the others) while the visitor's own
   * choice grants it; else 1; categories no purpose lists are 0.
   */
  readonly sensitive?: { readonly [S in GppSection]?: readonly number[] };
}

export interface VendorConfig<P extends string = string, V extends string = string> {
  readonly id: V;
  readonly name: string;
  /** Purpose ids this vendor works for; all must be declared in `purposes`. */
  readonly purposes: readonly P[];
  /** Cookie name patterns (`*` is a wildcard) erased by `forget()` and on withdrawal. */
  readonly cookies?: readonly string[];
  /** localStorage and sessionStorage keys erased by `forget()` and on withdrawal. */
  readonly storageKeys?: readonly string[];
  /**
   * Hosts the vendor's tags and requests go to: `"ads.example.com"`, or `"*.example.com"` for
   * example.com and every subdomain. Until the vendor is granted, executable `<script src>` to these
   * hosts are held and fetch, XMLHttpRequest, sendBeacon and image requests to them are stopped.
   */
  readonly hosts?: readonly string[];
  /**
   * With `minimize`: URL paths (`*` = any run of characters, e.g. `"/g/collect*"`) that make a request
   * to the hosts one of this destination's. Absent: every request to the hosts.
   */
  readonly paths?: readonly string[];
  /** The data-minimization policy: makes the vendor a destination whose payloads are rewritten (docs/minimize.md). */
  readonly minimize?: VendorMinimizePolicy;
  readonly privacyPolicyUrl?: string;
  /** How long the vendor keeps what it receives, in words (one line, at most 100 characters): `"13 months"`. Shown in the inventory. */
  readonly retention?: string;
  /** The site no longer uses this vendor; kept so what it left behind can be erased and the erasure recorded. */
  readonly retired?: boolean;
  /** With `tcf`: the vendor's id in the IAB Global Vendor List (1..65535): disclosed in the TC string, consented when the vendor is granted. */
  readonly gvlId?: number;
}

/** A destination's policy: the policy for granted consent, and what is sent while it is denied. */
export interface VendorMinimizePolicy extends MinimizePolicy {
  /** While the vendor is not granted: `"drop"` (default) or a policy to send fully anonymous events. */
  readonly denied?: "drop" | MinimizePolicy;
}

/** Layout, theme and behaviour of the banner. */
export interface UiConfig {
  /** `"bar"` (default: a non-blocking bar at the bottom), `"box"` (a corner box) or `"modal"` (centred, blocking). */
  readonly layout?: "bar" | "box" | "modal";
  /** `"light"` (default), `"dark"`, or `"auto"` (follows `prefers-color-scheme`). */
  readonly theme?: "light" | "dark" | "auto";
  /** Block the page until a choice is made (the rest of the page is inert). Always on with `"modal"`. */
  readonly forced?: boolean;
  /** `"auto"` (default): a floating re-open control on pages without a `data-consent-sieve-open` link; `"always"`; `"never"`. */
  readonly reopenButton?: "auto" | "always" | "never";
}

/** Normalisation before `hash`: Google (enhanced conversions) or Meta (advanced matching), or `trim` / `raw`. */
export type HashProfile =
  | "trim" | "raw"
  | "google.email" | "google.phone" | "google.name" | "google.street" | "google.city" | "google.region" | "google.zip" | "google.country"
  | "meta.email" | "meta.phone" | "meta.name" | "meta.gender" | "meta.dob" | "meta.city" | "meta.state" | "meta.zip" | "meta.country";

export type MinimizeActionName = "keep" | "drop" | "hash" | "hmac" | "truncate" | "generalize" | "url" | "redact";

/** A query parameter kept by the `url` action: a name (`*` wildcard), optionally only while purposes are granted. */
export type UrlParam = string | { readonly name: string; readonly when?: string | readonly string[] };

export type MinimizeAction =
  | MinimizeActionName
  | ({
      /** The rule applies only while these purposes are granted; otherwise `else` (default `"drop"`). */
      readonly when?: string | readonly string[];
      readonly else?: MinimizeAction;
    } & (
      | { readonly action: "keep"; /** `false`: the detectors leave this field alone. */ readonly scan?: boolean }
      | { readonly action: "drop" | "hmac" | "redact" }
      | { readonly action: "hash"; readonly profile?: HashProfile; /** ISO country for national phone numbers (default "US"). */ readonly country?: string }
      | { readonly action: "truncate"; /** IP addresses: leave out. */ readonly to?: "hour" | "day"; readonly step?: number }
      | { readonly action: "generalize"; readonly to: "year" | "age" | "zip"; readonly band?: number; readonly digits?: number }
      | { readonly action: "url"; readonly keep?: readonly UrlParam[]; readonly fragment?: boolean }
    ));

export type Detector = "email" | "phone" | "card" | "iban" | "ssn" | "ip" | "url";

export interface MinimizePolicy {
  /** `"deny"` (default): fields no rule names are kept; `"allow"`: they are dropped. */
  readonly mode?: "deny" | "allow";
  /** Field pattern (`a.b`, `properties.*.email`, `$set.*`, `**`, or a bare key matched at any depth) → action. */
  readonly fields?: { readonly [pattern: string]: MinimizeAction };
  /** Detectors run over every string left in place (default: all). */
  readonly detect?: readonly Detector[];
  /** What a detector does with a match: `"redact"` (default, e.g. `[email]`) or `"hash"`. */
  readonly found?: "redact" | "hash";
}

/** The seven Google Consent Mode v2 types. */
export type ConsentModeType =
  | "ad_storage"
  | "analytics_storage"
  | "ad_user_data"
  | "ad_personalization"
  | "functionality_storage"
  | "personalization_storage"
  | "security_storage";

/** Google Consent Mode v2 signals, pushed to the page's `dataLayer` (via its `gtag` if it has one). */
export interface ConsentModeConfig {
  /**
   * Purpose ids that must all be granted for a type. Unmapped types use: analytics_storage ← analytics;
   * ad_storage, ad_user_data, ad_personalization ← marketing; functionality_storage ← functional;
   * personalization_storage ← personalization; security_storage: always granted.
   */
  readonly types?: { readonly [T in ConsentModeType]?: readonly string[] };
  /** The `default` command applies to these ISO 3166 regions only, e.g. `["DE", "US-CA"]`. */
  readonly region?: readonly string[];
  /** `wait_for_update` in ms (0..10000) in the `default` command. */
  readonly waitForUpdate?: number;
  /** `gtag("set", "ads_data_redaction", true)` */
  readonly adsDataRedaction?: boolean;
  /** `gtag("set", "url_passthrough", true)` */
  readonly urlPassthrough?: boolean;
  /** Name of the dataLayer event pushed after each update (default `"consent-sieve-update"`); `false`: none. */
  readonly dataLayerEvent?: string | false;
  /** Default `"dataLayer"`. */
  readonly dataLayerName?: string;
}

/** IAB TCF v2.3: what goes into every TC string. Only an IAB-registered CMP may create TC strings. */
export interface TcfConfig {
  /** The CMP id the IAB assigned you (2..4095). */
  readonly cmpId: number;
  /** Your CMP's version (0..4095). */
  readonly cmpVersion: number;
  /**
   * The Global Vendor List version your vendors' disclosures come from (1..4095). Required without
   * `gvlUrl`; with it optional (the GVL's own version is encoded), and when given the GVL must be that version.
   */
  readonly vendorListVersion?: number;
  /**
   * Where your site serves its own copy of the GVL v3 `vendor-list.json` (a path on your site starting
   * with `/`, or https; never consensu.org, which browsers must not fetch). Loaded once, cached in localStorage
   * (`consent-sieve-gvl`, a day); if it cannot be loaded, `__tcfapi` reports `cmpStatus: "error"`.
   */
  readonly gvlUrl?: string;
  /** ISO 3166-1 alpha-2 country of the publisher's legislation of reference (default `"AA"`: unknown). */
  readonly publisherCC?: string;
  /** The CMP's screen number (0..63, default 0). */
  readonly consentScreen?: number;
  /**
   * TCF purposes (2, 7..11) on which your vendors may rely on legitimate interest. For each, a vendor that
   * declares it in the GVL's `legIntPurposes` gets its legitimate interest signalled unless the visitor
   * objects in the dialog (per purpose or per vendor). Default none: no legitimate interest is signalled.
   * Adding a purpose asks every visitor again.
   */
  readonly legIntPurposes?: readonly number[];
  /** GVL stack ids the first layer names instead of the purposes and special features they combine. */
  readonly stacks?: readonly number[];
}

/**
 * The GPP sections consent-sieve writes, by API prefix (section id): `tcfeuv2` (2, the TC string of
 * `__tcfapi`; needs `tcf`), `uspv1` (6, `1YNN`), `usnat` (7), `usca` (8), `usva` (9), `usco` (10),
 * `usut` (11), `usct` (12), `usfl` (13), `usmt` (14), `usor` (15), `ustx` (16), `usde` (17),
 * `usia` (18), `usne` (19), `usnh` (20), `usnj` (21), `ustn` (22), `usmn` (23), `usmd` (24),
 * `usin` (25), `usky` (26), `usri` (27).
 */
export type GppSection =
  | "tcfeuv2" | "uspv1" | "usnat" | "usca" | "usva" | "usco" | "usut" | "usct" | "usfl" | "usmt"
  | "usor" | "ustx" | "usde" | "usia" | "usne" | "usnh" | "usnj" | "ustn" | "usmn" | "usmd"
  | "usin" | "usky" | "usri";

/** IAB GPP: the sections written from the state (US ones: opted out of sale, sharing and targeted advertising when every `sale` purpose is denied). */
export interface GppConfig {
  readonly sections: readonly GppSection[];
  /** The site processes sensitive data of known children: KnownChildSensitiveDataConsents 1 (no consent: the SDK collects no parental consent); default false (0, not applicable). */
  readonly knownChildData?: boolean;
  /** The site is an MSPA signatory and the transaction a Covered Transaction (`mode` required), or not (`covered: false`, the default). */
  readonly mspa?: { readonly covered: true; readonly mode: "optOut" | "serviceProvider" } | { readonly covered: false };
}

/** The config given to `init` (plain JSON; unknown fields are rejected). `P` and `V`: the purpose and vendor ids. */
export interface ConsentConfig<P extends string = string, V extends string = string> {
  /** Bump it when the policy changes: stored choices for another version count as no decision. */
  readonly policyVersion: string;
  /** How long a choice is kept, 1..395 days (default 180). */
  readonly lifetimeDays?: number;
  /**
   * `"opt-in"` (default) grants nothing before a choice; `"opt-out"` grants optional purposes until the
   * visitor (or Global Privacy Control) opts out, except those processing sensitive data that needs
   * consent (see `sensitive`); `"auto"`: the page's
   * `<html data-consent-sieve-mode="opt-out">` (written by your server, e.g. by region) picks, opt-in otherwise.
   */
  readonly mode?: "opt-in" | "opt-out" | "auto";
  /** `"auto"` (default) picks from `navigator.languages`; or a code such as `"de"`. */
  readonly language?: "auto" | (string & {});
  readonly privacyPolicyUrl?: string;
  readonly cookieDomain?: string;
  readonly purposes: readonly PurposeConfig<P>[];
  readonly vendors?: readonly VendorConfig<NoInfer<P>, V>[];
  /** Google Consent Mode v2; absent: no signals. */
  readonly consentMode?: ConsentModeConfig;
  /** Layout, theme and behaviour of the banner. */
  readonly ui?: UiConfig;
  /** IAB TCF v2.3 (`__tcfapi`); loads the IAB core (with a `minimize` policy too, the full core) and `iab.js`. */
  readonly tcf?: TcfConfig;
  /** IAB GPP (`__gpp`); loads the IAB core (with a `minimize` policy too, the full core) and `iab.js`. */
  readonly gpp?: GppConfig;
  /**
   * Reload the page once after a choice withdraws something that was granted: code that already ran
   * keeps running otherwise (its cookies, storage keys and requests to its hosts are stopped).
   */
  readonly reloadOnWithdraw?: boolean;
  /** The site's secret (16+ characters) for `hmac` minimization rules (pseudonymous ids). */
  readonly hashKey?: string;
  /** Per language, overrides of the UI texts: `{ en: { bannerTitle: "Cookies?" } }`. */
  readonly texts?: { readonly [lang: string]: { readonly [K in TextKey | TcfTextKey]?: string } };
  /** JS only. `true` (default): add the package stylesheet; `false`: the site styles the UI; or a stylesheet URL. */
  readonly stylesheet?: boolean | string;
  /** JS only. CSP nonce put on the stylesheet `<link>`. */
  readonly nonce?: string;
  /**
   * JS only. Where to load the core's `.wasm` from, for a CDN or a bundler that does not emit
   * `new URL("./…", import.meta.url)` assets (esbuild, Rollup without a plugin). A config with a
   * `minimize` policy loads `dist/pkg/consent_sieve_minimize_bg.wasm`, one with `tcf` or `gpp`
   * `consent_sieve_iab_bg.wasm`, one with both `consent_sieve_full_bg.wasm`, any other
   * `dist/pkg/consent_sieve_bg.wasm`: point this at the matching file. Default: the package's `dist/pkg/`.
   */
  readonly wasmUrl?: string | URL;
  /** JS only: audit mode, observing cookies, storage writes and requests from `init` on (see `audit()`). */
  readonly audit?: boolean;
  /**
   * JS only: where each new receipt is POSTed (NDJSON, `fetch` with keepalive), for the site's proof of
   * consent; kept on the device and sent again on later loads until a 2xx answers.
   * `examples/receipt-receiver.mjs` is a reference receiver.
   */
  readonly receiptEndpoint?: string;
}

/** Who made the current choice. */
export type ConsentSource = "banner" | "api" | "gpc" | "default";

export interface ConsentState<P extends string = string, V extends string = string> {
  /** Whether the user (or a signal such as GPC) has decided for the current policy version. */
  decided: boolean;
  purposes: Record<P, boolean>;
  vendors: Record<V, boolean>;
  policyVersion: string;
  /** Epoch milliseconds, or `null` while undecided. */
  decidedAt: number | null;
  /** Epoch milliseconds, or `null` while undecided. */
  expiresAt: number | null;
  source: ConsentSource;
  /** Id of the stored record, or `null`. */
  id: string | null;
}

/** What `forget()` erased, by name. */
export interface Erased {
  /** Whether a stored choice (localStorage `consent-sieve`, cookie `consent_sieve`) was there to erase. */
  readonly record: boolean;
  /**
   * The vendors' cookies that matched their `cookies` patterns and are gone now (the ones the page can
   * see: an `HttpOnly` cookie is for the server to delete).
   */
  readonly cookies: readonly string[];
  /** The vendors' localStorage keys that matched their `storageKeys` patterns, erased. */
  readonly localStorage: readonly string[];
  /** The same for sessionStorage. */
  readonly sessionStorage: readonly string[];
  /** How many receipts stay on this device: they are the visitor's record of past choices, kept. */
  readonly receiptsKept: number;
}

/** A change of the choice, for `update`; unspecified ids keep their current value. */
export interface ConsentChoice<P extends string = string, V extends string = string> {
  purposes?: { [K in P]?: boolean };
  vendors?: { [K in V]?: boolean };
}

/** One finding of `audit()`. */
export interface AuditItem {
  readonly kind: "cookie" | "localStorage" | "sessionStorage" | "request";
  /** The cookie or key name, or the request's host. */
  readonly name: string;
  /** The declaring vendor (in `beforeConsent`). */
  readonly vendor?: string;
  /** Epoch milliseconds when it was first seen. */
  readonly at: number;
  /** The script that set or sent it, when known. */
  readonly script: string | null;
}

/** What `audit()` returns. */
export interface AuditReport {
  readonly undeclared: readonly AuditItem[];
  readonly beforeConsent: readonly AuditItem[];
  /** How many observations a configured vendor declares. */
  readonly declared: number;
}

/** The consent receipt of the current choice (JSON, for the user to keep). */
export interface ConsentReceipt {
  readonly [field: string]: unknown;
}

export type ConsentErrorCode =
  | "config.unknown_field"
  /** Two vendors, one of them a destination, could claim the same request (hosts and paths overlap with equal specificity). */
  | "config.ambiguous_route"
  | "config.duplicate_id"
  | "config.unknown_purpose"
  | "config.unsafe_url"
  | "config.out_of_range"
  | "config.invalid_type"
  | "config.invalid_id"
  | "config.missing_field"
  | "config.invalid_value"
  | "config.syntax"
  /** The config is larger than the reader's limits (size, nesting, values). */
  | "config.too_large"
  | "update.unknown_purpose"
  | "update.unknown_vendor"
  | "update.unknown_field"
  | "update.required_purpose"
  | "update.invalid"
  | "api.unknown_event"
  | "api.invalid_argument"
  | "minimize.unknown_destination"
  | "minimize.invalid_event"
  /** TCF: the Global Vendor List at `tcf.gvlUrl` is not a valid GVL v3 (logged; TCF fails closed). */
  | "gvl.invalid"
  /** TCF: the Global Vendor List is past a limit (4 MiB, 8 levels, 10,000 vendors). */
  | "gvl.too_large"
  /** TCF: the Global Vendor List could not be fetched. */
  | "gvl.unavailable"
  /** TCF: a vendor's `gvlId` is not in the GVL or was deleted from it (a warning; it is left out of the TC string). */
  | "gvl.unlisted_vendor"
  /** An event larger than the reader's limits: it is dropped. */
  | "minimize.too_large"
  /** `init` ran outside a browser (server rendering): the instance grants nothing. */
  | "env.no_browser"
  /** An erasure receipt named a vendor that is not `retired`. */
  | "receipt.not_retired"
  /** `verifyReceipts` got more than 10,000 lines or 1 MiB: nothing is reported but this error. */
  | "receipt.too_large";

/**
 * A posthog-js `before_send` hook that minimizes each event before posthog batches and compresses it:
 * `posthog.init(key, { api_host, before_send: posthogBeforeSend("posthog") })`. Returns `null` (the
 * event is not sent) while the SDK is not ready, when the policy drops it, or on any error.
 */
export declare function posthogBeforeSend(destination?: string): <T>(event: T) => T | null;

/** An `@segment/analytics-next` enrichment plugin: `analytics.register(segmentPlugin("segment"))`. */
export declare function segmentPlugin(destination?: string): {
  readonly name: string;
  readonly type: "enrichment";
  readonly version: string;
  isLoaded(): boolean;
  load(): Promise<void>;
  track(ctx: unknown): unknown;
  identify(ctx: unknown): unknown;
  page(ctx: unknown): unknown;
  group(ctx: unknown): unknown;
  alias(ctx: unknown): unknown;
  screen(ctx: unknown): unknown;
};

export declare class ConsentError extends Error {
  constructor(code: ConsentErrorCode, path: string, reason?: string, cause?: unknown);
  readonly name: "ConsentError";
  readonly code: ConsentErrorCode;
  /** The offending field, e.g. `vendors[1].purposes[0]`; `""` for the root. */
  readonly path: string;
}

/**
 * A gated tag that consent allowed but that cannot run, reported once (also as a console warning):
 * `tag.blocked` when the browser refused to run it (Trusted Types or Content Security Policy, e.g. a
 * `trusted-types` directive without `consent-sieve`), `tag.load_failed` when its script did not load.
 */
export interface ConsentProblem {
  readonly code: "tag.blocked" | "tag.load_failed";
  readonly message: string;
  /** The held tag (blocked) or the released script (did not load). */
  readonly element: Element;
}

export interface ConsentInstance<P extends string = string, V extends string = string> {
  /** `true` when the SDK failed (e.g. the wasm could not load) and runs fail-closed: nothing optional granted. */
  readonly failed: boolean;
  /** The failure, when `failed`. */
  readonly error: unknown;
  /** Gated tags that were allowed but cannot run, oldest first (a copy; empty when failed). */
  readonly problems: readonly ConsentProblem[];
  /** Whether a purpose is granted; unknown ids are `false`. */
  granted(purposeId: P): boolean;
  acceptAll(): ConsentState<P, V>;
  rejectAll(): ConsentState<P, V>;
  /**
   * "Do Not Sell or Share My Personal Information": denies the purposes marked `sale` (every optional
   * purpose when none is), keeps the rest. A `data-consent-sieve-open="do-not-sell"` link calls it.
   */
  optOutOfSale(): ConsentState<P, V>;
  /** @throws {ConsentError} `update.unknown_purpose`, `update.unknown_vendor`, `update.required_purpose`, `update.invalid`… */
  update(choice: ConsentChoice<P, V>): ConsentState<P, V>;
  /**
   * The current state: the same frozen object until the choice changes, so it can be a
   * `useSyncExternalStore` snapshot.
   */
  state(): Readonly<ConsentState<P, V>>;
  /** Subscribe to changes of the choice; returns the unsubscribe function. @throws {ConsentError} `api.unknown_event` */
  on(event: "change", listener: (state: ConsentState<P, V>) => void): () => void;
  /** `on("change", listener)`, shaped for React's `useSyncExternalStore(cs.subscribe, cs.state)` and Svelte stores. */
  subscribe(listener: (state: ConsentState<P, V>) => void): () => void;
  showBanner(): void;
  showPreferences(): void;
  /** Closes banner and dialog without deciding (grants nothing). */
  hide(): void;
  /**
   * Erases the stored choice and what configured vendors stored, then asks again: the new state, with
   * `erased` saying what was erased (when failed, the denied state and nothing erased).
   */
  forget(): ConsentState<P, V> & { readonly erased: Erased };
  /** The consent receipt of the current choice, or `null` when failed. */
  receipt(): ConsentReceipt | null;
  /**
   * Every receipt kept on this device (the newest 100), oldest first: one per decision (and one per
   * retired vendor's erasure), each with `previous`, the SHA-256 of the one before, so the history is a
   * chain (`npx consent-sieve verify` checks one saved as NDJSON). Empty when failed.
   */
  receipts(): readonly ConsentReceipt[];
  /**
   * Audit mode (for site owners): the cookies, storage keys and request hosts of this page that no
   * configured vendor declares, and what declared vendors set or sent while not granted, with the time
   * and (with `init({ audit: true })`, which observes from the start) the script that did it. Also
   * printed as console tables. `null` when failed.
   */
  audit(): Promise<AuditReport | null>;
  /**
   * The data inventory of this config as data (docs/inventory.md: per vendor its purposes, hosts,
   * storage, retention and what each field becomes after minimization), from the tools core loaded on
   * demand; `npx consent-sieve inventory` prints the same as Markdown or HTML. `null` when failed.
   */
  inventory(): Promise<Record<string, unknown> | null>;
  /** Where the choice is kept: `"memory"` when storage is blocked (or the SDK failed). */
  storageMode(): "persistent" | "memory";
  /**
   * A minimized copy of an analytics event under the destination's policy and the current consent;
   * `null` when the policy drops it (or the SDK failed). Synchronous, never mutates `event`.
   * Throws a {@link ConsentError} (`minimize.unknown_destination`, `minimize.invalid_event`) for bad input.
   */
  minimize<E extends object>(event: E, options: { readonly destination: V }): Partial<E> | null;
}

/**
 * Starts consent-sieve. Idempotent: later calls return the same promise and instance.
 * Rejects with a {@link ConsentError} for an invalid config; any other failure resolves with a
 * fail-closed instance (`failed: true`). Without a config it reads the page's
 * `<script type="application/json" id="consent-sieve-config">`. Outside a browser (server rendering)
 * it resolves to an instance that grants nothing (`failed: true`, error code `env.no_browser`).
 * The purpose and vendor ids of a literal config type `granted`, `update` and `minimize`; a
 * misspelt field is a type error.
 */
export declare function init<const P extends string = string, const V extends string = string>(config?: ConsentConfig<P, V>): Promise<ConsentInstance<P, V>>;

declare global {
  interface DocumentEventMap {
    "consent-sieve:change": CustomEvent<ConsentState>;
    "consent-sieve:ready": CustomEvent<ConsentState>;
  }
  interface Window {
    /** The instance, once `init` resolved. */
    consentSieve?: ConsentInstance;
  }
}
