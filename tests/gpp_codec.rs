//! The GPP string codec (core::gpp): the spec's vectors, round trips, the header's Fibonacci range,
//! and one refusal per class of invalid input, naming its field.
use consent_sieve::core::gpp::{
    self, decode, decode_header, encode, Gpp, Section, UsSection, USCA, USNAT,
};
use consent_sieve::core::tcf::{self, bits::Writer};
use proptest::prelude::*;

const TC: &str = "CQgcD4AQgcD4AAKABBENCWFgAAAAAAAAAAYgAAAAAAAA.IF5wBQABAAGAAQAAoBeY.YAAAAAAAAAAA";

fn us(gpp: &Gpp, i: usize) -> &UsSection {
    match &gpp.sections[i] {
        Section::Us(u) => u,
        other => panic!("not a US section: {other:?}"),
    }
}

#[test]
fn the_spec_vectors_decode_to_their_fields_and_encode_back() {
    // usnat v2, full opt-out, with GPC.
    let g = decode("DBABLA~CVVVVVVVVVWA.YA").unwrap();
    let u = us(&g, 0);
    assert_eq!((u.id, u.version, u.gpc), (USNAT, 2, Some(true)));
    assert_eq!(u.get("SharingNotice"), Some(&[1][..]));
    assert_eq!(u.get("SaleOptOut"), Some(&[1][..]));
    assert_eq!(u.get("SensitiveDataProcessing"), Some(&[1; 16][..]));
    assert_eq!(
        u.get("KnownChildSensitiveDataConsents"),
        Some(&[1, 1, 1][..])
    );
    assert_eq!(u.get("MspaCoveredTransaction"), Some(&[2][..]));
    assert_eq!(u.get("MspaServiceProviderMode"), Some(&[0][..]));
    assert_eq!(encode(&g).unwrap(), "DBABLA~CVVVVVVVVVWA.YA");
    // uspv1 (kept as text) and usnat v1, without GPC.
    let g = decode("DBABzw~1YNY~BVQqAAAAAWA").unwrap();
    assert_eq!(g.sections[0], Section::Other(6, "1YNY".into()));
    let u = us(&g, 1);
    assert_eq!((u.version, u.gpc), (1, None));
    assert_eq!(u.get("SensitiveDataProcessing").map(<[u8]>::len), Some(12));
    assert_eq!(u.get("SaleOptOut"), Some(&[2][..]));
    assert_eq!(u.get("MspaCoveredTransaction"), Some(&[1][..]));
    assert_eq!(encode(&g).unwrap(), "DBABzw~1YNY~BVQqAAAAAWA");
    // Header-only examples of the spec.
    assert_eq!(decode_header("DBACNY").unwrap(), [2, 6]);
    assert_eq!(decode_header("DBABjw").unwrap(), [5, 6]);
    assert_eq!(decode_header("DBABM").unwrap(), [2]);
}

fn sample() -> Gpp {
    let mut nat = UsSection::new(USNAT).unwrap();
    assert!(nat.set("SaleOptOutNotice", &[1]));
    assert!(nat.set("SaleOptOut", &[1]));
    assert!(nat.set("SensitiveDataProcessing", &[2; 16]));
    assert!(
        !nat.set("SensitiveDataProcessing", &[2; 12]),
        "wrong length"
    );
    assert!(!nat.set("Nope", &[1]));
    nat.gpc = Some(true);
    let mut ca = UsSection::new(USCA).unwrap();
    assert!(ca.set("SharingOptOut", &[2]));
    ca.gpc = Some(false);
    Gpp {
        sections: vec![
            Section::TcfEuV2(TC.into()),
            Section::Other(6, "1YNN".into()),
            Section::Us(nat),
            Section::Us(ca),
        ],
    }
}

#[test]
fn every_section_kind_round_trips() {
    let g = sample();
    let s = encode(&g).unwrap();
    assert!(s.starts_with('D'));
    assert_eq!(
        s.split('~').nth(1),
        Some(TC),
        "the TC string is carried as it is"
    );
    assert_eq!(
        decode_header(s.split('~').next().unwrap()).unwrap(),
        [2, 6, 7, 8]
    );
    assert_eq!(decode(&s).unwrap(), g);
    // Sections are written in id order whatever the model's order.
    let mut shuffled = g.clone();
    shuffled.sections.reverse();
    assert_eq!(encode(&shuffled).unwrap(), s);
    assert_eq!(encode(&Gpp::default()).unwrap(), "DBAA");
    assert_eq!(decode("DBAA").unwrap(), Gpp::default());
    let ca = UsSection::new(USCA).unwrap();
    assert_eq!((ca.version, ca.values.len()), (1, 20));
    assert_eq!(ca.get("MspaCoveredTransaction"), Some(&[2][..]));
}

