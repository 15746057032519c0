//! One pair of fixtures per registry and transfer rule: one that triggers the
//! rule, and the same fixture with one change that does not.
//!
//! Each fixture's findings at error or warning level are compared whole, as
//! `(rule, message)` pairs: the triggering fixture pins the exact number of
//! findings and their wording (what a DPO reads), the other shows that the
//! change clears the rule without raising another.
//!
//! Structural rules (TOML, schema, encoding, ids) run in the loader and
//! document rules in `check`/`inject`; the CLI tests cover them.

mod support;

use subreg::diag::{Group, Rule};

use support::{TestResult, Tx, day, knowledge, regimes, role};

/// One sub-processor file; `""` and `0` mean "absent".
#[derive(Clone, Copy)]
struct Sp {
    id: &'static str,
    name: &'static str,
    country: &'static str,
    locations: &'static [&'static str],
    aliases: &'static [&'static str],
    added: &'static str,
    effective: &'static str,
    transfers: &'static [Tx],
    /// `assumed` of every entry: keys taken from the vendor's documents.
    assumed: &'static [&'static str],
    /// `runs_on`, the id of another sub-processor.
    runs_on: &'static str,
}

/// A registry and the day it is checked.
#[derive(Clone, Copy)]
struct Fixture {
    regimes: &'static str,
    role: &'static str,
    notice_days: Option<u32>,
    subprocessors: &'static [Sp],
    as_of: &'static str,
    /// `[[waivers]]` of registry.toml.
    waivers: &'static [W],
}

/// A waiver: rule, sub-processor id, regime (`""`: any), `until`.
type W = (&'static str, &'static str, &'static str, &'static str);

/// A rule, a fixture that triggers it with the findings it gives, and the
/// minimally changed fixture with the findings it gives.
struct Pair {
    rule: Rule,
    change: &'static str,
    trigger: Fixture,
    expected: &'static [(&'static str, &'static str)],
    clean: Fixture,
    clean_expected: &'static [(&'static str, &'static str)],
}

const ACME: Sp = Sp {
    id: "acme",
    name: "Acme Analytics Inc.",
    country: "US",
    locations: &["US"],
    aliases: &[],
    added: "2024-01-01",
    effective: "",
    transfers: &[],
    assumed: &[],
    runs_on: "",
};

const EU_PROCESSOR: Fixture = Fixture {
    regimes: "eu-gdpr",
    role: "processor",
    notice_days: None,
    subprocessors: &[],
    as_of: "2025-06-01",
    waivers: &[],
};

const DPF_MAY_2025: Tx = ("US", "eu-us-dpf", 0, "", "", "2025-05-01", "");
const SCC_IN: Tx = ("IN", "eu-scc-2021", 3, "2024-01-15", "2024-01-10", "", "");

