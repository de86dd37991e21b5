// Builds the npm package's modules in js/dist with esbuild (called by scripts/build).
// - facade.js: the facade as one module (loader, adapters, language choice), without the early layer;
//   the glue and each language stay files of their own (import()ed: only what a page needs is fetched).
// - index.js: the package's entry for bundlers: the early layer, then the facade (both bundled by them).
// - auto.js: the no-bundler entry: the early layer (a module import of early.js, a no-op when the page's
//   early.js tag ran it; without that tag it holds requests from the moment auto.js runs), the facade.
// - early.js: the classic script for <head>, minified on its own; vite.js: the Vite plugin, for Node;
//   audit.js: audit mode, import()ed by the facade only when asked for.
// - iab.js: __tcfapi and __gpp, a module the facade import()s only for a config with tcf or gpp (kept
//   out of facade.js), which import()s the TCF layers' texts of the language shown (lang/tcf-<code>.js);
//   tcf-stub.js, gpp-stub.js, usp-stub.js: the classic stubs a site inlines first in <head>.
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";

const { build } = createRequire(new URL("../tools/", import.meta.url))("esbuild");

const dist = "js/dist";
// This build, in early.js: part of the key of the decision it stores for returning visitors, so a
// decision made by another version's core is never acted on before this version's core has judged it.
const cores = readdirSync("js/pkg").filter((f) => f.endsWith(".wasm")).sort();
const digest = createHash("sha256");
for (const f of cores) digest.update(readFileSync(`js/pkg/${f}`));
const BUILD = `consent-sieve@${JSON.parse(readFileSync("js/package.json", "utf8")).version}+${digest.digest("hex").slice(0, 12)}`;
const common = { minify: true, sourcemap: true, logLevel: "warning", format: "esm", bundle: true };
/** Resolves the given relative imports to external files of dist/ (the early layer, the facade). */
const external = (map) => ({
  name: "dist-files",
  setup(b) {
    b.onResolve({ filter: /^\.\/(early|index)\.js$/ }, (a) => {
      if (!(a.path in map)) return;
      return map[a.path] === null ? { path: a.path, namespace: "drop" } : { path: map[a.path], external: true };
    });
    b.onLoad({ filter: /.*/, namespace: "drop" }, () => ({ contents: "", loader: "js" }));
  },
});

await Promise.all([
  build({ ...common, entryPoints: ["js/index.js"], outfile: `${dist}/facade.js`,
    external: ["./pkg/*", "./lang/*", "./audit.js", "./iab.js"], plugins: [external({ "./early.js": null }), {
      name: "build-id",
      setup(b) {
        b.onLoad({ filter: /[\\/]js[\\/]index\.js$/ }, (a) => {
          const src = readFileSync(a.path, "utf8");
          if (!src.includes('"consent-sieve@dev"')) throw new Error("js/index.js no longer names its build \"consent-sieve@dev\"");
          return { contents: src.replace('"consent-sieve@dev"', JSON.stringify(BUILD)), loader: "js" };
        });
      },
    }] }),
  // Audit mode: a module of its own, fetched only when a site owner turns it on.
  build({ ...common, entryPoints: ["js/audit.js"], outfile: `${dist}/audit.js`, external: ["./pkg/*"] }),
  // Its TCF layer texts stay files of their own (lang/tcf-<code>.js, import()ed for the language shown).
  build({ ...common, entryPoints: ["js/iab.js"], outfile: `${dist}/iab.js`, external: ["./lang/*"] }),
  build({ minify: true, sourcemap: true, logLevel: "warning", entryPoints: ["js/tcf-stub.js", "js/gpp-stub.js", "js/usp-stub.js"], outdir: dist }),
  build({ ...common, entryPoints: ["js/auto.js"], outfile: `${dist}/auto.js`,
    plugins: [external({ "./index.js": "./facade.js", "./early.js": "./early.js" })] }),
  // early.js preloads the facade: in js/ that is index.js, in the package facade.js.
  build({ minify: true, sourcemap: true, logLevel: "warning", entryPoints: ["js/early.js"], outdir: dist, plugins: [{
    name: "facade-name",
    setup(b) {
      b.onLoad({ filter: /early\.js$/ }, (a) => {
        const src = readFileSync(a.path, "utf8");
        if (!src.includes('"./index.js"')) throw new Error("js/early.js no longer names \"./index.js\"");
        if (!src.includes('"consent-sieve@dev"')) throw new Error("js/early.js no longer names its build \"consent-sieve@dev\"");
        return { contents: src.replace('"./index.js"', '"./facade.js"').replace('"consent-sieve@dev"', JSON.stringify(BUILD)), loader: "js" };
      });
    },
  }] }),
  build({ minify: true, sourcemap: true, logLevel: "warning", entryPoints: ["js/consent-sieve.css"], outdir: dist }),
  build({ ...common, platform: "node", entryPoints: ["js/vite.js"], outfile: `${dist}/vite.js` }),
]);
writeFileSync(`${dist}/index.js`, 'import"./early.js";export*from"./facade.js";\n');
