// Every body form a page can send to a destination is read before it leaves, never passed unread:
// strings, URLSearchParams, FormData (files: opaque, blocked), Blob, ArrayBuffer, typed arrays and
// DataView, Request objects and ReadableStream bodies (read fully, then decided). Bytes that are not
// UTF-8 reach the facade's hook as a Uint8Array, and the bytes it returns leave in the original body
// type (a Blob keeps its type). early.js alone, with a recording hook in place of the core; the
// collector on 127.0.0.1 (vendor hosts dest.test, plain.test) keeps each raw body.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { useBrowser } from "./helpers.mjs";
import { html } from "./pages.mjs";

const env = useBrowser({ root: fileURLToPath(new URL("./fixtures/", import.meta.url)) });

/** @type {{ host: string, via: string, type: string, body: number[] }[]} */
const hits = [];
let collector;
let CP = 0;
before(async () => {
  collector = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const cors = { "Access-Control-Allow-Origin": req.headers.origin || "*", "Access-Control-Allow-Credentials": "true" };
      if (req.method === "OPTIONS") {
        res.writeHead(204, { ...cors, "Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] || "content-type" });
        return res.end();
      }
      const url = new URL(req.url || "/", "http://x");
      hits.push({ host: String(req.headers.host).replace(/:\d+$/, ""), via: url.searchParams.get("via") ?? "", type: String(req.headers["content-type"] ?? ""), body: [...Buffer.concat(chunks)] });
      res.writeHead(204, cors);
      res.end();
    });
  });
  await new Promise((ok) => collector.listen(0, "127.0.0.1", ok));
  CP = collector.address().port;
});
after(() => new Promise((ok) => { collector.closeAllConnections?.(); collector.close(() => ok(undefined)); }));

async function heard(page, n) {
  for (let i = 0; i < 150 && hits.length < n; i++) await page.waitForTimeout(20);
  await page.waitForTimeout(200);
  return hits.slice();
}

const config = () => ({
  policyVersion: "1",
  purposes: [{ id: "necessary", required: true, label: "Necessary" }, { id: "analytics", label: "Analytics" }],
  vendors: [
    { id: "dest", name: "Dest", purposes: ["analytics"], hosts: ["dest.test"], minimize: { fields: { email: "hash" } } },
    { id: "plain", name: "Plain", purposes: ["analytics"], hosts: ["plain.test"] },
  ],
});

const GZ = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0xff, 0xfe, 0x80];
const TAIL = [0xaa, 0xbb];

