// consent-sieve with a minimization policy configured (one vendor with `minimize`): the loader fetches the
// core with the data-minimization engine. Same page and packing as adapters/consent-sieve.
export default {
  id: 'consent-sieve-minimize',
  label: 'consent-sieve (with minimization)',
  packages: [],
  mounts: { '/cs/': process.env.CS_PKG || '../../cs-pkg' },
  shipped: 'fetched',
  selectors: { banner: '[data-consent-sieve="banner"]', accept: '[data-consent-sieve="banner"] [data-action="accept-all"]' },
  storage: [{ kind: 'cookie', name: 'consent_sieve' }, { kind: 'localStorage', name: 'consent-sieve' }],
  notes: ['Same page plus one vendor with a `minimize` policy, so the core with the engine loads. Bytes = the files the page fetched.'],
};
