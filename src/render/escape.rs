//! Escape functions, one per output kind.
//!
//! Each one makes an arbitrary string inert in its output language, so a
//! template author who writes `{{name}}` is safe without thinking about it.

/// ASCII punctuation that [`markdown`] prefixes with a backslash.
///
/// Only characters with a meaning *inside a line* are listed, so ordinary text
/// such as `Amazon Web Services, Inc.` passes through unchanged:
///
/// - `\` would start an escape of its own;
/// - `` ` `` opens a code span; `*` and `_` emphasis; `~` strikethrough (GFM);
/// - `[` and `]` links and images (so `!` needs no escape);
/// - `<` raw HTML and autolinks (`>` alone starts nothing inline);
/// - `&` entity and numeric character references (`&amp;`, `&#60;`);
/// - `|` the GFM table cell delimiter;
/// - `$` inline math on GitHub and in pulldown-cmark's math extension;
/// - `{` and `}` so that `{{`, `}}` and `{%` never reach a Liquid pass
///   (Jekyll renders pages with front matter, as the privacy policy has):
///   `\{\{` holds no `{{`, and CommonMark turns `\{` back into `{`. A `%`
///   right after a `{` is escaped too (`\{\%`), since `\{%` still holds
///   `{%`; any other `%` (`100%`) is left alone.
pub const MARKDOWN_ESCAPED: &str = "\\`*_~[]<&|${}";

/// Escapes `value` for Markdown inline text, in particular a GFM table cell.
///
/// Every character of [`MARKDOWN_ESCAPED`] gets a CommonMark backslash escape,
/// and every line ending (CR, LF or CRLF) becomes one space, because a table
/// row must stay on one line. Everything else is copied unchanged: no HTML
/// entities are ever produced. Block syntax at the start of a line (`#`, `>`,
/// `- `) is not escaped: a value is never at the start of a line in a table.
pub fn markdown(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 8);
    let mut chars = value.chars().peekable();
    let mut previous = None;
    while let Some(c) = chars.next() {
        match c {
            '%' if previous == Some('{') => out.push_str("\\%"),
            '\r' => {
                // CRLF is one line ending, not two.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(' ');
            }
            '\n' => out.push(' '),
            c if MARKDOWN_ESCAPED.contains(c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        previous = Some(c);
    }
    out
}

/// Escapes `value` for HTML text and attribute values (quoted either way).
///
/// This is handlebars' own escape (`&`, `<`, `>`, `"`, `'`, `` ` ``, `=`),
/// applied once: `&` becomes `&amp;`, `&amp;` becomes `&amp;amp;`. Line
/// breaks become `&#10;` and `&#13;`, which a browser shows exactly as the
/// breaks themselves: a value stays on its template line, so it cannot
/// start a line that reads as a marker or a code fence.
pub fn html(value: &str) -> String {
    let escaped = handlebars::html_escape(value);
    if escaped.contains(['\n', '\r']) {
        escaped.replace('\r', "&#13;").replace('\n', "&#10;")
    } else {
        escaped
    }
}

/// Writes `value` as one CSV field (RFC 4180), through the csv crate:
/// quoted when it holds a comma, a double quote (doubled) or a line break
/// (and an empty value as `""`), as it is otherwise, so a reader reads the
/// value back unchanged and no value adds a cell or a row.
///
/// A field a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first)
/// is written as it is: the export is data, read back unchanged; import it
/// as text rather than opening it by double-click.
#[must_use]
pub fn csv(value: &str) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let written = writer
        .write_record([value])
        .and_then(|()| writer.flush().map_err(::csv::Error::from));
    let bytes = match (written, writer.into_inner()) {
        (Ok(()), Ok(bytes)) => bytes,
        // Writing to memory does not fail; should it, quote it whole.
        _ => return format!("\"{}\"", value.replace('"', "\"\"")),
    };
    let text = String::from_utf8_lossy(&bytes);
    text.strip_suffix('\n').unwrap_or(&text).to_owned()
}

/// Writes `value` as a JSON string literal, quotes included (RFC 8259,
/// through serde_json): `"`, `\` and control characters escaped, so a
/// template writes `"name": {{name}}` and any value stays one string.
#[must_use]
pub fn json(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "\"\"".to_owned())
}

