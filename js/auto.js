// No-bundler entry: <script type="module" src=".../consent-sieve/auto.js"></script> next to
// <script type="application/json" id="consent-sieve-config">{ … }</script>. Never throws.
// The early layer first: when the page's early.js tag ran it, it is not fetched again; without that
// tag it is imported here, so vendor requests and tags are held from the moment this module runs. In
// the package, ./index.js here is facade.js (the facade without the early layer), so nothing is
// bundled twice; the early tag has already asked for the facade (a modulepreload), so importing it
// here costs no round trip.
const early = typeof window !== "undefined" && window.__consentSieveEarly ? null : import(/** @type {string} */ ("./early.js"));
const facade = import("./index.js");

// init() reads the config element; a problem is logged once, naming the field and the reason.
Promise.resolve(early)
  .then(() => facade)
  .then(({ init }) => init())
  .catch((/** @type {any} */ e) => {
    const why = e instanceof Error ? e.message.replace(/^consent-sieve: /, "") : String(e);
    console.error(`consent-sieve: init failed, nothing is granted: ${why}`);
  });
