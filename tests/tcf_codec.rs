//! The TC string codec (core::tcf): the spec's example, round trips, the bitfield-or-range choice,
//! tolerance of valid variants and one refusal per class of invalid input, naming its field.
use consent_sieve::core::tcf::bits::{CodecError, Reader, Writer};
use consent_sieve::core::tcf::{
    self, build, decode, encode, Choices, PublisherTc, Restriction, TcString,
};
use proptest::prelude::*;

/// The reject-all example of the IAB reference (standards.md §1.6).
const REJECT_ALL: &str =
    "CQgcD4AQgcD4AAKABBENCWFgAAAAAAAAAAYgAAAAAAAA.IF5wBQABAAGAAQAAoBeY.YAAAAAAAAAAA";

/// Bit offsets of the fixed core fields.
const CMP_ID: usize = 78;
const LANGUAGE: usize = 108;
const POLICY: usize = 132;
const SERVICE_SPECIFIC: usize = 138;
const PURPOSES_LI: usize = 176;
const VENDOR_CONSENTS: usize = 213;

fn model() -> TcString {
    build(&Choices {
        now_ms: 1_795_305_845_123, // 2026-11-22T00:04:05.123Z
        cmp_id: 300,
        cmp_version: 7,
        consent_screen: 2,
        language: "pt-BR",
        publisher_cc: "fr",
        vendor_list_version: 150,
        purposes_consent: &[1, 2, 7, 11],
        purposes_li: &[2, 3, 7, 10],
        special_features: &[2],
        vendors_consent: &[755, 2, 10],
        vendors_li: &[8],
        vendors_disclosed: &[2, 6, 8, 10, 755],
    })
    .expect("valid choices")
}

fn bits_of(segment: &str) -> Vec<bool> {
    let mut r = Reader::base64(segment, "t").unwrap();
    (0..r.remaining()).map(|_| r.bit("t").unwrap()).collect()
}

fn from_bits(bits: &[bool]) -> String {
    let mut w = Writer::new();
    for &b in bits {
        w.bit(b);
    }
    w.base64(6)
}

/// `s` with its core segment's bits changed by `edit`.
fn mutate(s: &str, edit: impl Fn(&mut Vec<bool>)) -> String {
    let (core, rest) = s.split_once('.').unwrap_or((s, ""));
    let mut bits = bits_of(core);
    edit(&mut bits);
    let core = from_bits(&bits);
    if rest.is_empty() {
        core
    } else {
        format!("{core}.{rest}")
    }
}

fn set_int(bits: &mut [bool], at: usize, n: usize, v: u64) {
    for i in 0..n {
        bits[at + i] = v >> (n - 1 - i) & 1 == 1;
    }
}

/// A core segment with the fixed fields of `model()`, then `vendors` written by the caller.
fn core_with(vendors: impl Fn(&mut Writer)) -> String {
    let fixed = bits_of(encode(&model()).unwrap().split('.').next().unwrap());
    let mut w = Writer::new();
    for &b in &fixed[..VENDOR_CONSENTS] {
        w.bit(b);
    }
    vendors(&mut w);
    w.base64(6) + ".IAAA" // an empty DisclosedVendors segment
}

fn refused(s: &str) -> CodecError {
    decode(s).expect_err(s)
}

