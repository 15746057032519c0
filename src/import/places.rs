//! A published location cell read as registry `locations`.

use super::data::Data;
use super::text::{fold, has_words};
use crate::knowledge::{Knowledge, Located};

/// What a location cell says, as registry values.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Places {
    /// The `locations` values, in published order, each once.
    pub values: Vec<String>,
    /// Parts that name no place subreg knows, as published.
    pub unread: Vec<String>,
    /// Why the cell is read as an unknown location, when it is.
    pub unknown: Option<&'static str>,
    /// Parenthesised details left out (`Frankfurt, Ireland` of `EU
    /// (Frankfurt, Ireland)`).
    pub details: Vec<String>,
}

/// Reads `text`: country names in English, German, French, Italian and
/// Spanish, ISO 3166-1 alpha-2 codes, `EU` / `EEA` in those languages,
/// cloud regions (`aws:eu-central-1`, or a region id only one provider
/// has); lists split on `,` `;` `/` `&` and "and". A place that depends on
/// the customer is `customer-choice`; one of several ("US or EU",
/// "depending on ...") or a vague one ("worldwide") is `not-stated`, never
/// read as all of them.
#[must_use]
pub fn read(text: &str, data: &Data, knowledge: &Knowledge) -> Places {
    let mut places = Places::default();
    let (outside, details) = parenthesised(text);
    places.details = details;
    let folded = fold(&outside);
    if folded.is_empty() {
        return places;
    }
    if data.choice.iter().any(|p| has_words(&fold(text), p)) {
        places.values.push("customer-choice".to_owned());
        places.unknown = Some("the place depends on the customer's choice");
        return places;
    }
    if data.either.iter().any(|w| has_words(&folded, w)) {
        places.values.push("not-stated".to_owned());
        places.unknown = Some("the list names one place or another, not all of them");
        return places;
    }
    for part in outside.split([',', ';', '/', '&', '+', '\n', '|']) {
        // "Bosnia and Herzegovina" is one country: the whole part first.
        let whole = part.trim().trim_matches(['.', ':', '-', '*']).trim();
        let pieces = match place(whole, data, knowledge) {
            Some(Place::Value(_)) => vec![whole],
            _ => and_split(part),
        };
        for piece in pieces {
            let piece = piece
                .trim()
                .trim_matches(['.', ':', '-', '–', '—', '*'])
                .trim();
            // `US¹`, `Germany [1]`: the footnote mark is no part of the place.
            let cleaned = super::text::clean(piece).0;
            let piece = cleaned.as_str();
            if piece.is_empty() {
                continue;
            }
            match place(piece, data, knowledge) {
                Some(Place::Value(value)) => {
                    if !places.values.contains(&value) {
                        places.values.push(value);
                    }
                }
                Some(Place::Vague) | None => {
                    places.unread.push(piece.to_owned());
                }
            }
        }
    }
    if !places.unread.is_empty() && !places.values.iter().any(|v| v == "not-stated") {
        places.values.push("not-stated".to_owned());
        places.unknown = Some("a part of the cell names no place subreg knows");
    }
    places
}

/// The one place a sentence names ("These subprocessors are all located
/// in the United States:"), as a `locations` value: a country or area name
/// as whole words, or an upper-case code as written (`US`, `UK`, `EU`); `None`
/// when it names none or several, or negates ("outside the EU").
#[must_use]
pub fn in_prose(text: &str, data: &Data) -> Option<String> {
    let folded = fold(text);
    // "located outside the EU", "not in the United States": no place.
    if data.negations.iter().any(|w| has_words(&folded, w)) {
        return None;
    }
    let mut named: Vec<String> = data
        .countries
        .iter()
        .filter(|(name, _)| name.len() > 2)
        .chain(data.areas.iter().filter(|(name, _)| name.len() > 2))
        .filter(|(name, _)| has_words(&folded, name))
        .map(|(_, code)| code.clone())
        .collect();
    // Codes only as written in capitals: "us" is also a pronoun.
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if (2..=3).contains(&word.len()) && word.chars().all(|c| c.is_ascii_uppercase()) {
            let key = fold(word);
            if let Some(code) = data.areas.get(&key).or_else(|| data.countries.get(&key)) {
                named.push(code.clone());
            }
        }
    }
    named.sort();
    named.dedup();
    match named.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    }
}

enum Place {
    Value(String),
    Vague,
}

fn place(piece: &str, data: &Data, knowledge: &Knowledge) -> Option<Place> {
    let folded = fold(piece);
    if let Some(code) = data
        .areas
        .get(&folded)
        .or_else(|| data.countries.get(&folded))
    {
        return Some(Place::Value(code.clone()));
    }
    let upper = piece.to_ascii_uppercase();
    if piece.len() == 2 && piece == upper && crate::knowledge::is_iso_country(piece) {
        return Some(Place::Value(piece.to_owned()));
    }
    if let Located::Region(found) = knowledge.locate(piece) {
        return Some(Place::Value(found.spelling()));
    }
    if let [only] = knowledge.regions_with_id(piece).as_slice() {
        return Some(Place::Value(only.spelling()));
    }
    if data.vague.contains(&folded) {
        return Some(Place::Vague);
    }
    // Nothing else: a place found somewhere among other words ("US and
    // Germany" read as Germany, "New Jersey" as Jersey, "outside the EU"
    // as the EU) would be a wrong answer; unread, it is reported.
    None
}

/// `text` without its parenthesised parts, and those parts.
fn parenthesised(text: &str) -> (String, Vec<String>) {
    let mut outside = String::new();
    let mut inside = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' | '[' => {
                if depth > 0 {
                    current.push(c);
                }
                depth += 1;
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    inside.push(current.trim().to_owned());
                    current.clear();
                } else {
                    current.push(c);
                }
            }
            _ if depth > 0 => current.push(c),
            _ => outside.push(c),
        }
    }
    (
        outside,
        inside.into_iter().filter(|s| !s.is_empty()).collect(),
    )
}

/// `part` split on the word "and" in the five languages.
fn and_split(part: &str) -> Vec<&str> {
    let mut pieces = vec![part];
    for word in [" and ", " und ", " et ", " e ", " y "] {
        pieces = pieces.into_iter().flat_map(|p| p.split(word)).collect();
    }
    pieces
}
