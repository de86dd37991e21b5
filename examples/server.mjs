#!/usr/bin/env node
// A small dependency-free server for the consent-sieve demo, bound to 127.0.0.1 only.
//
//   node examples/server.mjs [port]      (default 8080; 0 picks a free port)
//
// Serves examples/ at /, the package folder js/ at /node_modules/consent-sieve/ (so the demo pages use
// the same import map a copied page would), and a tiny collector that records what pages send:
//   POST|GET /collect    record {time, host, method, path, query, headers, body}
//   GET /collected       the records as JSON;  DELETE /collected   clears them
// Tests may add pages of their own: `pages.set("/path.html", html)` on the returned object.
// Every request is also logged as {time, host, method, path, query} (`requests`, for the tests), so a
// test can tell which host a page contacted. The demo's vendors live on ads.localhost and
// video.localhost (loopback in Chromium and Firefox without any setup); pages written for the default
// port name them as `.localhost:8080`, which is rewritten to the actual port when it differs.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

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

/** @param {import("node:http").IncomingMessage} req @returns {Promise<string>} */
function readBody(req) {
  return new Promise((ok, fail) => {
    let size = 0;
    /** @type {Buffer[]} */
    const chunks = [];
    req.on("data", (c) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => ok(Buffer.concat(chunks).toString("utf8")));
    req.on("error", fail);
  });
}

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

  const server = createServer(async (req, res) => {
    const url = new URL(req.url || "/", "http://127.0.0.1");
    const path = url.pathname;
    requests.push({ time: Date.now(), host: String(req.headers.host ?? ""), method: req.method ?? "", path, query: Object.fromEntries(url.searchParams) });
    /** @param {number} status @param {string | Buffer} body @param {string} type */
    const send = (status, body, type = "text/plain; charset=utf-8") => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    try {
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
