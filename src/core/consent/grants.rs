//! The one rule for vendor grants, used by the machine, the stored record's judge and the dialog.
use crate::core::map::Map;
use crate::core::policy::Config;

impl Config {
    /// Effective vendor grants. A vendor is granted when the person allowed it explicitly, or when
    /// all its purposes are granted and the person did not refuse it. A vendor serving only
    /// required purposes is always granted. A `retired` vendor never is.
    pub fn vendor_grants(&self, purposes: &Map<bool>, choices: &Map<bool>) -> Map<bool> {
        self.vendors
            .iter()
            .map(|v| {
                let required_only = self.required_only(v);
                let derived = v.purposes.iter().all(|p| purposes.get(p) == Some(&true));
                // A retired vendor (incident response) is never granted, whatever was chosen before.
                let granted =
                    !v.retired && (required_only || choices.get(&v.id).copied().unwrap_or(derived));
                (v.id.clone(), granted)
            })
            .collect()
    }
}