/// Writes `value` as a YAML double-quoted scalar, quotes included: the JSON
/// string literal of [`json`] (one, YAML 1.2 §7.3.1), with every character
/// YAML does not print raw written as an escape too: DEL and the C1 controls
/// (outside `c-printable`, §5.1), U+FFFE and U+FFFF, and the line breaks of
/// YAML 1.1 (U+0085, U+2028, U+2029), which a 1.1 parser would fold.
#[must_use]
pub fn yaml(value: &str) -> String {
    let literal = json(value);
    let raw = |c: char| {
        matches!(
            c,
            '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' | '\u{2028}' | '\u{2029}'
        )
    };
    if !literal.contains(raw) {
        return literal;
    }
    let mut out = String::with_capacity(literal.len() + 8);
    for c in literal.chars() {
        if raw(c) {
            out.push_str(&format!("\\u{:04X}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// The characters [`rst`] escapes: reStructuredText's inline markup
/// (emphasis, literals, interpreted text, substitutions, references and
/// hyperlink targets), the colon (roles, field lists, `::` literal blocks)
/// and the backslash itself.
pub const RST_ESCAPED: &str = "\\`*_|<>[]:";

/// Escapes `value` for reStructuredText inline text (a paragraph, a list
/// item or a list-table cell): a backslash before every character of
/// [`RST_ESCAPED`] (reStructuredText Markup Specification, "Escaping
/// Mechanism": an escaped character is text), and every line ending as
/// one space, so a value starts no line of block markup.
#[must_use]
pub fn rst(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + value.len() / 8);
    // Block markup starts a value that starts a line or a cell (`.. include::`,
    // `- item`, `1. item`, `====`, `#. item`, `(a) item`): its first
    // character escaped, the value is text.
    if value.starts_with(|c: char| c.is_ascii_punctuation() || c.is_ascii_digit())
        && !value.starts_with(|c: char| RST_ESCAPED.contains(c))
    {
        out.push('\\');
    }
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(' ');
            }
            '\n' => out.push(' '),
            c if RST_ESCAPED.contains(c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// What a reader of rendered reStructuredText sees for the source line
/// `line`: every backslash escape undone. The inverse of [`rst`] on one
/// line.
#[must_use]
pub fn shown_rst(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// What a reader of the rendered Markdown sees for the source line
/// `line`: every backslash escape of ASCII punctuation undone (`\\<` is
/// `<`) and every character reference decoded ([`decode_references`]), as
/// CommonMark does. The inverse of [`markdown`] on one line.
#[must_use]
pub fn shown_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        match c {
            '\\' if after.starts_with(|n: char| n.is_ascii_punctuation()) => {
                let escaped = after.chars().next().unwrap_or('\\');
                out.push(escaped);
                rest = &after[escaped.len_utf8()..];
            }
            '&' => {
                let (decoded, used) = reference(rest);
                out.push_str(&decoded);
                rest = &rest[used..];
            }
            c => {
                out.push(c);
                rest = after;
            }
        }
    }
    out
}

/// What a reader of the rendered HTML sees for the source line `line`:
/// its character references decoded (the inverse of [`html`]).
#[must_use]
pub fn decode_references(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let (decoded, used) = reference(&rest[at..]);
        out.push_str(&decoded);
        rest = &rest[at + used..];
    }
    out.push_str(rest);
    out
}

/// The character reference at the start of `text` (which starts with `&`)
/// and the bytes it spans: a numeric one (`&#60;`, `&#x3C;`) or one of the
/// names HTML escaping writes and people type (`&lt;`, `&gt;`, `&amp;`,
/// `&quot;`, `&apos;`, `&nbsp;`); anything else is the `&` itself.
fn reference(text: &str) -> (String, usize) {
    let literal = ("&".to_owned(), 1);
    // The longest name is short: look no further (a line of `&` is linear).
    let Some((end, _)) = text.char_indices().take(34).find(|&(_, c)| c == ';') else {
        return literal;
    };
    let name = &text[1..end];
    let named = match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => None,
    };
    let numeric = || {
        let digits = name.strip_prefix('#')?;
        let code = match digits.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.len() <= 6 => u32::from_str_radix(hex, 16).ok()?,
            None if !digits.is_empty() && digits.len() <= 7 => digits.parse().ok()?,
            _ => return None,
        };
        char::from_u32(code).filter(|&c| c != '\0')
    };
    match named.or_else(numeric) {
        Some(c) => (c.to_string(), end + 1),
        None => literal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rst_values_write_no_block_or_inline_markup() {
        // Each read back as one paragraph of text by docutils 0.19.
        for (value, escaped) in [
            (".. include:: inc.txt", "\\.. include\\:\\: inc.txt"),
            ("- Evil", "\\- Evil"),
            ("1. Evil", "\\1. Evil"),
            ("=====", "\\====="),
            ("Amazon::", "Amazon\\:\\:"),
            ("(a) Evil", "\\(a) Evil"),
            (":Owner: Evil", "\\:Owner\\: Evil"),
            ("*x* `y` |z|", "\\*x\\* \\`y\\` \\|z\\|"),
            ("a\r\nb", "a b"),
            ("Plain GmbH", "Plain GmbH"),
        ] {
            assert_eq!(rst(value), escaped, "{value}");
            assert_eq!(
                shown_rst(&rst(value)),
                value.replace("\r\n", " "),
                "{value}"
            );
        }
    }

    #[test]
    fn ordinary_text_is_unchanged() {
        for s in [
            "Amazon Web Services, Inc.",
            "Issue management",
            "Atlassian Pty Ltd",
            "UpSmith Sdn. Bhd.",
            "Data hosting (EU) - 100% #1 > 2! \"quoted\" 'single' a=b: c; ^ @user",
            "Zürich AG — ünïcödé",
        ] {
            assert_eq!(markdown(s), s);
        }
    }

    #[test]
    fn each_inline_character_gets_one_backslash() {
        assert_eq!(markdown(r"\`*_~[]<&|${}"), r"\\\`\*\_\~\[\]\<\&\|\$\{\}");
        assert_eq!(markdown("A | B"), r"A \| B");
        assert_eq!(markdown(r"back\slash"), r"back\\slash");
        assert_eq!(markdown("&amp;"), r"\&amp;");
        assert_eq!(markdown("{{name}}"), r"\{\{name\}\}");
        // Found by tests/template_safety.rs: `\{%` would still open a Liquid tag.
        assert_eq!(markdown("{% include x %}"), r"\{\% include x %\}");
        assert_eq!(markdown("100% {x}"), r"100% \{x\}");
    }

    #[test]
    fn every_line_ending_becomes_one_space() {
        assert_eq!(markdown("a\nb"), "a b");
        assert_eq!(markdown("a\r\nb"), "a b");
        assert_eq!(markdown("a\rb"), "a b");
        assert_eq!(markdown("a\n\r\nb\r"), "a  b ");
    }

    #[test]
    fn markdown_never_produces_entities() {
        let out = markdown("<script>alert(1)</script> & \"x\" 'y'");
        assert_eq!(out, r#"\<script>alert(1)\</script> \& "x" 'y'"#);
        assert!(!out.contains("&lt;") && !out.contains("&quot;"));
    }

    #[test]
    fn what_a_reader_sees_undoes_the_escapes() {
        for value in [
            "<!-- subreg:stop -->",
            r"a \ b | c {{x}} {% y %} & &amp;",
            "<div><!-- subreg:end --></div>",
        ] {
            assert_eq!(shown_markdown(&markdown(value)), value);
            assert_eq!(decode_references(&html(value)), value);
        }
        assert_eq!(
            shown_markdown(r"\a &lt;&#33;-- &#x2D;&#x2d; &bogus; &"),
            r"\a <!-- -- &bogus; &"
        );
        assert_eq!(
            decode_references("&#0; &#x110000; &#99999999;"),
            "&#0; &#x110000; &#99999999;"
        );
    }

    #[test]
    fn html_escapes_once() {
        assert_eq!(html("A & B"), "A &amp; B");
        assert_eq!(html("&amp;"), "&amp;amp;");
        assert_eq!(html("<b>"), "&lt;b&gt;");
        assert_eq!(
            html("a\r\n```\n<!-- subreg:end -->"),
            "a&#13;&#10;&#x60;&#x60;&#x60;&#10;&lt;!-- subreg:end --&gt;"
        );
    }
}