#[test]
fn the_spec_example_decodes_to_its_fields_and_encodes_back_byte_for_byte() {
    let tc = decode(REJECT_ALL).unwrap();
    assert_eq!(tc.created, 17_724_096_000);
    assert_eq!(tc.created % tcf::DAY_DS, 0, "day precision");
    assert_eq!(tc.last_updated, tc.created);
    assert_eq!((tc.cmp_id, tc.cmp_version, tc.consent_screen), (10, 1, 1));
    assert_eq!(&tc.consent_language, b"EN");
    assert_eq!(&tc.publisher_cc, b"DE");
    assert_eq!((tc.vendor_list_version, tc.policy_version), (150, 5));
    assert!(tc.is_service_specific && !tc.use_non_standard_texts && !tc.purpose_one_treatment);
    assert_eq!(
        (
            tc.purposes_consent,
            tc.purposes_li,
            tc.special_feature_opt_ins
        ),
        (0, 0, 0)
    );
    assert!(tc.vendor_consents.is_empty() && tc.vendor_li.is_empty() && tc.restrictions.is_empty());
    assert_eq!(
        tc.disclosed_vendors.as_deref(),
        Some(&[2, 6, 8, 10, 755][..])
    );
    assert_eq!(tc.publisher, Some(PublisherTc::default()));
    assert_eq!(encode(&tc).unwrap(), REJECT_ALL);
}

#[test]
fn build_rounds_to_the_day_and_keeps_only_allowed_legitimate_interests() {
    let tc = model();
    assert_eq!(
        tc.created,
        1_795_305_600_000 / 100,
        "midnight UTC of the day"
    );
    assert_eq!(tc.last_updated, tc.created);
    assert_eq!(&tc.consent_language, b"PT");
    assert_eq!(&tc.publisher_cc, b"FR");
    assert_eq!(tcf::ids(tc.purposes_consent.into()), [1, 2, 7, 11]);
    assert_eq!(
        tcf::ids(tc.purposes_li.into()),
        [2, 7, 10],
        "purpose 3 dropped"
    );
    assert_eq!(tcf::ids(tc.special_feature_opt_ins.into()), [2]);
    assert_eq!(tc.vendor_consents, [2, 10, 755]);
    assert_eq!(tc.policy_version, 5);
    assert!(tc.is_service_specific);
    assert_eq!(
        tc.disclosed_vendors.as_deref(),
        Some(&[2, 6, 8, 10, 755][..])
    );
    let s = encode(&tc).unwrap();
    assert_eq!(s.split('.').count(), 2, "core and DisclosedVendors");
    assert!(s.starts_with('C'));
    assert_eq!(decode(&s).unwrap(), tc);
}

#[test]
fn build_refuses_what_no_string_can_carry() {
    let ok = Choices {
        cmp_id: 300,
        language: "en",
        publisher_cc: "DE",
        ..Choices::default()
    };
    build(&ok).unwrap();
    let field = |c: Choices| build(&c).unwrap_err().field;
    assert_eq!(
        field(Choices {
            purposes_consent: &[25],
            ..ok.clone()
        }),
        "core.PurposesConsent"
    );
    assert_eq!(
        field(Choices {
            special_features: &[0],
            ..ok.clone()
        }),
        "core.SpecialFeatureOptIns"
    );
    assert_eq!(
        field(Choices {
            language: "1x",
            ..ok.clone()
        }),
        "core.ConsentLanguage"
    );
    assert_eq!(
        field(Choices {
            cmp_id: 4096,
            ..ok.clone()
        }),
        "core.CmpId"
    );
    assert_eq!(
        field(Choices {
            cmp_id: 1,
            ..ok.clone()
        }),
        "core.CmpId"
    );
    assert_eq!(
        field(Choices {
            consent_screen: 64,
            ..ok
        }),
        "core.ConsentScreen"
    );
}

/// Whether the vendor-consent section of `s` is range-encoded, and its length in bits.
fn consent_section(s: &str) -> (bool, usize) {
    let bits = bits_of(s.split('.').next().unwrap());
    let max = bits[VENDOR_CONSENTS..VENDOR_CONSENTS + 16]
        .iter()
        .fold(0usize, |a, &b| a << 1 | usize::from(b));
    let range = bits[VENDOR_CONSENTS + 16];
    let tc = decode(s).unwrap();
    let ranges = runs(&tc.vendor_consents);
    (
        range,
        17 + if range { tcf::range_bits(&ranges) } else { max },
    )
}

