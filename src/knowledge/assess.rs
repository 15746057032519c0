//! Whether one transfer entry is a valid basis under one regime on one day.

use crate::model::{Date, DecisionFact, Mechanism, MechanismFact, Regime, Scope, Transfer};

use super::Knowledge;

/// The fact a verdict rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis<'k> {
    /// An adequacy decision or a DPF-type framework.
    Decision(&'k DecisionFact),
    /// The validity record of a mechanism.
    Mechanism(&'k MechanismFact),
}

/// The verdict on one transfer entry, for one regime and destination, on
/// the as-of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict<'k> {
    /// A valid basis on that day.
    Valid(Basis<'k>),
    /// Was or will be a basis, but not on that day.
    Invalid(Invalidity<'k>),
    /// Not a basis under this regime or for this destination at all.
    NotApplicable(NotApplicable),
}

/// Why a mechanism that exists is not valid on the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalidity<'k> {
    /// Struck down from `from` (a judgment or finding).
    Invalidated {
        /// The fact.
        basis: Basis<'k>,
        /// First invalid day.
        from: Date,
    },
    /// Past its last valid day.
    Expired {
        /// The fact.
        basis: Basis<'k>,
        /// Last valid day.
        until: Date,
    },
    /// Not yet in force on the day.
    NotYetAvailable {
        /// The fact.
        basis: Basis<'k>,
        /// First valid day.
        from: Date,
    },
    /// Signed after the last day new contracts were allowed.
    SignedTooLate {
        /// The fact.
        basis: Basis<'k>,
        /// The signing date.
        signed: Date,
        /// Last day for new contracts.
        deadline: Date,
    },
    /// Signed after the day judged: on that day there was no contract yet.
    SignedAfter {
        /// The fact.
        basis: Basis<'k>,
        /// The signing date.
        signed: Date,
    },
    /// Signed before the mechanism existed.
    SignedBeforeAvailable {
        /// The fact.
        basis: Basis<'k>,
        /// The signing date.
        signed: Date,
        /// First day it could be used.
        from: Date,
    },
    /// Validity depends on the signing date, which the entry does not give.
    SigningDateMissing {
        /// The fact.
        basis: Basis<'k>,
        /// Last day for new contracts.
        deadline: Date,
    },
}

/// Why a mechanism is not a basis under a regime for a destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotApplicable {
    /// The regime does not recognise this mechanism at all (e.g. `uk-idta` under eu-gdpr).
    OtherRegime,
    /// No decision of this regime covers the destination with this mechanism;
    /// `instead` names mechanisms that decisions for the destination do use.
    NoDecision {
        /// Mechanisms of other decisions for the same destination (e.g. `eu-us-dpf` for US).
        instead: Vec<Mechanism>,
    },
}

impl Knowledge {
    /// Judges `entry` as a basis for a transfer to `destination` under
    /// `regime` on `date`.
    #[must_use]
    pub fn assess<'k>(
        &'k self,
        regime: Regime,
        destination: &str,
        entry: &Transfer,
        date: Date,
    ) -> Verdict<'k> {
        let decisions: Vec<&DecisionFact> = self
            .decisions_for(regime, destination)
            .filter(|d| d.mechanism == entry.mechanism)
            .collect();
        if !decisions.is_empty() {
            return judge_decisions(&decisions, date);
        }
        if let Some(fact) = self.mechanism(regime, entry.mechanism) {
            return judge_mechanism(fact, entry, date);
        }
        if self.serves(regime, entry.mechanism) {
            let mut instead: Vec<Mechanism> = self
                .decisions_for(regime, destination)
                .map(|d| d.mechanism)
                .collect();
            instead.sort();
            instead.dedup();
            return Verdict::NotApplicable(NotApplicable::NoDecision { instead });
        }
        Verdict::NotApplicable(NotApplicable::OtherRegime)
    }
}

