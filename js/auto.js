// No-bundler entry: <script type="module" src=".../consent-sieve/auto.js"></script> next to
// <script type="application/json" id="consent-sieve-config">{ … }</script>. Never throws.
// The early layer first (a no-op when the page's early.js tag ran it): without that tag, vendor requests
// and tags are held from the moment this module runs. In the package, ./index.js here is facade.js (the
// facade without the early layer), so nothing is bundled twice.
import "./early.js";
import { init } from "./index.js";

// init() reads the config element; a problem is logged once, naming the field and the reason.
init().catch((/** @type {any} */ e) => {
  const why = e instanceof Error ? e.message.replace(/^consent-sieve: /, "") : String(e);
  console.error(`consent-sieve: init failed, nothing is granted: ${why}`);
});
