// "Pixel Ads" retargeting tag, served from the vendor's host (ads.localhost) and inserted late by the tag
// manager. It only runs once Pixel Ads is granted; it then reports to its own host. Once the visitor
// withdraws marketing, consent-sieve stops these requests even though this code already ran.
(function () {
  (window.__late = window.__late || []).push("pixelads-late (inserted by the tag manager)");
  var origin = new URL(document.currentScript.src).origin;
  var report = function (event) {
    navigator.sendBeacon(origin + "/collect", JSON.stringify({ vendor: "pixelads", event: event, page: location.pathname }));
  };
  report("retargeting-list");
  // Keeps reporting while the page is open (scroll depth), like real ad tags do.
  var sent = 0;
  addEventListener("scroll", function () {
    var depth = Math.round((scrollY + innerHeight) / document.documentElement.scrollHeight * 4) * 25;
    if (depth > sent) {
      sent = depth;
      report("scroll-" + depth);
    }
  }, { passive: true });
})();
