// The demo's look switcher (not part of the SDK): `?layout=box&theme=dark&lang=ar&forced=1&reopen=always`
// edits the JSON config block before early.js and auto.js read it, so every layout, theme and language
// can be tried. `fresh=1` forgets the stored choice first, so the banner shows again. A classic script,
// placed right after the config block.
(function () {
  var q = new URLSearchParams(location.search);
  var el = document.getElementById("consent-sieve-config");
  if (!el || !q.toString()) return;
  var c = JSON.parse(el.textContent);
  var ui = c.ui || {};
  var pick = function (key, allowed) {
    var v = q.get(key);
    return v && allowed.indexOf(v) >= 0 ? v : null;
  };
  var layout = pick("layout", ["bar", "box", "modal"]);
  var theme = pick("theme", ["light", "dark", "auto"]);
  var reopen = pick("reopen", ["auto", "always"]);
  var lang = q.get("lang");
  if (layout) ui.layout = layout;
  if (theme) ui.theme = theme;
  if (reopen) ui.reopenButton = reopen;
  if (q.get("forced") === "1") ui.forced = true;
  if (lang && /^[a-z]{2,3}(-[A-Za-z]{2})?$/.test(lang)) c.language = lang;
  c.ui = ui;
  el.textContent = JSON.stringify(c);
  if (q.get("fresh") === "1") {
    try {
      localStorage.removeItem("consent-sieve");
    } catch (e) {
      /* storage blocked: nothing stored either */
    }
    document.cookie = "consent_sieve=; Max-Age=0; path=/";
    q.delete("fresh");
    history.replaceState(null, "", "?" + q.toString() + location.hash);
  }
  // Show the current values in the switcher form once it exists.
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("look");
    if (!form) return;
    var set = function (name, v) {
      if (v && form.elements[name]) form.elements[name].value = v;
    };
    set("layout", layout);
    set("theme", theme);
    set("lang", lang);
    set("reopen", reopen);
    if (form.elements.forced) form.elements.forced.checked = q.get("forced") === "1";
  });
})();