env.test("early layer: every body form to a destination is read; the hook's bytes leave in the original body type", async ({ page, logs, pageErrors }) => {
  hits.length = 0;
  env.page("/bodies.html", html({ config: config(), body: "" }).replace(/<script type="module" src="[^"]*auto\.js"><\/script>/, ""));
  await page.goto(`${env.url}/bodies.html`);
  const out = await page.evaluate(async ([dest, plain, GZ, TAIL]) => {
    window.__calls = {};
    // Stands in for the core: text has its email replaced, bytes get TAIL appended; `?via=pass…` is no
    // destination request ([]: judged, allowed); FormData with a file is opaque: blocked.
    window.__consentSieveEarly.register({
      allow: () => true,
      vendor: () => "dest",
      release() {},
      vendors: [],
      request(url, body, opaque) {
        const via = new URL(url).searchParams.get("via");
        __calls[via] = body instanceof Uint8Array ? { bytes: [...body] } : { text: body, opaque };
        if (via.startsWith("pass")) return [];
        if (via === "trusted") return ["send", url]; // like a destination whose adapter minimized in the page
        if (opaque) return ["block", "dest", "cannot read the body"];
        if (body instanceof Uint8Array) return ["send", url, new Uint8Array([...body, ...TAIL])];
        return ["send", url, body == null ? body : body.replace(/x@y\.z/g, "[email]")];
      },
    });
    const gz = () => new Uint8Array(GZ);
    const stream = (bytes) => new ReadableStream({ start(c) { c.enqueue(bytes.slice(0, 4)); c.enqueue(bytes.slice(4)); c.close(); } });
    const text = new TextEncoder().encode('{"email":"x@y.z"}');
    const f = (via, init, url = dest) => fetch(`${url}?via=${via}`, { method: "POST", ...init }).then((r) => r.status, (e) => e.name);
    const padded = new Uint8Array(GZ.length + 4);
    padded.set(GZ, 2);
    const fd = new FormData();
    fd.append("file", new Blob([gz()]), "f.bin");
    const r = {
      uint8: await f("uint8", { body: gz() }),
      arraybuffer: await f("arraybuffer", { body: gz().buffer }),
      offsetView: await f("offsetView", { body: new Uint8Array(padded.buffer, 2, GZ.length) }),
      dataview: await f("dataview", { body: new DataView(padded.buffer, 2, GZ.length) }),
      int16: await f("int16", { body: new Int16Array(new Uint8Array([...GZ, 0]).buffer) }),
      blob: await f("blob", { body: new Blob([gz()], { type: "application/x-gzip" }) }),
      request: await fetch(new Request(`${dest}?via=request`, { method: "POST", body: gz(), headers: { "Content-Type": "application/octet-stream" } })).then((r) => r.status, (e) => e.name),
      stream: await f("stream", { body: stream(gz()), duplex: "half" }),
      streamText: await f("streamText", { body: stream(text), duplex: "half", headers: { "Content-Type": "application/json" } }),
      requestStream: await fetch(new Request(`${dest}?via=requestStream`, { method: "POST", body: stream(gz()), duplex: "half" })).then((r) => r.status, (e) => e.name),
      passStream: await f("passStream", { body: stream(gz()), duplex: "half" }),
      plainStream: await f("plainStream", { body: stream(gz()), duplex: "half" }, plain),
      file: await f("file", { body: fd }),
      trusted: await f("trusted", { body: gz() }),
      beaconBlob: navigator.sendBeacon(`${dest}?via=beaconBlob`, new Blob([gz()], { type: "text/plain" })),
      xhr: await new Promise((done) => {
        const x = new XMLHttpRequest();
        x.open("POST", `${dest}?via=xhr`);
        x.onload = () => done(x.status);
        x.onerror = () => done("error");
        x.send(new DataView(padded.buffer, 2, GZ.length));
      }),
    };
    return r;
  }, [`http://dest.test:${CP}/collect`, `http://plain.test:${CP}/collect`, GZ, TAIL]);
  assert.deepEqual(out, {
    uint8: 204, arraybuffer: 204, offsetView: 204, dataview: 204, int16: 204, blob: 204, request: 204, stream: 204, streamText: 204,
    requestStream: 204, passStream: 204, plainStream: "TypeError", file: "TypeError", trusted: 204, beaconBlob: true, xhr: 204,
  });
  const got = Object.fromEntries((await heard(page, 14)).map((h) => [h.via, h]));
  const sent = [...GZ, ...TAIL];
  for (const via of ["uint8", "arraybuffer", "offsetView", "dataview", "blob", "request", "stream", "requestStream", "beaconBlob", "xhr"]) {
    assert.deepEqual(got[via]?.body, sent, `${via}: the hook's bytes left`);
  }
  assert.deepEqual(got.int16.body, [...GZ, 0, ...TAIL], "int16: every byte of the view, then the hook's");
  assert.equal(got.blob.type, "application/x-gzip", "a Blob keeps its type");
  assert.equal(got.beaconBlob.type, "text/plain", "a Blob beacon keeps its type");
  assert.equal(got.request.type, "application/octet-stream", "a Request keeps its headers");
  assert.equal(Buffer.from(got.streamText.body).toString(), '{"email":"[email]"}', "a stream of UTF-8 text is read as text");
  assert.match(got.streamText.type, /^application\/json/);
  assert.deepEqual(got.passStream.body, GZ, "a stream read for a request the hook passes leaves as the bytes read");
  // Chromium streams a request body only over HTTP/2, so to this HTTP/1.1 collector the page's own stream
  // fails as it would without consent-sieve (a destination's stream is read first and leaves as bytes).
  assert.equal(got.plainStream, undefined);
  assert.equal(got.file, undefined, "FormData with a file never left");
  assert.deepEqual(got.trusted.body, GZ, "bytes the hook lets go without a body of its own leave as they were");
  const calls = await page.evaluate(() => window.__calls);
  for (const via of ["uint8", "arraybuffer", "offsetView", "dataview", "blob", "request", "stream", "requestStream", "passStream", "trusted", "beaconBlob", "xhr"]) {
    assert.deepEqual(calls[via], { bytes: GZ }, `${via}: the hook saw the bytes`);
  }
  assert.deepEqual(calls.streamText, { text: '{"email":"x@y.z"}', opaque: false });
  assert.deepEqual(calls.file, { text: null, opaque: true });
  assert.equal(calls.plainStream, undefined, "the hook never saw a request to a host that is no destination");
  assert.deepEqual(logs.filter((l) => l.type === "warning").map((l) => l.text), [`consent-sieve: blocked a request to vendor "dest" (cannot read the body): http://dest.test:${CP}`]);
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(logs.filter((l) => l.type === "error").map((l) => l.text), ["Failed to load resource: net::ERR_ALPN_NEGOTIATION_FAILED"], "only the browser's own stream failure");
}, { allowErrors: true });
