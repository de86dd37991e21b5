// The command line as a user gets it: `npm pack` in js/, the tarball installed into an empty project,
// then `npx consent-sieve inventory` on the demo's config and `npx consent-sieve verify` on a good
// receipt chain (tests/fixtures/receipt-chain.ndjson, built by the core: tests/receipt.rs) and on
// tampered copies. No browser: the CLI runs the tools core (dist/pkg/consent_sieve_tools.js) in Node.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { REPO, requireBuild } from "./helpers.mjs";

requireBuild();
const project = mkdtempSync(join(tmpdir(), "consent-sieve-cli-"));
after(() => rmSync(project, { recursive: true, force: true }));
const env = { ...process.env, npm_config_update_notifier: "false", npm_config_audit: "false", npm_config_fund: "false" };
const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env });

const [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", project], join(REPO, "js")));
writeFileSync(join(project, "package.json"), JSON.stringify({ name: "cli-check", private: true, type: "module" }));
npm(["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", join(project, packed.filename)], project);

/** Runs `npx --no-install consent-sieve …` in the project. */
function cli(...args) {
  const r = spawnSync("npx", ["--no-install", "consent-sieve", ...args], { cwd: project, encoding: "utf8", env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// The demo's config, as the page carries it (examples/index.html's consent-sieve-config block).
const html = readFileSync(join(REPO, "examples", "index.html"), "utf8");
const block = html.match(/<script type="application\/json" id="consent-sieve-config">([\s\S]*?)<\/script>/);
assert.ok(block, "examples/index.html has the config block");
const demo = JSON.parse(block[1]);
writeFileSync(join(project, "config.json"), block[1]);

test("the package declares the bin and ships it", () => {
  assert.ok(packed.files.some((f) => f.path === "bin/consent-sieve.mjs"), "bin/consent-sieve.mjs is in the tarball");
  const pkg = JSON.parse(readFileSync(join(project, "node_modules", "consent-sieve", "package.json"), "utf8"));
  assert.equal(pkg.bin["consent-sieve"], "./bin/consent-sieve.mjs");
});

test("inventory (Markdown) names every vendor of the demo and its minimized fields", () => {
  const { code, out, err } = cli("inventory", "config.json");
  assert.equal(code, 0, err);
  for (const v of demo.vendors) {
    assert.ok(out.includes(`## ${v.name.replace(/[\\`*_[\]|~]/g, "\\$&")} (\`${v.id}\`)`), `vendor ${v.id} has a section:\n${out}`);
    for (const pattern of Object.keys(v.minimize?.fields ?? {})) {
      assert.ok(out.includes(`| \`${pattern}\` | `), `${v.id}: field ${pattern} is in a table`);
    }
  }
  const insights = demo.vendors.find((v) => v.minimize);
  assert.ok(insights, "the demo has a destination");
  for (const words of [
    "| `user.email` | hashed (SHA-256, profile google.email) |",
    "| `user.id` | HMAC'd with the site's key (a pseudonym) |",
    "| `user.ip` | truncated (IP address to its /24 (IPv4) or /48 (IPv6) network) |",
    "| `user.birthdate` | generalized (to an age band of 10 years) |",
    "| `user.name` | redacted (replaced by \"\\[redacted\\]\") |",
    "| `timestamp` | truncated (to the hour) |",
    "query parameters kept: utm\\_\\*, gclid (only while Marketing granted)",
  ]) {
    assert.ok(out.includes(words), `${words}\n${out}`);
  }
  assert.match(out, /\*\*While not allowed\*\* \(fields not listed are dropped/, "the demo's denied policy is an allow-list");
});

test("inventory --format json and html; a bad format or config exits 2 with the reason", () => {
  const j = cli("inventory", "config.json", "--format", "json");
  assert.equal(j.code, 0, j.err);
  const inv = JSON.parse(j.out);
  assert.equal(inv.schema, "consent-sieve-inventory/1");
  assert.deepEqual(inv.vendors.map((v) => v.id), demo.vendors.map((v) => v.id));
  const h = cli("inventory", "config.json", "--format=html");
  assert.equal(h.code, 0, h.err);
  assert.match(h.out, /^<section class="cs-inventory">/);
  const bad = cli("inventory", "config.json", "--format", "pdf");
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--format must be markdown, html or json/);
  writeFileSync(join(project, "broken.json"), JSON.stringify({ ...demo, vendors: [{ ...demo.vendors[0], retention: "" }] }));
  const refused = cli("inventory", "broken.json");
  assert.equal(refused.code, 2);
  assert.match(refused.err, /vendors\[0\]\.retention: must not be empty \(config\.invalid_value\)/);
  assert.equal(cli("inventory", "missing.json").code, 2);
});

const chain = readFileSync(join(REPO, "tests", "fixtures", "receipt-chain.ndjson"), "utf8");
const lines = chain.trimEnd().split("\n");

test("verify: a good chain exits 0", () => {
  writeFileSync(join(project, "good.ndjson"), chain);
  const { code, out, err } = cli("verify", "good.ndjson");
  assert.equal(code, 0, err);
  assert.match(out, new RegExp(`good\\.ndjson: ${lines.length} receipts, the chain is intact`));
  assert.equal(err, "");
});

test("verify: a changed field breaks that receipt's integrity and the next link; exit 1", () => {
  const tampered = [...lines];
  assert.ok(tampered[1].includes('"granted":false'));
  tampered[1] = tampered[1].replace('"granted":false', '"granted":true');
  writeFileSync(join(project, "edited.ndjson"), tampered.join("\n") + "\n");
  const { code, out, err } = cli("verify", "edited.ndjson");
  assert.equal(code, 1, out);
  const breaks = err.trim().split("\n").filter((l) => /^edited\.ndjson:\d+:/.test(l));
  assert.deepEqual(breaks, [
    "edited.ndjson:2: integrity: the integrity hash does not match the receipt: it was edited",
    "edited.ndjson:3: previous: previous is not the SHA-256 of line 2: a receipt was removed, inserted or changed in between",
  ]);
  assert.match(err, /the chain is broken: 2 problem\(s\) in 4 lines/);
});

test("verify: a removed line breaks the link of the one after it; exit 1", () => {
  const removed = lines.filter((_, i) => i !== 1);
  writeFileSync(join(project, "removed.ndjson"), removed.join("\n") + "\n");
  const { code, err } = cli("verify", "removed.ndjson");
  assert.equal(code, 1);
  assert.deepEqual(err.trim().split("\n").filter((l) => /^removed\.ndjson:\d+:/.test(l)), [
    "removed.ndjson:2: previous: previous is not the SHA-256 of line 1: a receipt was removed, inserted or changed in between",
  ]);
});

test("verify: past the limits or without a file exits 2 with the reason", () => {
  writeFileSync(join(project, "huge.ndjson"), "{}\n".repeat(10_001));
  const r = cli("verify", "huge.ndjson");
  assert.equal(r.code, 2);
  assert.match(r.err, /more than 10,000 lines of receipts \(receipt\.too_large\)/);
  assert.equal(cli("verify").code, 2);
  assert.equal(cli("frobnicate").code, 2);
});
