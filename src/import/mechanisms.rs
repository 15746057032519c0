//! A published safeguards cell read as transfer mechanisms.

use super::data::{Data, MechanismWords};
use super::text::{fold, has_words};

/// What a safeguards cell says.
#[derive(Debug)]
pub enum Stated<'d> {
    /// Nothing.
    Nothing,
    /// That there is no transfer ("EEA hosting, no transfer").
    NoTransfer,
    /// These mechanisms, in data-file order.
    Mechanisms(Vec<&'d MechanismWords>),
    /// Words that name no mechanism subreg knows.
    Unread,
}

/// Reads `text`: every mechanism whose words it holds ("SCCs", "EU-US
/// DPF", "Clausole contrattuali standard").
#[must_use]
pub fn read<'d>(text: &str, data: &'d Data) -> Stated<'d> {
    let folded = fold(text);
    if folded.is_empty() {
        return Stated::Nothing;
    }
    let found: Vec<&MechanismWords> = data
        .mechanisms
        .iter()
        .filter(|m| m.phrases.iter().any(|p| has_words(&folded, p)))
        .collect();
    let named: Vec<&MechanismWords> = found.iter().copied().filter(|m| m.id.is_some()).collect();
    if !named.is_empty() {
        Stated::Mechanisms(named)
    } else if found.is_empty() {
        Stated::Unread
    } else {
        Stated::NoTransfer
    }
}
