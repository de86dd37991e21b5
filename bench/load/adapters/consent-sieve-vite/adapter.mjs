// consent-sieve in a small Vite app, production build (`vite build`): the package's Vite plugin inlines the
// config and the early layer first in <head>, main.js calls init(config), which links the package's stylesheet itself. The package
// is the packed one in $CS_PKG (scripts/bench-load), reached through its public entry points only
// ("." and "./vite" of its exports map). build.mjs writes
// build/consent-sieve-vite/, served under /build/consent-sieve-vite/; the page is the built index.html.
export default {
  id: 'consent-sieve-vite',
  label: 'consent-sieve (Vite production build)',
  packages: ['vite'],
  prepare: 'node build.mjs',
  page: '../../build/consent-sieve-vite/index.html',
  shipped: 'fetched',
  // the plugin inlines the package's early.js into the HTML: counted with the fetched files
  inline: [(process.env.CS_PKG || '../../cs-pkg') + '/dist/early.js'],
  selectors: { banner: '[data-consent-sieve="banner"]', accept: '[data-consent-sieve="banner"] [data-action="accept-all"]' },
  storage: [{ kind: 'cookie', name: 'consent_sieve' }, { kind: 'localStorage', name: 'consent-sieve' }],
  notes: ['Vite production build of app/ (index.html + main.js) with the package\'s Vite plugin; bytes = the files the page fetched (chunks, wasm, CSS) plus the early layer the plugin inlined into the HTML.'],
};
