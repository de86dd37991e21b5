// "What is shared": the dialog's words under each vendor, and the inventory they come from, checked
// against what the demo's collector actually receives (the inventory is read from cs.inventory(), and
// every field that arrives must be what it says, in both policies: allowed and not).
import assert from "node:assert/strict";
import {
  AXE_PATH, BANNER, PREFS, btn, eventually, leaks, open, useBrowser,
} from "./helpers.mjs";

const env = useBrowser();

/** The dialog's "What is shared" of one vendor: {summary, rows: {term: [lines]}}, after opening it. */
async function sharedOf(page, vendor) {
  return page.evaluate((id) => {
    const li = document.querySelector(`[data-consent-sieve="preferences"] input[data-vendor="${id}"]`).closest("li");
    const d = li.querySelector("details.cs-shared");
    d.open = true;
    const rows = {};
    for (const dt of d.querySelectorAll("dt")) {
      const dd = dt.nextElementSibling;
      const items = dd.querySelectorAll("li");
      rows[dt.textContent] = items.length ? [...items].map((i) => i.textContent) : [dd.textContent];
    }
    return { summary: d.querySelector("summary").textContent, label: d.querySelector("summary").getAttribute("aria-label"), rows };
  }, vendor);
}

/** The dialog's English line for each action (core::inventory::SHARED_KEYS). */
const LINE = {
  keep: "Sent", hash: "Sent as a hash", hmac: "Sent as a pseudonym", truncate: "Sent shortened",
  generalize: "Sent as a range", url: "Sent with the address cleaned", redact: "Blanked out", drop: "Never sent",
};

async function openDialog(page) {
  await open(page, env.url);
  await page.click(btn("preferences"));
  await page.waitForSelector(PREFS, { state: "visible" });
}

env.test("the dialog's What is shared says, per vendor, what cs.inventory() says", async ({ page }) => {
  await openDialog(page);
  const inv = await page.evaluate(() => window.consentSieve.inventory());
  assert.ok(inv, "the inventory loads");
  for (const v of inv.vendors) {
    const s = await sharedOf(page, v.id);
    assert.equal(s.summary, "What is shared");
    assert.equal(s.label, `${v.name}: What is shared`, "each disclosure is named for its vendor");
    const where = [...v.hosts, ...v.paths];
    assert.deepEqual(s.rows["Sent to"], where.length ? [where.join(", ")] : undefined, v.id);
    const stores = [...v.cookies, ...v.storageKeys];
    assert.deepEqual(s.rows["Stored on your device"], stores.length ? [stores.join(", ")] : undefined, v.id);
    assert.deepEqual(s.rows["Kept for"], v.retention ? [v.retention] : undefined, v.id);
    if (!v.minimization) {
      assert.deepEqual(s.rows["While allowed"], ["What its tags collect, as they collect it."], v.id);
      assert.deepEqual(s.rows["While not allowed"], ["Nothing is sent."], v.id);
      continue;
    }
    // Every rule of each policy is on the line of its action, and what happens to the rest is said.
    const check = (policy, lines, what) => {
      for (const f of policy.fields) {
        const actions = f.else ? [[f.action, " (with "], [f.else.action, " (without "]] : [[f.action, ""]];
        for (const [action, note] of actions) {
          const line = lines.find((l) => l.startsWith(`${LINE[action]}: `));
          assert.ok(line, `${v.id} ${what}: no "${LINE[action]}" line for ${f.pattern}: ${lines}`);
          const items = line.slice(LINE[action].length + 2).split(/, (?![^(]*\))/);
          assert.ok(items.some((i) => i === f.pattern || (note && i.startsWith(f.pattern + note))), `${v.id} ${what}: ${f.pattern} not under ${action}: ${line}`);
        }
      }
      const rest = policy.mode === "allow" ? "Anything else is never sent." : policy.detectors.length ? "Anything else is sent once personal data such as email addresses is taken out." : "Anything else is sent as it is.";
      assert.equal(lines.at(-1), rest, `${v.id} ${what}`);
    };
    check(v.minimization.granted, s.rows["While allowed"], "allowed");
    if (v.minimization.denied) check(v.minimization.denied, s.rows["While not allowed"], "not allowed");
    else assert.deepEqual(s.rows["While not allowed"], ["Nothing is sent."]);
  }
});

