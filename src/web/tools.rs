//! Pure functions for JavaScript without a page (the command line, a build script, a server): the
//! data inventory of a config and the check of a receipt chain. No DOM, no storage, no clock: each
//! is a core function behind a `#[wasm_bindgen]` export, errors thrown as `ConsentError`.
//! Compiled only into the third core, `consent_sieve_tools` (cargo feature `tools`, which includes
//! the minimization engine so policies are read and described), which the CLI (js/bin) loads: a
//! page never calls these, and in the minimization core they cost about 12 KB brotli'd.
use wasm_bindgen::prelude::*;

use super::error::to_js;
use crate::core::inventory as inv;
use crate::core::{receipt, Config, ConsentError};

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
