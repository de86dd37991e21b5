// "Fern Stats": the shop's self-hosted analytics (gated: data-consent="analytics").
// It only ever runs once consent-sieve allows it; it reports the page view to /collect.
(function () {
  (window.__ran = window.__ran || []).push("analytics-external");
  var id = Math.random().toString(36).slice(2, 10);
  try {
    id = localStorage.getItem("fernstats-id") || id;
    localStorage.setItem("fernstats-id", id);
    document.cookie = "_fs_visit=" + id + "; path=/; max-age=86400; samesite=lax";
  } catch (e) {
    /* storage blocked: count the visit without an id */
  }
  fetch("/collect?tag=analytics-external", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ tag: "analytics-external", event: "pageview", page: location.pathname, visitor: id }),
    keepalive: true,
  });
})();
