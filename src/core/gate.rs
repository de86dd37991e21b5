//! The gating decision for held tags and embeds (the DOM work is in `web::gate`).
use crate::core::consent::ConsentState;
use crate::core::policy::Config;

/// Whether a held tag may run. `purposes` is its `data-consent` attribute (space-separated purpose
/// ids, all of which must be granted), `vendor` its `data-consent-vendor`. With a vendor, that vendor
/// must be granted, and each listed purpose must be granted or be one of the vendor's own purposes
/// (a vendor the person allowed explicitly is allowed for its own purposes). An empty tag, an unknown
/// purpose or an unknown vendor means no (fail closed).
pub fn allowed(
    config: &Config,
    state: &ConsentState,
    purposes: Option<&str>,
    vendor: Option<&str>,
) -> bool {
    let ids: Vec<&str> = purposes.unwrap_or("").split_ascii_whitespace().collect();
    let granted = |id: &str| state.purposes.get(id) == Some(&true);
    match vendor.map(str::trim).filter(|v| !v.is_empty()) {
        None => !ids.is_empty() && ids.iter().all(|id| granted(id)),
        Some(v) => {
            let Some(vendor) = config.vendor(v) else {
                return false;
            };
            state.vendors.get(v) == Some(&true)
                && ids.iter().all(|id| {
                    config.purpose(id).is_some()
                        && (granted(id) || vendor.purposes.iter().any(|p| p == id))
                })
        }
    }
}
