//! What `subreg inject --check` will show once the generated template
//! stands between markers in place of the published list: the published
//! lines the template renders otherwise, each with its rendering, so that
//! the import's report names every change the round trip makes.

use similar::{DiffTag, TextDiff};

use super::Review;

/// The differences between lines `first..=last` (1-based) of `published`
/// and `rendered`, the template's output for the imported registry: one
/// review item per published line rendered otherwise, not rendered, or
/// rendered where the list has none, and one for all the lines that
/// differ only in their blanks or in the length of a table's `---`
/// (column padding). Empty when the round trip is exact.
#[must_use]
pub fn differences(published: &str, (first, last): (usize, usize), rendered: &str) -> Vec<Review> {
    // A lone CR ends a line for a Markdown reader but not for line
    // numbers: nothing could be said at the right line.
    // Only up to the list's last line: one after it moves no line number.
    let end = published
        .match_indices('\n')
        .nth(last.saturating_sub(1))
        .map_or(published.len(), |(at, _)| at);
    if let Some(at) = published[..end]
        .match_indices('\r')
        .find(|(at, _)| published.as_bytes().get(at + 1) != Some(&b'\n'))
        .map(|(at, _)| at)
    {
        let line = published[..at].matches('\n').count() + 1;
        return vec![Review::new(
            line,
            "this line ends with a lone CR (a carriage return without a line feed): the lines \
             were not compared; save the list with LF or CRLF line endings and import it again"
                .to_owned(),
        )];
    }
    let span: Vec<&str> = published
        .split_inclusive('\n')
        .skip(first.saturating_sub(1))
        .take((last + 1).saturating_sub(first))
        .collect();
    // A marker already in the list's lines: the template cannot go there.
    if let Some(k) = span.iter().position(|l| l.contains("subreg:")) {
        return vec![Review::new(
            first + k,
            "this line of the list holds a subreg marker: the lines were not compared; take the \
             list out of its region first"
                .to_owned(),
        )];
    }
    // `inject` ends every line it writes as the begin marker's line ends:
    // as the list's first line does, once the marker stands before it.
    let ending = match span.first() {
        Some(l) if l.ends_with("\r\n") => "\r\n",
        _ => "\n",
    };
    let old_lines: Vec<String> = span
        .iter()
        .map(|l| {
            if l.ends_with('\n') {
                (*l).to_owned()
            } else {
                format!("{l}{ending}")
            }
        })
        .collect();
    let new_lines: Vec<String> = rendered
        .split_inclusive('\n')
        .map(|l| format!("{}{ending}", l.trim_end_matches(['\n', '\r'])))
        .collect();
    // Lines compared as the slices they are (a lone CR is no line break
    // here, as it is none to `inject`).
    let old_lines: Vec<&str> = old_lines.iter().map(String::as_str).collect();
    let new_lines: Vec<&str> = new_lines.iter().map(String::as_str).collect();
    let diff = TextDiff::from_slices(&old_lines, &new_lines);
    let mut review = Vec::new();
    let mut padded: Vec<usize> = Vec::new();
    for op in diff.ops() {
        let (tag, olds, news) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        // A published line and a rendered one are the same row when they
        // name the same first cell (a sub-processor rendered elsewhere, or
        // not at all, is no change of its neighbour); lines that are no
        // table rows (headings, delimiters, blanks) pair in order.
        let mut unpaired: Vec<usize> = news.clone().collect();
        let mut lonely: Vec<usize> = Vec::new();
        for o in olds.clone() {
            let was = old_lines[o];
            let partner = unpaired.iter().position(|&n| key(new_lines[n]) == key(was));
            match partner.map(|at| unpaired.remove(at)) {
                Some(n) => pair(first + o, was, new_lines[n], &mut padded, &mut review),
                None => lonely.push(o),
            }
        }
        // As many published lines left as rendered ones: the same lines in
        // order, each rendered otherwise (a name the template escapes).
        if lonely.len() == unpaired.len() {
            for (o, n) in lonely.drain(..).zip(unpaired.drain(..)) {
                pair(
                    first + o,
                    old_lines[o],
                    new_lines[n],
                    &mut padded,
                    &mut review,
                );
            }
        }
        for o in lonely {
            review.push(Review::new(
                first + o,
                format!("{} is not rendered by the template", quoted(old_lines[o])),
            ));
        }
        for n in unpaired {
            // After the published line before it: where inject puts it.
            review.push(Review::new(
                first + olds.end,
                format!(
                    "the template renders {}, which the list does not have here",
                    quoted(new_lines[n])
                ),
            ));
        }
    }
    if let Some(&line) = padded.first() {
        review.push(Review::new(
            line,
            format!(
                "{} the same but for column padding or line endings ({} {})",
                if padded.len() == 1 {
                    "1 line is rendered".to_owned()
                } else {
                    format!("{} lines are rendered", padded.len())
                },
                if padded.len() == 1 { "line" } else { "lines" },
                ranges(&padded)
            ),
        ));
    }
    review.sort_by_key(|r| r.line);
    review
}

