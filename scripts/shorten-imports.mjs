// Renames the wasm's imports from the wasm-bindgen glue (`__wbg_setAttribute_<16 hex>` and the like,
// about 110 of them) to short names, in the .wasm and in the glue alike. Those random hashes do not
// compress: this saves about 2 KB brotli'd. Usage: node scripts/shorten-imports.mjs <wasm> <glue.js>
import { readFileSync, writeFileSync } from "node:fs";

const [wasmPath, gluePath] = process.argv.slice(2);
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, "utf8");

function leb(buf, i) {
  let r = 0, shift = 0, b;
  do { b = buf[i++]; r |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
  return [r >>> 0, i];
}
const enc = (n) => { const out = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n); return out; };
const str = (s) => { const b = Buffer.from(s, "utf8"); return [...enc(b.length), ...b]; };
const shortName = (n) => { let s = ""; do { s = "abcdefghijklmnopqrstuvwxyz"[n % 26] + s; n = Math.floor(n / 26) - 1; } while (n >= 0); return "_" + s; };

const out = [wasm.subarray(0, 8)];
let i = 8, renamed = 0;
const names = new Map();
while (i < wasm.length) {
  const id = wasm[i];
  const [size, start] = leb(wasm, i + 1);
  const end = start + size;
  if (id !== 2) { out.push(wasm.subarray(i, end)); i = end; continue; }
  let [count, j] = leb(wasm, start);
  const body = [...enc(count)];
  for (let k = 0; k < count; k++) {
    let len; [len, j] = leb(wasm, j); const module = wasm.subarray(j, j + len).toString("utf8"); j += len;
    [len, j] = leb(wasm, j); const field = wasm.subarray(j, j + len).toString("utf8"); j += len;
    const descStart = j;
    const kind = wasm[j++];
    if (kind === 0) [, j] = leb(wasm, j);                     // func: type index
    else if (kind === 1) { j++; const f = wasm[j++]; [, j] = leb(wasm, j); if (f & 1) [, j] = leb(wasm, j); } // table
    else if (kind === 2) { const f = wasm[j++]; [, j] = leb(wasm, j); if (f & 1) [, j] = leb(wasm, j); }     // memory
    else if (kind === 3) j += 2;                               // global
    else if (kind === 4) { j++; [, j] = leb(wasm, j); }        // tag
    let name = field;
    // Only the glue's own module, and only names the glue spells exactly once as a key.
    if (module.startsWith("./") && /^__wb\w+$/.test(field) && glue.split(field).length === 2) {
      name = shortName(renamed++);
      names.set(field, name);
    }
    body.push(...str(module), ...str(name), ...wasm.subarray(descStart, j));
  }
  out.push(Buffer.from([2, ...enc(body.length), ...body]));
  i = end;
}
for (const [from, to] of names) glue = glue.split(from).join(to);
writeFileSync(wasmPath, Buffer.concat(out));
writeFileSync(gluePath, glue);
console.log(`[build] shortened ${names.size} import names`);
