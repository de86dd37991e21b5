#!/usr/bin/env node
// A small dependency-free server for the consent-sieve demo, bound to 127.0.0.1 only.
//
//   node examples/server.mjs [port]      (default 8080; 0 picks a free port)
//
// Serves examples/ at /, the package folder js/ at /node_modules/consent-sieve/ (so the demo pages use
// the same import map a copied page would), and a tiny collector that records what pages send:
//   POST|GET /collect    record {time, host, method, path, query, headers, body}
//   POST /receipts       the reference receipt receiver (appends NDJSON; GET /receipts.ndjson reads it)
//   GET /collected       the records as JSON;  DELETE /collected   clears them
// It also stands in for the ingestion APIs of posthog-js and @segment/analytics-next (on any host, so a
// test gives them hosts of their own): their requests are recorded the same way, with the body decoded
// as the real service would (gunzip for `compression=gzip-js`, base64 for `data=` with
// `compression=base64`, form fields, JSON) and `events`, the events it carries, as a flat list:
//   PostHog   POST /e/ /i/v0/e/ /batch/ /capture/ /track/ /engage/ /s/ /i/v0/s/   events (recorded)
//             POST /flags/ /decide/, GET /array/<token>/config   a minimal remote config (recorded)
//   Segment   POST /v1/{t,p,i,g,a,s,b,batch,m}   events, batches and metrics (recorded)
//             GET /v1/projects/<writeKey>/settings   CDN settings pointing the client back at this host
// A body that cannot be decoded is recorded as it came (`encoding: "unreadable"`, body as base64).
// Tests may add pages of their own: `pages.set("/path.html", html)` on the returned object.
// Every request is also logged as {time, host, method, path, query} (`requests`, for the tests), so a
// test can tell which host a page contacted. The demo's vendors live on ads.localhost and
// video.localhost (loopback in Chromium and Firefox without any setup); pages written for the default
// port name them as `.localhost:8080`, which is rewritten to the actual port when it differs.
import { createServer } from "node:http";
import { gunzipSync } from "node:zlib";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { receiptHandler } from "./receipt-receiver.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const PACKAGE_DIR = resolve(here, "../js");
const PACKAGE_PREFIX = "/node_modules/consent-sieve/";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};
const KEPT_HEADERS = ["content-type", "referer", "origin", "user-agent", "cookie", "sec-fetch-mode", "sec-fetch-dest"];
const MAX_BODY = 64 * 1024;
const MAX_CLIENT_BODY = 4 * 1024 * 1024;

// Ingestion paths of the analytics clients the collector stands in for (see the header).
const CLIENT_EVENTS = /^\/(?:e|i\/v0\/e|batch|capture|track|engage|s|i\/v0\/s)\/?$|^\/v1\/(?:t|p|i|g|a|s|b|batch|m)\/?$/;
const POSTHOG_CONFIG = /^\/(?:flags|decide)\/?$|^\/array\/[^/]+\/config$/;
const SEGMENT_SETTINGS = /^\/v1\/projects\/([^/]+)\/settings$/;

/**
 * Resolves a URL path inside a folder, or null when it would leave it.
 * @param {string} dir @param {string} urlPath
 */
function inside(dir, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.split(/[\\/]/).includes("..")) return null;
  const file = resolve(dir, "." + sep + decoded);
  return file === dir || file.startsWith(dir + sep) ? file : null;
}

/** @param {import("node:http").IncomingMessage} req @param {number} [max] @returns {Promise<Buffer>} */
function readBytes(req, max = MAX_BODY) {
  return new Promise((ok, fail) => {
    let size = 0;
    /** @type {Buffer[]} */
    const chunks = [];
    req.on("data", (c) => {
      size += c.length;
      if (size <= max) chunks.push(c);
    });
    req.on("end", () => ok(Buffer.concat(chunks)));
    req.on("error", fail);
  });
}

/** @param {import("node:http").IncomingMessage} req @returns {Promise<string>} */
const readBody = async (req) => (await readBytes(req)).toString("utf8");

/** @param {string} text @param {string | undefined} type */
function decodeBody(text, type = "") {
  if (text === "") return null;
  if (type.includes("application/x-www-form-urlencoded") && !/^\s*[[{]/.test(text)) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text); // JSON, and beacons sent as text/plain holding JSON
  } catch {
    return text;
  }
}

/** UTF-8 text, or null when the bytes are not valid UTF-8. @param {Buffer} bytes */
function utf8(bytes) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes what an analytics client sent, as its ingestion service would: gzip (PostHog's
 * `compression=gzip-js`, or any body starting with the gzip magic bytes), PostHog's form-encoded
 * `data=<base64 or JSON>` (in the body, or in the query of a GET), JSON, else form fields.
 * @param {Buffer} bytes @param {string} type @param {URLSearchParams} query
 * @returns {{ encoding: string, body: unknown }}
 */
