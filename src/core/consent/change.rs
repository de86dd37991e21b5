//! What a decision changed: the vendors and purposes it withdrew, and whether the page reloads.
use super::state::ConsentState;
use crate::core::policy::Config;

/// The state before and after one decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub before: ConsentState,
    pub after: ConsentState,
}

impl Change {
    /// Vendors granted before and not after: their cookies and storage keys are erased, their
    /// requests stopped from now on.
    pub fn withdrawn_vendors(&self) -> Vec<String> {
        self.before
            .vendors
            .iter()
            .filter(|(id, was)| **was && self.after.vendors.get(id) != Some(&true))
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Whether a purpose granted before is not granted after.
    pub fn withdraws_a_purpose(&self) -> bool {
        self.before
            .purposes
            .iter()
            .any(|(id, was)| *was && self.after.purposes.get(id) != Some(&true))
    }

    /// Reload the page (`reloadOnWithdraw`): code that already ran can only be stopped by a new page.
    pub fn reloads(&self, config: &Config) -> bool {
        config.reload_on_withdraw
            && (self.withdraws_a_purpose() || !self.withdrawn_vendors().is_empty())
    }
}
