import { init } from "consent-sieve";

// init() without a config reads the page's #consent-sieve-config (the template wrote it there).
init().then((cs) => {
  const out = document.getElementById("consent");
  const show = () => {
    const s = cs.state();
    out.textContent = s.decided ? `analytics ${s.purposes.analytics ? "granted" : "denied"}` : "not decided";
  };
  cs.subscribe(show);
  show();
});
