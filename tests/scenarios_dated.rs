//! Boundary scenarios of issue 10, each naming the instrument that decides
//! it: the day before and the day of each dated fact, both roles, and the
//! evidence of each mechanism missing in turn. One sub-processor per case,
//! judged by the library's rules; the expectation is the sorted set of rule
//! names at error or warning level.

mod support;

use subreg::model::{Authority, EntryKey, Role, Transfer};
use support::{TestResult, Tx, day, findings, knowledge, regimes, role, rule_names};

/// (description with the instrument, regimes, country, locations, entries,
/// organisation role, importer role, added, removed, as-of, expected rules).
type Case = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [Tx],
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
);

const EU: &str = "eu-gdpr";
const UK: &str = "uk-gdpr";
const CH: &str = "ch-fadp";
const MY: &str = "my-pdpa";
const P: &str = "processor";
const C: &str = "controller";
const OK: &[&str] = &[];
const TWM: &str = "transfer-without-mechanism";
const EVIDENCE: &str = "evidence-missing";
const GAP: &str = "knowledge-gap";
const MODULE: &str = "scc-module-mismatch";
const NA: &str = "mechanism-not-applicable";
const DEROGATION: &str = "derogation-for-routine-transfer";
const INVALID: &str = "invalidated-mechanism";
const IRRELEVANT: &str = "irrelevant-key";
const AT_RISK: &str = "transfer-at-risk";

const SCC3: Tx = ("IN", "eu-scc-2021", 3, "2022-01-10", "2022-01-05", "", "");