fn runs(ids: &[u16]) -> Vec<(u16, u16)> {
    let mut out: Vec<(u16, u16)> = Vec::new();
    for &id in ids {
        match out.last_mut() {
            Some((_, b)) if *b + 1 == id => *b = id,
            _ => out.push((id, id)),
        }
    }
    out
}

fn with_consents(vendors: Vec<u16>) -> String {
    encode(&TcString {
        vendor_consents: vendors,
        ..model()
    })
    .unwrap()
}

#[test]
fn the_shorter_vendor_encoding_is_chosen() {
    // Few scattered low ids: 10 bits of bitfield beat 12 + 3 x 17 bits of ranges.
    assert_eq!(consent_section(&with_consents(vec![1, 5, 10])), (false, 27));
    // One long run: one 33-bit range entry beats a 500-bit bitfield.
    let run: Vec<u16> = (1..=500).collect();
    assert_eq!(consent_section(&with_consents(run)), (true, 17 + 12 + 33));
    // A single high id (Google, 755): 12 + 17 bits instead of 755.
    assert_eq!(consent_section(&with_consents(vec![755])), (true, 17 + 29));
    // The tie goes to the bitfield: id 29 alone costs 29 bits either way.
    assert_eq!(consent_section(&with_consents(vec![29])), (false, 17 + 29));
    assert_eq!(consent_section(&with_consents(vec![30])), (true, 17 + 29));
    // Every other id up to 200: the bitfield (200) beats 100 single entries.
    let sparse: Vec<u16> = (1..=100).map(|i| i * 2).collect();
    assert_eq!(
        consent_section(&with_consents(sparse.clone())),
        (false, 217)
    );
    assert_eq!(
        decode(&with_consents(sparse.clone()))
            .unwrap()
            .vendor_consents,
        sparse
    );
}

#[test]
fn restrictions_and_the_publisher_segment_round_trip() {
    let tc = TcString {
        restrictions: vec![
            Restriction {
                purpose: 2,
                kind: 1,
                vendors: vec![(1, 1), (4, 9), (755, 755)],
            },
            Restriction {
                purpose: 7,
                kind: 0,
                vendors: vec![(3, 5), (6, 8)],
            }, // merged
            Restriction {
                purpose: 10,
                kind: 2,
                vendors: vec![],
            },
        ],
        publisher: Some(PublisherTc {
            consents: 0b101,
            li: 0b10,
            custom_count: 3,
            custom_consents: 0b101,
            custom_li: 0b010,
        }),
        use_non_standard_texts: true,
        purpose_one_treatment: true,
        ..model()
    };
    let s = encode(&tc).unwrap();
    let back = decode(&s).unwrap();
    assert_eq!(
        back.restrictions[1].vendors,
        [(3, 8)],
        "adjacent ranges merge"
    );
    let mut expected = tc.clone();
    expected.restrictions[1].vendors = vec![(3, 8)];
    assert_eq!(back, expected);
    assert_eq!(encode(&back).unwrap(), s);
    assert_eq!(s.split('.').count(), 3);
}

#[test]
fn valid_variants_are_accepted() {
    let s = encode(&TcString {
        publisher: Some(PublisherTc::default()),
        ..model()
    })
    .unwrap();
    let parts: Vec<&str> = s.split('.').collect();
    let tc = decode(&s).unwrap();
    // Optional segments in any order after the core.
    assert_eq!(
        decode(&[parts[0], parts[2], parts[1]].join(".")).unwrap(),
        tc
    );
    // Unknown trailing bits, and the deprecated VendorsAllowed segment (ignored).
    assert_eq!(
        decode(&format!("{}AAAA.{}.{}", parts[0], parts[1], parts[2])).unwrap(),
        tc
    );
    assert_eq!(decode(&format!("{s}.QAAA")).unwrap(), tc);
    // A policy-4 (TCF v2.2) string may lack DisclosedVendors.
    let v22 = mutate(parts[0], |b| set_int(b, POLICY, 6, 4));
    assert_eq!(decode(&v22).unwrap().disclosed_vendors, None);
    // Bitfield, range and empty vendor sections decode alike.
    let range = core_with(|w| {
        w.int(10, 16);
        w.bit(true);
        w.int(2, 12);
        w.bit(false);
        w.int(3, 16);
        w.bit(true);
        w.int(5, 16);
        w.int(10, 16);
        w.int(0, 17); // LI: empty
        w.int(0, 12);
    });
    assert_eq!(
        decode(&range).unwrap().vendor_consents,
        [3, 5, 6, 7, 8, 9, 10]
    );
}

