//! The rules: one file per rule, each with its finding structs, the logic
//! that finds them and the documentation `subreg explain` prints.
//!
//! Rules read the loaded registry, the knowledge base and the as-of date;
//! they never read the clock or print. Structural rules (TOML syntax,
//! schema) run in the loader; their documentation lives here with the rest.

mod context;
mod date_order;
mod derogation_for_routine_transfer;
mod docs;
mod dpf_verification_stale;
mod duplicate_subprocessor;
mod evidence_assumed;
mod evidence_missing;
mod fact_unconfirmed;
mod invalidated_mechanism;
mod irrelevant_key;
mod knowledge_gap;
mod location_unknown;
mod mechanism_not_applicable;
mod notice_period_too_short;
mod scc_module_mismatch;
mod scoped_adequacy;
mod stale_knowledge;
mod tia_expired;
mod tia_missing;
mod transfer_at_risk;
mod transfer_lawful;
mod transfer_outside_locations;
mod transfer_without_mechanism;
mod transfers;
mod unknown_country;
mod unknown_reference;
mod vague_location;
mod waiver_expired;
mod waiver_unused;
mod waivers;

pub use context::Context;
pub use docs::{Doc, doc};
pub use transfers::{Destination, Evaluation, Gap, evaluate};
pub use waivers::{about, files_of, waive};

use rayon::prelude::*;

use crate::diag::Diagnostic;

/// How many sub-processors one parallel task judges: enough to outweigh
/// scheduling, few enough to share a large registry evenly.
const SHARE: usize = 64;

/// Runs every registry and transfer rule; the findings are unsorted and at
/// their rules' default levels, in the same order on every run.
#[must_use]
pub fn run(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = registry_rules(ctx);
    // Every other rule judges each sub-processor on its own, so shares of
    // them are judged on every core; collected in registry order.
    let shares: Vec<Judged<'_>> = ctx
        .subprocessors()
        .par_chunks(SHARE)
        .map(|share| subprocessor_rules(&ctx.share(share)))
        .collect();
    let mut doubts = Vec::new();
    for share in shares {
        out.extend(share.found);
        fact_unconfirmed::merge_doubts(&mut doubts, share.doubts);
    }
    out.extend(doubts.into_iter().map(Diagnostic::from));
    out
}

/// The findings of the per-sub-processor rules for the sub-processors of
/// `ctx` that the change under review adds ([`Context::announced`]) and
/// that are not engaged yet on the as-of day: each judged on the day it
/// starts processing (its `effective`, else its `added` date), since its
/// transfers must be lawful from that day and the run that merges the
/// change is the last one before it. Notes and `notice-period-too-short`
/// (judged on the as-of day) are left out.
#[must_use]
pub fn run_at_start(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for sp in ctx.subprocessors() {
        if !ctx.announced.contains(&sp.id) {
            continue;
        }
        // The day it is set to start, and the day a notice sent today can
        // let it start (the notice period's end), when that is later.
        let start = sp.value.effective.unwrap_or(sp.value.added);
        let noticed = ctx
            .notice_days()
            .map(|days| ctx.as_of.plus_days(i64::from(days)))
            .filter(|day| *day > start);
        for day in std::iter::once(start).chain(noticed) {
            if day <= ctx.as_of {
                continue;
            }
            let mut on_start = ctx.share(std::slice::from_ref(sp));
            on_start.as_of = day;
            let judged = subprocessor_rules(&on_start);
            let why = if day == start {
                format!(
                    "judged on {day}, the day it starts processing: the change under review adds it"
                )
            } else {
                format!(
                    "judged on {day}, the day a notice sent on {} lets it start: the change under \
                     review adds it",
                    ctx.as_of
                )
            };
            let new: Vec<Diagnostic> = judged
                .found
                .into_iter()
                .filter(|d| {
                    d.severity != crate::diag::Severity::Note
                        && d.rule != crate::diag::Rule::NoticePeriodTooShort
                })
                .filter(|d| {
                    !out.iter()
                        .any(|o: &Diagnostic| o.message == d.message && o.rule == d.rule)
                })
                .map(|d| crate::diag::Diagnostic {
                    judged_on: Some(day),
                    ..d.with_note(why.clone())
                })
                .collect();
            out.extend(new);
        }
    }
    out
}

/// The rules about the registry as a whole, run once per registry.
fn registry_rules(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    unknown_country::check_organization(ctx, &mut out);
    duplicate_subprocessor::check(ctx, &mut out);
    stale_knowledge::check(ctx, &mut out);
    transfer_lawful::check_regimes(ctx, &mut out);
    out
}

