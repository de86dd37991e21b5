// consent-sieve: the IAB TCF v2.3 `__tcfapi` stub. A classic script with no logic: inline it (or load
// it without async/defer) first in <head>, before any script that may call __tcfapi. Until
// consent-sieve's iab.js replaces it, it answers `ping` at once (cmpLoaded: false, cmpStatus "stub"),
// queues every other call (`__tcfapi()` returns the queue), creates the `__tcfapiLocator` frame and
// queues the calls other frames post to it ({ __tcfapiCall: { command, version, callId, parameter } }).
(function (w) {
  if (typeof w.__tcfapi == "function") return;
  var d = w.document, q = [], n = "__tcfapiLocator";
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
  w.__tcfapi = function (c, v, cb) {
    if (!arguments.length) return q;
    if (c == "ping") {
      if (typeof cb == "function") cb({ cmpLoaded: false, cmpStatus: "stub", displayStatus: "hidden", apiVersion: "2.3" }, true);
    } else q.push([].slice.call(arguments));
  };
  w.addEventListener("message", function (e) {
    var s = typeof e.data == "string", m = e.data, c;
    try {
      if (s) m = JSON.parse(m);
    } catch (x) {
      return;
    }
    c = m && m.__tcfapiCall;
    if (!c || !e.source) return;
    w.__tcfapi(c.command, c.version, function (r, ok) {
      var a = { __tcfapiReturn: { returnValue: r, success: ok, callId: c.callId } };
      e.source.postMessage(s ? JSON.stringify(a) : a, "*");
    }, c.parameter);
  });
})(window);
