//! Which registry field each published column fills.

use super::data::{Column, Data};
use super::text::{fold_key, has_words};

/// For each header (in order), the column it fills, if any: each column is
/// filled by at most one header, the one that names it best (equal to a
/// phrase beats holding it as words; an earlier, more specific phrase
/// beats a later one; the first header wins a tie).
#[must_use]
pub fn assign(headers: &[String], data: &Data) -> Vec<Option<Column>> {
    // (column, score) per header; a higher score is a better match.
    let best: Vec<Option<(Column, u32)>> = headers
        .iter()
        .map(|h| {
            let folded = fold_key(h);
            data.headers
                .iter()
                .filter_map(|(column, phrases)| score(&folded, phrases).map(|s| (*column, s)))
                .max_by_key(|(_, s)| *s)
        })
        .collect();
    let mut out = vec![None; headers.len()];
    for (column, _) in &data.headers {
        let winner = best
            .iter()
            .enumerate()
            .filter_map(|(i, b)| b.filter(|(c, _)| c == column).map(|(_, s)| (i, s)))
            // The highest score, then the first header.
            .max_by(|(i, a), (j, b)| a.cmp(b).then(j.cmp(i)));
        if let Some((i, _)) = winner {
            out[i] = Some(*column);
        }
    }
    out
}

/// How well folded `header` names a column with `phrases`: an exact match
/// scores above any match as words, an earlier phrase above a later one.
fn score(header: &str, phrases: &[String]) -> Option<u32> {
    let n = u32::try_from(phrases.len()).unwrap_or(u32::MAX);
    phrases.iter().enumerate().find_map(|(i, p)| {
        let rank = n - u32::try_from(i).unwrap_or(0);
        if header == p {
            Some(2 * n + rank)
        } else if has_words(header, p) {
            Some(rank)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(headers: &[&str]) -> Vec<Option<Column>> {
        let data = super::super::data::data().expect("data");
        let headers: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
        assign(&headers, data)
    }

    #[test]
    fn real_headers_map_to_their_fields() {
        use Column::*;
        assert_eq!(
            columns(&[
                "Name of Subprocessor",
                "Description of Processing",
                "Location of Processing",
                "Corporate Location"
            ]),
            [Some(Name), Some(Purpose), Some(Location), Some(Country)]
        );
        assert_eq!(
            columns(&[
                "Company",
                "Sub-processor",
                "Service category / What they do"
            ]),
            [None, Some(Name), Some(Purpose)]
        );
        assert_eq!(
            columns(&[
                "name",
                "purpose",
                "dataCategories",
                "location",
                "transferMechanism"
            ]),
            [
                Some(Name),
                Some(Purpose),
                Some(DataCategories),
                Some(Location),
                Some(Mechanism)
            ]
        );
        assert_eq!(
            columns(&[
                "Service provider",
                "Purpose",
                "Customer data involved",
                "Region"
            ]),
            [
                Some(Name),
                Some(Purpose),
                Some(DataCategories),
                Some(Location)
            ]
        );
    }

    #[test]
    fn headers_in_other_languages_map_too() {
        use Column::*;
        assert_eq!(
            columns(&[
                "Unterauftragsverarbeiter",
                "Zweck der Verarbeitung",
                "Standort",
                "Geeignete Garantien"
            ]),
            [Some(Name), Some(Purpose), Some(Location), Some(Mechanism)]
        );
        assert_eq!(
            columns(&["Sous-traitant", "Finalité", "Localisation", "Garanties"]),
            [Some(Name), Some(Purpose), Some(Location), Some(Mechanism)]
        );
        assert_eq!(
            columns(&[
                "Sub-responsabile",
                "Finalità del trattamento",
                "Luogo del trattamento",
                "Sede legale"
            ]),
            [Some(Name), Some(Purpose), Some(Location), Some(Country)]
        );
        assert_eq!(
            columns(&[
                "Subencargado",
                "Finalidad",
                "Ubicación",
                "Garantías adecuadas"
            ]),
            [Some(Name), Some(Purpose), Some(Location), Some(Mechanism)]
        );
    }

    #[test]
    fn a_header_naming_nothing_fills_nothing() {
        assert_eq!(columns(&["Colour", "Size"]), [None, None]);
    }
}
