//! "Did you mean" suggestions for misspelt keys, ids and names.

/// The candidate closest to `text`, if one is close enough to be a likely
/// typo: a case-insensitive match, or a normalised Damerau-Levenshtein
/// similarity of at least 0.7. Ties go to the earliest candidate, so the
/// answer is deterministic.
#[must_use]
pub fn closest<'a>(text: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lowered = text.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        if candidate.to_lowercase() == lowered {
            return Some(candidate);
        }
        let score = strsim::normalized_damerau_levenshtein(&lowered, &candidate.to_lowercase());
        if score >= 0.7 && best.is_none_or(|(top, _)| score > top) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_typos_and_case_slips() {
        let keys = ["name", "country", "purposes", "locations"];
        assert_eq!(closest("nmae", keys), Some("name"));
        assert_eq!(closest("Country", keys), Some("country"));
        assert_eq!(closest("purpose", keys), Some("purposes"));
        assert_eq!(closest("zzz", keys), None);
    }
}
