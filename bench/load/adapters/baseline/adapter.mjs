// Reference floor: no consent library. ~40 lines of hand-written JS + CSS that render a
// banner, write a cookie and activate <script type="text/plain" data-category> tags.
// Anything a real library costs above this row is library overhead on this harness.
export default {
  id: 'baseline',
  label: 'empty banner (hand-written, no library)',
  packages: [],
  shipped: ['adapters/baseline/banner.js', 'adapters/baseline/banner.css'],
  selectors: { banner: '#bb-banner', accept: '#bb-accept' },
  storage: [{ kind: 'cookie', name: 'bb_consent' }],
  notes: ['Not a library: a lower bound for this page/harness (same page content, one JS + one CSS file).'],
};
