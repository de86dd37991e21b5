//! What a decision changed (the withdrawal diff and the reload rule) and which record problems
//! clear storage: decisions made in the core, tested on the host.
use consent_sieve::core::consent::{Change, Choice, RecordProblem};
use consent_sieve::core::{Config, Machine, Source};

const NOW: u64 = 1_765_000_000_000;

fn config(reload: bool) -> Config {
    Config::from_json(&format!(
        r#"{{"policyVersion":"1","reloadOnWithdraw":{reload},
        "purposes":[{{"id":"necessary","required":true,"label":"N"}},{{"id":"analytics","label":"A"}},{{"id":"marketing","label":"M"}}],
        "vendors":[{{"id":"stats","name":"S","purposes":["analytics"]}},{{"id":"ads","name":"A","purposes":["marketing"]}},
                   {{"id":"cdn","name":"C","purposes":["necessary"]}}]}}"#
    ))
    .unwrap()
}

fn change(m: &mut Machine, act: impl FnOnce(&mut Machine)) -> Change {
    let before = m.state();
    act(m);
    Change {
        before,
        after: m.state(),
    }
}

#[test]
fn rejecting_after_accepting_withdraws_every_optional_vendor_and_reloads_when_configured() {
    let mut m = Machine::new(config(true));
    m.accept_all(Source::Banner, NOW, [1; 16]);
    let c = change(&mut m, |m| {
        m.reject_all(Source::Banner, NOW + 1, [2; 16]);
    });
    assert_eq!(
        c.withdrawn_vendors(),
        vec!["stats".to_string(), "ads".to_string()]
    );
    assert!(c.withdraws_a_purpose());
    assert!(c.reloads(m.config()));
    assert!(!c.reloads(&config(false)), "only with reloadOnWithdraw");
}

#[test]
fn granting_more_withdraws_nothing_and_never_reloads() {
    let mut m = Machine::new(config(true));
    m.reject_all(Source::Banner, NOW, [1; 16]);
    let c = change(&mut m, |m| {
        m.accept_all(Source::Banner, NOW + 1, [2; 16]);
    });
    assert!(c.withdrawn_vendors().is_empty());
    assert!(!c.withdraws_a_purpose());
    assert!(!c.reloads(m.config()));
}

#[test]
fn switching_one_vendor_off_withdraws_only_it_though_its_purpose_stays() {
    let mut m = Machine::new(config(true));
    m.accept_all(Source::Banner, NOW, [1; 16]);
    let choice = Choice::from_json(r#"{"vendors":{"ads":false}}"#).unwrap();
    let c = change(&mut m, |m| {
        m.save(&choice, Source::Banner, NOW + 1, [2; 16]).unwrap();
    });
    assert_eq!(c.withdrawn_vendors(), vec!["ads".to_string()]);
    assert!(!c.withdraws_a_purpose());
    assert!(
        c.reloads(m.config()),
        "a withdrawn vendor alone reloads too"
    );
}

#[test]
fn only_an_expired_record_stays_in_storage() {
    use RecordProblem::*;
    for p in [Garbage, WrongVersion, Tampered, FutureDated, Outdated] {
        assert!(p.clears_storage(), "{p:?}");
    }
    assert!(!Expired.clears_storage());
}

#[test]
fn a_decision_past_its_expiry_lapses_on_the_open_page() {
    let mut m = Machine::new(config(false));
    let exp = m.accept_all(Source::Banner, NOW, [1; 16]).expires_at;
    assert!(!m.expire(exp - 1));
    assert!(m.state().decided);
    assert!(m.expire(exp));
    assert!(!m.state().decided);
    assert!(m.needs_prompt());
    assert!(!m.granted("analytics"));
}
