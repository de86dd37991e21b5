// consent-sieve: the IAB GPP 1.1 `__gpp` stub. A classic script with no logic: inline it (or load it
// without async/defer) first in <head>, before any script that may call __gpp. Until consent-sieve's
// iab.js replaces it, it answers `ping` (cmpStatus "stub", signalStatus "not ready"), `hasSection`
// (false), `getSection` and `getField` (null) at once, queues every other call (`__gpp()` returns the
// queue), creates the `__gppLocator` frame and queues the calls other frames post to it
// ({ __gppCall: { command, parameter, version, callId } }).
(function (w) {
  if (typeof w.__gpp == "function") return;
  var d = w.document, q = [], n = "__gppLocator";
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
  var g = (w.__gpp = function (c, cb) {
    if (!arguments.length) return q;
    var now = { ping: { gppVersion: "1.1", cmpStatus: "stub", cmpDisplayStatus: "hidden", signalStatus: "not ready", supportedAPIs: ["2:tcfeuv2", "6:uspv1", "7:usnat", "8:usca", "9:usva", "10:usco", "11:usut", "12:usct", "13:usfl", "14:usmt", "15:usor", "16:ustx", "17:usde", "18:usia", "19:usne", "20:usnh", "21:usnj", "22:ustn", "23:usmn", "24:usmd", "25:usin", "26:usky", "27:usri"], cmpId: 0, sectionList: [], applicableSections: [0], gppString: "", parsedSections: {} }, hasSection: false, getSection: null, getField: null };
    if (now.hasOwnProperty(c)) {
      if (typeof cb == "function") cb(now[c], true);
    } else q.push([].slice.call(arguments));
  });
  g.queue = q;
  w.addEventListener("message", function (e) {
    var s = typeof e.data == "string", m = e.data, c;
    try {
      if (s) m = JSON.parse(m);
    } catch (x) {
      return;
    }
    c = m && m.__gppCall;
    if (!c || !e.source) return;
    w.__gpp(c.command, function (r, ok) {
      var a = { __gppReturn: { returnValue: r, success: ok, callId: c.callId } };
      e.source.postMessage(s ? JSON.stringify(a) : a, "*");
    }, c.parameter, c.version);
  });
})(window);
