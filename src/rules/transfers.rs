//! The shared evaluation of every transfer: for each current sub-processor,
//! each regime and each destination outside the regime's area, the verdict
//! of every transfer entry that covers the destination.

use crate::diag::Subject;
use crate::knowledge::{Basis, Invalidity, Law, Verdict};
use crate::load::Loaded;
use crate::model::Field;
use crate::model::{
    Binds, Coverage, Date, DecisionFact, Mechanism, Regime, Role, Subprocessor, Transfer,
};

use super::Context;

/// A place a sub-processor's data go: one of its `locations`, or the
/// country of its entity (making data available to an importer abroad is a
/// transfer even when it stores them at home).
#[derive(Debug, Clone, Copy)]
pub struct Destination<'a> {
    /// The code, e.g. `US`.
    pub code: &'a str,
    /// Its index in `locations`, or `None` when it is the entity's `country`.
    pub location: Option<usize>,
}

impl Destination<'_> {
    /// Whether it comes from `country` rather than `locations`.
    #[must_use]
    pub fn entity_country(&self) -> bool {
        self.location.is_none()
    }

    /// Where the registry states it: the element of `locations`, or the
    /// entity's `country`.
    #[must_use]
    pub fn field(&self) -> Field {
        self.location.map_or(Field::Country, Field::Location)
    }
}

/// The verdicts for one (sub-processor, regime, destination).
#[derive(Debug)]
pub struct Evaluation<'a> {
    /// The sub-processor.
    pub subprocessor: &'a Loaded<Subprocessor>,
    /// The regime.
    pub regime: Regime,
    /// The destination outside the regime's area.
    pub destination: Destination<'a>,
    /// The law deciding the regime's transfers on the as-of date.
    pub law: Law<'a>,
    /// The day judged.
    pub as_of: crate::model::Date,
    /// The whole-country adequacy decision in force that covers the
    /// destination: then the transfer needs no entry (GDPR Art. 45(1)).
    pub adequacy: Option<&'a DecisionFact>,
    /// (index into `transfers`, verdict) for every entry in force whose
    /// `to` covers the destination; empty when the knowledge base holds
    /// no facts for the law of the day.
    pub entries: Vec<(usize, Verdict<'a>)>,
}

impl<'a> Evaluation<'a> {
    /// The entry a passing transfer rests on: a valid one, preferring
    /// bases for standing relationships over derogations, then the
    /// mechanism's order, so the answer does not depend on entry order.
    #[must_use]
    pub fn valid_entry(&self) -> Option<&(usize, Verdict<'a>)> {
        let occasional =
            |v: &Verdict<'_>| matches!(v, Verdict::Valid(Basis::Mechanism(m)) if m.occasional_only);
        let mechanism = |i: usize| {
            self.subprocessor
                .value
                .transfers
                .get(i)
                .map(|t| t.mechanism)
        };
        self.entries
            .iter()
            .filter(|(_, v)| matches!(v, Verdict::Valid(_)))
            .min_by_key(|(i, v)| (occasional(v), mechanism(*i), *i))
    }

    /// The valid entries that can carry a standing relationship: valid on
    /// the day and not meant for occasional transfers only (derogations).
    #[must_use]
    pub fn solid_entries(&self) -> Vec<(usize, Basis<'a>)> {
        self.entries
            .iter()
            .filter_map(|(i, v)| match v {
                Verdict::Valid(basis) => Some((*i, *basis)),
                _ => None,
            })
            .filter(|(_, basis)| match basis {
                Basis::Mechanism(m) => !m.occasional_only,
                Basis::Decision(_) => true,
            })
            .collect()
    }

    /// What the entry at `index`, valid on `basis`, still lacks.
    #[must_use]
    pub fn gap(&self, ctx: &Context<'_>, index: usize, basis: &Basis<'_>) -> Option<Gap> {
        let entry = self.subprocessor.value.transfers.get(index)?;
        match basis {
            Basis::Mechanism(fact) => {
                let required = fact.needs_tia
                    && fact.tia_required_from.is_none_or(|from| from <= ctx.as_of)
                    && !entry
                        .module
                        .is_some_and(|m| fact.tia_not_for_modules.contains(&m))
                    && !ctx
                        .knowledge
                        .whole_adequacy(self.regime, self.destination.code, ctx.as_of);
                let documented = entry.tia.is_some_and(|tia| tia <= ctx.as_of);
                (required && !documented).then_some(Gap::Assessment)
            }
            Basis::Decision(d) => (d.mechanism == Mechanism::Adequacy
                && basis.condition().is_some())
            .then_some(Gap::Scope),
        }
    }