env.test("What is shared: a closed disclosure per vendor, opened by keyboard, no axe violations, translated", async ({ page }) => {
  await openDialog(page);
  const summary = `${PREFS} input[data-vendor="insights"] ~ details summary`;
  assert.equal(await page.$eval(`${PREFS} input[data-vendor="insights"] ~ details`, (d) => d.open), false, "closed until asked");
  await page.focus(summary);
  await page.keyboard.press("Enter");
  assert.equal(await page.$eval(`${PREFS} input[data-vendor="insights"] ~ details`, (d) => d.open), true, "Enter opens it");
  assert.ok(await page.$eval(`${PREFS} input[data-vendor="insights"] ~ details`, (d) => d.getBoundingClientRect().height > 80), "its rows take room when open");
  await page.evaluate(() => { for (const d of document.querySelectorAll("details.cs-shared")) d.open = true; });
  await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async (sel) => (await window.axe.run(document.querySelector(sel), { resultTypes: ["violations"] })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`), PREFS);
  assert.deepEqual(violations, []);

  // A visitor whose browser asks for German.
  const ctx = await page.context().browser().newContext({ locale: "de-DE" });
  const p = await ctx.newPage();
  await open(p, env.url);
  await p.click(btn("preferences"));
  await p.waitForSelector(PREFS, { state: "visible" });
  const s = await sharedOf(p, "insights");
  assert.equal(s.summary, "Was geteilt wird");
  assert.deepEqual(Object.keys(s.rows), ["Gesendet an", "Aufbewahrt für", "Solange erlaubt", "Solange nicht erlaubt"]);
  assert.ok(s.rows["Solange erlaubt"].some((l) => l.startsWith("Als Hash gesendet: user.email")), s.rows["Solange erlaubt"].join(" | "));
  assert.equal(s.rows["Solange nicht erlaubt"].at(-1), "Alles andere wird nie gesendet.");
  await ctx.close();
});

/** Every leaf of a JSON value as [path, value] (array indexes are not part of a field's path). */
function leaves(v, path = "", out = []) {
  if (v && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) leaves(x, Array.isArray(v) ? path : path ? `${path}.${k}` : k, out);
  } else out.push([path, v]);
  return out;
}
const matches = (pattern, path) => new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^.]*")}$`).test(path);

/** Asserts one received event is what `policy` (the inventory's words for it) says, given what the page produced. */
function assertAsInventoried(policy, received, produced, what) {
  const rule = (path) => policy.fields.find((f) => matches(f.pattern, path) || path.startsWith(`${f.pattern}.`));
  const sent = leaves(received);
  for (const [path, value] of sent) {
    const f = rule(path);
    if (!f) {
      assert.notEqual(policy.mode, "allow", `${what}: ${path} arrived, but the inventory says fields not listed are dropped`);
      continue;
    }
    const action = f.when.length ? null : f.action; // the demo's conditional rule is checked by its URL below
    const before = leaves(produced).find(([p]) => p === path)?.[1];
    switch (action) {
      case "drop": assert.fail(`${what}: ${path} arrived, the inventory says dropped`); break;
      case "hash": case "hmac": assert.match(String(value), /^[0-9a-f]{64}$/, `${what}: ${path} ${f.words}`); break;
      case "redact": assert.equal(value, "[redacted]", `${what}: ${path}`); break;
      case "truncate":
        if (/hour/.test(f.words)) assert.match(value, /T\d\d:00:00(\.000)?Z$/, `${what}: ${path} ${f.words}`);
        else if (/day/.test(f.words)) assert.match(value, /T00:00:00(\.000)?Z$/, `${what}: ${path} ${f.words}`);
        else if (/IP/.test(f.words)) assert.match(value, /\.0$/, `${what}: ${path} ${f.words}`);
        assert.notEqual(value, before, `${what}: ${path} changed`);
        break;
      case "generalize": assert.notEqual(value, before, `${what}: ${path} ${f.words}`); assert.match(String(value), /^\d+-\d+$|^\d{4}$|^\d+$/); break;
      case "url": {
        const kept = /no query parameters kept/.test(f.words) ? [] : f.words.replace(/^.*query parameters kept: /, "").replace(/;.*$/, "").split(", ").map((k) => k.replace(/ \(.*$/, ""));
        for (const k of new URL(value).searchParams.keys()) assert.ok(kept.some((p) => matches(p, k)), `${what}: ${path} kept ?${k}; the inventory says ${f.words}`);
        if (/fragment removed/.test(f.words)) assert.equal(new URL(value).hash, "", `${what}: ${path} fragment`);
        break;
      }
      case "keep": if (/not scanned/.test(f.words)) assert.equal(value, before, `${what}: ${path} kept as is`); break;
      default: break;
    }
  }
  for (const f of policy.fields.filter((f) => f.action === "drop" && !f.when.length)) {
    assert.ok(!sent.some(([p]) => matches(f.pattern, p)), `${what}: ${f.pattern} arrived`);
  }
}

env.test("the demo's inventory matches what its collector receives, before a choice and after Accept all", async ({ page }) => {
  await open(page, env.url);
  await page.waitForSelector(BANNER, { state: "visible" });
  const inv = await page.evaluate(() => window.consentSieve.inventory());
  const insights = inv.vendors.find((v) => v.id === "insights");
  const host = (c) => c.host.replace(/:\d+$/, "");
  const declared = new Set(inv.vendors.flatMap((v) => v.hosts));
  const byId = async () => Object.fromEntries((await page.evaluate(() => window.__demoProduced ?? [])).map((e) => [e.body.event_id, e.body]));
  const received = () => env.collected().filter((c) => host(c) === "insights.localhost" && c.body?.event_id);

  // Not allowed yet: the page view arrives under the "while not allowed" policy.
  await eventually(() => received().length >= 1);
  let produced = await byId();
  for (const r of received()) assertAsInventoried(insights.minimization.denied, r.body, produced[r.body.event_id], `before a choice, ${r.body.event}`);
  const before = received().length;

  await page.click(btn("accept-all"));
  await page.waitForSelector(BANNER, { state: "hidden" });
  await page.click("#ask-send");
  await eventually(() => received().length > before);
  produced = await byId();
  const after = received().slice(before);
  assert.ok(after.some((r) => r.body.event === "generate_lead"), "the lead arrived");
  for (const r of after) {
    assertAsInventoried(insights.minimization.granted, r.body, produced[r.body.event_id], `after Accept all, ${r.body.event}`);
    // "fields not listed are kept, after scanning for personal data": none of the produced PII is left.
    const p = produced[r.body.event_id];
    assert.deepEqual(leaks(r.body, { userId: p.user?.id ?? "cust-20931", ips: [p.user?.ip ?? "203.0.113.77"] }), [], `after Accept all, ${r.body.event}`);
  }
  // Every host the demo's tags reached is one the inventory names.
  for (const c of env.collected()) assert.ok(declared.has(host(c)) || host(c) === "127.0.0.1" || host(c) === "localhost", `${host(c)} is not in the inventory`);
});
