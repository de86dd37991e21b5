// Type tests for js/index.d.ts, checked by `npx tsc --noEmit -p js`. Each @ts-expect-error line must
// stay an error: if the types get looser, tsc reports "Unused '@ts-expect-error' directive".
import {
  init,
  ConsentError,
  type ConsentConfig,
  type ConsentErrorCode,
  type ConsentInstance,
  type ConsentSource,
  type ConsentState,
} from "../../js/index.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_: T) => {};

// A typed config variable: ids are plain strings.
const config: ConsentConfig = {
  policyVersion: "2026-01",
  lifetimeDays: 180,
  mode: "opt-in",
  language: "auto",
  purposes: [
    { id: "necessary", required: true, label: "Necessary" },
    { id: "analytics", label: { en: "Analytics", de: "Statistik" }, description: "Counts visits" },
  ],
  vendors: [{ id: "stats", name: "Stats", purposes: ["analytics"], cookies: ["_st*"], hosts: ["stats.example", "*.cdn.example"] }],
  texts: { en: { bannerTitle: "Cookies?", acceptAll: "OK", placeholderText: "{vendor} is blocked", loadOnce: "Load", allowVendor: "Allow {vendor}" } },
  reloadOnWithdraw: true,
  consentMode: {
    types: { ad_storage: ["analytics"], security_storage: [] },
    region: ["DE", "US-CA"],
    waitForUpdate: 500,
    adsDataRedaction: true,
    urlPassthrough: true,
    dataLayerEvent: false,
    dataLayerName: "dataLayer",
  },
  stylesheet: false,
  nonce: "abc",
  wasmUrl: new URL("https://example.test/x.wasm"),
};

export async function plainConfig() {
  const cs = await init(config);
  assertType<Equal<typeof cs, ConsentInstance<string, string>>>(true);
  const s: ConsentState = cs.state();
  const source: ConsentSource = s.source;
  const decidedAt: number | null = s.decidedAt;
  const ok: boolean = cs.granted("anything");
  const off: () => void = cs.on("change", (state) => {
    const d: boolean = state.decided;
    void d;
  });
  off();
  cs.update({ purposes: { analytics: true }, vendors: { stats: false } });
  cs.update({});
  const r = cs.receipt();
  const failed: boolean = cs.failed;
  const min: { url?: string } | null = cs.minimize({ url: location.href }, { destination: "stats" });
  // @ts-expect-error options are required
  cs.minimize({ url: "" });
  const dropped = min;
  const mode: "persistent" | "memory" = cs.storageMode();
  void [source, decidedAt, ok, r, failed, dropped, mode];

  // @ts-expect-error the only event is "change"
  cs.on("changed", () => {});
  // @ts-expect-error update takes an object of booleans
  cs.update({ purposes: { analytics: "yes" } });
  // @ts-expect-error `failed` is read-only
  cs.failed = true;
  // @ts-expect-error granted needs an id
  cs.granted();
}

// An inline config: purpose and vendor ids are checked.
export async function literalConfig() {
  const cs = await init({
    policyVersion: "1",
    purposes: [
      { id: "necessary", required: true, label: "Necessary" },
      { id: "marketing", label: "Marketing" },
    ],
    vendors: [{ id: "pixel", name: "Pixel", purposes: ["marketing"] }],
  });
  cs.granted("marketing");
  cs.update({ purposes: { marketing: false }, vendors: { pixel: true } });
  const p: boolean = cs.state().purposes.necessary;
  void p;
  // @ts-expect-error "analytics" is not a purpose of this config
  cs.granted("analytics");
  // @ts-expect-error "nope" is not a vendor of this config
  cs.update({ vendors: { nope: true } });
}

