// Where a page core's bytes go: reads a .wasm that kept its function names (scripts/wasm-sizes builds
// one) and prints its sections, the code bytes of each module of the crate and of each dependency, and
// the largest functions. Raw bytes of the optimized module (wasm-opt -Oz, as shipped; only the names
// are kept): brotli shrinks each part by about the same factor. Inlining moves code into its callers:
// an export's shim (`consentmanager_new`) holds what it inlined (the config reader, for `new`).
//   node scripts/wasm-sizes.mjs <named.wasm> [--top 30] [--json]
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--") && !/^\d+$/.test(a));
if (!file) {
  console.error("usage: node scripts/wasm-sizes.mjs <named.wasm> [--top N] [--json]");
  process.exit(2);
}
const top = Number(args[args.indexOf("--top") + 1]) || 30;
const b = readFileSync(file);
if (b.readUInt32LE(0) !== 0x6d736100) throw new Error(`${file}: not a wasm module`);

let p = 8;
/** LEB128, unsigned. */
const u = () => {
  let r = 0, s = 0, x;
  do { x = b[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
  return r;
};
const NAMES = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "data count", "tag"];
/** @type {Map<string, number>} */
const sections = new Map();
let imported = 0;
/** @type {number[]} */
const bodies = [];
/** @type {Map<number, string>} */
const names = new Map();
while (p < b.length) {
  const id = b[p++];
  const len = u();
  const end = p + len;
  let name = NAMES[id] ?? `section ${id}`;
  if (id === 0) {
    const n = u();
    name = `custom "${b.subarray(p, p + n).toString()}"`;
    p += n;
    if (name === 'custom "name"') {
      while (p < end) {
        const sub = b[p++];
        const sl = u();
        const se = p + sl;
        if (sub === 1) for (let i = 0, c = u(); i < c; i++) {
          const idx = u();
          const l = u();
          names.set(idx, b.subarray(p, p + l).toString());
          p += l;
        }
        p = se;
      }
    }
  } else if (id === 2) {
    for (let i = 0, c = u(); i < c; i++) {
      for (let k = 0; k < 2; k++) { const l = u(); p += l; } // module, field (u() moves p: read it first)
      const kind = b[p++];
      if (kind === 0) { u(); imported++; } else if (kind === 1) { p++; if (b[p++] & 1) { u(); u(); } else u(); } else if (kind === 2) { if (b[p++] & 1) { u(); u(); } else u(); } else if (kind === 3) p += 2; else if (kind === 4) { p++; u(); }
    }
  } else if (id === 10) {
    for (let i = 0, c = u(); i < c; i++) { const l = u(); bodies.push(l); p += l; }
  }
  sections.set(name, (sections.get(name) ?? 0) + len);
  p = end;
}
if (names.size === 0) throw new Error(`${file}: no function names (build it with scripts/wasm-sizes, which keeps them)`);

/** A function's name without hashes and crate disambiguators. @param {string} n */
const clean = (n) => n.replace(/\[[0-9a-f]{16}\]/g, "").replace(/::h[0-9a-f]{16}$/, "");
/** The part of the code a function counts to. @param {string} n */
function group(n) {
  const own = n.match(/consent_sieve::(core|web)::(\w+)/);
  if (own) return `${own[1]}::${own[2]}`;
  if (/^consentmanager_|^__wbg_|^__wbindgen|^__externref/.test(n)) return "exports and glue shims (with what they inline)";
  const crate = n.match(/^<?&?(?:mut )?(?:dyn )?([a-z_][a-z0-9_]*)::/);
  return crate ? `dependency ${crate[1]}` : "other";
}
const funcs = bodies.map((size, i) => ({ size, name: clean(names.get(i + imported) ?? `function ${i + imported}`) }));
const code = bodies.reduce((a, c) => a + c, 0);
/** @type {Map<string, { size: number, count: number }>} */
const groups = new Map();
for (const f of funcs) {
  const g = groups.get(group(f.name)) ?? { size: 0, count: 0 };
  g.size += f.size;
  g.count++;
  groups.set(group(f.name), g);
}
const byGroup = [...groups].map(([name, g]) => ({ name, ...g })).sort((x, y) => y.size - x.size);
const largest = [...funcs].sort((x, y) => y.size - x.size).slice(0, top);
if (args.includes("--json")) {
  console.log(JSON.stringify({ file, sections: Object.fromEntries(sections), code, groups: byGroup, largest }, null, 2));
} else {
  const kb = (n) => (n / 1024).toFixed(1).padStart(7);
  const pct = (n) => `${((100 * n) / code).toFixed(1).padStart(5)} %`;
  console.log(`${file}: ${funcs.length} functions, ${imported} imports`);
  console.log("\nsection                          KiB (raw)");
  for (const [k, v] of [...sections].sort((x, y) => y[1] - x[1])) console.log(`${k.padEnd(30)} ${kb(v)}`);
  console.log("\ncode by part                                          KiB   share  functions");
  for (const g of byGroup) console.log(`${g.name.padEnd(50)} ${kb(g.size)} ${pct(g.size)} ${String(g.count).padStart(9)}`);
  console.log(`\nthe ${top} largest functions                                                                      bytes`);
  for (const f of largest) console.log(`${f.name.slice(0, 100).padEnd(100)} ${String(f.size).padStart(7)}`);
}
