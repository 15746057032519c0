//! The date a published list gives itself ("Last updated: June 8, 2023").

use jiff::civil;

use super::data::Data;
use super::text::{fold, fold_key, has_words};
use crate::model::Date;

/// The first date that follows one of the date labels on one of `lines`
/// (1-based line number, text), with its line.
#[must_use]
pub fn list_date(lines: &[(usize, String)], data: &Data) -> Option<(usize, Date)> {
    lines.iter().find_map(|(at, line)| {
        let folded = fold_key(line);
        let label = data
            .date_labels
            .iter()
            .filter(|l| has_words(&folded, l))
            .max_by_key(|l| l.len())?;
        let after = folded
            .split_once(label.as_str())
            .map_or("", |(_, rest)| rest);
        parse(after, data).map(|d| (*at, d))
    })
}

/// A date written `2025-04-01`, `June 8, 2023`, `May, 15, 2025`,
/// `8 June 2023`, `1. März 2024`, `8 de junio de 2023` or `15/05/2025`
/// (day first), in folded `text`; the first one found.
#[must_use]
pub fn parse(text: &str, data: &Data) -> Option<Date> {
    let folded = fold(text);
    // Ordinals are the day they count: `8th`, `1st`, `1er`, `1º`.
    let words: Vec<String> = folded
        .split(' ')
        .filter(|w| !w.is_empty() && *w != "de")
        .map(|w| {
            let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
            let suffix = &w[digits.len()..];
            if !digits.is_empty() && matches!(suffix, "st" | "nd" | "rd" | "th" | "er" | "o" | "a")
            {
                digits.to_owned()
            } else {
                w.to_owned()
            }
        })
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let number = |w: &str| w.parse::<i32>().ok();
    let month = |w: &str| data.months.get(w).map(|&n| i32::from(n));
    (0..words.len()).find_map(|start| {
        match &words[start..(start + 3).min(words.len())] {
            // ISO 8601, folded to `2025 04 01`.
            [y, m, d] if y.len() == 4 && number(y).is_some() => {
                ymd(number(y)?, number(m)?, number(d)?)
            }
            // Day first: `8 june 2023`, `15 05 2025`; `12 31 2025` can
            // only be month first; `03 04 2025` could be either, and is
            // no date.
            [d, m, y] if y.len() == 4 && number(d).is_some() => match (month(m), number(m)) {
                (Some(named), _) => ymd(number(y)?, named, number(d)?),
                (None, Some(second)) => {
                    let first = number(d)?;
                    match (first <= 12, second <= 12) {
                        (true, true) if first != second => None,
                        (true, false) => ymd(number(y)?, first, second),
                        _ => ymd(number(y)?, second, first),
                    }
                }
                _ => None,
            },
            // Month first: `june 8 2023`.
            [m, d, y] if y.len() == 4 => ymd(number(y)?, month(m)?, number(d)?),
            _ => None,
        }
    })
}

fn ymd(year: i32, month: i32, day: i32) -> Option<Date> {
    civil::Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
    .map(Date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Option<String> {
        let data = super::super::data::data().expect("data");
        parse(text, data).map(|d| d.to_string())
    }

    #[test]
    fn published_date_forms_are_read() {
        assert_eq!(date("2025-04-01").as_deref(), Some("2025-04-01"));
        assert_eq!(date("June 8, 2023").as_deref(), Some("2023-06-08"));
        assert_eq!(date("May, 15, 2025").as_deref(), Some("2025-05-15"));
        assert_eq!(date("8 June 2023").as_deref(), Some("2023-06-08"));
        assert_eq!(date("1. März 2024").as_deref(), Some("2024-03-01"));
        assert_eq!(date("8 juin 2023").as_deref(), Some("2023-06-08"));
        assert_eq!(date("8 de junio de 2023").as_deref(), Some("2023-06-08"));
        assert_eq!(date("15/05/2025").as_deref(), Some("2025-05-15"));
        assert_eq!(date("12/31/2025").as_deref(), Some("2025-12-31"));
        assert_eq!(date("03/04/2025"), None);
        assert_eq!(date("04/04/2025").as_deref(), Some("2025-04-04"));
        assert_eq!(date("Jun 8th, 2023").as_deref(), Some("2023-06-08"));
        assert_eq!(date("1er mars 2024").as_deref(), Some("2024-03-01"));
        assert_eq!(date("February 30, 2024"), None);
        assert_eq!(date("version 2 of 2024"), None);
    }

    #[test]
    fn the_list_date_follows_a_label() {
        let data = super::super::data::data().expect("data");
        let lines = |text: &str| -> Vec<(usize, String)> {
            text.lines()
                .enumerate()
                .map(|(i, l)| (i + 1, l.to_owned()))
                .collect()
        };
        let text = "# Subprocessors\n\nWe have 2024 vendors.\n\n*Last updated: June 8, 2023*\n";
        assert_eq!(
            list_date(&lines(text), data).map(|(l, d)| (l, d.to_string())),
            Some((5, "2023-06-08".to_owned()))
        );
        assert_eq!(
            list_date(&lines("Stand: 1. März 2024"), data)
                .map(|(_, d)| d.to_string())
                .as_deref(),
            Some("2024-03-01")
        );
        assert_eq!(
            list_date(&lines("lastUpdated 2025-04-01"), data)
                .map(|(_, d)| d.to_string())
                .as_deref(),
            Some("2025-04-01")
        );
        assert_eq!(list_date(&lines("Released on June 8, 2023"), data), None);
    }
}