// Wrong configs.
// @ts-expect-error policyVersion is required
init({ purposes: [] });
// @ts-expect-error mode is "opt-in" | "opt-out"
init({ policyVersion: "1", purposes: [], mode: "opt-maybe" });
// @ts-expect-error unknown text key
init({ policyVersion: "1", purposes: [], texts: { en: { bannerTitel: "x" } } });
// @ts-expect-error a purpose needs a label
init({ policyVersion: "1", purposes: [{ id: "a" }] });
// @ts-expect-error stylesheet is boolean | string
init({ policyVersion: "1", purposes: [], stylesheet: 1 });
// @ts-expect-error not a Consent Mode type
init({ policyVersion: "1", purposes: [], consentMode: { types: { ads_storage: ["marketing"] } } });
// @ts-expect-error dataLayerEvent is a name or false
init({ policyVersion: "1", purposes: [], consentMode: { dataLayerEvent: true } });
// @ts-expect-error reloadOnWithdraw is a boolean
init({ policyVersion: "1", purposes: [], reloadOnWithdraw: "yes" });
// @ts-expect-error hosts is a list of strings
init({ policyVersion: "1", purposes: [], vendors: [{ id: "v", name: "V", purposes: [], hosts: "v.example" }] });

// Errors.
export async function errors() {
  try {
    await init(config);
  } catch (e) {
    if (e instanceof ConsentError) {
      assertType<Equal<typeof e.name, "ConsentError">>(true);
      const code: ConsentErrorCode = e.code;
      const path: string = e.path;
      void [code, path];
      // @ts-expect-error not a known code
      const bad: ConsentErrorCode = "config.whatever";
      void bad;
    }
  }
  const err = new ConsentError("config.unknown_field", "vendors[0].foo", "unknown field");
  const asError: Error = err;
  void asError;
}

// Globals: events on document and window.consentSieve.
document.addEventListener("consent-sieve:change", (ev) => {
  const s: ConsentState = ev.detail;
  void s;
});
document.addEventListener("consent-sieve:ready", (ev) => {
  const granted: boolean = ev.detail.purposes["analytics"] ?? false;
  void granted;
});
const maybe: ConsentInstance | undefined = window.consentSieve;
window.consentSieve?.showPreferences();
void maybe;

// A misspelt field is a type error, at the root and in nested objects, also for a literal passed to init.
async function misspelt() {
  await init({
    policyVersion: "1",
    // @ts-expect-error lifetimeDays, not lifetimeDay
    lifetimeDay: 30,
    purposes: [{ id: "analytics", label: "Analytics" }],
  });
  await init({
    policyVersion: "1",
    purposes: [{ id: "analytics", label: "Analytics" }],
    // @ts-expect-error hosts, not host
    vendors: [{ id: "stats", name: "Stats", purposes: ["analytics"], host: ["stats.example"] }],
  });
  await init({
    policyVersion: "1",
    purposes: [{ id: "analytics", label: "Analytics" }],
    // @ts-expect-error a vendor's purpose must be one of the config's purposes
    vendors: [{ id: "stats", name: "Stats", purposes: ["analytic"] }],
  });
  // ui and every text key the core knows are typed.
  const cs = await init({
    policyVersion: "1",
    ui: { layout: "box", theme: "auto", forced: false, reopenButton: "never" },
    texts: { de: { privacySettings: "Datenschutz", bannerTextOptOut: "…", rejectAllOptOut: "Nicht verkaufen" } },
    purposes: [{ id: "analytics", label: "Analytics" }],
  });
  // @ts-expect-error not a layout
  void ({ policyVersion: "1", purposes: [], ui: { layout: "sidebar" } } satisfies ConsentConfig);
  // useSyncExternalStore(cs.subscribe, cs.state): subscribe takes only the listener, state() is a snapshot.
  const unsubscribe: () => void = cs.subscribe(() => {});
  unsubscribe();
  const snap: Readonly<ConsentState<"analytics">> = cs.state();
  void snap;
  // init() without a config reads the page's #consent-sieve-config element.
  const fromPage: ConsentInstance = await init();
  void fromPage;
}
void misspelt;
