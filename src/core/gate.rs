//! The gating decision for `data-consent="…"` attributes (the DOM work is in `web::gate`).
use crate::core::consent::ConsentState;

/// Whether a tag whose `data-consent` attribute is `attr` may run: every space-separated purpose id
/// must be granted. An empty attribute or an unknown id means no (fail closed).
pub fn allowed(attr: &str, state: &ConsentState) -> bool {
    let mut ids = attr.split_ascii_whitespace().peekable();
    ids.peek().is_some() && ids.all(|id| state.purposes.get(id).copied().unwrap_or(false))
}
