// consent-sieve adapters: minimize events inside analytics clients that batch or compress what they
// send, so the policy runs before the body becomes unreadable (docs/minimize.md). One line each:
//   posthog.init(key, { before_send: posthogBeforeSend() })
//   analytics.register(segmentPlugin())
// Creating an adapter tells the network layer (trust) that this destination's requests to the
// client's event endpoints carry bodies minimized in-process (its other requests, such as posthog's
// /flags/, are still minimized on the wire: core::minimize::Adapter). Until the facade binds the SDK, and on any error, events are dropped: fail closed.
// Nothing here throws into the page.

/** @typedef {{ minimize(event: unknown, destination: string): unknown, trust(destination: string, adapter: string): void }} Minimizer */
/** @typedef {Record<string, unknown>} JsonObject */

/** @type {Minimizer | null} */
let bound = null;
/** [destination, adapter] pairs, replayed to the minimizer when it is bound. @type {Map<string, [string, "posthog" | "segment"]>} */
const trusted = new Map();

/**
 * Called by the facade once the SDK is ready: from then on adapters minimize with `m`.
 * @param {Minimizer} m
 */
export function bindMinimizer(m) {
  bound = m;
  trusted.forEach(([d, a]) => trust(d, a));
}

/** @param {string} destination @param {"posthog" | "segment"} adapter */
function trust(destination, adapter) {
  trusted.set(destination + "\n" + adapter, [destination, adapter]);
  try {
    bound?.trust(destination, adapter);
  } catch {
    // the minimizer failed: its minimize() fails closed too
  }
}

/** @param {unknown} v @returns {v is JsonObject} */
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The minimized copy of `event` (a Date in it, like posthog-js's `timestamp`, comes back as its ISO
 * string, which both clients send as it is), or null: drop.
 * @param {unknown} event @param {string} destination @returns {JsonObject | null}
 */
function minimized(event, destination) {
  try {
    const out = bound && isObject(event) ? bound.minimize(event, destination) : null;
    return isObject(out) ? out : null;
  } catch {
    return null;
  }
}

/**
 * A posthog-js `before_send` hook: `posthog.init(key, { api_host, before_send: posthogBeforeSend() })`.
 * Returns the minimized event, or null (posthog-js then sends nothing for it).
 * @param {string} [destination] the vendor id with the `minimize` policy
 * @returns {(event: any) => any}
 */
export function posthogBeforeSend(destination = "posthog") {
  trust(destination, "posthog");
  return (event) => minimized(event, destination);
}

/**
 * An @segment/analytics-next enrichment plugin: `analytics.register(segmentPlugin())` (register it
 * after your own enrichment plugins). It rewrites each event in place; a dropped event is cancelled
 * (never retried) and, should cancelling fail, disabled for every destination.
 * @param {string} [destination] the vendor id with the `minimize` policy
 */
export function segmentPlugin(destination = "segment") {
  trust(destination, "segment");
  /** @param {any} ctx */
  const handle = (ctx) => {
    let event;
    try {
      event = ctx.event;
      const out = minimized(event, destination);
      if (out) {
        for (const k of Object.keys(event)) delete event[k];
        Object.assign(event, out);
        return ctx;
      }
    } catch {
      // dropped below
    }
    return drop(ctx, event);
  };
  return {
    name: "consent-sieve",
    type: /** @type {const} */ ("enrichment"),
    version: "1",
    isLoaded: () => true,
    load: () => Promise.resolve(),
    track: handle,
    identify: handle,
    page: handle,
    group: handle,
    alias: handle,
    screen: handle,
  };
}

/**
 * Drops an analytics-next event: nothing is left in it for any destination, then it is cancelled with
 * the library's own ContextCancelation (taken from `ctx.cancel()`), as source middleware does.
 * @param {any} ctx @param {unknown} event
 */
function drop(ctx, event) {
  /** @type {any} */
  let Cancel;
  try {
    if (isObject(event)) {
      for (const k of Object.keys(event)) if (k !== "type" && k !== "messageId") delete event[k];
      event.integrations = { All: false, "Segment.io": false };
    }
    ctx.cancel();
  } catch (e) {
    Cancel = /** @type {any} */ (e)?.constructor;
  }
  // Caught by analytics-next: the event goes nowhere and is not retried.
  if (typeof Cancel === "function" && Cancel !== TypeError) throw new Cancel({ retry: false, type: "middleware_cancellation", reason: "consent-sieve" });
  return ctx;
}
