// Generates, from js/lang/<code>.json (the one list of bundled languages):
//   js/lang/<code>.js  `export default {…}` (a module per language, so bundlers split them)
//   js/langs.js        `export const LANGS = { de: () => import("./lang/de.js"), … }` (literal imports)
// and, from js/lang/tcf/<code>.json (the TCF layers' 28 texts of that language, for configs with `tcf`):
//   js/lang/tcf-<code>.js  `export default {…}` (flat beside the others: early.js knows the SDK's own
//                          files as pkg/<file> and lang/<file>, one level deep)
//   js/tcf-langs.js        `export const TCF_LANGS = { de: () => import("./lang/tcf-de.js"), … }` (iab.js's)
// All are build outputs (git-ignored); scripts/build runs this.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("../js/lang/", import.meta.url));
const jsons = (d) => readdirSync(d).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)).sort();
const codes = jsons(dir);
const tcfCodes = jsons(`${dir}tcf/`);
/** Writes `lang/<name>.js` from `<from>.json`; returns its import() line for the map under `code`. */
const module = (from, name, code) => {
  const texts = JSON.parse(readFileSync(`${dir}${from}.json`, "utf8"));
  writeFileSync(`${dir}${name}.js`, `// Generated from ${from}.json by scripts/gen-langs.mjs.\nexport default ${JSON.stringify(texts, null, 2)};\n`);
  return `  ${code}: () => import("./lang/${name}.js"),`;
};
for (const code of codes) {
  if (!/^[a-z]{2,3}$/.test(code)) throw new Error(`js/lang/${code}.json: the file name must be a primary language subtag`);
}
for (const code of tcfCodes) {
  if (!codes.includes(code)) throw new Error(`js/lang/tcf/${code}.json: ${code} is not a bundled language (no js/lang/${code}.json)`);
}
/** @param {string} file under js/ @param {string} name @param {string} about @param {string[]} lines */
const map = (file, name, about, lines) =>
  writeFileSync(
    fileURLToPath(new URL(`../js/${file}`, import.meta.url)),
    `// Generated from ${about} by scripts/gen-langs.mjs: one literal import() per bundled language.\n` +
      `/** @type {Record<string, () => Promise<{ default: Record<string, string> }>>} */\nexport const ${name} = {\n${lines.join("\n")}\n};\n`,
  );
map("langs.js", "LANGS", "js/lang/*.json", codes.map((c) => module(c, c, c)));
map("tcf-langs.js", "TCF_LANGS", "js/lang/tcf/*.json", tcfCodes.map((c) => module(`tcf/${c}`, `tcf-${c}`, c)));