    /// Whether the entry at `index`, valid on `basis`, lacks nothing: it
    /// fits the relationship ([`Evaluation::fits`]) and has no gap. Only
    /// such an entry counts as a fallback.
    #[must_use]
    pub fn is_complete(&self, ctx: &Context<'_>, index: usize, basis: &Basis<'_>) -> bool {
        self.fits(ctx, index, basis) && self.gap(ctx, index, basis).is_none()
    }

    /// Whether the entry at `index`, valid on `basis`, is made for this
    /// relationship: clauses of the module the two roles call for, clauses
    /// made for this kind of importer (the old SCCs), and no
    /// derogation, which serves occasional transfers only. An entry that
    /// does not fit has a finding of its own and is never said to cover
    /// the transfer.
    #[must_use]
    pub fn fits(&self, ctx: &Context<'_>, index: usize, basis: &Basis<'_>) -> bool {
        let Some(entry) = self.subprocessor.value.transfers.get(index) else {
            return false;
        };
        let Some(config) = ctx.config() else {
            return false;
        };
        let exporter = config.value.organization.role;
        let importer = importer_role(self.subprocessor);
        let module_fits = !entry.mechanism.is_modular()
            || entry.module
                == Some(super::scc_module_mismatch::expected_module(
                    exporter, importer,
                ));
        let roles_fit = match basis {
            Basis::Mechanism(fact) => {
                // The exporter's role is left to `scc-module-mismatch`: a
                // processor may have signed under its controller's mandate.
                fact.importer.is_none_or(|r| r == importer) && !fact.occasional_only
            }
            Basis::Decision(_) => true,
        };
        module_fits && roles_fit
    }

    /// Whether the transfer rests on something that lacks nothing: a
    /// whole-country decision, or a complete solid entry. Then warnings
    /// about the other entries' gaps would only be noise, whatever the
    /// order of entries.
    #[must_use]
    pub fn has_complete_entry(&self, ctx: &Context<'_>) -> bool {
        self.adequacy.is_some()
            || self
                .solid_entries()
                .iter()
                .any(|(i, basis)| self.is_complete(ctx, *i, basis))
    }

    /// What a finding about this transfer is about; `mechanism` for one entry.
    #[must_use]
    pub fn subject(&self, mechanism: Option<Mechanism>) -> Subject {
        let subject = Subject::new(&self.subprocessor.id)
            .regime(self.regime)
            .destination(self.destination.code);
        match mechanism {
            Some(m) => subject.mechanism(m),
            None => subject,
        }
    }
}

/// What a finding about one transfer entry is about: its sub-processor,
/// destination and mechanism, and the regime when the mechanism serves
/// exactly one of the registry's regimes (a derogation or BCRs may serve
/// several: then none is named).
#[must_use]
pub fn entry_subject(ctx: &Context<'_>, sp: &Loaded<Subprocessor>, entry: &Transfer) -> Subject {
    let subject = Subject::new(&sp.id)
        .destination(&entry.to)
        .mechanism(entry.mechanism);
    let declared = ctx
        .config()
        .map(|c| c.value.regimes.as_slice())
        .unwrap_or_default();
    let mut served = declared
        .iter()
        .filter(|r| ctx.knowledge.serves(**r, entry.mechanism));
    match (served.next(), served.next()) {
        (Some(regime), None) => subject.regime(*regime),
        _ => subject,
    }
}

/// The exporter's and the importer's roles: the organisation's `role` and
/// the sub-processor's (processor when either is unknown).
#[must_use]
pub fn roles(ctx: &Context<'_>, sp: &Loaded<Subprocessor>) -> (Role, Role) {
    let exporter = ctx
        .config()
        .map_or(Role::Processor, |c| c.value.organization.role);
    (exporter, importer_role(sp))
}

/// The importer's role: the sub-processor's `role`, processor by default.
#[must_use]
pub fn importer_role(sp: &Loaded<Subprocessor>) -> Role {
    sp.value.role.unwrap_or(Role::Processor)
}

/// What a valid entry still lacks to be relied on without reservation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// A required transfer impact assessment is not dated (or dated after the as-of day).
    Assessment,
    /// The adequacy decision covers only some recipients.
    Scope,
}

/// Evaluates every transfer of every current sub-processor.
#[must_use]
pub fn evaluate<'a>(ctx: &Context<'a>) -> Vec<Evaluation<'a>> {
    let Some(config) = ctx.config() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let exporter = config.value.organization.role;
    for sp in ctx.subprocessors().iter().filter(|sp| is_current(sp, ctx)) {
        let destinations = destinations(sp, ctx);
        for &regime in &config.value.regimes {
            if !applies(ctx, regime) {
                continue;
            }
            let law = ctx.knowledge.law(regime, ctx.as_of);
            for destination in destinations
                .iter()
                .filter(|d| counts(ctx, regime, d))
                .filter(|d| !ctx.knowledge.in_area(regime, d.code, ctx.as_of))
            {
                let entries = if law.coverage == Coverage::None {
                    Vec::new()
                } else {
                    sp.value
                        .transfers
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| t.in_force(ctx.as_of))
                        .filter(|(_, t)| ctx.knowledge.covers(&t.to, destination.code))
                        .map(|(i, t)| {
                            let verdict =
                                ctx.knowledge.assess(regime, destination.code, t, ctx.as_of);
                            (i, for_exporter(verdict, exporter, ctx.as_of))
                        })
                        .collect()
                };
                out.push(Evaluation {
                    subprocessor: sp,
                    regime,
                    destination: *destination,
                    law,
                    as_of: ctx.as_of,
                    adequacy: ctx
                        .knowledge
                        .whole_decision(regime, destination.code, ctx.as_of),
                    entries,
                });
            }
        }
    }
    out
}