/// What the per-sub-processor rules find in one share of the registry.
struct Judged<'a> {
    found: Vec<Diagnostic>,
    /// Facts in doubt that verdicts rest on: reported once per registry.
    doubts: Vec<fact_unconfirmed::NeedsConfirmation<'a>>,
}

/// The rules that judge each sub-processor of `ctx` on its own.
fn subprocessor_rules<'a>(ctx: &Context<'a>) -> Judged<'a> {
    let evaluations = evaluate(ctx);
    let mut out = Vec::new();
    let mut doubts = Vec::new();
    unknown_country::check(ctx, &mut out);
    vague_location::check(ctx, &mut out);
    location_unknown::check(ctx, &mut out);
    unknown_reference::check(ctx, &mut out);
    date_order::check(ctx, &mut out);
    notice_period_too_short::check(ctx, &mut out);
    invalidated_mechanism::check(ctx, &evaluations, &mut out);
    mechanism_not_applicable::check(ctx, &evaluations, &mut out);
    scc_module_mismatch::check(ctx, &mut out);
    derogation_for_routine_transfer::check(ctx, &mut out);
    transfer_outside_locations::check(ctx, &mut out);
    irrelevant_key::check(ctx, &mut out);
    evidence_assumed::check(ctx, &mut out);
    evidence_missing::check(&evaluations, &mut out);
    // Computed once, after every rule that blames an entry.
    let blamed = transfers::Blamed::from_findings(&out);
    transfer_without_mechanism::check(ctx, &evaluations, &blamed, &mut out, &mut doubts);
    scoped_adequacy::check(ctx, &evaluations, &mut out);
    tia_missing::check(ctx, &evaluations, &mut out);
    tia_expired::check(ctx, &evaluations, &mut out);
    dpf_verification_stale::check(ctx, &evaluations, &mut out);
    transfer_at_risk::check(ctx, &evaluations, &mut out);
    Judged { found: out, doubts }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;
    use crate::session::Session;

    /// Judging shares of the registry on several threads finds exactly
    /// what judging it whole on one thread finds.
    #[test]
    fn shares_find_what_the_whole_registry_finds() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        crate::synthetic::write(dir.path(), 5 * SHARE + 7, 3)?;
        // Findings of the rules the generator does not provoke, spread
        // over every share.
        let subprocessors = dir.path().join("registry/subprocessors");
        for (i, entry) in std::fs::read_dir(&subprocessors)?.enumerate() {
            let path = entry?.path();
            let extra = match i % 5 {
                0 => "\n[[transfers]]\nto = \"IN\"\nmechanism = \"eu-scc-2021\"\nmodule = 1\n",
                1 => "\n[[transfers]]\nto = \"USA\"\nmechanism = \"derogation\"\n",
                2 => "\n[[transfers]]\nto = \"CN\"\nmechanism = \"uk-idta\"\nsigned = 2019-01-01\n",
                _ => continue,
            };
            let text = std::fs::read_to_string(&path)?;
            std::fs::write(&path, text + extra)?;
        }
        let session = Session::open(&dir.path().join("registry"))?;
        let as_of: Date = "2026-11-29".parse()?;
        let ctx = Context::new(&session.registry, &session.knowledge, as_of, true);
        let mut shared = run(&ctx);

        let mut whole = registry_rules(&ctx);
        let judged = subprocessor_rules(&ctx);
        whole.extend(judged.found);
        whole.extend(judged.doubts.into_iter().map(Diagnostic::from));

        assert_eq!(session.registry.subprocessors.len(), 5 * SHARE + 7);
        assert!(shared.len() > 100, "{} findings", shared.len());
        let grouped = |found: &[Diagnostic]| {
            found
                .iter()
                .filter(|d| d.message.contains(" other transfers rest on "))
                .count()
        };
        assert!(grouped(&whole) > 0);
        let mut rules: Vec<&str> = shared.iter().map(|d| d.rule.name()).collect();
        rules.sort_unstable();
        rules.dedup();
        assert_eq!(
            rules,
            [
                "derogation-for-routine-transfer",
                "evidence-missing",
                "fact-unconfirmed",
                "invalidated-mechanism",
                "mechanism-not-applicable",
                "scc-module-mismatch",
                "scoped-adequacy",
                "tia-missing",
                "transfer-at-risk",
                "transfer-lawful",
                "transfer-outside-locations",
                "transfer-without-mechanism",
                "unknown-country",
            ]
        );
        // The order within a run differs (rule by rule, share by share);
        // what is reported does not.
        crate::diag::sort(&mut shared, &session.files);
        crate::diag::sort(&mut whole, &session.files);
        assert_eq!(shared, whole);
        Ok(())
    }
}
