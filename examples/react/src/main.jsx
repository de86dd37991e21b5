import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { consent, useConsent } from "./consent.js";

function App() {
  const state = useConsent();
  const analytics = state?.purposes.analytics === true;
  return (
    <main>
      <h1>A React app with consent-sieve</h1>
      <p>
        Consent: <output id="consent">{!state ? "loading" : state.decided ? `analytics ${analytics ? "granted" : "denied"}` : "not decided"}</output>
      </p>
      <button type="button" onClick={() => consent.then((cs) => cs.showPreferences())}>
        Privacy settings
      </button>
    </main>
  );
}

createRoot(document.getElementById("root")).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