#[test]
fn opt_out_sections_from_plain_choices() {
    let nat = gpp::opt_out_section(USNAT, true, Some(true)).unwrap();
    for (field, v) in [
        ("SharingNotice", 1),
        ("SaleOptOutNotice", 1),
        ("SharingOptOutNotice", 1),
        ("TargetedAdvertisingOptOutNotice", 1),
        ("SensitiveDataProcessingOptOutNotice", 0),
        ("SaleOptOut", 1),
        ("SharingOptOut", 1),
        ("TargetedAdvertisingOptOut", 1),
        ("MspaCoveredTransaction", 2),
        ("MspaOptOutOptionMode", 0),
    ] {
        assert_eq!(nat.get(field), Some(&[v][..]), "{field}");
    }
    assert_eq!(nat.gpc, Some(true));
    let ca = gpp::opt_out_section(USCA, false, None).unwrap();
    assert_eq!(ca.get("SaleOptOutNotice"), Some(&[1][..]));
    assert_eq!(ca.get("SaleOptOut"), Some(&[2][..]));
    assert_eq!(ca.get("SharingOptOut"), Some(&[2][..]));
    assert_eq!(ca.get("SensitiveDataLimitUseNotice"), Some(&[0][..]));
    assert!(
        gpp::opt_out_section(28, true, None).is_none(),
        "28: not in the table"
    );
    assert!(
        gpp::opt_out_section(6, true, None).is_none(),
        "uspv1 is text"
    );
    // usva has no GPC sub-section: none is written even when the browser sent it.
    let va = gpp::opt_out_section(9, true, Some(true)).unwrap();
    assert_eq!(
        (va.gpc, va.get("TargetedAdvertisingOptOut")),
        (None, Some(&[1][..]))
    );
    let g = Gpp {
        sections: vec![Section::Us(nat), Section::Us(ca)],
    };
    assert_eq!(decode(&encode(&g).unwrap()).unwrap(), g);
}

fn header(ids: &[(bool, u32, u32)]) -> String {
    // Hand-written header bits with Fibonacci codes from the spec table (1..7).
    let fib = |v: u32| ["11", "011", "0011", "1011", "00011", "10011", "01011"][v as usize - 1];
    let mut bits = String::from("000011000001");
    bits += &format!("{:012b}", ids.len());
    for &(group, a, b) in ids {
        bits.push(if group { '1' } else { '0' });
        bits += fib(a);
        if group {
            bits += fib(b);
        }
    }
    let mut w = Writer::new();
    for c in bits.chars() {
        w.bit(c == '1');
    }
    w.base64(6)
}

#[test]
fn the_header_range_reads_groups_and_offsets() {
    // {2}, then a group 3 + 2 = 5..=7 (offsets from the previous id).
    assert_eq!(
        decode_header(&header(&[(false, 2, 0), (true, 3, 2)])).unwrap(),
        [2, 5, 6, 7]
    );
    // Our encoder writes the same header for those ids.
    let h = header(&[(false, 2, 0), (true, 3, 2)]);
    let g = Gpp {
        sections: vec![
            Section::TcfEuV2(TC.into()),
            Section::Other(5, "AA".into()),
            Section::Other(6, "1YNN".into()),
            Section::Us(UsSection::new(USNAT).unwrap()),
        ],
    };
    let s = encode(&g).unwrap();
    let ours = s.split('~').next().unwrap();
    assert_eq!(decode_header(ours).unwrap(), decode_header(&h).unwrap());
    assert!(ours.starts_with(h.trim_end_matches('A')), "{ours} vs {h}");
}

