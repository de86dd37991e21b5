// Our TCF and GPP codecs (core::tcf, core::gpp) against the IAB reference libraries, both ways, over
// two shared fixtures (the Rust side is tests/iab_reference.rs):
// - tests/fixtures/tcf-strings.json: strings our encoders wrote; @iabtechlabtcf/core and
//   @iabgpp/cmpapi must decode each to the choices beside it.
// - tests/fixtures/tcf-reference-strings.json: the reference libraries must still encode each case's
//   choices to the string beside it (UPDATE_FIXTURES=1 rewrites them); our decoders read them there.
// Fast: node only, no browser, no build.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import { GVL, PurposeRestriction, TCModel, TCString } from "@iabtechlabtcf/core";
import { GppModel } from "@iabgpp/cmpapi";

const url = (name) => new URL(`../fixtures/${name}`, import.meta.url);
const fixture = (name) => JSON.parse(readFileSync(url(name), "utf8"));

/** The ids set in a reference-library Vector, ascending. */
const idsOf = (vector) => {
  const out = [];
  vector.forEach((on, id) => on && out.push(id));
  return out;
};

const EMPTY_PUBLISHER = { consents: [], legitimateInterests: [], numCustomPurposes: 0, customConsents: [], customLegitimateInterests: [] };

/** A decoded TCModel as fixture fields. */
function tcfFields(m) {
  const restrictions = m.publisherRestrictions
    .getRestrictions()
    .map((r) => ({ purposeId: r.purposeId, restrictionType: r.restrictionType, vendors: m.publisherRestrictions.getVendors(r) }))
    .sort((a, b) => a.purposeId - b.purposeId || a.restrictionType - b.restrictionType);
  return {
    created: m.created.getTime(),
    lastUpdated: m.lastUpdated.getTime(),
    cmpId: m.cmpId,
    cmpVersion: m.cmpVersion,
    consentScreen: m.consentScreen,
    consentLanguage: m.consentLanguage,
    vendorListVersion: m.vendorListVersion,
    policyVersion: m.policyVersion,
    isServiceSpecific: m.isServiceSpecific,
    useNonStandardTexts: m.useNonStandardTexts,
    purposeOneTreatment: m.purposeOneTreatment,
    publisherCountryCode: m.publisherCountryCode,
    specialFeatureOptins: idsOf(m.specialFeatureOptins),
    purposeConsents: idsOf(m.purposeConsents),
    purposeLegitimateInterests: idsOf(m.purposeLegitimateInterests),
    vendorConsents: idsOf(m.vendorConsents),
    vendorLegitimateInterests: idsOf(m.vendorLegitimateInterests),
    vendorsDisclosed: idsOf(m.vendorsDisclosed),
    publisherRestrictions: restrictions,
    publisher: {
      consents: idsOf(m.publisherConsents),
      legitimateInterests: idsOf(m.publisherLegitimateInterests),
      numCustomPurposes: m.numCustomPurposes,
      customConsents: idsOf(m.publisherCustomConsents),
      customLegitimateInterests: idsOf(m.publisherCustomLegitimateInterests),
    },
  };
}

/** What the reference decoder can tell apart: an absent segment reads as an empty one. */
function expectedTcf(defaults, fields) {
  const f = { ...defaults, ...fields };
  return { ...f, vendorsDisclosed: f.vendorsDisclosed ?? [], publisher: f.publisher ?? EMPTY_PUBLISHER };
}

const named = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [i + 1, { id: i + 1, name: `P${i + 1}`, description: "", illustrations: [] }]));

/** A vendor list with every id up to `maxId`, each declaring every purpose for consent, 2 and 7-11 for
 * legitimate interest too, all but 1 flexible: the reference pre-encoder then keeps every signal and
 * restriction the fixture sets, and no restriction range spans a gap in the list. */
function gvl(f, maxId) {
  const vendors = {};
  for (let id = 1; id <= maxId; id++) {
    vendors[id] = { id, name: `V${id}`, purposes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], legIntPurposes: [2, 7, 8, 9, 10, 11], flexiblePurposes: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11], specialPurposes: [1], features: [], specialFeatures: [1, 2], urls: [] };
  }
  return new GVL({
    gvlSpecificationVersion: 3, vendorListVersion: f.vendorListVersion, tcfPolicyVersion: f.policyVersion, lastUpdated: "2026-11-19T16:00:00Z",
    purposes: named(11), specialPurposes: named(3), features: named(3), specialFeatures: named(2), stacks: {}, dataCategories: {}, vendors,
  });
}