#[test]
fn every_class_of_invalid_string_is_refused_with_its_field() {
    let good = encode(&model()).unwrap();
    let core = good.split('.').next().unwrap();
    let cases: Vec<(String, &str)> = vec![
        ("C".repeat(tcf::MAX_LEN + 1), "TCString"),
        (String::new(), "core"),
        (good.replace('A', "+"), "core"),
        (format!("{good}="), "segment"),
        (format!("{good}."), "segment"),
        (mutate(core, |b| set_int(b, 0, 6, 1)), "core.Version"),
        (good[..20].to_string(), "core.VendorListVersion"),
        (core[..36].to_string(), "core.VendorConsents.MaxVendorId"),
        (
            mutate(&good, |b| set_int(b, LANGUAGE, 6, 26)),
            "core.ConsentLanguage",
        ),
        (mutate(&good, |b| set_int(b, CMP_ID, 12, 1)), "core.CmpId"),
        (
            mutate(&good, |b| b[SERVICE_SPECIFIC] = false),
            "core.IsServiceSpecific",
        ),
        (
            mutate(&good, |b| b[PURPOSES_LI + 3] = true),
            "core.PurposesLITransparency",
        ),
        (core.to_string(), "DisclosedVendors"),
        (format!("{good}.IAAA"), "SegmentType"),
        (format!("{good}.{core}"), "SegmentType"),
        (format!("{good}.gAAA"), "SegmentType"),
        (format!("{core}.IA"), "DisclosedVendors.MaxVendorId"),
        (format!("{core}.YAAA"), "PublisherTC.PubPurposesConsent"),
        (
            format!("{core}.YAAAAA"),
            "PublisherTC.PubPurposesLITransparency",
        ),
    ];
    for (s, field) in cases {
        assert_eq!(refused(&s).field, field, "{s}");
    }
    let vendors = |f: &dyn Fn(&mut Writer)| refused(&core_with(f));
    let range = |entries: Vec<(bool, u64, u64)>, max: u64| {
        move |w: &mut Writer| {
            w.int(max, 16);
            w.bit(true);
            w.int(entries.len() as u64, 12);
            for &(r, a, b) in &entries {
                w.bit(r);
                w.int(a, 16);
                if r {
                    w.int(b, 16);
                }
            }
            w.int(0, 17 + 12);
        }
    };
    let e = vendors(&range(vec![(false, 0, 0)], 5));
    assert_eq!(
        e,
        CodecError::new(
            "core.VendorConsents.StartOrOnlyVendorId",
            "vendor id 0 (ids start at 1)"
        )
    );
    assert_eq!(
        vendors(&range(vec![(true, 4, 2)], 5)).field,
        "core.VendorConsents.EndVendorId"
    );
    assert_eq!(
        vendors(&range(vec![(true, 2, 6)], 5)).field,
        "core.VendorConsents.EndVendorId"
    );
    assert_eq!(
        vendors(&range(vec![(false, 6, 0)], 5)).field,
        "core.VendorConsents.StartOrOnlyVendorId"
    );
    let overlap = vendors(&range(vec![(true, 1, 5), (true, 2, 3)], 5));
    assert_eq!(overlap.field, "core.VendorConsents.NumEntries");
    assert!(overlap.reason.contains("overlap"), "{overlap}");
    let short_bitfield = vendors(&|w: &mut Writer| {
        w.int(4000, 16);
        w.bit(false);
    });
    assert_eq!(short_bitfield.field, "core.VendorConsents.BitField");
    let restriction = |purpose: u64, kind: u64| {
        move |w: &mut Writer| {
            w.int(0, 34);
            w.int(1, 12);
            w.int(purpose, 6);
            w.int(kind, 2);
            w.int(0, 12);
        }
    };
    assert!(decode(&core_with(restriction(1, 2))).is_ok());
    assert_eq!(
        vendors(&restriction(0, 1)).field,
        "core.PubRestrictionEntry.PurposeId"
    );
    assert_eq!(
        vendors(&restriction(1, 3)).field,
        "core.PubRestrictionEntry.RestrictionType"
    );
}