#[test]
fn every_class_of_invalid_string_is_refused_with_its_field() {
    let good = encode(&sample()).unwrap();
    let mut three = UsSection::new(USNAT).unwrap();
    three.values[6] = 3; // SaleOptOut
    let mut w = Writer::new();
    w.int(2, 6);
    w.int(0, 2 * 24);
    w.int(0, 2 * 4);
    let no_mspa = w.base64(6); // MspaCoveredTransaction 0
    let cases: Vec<(String, &str)> = vec![
        ("D".repeat(gpp::MAX_LEN + 1), "GppString"),
        (String::new(), "header"),
        (TC.split('.').next().unwrap().to_string(), "header.Type"),
        ("DCAA".to_string(), "header.Version"),
        ("DBA".to_string(), "header.SectionIds"),
        ("DBABM~".to_string() + TC + "~CAAA", "header.SectionIds"),
        ("DBABM".to_string(), "header.SectionIds"),
        (good.replace("~1YNN", "~1Y=N"), "section"),
        (good.replace("~1YNN", "~"), "section"),
        ("DBABM~BAAA".to_string(), "core.Version"),
        (format!("DBABLA~{no_mspa}"), "usnat.MspaCoveredTransaction"),
        ("DBABLA~DVVVVVVVVVWA".to_string(), "usnat.Version"),
        ("DBABLA~CVVVV".to_string(), "usnat.SensitiveDataProcessing"),
        ("DBABLA~CVVVVVVVVVWA.gA".to_string(), "usnat.SubsectionType"),
        (
            "DBABLA~CVVVVVVVVVWA.YA.YA".to_string(),
            "usnat.SubsectionType",
        ),
        ("DBABLA~CVVVVVVVVVWA.".to_string(), "usnat.SubsectionType"),
        ("DBABLA~CVVVVVVVVVWA.A".to_string(), "usnat.SubsectionType"),
        (
            "DBABLA~CVVVVVVVVVWA.QA".replace("CVVV", "C_VV"),
            "usnat.SharingNotice",
        ),
    ];
    for (s, field) in cases {
        assert_eq!(decode(&s).expect_err(&s).field, field, "{s}");
    }
    // Section ids: more than 64, and a Fibonacci integer with no terminator.
    let mut w = Writer::new();
    w.int(3, 6);
    w.int(1, 6);
    w.int(1, 12);
    w.bit(true);
    w.int(0b11, 2); // start 1
    w.int(0b11, 11); // 1 + 89: 90 sections
    assert_eq!(
        decode_header(&w.base64(6)).unwrap_err().reason,
        "more than 64 sections"
    );
    let e = decode_header(&header(&[(false, 1, 0)]).replace('A', "q")).unwrap_err();
    assert_eq!(e.field, "header.SectionIds");
    // The encoder refuses invalid models too.
    let refuse = |sections: Vec<Section>| encode(&Gpp { sections }).unwrap_err().field;
    assert_eq!(refuse(vec![Section::Us(three)]), "usnat.SaleOptOut");
    let mut short = UsSection::new(USCA).unwrap();
    short.values.pop();
    assert_eq!(refuse(vec![Section::Us(short)]), "usca.Version");
    let mut v9 = UsSection::new(USNAT).unwrap();
    v9.version = 9;
    assert_eq!(refuse(vec![Section::Us(v9)]), "usnat.Version");
    let n = || Section::Us(UsSection::new(USNAT).unwrap());
    assert_eq!(refuse(vec![n(), n()]), "header.SectionIds");
    assert_eq!(
        refuse(vec![Section::Other(7, "AA".into())]),
        "header.SectionIds"
    );
    assert_eq!(
        refuse(vec![Section::Other(9, "AA".into())]),
        "header.SectionIds"
    );
    assert_eq!(refuse(vec![Section::Other(28, "".into())]), "section");
    let mut va = UsSection::new(9).unwrap();
    va.gpc = Some(true);
    assert_eq!(refuse(vec![Section::Us(va)]), "usva.SubsectionType");
    assert_eq!(
        refuse(vec![Section::TcfEuV2("CAAA".into())]),
        "core.Created"
    );
}

