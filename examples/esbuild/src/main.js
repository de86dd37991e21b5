import { init } from "consent-sieve";
import config from "../consent-sieve.json";

// The build copied the cores and the stylesheet to /consent-sieve/ (esbuild does not emit them).
const cs = await init({ ...config, wasmUrl: "/consent-sieve/consent_sieve_bg.wasm", stylesheet: "/consent-sieve/consent-sieve.css" });
const out = document.getElementById("consent");
const show = () => {
  const s = cs.state();
  out.textContent = s.decided ? `analytics ${s.purposes.analytics ? "granted" : "denied"}` : "not decided";
};
cs.subscribe(show);
show();