/** The TC string the reference library encodes for fixture fields. */
function referenceTcf(defaults, fields) {
  const f = { ...defaults, ...fields };
  assert.equal(f.consentLanguage, "EN", "the reference encoder writes its vendor list's language");
  assert.ok(f.publisher, "the reference encoder always writes the Publisher TC segment");
  const all = [...f.vendorConsents, ...f.vendorLegitimateInterests, ...(f.vendorsDisclosed ?? []), ...f.publisherRestrictions.flatMap((r) => r.vendors)];
  const m = new TCModel(gvl(f, Math.max(1, ...all)));
  Object.assign(m, { cmpId: f.cmpId, cmpVersion: f.cmpVersion, consentScreen: f.consentScreen, isServiceSpecific: f.isServiceSpecific, useNonStandardTexts: f.useNonStandardTexts, purposeOneTreatment: f.purposeOneTreatment, publisherCountryCode: f.publisherCountryCode });
  m.created = new Date(f.created);
  m.lastUpdated = new Date(f.lastUpdated);
  m.specialFeatureOptins.set(f.specialFeatureOptins);
  m.purposeConsents.set(f.purposeConsents);
  m.purposeLegitimateInterests.set(f.purposeLegitimateInterests);
  m.vendorConsents.set(f.vendorConsents);
  m.vendorLegitimateInterests.set(f.vendorLegitimateInterests);
  m.vendorsDisclosed.set(f.vendorsDisclosed);
  m.publisherConsents.set(f.publisher.consents);
  m.publisherLegitimateInterests.set(f.publisher.legitimateInterests);
  m.numCustomPurposes = f.publisher.numCustomPurposes;
  m.publisherCustomConsents.set(f.publisher.customConsents);
  m.publisherCustomLegitimateInterests.set(f.publisher.customLegitimateInterests);
  for (const r of f.publisherRestrictions) {
    for (const v of r.vendors) m.publisherRestrictions.add(v, new PurposeRestriction(r.purposeId, r.restrictionType));
  }
  return TCString.encode(m);
}

const META = new Set(["Version", "MspaVersion", "GpcSegmentType", "GpcSegmentIncluded", "Gpc", "SensitiveDataConsentSegmentIncluded"]);

/** Section ids by API prefix: every section our fixtures (and core::gpp) know. */
const IDS = { tcfeuv2: 2, uspv1: 6, usnat: 7, usca: 8, usva: 9, usco: 10, usut: 11, usct: 12, usfl: 13, usmt: 14, usor: 15, ustx: 16, usde: 17, usia: 18, usne: 19, usnh: 20, usnj: 21, ustn: 22, usmn: 23, usmd: 24, usin: 25, usky: 26, usri: 27 };

/** Checks a reference-decoded GPP model against a fixture case's sections. */
function checkGpp(model, sections, label) {
  assert.deepEqual(model.getSectionIds(), sections.map((s) => IDS[s.section]), `${label}: section ids`);
  for (const s of sections) {
    if (s.section === "tcfeuv2") {
      const tc = TCString.decode(s.string);
      assert.equal(model.getFieldValue("tcfeuv2", "CmpId"), tc.cmpId, `${label}: tcfeuv2.CmpId`);
      assert.equal(model.getFieldValue("tcfeuv2", "Created").getTime(), tc.created.getTime(), `${label}: tcfeuv2.Created`);
      assert.deepEqual(model.getFieldValue("tcfeuv2", "VendorsDisclosed"), idsOf(tc.vendorsDisclosed), `${label}: tcfeuv2.VendorsDisclosed`);
      continue;
    }
    if (s.section === "uspv1") {
      const u = model.getSection("uspv1");
      assert.equal(`${u.Version}${u.Notice}${u.OptOutSale}${u.LspaCovered}`, s.string, `${label}: uspv1`);
      continue;
    }
    const got = model.getSection(s.section);
    assert.equal(got.Version ?? got.MspaVersion, s.version, `${label}: ${s.section}.Version`);
    for (const [k, v] of Object.entries(got)) {
      if (META.has(k)) continue;
      const want = s.fields[k] ?? (Array.isArray(v) ? v.map(() => 0) : 0);
      assert.deepEqual(v, want, `${label}: ${s.section}.${k}`);
    }
    for (const k of Object.keys(s.fields)) assert.ok(k in got, `${label}: the reference knows ${s.section}.${k}`);
    // usin, usky, usri: the sensitive-data segment, which our encoder always writes.
    if (["usin", "usky", "usri"].includes(s.section)) assert.equal(model.getFieldValue(s.section, "SensitiveDataConsentSegmentIncluded"), true, `${label}: ${s.section} sensitive-data segment`);
    const hasGpc = "GpcSegmentType" in got; // the section defines a GPC sub-section
    assert.equal(hasGpc && model.getFieldValue(s.section, "GpcSegmentIncluded"), s.gpc !== null, `${label}: ${s.section} GPC sub-section`);
    if (s.gpc !== null) assert.equal(got.Gpc, s.gpc, `${label}: ${s.section}.Gpc`);
  }
}

