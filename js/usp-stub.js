// consent-sieve: the IAB USP API 1.0 `__uspapi` stub (CCPA; deprecated by the IAB, still read by many ad
// tags). A classic script with no logic: inline it (or load it without async/defer) first in <head>, before
// any script that may call __uspapi, on a site whose config writes the GPP section `uspv1`. Until
// consent-sieve's iab.js replaces it, it answers `ping` at once ({ uspapiLoaded: false }), queues every
// other call (`__uspapi()` returns the queue), creates the `__uspapiLocator` frame and queues the calls
// other frames post to it ({ __uspapiCall: { command, version, callId } }).
(function (w) {
  if (typeof w.__uspapi == "function") return;
  var d = w.document, q = [], n = "__uspapiLocator";
  var frame = function () {
    if (w.frames[n]) return;
    if (!d.body) return setTimeout(frame, 5);
    var f = d.createElement("iframe");
    f.style.display = "none";
    f.name = n;
    f.title = n;
    d.body.appendChild(f);
  };
  frame();
  w.__uspapi = function (c, v, cb) {
    if (!arguments.length) return q;
    if (c == "ping") {
      if (typeof cb == "function") cb({ uspapiLoaded: false }, true);
    } else q.push([].slice.call(arguments));
  };
  w.addEventListener("message", function (e) {
    var s = typeof e.data == "string", m = e.data, c;
    try {
      if (s) m = JSON.parse(m);
    } catch (x) {
      return;
    }
    c = m && m.__uspapiCall;
    if (!c || !e.source) return;
    w.__uspapi(c.command, c.version, function (r, ok) {
      var a = { __uspapiReturn: { returnValue: r, success: ok, callId: c.callId } };
      e.source.postMessage(s ? JSON.stringify(a) : a, "*");
    }, c.parameter);
  });
})(window);
