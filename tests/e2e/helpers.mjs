// Shared set-up for the end-to-end tests: the demo server (in-process, port 0), Debian's Chromium via
// playwright-core (never a browser download), a fresh context per test, and a test fails on any
// console error or uncaught page error it did not declare.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { startServer } from "../../examples/server.mjs";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const AXE_PATH = fileURLToPath(new URL("./node_modules/axe-core/axe.min.js", import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  // Vendors get hosts of their own in tests (ads.test, stats.test, video.test, www.shop.test…), all
  // served by the local test server: nothing ever leaves 127.0.0.1.
  "--host-resolver-rules=MAP *.test 127.0.0.1",
];
export const WASM = fileURLToPath(new URL("../../js/pkg/consent_sieve_bg.wasm", import.meta.url));

/** Fails fast, with the fix, when the wasm has not been built. */
export function requireBuild() {
  assert.ok(existsSync(WASM), `js/pkg/consent_sieve_bg.wasm is missing: run scripts/build first`);
  assert.ok(existsSync(join(REPO, "js", "dist", "index.js")), `js/dist is missing: run scripts/build first`);
}

/**
 * One server and one browser per test file. Returns an env whose `test(name, fn, options)` gives each
 * test a fresh context and page.
 * @param {{ root?: string, packageDir?: string | null }} [options] passed to startServer: `root` is the
 *   folder served at `/` (default examples/), `packageDir` the one at /node_modules/consent-sieve/ (default js/)
 */
