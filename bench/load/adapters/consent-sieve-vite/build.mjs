// Builds app/ with Vite into ../../build/consent-sieve-vite (base /build/consent-sieve-vite/), resolving
// consent-sieve to the packed package in $CS_PKG through its public entry points.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(process.env.CS_PKG || path.join(here, '../../cs-pkg'));
const { default: consentSieve } = await import(pathToFileURL(path.join(pkg, 'dist/vite.js')).href);
await build({
  root: path.join(here, 'app'),
  base: '/build/consent-sieve-vite/',
  logLevel: 'warn',
  configFile: false,
  resolve: { alias: [
    { find: /^consent-sieve$/, replacement: path.join(pkg, 'dist/index.js') },
    { find: /^consent-sieve\/consent-sieve\.css$/, replacement: path.join(pkg, 'dist/consent-sieve.css') },
  ] },
  plugins: [consentSieve({ config: './consent-sieve.json' })],
  build: { outDir: path.join(here, '../../build/consent-sieve-vite'), emptyOutDir: true },
});
console.log('built build/consent-sieve-vite');
