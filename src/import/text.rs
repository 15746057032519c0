//! Text as the importer compares it: folded, and cells cleaned of what a
//! published list adds around its values (footnote markers, markup).

use unicode_normalization::UnicodeNormalization as _;

/// `text` folded for comparison: lower case, accents removed (NFD without
/// combining marks), every run of other characters than letters and digits
/// one space, trimmed.
#[must_use]
pub fn fold(text: &str) -> String {
    let split = text;
    let mut out = String::with_capacity(split.len());
    let mut blank = true;
    for c in split
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
    {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            blank = false;
        } else if !blank {
            out.push(' ');
            blank = true;
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// A key or header folded like [`fold`], camelCase split first
/// (`transferMechanism` reads `transfer mechanism`, `lastUpdated` `last
/// updated`).
#[must_use]
pub fn fold_key(text: &str) -> String {
    let mut split = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if c.is_uppercase() && previous.is_some_and(char::is_lowercase) {
            split.push(' ');
        }
        split.push(c);
        previous = Some(c);
    }
    fold(&split)
}

/// Whether folded `text` holds folded `phrase` as whole words.
#[must_use]
pub fn has_words(text: &str, phrase: &str) -> bool {
    !phrase.is_empty() && format!(" {text} ").contains(&format!(" {phrase} "))
}

/// A published cell as a registry value: blanks collapsed, and footnote
/// markers at its end removed (`Stripe*`, `Stripe†`, `Stripe [1]`,
/// `Stripe¹`, `Stripe (1)`). Returns the value and the marker removed.
#[must_use]
pub fn clean(text: &str) -> (String, Option<String>) {
    let mut value: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut removed = String::new();
    loop {
        let before = value.len();
        let trimmed = value.trim_end_matches(['*', '†', '‡', '§', '¹', '²', '³', '⁴', '⁵']);
        if trimmed.len() < value.len() && !trimmed.trim_end().is_empty() {
            removed.insert_str(0, &format!("{} ", &value[trimmed.len()..]));
            value.truncate(trimmed.len());
        }
        for (open, close) in [("[", "]"), ("(", ")")] {
            if let Some(start) = value.rfind(open) {
                let inner = &value[start + 1..];
                if let Some(digits) = inner.strip_suffix(close)
                    && !digits.is_empty()
                    && digits.len() <= 2
                    && digits.chars().all(|c| c.is_ascii_digit())
                    && !value[..start].trim_end().is_empty()
                {
                    removed.insert_str(0, &format!("{} ", &value[start..]));
                    value.truncate(start);
                }
            }
        }
        value.truncate(value.trim_end().len());
        if value.len() == before {
            break;
        }
    }
    let removed =
        (!removed.is_empty()).then(|| removed.split_whitespace().collect::<Vec<_>>().join(" "));
    (value, removed)
}

/// `name` as a registry id: lower-case ASCII letters and digits, words
/// joined by `-`, at most 60 characters at a word boundary; `entity-`
/// and a hash of the name (FNV-1a) when nothing is left.
#[must_use]
pub fn slug(name: &str) -> String {
    let folded = fold(name);
    let mut id = String::new();
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        let ascii: String = word.chars().filter(char::is_ascii_alphanumeric).collect();
        if ascii.is_empty() {
            continue;
        }
        if !id.is_empty() && id.len() + 1 + ascii.len() > 60 {
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(&ascii[..ascii.len().min(60)]);
    }
    if id.is_empty() {
        // A name in another script (`日本株式会社`): a stable id of its own,
        // not one `entity` shared by every such name.
        let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        format!("entity-{:08x}", hash >> 32)
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_splits_camel_case_and_drops_accents_and_punctuation() {
        assert_eq!(fold_key("transferMechanism"), "transfer mechanism");
        assert_eq!(fold("HubSpot"), "hubspot");
        assert_eq!(
            fold("  Finalité du   traitement "),
            "finalite du traitement"
        );
        assert_eq!(fold("Sub-Processor"), "sub processor");
        assert_eq!(fold("Description/Purpose"), "description purpose");
        assert_eq!(fold("Größe"), "große");
        assert_eq!(fold("***"), "");
    }

    #[test]
    fn words_match_whole_words_only() {
        assert!(has_words("location of processing", "location"));
        assert!(!has_words("relocation", "location"));
        assert!(!has_words("anything", ""));
    }

    #[test]
    fn footnote_markers_are_removed_from_the_end() {
        assert_eq!(
            clean("Stripe*"),
            ("Stripe".to_owned(), Some("*".to_owned()))
        );
        assert_eq!(
            clean("Stripe, Inc. [1]"),
            ("Stripe, Inc.".to_owned(), Some("[1]".to_owned()))
        );
        assert_eq!(
            clean("Stripe¹ (2)"),
            ("Stripe".to_owned(), Some("¹ (2)".to_owned()))
        );
        assert_eq!(
            clean("Amazon Web Services (AWS)"),
            ("Amazon Web Services (AWS)".to_owned(), None)
        );
        assert_eq!(clean("  Two   words "), ("Two words".to_owned(), None));
        assert_eq!(clean("*"), ("*".to_owned(), None));
    }

    #[test]
    fn ids_are_ascii_words_joined_by_dashes() {
        assert_eq!(slug("Amazon Web Services, Inc."), "amazon-web-services-inc");
        assert_eq!(slug("Société Générale S.A."), "societe-generale-s-a");
        assert_eq!(slug("日本"), slug("日本"));
        assert_ne!(slug("日本"), slug("中国"));
        assert!(slug("日本").starts_with("entity-"));
        assert_eq!(slug("HubSpot"), "hubspot");
        assert!(slug(&"word ".repeat(40)).len() <= 60);
    }
}
