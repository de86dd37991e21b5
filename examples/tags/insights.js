// "Fern Insights": a stand-in for a careless analytics tag (first-party script, NOT gated: it runs whatever
// the visitor chose). It sends a page view on load (navigator.sendBeacon) and the "Ask Ines" form as a
// lead (fetch, JSON) to its collector at insights.localhost (the demo server again, under a loopback name
// of its own), with everything it can find: the customer's email, phone, birth date and IP, a user id, the
// full landing URL and the free-text question. consent-sieve's early layer rewrites each request by the
// vendor's `minimize` policy (or its `denied` policy) before it leaves the page.
// For the demo's panel, each event is also recorded as it was produced, before sending:
// window.__demoProduced (a list) and a "demo:produced" event on document.
(function () {
  var endpoint = "http://insights.localhost:" + location.port + "/collect";
  // The signed-in customer, as a shop's data layer would expose it (sample data).
  var customer = { id: "cust-20931", email: " Jane.Doe@Gmail.com ", ip: "203.0.113.77", birthdate: "1988-04-12" };
  // The visitor arrived from the newsletter: the landing URL (the page's canonical URL, as tags report it)
  // carries campaign tags, a click id and the email.
  var canonical = document.querySelector('link[rel="canonical"]');
  var landing = (canonical ? canonical.href : location.origin + location.pathname) +
    "?utm_source=newsletter&utm_medium=email&utm_campaign=winter-care&gclid=Cj0KCQiA5rGuBhCnARIsAN11&email=jane.doe%40gmail.com";
  var seq = 0;

  function id() {
    return "ev-" + Date.now().toString(36) + "-" + (++seq).toString(36) + Math.random().toString(36).slice(2, 6);
  }

  function record(via, body) {
    var item = { via: via, time: Date.now(), body: JSON.parse(JSON.stringify(body)) };
    (window.__demoProduced = window.__demoProduced || []).push(item);
    try {
      document.dispatchEvent(new CustomEvent("demo:produced", { detail: item }));
    } catch (e) {
      /* old browser: the panel reads window.__demoProduced */
    }
  }

  function base(name) {
    return {
      event: name,
      event_id: id(),
      timestamp: new Date().toISOString(),
      page_location: landing,
      page_title: document.title,
      user: { id: customer.id, email: customer.email, ip: customer.ip, birthdate: customer.birthdate },
    };
  }

  function pageView() {
    var ev = base("page_view");
    ev.screen = screen.width + "x" + screen.height;
    record("sendBeacon", ev);
    navigator.sendBeacon(endpoint, JSON.stringify(ev));
    return ev.event_id;
  }

  /** @param {{ name: string, email: string, phone: string, message: string }} form */
  function lead(form) {
    var ev = base("generate_lead");
    ev.user.name = form.name;
    ev.user.email = form.email;
    ev.user.phone = form.phone;
    ev.message = form.message;
    record("fetch", ev);
    fetch(endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(ev) })
      .catch(function () {
        /* blocked by consent-sieve (or the collector is down): a tag never breaks the page */
      });
    return ev.event_id;
  }

  window.fernInsights = { pageView: pageView, lead: lead };
  pageView();

  // Autocapture of the question form: whatever the visitor typed goes into the event.
  document.addEventListener("submit", function (e) {
    var f = e.target;
    if (!(f instanceof HTMLFormElement) || f.id !== "ask") return;
    var v = function (n) {
      return f.elements[n] ? String(f.elements[n].value) : "";
    };
    lead({ name: v("name"), email: v("email"), phone: v("phone"), message: v("message") });
  });
})();
