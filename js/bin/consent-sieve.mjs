#!/usr/bin/env node
// The consent-sieve command line: the data inventory of a config (for a privacy page) and the check
// of a receipt chain. Runs the package's own core in Node, the build for this command
// (dist/pkg/consent_sieve_tools.js: the minimization engine plus the inventory and chain exports,
// which pages never download), its .wasm read from disk: no browser, no network.
//
//   consent-sieve inventory <config.json> [--format markdown|html|json]   (default: markdown)
//   consent-sieve verify <receipts.ndjson>
//
// Exit codes: 0 done (the chain is intact); 1 the chain is broken (each break on stderr, as
// `<file>:<line>: <kind>: <reason>`); 2 a usage error, an unreadable file or a config the core refuses.
import { readFileSync } from "node:fs";

const USAGE = `usage:
  consent-sieve inventory <config.json> [--format markdown|html|json]   (default: markdown)
  consent-sieve verify <receipts.ndjson>`;
const FORMATS = ["markdown", "html", "json"];

/** @param {string} message */
function fail(message) {
  process.stderr.write(message + "\n");
  process.exit(2);
}

/** The core's exports, after compiling its .wasm synchronously from the bytes on disk. */
async function core() {
  const pkg = new URL("../dist/pkg/", import.meta.url);
  const glue = await import(new URL("consent_sieve_tools.js", pkg).href);
  if (typeof glue.initSync !== "function" || typeof glue.inventory !== "function") {
    fail("consent-sieve: the package's dist/pkg/consent_sieve_tools.js has no initSync/inventory export");
  }
  glue.initSync({ module: readFileSync(new URL("consent_sieve_tools_bg.wasm", pkg)) });
  return glue;
}

/** @param {string} path */
function read(path) {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    return fail(`consent-sieve: cannot read ${path}: ${/** @type {Error} */ (e).message}`);
  }
}

/** A thrown ConsentError (or anything else) as one line. @param {unknown} e */
function explain(e) {
  const err = /** @type {{ message?: string, code?: string }} */ (e);
  return err && err.code ? `${err.message} (${err.code})` : `consent-sieve: ${String(err?.message ?? e)}`;
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (command === "inventory") {
    let format = "markdown";
    const files = [];
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i];
      if (a === "--format") format = rest[++i] ?? "";
      else if (a.startsWith("--format=")) format = a.slice("--format=".length);
      else if (a.startsWith("-")) fail(`consent-sieve: unknown option ${a}\n${USAGE}`);
      else files.push(a);
    }
    if (files.length !== 1) fail(USAGE);
    if (!FORMATS.includes(format)) fail(`consent-sieve: --format must be markdown, html or json, not "${format}"`);
    const text = read(files[0]);
    const { inventory } = await core();
    let out;
    try {
      out = inventory(text, format);
    } catch (e) {
      fail(`${files[0]}: ${explain(e)}`);
    }
    process.stdout.write(format === "json" ? JSON.stringify(JSON.parse(out), null, 2) + "\n" : out);
    return 0;
  }
  if (command === "verify") {
    if (rest.length !== 1 || rest[0].startsWith("-")) fail(USAGE);
    const file = rest[0];
    const text = read(file);
    const { verifyReceipts } = await core();
    let report;
    try {
      report = JSON.parse(verifyReceipts(text));
    } catch (e) {
      fail(`${file}: ${explain(e)}`);
    }
    if (report.ok) {
      process.stdout.write(`${file}: ${report.receipts} receipts, the chain is intact\n`);
      return 0;
    }
    for (const b of report.breaks) process.stderr.write(`${file}:${b.line}: ${b.kind}: ${b.reason}\n`);
    process.stderr.write(`${file}: the chain is broken: ${report.breaks.length} problem(s) in ${report.lines} lines\n`);
    return 1;
  }
  fail(command ? `consent-sieve: unknown command ${command}\n${USAGE}` : USAGE);
}

process.exitCode = await main(process.argv.slice(2));