fn us_section() -> impl Strategy<Value = UsSection> {
    (0..gpp::US.len(), any::<Option<bool>>()).prop_flat_map(|(i, gpc)| {
        let row = &gpp::US[i];
        let (id, version) = (row.id, row.version);
        let gpc = gpc.filter(|_| row.gpc);
        let n: usize = gpp::layout(id, version).unwrap().iter().map(|f| f.1).sum();
        (proptest::collection::vec(0u8..3, n), 1u8..3).prop_map(move |(mut values, mspa)| {
            let at = gpp::layout(id, version).unwrap();
            let i: usize = at
                .iter()
                .take_while(|f| !f.0.ends_with("MspaCoveredTransaction"))
                .map(|f| f.1)
                .sum();
            values[i] = mspa;
            UsSection {
                id,
                version,
                values,
                gpc,
            }
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_valid_model_round_trips(
        nat in proptest::option::of(us_section()),
        others in proptest::collection::btree_map(28u16..400, "[A-Za-z0-9_-]{1,8}(\\.[A-Za-z0-9_-]{1,4})?", 0..5),
        with_tc in any::<bool>(),
    ) {
        let mut sections: Vec<Section> = others.into_iter().map(|(id, t)| Section::Other(id, t)).collect();
        if let Some(u) = nat { sections.insert(0, Section::Us(u)); }
        if with_tc { sections.insert(0, Section::TcfEuV2(TC.into())); }
        let g = Gpp { sections };
        let s = encode(&g).unwrap();
        prop_assert_eq!(decode(&s).unwrap(), g);
    }

    #[test]
    fn arbitrary_text_never_panics(s in "[A-Za-z0-9_.~-]{0,80}") {
        let _ = decode(&s);
        let _ = decode(&format!("DBA{s}"));
        let _ = tcf::decode(&s);
    }
}

/// Each state section's layout: its bit length as the specification (and @iabgpp/cmpapi) defines it,
/// the version field, and a decode of a hand-built string naming the right fields.
#[test]
fn every_state_layout_has_its_specified_length_and_reads_its_fields() {
    // (prefix, id, 2-bit values after the 6-bit version, has GPC), from cmpapi 3.2.0's segments.
    let rows = [
        ("usnat", 7, 32, true),
        ("usca", 8, 20, true),
        ("usva", 9, 17, false),
        ("usco", 10, 16, true),
        ("usut", 11, 18, false),
        ("usct", 12, 19, true),
        ("usfl", 13, 20, false),
        ("usmt", 14, 20, true),
        ("usor", 15, 23, true),
        ("ustx", 16, 18, true),
        ("usde", 17, 23, true),
        ("usia", 18, 18, true),
        ("usne", 19, 18, true),
        ("usnh", 20, 20, true),
        ("usnj", 21, 24, true),
        ("ustn", 22, 18, true),
        ("usmn", 23, 18, true),
        ("usmd", 24, 8, true),
        ("usin", 25, 17, false),
        ("usky", 26, 17, false),
        ("usri", 27, 17, false),
    ];
    for (prefix, id, n, gpc) in rows {
        let v = gpp::current_version(id).unwrap();
        let row = gpp::us_layout(id, v).unwrap();
        assert_eq!(
            (row.prefix(), row.values(), row.gpc),
            (prefix, n, gpc),
            "{prefix}"
        );
        // A string with SaleOptOut = 1, MspaCoveredTransaction = 1, everything else 0.
        // In usin, usky and usri SensitiveDataProcessing is the second segment: its first category 2.
        let mut w = Writer::new();
        w.int(v.into(), 6);
        let mut text = String::new();
        for (full, k) in row.fields() {
            if row.sensitive && full.ends_with(".SensitiveDataProcessing") {
                text = w.base64(6) + ".";
                w = Writer::new();
            }
            for i in 0..k {
                let one =
                    full.ends_with(".SaleOptOut") || full.ends_with(".MspaCoveredTransaction");
                let sdp = row.sensitive && full.ends_with(".SensitiveDataProcessing") && i == 0;
                w.int(
                    if sdp {
                        2
                    } else if one {
                        1
                    } else {
                        0
                    },
                    2,
                );
            }
        }
        text += &w.base64(6);
        if row.sensitive {
            let g = decode(&format!("{}~{text}", header_of(id))).unwrap();
            let Section::Us(u) = &g.sections[0] else {
                panic!()
            };
            assert_eq!(
                u.get("SensitiveDataProcessing"),
                Some(&[2, 0, 0, 0, 0, 0, 0, 0][..])
            );
            // Without the segment every category is 0; a third segment is refused, naming it.
            let core = text.split('.').next().unwrap();
            let g = decode(&format!("{}~{core}", header_of(id))).unwrap();
            let Section::Us(bare) = &g.sections[0] else {
                panic!()
            };
            assert_eq!(bare.get("SensitiveDataProcessing"), Some(&[0; 8][..]));
            assert_eq!(bare.get("SaleOptOut"), Some(&[1][..]));
            let e = decode(&format!("{}~{text}.YA", header_of(id))).unwrap_err();
            assert_eq!(e.field, format!("{prefix}.SensitiveDataProcessing"));
        }
        let g = decode(&format!("{}~{text}", header_of(id))).unwrap();
        let Section::Us(u) = &g.sections[0] else {
            panic!()
        };
        assert_eq!(
            (u.id, u.get("SaleOptOut")),
            (id, Some(&[1][..])),
            "{prefix}"
        );
        assert_eq!(u.get("MspaCoveredTransaction"), Some(&[1][..]));
        // Value 3 in the last field is refused, naming it.
        let last = row.fields().last().unwrap().0;
        let mut bad = u.clone();
        let len = bad.values.len();
        bad.values[len - 1] = 3;
        assert_eq!(
            encode(&Gpp {
                sections: vec![Section::Us(bad)]
            })
            .unwrap_err()
            .field,
            last
        );
        // A GPC sub-section only where the section defines one.
        if row.sensitive {
            continue;
        }
        let sub = decode(&format!("{}~{text}.YA", header_of(id)));
        assert_eq!(sub.is_ok(), gpc, "{prefix}");
        if !gpc {
            assert_eq!(sub.unwrap_err().field, format!("{prefix}.SubsectionType"));
        }
    }
}

/// The header of a string with the one section `id`.
fn header_of(id: u16) -> String {
    let s = encode(&Gpp {
        sections: vec![Section::Us(UsSection::new(id).unwrap())],
    })
    .unwrap();
    s.split('~').next().unwrap().to_string()
}