#[test]
fn the_encoder_refuses_invalid_models() {
    let m = model();
    let field = |tc: TcString| encode(&tc).unwrap_err().field;
    assert_eq!(
        field(TcString {
            cmp_id: 0,
            ..m.clone()
        }),
        "core.CmpId"
    );
    assert_eq!(
        field(TcString {
            is_service_specific: false,
            ..m.clone()
        }),
        "core.IsServiceSpecific"
    );
    assert_eq!(
        field(TcString {
            purposes_li: 1 << 4,
            ..m.clone()
        }),
        "core.PurposesLITransparency"
    );
    assert_eq!(
        field(TcString {
            disclosed_vendors: None,
            ..m.clone()
        }),
        "DisclosedVendors"
    );
    assert_eq!(
        field(TcString {
            created: 1 << 36,
            ..m.clone()
        }),
        "core.Created"
    );
    assert_eq!(
        field(TcString {
            consent_language: *b"en",
            ..m.clone()
        }),
        "core.ConsentLanguage"
    );
    assert_eq!(
        field(TcString {
            purposes_consent: 1 << 24,
            ..m.clone()
        }),
        "core.PurposesConsent"
    );
    assert_eq!(
        field(TcString {
            vendor_consents: vec![3, 2],
            ..m.clone()
        }),
        "core.VendorConsents.MaxVendorId"
    );
    assert_eq!(
        field(TcString {
            vendor_li: vec![0],
            ..m.clone()
        }),
        "core.VendorLegitimateInterests.MaxVendorId"
    );
    let restriction = |purpose, kind, vendors| TcString {
        restrictions: vec![Restriction {
            purpose,
            kind,
            vendors,
        }],
        ..m.clone()
    };
    assert_eq!(
        field(restriction(0, 1, vec![])),
        "core.PubRestrictionEntry.PurposeId"
    );
    assert_eq!(
        field(restriction(1, 3, vec![])),
        "core.PubRestrictionEntry.RestrictionType"
    );
    assert_eq!(
        field(restriction(1, 1, vec![(5, 4)])),
        "core.PubRestrictionEntry.StartOrOnlyVendorId"
    );
    let publisher = |custom_count, custom_consents| TcString {
        publisher: Some(PublisherTc {
            custom_count,
            custom_consents,
            ..PublisherTc::default()
        }),
        ..m.clone()
    };
    assert_eq!(field(publisher(64, 0)), "PublisherTC.NumCustomPurposes");
    assert_eq!(
        field(publisher(2, 0b100)),
        "PublisherTC.CustomPurposesConsent"
    );
}

#[test]
fn the_largest_inputs_decode_in_bounded_work() {
    // MaxVendorId 65535 as one range, consents and LI, plus 4095 restrictions of one range each.
    let s = core_with(|w| {
        for _ in 0..2 {
            w.int(65_535, 16);
            w.bit(true);
            w.int(1, 12);
            w.bit(true);
            w.int(1, 16);
            w.int(65_535, 16);
        }
        w.int(4095, 12);
        for _ in 0..4095 {
            w.int(1, 6);
            w.int(0, 2);
            w.int(1, 12);
            w.bit(true);
            w.int(1, 16);
            w.int(65_535, 16);
        }
    });
    assert!(s.len() < tcf::MAX_LEN);
    let start = std::time::Instant::now();
    let tc = decode(&s).unwrap();
    assert_eq!(tc.vendor_consents.len(), 65_535);
    assert_eq!(tc.restrictions.len(), 4095);
    assert!(start.elapsed().as_secs() < 2, "{:?}", start.elapsed());
}

