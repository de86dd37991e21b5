// Generates, from js/lang/<code>.json (the one list of bundled languages):
//   js/lang/<code>.js  `export default {…}` (a module per language, so bundlers split them)
//   js/langs.js        `export const LANGS = { de: () => import("./lang/de.js"), … }` (literal imports)
// Both are build outputs (git-ignored); scripts/build runs this.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("../js/lang/", import.meta.url));
const codes = readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
for (const code of codes) {
  if (!/^[a-z]{2,3}$/.test(code)) throw new Error(`js/lang/${code}.json: the file name must be a primary language subtag`);
  const texts = JSON.parse(readFileSync(`${dir}${code}.json`, "utf8"));
  writeFileSync(`${dir}${code}.js`, `// Generated from ${code}.json by scripts/gen-langs.mjs.\nexport default ${JSON.stringify(texts, null, 2)};\n`);
}
const lines = codes.map((c) => `  ${c}: () => import("./lang/${c}.js"),`).join("\n");
writeFileSync(
  fileURLToPath(new URL("../js/langs.js", import.meta.url)),
  `// Generated from js/lang/*.json by scripts/gen-langs.mjs: one literal import() per bundled language.\n` +
    `/** @type {Record<string, () => Promise<{ default: Record<string, string> }>>} */\nexport const LANGS = {\n${lines}\n};\n`,
);
