// Test pages for the gating, embed, Consent Mode and withdrawal tests: built per test and served by the
// test server (env.page), so they load like any page. Vendors have hosts of their own (*.test, mapped to
// 127.0.0.1 by the browser's host-resolver rule in helpers.mjs).

/** The base config: two purposes, four vendors on four hosts. */
export const baseConfig = () => ({
  policyVersion: "1",
  purposes: [
    { id: "necessary", required: true, label: "Necessary" },
    { id: "analytics", label: "Analytics" },
    { id: "marketing", label: "Marketing" },
  ],
  vendors: [
    { id: "ads", name: "Ads Co", purposes: ["marketing"], hosts: ["ads.test"], cookies: ["_ads_*"], storageKeys: ["ads-id"] },
    { id: "pixel", name: "Pixel Co", purposes: ["marketing"], hosts: ["*.pixel.test"] },
    { id: "stats", name: "Stats Co", purposes: ["analytics"], hosts: ["stats.test"] },
    { id: "video", name: "VideoTube", purposes: ["marketing"], hosts: ["video.test"] },
  ],
});

/**
 * A page: the JSON config, `pre` (e.g. the page's own gtag), early.js (unless `early: false`), `head`
 * (tags before init), auto.js (or, with `module: true`, an ES module calling init(config) without
 * early.js and the DOM config), then `body`.
 * @param {{ config?: object, early?: boolean, module?: boolean, pre?: string, head?: string, body?: string }} o
 */
export function html({ config = baseConfig(), early = true, module = false, pre = "", head = "", body = "" } = {}) {
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gating test</title><link rel="icon" href="data:,">
${module ? "" : `<script type="application/json" id="consent-sieve-config">${json}</script>`}
${pre}
${early ? '<script src="/node_modules/consent-sieve/dist/early.js"></script>' : ""}
${head}
${module
    ? `<script type="module">import { init } from "/node_modules/consent-sieve/dist/index.js"; init(${json});</script>`
    : '<script type="module" src="/node_modules/consent-sieve/dist/auto.js"></script>'}
</head>
<body><main>
<h1>gating test</h1>
${body}
</main></body></html>`;
}

/** `http://<host>:<port>/tag.js?name=<name>`: a tag that pushes `name` to window.__ran when it runs. */
export const tagUrl = (port, host, name) => `http://${host}:${port}/tag.js?name=${encodeURIComponent(name)}`;

/** An inline snippet that records `name` in window.__ran. */
export const record = (name) => `(window.__ran = window.__ran || []).push(${JSON.stringify(name)});`;
