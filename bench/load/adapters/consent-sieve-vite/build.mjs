// Builds app/ with Vite into ../../build/consent-sieve-vite (base /build/consent-sieve-vite/), resolving
// consent-sieve to the packed package in $CS_PKG through its public entry points (its exports map).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(process.env.CS_PKG || path.join(here, '../../cs-pkg'));
// Entry points from the package's own exports map (".", "./vite"), not from its file list.
const { exports } = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8'));
const entry = (k) => { const e = exports[k]; return path.join(pkg, typeof e === 'string' ? e : e.default); };
const { default: consentSieve } = await import(pathToFileURL(entry('./vite')).href);
await build({
  root: path.join(here, 'app'),
  base: '/build/consent-sieve-vite/',
  logLevel: 'warn',
  configFile: false,
  resolve: { alias: [
    { find: /^consent-sieve$/, replacement: entry('.') },
  ] },
  plugins: [consentSieve({ config: './consent-sieve.json' })],
  build: { outDir: path.join(here, '../../build/consent-sieve-vite'), emptyOutDir: true },
});
console.log('built build/consent-sieve-vite');
