//! Pure functions for JavaScript without a page (the command line, a build script, a server): the
//! data inventory of a config and the check of a receipt chain. No DOM, no storage, no clock: each
//! is a core function behind a `#[wasm_bindgen]` export, errors thrown as `ConsentError`.
//! Compiled only into the third core, `consent_sieve_tools` (cargo feature `tools`, which includes
//! the minimization engine so policies are read and described), which the CLI (js/bin) loads: a
//! page never calls these, and in the minimization core they cost about 12 KB brotli'd.
use wasm_bindgen::prelude::*;

use super::error::to_js;
use crate::core::inventory as inv;
use crate::core::json::Json;
use crate::core::map::Map;
use crate::core::{audit as aud, receipt, Config, ConsentError};

/// The inventory of `config_json` as `"json"`, `"markdown"` or `"html"` (docs/inventory.md). Throws a
/// `ConsentError`: the config's own (`config.*`, with the path), or `api.invalid_argument` at
/// `format` for another format.
#[wasm_bindgen]
pub fn inventory(config_json: &str, format: &str) -> Result<String, JsValue> {
    let config = Config::from_json(config_json).map_err(|e| to_js(&e))?;
    match format {
        "json" => Ok(inv::inventory_json(&config)),
        "markdown" => Ok(inv::inventory_markdown(&config)),
        "html" => Ok(inv::inventory_html(&config)),
        _ => Err(to_js(&ConsentError::new(
            "api.invalid_argument",
            "format",
            "must be \"json\", \"markdown\" or \"html\"",
        ))),
    }
}

/// Checks a receipt chain (NDJSON, one receipt a line): the report as JSON, `{ok, lines, receipts,
/// breaks: [{line, receiptId, kind, reason}]}`. Throws `receipt.too_large` past 10,000 lines or 1 MiB.
#[wasm_bindgen(js_name = verifyReceipts)]
pub fn verify_receipts(ndjson: &str) -> Result<String, JsValue> {
    receipt::verify_chain(ndjson)
        .map(|r| r.to_json())
        .map_err(|e| to_js(&e))
}

/// Audit mode's judgement (core::audit): `seen_json` (`[{kind, name, at, script?}]`) against the
/// config, with the state in force (`state_json`: `cs.state()`'s `{vendors, decidedAt}`) and the
/// page's host. The report as JSON, `{undeclared, beforeConsent, declared}`.
#[wasm_bindgen]
pub fn audit(
    config_json: &str,
    state_json: &str,
    page_host: &str,
    seen_json: &str,
) -> Result<String, JsValue> {
    let config = Config::from_json(config_json).map_err(|e| to_js(&e))?;
    let seen = aud::parse_seen(seen_json).map_err(|e| to_js(&e))?;
    let bad = || {
        to_js(&ConsentError::new(
            "api.invalid_argument",
            "state",
            "expected cs.state()",
        ))
    };
    let state = Json::parse(state_json).map_err(|_| bad())?;
    let vendors: Map<bool> = match state.get("vendors") {
        Some(Json::Obj(fields)) => fields
            .iter()
            .map(|(k, v)| (k.clone(), *v == Json::Bool(true)))
            .collect(),
        _ => return Err(bad()),
    };
    let decided_at = match state.get("decidedAt") {
        Some(Json::Int(n)) if *n >= 0 => Some(*n as u64),
        _ => None,
    };
    Ok(aud::report(&config, &vendors, decided_at, page_host, &seen))
}