/// The verdict of the best decision: a valid one wins; otherwise the most
/// recent reason it is not valid.
fn judge_decisions<'k>(decisions: &[&'k DecisionFact], date: Date) -> Verdict<'k> {
    let mut last = None;
    for decision in decisions {
        let basis = Basis::Decision(decision);
        let verdict = if let Some(from) = decision.invalidated.filter(|from| *from <= date) {
            Verdict::Invalid(Invalidity::Invalidated { basis, from })
        } else if decision.effective > date {
            Verdict::Invalid(Invalidity::NotYetAvailable {
                basis,
                from: decision.effective,
            })
        } else if let Some(until) = decision.valid_until.filter(|until| *until < date) {
            Verdict::Invalid(Invalidity::Expired { basis, until })
        } else {
            return Verdict::Valid(basis);
        };
        last = Some(verdict);
    }
    last.unwrap_or(Verdict::NotApplicable(NotApplicable::NoDecision {
        instead: Vec::new(),
    }))
}

fn judge_mechanism<'k>(fact: &'k MechanismFact, entry: &Transfer, date: Date) -> Verdict<'k> {
    let basis = Basis::Mechanism(fact);
    if let Some(from) = fact.invalidated.filter(|from| *from <= date) {
        return Verdict::Invalid(Invalidity::Invalidated { basis, from });
    }
    if let Some(from) = fact.available_from.filter(|from| *from > date) {
        return Verdict::Invalid(Invalidity::NotYetAvailable { basis, from });
    }
    if let Some(until) = fact.valid_until.filter(|until| *until < date) {
        return Verdict::Invalid(Invalidity::Expired { basis, until });
    }
    if let Some(signed) = entry.signed.filter(|signed| *signed > date) {
        return Verdict::Invalid(Invalidity::SignedAfter { basis, signed });
    }
    if let (Some(from), Some(signed)) = (fact.available_from, entry.signed)
        && signed < from
    {
        return Verdict::Invalid(Invalidity::SignedBeforeAvailable {
            basis,
            signed,
            from,
        });
    }
    if let Some(deadline) = fact.new_contracts_until {
        match entry.signed {
            Some(signed) if signed > deadline => {
                return Verdict::Invalid(Invalidity::SignedTooLate {
                    basis,
                    signed,
                    deadline,
                });
            }
            Some(_) => {}
            None if date > deadline => {
                return Verdict::Invalid(Invalidity::SigningDateMissing { basis, deadline });
            }
            None => {}
        }
    }
    Verdict::Valid(basis)
}

impl Invalidity<'_> {
    /// Whether the mechanism was struck down, repealed, expired or signed
    /// out of time (an error naming the fact), rather than simply not in
    /// place yet on the day judged (a missing mechanism).
    #[must_use]
    pub fn is_lost_basis(&self) -> bool {
        !matches!(
            self,
            Self::NotYetAvailable { .. } | Self::SignedAfter { .. }
        )
    }
}

