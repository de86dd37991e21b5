// consent-sieve as a site installs it without a bundler (README): config in a JSON script tag, early.js
// synchronously in <head>, then the stylesheet's <link>, auto.js as a module. The files come from the project's own
// npm package: scripts/bench-load runs scripts/build, packs js/ and unpacks it into $CS_PKG (default
// bench/load/cs-pkg). The page names only the package's public entry points; the bytes counted are exactly
// the files the page fetched (shipped: 'fetched'), so the row follows whatever the package loads.
export default {
  id: 'consent-sieve',
  label: 'consent-sieve (consent only)',
  packages: [],
  mounts: { '/cs/': process.env.CS_PKG || '../../cs-pkg' },
  shipped: 'fetched',
  selectors: { banner: '[data-consent-sieve="banner"]', accept: '[data-consent-sieve="banner"] [data-action="accept-all"]' },
  storage: [{ kind: 'cookie', name: 'consent_sieve' }, { kind: 'localStorage', name: 'consent-sieve' }],
  notes: ['No-bundler form from README: JSON config + early.js (sync, head) + the stylesheet <link> + auto.js (module); gating by `type="text/plain" data-consent`. Bytes = the files the page fetched.'],
};