fn vendors() -> impl Strategy<Value = Vec<u16>> {
    prop_oneof![
        proptest::collection::btree_set(1u16..400, 0..40),
        proptest::collection::btree_set(1u16..=u16::MAX, 0..8),
        (1u16..2000, 0u16..600).prop_map(|(a, n)| (a..=a.saturating_add(n)).collect()),
    ]
    .prop_map(|s| s.into_iter().collect())
}

fn ranges() -> impl Strategy<Value = Vec<(u16, u16)>> {
    proptest::collection::vec((1u16..3000, 0u16..50), 0..6).prop_map(|v| {
        let mut out: Vec<(u16, u16)> = Vec::new();
        let mut at = 0u16;
        for (gap, len) in v {
            let a = at + gap.max(2);
            out.push((a, a + len));
            at = a + len;
        }
        out
    })
}

prop_compose! {
    fn letters()(a in 0u8..26, b in 0u8..26) -> [u8; 2] { [b'A' + a, b'A' + b] }
}

prop_compose! {
    fn models()(
        day in 0u64..79_000, cmp_id in 2u16..4096, cmp_version in 0u16..4096, screen in 0u8..64,
        language in letters(), cc in letters(), vlv in 0u16..4096, policy in 0u8..64,
        non_standard in any::<bool>(), p1t in any::<bool>(), sf in 0u16..4096,
        pc in 0u32..1 << 24, pli in 0u32..1 << 24,
        consents in vendors(), li in vendors(), disclosed in proptest::option::of(vendors()),
        restrictions in proptest::collection::vec((1u8..64, 0u8..3, ranges()), 0..4),
        publisher in proptest::option::of((0u32..1 << 24, 0u32..1 << 24, 0u8..64, any::<u64>(), any::<u64>())),
    ) -> TcString {
        let disclosed = if policy >= 5 { Some(disclosed.unwrap_or_default()) } else { disclosed };
        TcString {
            created: day * tcf::DAY_DS, last_updated: day * tcf::DAY_DS + 1, cmp_id, cmp_version,
            consent_screen: screen, consent_language: language, vendor_list_version: vlv,
            policy_version: policy, is_service_specific: true, use_non_standard_texts: non_standard,
            special_feature_opt_ins: sf, purposes_consent: pc, purposes_li: pli & !tcf::NO_LI_PURPOSES,
            purpose_one_treatment: p1t, publisher_cc: cc, vendor_consents: consents, vendor_li: li,
            restrictions: restrictions.into_iter().map(|(purpose, kind, vendors)| Restriction { purpose, kind, vendors }).collect(),
            disclosed_vendors: disclosed,
            publisher: publisher.map(|(consents, li, n, c, cl)| {
                let keep = if n == 0 { 0 } else { u64::MAX >> (64 - u32::from(n)) };
                PublisherTc { consents, li, custom_count: n, custom_consents: c & keep, custom_li: cl & keep }
            }),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_valid_model_round_trips(tc in models()) {
        let s = encode(&tc).unwrap();
        prop_assert!(s.split('.').all(|seg| seg.len() % 4 == 0), "24-bit padding: {}", s);
        prop_assert_eq!(decode(&s).unwrap(), tc);
    }

    #[test]
    fn arbitrary_text_never_panics(s in "[A-Za-z0-9_.-]{0,120}") {
        let _ = decode(&s);
        let _ = decode(&format!("C{s}"));
    }
}