impl Basis<'_> {
    /// The id of the record.
    #[must_use]
    pub fn id(&self) -> &str {
        match self {
            Self::Decision(d) => &d.id,
            Self::Mechanism(m) => &m.id,
        }
    }

    /// The instrument, e.g. "Commission Implementing Decision (EU) 2023/1795 (...)".
    #[must_use]
    pub fn reference(&self) -> &str {
        match self {
            Self::Decision(d) => &d.reference,
            Self::Mechanism(m) => &m.reference,
        }
    }

    /// The record's provenance.
    #[must_use]
    pub fn provenance(&self) -> &crate::model::Provenance {
        match self {
            Self::Decision(d) => &d.provenance,
            Self::Mechanism(m) => &m.provenance,
        }
    }

    /// The decision's scope, when the basis is a conditional decision.
    #[must_use]
    pub fn condition(&self) -> Option<&str> {
        match self {
            Self::Decision(d) if d.scope == Scope::Conditional => {
                d.condition.as_deref().or(Some("some recipients only"))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Files;
    use crate::model::Verification;
    use crate::schema::Validators;

    fn knowledge() -> Result<Knowledge, String> {
        let validators = Validators::new()?;
        Knowledge::builtin(&mut Files::new(), &validators).map_err(|d| format!("{d:?}"))
    }

    fn entry(to: &str, mechanism: Mechanism, signed: Option<&str>) -> Result<Transfer, String> {
        Ok(Transfer {
            to: to.to_owned(),
            mechanism,
            module: None,
            signed: signed.map(str::parse).transpose()?,
            tia: None,
            verified: None,
            reference: None,
            article: None,
        })
    }

    fn day(text: &str) -> Result<Date, String> {
        text.parse()
    }

    fn verdict_name(v: &Verdict<'_>) -> &'static str {
        match v {
            Verdict::Valid(_) => "valid",
            Verdict::Invalid(Invalidity::Invalidated { .. }) => "invalidated",
            Verdict::Invalid(Invalidity::Expired { .. }) => "expired",
            Verdict::Invalid(Invalidity::NotYetAvailable { .. }) => "not-yet",
            Verdict::Invalid(Invalidity::SignedTooLate { .. }) => "signed-too-late",
            Verdict::Invalid(Invalidity::SigningDateMissing { .. }) => "signing-date-missing",
            Verdict::Invalid(Invalidity::SignedBeforeAvailable { .. }) => "signed-before-available",
            Verdict::Invalid(Invalidity::SignedAfter { .. }) => "signed-after",
            Verdict::NotApplicable(NotApplicable::OtherRegime) => "other-regime",
            Verdict::NotApplicable(NotApplicable::NoDecision { .. }) => "no-decision",
        }
    }

    /// (destination, mechanism, signed, as-of date, expected verdict name).
    type Case<'a> = (&'a str, Mechanism, Option<&'a str>, &'a str, &'a str);

    fn check_cases(k: &Knowledge, regime: Regime, cases: &[Case<'_>]) -> Result<(), String> {
        for (to, mechanism, signed, date, expected) in cases {
            let e = entry(to, *mechanism, *signed)?;
            let v = k.assess(regime, to, &e, day(date)?);
            assert_eq!(
                verdict_name(&v),
                *expected,
                "{regime}: {to} {mechanism} {signed:?} on {date}"
            );
        }
        Ok(())
    }

    /// The three repealed SCC decisions under `regime`: a contract signed on
    /// `last_signing` is valid through `last_valid` and expired the day
    /// after; one signed the day after `last_signing` is too late; without
    /// a signing date only days up to `last_signing` can be judged. The late
    /// contract is judged on `late_judged`.
    fn check_old_sccs(
        k: &Knowledge,
        regime: Regime,
        last_signing: &str,
        last_valid: &str,
        late_judged: &str,
    ) -> Result<(), String> {
        let next =
            |text: &str| -> Result<String, String> { Ok(day(text)?.plus_days(1).to_string()) };
        let (late_signing, first_expired) = (next(last_signing)?, next(last_valid)?);
        for old in [
            Mechanism::EuScc2001,
            Mechanism::EuScc2004,
            Mechanism::EuScc2010,
        ] {
            check_cases(
                k,
                regime,
                &[
                    ("IN", old, Some(last_signing), last_valid, "valid"),
                    ("IN", old, Some(last_signing), &first_expired, "expired"),
                    (
                        "IN",
                        old,
                        Some(&late_signing),
                        late_judged,
                        "signed-too-late",
                    ),
                    ("IN", old, None, last_signing, "valid"),
                    ("IN", old, None, &late_signing, "signing-date-missing"),
                ],
            )?;
        }
        Ok(())
    }

    /// Adequacy to each of `destinations` is not yet valid the day before
    /// `from` and valid on `from`.
    fn check_adequacy_from(
        k: &Knowledge,
        regime: Regime,
        destinations: &[&str],
        day_before: &str,
        from: &str,
    ) -> Result<(), String> {
        for to in destinations {
            check_cases(
                k,
                regime,
                &[
                    (to, Mechanism::Adequacy, None, day_before, "not-yet"),
                    (to, Mechanism::Adequacy, None, from, "valid"),
                ],
            )?;
        }
        Ok(())
    }

    #[test]
    fn dated_eu_verdicts() -> Result<(), String> {
        let k = knowledge()?;
        let cases: &[Case<'_>] = &[
            ("BR", Mechanism::Adequacy, None, "2026-01-25", "not-yet"),
            ("BR", Mechanism::Adequacy, None, "2026-01-26", "valid"),
            ("US", Mechanism::Adequacy, None, "2026-01-26", "no-decision"),
            ("US", Mechanism::EuUsDpf, None, "2023-07-09", "not-yet"),
            ("US", Mechanism::EuUsDpf, None, "2023-07-10", "valid"),
            ("US", Mechanism::PrivacyShield, None, "2020-07-15", "valid"),
            (
                "US",
                Mechanism::PrivacyShield,
                None,
                "2020-07-16",
                "invalidated",
            ),
            ("US", Mechanism::SafeHarbor, None, "2015-10-05", "valid"),
            (
                "US",
                Mechanism::SafeHarbor,
                None,
                "2015-10-06",
                "invalidated",
            ),
            (
                "IN",
                Mechanism::EuScc2010,
                Some("2021-09-26"),
                "2022-12-27",
                "valid",
            ),
            (
                "IN",
                Mechanism::EuScc2010,
                Some("2021-09-26"),
                "2022-12-28",
                "expired",
            ),
            (
                "IN",
                Mechanism::EuScc2010,
                Some("2021-09-27"),
                "2022-01-01",
                "signed-too-late",
            ),
            ("IN", Mechanism::EuScc2021, None, "2021-06-26", "not-yet"),
            ("IN", Mechanism::EuScc2021, None, "2021-06-27", "valid"),
            ("GB", Mechanism::Adequacy, None, "2031-12-27", "valid"),
            ("GB", Mechanism::Adequacy, None, "2031-12-28", "expired"),
            ("US", Mechanism::UkIdta, None, "2026-01-01", "other-regime"),
        ];
        check_cases(&k, Regime::EuGdpr, cases)
    }

    #[test]
    fn dated_uk_verdicts() -> Result<(), String> {
        let k = knowledge()?;
        // DPA 2018 Sch. 21, effective date assumed 2021-01-01; "EEA" covers its members.
        let sch21 = [
            "DE", "IE", "IS", "LI", "NO", "GI", "CH", "AR", "GG", "IM", "JE", "AD", "IL", "UY",
            "NZ", "CA", "JP", "FO",
        ];
        check_adequacy_from(&k, Regime::UkGdpr, &sch21, "2020-12-31", "2021-01-01")?;
        let cases: &[Case<'_>] = &[
            ("KR", Mechanism::Adequacy, None, "2022-12-18", "not-yet"),
            ("KR", Mechanism::Adequacy, None, "2022-12-19", "valid"),
            (
                "US",
                Mechanism::UkUsDataBridge,
                None,
                "2023-10-11",
                "not-yet",
            ),
            ("US", Mechanism::UkUsDataBridge, None, "2023-10-12", "valid"),
            ("US", Mechanism::Adequacy, None, "2026-01-01", "no-decision"),
            ("US", Mechanism::EuUsDpf, None, "2026-01-01", "other-regime"),
            ("MY", Mechanism::Adequacy, None, "2026-01-01", "no-decision"),
            ("IN", Mechanism::UkIdta, None, "2022-03-20", "not-yet"),
            ("IN", Mechanism::UkIdta, None, "2022-03-21", "valid"),
            ("IN", Mechanism::UkAddendum, None, "2022-03-20", "not-yet"),
            ("IN", Mechanism::UkAddendum, None, "2022-03-21", "valid"),
            (
                "IN",
                Mechanism::EuScc2021,
                None,
                "2026-01-01",
                "other-regime",
            ),
            ("IN", Mechanism::Bcr, None, "2026-01-01", "valid"),
            ("IN", Mechanism::Derogation, None, "2026-01-01", "valid"),
        ];
        check_cases(&k, Regime::UkGdpr, cases)?;
        check_old_sccs(&k, Regime::UkGdpr, "2022-09-21", "2024-03-21", "2022-10-01")?;
        Ok(())
    }

    #[test]
    fn dated_ch_verdicts() -> Result<(), String> {
        let k = knowledge()?;
        // Annex 1 of the Data Protection Ordinance, binding from 2023-09-01.
        let annex1 = [
            "DE", "IE", "IS", "LI", "NO", "AD", "AR", "FO", "GI", "GG", "IM", "IL", "JE", "CA",
            "MC", "NZ", "GB", "UY",
        ];
        check_adequacy_from(&k, Regime::ChFadp, &annex1, "2023-08-31", "2023-09-01")?;
        let cases: &[Case<'_>] = &[
            ("JP", Mechanism::Adequacy, None, "2026-01-01", "no-decision"),
            ("KR", Mechanism::Adequacy, None, "2026-01-01", "no-decision"),
            ("MY", Mechanism::Adequacy, None, "2026-01-01", "no-decision"),
            ("US", Mechanism::SwissUsDpf, None, "2024-09-14", "not-yet"),
            ("US", Mechanism::SwissUsDpf, None, "2024-09-15", "valid"),
            ("US", Mechanism::Adequacy, None, "2026-01-01", "no-decision"),
            ("US", Mechanism::EuUsDpf, None, "2026-01-01", "other-regime"),
            (
                "US",
                Mechanism::SwissUsPrivacyShield,
                None,
                "2020-09-07",
                "valid",
            ),
            (
                "US",
                Mechanism::SwissUsPrivacyShield,
                None,
                "2020-09-08",
                "invalidated",
            ),
            ("IN", Mechanism::ChScc, None, "2021-08-26", "not-yet"),
            ("IN", Mechanism::ChScc, None, "2021-08-27", "valid"),
            (
                "IN",
                Mechanism::EuScc2021,
                None,
                "2026-01-01",
                "other-regime",
            ),
            ("IN", Mechanism::UkIdta, None, "2026-01-01", "other-regime"),
            ("IN", Mechanism::Bcr, None, "2026-01-01", "valid"),
            ("IN", Mechanism::Derogation, None, "2026-01-01", "valid"),
        ];
        check_cases(&k, Regime::ChFadp, cases)?;
        check_old_sccs(&k, Regime::ChFadp, "2021-09-26", "2022-12-31", "2022-01-01")?;
        Ok(())
    }

    #[test]
    fn dated_my_verdicts() -> Result<(), String> {
        let k = knowledge()?;
        let cases: &[Case<'_>] = &[
            (
                "SG",
                Mechanism::MyS129Assessment,
                None,
                "2025-03-31",
                "not-yet",
            ),
            (
                "SG",
                Mechanism::MyS129Assessment,
                None,
                "2025-04-01",
                "valid",
            ),
            (
                "SG",
                Mechanism::MyS129Exception,
                None,
                "2013-11-15",
                "valid",
            ),
            (
                "SG",
                Mechanism::MyS129Exception,
                None,
                "2025-04-01",
                "valid",
            ),
            // No whitelist was ever gazetted: Malaysia has no adequacy.
            (
                "SG",
                Mechanism::Adequacy,
                None,
                "2026-01-01",
                "other-regime",
            ),
            // BCRs count as due diligence under s.129(3)(f), not on their own.
            ("SG", Mechanism::Bcr, None, "2026-01-01", "other-regime"),
            (
                "SG",
                Mechanism::EuScc2021,
                None,
                "2026-01-01",
                "other-regime",
            ),
        ];
        check_cases(&k, Regime::MyPdpa, cases)?;
        let assessment = k
            .mechanism(Regime::MyPdpa, Mechanism::MyS129Assessment)
            .ok_or("no my-s129-assessment record")?;
        assert!(assessment.needs_tia);
        assert_eq!(assessment.tia_valid_months, Some(36));
        Ok(())
    }

    #[test]
    fn areas_and_in_force_of_uk_ch_my() -> Result<(), String> {
        let k = knowledge()?;
        assert!(k.in_area(Regime::UkGdpr, "GB"));
        assert!(!k.in_area(Regime::UkGdpr, "UK"));
        assert!(!k.in_area(Regime::UkGdpr, "IE"));
        assert!(!k.in_area(Regime::UkGdpr, "GI"));
        assert!(k.in_area(Regime::ChFadp, "CH"));
        assert!(!k.in_area(Regime::ChFadp, "LI"));
        assert!(k.in_area(Regime::MyPdpa, "MY"));
        assert!(!k.in_area(Regime::MyPdpa, "SG"));
        assert!(!k.in_force(Regime::MyPdpa, day("2013-11-14")?));
        assert!(k.in_force(Regime::MyPdpa, day("2013-11-15")?));
        // No date is given for the UK's or Switzerland's own rules.
        assert!(k.in_force(Regime::UkGdpr, day("2000-01-01")?));
        assert!(k.in_force(Regime::ChFadp, day("2000-01-01")?));
        Ok(())
    }

    #[test]
    fn marks_and_scopes_follow_transfer_law() -> Result<(), String> {
        let k = knowledge()?;
        let cases: &[(Regime, &str, Mechanism, Verification, Option<Scope>)] = &[
            (
                Regime::UkGdpr,
                "DE",
                Mechanism::Adequacy,
                Verification::Secondary,
                Some(Scope::Whole),
            ),
            (
                Regime::UkGdpr,
                "FO",
                Mechanism::Adequacy,
                Verification::Unverified,
                Some(Scope::Whole),
            ),
            (
                Regime::UkGdpr,
                "IL",
                Mechanism::Adequacy,
                Verification::Unverified,
                Some(Scope::Conditional),
            ),
            (
                Regime::UkGdpr,
                "CA",
                Mechanism::Adequacy,
                Verification::Secondary,
                Some(Scope::Conditional),
            ),
            (
                Regime::UkGdpr,
                "KR",
                Mechanism::Adequacy,
                Verification::Verified,
                Some(Scope::Conditional),
            ),
            (
                Regime::UkGdpr,
                "US",
                Mechanism::UkUsDataBridge,
                Verification::Verified,
                Some(Scope::Conditional),
            ),
            (
                Regime::UkGdpr,
                "IN",
                Mechanism::Bcr,
                Verification::Secondary,
                None,
            ),
            (
                Regime::ChFadp,
                "AD",
                Mechanism::Adequacy,
                Verification::Verified,
                Some(Scope::Whole),
            ),
            (
                Regime::ChFadp,
                "IL",
                Mechanism::Adequacy,
                Verification::Verified,
                Some(Scope::Whole),
            ),
            (
                Regime::ChFadp,
                "MC",
                Mechanism::Adequacy,
                Verification::Unverified,
                Some(Scope::Whole),
            ),
            (
                Regime::ChFadp,
                "GB",
                Mechanism::Adequacy,
                Verification::Unverified,
                Some(Scope::Whole),
            ),
            (
                Regime::ChFadp,
                "CA",
                Mechanism::Adequacy,
                Verification::Verified,
                Some(Scope::Conditional),
            ),
            (
                Regime::ChFadp,
                "US",
                Mechanism::SwissUsDpf,
                Verification::Verified,
                Some(Scope::Conditional),
            ),
            (
                Regime::MyPdpa,
                "SG",
                Mechanism::MyS129Assessment,
                Verification::Verified,
                None,
            ),
            (
                Regime::MyPdpa,
                "SG",
                Mechanism::MyS129Exception,
                Verification::Unverified,
                None,
            ),
        ];
        for (regime, to, mechanism, mark, scope) in cases {
            let v = k.assess(
                *regime,
                to,
                &entry(to, *mechanism, None)?,
                day("2026-01-01")?,
            );
            let Verdict::Valid(basis) = v else {
                return Err(format!("{regime}: {to} {mechanism} is not valid: {v:?}"));
            };
            assert_eq!(
                basis.provenance().verification,
                *mark,
                "{regime}: {to} {mechanism}"
            );
            let found = match basis {
                Basis::Decision(d) => Some(d.scope),
                Basis::Mechanism(_) => None,
            };
            assert_eq!(found, *scope, "{regime}: {to} {mechanism}");
        }
        Ok(())
    }

    #[test]
    fn adequacy_for_the_us_points_to_the_dpf() -> Result<(), String> {
        let k = knowledge()?;
        for (regime, dpf) in [
            (Regime::EuGdpr, Mechanism::EuUsDpf),
            (Regime::UkGdpr, Mechanism::UkUsDataBridge),
            (Regime::ChFadp, Mechanism::SwissUsDpf),
        ] {
            let v = k.assess(
                regime,
                "US",
                &entry("US", Mechanism::Adequacy, None)?,
                day("2026-01-01")?,
            );
            assert_eq!(
                v,
                Verdict::NotApplicable(NotApplicable::NoDecision { instead: vec![dpf] }),
                "{regime}"
            );
        }
        Ok(())
    }
}