export function decodeClientBody(bytes, type, query) {
  const compression = query.get("compression") ?? "";
  let encoding = "";
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
      encoding = "gzip+";
    } catch {
      return { encoding: "unreadable", body: bytes.toString("base64") };
    }
  } else if (compression === "gzip-js" && bytes.length > 0) {
    return { encoding: "unreadable", body: bytes.toString("base64") };
  }
  let text = utf8(bytes);
  if (text === null) return { encoding: "unreadable", body: bytes.toString("base64") };
  if (text === "" && query.has("data")) text = `data=${encodeURIComponent(query.get("data") ?? "")}`;
  if (text === "") return { encoding: encoding + "empty", body: null };
  /** @param {string} s */
  const json = (s) => {
    try {
      return { ok: true, value: JSON.parse(s) };
    } catch {
      return { ok: false, value: undefined };
    }
  };
  const direct = json(text);
  if (direct.ok) return { encoding: encoding + "json", body: direct.value };
  if (/^[\w.$\[\]%-]+=/.test(text) || type.includes("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(text);
    const data = form.get("data");
    if (data !== null) {
      let inner = json(data);
      if (!inner.ok) {
        const decoded = utf8(Buffer.from(data.replace(/\s/g, "+"), "base64"));
        if (decoded !== null) inner = json(decoded);
        if (inner.ok) return { encoding: encoding + "base64", body: inner.value };
      } else return { encoding: encoding + "form+json", body: inner.value };
    }
    return { encoding: encoding + "form", body: Object.fromEntries(form) };
  }
  return { encoding: "unreadable", body: text };
}

/**
 * The events a decoded client body carries, as a flat list: a JSON array of events, `{ batch: [...] }`
 * (Segment, PostHog's /batch/), or one event.
 * @param {unknown} body @returns {unknown[]}
 */
export function eventsOf(body) {
  if (Array.isArray(body)) return body;
  if (body && typeof body === "object") {
    const batch = /** @type {{ batch?: unknown }} */ (body).batch;
    return Array.isArray(batch) ? batch : [body];
  }
  return [];
}

/**
 * Starts the server. Resolves once it listens.
 * @param {{ port?: number, root?: string, packageDir?: string | null, quiet?: boolean }} [options]
 *   `root`: the folder served at `/` (default examples/); `packageDir`: the folder served at
 *   /node_modules/consent-sieve/ (default js/; `null` serves the real node_modules/ under `root`)
 * @returns {Promise<{ server: import("node:http").Server, port: number, url: string, collected: object[], requests: { time: number, host: string, method: string, path: string, query: Record<string, string> }[], pages: Map<string, string>, close: () => Promise<void> }>}
 */
