//! Signals: what the page tells other scripts about the consent state: Google Consent Mode, and with
//! the `iab` feature the IAB TCF `TCData` ([`crate::core::tcf::signal`]) and GPP
//! ([`crate::core::gpp::signal`]). One extension point: a signal computes its
//! output from the machine (the state and the config) for a moment of the page's life, and
//! [`outputs`] collects every configured signal's output. The wasm layer exposes it as
//! `signals(moment)`, the facade hands each output to the early layer's handler of the same name
//! (`early.js`: `signal(name, output)`), so a new signal is a core module, one entry in [`SIGNALS`]
//! and one handler in the early layer.
use crate::core::consent::Machine;
use crate::core::consent_mode;

/// When a signal speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// Before any gated tag can run, with nothing decided (the early layer may have said it already).
    Default,
    /// After the stored choice was restored on page load, before tags are released.
    Load,
    /// After every change of the choice.
    Update,
}

impl Moment {
    pub fn parse(s: &str) -> Option<Moment> {
        match s {
            "default" => Some(Moment::Default),
            "load" => Some(Moment::Load),
            "update" => Some(Moment::Update),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Moment::Default => "default",
            Moment::Load => "load",
            Moment::Update => "update",
        }
    }
}

/// A signal: its name (the early layer's handler) and its output as JSON, `None` when the config
/// does not ask for it (or it has nothing to say at that moment).
pub trait Signal {
    fn name(&self) -> &'static str;
    fn output(&self, machine: &Machine, moment: Moment) -> Option<String>;
}

/// Google Consent Mode v2 (see [`consent_mode::commands`]).
pub struct ConsentMode;

impl Signal for ConsentMode {
    fn name(&self) -> &'static str {
        "consentMode"
    }
    fn output(&self, machine: &Machine, moment: Moment) -> Option<String> {
        consent_mode::commands(machine, moment.as_str())
    }
}

/// Every signal, in the order they are pushed.
pub const SIGNALS: &[&dyn Signal] = &[
    &ConsentMode,
    #[cfg(feature = "iab")]
    &crate::core::tcf::signal::Tcf,
    #[cfg(feature = "iab")]
    &crate::core::gpp::signal::GppSignal,
];

/// `[[name, output], …]` for the configured signals at `moment` (JSON; outputs are JSON values).
pub fn outputs(machine: &Machine, moment: Moment) -> String {
    // Written by hand: each output is JSON text already.
    let mut out = String::from("[");
    let mut first = true;
    for s in SIGNALS {
        if let Some(json) = s.output(machine, moment) {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str("[\"");
            out.push_str(s.name());
            out.push_str("\",");
            out.push_str(&json);
            out.push(']');
        }
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Config;

    fn machine(extra: &str) -> Machine {
        let json = format!(
            r#"{{"policyVersion":"1","purposes":[{{"id":"analytics","label":"A"}}]{extra}}}"#
        );
        Machine::new(Config::from_json(&json).unwrap())
    }

    #[test]
    fn only_configured_signals_speak() {
        assert_eq!(outputs(&machine(""), Moment::Default), "[]");
        let out = outputs(&machine(r#","consentMode":{}"#), Moment::Default);
        assert!(
            out.starts_with(
                r#"[["consentMode",{"dataLayer":"dataLayer","commands":[["consent","default""#
            ),
            "{out}"
        );
        crate::core::json::Json::parse(&out).expect("valid JSON");
    }

    #[test]
    fn moments_round_trip() {
        for m in [Moment::Default, Moment::Load, Moment::Update] {
            assert_eq!(Moment::parse(m.as_str()), Some(m));
        }
        assert_eq!(Moment::parse("later"), None);
    }
}