/// The destinations of every engaged sub-processor that are inside a
/// regime's area on the as-of date: (sub-processor, regime, destination).
/// Nothing is judged for them; `--verbose` says why.
pub fn inside_area<'a>(
    ctx: &Context<'a>,
) -> Vec<(&'a Loaded<Subprocessor>, Regime, Destination<'a>)> {
    let Some(config) = ctx.config() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for sp in ctx.subprocessors().iter().filter(|sp| is_current(sp, ctx)) {
        for &regime in &config.value.regimes {
            if !applies(ctx, regime) {
                continue;
            }
            for destination in destinations(sp, ctx)
                .into_iter()
                .filter(|d| counts(ctx, regime, d))
                .filter(|d| ctx.knowledge.in_area(regime, d.code, ctx.as_of))
            {
                out.push((sp, regime, destination));
            }
        }
    }
    out
}

/// The regimes of the registry whose law the knowledge base holds on the
/// as-of date (in force, binding the organisation's role, and not a period
/// it has no facts for), each with the regime whose facts decide.
#[must_use]
pub fn judged_regimes<'a>(ctx: &Context<'a>) -> Vec<(Regime, Law<'a>)> {
    let Some(config) = ctx.config() else {
        return Vec::new();
    };
    config
        .value
        .regimes
        .iter()
        .copied()
        .filter(|r| applies(ctx, *r))
        .map(|r| (r, ctx.knowledge.law(r, ctx.as_of)))
        .filter(|(_, law)| law.coverage != Coverage::None)
        .collect()
}