export function useBrowser(options = {}) {
  /** @type {{ url: string, port: number, collected: any[], requests: any[], pages: Map<string, string>, close: () => Promise<void> }} */
  let server;
  /** @type {import("playwright-core").Browser} */
  let browser;

  before(async () => {
    requireBuild();
    server = await startServer({ ...options, port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const env = {
    get url() {
      return server.url;
    },
    get browser() {
      return browser;
    },
    get port() {
      return server.port;
    },
    /** Serves `html` at `path` (e.g. "/late.html") from this file's server, on every host. */
    page: (path, html) => void server.pages.set(path, html),
    /** Every request the server received ({time, host, method, path, query}), oldest first. */
    requests: () => server.requests.slice(),
    /** Requests to `host` (without the port), e.g. "video.test". */
    requestsTo: (host) => server.requests.filter((r) => r.host.replace(/:\d+$/, "") === host),
    /** Requests that reached the collector, oldest first. */
    collected: () => server.collected.slice(),
    /** Tag names the collector heard from (gated tags put `{tag}` in their body or query). */
    collectedTags: () => server.collected.map((c) => c.body?.tag ?? c.query?.tag).filter(Boolean),
    clearCollected: () => void (server.collected.length = 0),
    clearRequests: () => void (server.requests.length = 0),

    /**
     * A test with its own browser context. Fails on console errors and page errors unless
     * `allowErrors` is set (then the test checks `logs`/`pageErrors` itself).
     * @param {string} name
     * @param {(t: { page: import("playwright-core").Page, context: import("playwright-core").BrowserContext, logs: {type: string, text: string}[], pageErrors: Error[], url: string }) => Promise<void>} fn
     * @param {{ allowErrors?: boolean, context?: import("playwright-core").BrowserContextOptions, timeout?: number, skip?: boolean | string }} [opts]
     */
    test(name, fn, opts = {}) {
      test(name, { timeout: opts.timeout ?? 60_000, skip: opts.skip ?? false }, async () => {
        env.clearCollected();
        env.clearRequests();
        const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 }, ...opts.context });
        context.setDefaultTimeout(10_000);
        const page = await context.newPage();
        /** @type {{type: string, text: string}[]} */
        const logs = [];
        /** @type {Error[]} */
        const pageErrors = [];
        page.on("console", (m) => logs.push({ type: m.type(), text: m.text() }));
        page.on("pageerror", (e) => pageErrors.push(e));
        try {
          await fn({ page, context, logs, pageErrors, url: server.url });
          if (!opts.allowErrors) {
            assert.deepEqual(pageErrors.map(String), [], "uncaught errors in the page");
            assert.deepEqual(logs.filter((l) => l.type === "error").map((l) => l.text), [], "console errors in the page");
          }
        } finally {
          await context.close();
        }
      });
    },
  };
  return env;
}

export const BANNER = '[data-consent-sieve="banner"]';
export const PREFS = '[data-consent-sieve="preferences"]';
export const btn = (action, root = BANNER) => `${root} [data-action="${action}"]`;

/** Waits until `init` settled: the instance is on window (resolved) or init failed. */
export async function ready(page) {
  await page.waitForFunction(() => window.consentSieve !== undefined, null, { timeout: 15_000 });
}

/** Opens a page and waits for the SDK. */
export async function open(page, url) {
  await page.goto(url);
  await ready(page);
}

/** window.__ran: the gated tags that ran, in order. */
export const ran = (page) => page.evaluate(() => window.__ran ?? []);

/** Polls `fn` until it returns a truthy value (or the timeout passes), returns the last value. */
export async function eventually(fn, { timeout = 5000, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last || Date.now() > end) return last;
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Waits until `expected` gated tags ran (or times out), then returns window.__ran. */
export async function ranAfter(page, expected) {
  await page.waitForFunction((n) => (window.__ran ?? []).length >= n, expected, { timeout: 10_000 }).catch(() => {});
  return ran(page);
}

/** Lets tags that would wrongly run get the chance to: the page is idle and a little time passed. */
export async function settle(page, ms = 400) {
  await page.waitForLoadState("load");
  await page.waitForTimeout(ms);
}

/** The stored record from localStorage `consent-sieve` and cookie `consent_sieve`, parsed (or raw). */
export async function stored(page) {
  const local = await page.evaluate(() => localStorage.getItem("consent-sieve"));
  const cookie = (await page.context().cookies()).find((c) => c.name === "consent_sieve");
  const parse = (s) => {
    if (s == null) return null;
    try {
      return JSON.parse(s);
    } catch {
      return s;
    }
  };
  return { local: parse(local), cookie: cookie ? parse(decodeURIComponent(cookie.value)) : null };
}

/** The purposes map of a stored record, whatever its field name (`p` in format v1, or `purposes`). */
export const purposesOf = (record) => record?.p ?? record?.purposes ?? null;

/** The demo page's config, as the page ships it. */
export const DEMO_PURPOSES = { required: ["necessary"], optional: ["analytics", "marketing"] };
export const ALL_TAGS = ["analytics-inline", "analytics-external", "marketing-external", "marketing-inline"];

/** Form/query text percent-decoded (`+` is a space); the text itself when it is not valid encoding. */
export function decodeForm(s) {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

/** Every string in a value (keys included), recursively. */
export function strings(v, out = []) {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) strings(k, out), strings(x, out);
  return out;
}

/**
 * The leak scanner of the client tests: the raw personal data found anywhere in `value` (as sent,
 * percent-decoded, or without separators), as [kind, string] pairs. Looks for any email address, the
 * test phone number, card and IBAN, `userId`, the `cards` given, and IPv4 addresses: `ips` lists the
 * ones to look for, or `anyIpv4` flags every address whose last octet is not 0 (truncated ones are).
 * @param {unknown} value @param {{ userId: string, cards?: string[], ips?: string[], anyIpv4?: boolean, ipv6?: string }} o
 */
export function leaks(value, { userId, cards = [], ips = [], anyIpv4 = false, ipv6 = "1319:8a2e:370:7348" }) {
  const found = [];
  const bareCards = ["4111111111111111", ...cards.map((c) => c.replace(/[\s-]/g, ""))];
  for (const raw of strings(value)) {
    for (const s of new Set([raw, decodeForm(raw)])) {
      const bare = s.replace(/[\s().+-]/g, "");
      if (/[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}/i.test(s)) found.push(["email", s]);
      if (bare.includes("4155550100")) found.push(["phone", s]);
      if (bareCards.some((c) => bare.includes(c))) found.push(["card", s]);
      if (bare.toUpperCase().includes("DE89370400440532013000")) found.push(["iban", s]);
      if (ips.some((ip) => s.includes(ip))) found.push(["ip", s]);
      if (anyIpv4) {
        for (const m of s.matchAll(/(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])/g)) {
          if (m.slice(1).every((o) => Number(o) <= 255) && m[4] !== "0") found.push(["ipv4", s]);
        }
      }
      if (ipv6 && s.toLowerCase().includes(ipv6)) found.push(["ipv6", s]);
      if (s.includes(userId)) found.push(["user id", s]);
    }
  }
  return found;
}

/** Aborts and records every request that would leave 127.0.0.1 and the *.test hosts (clients' CDNs, APIs). */
export async function guardOffline(context) {
  /** @type {string[]} */
  const outside = [];
  await context.route("**/*", (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === "127.0.0.1" || hostname.endsWith(".test")) return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  return outside;
}

/** Every page core's .wasm (the loader's `pkg/consent_sieve*_bg.wasm`), as a route glob. */
export const CORE_WASM = "**/pkg/consent_sieve*_bg.wasm";

/**
 * Holds every request matching `glob` until `release()`, so "before it arrives" is certain rather
 * than a race; `handle` answers each request then (by default as the server would; a fault
 * otherwise). `asked()`: how many were asked for; `done()`: release and stop holding.
 * @param {import("playwright-core").Page} page @param {string} glob
 * @param {(route: import("playwright-core").Route) => Promise<unknown>} [handle]
 */
export async function holdRoute(page, glob, handle = (route) => route.continue()) {
  await page.unroute(glob);
  let release = () => {};
  const held = new Promise((r) => (release = () => r(undefined)));
  let asked = 0;
  await page.route(glob, async (route) => {
    asked++;
    await held;
    await handle(route).catch(() => {});
  });
  return { release, asked: () => asked, done: async () => { release(); await page.unroute(glob); } };
}

/** holdRoute for every page core's .wasm: "before the core". @param {import("playwright-core").Page} page @param {(route: import("playwright-core").Route) => Promise<unknown>} [handle] */
export const holdWasm = (page, handle) => holdRoute(page, CORE_WASM, handle);

/** The paths of the page's stylesheet links, in document order. @param {import("playwright-core").Page} page */
export const stylesheets = (page) => page.$$eval('link[rel~="stylesheet"]', (l) => l.map((x) => new URL(/** @type {HTMLLinkElement} */ (x).href).pathname));