/// Published line `line` (`was`) and its rendering `now`: padding only, or
/// a change said.
fn pair(line: usize, was: &str, now: &str, padded: &mut Vec<usize>, review: &mut Vec<Review>) {
    if shape(was) == shape(now) {
        padded.push(line);
    } else {
        review.push(Review::new(
            line,
            format!("the template renders {} for {}", quoted(now), quoted(was)),
        ));
    }
}

/// A line in backticks, or "a blank line".
fn quoted(line: &str) -> String {
    if line.trim().is_empty() {
        "a blank line".to_owned()
    } else {
        format!("`{}`", line.trim())
    }
}

/// A table row's first cell, compared without blanks; `None` for a line
/// that is no table row (or a delimiter row).
fn key(line: &str) -> Option<String> {
    let trimmed = line.trim_ascii();
    if !trimmed.contains('|') {
        return None;
    }
    let cells = shape(line);
    // Delimiter rows pair with delimiter rows.
    if cells.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ')) {
        return Some("---".to_owned());
    }
    let cell = cells.split('|').next()?.to_owned();
    (!cell.is_empty()).then_some(cell)
}

/// A table row whatever its padding: each cell trimmed, its runs of ASCII
/// blanks one blank, a delimiter cell's dashes one, the outer pipes gone;
/// any other line trimmed. A non-breaking space, or a blank added after a
/// comma, is a change.
fn shape(line: &str) -> String {
    let trimmed = line.trim_ascii();
    if !trimmed.contains('|') {
        return trimmed
            .split_ascii_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
    }
    let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    inner
        .split('|')
        .map(|cell| {
            let cell = cell.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
            if !cell.is_empty() && cell.chars().all(|c| c == '-' || c == ':') {
                let mut out = String::new();
                for c in cell.chars() {
                    if !(c == '-' && out.ends_with('-')) {
                        out.push(c);
                    }
                }
                out
            } else {
                cell
            }
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// `3-5, 9` for lines 3, 4, 5 and 9 (sorted).
fn ranges(lines: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut start = lines[0];
    let mut end = start;
    for &line in &lines[1..] {
        if line == end + 1 {
            end = line;
            continue;
        }
        out.push(span(start, end));
        start = line;
        end = line;
    }
    out.push(span(start, end));
    out.join(", ")
}

fn span(start: usize, end: usize) -> String {
    if start == end {
        start.to_string()
    } else {
        format!("{start}-{end}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(review: &[Review]) -> Vec<String> {
        review
            .iter()
            .map(|r| format!("{}: {}", r.line, r.message))
            .collect()
    }

    #[test]
    fn an_exact_round_trip_has_nothing_to_say() {
        let published = "# Policy\n\n| A | B |\n|---|---|\n| x | y |\n\nAfter.\n";
        assert!(differences(published, (3, 5), "| A | B |\n|---|---|\n| x | y |\n").is_empty());
    }

    #[test]
    fn padding_changed_and_missing_lines_are_each_said_at_their_line() {
        let published = "intro\n| Name   | Place |\n|--------|-------|\n| Acme   | US    |\n| Beta   | DE    |\n| Gone   | FR    |\nend\n";
        let rendered =
            "| Name   | Place |\n| --- | --- |\n| Acme | United States |\n| Beta | DE |\n";
        assert_eq!(
            said(&differences(published, (2, 6), rendered)),
            [
                "3: 2 lines are rendered the same but for column padding or line endings (lines 3, 5)",
                "4: the template renders `| Acme | United States |` for `| Acme   | US    |`",
                "6: `| Gone   | FR    |` is not rendered by the template",
            ]
        );
    }

    #[test]
    fn a_rendered_line_the_list_lacks_is_said_where_it_would_go() {
        let published = "| A |\n|---|\n| x |\n";
        assert_eq!(
            said(&differences(
                published,
                (1, 3),
                "| A |\n|---|\n| x |\n| y |\n"
            )),
            ["4: the template renders `| y |`, which the list does not have here"]
        );
        // CRLF published, LF rendered: the same lines.
        assert!(differences("| A |\r\n|---|\r\n", (1, 2), "| A |\n|---|\n").is_empty());
    }
}