/// The entries that already have an error of their own (invalidated,
/// evidence missing, no mechanism of the regime, wrong module, a derogation
/// for a standing relationship ...), computed once from the entry rules'
/// findings: a transfer whose entry is blamed is not blamed again as having
/// no mechanism. One defect, one error.
#[derive(Debug, Default)]
pub struct Blamed {
    /// (sub-processor id, entry index, regime named by the finding).
    entries: Vec<(String, usize, Option<&'static str>)>,
}

impl Blamed {
    /// The entries blamed by the error-level findings in `found`.
    #[must_use]
    pub fn from_findings(found: &[crate::diag::Diagnostic]) -> Self {
        let mut entries: Vec<(String, usize, Option<&'static str>)> = found
            .iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .filter_map(|d| d.subject.as_ref())
            .filter_map(|s| s.entry.map(|i| (s.subprocessor.clone(), i, s.regime)))
            .collect();
        entries.sort();
        entries.dedup();
        Self { entries }
    }

    /// Whether an entry covering `e`'s destination has an error of its own
    /// that names `e`'s regime. A finding that names no regime (one about
    /// an entry under several) blames none: each regime's transfer keeps
    /// its own finding, so no verdict of one regime hangs on another's.
    #[must_use]
    pub fn covers(&self, e: &Evaluation<'_>) -> bool {
        e.entries.iter().any(|(i, _)| {
            self.entries
                .iter()
                .filter(|(id, index, _)| *id == e.subprocessor.id && index == i)
                .any(|(_, _, regime)| *regime == Some(e.regime.id()))
        })
    }
}

/// Why no rule judges one of the registry's regimes on the as-of date.
#[derive(Debug, Clone, Copy)]
pub enum Unjudged<'k> {
    /// Its transfer rules are not in force yet (before the day the base
    /// dates their start).
    NotInForce,
    /// Its transfer rules do not bind an exporter of the organisation's
    /// role (e.g. my-pdpa and a data processor): whom they bind.
    NotBinding(Role, &'k Binds),
}

/// The registry's regimes that no rule judges on the as-of date, each with
/// why; `--verbose` says so once for each.
#[must_use]
pub fn unjudged<'a>(ctx: &Context<'a>) -> Vec<(Regime, Unjudged<'a>)> {
    let Some(config) = ctx.config() else {
        return Vec::new();
    };
    let role = config.value.organization.role;
    config
        .value
        .regimes
        .iter()
        .filter_map(|&r| {
            if !ctx.knowledge.in_force(r, ctx.as_of) {
                return Some((r, Unjudged::NotInForce));
            }
            ctx.knowledge
                .not_binding(r, role, ctx.as_of)
                .map(|b| (r, Unjudged::NotBinding(role, b)))
        })
        .collect()
}

/// Whether `mechanism` is a matter only for regimes of the registry that
/// are not judged on the as-of date (not in force yet, or a law the base
/// holds no facts for): no judged regime's law knows it, but one of the
/// registry's regimes does. Then no entry rule speaks about it: nothing
/// can say it is no mechanism, nor judge it.
#[must_use]
pub fn unjudged_only(
    ctx: &Context<'_>,
    judged: &[(Regime, Law<'_>)],
    mechanism: Mechanism,
) -> bool {
    let Some(config) = ctx.config() else {
        return false;
    };
    let judged_serves = judged
        .iter()
        .any(|(_, law)| ctx.knowledge.serves(law.facts, mechanism));
    let unjudged_serves = config
        .value
        .regimes
        .iter()
        .filter(|r| !judged.iter().any(|(j, _)| j == *r))
        .any(|r| ctx.knowledge.serves(*r, mechanism));
    !judged_serves && unjudged_serves
}

/// Every transfer entry of every current sub-processor, with its index in
/// `transfers`, in registry order.
pub fn current_entries<'a>(
    ctx: &Context<'a>,
) -> impl Iterator<Item = (&'a Loaded<Subprocessor>, usize, &'a Transfer)> {
    let as_of = ctx.as_of;
    let ctx = *ctx;
    ctx.subprocessors()
        .iter()
        .filter(move |sp| is_current(sp, &ctx))
        .flat_map(move |sp| {
            sp.value
                .transfers
                .iter()
                .enumerate()
                .filter(move |(_, entry)| entry.in_force(as_of))
                .map(move |(i, entry)| (sp, i, entry))
        })
}

/// A sub-processor engaged on the as-of date: from `effective` (or
/// `added`) until the day before `removed`. Retired and future entries
/// stay in the registry for history and are not judged.
#[must_use]
pub fn is_current(sp: &Loaded<Subprocessor>, ctx: &Context<'_>) -> bool {
    let start = sp.value.effective.unwrap_or(sp.value.added);
    start <= ctx.as_of && sp.value.removed.is_none_or(|removed| removed > ctx.as_of)
}

/// The destinations that can be judged: known codes, and cloud regions as
/// their countries, without duplicates, locations first. Unknown, vague
/// and unstated ones are the business of `unknown-country`,
/// `vague-location` and `location-unknown`.
fn destinations<'a>(sp: &'a Loaded<Subprocessor>, ctx: &Context<'a>) -> Vec<Destination<'a>> {
    let mut out: Vec<Destination<'a>> = Vec::new();
    let locations = sp
        .value
        .locations
        .iter()
        .enumerate()
        .map(|(i, value)| (ctx.knowledge.judged_as(value), Some(i)));
    let country = sp.value.country.as_str();
    let country = std::iter::once((ctx.knowledge.knows_place(country).then_some(country), None));
    for (code, location) in locations.chain(country) {
        if let Some(code) = code
            && !out.iter().any(|d| d.code == code)
        {
            out.push(Destination { code, location });
        }
    }
    out
}

/// `verdict`, unless it rests on a mechanism not yet open to an exporter
/// of `role` on `date` (BCRs for a processor before WP 195).
fn for_exporter<'k>(verdict: Verdict<'k>, role: Role, date: Date) -> Verdict<'k> {
    match verdict {
        Verdict::Valid(basis @ Basis::Mechanism(fact)) => match fact.closed_to(role, date) {
            Some(window) => Verdict::Invalid(Invalidity::NotYetForExporter {
                basis,
                role,
                from: window.from,
                reference: &window.reference,
            }),
            None => verdict,
        },
        other => other,
    }
}

/// Whether `destination` is one under `regime`: a place the data go, or
/// the importer's country where the regime counts making the data
/// available to an importer established abroad as a transfer (the area's
/// `establishment`; not PDPA s.129, a transfer "to a place outside
/// Malaysia").
fn counts(ctx: &Context<'_>, regime: Regime, destination: &Destination<'_>) -> bool {
    !destination.entity_country()
        || ctx
            .knowledge
            .area(ctx.knowledge.law(regime, ctx.as_of).facts)
            .is_some_and(|a| a.establishment.is_some())
}

/// Whether the transfer rules of `regime` judge the organisation's
/// transfers on the as-of date: in force, and binding its role.
fn applies(ctx: &Context<'_>, regime: Regime) -> bool {
    let role = ctx
        .config()
        .map_or(Role::Processor, |c| c.value.organization.role);
    ctx.knowledge.in_force(regime, ctx.as_of)
        && ctx.knowledge.not_binding(regime, role, ctx.as_of).is_none()
}