const CASES: &[Case] = &[
    // ---- 1. Dated areas ----
    (
        "\"Article 49(1)(a)\" names GDPR Art. 49(1)(a) as \"49(1)(a)\" does: only the routine-use finding",
        EU,
        "IN",
        &["IN"],
        &[("IN", "derogation", 0, "", "", "", "Article 49(1)(a)")],
        C,
        P,
        "2024-01-01",
        "",
        "2024-06-01",
        &[DEROGATION],
    ),
    (
        "a GDPR article under the revised FADP, whose exceptions are Art. 17(1): not a provision of the regime",
        CH,
        "IN",
        &["IN"],
        &[("IN", "derogation", 0, "", "", "", "49(1)(a)")],
        C,
        P,
        "2024-01-01",
        "",
        "2024-06-01",
        &[DEROGATION], // one defect, one error: the article is a note
    ),
    (
        "revised FADP Art. 17(1)(a), consent: an exception, but no basis for a standing sub-processor",
        CH,
        "IN",
        &["IN"],
        &[("IN", "derogation", 0, "", "", "", "17(1)(a)")],
        C,
        P,
        "2024-01-01",
        "",
        "2024-06-01",
        &[DEROGATION],
    ),
    (
        "Privacy Shield (EU) 2016/1250 relied on for Japan: a framework for US importers only",
        EU,
        "JP",
        &["JP"],
        &[("JP", "privacy-shield", 0, "", "", "2018-06-01", "")],
        C,
        P,
        "2018-01-01",
        "",
        "2018-07-01",
        &[NA], // one defect, one error
    ),
    (
        "PL the day before the 2004 accession (Act of Accession of 2003): a third country without adequacy under Directive 95/46/EC",
        EU,
        "PL",
        &["PL"],
        &[],
        C,
        P,
        "2000-01-01",
        "",
        "2004-04-30",
        &[TWM],
    ),
    (
        "PL on the 2004 accession, 2004-05-01: inside the EU area",
        EU,
        "PL",
        &["PL"],
        &[],
        C,
        P,
        "2000-01-01",
        "",
        "2004-05-01",
        OK,
    ),
    (
        "RO the day before the 2007 accession (Treaty of Accession of 2005)",
        EU,
        "RO",
        &["RO"],
        &[],
        C,
        P,
        "2000-01-01",
        "",
        "2006-12-31",
        &[TWM],
    ),
    (
        "RO on the 2007 accession, 2007-01-01",
        EU,
        "RO",
        &["RO"],
        &[],
        C,
        P,
        "2000-01-01",
        "",
        "2007-01-01",
        OK,
    ),
    (
        "BL on its last day as an outermost region, 2011-12-31 (European Council Decision 2010/718/EU)",
        EU,
        "FR",
        &["BL"],
        &[],
        C,
        P,
        "2010-01-01",
        "",
        "2011-12-31",
        OK,
    ),
    (
        "BL an overseas country or territory from 2012-01-01 (Decision 2010/718/EU): a third country",
        EU,
        "FR",
        &["BL"],
        &[],
        C,
        P,
        "2010-01-01",
        "",
        "2012-01-01",
        &[TWM],
    ),
    (
        "2010/87/EU clauses used by a processor: only under its controller's mandate (WP 176), a warning",
        EU,
        "IN",
        &["IN"],
        &[("IN", "eu-scc-2010", 0, "2020-01-01", "2020-01-01", "", "")],
        P,
        P,
        "2020-01-01",
        "",
        "2021-01-01",
        &[MODULE],
    ),
    (
        "2010/87/EU clauses used by a controller exporting to a processor: their own case",
        EU,
        "IN",
        &["IN"],
        &[("IN", "eu-scc-2010", 0, "2020-01-01", "2020-01-01", "", "")],
        C,
        P,
        "2020-01-01",
        "",
        "2021-01-01",
        OK,
    ),
    (
        "EU-US DPF checked before Decision (EU) 2023/1795 took effect (2023-07-10): no evidence",
        EU,
        "US",
        &["US"],
        &[("US", "eu-us-dpf", 0, "", "", "2023-07-09", "")],
        C,
        P,
        "2023-01-01",
        "",
        "2023-08-01",
        &[EVIDENCE],
    ),
    (
        "EU-US DPF checked on the day Decision (EU) 2023/1795 took effect",
        EU,
        "US",
        &["US"],
        &[("US", "eu-us-dpf", 0, "", "", "2023-07-10", "")],
        C,
        P,
        "2023-01-01",
        "",
        "2023-08-01",
        // The first challenge (T-553/23) was not yet pending.
        OK,
    ),
    (
        "UK Extension checked before SI 2023/1028 applied (2023-10-12): no evidence",
        UK,
        "US",
        &["US"],
        &[("US", "uk-us-data-bridge", 0, "", "", "2023-07-10", "")],
        C,
        P,
        "2023-01-01",
        "",
        "2024-01-01",
        &[EVIDENCE],
    ),
    (
        "HR the day before accession (Treaty of Accession, OJ L 112, 24.4.2012): a third country without adequacy",
        EU,
        "HR",
        &["HR"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2013-06-30",
        &[TWM],
    ),
    (
        "HR on accession, 2013-07-01: inside the EU area",
        EU,
        "HR",
        &["HR"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2013-07-01",
        OK,
    ),
    (
        "YT the day before it became an outermost region (Decision 2012/419/EU)",
        EU,
        "YT",
        &["YT"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2013-12-31",
        &[TWM],
    ),
    (
        "YT from 2014-01-01 (Decision 2012/419/EU; TFEU Art. 349)",
        EU,
        "YT",
        &["YT"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2014-01-01",
        OK,
    ),
    (
        "RE is EU territory (TFEU Art. 355(1))",
        EU,
        "RE",
        &["RE"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2024-06-01",
        OK,
    ),
    (
        "AX is EU territory (TFEU Art. 355(4))",
        EU,
        "AX",
        &["AX"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2024-06-01",
        OK,
    ),
    (
        "GB on the last day of the transition period, 2020-12-31 (Withdrawal Agreement)",
        EU,
        "GB",
        &["GB"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2020-12-31",
        OK,
    ),
    (
        "GB on 2021-01-01: the TCA bridge (Art. 782 / FINPROV.10A)",
        EU,
        "GB",
        &["GB"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2021-01-01",
        OK,
    ),
    (
        "GB on 2021-06-27, the bridge's last day (TCA Art. 782)",
        EU,
        "GB",
        &["GB"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2021-06-27",
        OK,
    ),
    (
        "GB from 2021-06-28: Decision (EU) 2021/1772, no entry needed (GDPR Art. 45(1))",
        EU,
        "GB",
        &["GB"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2021-06-28",
        OK,
    ),
    // ---- 1. Regimes' own starts ----
    (
        "UK exporter on 2018-05-24 under the Data Protection Act 1998, which implemented Directive 95/46/EC: judged by the Directive's facts, no basis for India",
        UK,
        "IN",
        &["IN"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2018-05-24",
        &[TWM],
    ),
    (
        "UK exporter on 2000-02-29, the last day of the Data Protection Act 1984: not held",
        UK,
        "IN",
        &["IN"],
        &[],
        P,
        P,
        "1999-01-04",
        "",
        "2000-02-29",
        &[GAP],
    ),
    (
        "UK exporter on 2018-05-25: EU GDPR applied in the UK; IN has no adequacy",
        UK,
        "IN",
        &["IN"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2018-05-25",
        &[TWM],
    ),
    (
        "UK exporter to DE on 2020-12-31: EU GDPR, DE inside the area",
        UK,
        "DE",
        &["DE"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2020-12-31",
        OK,
    ),
    (
        "UK exporter to DE on 2021-01-01: DPA 2018 Sch. 21 adequacy, no entry needed",
        UK,
        "DE",
        &["DE"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2021-01-01",
        OK,
    ),
    (
        "Swiss exporter to DE on 2023-08-31: former FADP, FDPIC list not held",
        CH,
        "DE",
        &["DE"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2023-08-31",
        &[GAP],
    ),
    (
        "Swiss exporter to DE on 2023-09-01: DPO Annex 1 (revised FADP Art. 16(1))",
        CH,
        "DE",
        &["DE"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2023-09-01",
        OK,
    ),
    (
        "EU to IN in 2016 with no entry: Directive 95/46/EC Art. 25",
        EU,
        "IN",
        &["IN"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2016-06-01",
        &[TWM],
    ),
    // ---- 1. Instruments bounded at both ends ----
    (
        "Privacy Shield on 2016-07-31: not yet operational (Decision (EU) 2016/1250)",
        EU,
        "US",
        &["US"],
        &[("US", "privacy-shield", 0, "", "", "2016-07-31", "")],
        P,
        P,
        "2010-01-01",
        "",
        "2016-07-31",
        &[TWM],
    ),
    (
        "Privacy Shield on 2016-08-01: operational",
        EU,
        "US",
        &["US"],
        &[("US", "privacy-shield", 0, "", "", "2016-08-01", "")],
        P,
        P,
        "2010-01-01",
        "",
        "2016-08-01",
        OK,
    ),
    (
        "Swiss-US Privacy Shield on 2017-04-11: not yet a basis, and the FDPIC list of the former FADP is not held",
        CH,
        "US",
        &["US"],
        &[("US", "swiss-us-privacy-shield", 0, "", "", "2017-04-11", "")],
        P,
        P,
        "2010-01-01",
        "",
        "2017-04-11",
        &[GAP],
    ),
    (
        "Swiss-US Privacy Shield on 2017-04-12",
        CH,
        "US",
        &["US"],
        &[("US", "swiss-us-privacy-shield", 0, "", "", "2017-04-12", "")],
        P,
        P,
        "2010-01-01",
        "",
        "2017-04-12",
        OK,
    ),
    (
        "2010 SCCs on 2010-05-14: Decision 2010/87/EU not yet applicable",
        EU,
        "IN",
        &["IN"],
        &[("IN", "eu-scc-2010", 0, "2010-05-14", "", "", "")],
        C,
        P,
        "2010-01-01",
        "",
        "2010-05-14",
        &[TWM],
    ),
    (
        "2010 SCCs on 2010-05-15",
        EU,
        "IN",
        &["IN"],
        &[("IN", "eu-scc-2010", 0, "2010-05-15", "", "", "")],
        C,
        P,
        "2010-01-01",
        "",
        "2010-05-15",
        OK,
    ),
    (
        "EPO on 2025-07-17: Decision (EU) 2025/1382 adopted, not yet notified",
        EU,
        "DE",
        &["INT-EPO"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2025-07-17",
        &[TWM],
    ),
    (
        "EPO on 2025-07-18: in effect, whole organisation",
        EU,
        "DE",
        &["INT-EPO"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2025-07-18",
        OK,
    ),
    (
        "2021 SCCs on 2021-06-26 (Decision (EU) 2021/914 in force 2021-06-27)",
        EU,
        "IN",
        &["IN"],
        &[("IN", "eu-scc-2021", 3, "2021-06-10", "2021-06-10", "", "")],
        P,
        P,
        "2010-01-01",
        "",
        "2021-06-26",
        &[TWM],
    ),
    (
        "2021 SCCs signed 2021-06-10, after adoption (2021-06-04), apply from 2021-06-27",
        EU,
        "IN",
        &["IN"],
        &[("IN", "eu-scc-2021", 3, "2021-06-10", "2021-06-10", "", "")],
        P,
        P,
        "2010-01-01",
        "",
        "2021-06-27",
        OK,
    ),
    (
        "2021 SCCs signed 2021-06-03, before the Decision was adopted: not the 2021 SCCs",
        EU,
        "IN",
        &["IN"],
        &[("IN", "eu-scc-2021", 3, "2021-06-03", "2021-06-03", "", "")],
        P,
        P,
        "2010-01-01",
        "",
        "2021-07-01",
        &[INVALID],
    ),
    // ---- 2. Engagement and ended entries ----
    (
        "the day before the sub-processor is added: not judged",
        EU,
        "IN",
        &["IN"],
        &[],
        P,
        P,
        "2024-03-01",
        "",
        "2024-02-29",
        OK,
    ),
    (
        "the day it is added: judged",
        EU,
        "IN",
        &["IN"],
        &[],
        P,
        P,
        "2024-03-01",
        "",
        "2024-03-01",
        &[TWM],
    ),
    (
        "the day before it is removed: judged",
        EU,
        "IN",
        &["IN"],
        &[],
        P,
        P,
        "2020-01-01",
        "2024-03-01",
        "2024-02-29",
        &[TWM],
    ),
    (
        "the day it is removed: not judged",
        EU,
        "IN",
        &["IN"],
        &[],
        P,
        P,
        "2020-01-01",
        "2024-03-01",
        "2024-03-01",
        OK,
    ),
    // ---- 3. Implicit and scoped adequacy ----
    (
        "EU to CH with no entry: Decision 2000/518/EC, whole country",
        EU,
        "CH",
        &["CH"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2024-06-01",
        OK,
    ),
    (
        "EU to JP with no entry: Decision (EU) 2019/419 is scoped, an entry is needed",
        EU,
        "JP",
        &["JP"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2024-06-01",
        &[TWM],
    ),
    (
        "Swiss exporter to GB with no entry: DPO Annex 1 (listing unverified, noted)",
        CH,
        "GB",
        &["GB"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2024-06-01",
        OK,
    ),
    (
        "UK exporter to KR with no entry: SI 2022/1213 is scoped (PIPA subjects)",
        UK,
        "KR",
        &["KR"],
        &[],
        P,
        P,
        "2010-01-01",
        "",
        "2024-06-01",
        &[TWM],
    ),
    // ---- 4. Evidence that is the mechanism ----
    (
        "DPF with no verified (Decision (EU) 2023/1795: the DPF List)",
        EU,
        "US",
        &["US"],
        &[("US", "eu-us-dpf", 0, "", "", "", "")],
        P,
        P,
        "2010-01-01",
        "",
        "2025-06-01",
        &[EVIDENCE],
    ),
    (
        "UK data bridge with no verified (SI 2023/1028)",
        UK,
        "US",
        &["US"],
        &[("US", "uk-us-data-bridge", 0, "", "", "", "")],
        P,
        P,
        "2010-01-01",
        "",
        "2025-06-01",
        &[EVIDENCE],
    ),
    (
        "Swiss-US DPF with no verified (Annex 1 DPO as amended 2024-08-14)",
        CH,
        "US",
        &["US"],
        &[("US", "swiss-us-dpf", 0, "", "", "", "")],
        P,
        P,
        "2010-01-01",
        "",
        "2025-06-01",
        &[EVIDENCE],
    ),
    (
        "2021 SCCs with no signed (GDPR Art. 46(2)(c))",
        EU,
        "IN",
        &["IN"],
        &[("IN", "eu-scc-2021", 3, "", "2022-01-05", "", "")],
        P,
        P,
        "2010-01-01",
        "",
        "2025-06-01",
        &[EVIDENCE],
    ),
    (
        "IDTA with no signed (DPA 2018 s.119A)",
        UK,
        "IN",
        &["IN"],
        &[("IN", "uk-idta", 0, "", "2022-04-01", "", "")],
        P,
        P,
        "2010-01-01",
        "",
        "2025-06-01",
        &[EVIDENCE],
    ),
    (
        "Swiss SCCs with no signed (FADP Art. 16(2)(d))",
        CH,
        "IN",
        &["IN"],
        &[("IN", "ch-scc", 3, "", "2022-04-01", "", "")],
        P,
        P,
        "2010-01-01",
        "",
        "2025-06-01",
        &[EVIDENCE],
    ),
    (
        "derogation with no article: evidence missing, and routine (EDPB Guidelines 2/2018)",
        EU,
        "IN",
        &["IN"],
        &[("IN", "derogation", 0, "", "", "", "")],
        P,
        P,
        "2010-01-01",
        "",
        "2025-06-01",
        &[DEROGATION], // one defect, one error: the missing article is a note
    ),
    (
        "derogation with its article: still routine (GDPR Art. 49; EDPB Guidelines 2/2018)",
        EU,
        "IN",
        &["IN"],
        &[("IN", "derogation", 0, "", "", "", "49(1)(a)")],
        P,
        P,
        "2010-01-01",
        "",
        "2025-06-01",
        &[DEROGATION],
    ),
    (
        "s.129(3) exception with no article (PDPA s.129(3))",
        MY,
        "SG",
        &["SG"],
        &[("SG", "my-s129-exception", 0, "", "", "", "")],
        C,
        P,
        "2010-01-01",
        "",
        "2025-06-01",
        &[EVIDENCE],
    ),
    (
        "s.129(3) exception naming a GDPR article: no such provision in the PDPA",
        MY,
        "SG",
        &["SG"],
        &[("SG", "my-s129-exception", 0, "", "", "", "49(1)(b)")],
        C,
        P,
        "2010-01-01",
        "",
        "2025-06-01",
        &[NA], // one defect, one error
    ),
    (
        "s.129 assessment with no tia (Act A1727; Guideline No. 3/2025)",
        MY,
        "SG",
        &["SG"],
        &[("SG", "my-s129-assessment", 0, "", "", "", "")],
        C,
        P,
        "2010-01-01",
        "",
        "2025-06-01",
        &[EVIDENCE],
    ),
    (
        "verified on clauses: irrelevant key",
        EU,
        "IN",
        &["IN"],
        &[(
            "IN",
            "eu-scc-2021",
            3,
            "2022-01-10",
            "2022-01-05",
            "2025-01-01",
            "",
        )],
        P,
        P,
        "2010-01-01",
        "",
        "2025-06-01",
        &[IRRELEVANT],
    ),
    (
        "DPF verified with complete SCCs as fallback: no risk warning (fallback complete)",
        EU,
        "US",
        &["US"],
        &[
            ("US", "eu-us-dpf", 0, "", "", "2025-11-01", ""),
            ("US", "eu-scc-2021", 3, "2024-01-15", "2024-01-10", "", ""),
        ],
        P,
        P,
        "2010-01-01",
        "",
        "2025-12-01",
        OK,
    ),
    (
        "DPF verified with SCCs lacking a TIA: the fallback is incomplete, the risk stands (C-703/25 P pending)",
        EU,
        "US",
        &["US"],
        &[
            ("US", "eu-us-dpf", 0, "", "", "2025-11-01", ""),
            ("US", "eu-scc-2021", 3, "2024-01-15", "", "", ""),
        ],
        P,
        P,
        "2010-01-01",
        "",
        "2025-12-01",
        &[AT_RISK],
    ),
    // ---- 5. Roles fix the module (Decision (EU) 2021/914) ----
    (
        "controller to processor: Module 2",
        EU,
        "IN",
        &["IN"],
        &[("IN", "eu-scc-2021", 2, "2022-01-10", "2022-01-05", "", "")],
        C,
        P,
        "2010-01-01",
        "",
        "2025-06-01",
        OK,
    ),
    (
        "controller to controller: Module 1",
        EU,
        "IN",
        &["IN"],
        &[("IN", "eu-scc-2021", 1, "2022-01-10", "2022-01-05", "", "")],
        C,
        C,
        "2010-01-01",
        "",
        "2025-06-01",
        OK,
    ),
    (
        "processor to processor: Module 3",
        EU,
        "IN",
        &["IN"],
        &[SCC3],
        P,
        P,
        "2010-01-01",
        "",
        "2025-06-01",
        OK,
    ),
    (
        "processor to controller: Module 4",
        EU,
        "IN",
        &["IN"],
        &[("IN", "eu-scc-2021", 4, "2022-01-10", "2022-01-05", "", "")],
        P,
        C,
        "2010-01-01",
        "",
        "2025-06-01",
        OK,
    ),
    (
        "processor to controller on Module 3: wrong module",
        EU,
        "IN",
        &["IN"],
        &[SCC3],
        P,
        C,
        "2010-01-01",
        "",
        "2025-06-01",
        &[MODULE],
    ),
    (
        "controller to controller on Module 2: wrong module",
        EU,
        "IN",
        &["IN"],
        &[("IN", "eu-scc-2021", 2, "2022-01-10", "2022-01-05", "", "")],
        C,
        C,
        "2010-01-01",
        "",
        "2025-06-01",
        &[MODULE],
    ),
    (
        "2004 SCCs to a processor importer: made for controllers (Decision 2004/915/EC)",
        EU,
        "IN",
        &["IN"],
        &[("IN", "eu-scc-2004", 0, "2019-01-01", "", "", "")],
        C,
        P,
        "2010-01-01",
        "",
        "2019-06-01",
        &[MODULE],
    ),
    (
        "Privacy Shield invalid from 2020-07-16 (C-311/18)",
        EU,
        "US",
        &["US"],
        &[("US", "privacy-shield", 0, "", "", "2020-07-01", "")],
        P,
        P,
        "2010-01-01",
        "",
        "2020-07-16",
        &[INVALID],
    ),
];

fn build(case: &Case) -> Result<Vec<&'static str>, support::Error> {
    let (_, regime_ids, country, locations, transfers, org, importer, added, removed, as_of, _) =
        *case;
    let entries: Vec<Transfer> = transfers
        .iter()
        .map(support::transfer)
        .collect::<Result<_, _>>()?;
    let mut sp = support::subprocessor("Importer Ltd", country, locations, entries)?;
    sp.added = day(added)?;
    sp.removed = support::opt_day(removed)?;
    sp.role = Some(role(importer)?);
    let registry = support::registry(
        support::config(regimes(regime_ids)?, role(org)?),
        vec![("importer", sp)],
    );
    let found = findings(&registry, &knowledge()?, day(as_of)?);
    Ok(rule_names(&found))
}

#[test]
fn dated_boundaries_evidence_and_roles() -> TestResult {
    let mut wrong = Vec::new();
    for case in CASES {
        let got = build(case)?;
        let mut want: Vec<&str> = case.10.to_vec();
        want.sort_unstable();
        if got != want {
            wrong.push(format!(
                "{} [{}]: expected {want:?}, got {got:?}",
                case.0, case.9
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} differ:\n{}",
        wrong.len(),
        CASES.len(),
        wrong.join("\n")
    );
    Ok(())
}

/// An entry that `ended` is ignored from that day: the registry keeps its
/// history and a past day is judged on the entries in force then.
#[test]
fn an_ended_entry_counts_until_the_day_before_it_ends() -> TestResult {
    let k = knowledge()?;
    let mut entry = support::transfer(&SCC3)?;
    entry.ended = Some(day("2024-03-01")?);
    let sp = support::subprocessor("Importer Ltd", "IN", &["IN"], vec![entry])?;
    let registry = support::registry(
        support::config(regimes(EU)?, Role::Processor),
        vec![("importer", sp)],
    );
    assert!(rule_names(&findings(&registry, &k, day("2024-02-29")?)).is_empty());
    assert_eq!(
        rule_names(&findings(&registry, &k, day("2024-03-01")?)),
        [TWM]
    );
    Ok(())
}

/// BCRs serve a regime only with the approval of its authority: the ICO for
/// uk-gdpr (UK GDPR Art. 47; DPA 2018 Sch. 21 para. 9), an EEA authority for
/// eu-gdpr (GDPR Art. 47(1)); evidence taken from the vendor is a warning.
#[test]
fn bcrs_need_the_regimes_authority() -> TestResult {
    let k = knowledge()?;
    for (regime, authority, as_of, expected) in [
        (UK, Authority::Eu, "2025-06-01", vec![NA]),
        (UK, Authority::Ico, "2025-06-01", vec![]),
        (EU, Authority::Eu, "2025-06-01", vec![]),
        (EU, Authority::Ico, "2025-06-01", vec![NA]),
        (CH, Authority::Eu, "2025-06-01", vec![]),
        // Until the end of the transition period the ICO was an EEA
        // supervisory authority: its approvals served the EU GDPR.
        (EU, Authority::Ico, "2020-12-31", vec![]),
        (EU, Authority::Ico, "2021-01-01", vec![NA]),
    ] {
        let mut entry = support::transfer(&("IN", "bcr", 0, "", "2020-01-10", "", ""))?;
        entry.approved_by = Some(authority);
        entry.reference = Some("BCR approval 2023/17".to_owned());
        let sp = support::subprocessor("Importer Ltd", "IN", &["IN"], vec![entry])?;
        let registry = support::registry(
            support::config(regimes(regime)?, Role::Processor),
            vec![("importer", sp)],
        );
        let mut want = expected.clone();
        want.sort_unstable();
        assert_eq!(
            rule_names(&findings(&registry, &k, day(as_of)?)),
            want,
            "{regime} {authority:?} {as_of}"
        );
    }
    let mut entry = support::transfer(&SCC3)?;
    entry.assumed = vec![EntryKey::Signed];
    let sp = support::subprocessor("Importer Ltd", "IN", &["IN"], vec![entry])?;
    let registry = support::registry(
        support::config(regimes(EU)?, Role::Processor),
        vec![("importer", sp)],
    );
    assert_eq!(
        rule_names(&findings(&registry, &k, day("2025-06-01")?)),
        ["evidence-assumed"]
    );
    Ok(())
}

/// A transfer whose only entry does not fit the relationship (clauses of
/// the wrong module, a derogation for a standing sub-processor) has a
/// blocking finding, and no `--verbose` note may say it is covered.
#[test]
fn an_entry_that_does_not_fit_is_never_said_to_cover_the_transfer() -> TestResult {
    let knowledge = knowledge()?;
    for (mechanism, module, article, rule) in [
        ("eu-scc-2021", 2, "", "scc-module-mismatch"),
        (
            "derogation",
            0,
            "49(1)(a)",
            "derogation-for-routine-transfer",
        ),
    ] {
        let mut entry =
            support::transfer(&("IN", mechanism, module, "2024-01-10", "2024-01-05", "", ""))?;
        if !article.is_empty() {
            entry.article = Some(article.to_owned());
            entry.signed = None;
            entry.tia = None;
        }
        let sp = support::subprocessor("Importer Ltd", "IN", &["IN"], vec![entry])?;
        let registry = support::registry(
            support::config(regimes(EU)?, role(P)?),
            vec![("importer", sp)],
        );
        let as_of = day("2025-01-01")?;
        let all = subreg::rules::run(&subreg::rules::Context::new(
            &registry, &knowledge, as_of, true,
        ));
        let errors: Vec<_> = all
            .iter()
            .filter(|d| d.severity == subreg::diag::Severity::Error)
            .map(|d| d.rule.name())
            .collect();
        assert!(errors.contains(&rule), "{mechanism}: {all:#?}");
        let lawful: Vec<_> = all
            .iter()
            .filter(|d| d.rule.name() == "transfer-lawful")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(lawful, Vec::<&str>::new(), "{mechanism}");
    }
    Ok(())
}

/// Fix suggestions work for that destination and those roles on that day:
/// never Safe Harbor for Mayotte, never controller-to-controller clauses
/// for a processor importer.
#[test]
fn suggestions_fit_the_destination_and_the_roles() -> TestResult {
    let knowledge = knowledge()?;
    let sp = support::subprocessor("Importer Ltd", "FR", &["YT"], Vec::new())?;
    let registry = support::registry(
        support::config(regimes(EU)?, role(C)?),
        vec![("importer", sp)],
    );
    let all = subreg::rules::run(&subreg::rules::Context::new(
        &registry,
        &knowledge,
        day("2013-12-31")?,
        false,
    ));
    let twm: Vec<_> = all
        .iter()
        .filter(|d| d.rule.name() == TWM)
        .flat_map(|d| d.notes.iter())
        .collect();
    assert!(!twm.is_empty(), "{all:#?}");
    assert!(twm.iter().all(|n| !n.contains("safe-harbor")), "{twm:#?}");
    assert!(twm.iter().any(|n| n.contains("eu-scc-2010")), "{twm:#?}");
    assert!(
        twm.iter()
            .all(|n| !n.contains("eu-scc-2001") && !n.contains("eu-scc-2004")),
        "{twm:#?}"
    );
    Ok(())
}

/// A finding about one entry names its regime in the JSON subject when the
/// mechanism serves one of the registry's regimes.
#[test]
fn entry_findings_name_their_regime() -> TestResult {
    let knowledge = knowledge()?;
    let entry = support::transfer(&("IN", "eu-scc-2021", 2, "2024-01-10", "2024-01-05", "", ""))?;
    let sp = support::subprocessor("Importer Ltd", "IN", &["IN"], vec![entry])?;
    let registry = support::registry(
        support::config(regimes("eu-gdpr+uk-gdpr")?, role(P)?),
        vec![("importer", sp)],
    );
    let all = subreg::rules::run(&subreg::rules::Context::new(
        &registry,
        &knowledge,
        day("2025-01-01")?,
        false,
    ));
    let mismatch = all
        .iter()
        .find(|d| d.rule.name() == MODULE)
        .ok_or("no scc-module-mismatch")?;
    let subject = mismatch.subject.as_ref().ok_or("no subject")?;
    assert_eq!(
        (
            subject.subprocessor.as_str(),
            subject.regime,
            subject.destination.as_deref(),
            subject.mechanism
        ),
        ("importer", Some("eu-gdpr"), Some("IN"), Some("eu-scc-2021"))
    );
    Ok(())
}

/// With `--verbose` a sub-processor that is not engaged on the day is said
/// to be so, at the date that decides, rather than passed in silence.
#[test]
fn a_sub_processor_not_engaged_is_said_to_be_so() -> TestResult {
    let knowledge = knowledge()?;
    let mut sp = support::subprocessor("Importer Ltd", "IN", &["IN"], Vec::new())?;
    sp.added = day("2024-01-01")?;
    sp.removed = Some(day("2024-06-01")?);
    let registry = support::registry(
        support::config(regimes(EU)?, role(P)?),
        vec![("importer", sp)],
    );
    for (as_of, message) in [
        (
            "2023-12-31",
            "Importer Ltd: not engaged on 2023-12-31 (engaged from 2024-01-01 until the day before 2024-06-01): no transfer to it is judged",
        ),
        (
            "2024-06-01",
            "Importer Ltd: not engaged on 2024-06-01 (engaged from 2024-01-01 until the day before 2024-06-01): no transfer to it is judged",
        ),
    ] {
        let all = subreg::rules::run(&subreg::rules::Context::new(
            &registry,
            &knowledge,
            day(as_of)?,
            true,
        ));
        let notes: Vec<&str> = all
            .iter()
            .filter(|d| d.rule.name() == "transfer-lawful")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(notes, [message], "{as_of}");
        assert!(
            all.iter()
                .all(|d| d.severity == subreg::diag::Severity::Note),
            "{all:#?}"
        );
    }
    Ok(())
}

/// An incomplete entry for a whole area is judged per destination: where
/// another entry covers one destination it is a warning there, and still an
/// error for the destination nothing else covers.
#[test]
fn an_incomplete_entry_is_judged_for_each_destination() -> TestResult {
    let knowledge = knowledge()?;
    let mut area = support::transfer(&("EEA", "my-s129-assessment", 0, "", "", "", ""))?;
    area.tia = None;
    let fr = support::transfer(&("FR", "my-s129-assessment", 0, "", "2025-05-01", "", ""))?;
    let sp = support::subprocessor("Importer SAS", "FR", &["FR", "DE"], vec![area, fr])?;
    let mut config = support::config(regimes(MY)?, role(C)?);
    config.organization.country = "MY".to_owned();
    let registry = support::registry(config, vec![("importer", sp)]);
    let all = support::findings(&registry, &knowledge, day("2025-06-01")?);
    let evidence: Vec<(subreg::diag::Severity, Option<String>)> = all
        .iter()
        .filter(|d| d.rule.name() == EVIDENCE)
        .map(|d| {
            (
                d.severity,
                d.subject.as_ref().and_then(|s| s.destination.clone()),
            )
        })
        .collect();
    assert_eq!(
        evidence,
        [
            (subreg::diag::Severity::Warning, Some("FR".to_owned())),
            (subreg::diag::Severity::Error, Some("DE".to_owned())),
        ],
        "{all:#?}"
    );
    Ok(())
}

/// Every fix a `transfer-without-mechanism` finding suggests works on that
/// day: for every regime, date, pair of roles and destination, each
/// suggested mechanism written as an entry with complete evidence dated the
/// day itself (signed, assessed, verified, approved by the regime's
/// authority, the module of the two roles) leaves that destination with no
/// error. A mechanism not yet adopted, closed to new contracts or made for
/// other roles on the day must not be suggested.
#[test]
fn every_suggested_mechanism_works_on_the_day() -> TestResult {
    const DATES: &[&str] = &[
        "1999-01-01",
        "2003-01-01",
        "2008-06-01",
        "2012-06-01",
        "2016-01-01",
        "2019-01-01",
        "2021-03-01",
        "2021-07-01",
        "2022-06-01",
        "2023-10-01",
        "2024-10-01",
        "2025-06-01",
        "2026-12-01",
        "2028-01-01",
    ];
    const DESTINATIONS: &[&str] = &["US", "IN", "JP", "CA", "BR", "CN", "SG", "GB", "CH", "DE"];
    const PREFIX: &str = "one of: ";
    let knowledge = knowledge()?;
    let mut failures = Vec::new();
    let mut suggestions = 0_usize;
    for regime in subreg::model::Regime::ALL {
        let (home, authority) = match regime.id() {
            UK => ("GB", Authority::Ico),
            CH => ("CH", Authority::Fdpic),
            MY => ("MY", Authority::Eu),
            _ => ("DE", Authority::Eu),
        };
        for as_of in DATES {
            let date = day(as_of)?;
            for exporter in [Role::Controller, Role::Processor] {
                for importer in [Role::Controller, Role::Processor] {
                    let module = match (exporter, importer) {
                        (Role::Controller, Role::Controller) => 1,
                        (Role::Controller, Role::Processor) => 2,
                        (Role::Processor, Role::Processor) => 3,
                        (Role::Processor, Role::Controller) => 4,
                    };
                    for destination in DESTINATIONS {
                        let run = |transfers: Vec<Transfer>| -> Result<_, support::Error> {
                            let mut sp = support::subprocessor(
                                "Importer Ltd",
                                destination,
                                &[destination],
                                transfers,
                            )?;
                            sp.role = Some(importer);
                            let mut config = support::config(vec![regime], exporter);
                            config.organization.country = home.to_owned();
                            let registry = support::registry(config, vec![("importer", sp)]);
                            Ok(support::check(&registry, &knowledge, date))
                        };
                        let about = |d: &subreg::diag::Diagnostic| {
                            d.subject
                                .as_ref()
                                .and_then(|s| s.destination.as_deref())
                                .is_some_and(|x| x == *destination)
                        };
                        let options: Vec<String> = run(Vec::new())?
                            .iter()
                            .filter(|d| d.rule.name() == TWM && about(d))
                            .flat_map(|d| d.notes.iter())
                            .filter_map(|n| n.split_once(PREFIX).map(|(_, o)| o.to_owned()))
                            .flat_map(|o| o.split(", ").map(str::to_owned).collect::<Vec<_>>())
                            .collect();
                        for option in options {
                            suggestions += 1;
                            // An option resting on a record not verified says so.
                            let (option, marked) = match option.strip_suffix(" (unconfirmed)") {
                                Some(id) => (id.to_owned(), true),
                                None => (option, false),
                            };
                            let mechanism = support::mechanism(&option)?;
                            let unconfirmed = knowledge
                                .mechanism(knowledge.law(regime, date).facts, mechanism)
                                .is_some_and(|m| {
                                    m.provenance.verification
                                        != subreg::model::Verification::Verified
                                });
                            if marked != unconfirmed {
                                failures.push(format!(
                                    "{regime} {as_of} {destination} `{option}`: marked unconfirmed {marked}, record unconfirmed {unconfirmed}"
                                ));
                            }
                            // The instrument itself must exist: its earliest
                            // start under any regime that dates it.
                            if let Some(from) = knowledge
                                .mechanisms
                                .iter()
                                .filter(|m| m.mechanism == mechanism)
                                .filter(|m| !matches!(m.mechanism.id(), "bcr" | "derogation"))
                                .filter_map(|m| m.available_from)
                                .min()
                                .filter(|from| *from > date)
                            {
                                failures.push(format!(
                                    "{regime} {as_of} {destination} `{option}`: suggested before the instrument opens on {from}"
                                ));
                            }
                            let mut entry = Transfer::new(*destination, mechanism);
                            for key in entry.mechanism.relevant_keys() {
                                match key {
                                    EntryKey::Module => entry.module = Some(module),
                                    EntryKey::Signed => entry.signed = Some(date),
                                    EntryKey::Tia => entry.tia = Some(date),
                                    EntryKey::Verified => entry.verified = Some(date),
                                    EntryKey::Reference => {
                                        entry.reference = Some("BCR approval".to_owned());
                                    }
                                    EntryKey::ApprovedBy => entry.approved_by = Some(authority),
                                    EntryKey::Article => {
                                        entry.article = Some("129(3)(f)".to_owned());
                                    }
                                    _ => {}
                                }
                            }
                            let errors: Vec<String> = run(vec![entry])?
                                .iter()
                                .filter(|d| d.severity == subreg::diag::Severity::Error && about(d))
                                .map(|d| format!("{}: {}", d.rule.name(), d.message))
                                .collect();
                            if !errors.is_empty() {
                                failures.push(format!(
                                    "{regime} {as_of} {exporter:?}->{importer:?} {destination} `{option}`: {errors:?}"
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(suggestions > 1000, "only {suggestions} suggestions tried");
    assert!(
        failures.is_empty(),
        "{} suggestions fail on their day:\n{}",
        failures.len(),
        failures.join("\n")
    );
    Ok(())
}

/// Each adequacy decision on the day it applies, with no transfer entry: a
/// whole-country decision needs none (GDPR Art. 45(1), UK GDPR Art. 45 with
/// DPA 2018 Sch. 21, FADP Art. 16(1) with DPO Annex 1) and the verbose note
/// names it; a scoped one (a sector, a list of certified organisations, the
/// recipients subject to one law) still needs an entry, since only the
/// exporter knows the importer is in scope.
#[test]
fn each_adequacy_decision_on_its_day_by_scope() -> TestResult {
    // (regime, destination, day, whole, what the note names)
    const DECISIONS: &[(&str, &str, &str, bool, &str)] = &[
        (EU, "CH", "2000-07-26", true, "2000/518/EC"),
        (EU, "CA", "2001-12-20", false, ""),
        (EU, "AR", "2003-06-30", true, "2003/490/EC"),
        (EU, "GG", "2003-11-21", true, "2003/821/EC"),
        (EU, "IM", "2004-04-28", true, "2004/411/EC"),
        (EU, "JE", "2008-05-08", true, "2008/393/EC"),
        (EU, "FO", "2010-03-05", true, "2010/146/EU"),
        (EU, "AD", "2010-10-19", true, "2010/625/EU"),
        // Decision 2011/61/EU: automated transfers to Israel as defined in
        // international law (Art. 1, Art. 2; recitals 12-14): the exporter
        // must confirm the recipient's place, which a country code does not.
        (EU, "IL", "2011-01-31", false, ""),
        (EU, "UY", "2012-08-21", true, "2012/484/EU"),
        (EU, "NZ", "2012-12-19", true, "2013/65/EU"),
        (EU, "JP", "2019-01-23", false, ""),
        (EU, "KR", "2021-12-17", false, ""),
        (EU, "GB", "2021-06-28", true, "2021/1772"),
        (EU, "US", "2023-07-10", false, ""),
        (EU, "INT-EPO", "2025-07-18", true, "2025/1382"),
        (EU, "BR", "2026-01-26", false, ""),
        (UK, "DE", "2021-01-01", true, "EEA states"),
        (UK, "NO", "2021-01-01", true, "Sch. 21"),
        (UK, "CH", "2021-01-01", true, "2000/518/EC"),
        (UK, "AR", "2021-01-01", true, "2003/490/EC"),
        (UK, "GG", "2021-01-01", true, "2003/821/EC"),
        (UK, "IM", "2021-01-01", true, "2004/411/EC"),
        (UK, "JE", "2021-01-01", true, "2008/393/EC"),
        (UK, "AD", "2021-01-01", true, "2010/625/EU"),
        (UK, "UY", "2021-01-01", true, "2012/484/EU"),
        (UK, "NZ", "2021-01-01", true, "2013/65/EU"),
        (UK, "IL", "2021-01-01", false, ""),
        (UK, "CA", "2021-01-01", false, ""),
        (UK, "JP", "2021-01-01", false, ""),
        (UK, "KR", "2022-12-19", false, ""),
        (UK, "US", "2023-10-12", false, ""),
        (CH, "NO", "2023-09-01", true, "Annex 1"),
        (CH, "AD", "2023-09-01", true, "Annex 1"),
        (CH, "AR", "2023-09-01", true, "Annex 1"),
        (CH, "GG", "2023-09-01", true, "Annex 1"),
        (CH, "IM", "2023-09-01", true, "Annex 1"),
        (CH, "IL", "2023-09-01", true, "Annex 1"),
        (CH, "JE", "2023-09-01", true, "Annex 1"),
        (CH, "FO", "2023-09-01", true, "Annex 1"),
        (CH, "CA", "2023-09-01", false, ""),
        (CH, "US", "2024-09-15", false, ""),
    ];
    let knowledge = knowledge()?;
    let mut wrong = Vec::new();
    for (regime, destination, as_of, whole, names) in DECISIONS {
        // An international organisation is a place of processing, not the
        // country of an entity: the EPO's seat is in Munich.
        let country = if destination.starts_with("INT-") {
            "DE"
        } else {
            destination
        };
        let sp = support::subprocessor("Importer Ltd", country, &[destination], Vec::new())?;
        let registry = support::registry(
            support::config(regimes(regime)?, role(C)?),
            vec![("importer", sp)],
        );
        let all = subreg::rules::run(&subreg::rules::Context::new(
            &registry,
            &knowledge,
            day(as_of)?,
            true,
        ));
        let blocking: Vec<&str> = all
            .iter()
            .filter(|d| d.severity == subreg::diag::Severity::Error)
            .map(|d| d.rule.name())
            .collect();
        let named = all.iter().any(|d| {
            d.rule.name() == "transfer-lawful"
                && (d.message.contains(names) || d.notes.iter().any(|n| n.contains(names)))
        });
        let right = if *whole {
            blocking.is_empty() && named
        } else {
            blocking == [TWM]
        };
        if !right {
            wrong.push(format!(
                "{regime} {destination} {as_of}: {blocking:?}, names {names:?}: {named}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    Ok(())
}
