// The probes' page: bench/load's consent-sieve adapter page (the README's no-bundler form) served on
// 127.0.0.1 with the package's js/dist, and Chromium from tests/e2e's playwright-core.
import { createServer } from "node:http";
import { readFileSync, existsSync } from "node:fs";
import { join, extname } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const { chromium } = await import(join(REPO, "tests/e2e/node_modules/playwright-core/index.mjs"));
const TYPES = { ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".html": "text/html" };

/**
 * Serves the page at `/` and js/dist at `/cs/dist/`; `files` maps a path to another file, `headers`
 * go on every response. @param {{ files?: Record<string, string>, headers?: Record<string, string> }} [o]
 * @returns {Promise<{ url: string, close: () => void }>}
 */
export async function servePage({ files = {}, headers = {} } = {}) {
  const page = readFileSync(join(REPO, "bench/load/adapters/consent-sieve/page.html"), "utf8").replace("{{CONTENT}}", "<main><h1>Hi</h1><p>text</p></main>");
  const srv = createServer((q, r) => {
    const p = new URL(q.url ?? "/", "http://x").pathname;
    if (p === "/") return r.writeHead(200, { ...headers, "content-type": "text/html" }).end(page);
    const f = files[p] ?? (p.startsWith("/cs/dist/") ? join(REPO, "js/dist", p.slice(9)) : "");
    if (!f || !existsSync(f)) return r.writeHead(404).end();
    r.writeHead(200, { ...headers, "content-type": TYPES[extname(f)] || "application/octet-stream" }).end(readFileSync(f));
  }).listen(0, "127.0.0.1");
  await new Promise((ok) => srv.on("listening", ok));
  return { url: `http://127.0.0.1:${/** @type {any} */ (srv.address()).port}/`, close: () => srv.close() };
}
