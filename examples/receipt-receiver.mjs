// A reference receiver for `receiptEndpoint`: appends each receipt the SDK POSTs (NDJSON, one receipt
// a line) to a file, for the site's existing log pipeline; then `npx consent-sieve verify <file>`
// checks the chains. No store of our own: a file, append-only. Node, no dependencies.
//   node examples/receipt-receiver.mjs receipts.ndjson 8787     (POST http://127.0.0.1:8787/receipts)
// or mount `receiptHandler(file)` in an existing node:http server, as examples/server.mjs does.
import { appendFile } from "node:fs/promises";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

/** The most one POST may carry (the SDK sends at most its 100 kept receipts, each about 1 KB). */
export const MAX_BODY = 512 * 1024;

/**
 * A request handler: POST with an NDJSON body of receipts; each line must be a JSON object with a
 * `receiptId` (else 400, nothing written); appended to `file` as sent; 204 on success. The SDK keeps
 * what was not accepted (any other status) and sends it again on a later page load.
 * @param {string} file @returns {(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => Promise<void>}
 */
export function receiptHandler(file) {
  return async (req, res) => {
    const reply = (status, text = "") => {
      res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
      res.end(text);
    };
    if (req.method !== "POST") return reply(405, "POST receipts as NDJSON");
    const chunks = [];
    let size = 0;
    for await (const c of req) {
      size += c.length;
      if (size > MAX_BODY) return reply(413, "too large");
      chunks.push(c);
    }
    const lines = Buffer.concat(chunks).toString("utf8").split("\n").filter((l) => l.trim());
    for (const [i, line] of lines.entries()) {
      let r;
      try {
        r = JSON.parse(line);
      } catch {
        return reply(400, `line ${i + 1}: not JSON`);
      }
      if (!r || typeof r !== "object" || typeof r.receiptId !== "string") return reply(400, `line ${i + 1}: not a receipt`);
    }
    if (lines.length) await appendFile(file, lines.join("\n") + "\n");
    reply(204);
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file = "receipts.ndjson", port = "8787"] = process.argv.slice(2);
  const handle = receiptHandler(file);
  createServer((req, res) => (new URL(req.url ?? "/", "http://x").pathname === "/receipts" ? handle(req, res) : res.writeHead(404).end()))
    .listen(Number(port), "127.0.0.1", () => console.log(`receipts -> ${file} on http://127.0.0.1:${port}/receipts`));
}
