//! The refusals of a template's characters: each a named struct that holds
//! its words, turned into a [`RenderError`] in one `From` impl.

use crate::diag::visible::{Refusal, describe};

use super::RenderError;

/// A character no template may hold raw anywhere, tags and comments
/// included ([`crate::diag::visible::is_forbidden_raw`]): a control
/// character, a direction control, a byte order mark after the start.
pub(super) struct RawCharacter<'a> {
    /// The template name, such as `subprocessors.md`.
    pub(super) template: &'a str,
    /// 1-based line and character column of the character.
    pub(super) at: (usize, usize),
    /// The character.
    pub(super) c: char,
}

impl From<RawCharacter<'_>> for RenderError {
    fn from(f: RawCharacter<'_>) -> Self {
        if f.c == '\r' {
            return RenderError {
                template: f.template.to_owned(),
                folder: None,
                line: Some(f.at.0),
                column: Some(f.at.1),
                message: "the template holds a lone CR (U+000D CARRIAGE RETURN), a line end \
                          no other line of the document has, which would be copied into every \
                          document it renders"
                    .to_owned(),
                hint: "save the template with LF (or CRLF) line ends".to_owned(),
            };
        }
        RenderError {
            template: f.template.to_owned(),
            folder: None,
            line: Some(f.at.0),
            column: Some(f.at.1),
            message: format!(
                "the template holds {}, an invisible or control character, which would be \
                 copied into every document it renders",
                describe(f.c)
            ),
            hint: "delete the character; write only visible text and blanks".to_owned(),
        }
    }
}

/// A character of the text a template writes into every document (its
/// literal text, a raw block, a string such as `{{join purposes ", "}}`'s
/// separator) that a registry value could not hold
/// ([`crate::diag::visible::refused_chars`]): a direction mark, a
/// zero-width or other format character, a line or paragraph separator, a
/// filler letter, U+034F, or a control character written as an escape.
pub(super) struct PublishedCharacter<'a> {
    /// The template name, such as `subprocessors.md`.
    pub(super) template: &'a str,
    /// 1-based line and character column: of the character itself, or of
    /// the tag whose string writes it as an escape (`"\u200B"`).
    pub(super) at: (usize, usize),
    /// The character.
    pub(super) c: char,
    /// Why it is refused.
    pub(super) why: Refusal,
    /// It is written as an escape in a string of a tag.
    pub(super) escaped: bool,
}

impl From<PublishedCharacter<'_>> for RenderError {
    fn from(f: PublishedCharacter<'_>) -> Self {
        let what = describe(f.c);
        let kind = match f.why {
            Refusal::Control => "a control character, which would reach the published document \
                                 and terminals raw"
                .to_owned(),
            Refusal::Direction => "a direction control, which makes the text around it read \
                                   differently from what it holds"
                .to_owned(),
            Refusal::Noncharacter => "a Unicode noncharacter, which stands for no text and \
                                      which an XML document may not hold"
                .to_owned(),
            Refusal::Invisible | Refusal::Tab => "an invisible character, which would be \
                                                  published raw: the document would differ from \
                                                  what it shows"
                .to_owned(),
        };
        let place = if f.escaped {
            "in a string of this tag"
        } else {
            "in its text"
        };
        let code = u32::from(f.c);
        let delete = if f.escaped {
            format!("delete the escape \\u{code:04X} from the string")
        } else {
            "delete the character".to_owned()
        };
        RenderError {
            template: f.template.to_owned(),
            folder: None,
            line: Some(f.at.0),
            column: Some(f.at.1),
            message: format!(
                "the template holds {what} {place}, {kind}; a template writes what a registry \
                 value may hold"
            ),
            hint: format!(
                "{delete}; a zero-width joiner or non-joiner is kept only between letters of a \
                 script that uses it (Arabic, Indic, ...) or between emoji"
            ),
        }
    }
}

/// A template that writes nothing: empty, or only blanks and comments.
/// Every region naming it would be emptied, the published list with it;
/// as a file in the templates folder it also hides the built-in template
/// of its name.
pub(super) struct EmptyTemplate<'a> {
    /// The template name, such as `subprocessors.md`.
    pub(super) template: &'a str,
}

impl From<EmptyTemplate<'_>> for RenderError {
    fn from(f: EmptyTemplate<'_>) -> Self {
        RenderError {
            template: f.template.to_owned(),
            folder: None,
            line: Some(1),
            column: Some(1),
            message: "the template writes nothing (it holds only blanks and comments), so every \
                      region that names it would be emptied"
                .to_owned(),
            hint: "write the template; if it was meant to keep the built-in template of its \
                   name, delete the file"
                .to_owned(),
        }
    }
}