const PAIRS: &[Pair] = &[
    // ---- Transfers ----
    Pair {
        rule: Rule::TransferWithoutMechanism,
        change: "add a DPF entry",
        trigger: Fixture {
            subprocessors: &[ACME],
            ..EU_PROCESSOR
        },
        expected: &[(
            "transfer-without-mechanism",
            "Acme Analytics Inc.: transfer to US has no mechanism valid under eu-gdpr on 2025-06-01",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                transfers: &[DPF_MAY_2025],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::InvalidatedMechanism,
        change: "check the day before Schrems II",
        trigger: Fixture {
            subprocessors: &[Sp {
                transfers: &[("US", "privacy-shield", 0, "", "", "2020-07-01", "")],
                added: "2016-08-01",
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        expected: &[(
            "invalidated-mechanism",
            "Acme Analytics Inc. (transfer to US): `privacy-shield` is invalid under eu-gdpr since 2020-07-16",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                transfers: &[("US", "privacy-shield", 0, "", "", "2020-07-01", "")],
                added: "2016-08-01",
                ..ACME
            }],
            as_of: "2020-07-15",
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::InvalidatedMechanism,
        change: "check on the last day old SCCs were usable",
        trigger: Fixture {
            subprocessors: &[Sp {
                country: "IN",
                locations: &["IN"],
                transfers: &[("IN", "eu-scc-2010", 0, "2021-09-26", "2021-09-01", "", "")],
                added: "2021-09-26",
                ..ACME
            }],
            as_of: "2022-12-28",
            // The 2010 clauses served controller exporters only (Decision
            // 2010/87/EU, recital 23).
            role: "controller",
            ..EU_PROCESSOR
        },
        expected: &[(
            "invalidated-mechanism",
            "Acme Analytics Inc. (transfer to IN): `eu-scc-2010` can no longer be relied on under eu-gdpr: its last valid day was 2022-12-27",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                country: "IN",
                locations: &["IN"],
                transfers: &[("IN", "eu-scc-2010", 0, "2021-09-26", "2021-09-01", "", "")],
                added: "2021-09-26",
                ..ACME
            }],
            as_of: "2022-12-27",
            role: "controller",
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::MechanismNotApplicable,
        change: "follow uk-gdpr too",
        trigger: Fixture {
            subprocessors: &[Sp {
                country: "IN",
                locations: &["IN"],
                transfers: &[
                    SCC_IN,
                    ("IN", "uk-idta", 0, "2024-01-15", "2024-01-10", "", ""),
                ],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        expected: &[(
            "mechanism-not-applicable",
            "Acme Analytics Inc.: `uk-idta` is not a transfer mechanism under eu-gdpr",
        )],
        clean: Fixture {
            regimes: "eu-gdpr+uk-gdpr",
            subprocessors: &[Sp {
                country: "IN",
                locations: &["IN"],
                transfers: &[
                    SCC_IN,
                    ("IN", "uk-idta", 0, "2024-01-15", "2024-01-10", "", ""),
                ],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::MechanismNotApplicable,
        change: "name the DPF instead of plain adequacy",
        trigger: Fixture {
            subprocessors: &[Sp {
                transfers: &[("US", "adequacy", 0, "", "", "", "")],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        expected: &[
            (
                "mechanism-not-applicable",
                "Acme Analytics Inc.: `adequacy` is not a basis for US under eu-gdpr",
            ),
            // One defect, one error: the blamed entry's finding gives the
            // fix; transfer-without-mechanism stands aside.
        ],
        clean: Fixture {
            subprocessors: &[Sp {
                transfers: &[DPF_MAY_2025],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::ScopedAdequacy,
        change: "a destination with whole-country adequacy (NZ for CA)",
        trigger: Fixture {
            subprocessors: &[Sp {
                country: "CA",
                locations: &["CA"],
                transfers: &[("CA", "adequacy", 0, "", "", "", "")],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        expected: &[(
            "scoped-adequacy",
            "Acme Analytics Inc.: adequacy for CA under eu-gdpr covers only recipients subject to PIPEDA (commercial organisations)",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                country: "NZ",
                locations: &["NZ"],
                transfers: &[("NZ", "adequacy", 0, "", "", "", "")],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::TiaMissing,
        change: "date the TIA",
        trigger: Fixture {
            subprocessors: &[Sp {
                country: "IN",
                locations: &["IN"],
                transfers: &[("IN", "eu-scc-2021", 3, "2024-01-15", "", "", "")],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        expected: &[(
            "tia-missing",
            "Acme Analytics Inc.: `eu-scc-2021` transfer to IN under eu-gdpr has no assessment date (`tia`)",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                country: "IN",
                locations: &["IN"],
                transfers: &[SCC_IN],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::TiaExpired,
        change: "check four months before the assessment ends",
        trigger: Fixture {
            regimes: "my-pdpa",
            // PDPA s.129(1) binds the data controller (s.4: not a processor).
            role: "controller",
            subprocessors: &[Sp {
                country: "SG",
                locations: &["SG"],
                transfers: &[("SG", "my-s129-assessment", 0, "", "2025-04-01", "", "")],
                ..ACME
            }],
            as_of: "2028-03-01",
            ..EU_PROCESSOR
        },
        expected: &[
            (
                "stale-knowledge",
                "the knowledge base was last checked on 2026-12-01, 456 days before 2028-03-01 (limit 180)",
            ),
            (
                "tia-expired",
                "Acme Analytics Inc.: the `my-s129-assessment` assessment of 2025-04-01 is valid only until 2028-03-31 under my-pdpa (36 months): repeat it before then",
            ),
        ],
        clean: Fixture {
            regimes: "my-pdpa",
            // PDPA s.129(1) binds the data controller (s.4: not a processor).
            role: "controller",
            subprocessors: &[Sp {
                country: "SG",
                locations: &["SG"],
                transfers: &[("SG", "my-s129-assessment", 0, "", "2025-04-01", "", "")],
                ..ACME
            }],
            as_of: "2027-12-01",
            ..EU_PROCESSOR
        },
        clean_expected: &[(
            "stale-knowledge",
            "the knowledge base was last checked on 2026-12-01, 365 days before 2027-12-01 (limit 180)",
        )],
    },
    Pair {
        rule: Rule::DpfVerificationStale,
        change: "a check 11 months old instead of 13",
        trigger: Fixture {
            subprocessors: &[Sp {
                transfers: &[("US", "eu-us-dpf", 0, "", "", "2024-05-01", "")],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        expected: &[(
            "dpf-verification-stale",
            "Acme Analytics Inc.: the `eu-us-dpf` certification was last verified on 2024-05-01, more than 12 months before 2025-06-01",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                transfers: &[("US", "eu-us-dpf", 0, "", "", "2024-07-01", "")],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::EvidenceMissing,
        change: "record the check",
        trigger: Fixture {
            subprocessors: &[Sp {
                transfers: &[("US", "eu-us-dpf", 0, "", "", "", "")],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        expected: &[(
            "evidence-missing",
            "Acme Analytics Inc.: the `eu-us-dpf` entry for US has no `verified`: without it the entry is no basis under eu-gdpr",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                transfers: &[DPF_MAY_2025],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::SccModuleMismatch,
        change: "Module 3 for a processor",
        trigger: Fixture {
            subprocessors: &[Sp {
                country: "IN",
                locations: &["IN"],
                transfers: &[("IN", "eu-scc-2021", 2, "2024-01-15", "2024-01-10", "", "")],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        expected: &[(
            "scc-module-mismatch",
            "Acme Analytics Inc.: `eu-scc-2021` with Module 2, but a processor exporting to a processor needs Module 3",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                country: "IN",
                locations: &["IN"],
                transfers: &[SCC_IN],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::SccModuleMismatch,
        change: "the organisation is the controller",
        trigger: Fixture {
            subprocessors: &[Sp {
                country: "IN",
                locations: &["IN"],
                transfers: &[SCC_IN],
                ..ACME
            }],
            role: "controller",
            ..EU_PROCESSOR
        },
        expected: &[(
            "scc-module-mismatch",
            "Acme Analytics Inc.: `eu-scc-2021` with Module 3, but a controller exporting to a processor needs Module 2",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                country: "IN",
                locations: &["IN"],
                transfers: &[SCC_IN],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::DerogationForRoutineTransfer,
        change: "SCCs with a TIA instead of a derogation",
        trigger: Fixture {
            subprocessors: &[Sp {
                country: "IN",
                locations: &["IN"],
                transfers: &[("IN", "derogation", 0, "", "", "", "49(1)(b)")],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        expected: &[(
            "derogation-for-routine-transfer",
            "Acme Analytics Inc.: `derogation` covers only occasional transfers (eu-gdpr), not a sub-processor's routine ones",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                country: "IN",
                locations: &["IN"],
                transfers: &[SCC_IN],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::TransferOutsideLocations,
        change: "list India among the locations",
        trigger: Fixture {
            subprocessors: &[Sp {
                transfers: &[DPF_MAY_2025, SCC_IN],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        expected: &[(
            "transfer-outside-locations",
            "Acme Analytics Inc.: transfer entry for IN, which is neither a location nor the entity's country",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                locations: &["US", "IN"],
                transfers: &[DPF_MAY_2025, SCC_IN],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::TransferAtRisk,
        change: "check the day before the appeal was lodged",
        trigger: Fixture {
            subprocessors: &[Sp {
                transfers: &[("US", "eu-us-dpf", 0, "", "", "2025-10-01", "")],
                ..ACME
            }],
            as_of: "2025-10-31",
            ..EU_PROCESSOR
        },
        expected: &[(
            "transfer-at-risk",
            "Acme Analytics Inc.: `eu-us-dpf` is under legal challenge and the transfer has no complete fallback",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                transfers: &[("US", "eu-us-dpf", 0, "", "", "2025-10-01", "")],
                ..ACME
            }],
            as_of: "2025-10-30",
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::StaleKnowledge,
        change: "check on the 180th day after the facts were checked",
        trigger: Fixture {
            subprocessors: &[Sp {
                country: "IE",
                locations: &["IE"],
                ..ACME
            }],
            as_of: "2027-05-31",
            ..EU_PROCESSOR
        },
        expected: &[(
            "stale-knowledge",
            "the knowledge base was last checked on 2026-12-01, 181 days before 2027-05-31 (limit 180)",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                country: "IE",
                locations: &["IE"],
                ..ACME
            }],
            as_of: "2027-05-30",
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::IrrelevantKey,
        change: "drop the DPF check from the clauses",
        trigger: Fixture {
            subprocessors: &[Sp {
                country: "IN",
                locations: &["IN"],
                transfers: &[(
                    "IN",
                    "eu-scc-2021",
                    3,
                    "2024-01-15",
                    "2024-01-10",
                    "2025-05-01",
                    "",
                )],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        expected: &[(
            "irrelevant-key",
            "Acme Analytics Inc.: `verified` means nothing for `eu-scc-2021` and is ignored",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                country: "IN",
                locations: &["IN"],
                transfers: &[SCC_IN],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::EvidenceAssumed,
        change: "confirm the signing date",
        trigger: Fixture {
            subprocessors: &[Sp {
                country: "IN",
                locations: &["IN"],
                transfers: &[SCC_IN],
                assumed: &["signed"],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        expected: &[(
            "evidence-assumed",
            "Acme Analytics Inc.: the `eu-scc-2021` entry for IN takes `signed` from outside the organisation's own records (the vendor's public documents, or filled in by `subreg import`)",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                country: "IN",
                locations: &["IN"],
                transfers: &[SCC_IN],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::KnowledgeGap,
        change: "check on the day the revised FADP and its Annex 1 apply",
        trigger: Fixture {
            regimes: "ch-fadp",
            subprocessors: &[Sp {
                country: "DE",
                locations: &["DE"],
                added: "2020-01-01",
                ..ACME
            }],
            as_of: "2022-06-01",
            ..EU_PROCESSOR
        },
        expected: &[(
            "knowledge-gap",
            "Acme Analytics Inc.: transfer to DE under ch-fadp on 2022-06-01 cannot be judged: no entry valid then covers it, and the knowledge base does not hold the list of adequate destinations of former FADP of 19 June 1992, Art. 6, with the FDPIC's country list (Art. 7 OFADP)",
        )],
        clean: Fixture {
            regimes: "ch-fadp",
            subprocessors: &[Sp {
                country: "DE",
                locations: &["DE"],
                added: "2020-01-01",
                ..ACME
            }],
            as_of: "2023-09-01",
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    // ---- Registry ----
    Pair {
        rule: Rule::UnknownCountry,
        change: "GB for UK",
        trigger: Fixture {
            subprocessors: &[Sp {
                country: "UK",
                locations: &["GB"],
                transfers: &[("GB", "adequacy", 0, "", "", "", "")],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        expected: &[(
            "unknown-country",
            "`UK` is not an ISO 3166-1 alpha-2 country code",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                country: "GB",
                locations: &["GB"],
                transfers: &[("GB", "adequacy", 0, "", "", "", "")],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::DuplicateSubprocessor,
        change: "a different legal entity",
        trigger: Fixture {
            subprocessors: &[
                Sp {
                    id: "amazon",
                    name: "Amazon Web Services Inc",
                    country: "IE",
                    locations: &["IE"],
                    ..ACME
                },
                Sp {
                    id: "aws",
                    name: "Amazon Web Services, Inc.",
                    country: "IE",
                    locations: &["IE"],
                    ..ACME
                },
            ],
            ..EU_PROCESSOR
        },
        expected: &[(
            "duplicate-subprocessor",
            "\"Amazon Web Services, Inc.\" (aws) is already listed as sub-processor `amazon`",
        )],
        clean: Fixture {
            subprocessors: &[
                Sp {
                    id: "amazon",
                    name: "Amazon Web Services Inc",
                    country: "IE",
                    locations: &["IE"],
                    ..ACME
                },
                Sp {
                    id: "aws",
                    name: "Amazon Web Services EMEA SARL",
                    country: "IE",
                    locations: &["IE"],
                    ..ACME
                },
            ],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::DuplicateSubprocessor,
        change: "drop the alias that names the other entity",
        trigger: Fixture {
            subprocessors: &[
                Sp {
                    id: "amazon",
                    name: "Amazon Web Services Inc",
                    country: "IE",
                    locations: &["IE"],
                    ..ACME
                },
                Sp {
                    id: "aws-emea",
                    name: "AWS EMEA SARL",
                    aliases: &["Amazon Web Services, Inc."],
                    country: "IE",
                    locations: &["IE"],
                    ..ACME
                },
            ],
            ..EU_PROCESSOR
        },
        expected: &[(
            "duplicate-subprocessor",
            "\"Amazon Web Services, Inc.\" (aws-emea) is already listed as sub-processor `amazon`",
        )],
        clean: Fixture {
            subprocessors: &[
                Sp {
                    id: "amazon",
                    name: "Amazon Web Services Inc",
                    country: "IE",
                    locations: &["IE"],
                    ..ACME
                },
                Sp {
                    id: "aws-emea",
                    name: "AWS EMEA SARL",
                    country: "IE",
                    locations: &["IE"],
                    ..ACME
                },
            ],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::DateOrder,
        change: "effective after added",
        trigger: Fixture {
            subprocessors: &[Sp {
                country: "IE",
                locations: &["IE"],
                added: "2024-03-01",
                effective: "2024-02-01",
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        expected: &[(
            "date-order",
            "`effective` (2024-02-01) is before `added` (2024-03-01)",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                country: "IE",
                locations: &["IE"],
                added: "2024-03-01",
                effective: "2024-03-15",
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::WaiverExpired,
        change: "check on the waiver's last day",
        trigger: Fixture {
            subprocessors: &[ACME],
            as_of: "2025-06-02",
            waivers: &[(
                "transfer-without-mechanism",
                "acme",
                "eu-gdpr",
                "2025-06-01",
            )],
            ..EU_PROCESSOR
        },
        expected: &[
            (
                "transfer-without-mechanism",
                "Acme Analytics Inc.: transfer to US has no mechanism valid under eu-gdpr on 2025-06-02",
            ),
            (
                "waiver-expired",
                "the waiver of `transfer-without-mechanism` for `acme` expired on 2025-06-01: its finding is reported again",
            ),
        ],
        clean: Fixture {
            subprocessors: &[ACME],
            as_of: "2025-06-01",
            waivers: &[(
                "transfer-without-mechanism",
                "acme",
                "eu-gdpr",
                "2025-06-01",
            )],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::WaiverUnused,
        change: "waive the rule that has the finding",
        trigger: Fixture {
            subprocessors: &[ACME],
            waivers: &[("tia-missing", "acme", "", "2025-12-31")],
            ..EU_PROCESSOR
        },
        expected: &[
            (
                "transfer-without-mechanism",
                "Acme Analytics Inc.: transfer to US has no mechanism valid under eu-gdpr on 2025-06-01",
            ),
            (
                "waiver-unused",
                "the waiver of `tia-missing` for `acme` matches no finding on 2025-06-01",
            ),
        ],
        clean: Fixture {
            subprocessors: &[ACME],
            waivers: &[("SR0201", "acme", "", "2025-12-31")],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::NoticePeriodTooShort,
        change: "start processing 30 days after publication",
        trigger: Fixture {
            notice_days: Some(30),
            subprocessors: &[Sp {
                country: "IE",
                locations: &["IE"],
                added: "2026-03-01",
                effective: "2026-03-10",
                ..ACME
            }],
            as_of: "2026-04-01",
            ..EU_PROCESSOR
        },
        expected: &[(
            "notice-period-too-short",
            "Acme Analytics Inc.: 9 days of notice (added 2026-03-01, effective 2026-03-10), but the registry promises 30 days",
        )],
        clean: Fixture {
            notice_days: Some(30),
            subprocessors: &[Sp {
                country: "IE",
                locations: &["IE"],
                added: "2026-03-01",
                effective: "2026-03-31",
                ..ACME
            }],
            as_of: "2026-04-01",
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::VagueLocation,
        change: "drop \"Global\"",
        trigger: Fixture {
            subprocessors: &[Sp {
                country: "IE",
                locations: &["IE", "Global"],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        expected: &[(
            "vague-location",
            "\"Global\" does not say where the data go, so the transfers to it cannot be judged",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                country: "IE",
                locations: &["IE"],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::UnknownReference,
        change: "runs_on names the registry's `hosting` file, not `hostng`",
        trigger: Fixture {
            subprocessors: &[
                Sp {
                    country: "IE",
                    locations: &["IE"],
                    runs_on: "hostng",
                    ..ACME
                },
                Sp {
                    id: "hosting",
                    name: "Hosting Ltd",
                    country: "IE",
                    locations: &["IE"],
                    ..ACME
                },
            ],
            ..EU_PROCESSOR
        },
        expected: &[(
            "unknown-reference",
            "Acme Analytics Inc.: `runs_on` names `hostng`, which is no sub-processor of this registry",
        )],
        clean: Fixture {
            subprocessors: &[
                Sp {
                    country: "IE",
                    locations: &["IE"],
                    runs_on: "hosting",
                    ..ACME
                },
                Sp {
                    id: "hosting",
                    name: "Hosting Ltd",
                    country: "IE",
                    locations: &["IE"],
                    ..ACME
                },
            ],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
    Pair {
        rule: Rule::LocationUnknown,
        change: "record the region chosen, \"aws:eu-west-1\" (Ireland), for \"customer-choice\"",
        trigger: Fixture {
            subprocessors: &[Sp {
                country: "IE",
                locations: &["IE", "customer-choice"],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        expected: &[(
            "location-unknown",
            "Acme Analytics Inc.: where the data are depends on the customer's choice, so the transfers there cannot be judged",
        )],
        clean: Fixture {
            subprocessors: &[Sp {
                country: "IE",
                locations: &["IE", "aws:eu-west-1"],
                ..ACME
            }],
            ..EU_PROCESSOR
        },
        clean_expected: &[],
    },
];

/// The `(rule, message)` of every finding at error or warning level, sorted;
/// `transfer-at-risk` only for its own pair.
fn judge(
    fixture: &Fixture,
    k: &subreg::knowledge::Knowledge,
    rule: Rule,
) -> Result<Vec<(&'static str, String)>, support::Error> {
    let mut subprocessors = Vec::new();
    for sp in fixture.subprocessors {
        let transfers = sp
            .transfers
            .iter()
            .map(support::transfer)
            .collect::<Result<Vec<_>, _>>()?;
        let mut value = support::subprocessor(sp.name, sp.country, sp.locations, transfers)?;
        value.aliases = sp.aliases.iter().map(|a| (*a).to_owned()).collect();
        value.added = day(sp.added)?;
        value.effective = support::opt_day(sp.effective)?;
        value.runs_on = (!sp.runs_on.is_empty()).then(|| sp.runs_on.to_owned());
        for entry in &mut value.transfers {
            for key in sp.assumed {
                entry.assumed.push(match *key {
                    "signed" => subreg::model::EntryKey::Signed,
                    "verified" => subreg::model::EntryKey::Verified,
                    _ => subreg::model::EntryKey::Tia,
                });
            }
        }
        subprocessors.push((sp.id, value));
    }
    let mut config = support::config(regimes(fixture.regimes)?, role(fixture.role)?);
    config.notice_days = fixture.notice_days;
    for (rule, subprocessor, regime, until) in fixture.waivers {
        config.waivers.push(subreg::model::Waiver {
            rule: (*rule).to_owned(),
            subprocessor: (*subprocessor).to_owned(),
            regime: (!regime.is_empty())
                .then(|| regimes(regime).map(|r| r[0]))
                .transpose()?,
            destination: None,
            reason: "accepted by the DPO".to_owned(),
            until: day(until)?,
        });
    }
    let registry = support::registry(config, subprocessors);
    // Whether a DPF transfer is at risk follows the litigation calendar
    // (T-553/23 was pending from 2023-09-06): it has a pair of its own and
    // dated scenarios, and would otherwise sit in every DPF fixture here.
    let as_of = day(fixture.as_of)?;
    let found = support::check(&registry, k, as_of);
    let mut out: Vec<(&'static str, String)> = subreg::rules::waive(
        found,
        &registry,
        as_of,
        &subreg::diag::Levels::default(),
        &[],
    )
    .into_iter()
    .filter(|d| d.severity != subreg::diag::Severity::Note)
    .filter(|d| d.rule != Rule::TransferAtRisk || rule == Rule::TransferAtRisk)
    .map(|d| (d.rule.name(), d.message))
    .collect();
    out.sort();
    Ok(out)
}

fn owned(list: &[(&'static str, &'static str)]) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> =
        list.iter().map(|(r, m)| (*r, (*m).to_owned())).collect();
    out.sort();
    out
}

#[test]
fn each_rule_fires_on_its_fixture_and_not_after_the_change() -> TestResult {
    let k = knowledge()?;
    let mut failures = Vec::new();
    for pair in PAIRS {
        let name = pair.rule.name();
        let found = judge(&pair.trigger, &k, pair.rule)?;
        let of_rule = |list: &[(&str, String)]| list.iter().filter(|(r, _)| *r == name).count();
        let wanted = owned(pair.expected);
        if of_rule(&wanted) == 0 {
            failures.push(format!(
                "{name}: the expectation has no finding of the rule"
            ));
        }
        if found != wanted {
            failures.push(format!(
                "{name}: findings of the triggering fixture\n  found:  {found:?}\n  wanted: {wanted:?}"
            ));
        }
        let cleared = judge(&pair.clean, &k, pair.rule)?;
        if of_rule(&cleared) != 0 || cleared != owned(pair.clean_expected) {
            failures.push(format!(
                "{name}: findings after: {}\n  found:  {cleared:?}\n  wanted: {:?}",
                pair.change,
                owned(pair.clean_expected)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    Ok(())
}

#[test]
fn every_registry_and_transfer_rule_has_a_pair() {
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| matches!(r.group(), Group::Transfers | Group::Registry))
        // Rules that only ever give notes are checked by the scenarios.
        .filter(|r| r.default_level() != subreg::model::Level::Allow)
        .filter(|r| !PAIRS.iter().any(|p| p.rule == **r))
        .map(|r| r.name())
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a fixture pair: {missing:?}"
    );
}
