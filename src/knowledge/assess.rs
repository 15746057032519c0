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

impl Basis<'_> {
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
            Verdict::NotApplicable(NotApplicable::OtherRegime) => "other-regime",
            Verdict::NotApplicable(NotApplicable::NoDecision { .. }) => "no-decision",
        }
    }

    #[test]
    fn dated_eu_verdicts() -> Result<(), String> {
        let k = knowledge()?;
        let cases: &[(&str, Mechanism, Option<&str>, &str, &str)] = &[
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
        for (to, mechanism, signed, date, expected) in cases {
            let e = entry(to, *mechanism, *signed)?;
            let v = k.assess(Regime::EuGdpr, to, &e, day(date)?);
            assert_eq!(
                verdict_name(&v),
                *expected,
                "{to} {mechanism} {signed:?} on {date}"
            );
        }
        Ok(())
    }

    #[test]
    fn adequacy_for_the_us_points_to_the_dpf() -> Result<(), String> {
        let k = knowledge()?;
        let v = k.assess(
            Regime::EuGdpr,
            "US",
            &entry("US", Mechanism::Adequacy, None)?,
            day("2026-01-01")?,
        );
        assert_eq!(
            v,
            Verdict::NotApplicable(NotApplicable::NoDecision {
                instead: vec![Mechanism::EuUsDpf]
            })
        );
        Ok(())
    }
}
