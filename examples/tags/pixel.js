// "Pixel Ads": a stand-in for an advertising pixel (gated: data-consent="marketing").
(function () {
  (window.__ran = window.__ran || []).push("marketing-external");
  try {
    document.cookie = "_px_uid=px" + Date.now().toString(36) + "; path=/; max-age=86400; samesite=lax";
  } catch (e) {
    /* cookies blocked */
  }
  navigator.sendBeacon("/collect", JSON.stringify({ tag: "marketing-external", event: "impression", page: location.pathname }));
})();
