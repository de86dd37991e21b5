// No-bundler entry: <script type="module" src=".../consent-sieve/auto.js"></script> next to
// <script type="application/json" id="consent-sieve-config">{ … }</script>. Never throws.
import { init } from "./index.js";

const P = "consent-sieve: ";
const el = document.getElementById("consent-sieve-config");
/** @type {import("./index.js").ConsentConfig | undefined} */
let config;
try {
  if (!el) throw new Error('no <script type="application/json" id="consent-sieve-config"> on the page');
  config = JSON.parse(el.textContent || "");
} catch (e) {
  console.error(`${P}cannot read the config, nothing is granted: ${e instanceof Error ? e.message : e}`);
}
if (config !== undefined) {
  init(config).catch((/** @type {any} */ e) => {
    console.error(`${P}init failed [${e?.code ?? "unknown"}] at "${e?.path ?? ""}": ${e?.message ?? e}`);
  });
}
