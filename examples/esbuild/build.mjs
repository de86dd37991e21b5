// esbuild does not emit new URL("./…", import.meta.url) assets, so the build copies the package's
// cores next to the bundle and the app names the one it loads with `wasmUrl`. --splitting keeps each
// language a chunk of its own. The page (index.html) carries the config and the early layer.
import { build } from "esbuild";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const dist = "dist";
const pkg = dirname(require.resolve("consent-sieve/package.json"));
rmSync(dist, { recursive: true, force: true });
await build({ entryPoints: ["src/main.js"], bundle: true, splitting: true, format: "esm", minify: true, outdir: join(dist, "assets"), loader: { ".css": "file" } });
cpSync(join(pkg, "dist", "pkg"), join(dist, "consent-sieve"), { recursive: true, filter: (f) => !f.endsWith(".js") });
cpSync(join(pkg, "dist", "consent-sieve.css"), join(dist, "consent-sieve", "consent-sieve.css"));
const config = JSON.stringify(JSON.parse(readFileSync("consent-sieve.json", "utf8"))).replace(/</g, "\\u003c");
const early = readFileSync(join(pkg, "dist", "early.js"), "utf8");
writeFileSync(join(dist, "index.html"), readFileSync("index.html", "utf8").replace("<!--config-->", config).replace("<!--early-->", early));