export function startServer({ port = 8080, root = here, packageDir = PACKAGE_DIR, quiet = true } = {}) {
  const rootDir = resolve(root);
  const pkgDir = packageDir === null ? null : resolve(packageDir);
  /** @type {object[]} */
  const collected = [];
  /** @type {{ time: number, host: string, method: string, path: string, query: Record<string, string> }[]} */
  const requests = [];
  let actualPort = port;
  /** @type {Map<string, string>} */
  const pages = new Map();
  const receiptsFile = join(mkdtempSync(join(tmpdir(), "cs-receipts-")), "receipts.ndjson");
  const receive = receiptHandler(receiptsFile);

  const server = createServer(async (req, res) => {
    const url = new URL(req.url || "/", "http://127.0.0.1");
    const path = url.pathname;
    requests.push({ time: Date.now(), host: String(req.headers.host ?? ""), method: req.method ?? "", path, query: Object.fromEntries(url.searchParams) });
    /** @param {number} status @param {string | Buffer} body @param {string} type */
    const send = (status, body, type = "text/plain; charset=utf-8") => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    /** CORS for the clients' cross-origin requests (with credentials: the origin is echoed). */
    const cors = () => {
      const origin = req.headers.origin;
      return origin
        ? { "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true", Vary: "Origin" }
        : { "Access-Control-Allow-Origin": "*" };
    };
    /** @param {number} status @param {unknown} json */
    const sendJson = (status, json) => {
      res.writeHead(status, { "Content-Type": MIME[".json"], "Cache-Control": "no-store", ...cors() });
      res.end(JSON.stringify(json));
    };
    /** Records a client request (body decoded, `events` listed). */
    const recordClient = async () => {
      const type = String(req.headers["content-type"] ?? "");
      const { encoding, body } = decodeClientBody(await readBytes(req, MAX_CLIENT_BODY), type, url.searchParams);
      /** @type {Record<string, string>} */
      const headers = {};
      for (const h of KEPT_HEADERS) if (typeof req.headers[h] === "string") headers[h] = /** @type {string} */ (req.headers[h]);
      const record = { time: Date.now(), host: String(req.headers.host ?? ""), method: req.method, path, query: Object.fromEntries(url.searchParams), headers, encoding, body, events: eventsOf(body) };
      collected.push(record);
      if (!quiet) console.log(`client ${req.method} ${record.host}${path} ${encoding} ${JSON.stringify(body).slice(0, 400)}`);
      return record;
    };
    try {
      const clientPath = CLIENT_EVENTS.test(path) || POSTHOG_CONFIG.test(path) || SEGMENT_SETTINGS.test(path);
      if (req.method === "OPTIONS" && (clientPath || path === "/collect")) {
        res.writeHead(204, {
          ...cors(),
          "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
          "Access-Control-Allow-Headers": String(req.headers["access-control-request-headers"] ?? "content-type"),
          "Access-Control-Max-Age": "600",
          "Cache-Control": "no-store",
        });
        return res.end();
      }
      if (CLIENT_EVENTS.test(path) && (req.method === "POST" || req.method === "GET")) {
        await recordClient();
        return path.startsWith("/v1/") ? sendJson(200, { success: true }) : sendJson(200, { status: 1 });
      }
      if (POSTHOG_CONFIG.test(path) && (req.method === "POST" || req.method === "GET")) {
        await recordClient();
        // No flags, no recording, no surveys or site apps: nothing more to load.
        return sendJson(200, {
          config: { enable_collect_everything: false },
          supportedCompression: ["gzip", "gzip-js"],
          featureFlags: {},
          featureFlagPayloads: {},
          flags: {},
          errorsWhileComputingFlags: false,
          hasFeatureFlags: false,
          sessionRecording: false,
          surveys: false,
          heatmaps: false,
          siteApps: [],
          capturePerformance: false,
          autocapture_opt_out: true,
          autocaptureExceptions: false,
        });
      }
      const settings = SEGMENT_SETTINGS.exec(path);
      if (settings && (req.method === "GET" || req.method === "HEAD")) {
        await recordClient();
        return sendJson(200, {
          integrations: { "Segment.io": { apiKey: decodeURIComponent(settings[1]), apiHost: `${req.headers.host}/v1`, protocol: "http" } },
          plan: { track: {}, identify: {}, group: {} },
          enabledMiddleware: {},
          middlewareSettings: {},
          metrics: { sampleRate: 0 },
          legacyVideoPluginsEnabled: false,
          remotePlugins: [],
        });
      }
      if (path === "/collect") {
        if (req.method !== "POST" && req.method !== "GET") return send(405, "method not allowed");
        const body = decodeBody(await readBody(req), req.headers["content-type"]);
        /** @type {Record<string, string>} */
        const headers = {};
        for (const h of KEPT_HEADERS) if (typeof req.headers[h] === "string") headers[h] = /** @type {string} */ (req.headers[h]);
        collected.push({ time: Date.now(), host: String(req.headers.host ?? ""), method: req.method, path, query: Object.fromEntries(url.searchParams), headers, body });
        if (!quiet) console.log(`collect ${req.method} ${url.search} ${JSON.stringify(body)}`);
        // Readable from any origin: the demo's vendors report from their own hosts.
        res.writeHead(204, { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" });
        return res.end();
      }
      // The reference receipt receiver (examples/receipt-receiver.mjs) into a temp file; /receipts-down
      // answers 503 (a site whose log endpoint is down: the SDK retries on a later load).
      if (path === "/receipts") return receive(req, res);
      if (path === "/receipts-down") return send(503, "down");
      if (path === "/receipts.ndjson") return send(200, await readFile(receiptsFile, "utf8").catch(() => ""), "application/x-ndjson");
      if (path === "/collected") {
        if (req.method === "DELETE") {
          collected.length = 0;
          res.writeHead(204, { "Cache-Control": "no-store" });
          return res.end();
        }
        if (req.method === "GET") return send(200, JSON.stringify(collected), MIME[".json"]);
        return send(405, "method not allowed");
      }
      if (req.method !== "GET" && req.method !== "HEAD") return send(405, "method not allowed");
      const page = pages.get(path);
      if (page !== undefined) return send(200, page, MIME[".html"]);

      const [dir, rest] = pkgDir && path.startsWith(PACKAGE_PREFIX) ? [pkgDir, path.slice(PACKAGE_PREFIX.length)] : [rootDir, path];
      let file = inside(dir, rest);
      if (!file) return send(403, "forbidden");
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        if (!path.endsWith("/")) {
          res.writeHead(301, { Location: path + "/" + url.search, "Cache-Control": "no-store" });
          return res.end();
        }
        file = join(file, "index.html");
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) return send(404, "not found");
      const type = MIME[/** @type {keyof typeof MIME} */ (extname(file).toLowerCase())] || "application/octet-stream";
      /** @type {string | Buffer} */
      let body = await readFile(file);
      if (actualPort !== 8080 && /^text\/(html|javascript)/.test(type)) body = body.toString("utf8").replaceAll(".localhost:8080", `.localhost:${actualPort}`);
      return send(200, body, type);
    } catch (e) {
      return send(500, "server error");
    }
  });

  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      actualPort = actual;
      ok({
        server,
        port: actual,
        url: `http://127.0.0.1:${actual}`,
        collected,
        requests,
        pages,
        close: () => new Promise((done) => { server.closeAllConnections?.(); server.close(() => done()); }),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`usage: node examples/server.mjs [port]   (got "${process.argv[2]}")`);
    process.exit(2);
  }
  const { url } = await startServer({ port, quiet: false });
  console.log(`listening on ${url}`);
}
