import { init } from "consent-sieve";
import config from "../consent-sieve.json";

// The same JSON the plugin wrote into the page: one config for the early layer and the SDK.
const cs = await init(config);
const out = document.getElementById("consent");
const show = () => {
  const s = cs.state();
  out.textContent = s.decided ? `analytics ${s.purposes.analytics ? "granted" : "denied"}` : "not decided";
};
cs.subscribe(show);
show();
