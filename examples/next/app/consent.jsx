"use client";
// The SDK runs in the browser only: init in an effect; the import itself is SSR-safe.
import { useEffect, useState } from "react";
import { init } from "consent-sieve";
import config from "../consent-sieve.json";

export default function Consent() {
  const [state, setState] = useState(null);
  useEffect(() => {
    let off = () => {};
    init(config).then((cs) => {
      setState(cs.state());
      off = cs.subscribe(setState);
    });
    return () => off();
  }, []);
  const text = !state ? "loading" : state.decided ? `analytics ${state.purposes.analytics ? "granted" : "denied"}` : "not decided";
  return (
    <p>
      Consent: <output id="consent">{text}</output>{" "}
      <a href="#" data-consent-sieve-open="preferences">Privacy settings</a>
    </p>
  );
}