/** The GPP string the reference library encodes for a fixture case's sections. */
function referenceGpp(sections) {
  const m = new GppModel();
  for (const s of sections) {
    if (s.section === "tcfeuv2" || s.section === "uspv1") {
      m.decodeSection(s.section, s.string);
      continue;
    }
    for (const [k, v] of Object.entries(s.fields)) m.setFieldValue(s.section, k, v);
    if (s.gpc !== null) m.setFieldValue(s.section, "Gpc", s.gpc);
    else if ("GpcSegmentType" in m.getSection(s.section)) m.setFieldValue(s.section, "GpcSegmentIncluded", false);
  }
  return m.encode();
}

test("the reference libraries decode every string our encoders wrote (tests/fixtures/tcf-strings.json)", () => {
  const f = fixture("tcf-strings.json");
  assert.ok(f.tcf.length >= 5 && f.gpp.length >= 22);
  // Every section gpp.sections can name is in some case (the signal's rule for each state).
  for (const name of Object.keys(IDS)) assert.ok(f.gpp.some((c) => c.sections.some((s) => s.section === name)), `a case with ${name}`);
  for (const c of f.tcf) {
    assert.match(c.string, /^C[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, c.name);
    const m = TCString.decode(c.string);
    assert.deepEqual(tcfFields(m), expectedTcf(f.tcfDefaults, c.fields), c.name);
    assert.equal(m.created.getTime() % 86_400_000 === 0, c.fields.created === undefined, `${c.name}: day precision unless the case says otherwise`);
  }
  for (const c of f.gpp) {
    checkGpp(new GppModel(c.string), c.sections, c.name);
  }
});

test("the reference libraries still encode the strings of tests/fixtures/tcf-reference-strings.json", () => {
  const f = fixture("tcf-reference-strings.json");
  assert.ok(f.tcf.length >= 4 && f.gpp.length >= 20);
  const now = {
    ...f,
    tcf: f.tcf.map((c) => ({ ...c, string: referenceTcf(f.tcfDefaults, c.fields) })),
    gpp: f.gpp.map((c) => ({ ...c, string: referenceGpp(c.sections) })),
  };
  // The reference decoders read back what the fixture says (so the Rust side compares with true choices).
  for (const c of now.tcf) assert.deepEqual(tcfFields(TCString.decode(c.string)), expectedTcf(f.tcfDefaults, c.fields), c.name);
  for (const c of now.gpp) checkGpp(new GppModel(c.string), c.sections, c.name);
  if (process.env.UPDATE_FIXTURES) {
    const line = (c) => `    ${JSON.stringify(c)}`;
    const text = `{\n  "about": ${JSON.stringify(f.about)},\n  "tcfDefaults": ${JSON.stringify(f.tcfDefaults)},\n  "tcf": [\n${now.tcf.map(line).join(",\n")}\n  ],\n  "gpp": [\n${now.gpp.map(line).join(",\n")}\n  ]\n}\n`;
    writeFileSync(url("tcf-reference-strings.json"), text);
    return;
  }
  for (const [i, c] of now.tcf.entries()) assert.equal(c.string, f.tcf[i].string, `${c.name}: the reference encoder now writes ${c.string}`);
  for (const [i, c] of now.gpp.entries()) assert.equal(c.string, f.gpp[i].string, `${c.name}: the reference encoder now writes ${c.string}`);
});
