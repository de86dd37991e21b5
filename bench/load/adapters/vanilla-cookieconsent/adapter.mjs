export default {
  id: 'vanilla-cookieconsent',
  label: 'vanilla-cookieconsent {version}',
  packages: ['vanilla-cookieconsent'],
  shipped: [
    'node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js',
    'node_modules/vanilla-cookieconsent/dist/cookieconsent.css',
  ],
  selectors: { banner: '#cc-main .cm', accept: '#cc-main .cm [data-role="all"]' },
  storage: [{ kind: 'cookie', name: 'cc_cookie' }],
  notes: [
    'UMD build + CSS from dist/, CookieConsent.run() with 3 categories; gating via its own manageScriptTags (`<script type="text/plain" data-category>`).',
    'hideFromBots: false is required here: the default (true) never shows the banner when navigator.webdriver is set, as under Playwright.',
    'The modal is in the DOM early but the library reveals it from a 100 ms setTimeout (to run its entrance transition), which is most of its visible-vs-in-DOM gap.',
  ],
};
