// One consent-sieve instance for the app, and a hook that re-renders on every change of the choice.
import { useSyncExternalStore } from "react";
import { init } from "consent-sieve";
import config from "../consent-sieve.json";

/** Resolves once, in the browser; during server rendering it would resolve to an instance that grants nothing. */
export const consent = init(config);

let cs = null;
consent.then((instance) => (cs = instance));

const noop = () => {};
const subscribe = (onChange) => {
  if (cs) return cs.subscribe(onChange);
  // Not ready yet: subscribe as soon as it is, and tell React the snapshot changed.
  let off = noop;
  let live = true;
  consent.then((instance) => {
    if (!live) return;
    off = instance.subscribe(onChange);
    onChange();
  });
  return () => {
    live = false;
    off();
  };
};
// cs.state() is the same frozen object until the choice changes: a valid snapshot.
const snapshot = () => (cs ? cs.state() : null);

/** The consent state, or null until the SDK is ready. */
export function useConsent() {
  return useSyncExternalStore(subscribe, snapshot, () => null);
}
