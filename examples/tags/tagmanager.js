// "Fern Tags": a stand-in tag manager (first-party, not gated). Like real ones, it inserts a vendor's
// script later on, from its own code: one second after load it appends Pixel Ads' script, loaded from
// the vendor's host. consent-sieve's early.js holds it (type="text/plain", data-consent-vendor) until
// Pixel Ads is granted, then it runs once.
(function () {
  setTimeout(function () {
    var s = document.createElement("script");
    s.src = "http://ads.localhost:" + location.port + "/tags/ads.js";
    document.body.appendChild(s);
  }, 1000);
})();
