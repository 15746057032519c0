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
    /// These mechanisms, in data-file order, and the SCC module the cell
    /// names ("Module 2"), if any.
    Mechanisms(Vec<&'d MechanismWords>, Option<u8>),
    /// Words that name no mechanism subreg can write, and why.
    Unread(&'static str),
}

/// Reads `text`: every mechanism whose words it holds ("SCCs", "EU-US
/// DPF", "Clausole contrattuali standard"), the longest phrase first so
/// that "Swiss-US DPF" is not also the EU-US DPF. A mechanism negated ("no
/// SCCs"), not yet or no longer in place ("SCCs pending", "DPF
/// (expired)"), of another year than the 2021 clauses ("SCCs (2010)"), or
/// one of several ("SCCs or DPF") is reported, never written.
#[must_use]
pub fn read<'d>(text: &str, data: &'d Data) -> Stated<'d> {
    let folded = fold(text);
    if folded.is_empty() {
        return Stated::Nothing;
    }
    let mut phrases: Vec<(&MechanismWords, &String)> = data
        .mechanisms
        .iter()
        .flat_map(|m| m.phrases.iter().map(move |p| (m, p)))
        .collect();
    phrases.sort_by_key(|(_, p)| std::cmp::Reverse(p.len()));
    let mut rest = format!(" {folded} ");
    let mut found: Vec<&MechanismWords> = Vec::new();
    for (mechanism, phrase) in phrases {
        let padded = format!(" {phrase} ");
        if let Some(at) = rest.find(&padded) {
            rest.replace_range(at + 1..at + padded.len() - 1, &" ".repeat(phrase.len()));
            if !found.iter().any(|m| std::ptr::eq(*m, mechanism)) {
                found.push(mechanism);
            }
        }
    }
    let named: Vec<&MechanismWords> = data
        .mechanisms
        .iter()
        .filter(|m| m.id.is_some() && found.iter().any(|f| std::ptr::eq(*f, *m)))
        .collect();
    if named.is_empty() {
        return if found.is_empty() {
            Stated::Unread("it names no mechanism subreg knows")
        } else {
            Stated::NoTransfer
        };
    }
    if data.negated.iter().any(|w| has_words(&folded, w)) {
        return Stated::Unread("it says the mechanism is not, not yet or no longer in place");
    }
    if has_words(&folded, "or") || has_words(&folded, "oder") || has_words(&folded, "ou") {
        return Stated::Unread("it names one mechanism or another");
    }
    let words: Vec<&str> = folded.split(' ').collect();
    let other_year = words.iter().any(|w| {
        w.len() == 4
            && w.starts_with(['1', '2'])
            && w.parse::<u16>()
                .is_ok_and(|y| (1995..2100).contains(&y) && y != 2021)
    });
    if other_year
        && named
            .iter()
            .any(|m| m.id.is_some_and(|id| id.to_string().contains("scc")))
    {
        return Stated::Unread("it names clauses of another year than the 2021 SCCs");
    }
    let module = words.windows(2).find_map(|w| {
        (matches!(w[0], "module" | "modul" | "modulo"))
            .then(|| w[1].parse::<u8>().ok().filter(|m| (1..=4).contains(m)))
            .flatten()
    });
    Stated::Mechanisms(named, module)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> String {
        let data = super::super::data::data().expect("data");
        match read(text, data) {
            Stated::Nothing => "nothing".to_owned(),
            Stated::NoTransfer => "no transfer".to_owned(),
            Stated::Unread(why) => format!("unread: {why}"),
            Stated::Mechanisms(found, module) => {
                let ids: Vec<String> = found
                    .iter()
                    .filter_map(|m| m.id)
                    .map(|m| m.to_string())
                    .collect();
                format!(
                    "{}{}",
                    ids.join(" "),
                    module.map(|m| format!(" module {m}")).unwrap_or_default()
                )
            }
        }
    }

    #[test]
    fn mechanisms_in_words_are_read_longest_first() {
        assert_eq!(ids("SCCs (EU Standard Contractual Clauses)"), "eu-scc-2021");
        assert_eq!(ids("EU-US DPF, SCCs"), "eu-scc-2021 eu-us-dpf");
        assert_eq!(ids("Swiss-US DPF"), "swiss-us-dpf");
        assert_eq!(ids("UK Extension to the DPF"), "uk-us-data-bridge");
        assert_eq!(
            ids("Standard Contractual Clauses (Module 2)"),
            "eu-scc-2021 module 2"
        );
        assert_eq!(ids("Clausole contrattuali standard"), "eu-scc-2021");
        assert_eq!(ids("None required (EEA)"), "no transfer");
        assert_eq!(ids(""), "nothing");
    }

    #[test]
    fn negated_pending_lapsed_or_alternative_mechanisms_are_not_written() {
        for text in [
            "no SCCs",
            "Keine Standardvertragsklauseln",
            "SCCs pending",
            "SCCs to be signed",
            "DPF (expired)",
            "Not certified under the DPF",
            "DPF certification withdrawn",
        ] {
            assert_eq!(
                ids(text),
                "unread: it says the mechanism is not, not yet or no longer in place",
                "{text}"
            );
        }
        assert_eq!(
            ids("SCCs or DPF"),
            "unread: it names one mechanism or another"
        );
        assert_eq!(
            ids("SCCs (2010)"),
            "unread: it names clauses of another year than the 2021 SCCs"
        );
        assert_eq!(
            ids("Privacy Shield"),
            "unread: it names no mechanism subreg knows"
        );
    }
}
