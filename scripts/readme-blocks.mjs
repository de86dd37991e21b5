// Writes every ```ts and ```tsx block of README.md to tests/types/readme/ (git-ignored), so that
// `tsc --noEmit -p js` compiles the README's examples against the package's types ("consent-sieve"
// maps to js/index.d.ts in js/tsconfig.json). scripts/test runs it before tsc.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");
const out = fileURLToPath(new URL("../tests/types/readme/", import.meta.url));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let n = 0;
for (const m of readme.matchAll(/^```(ts|tsx)\n([\s\S]*?)^```$/gm)) {
  n++;
  // Each block is a module of its own (its declarations do not clash with the others').
  writeFileSync(`${out}block-${n}.${m[1]}`, `// README.md, block ${n}\n${m[2]}\nexport {};\n`);
}
if (n === 0) throw new Error("README.md has no ts/tsx blocks: the pattern or the README changed");
console.log(`[readme] ${n} ts/tsx blocks written to tests/types/readme/`);
