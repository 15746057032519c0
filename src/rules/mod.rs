//! The rules: one file per rule, each with its finding structs, the logic
//! that finds them and the documentation `subreg explain` prints.
//!
//! Rules read the loaded registry, the knowledge base and the as-of date;
//! they never read the clock or print. Structural rules (TOML syntax,
//! schema) run in the loader; their documentation lives here with the rest.

mod date_order;
mod derogation_for_routine_transfer;
mod docs;
mod dpf_verification_stale;
mod duplicate_subprocessor;
mod invalidated_mechanism;
mod mechanism_not_applicable;
mod notice_period_too_short;
mod scc_module_mismatch;
mod scoped_adequacy;
mod stale_knowledge;
mod tia_expired;
mod tia_missing;
mod transfer_at_risk;
mod transfer_outside_locations;
mod transfer_without_mechanism;
mod transfers;
mod unknown_country;
mod vague_location;

pub use docs::{Doc, doc};
pub use transfers::{Destination, Evaluation, Gap, evaluate};

use crate::diag::Diagnostic;
use crate::knowledge::Knowledge;
use crate::load::Registry;
use crate::model::Date;

/// What every rule may read.
pub struct Context<'a> {
    /// The loaded registry (its structurally valid files).
    pub registry: &'a Registry,
    /// The facts in force: built-in base and the registry's overrides.
    pub knowledge: &'a Knowledge,
    /// The day on which the verdicts are given (calendar date, UTC).
    pub as_of: Date,
    /// Whether to add a note for every transfer that passes, saying why.
    pub explain: bool,
}

/// Runs every registry and transfer rule; the findings are unsorted and at
/// their rules' default levels.
#[must_use]
pub fn run(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let evaluations = evaluate(ctx);
    let mut out = Vec::new();
    unknown_country::check(ctx, &mut out);
    vague_location::check(ctx, &mut out);
    duplicate_subprocessor::check(ctx, &mut out);
    date_order::check(ctx, &mut out);
    notice_period_too_short::check(ctx, &mut out);
    stale_knowledge::check(ctx, &mut out);
    invalidated_mechanism::check(ctx, &mut out);
    mechanism_not_applicable::check(ctx, &mut out);
    scc_module_mismatch::check(ctx, &mut out);
    derogation_for_routine_transfer::check(ctx, &mut out);
    transfer_outside_locations::check(ctx, &mut out);
    transfer_without_mechanism::check(ctx, &evaluations, &mut out);
    scoped_adequacy::check(ctx, &evaluations, &mut out);
    tia_missing::check(ctx, &evaluations, &mut out);
    tia_expired::check(ctx, &evaluations, &mut out);
    dpf_verification_stale::check(ctx, &evaluations, &mut out);
    transfer_at_risk::check(ctx, &evaluations, &mut out);
    out
}
