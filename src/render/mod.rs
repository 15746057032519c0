//! Renders the registry into documents with handlebars templates. Pure: the
//! caller reads the template files and builds the context.
//!
//! # Escaping
//!
//! Each template gets the escape of its output kind ([`OutputKind`], from its
//! file name) as the registry-wide escape function, so `{{name}}` is safe by
//! default and `{{{name}}}` is raw by the author's explicit choice:
//!
//! - Markdown (`*.md.hbs`): [`escape::markdown`], backslash escapes of
//!   [`escape::MARKDOWN_ESCAPED`] and line endings turned into spaces. A value
//!   cannot split a table cell or row, nor open emphasis, a link, code, raw
//!   HTML or an entity. No HTML entity is ever produced.
//! - HTML (`*.html.hbs`): [`escape::html`], once.
//! - anything else: no escape.
//!
//! The helpers `{{md x}}` and `{{html x}}` apply one escape exactly once in
//! any template (the template's own escape is not run again on top of the
//! same one). `{{join list ", "}}` joins plain values; its result is escaped
//! like any value.
//!
//! # Unknown fields
//!
//! Every field a template names must exist in the context, in every branch:
//! [`Templates::render`] first checks the whole template against the shape
//! of the context (see [`Templates::check`]), then renders with handlebars'
//! strict mode. A field that is present and `null` is known: it renders as
//! `""`, is false in `{{#if}}`, and `{{join}}` of it is `""`. A field that is
//! absent is unknown and an error, so the context should always contain every
//! field, `null` when unset.
//!
//! Value text is never evaluated: `{{name}}` in a value is output as text
//! (and in Markdown as `\{\{name\}\}`, so a Liquid pass does not see it).

mod check;
mod diags;
pub mod escape;
mod helpers;
mod literal;

use std::collections::BTreeMap;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::diag::visible;
use handlebars::template::Template;
use handlebars::{Handlebars, RenderErrorReason, TemplateErrorReason};
use serde_json::Value;

use check::Shape;

/// A render context, prepared once for every template rendered with it:
/// the registry's JSON (see [`crate::documents::context`]) and its shape.
///
/// handlebars would otherwise copy the JSON on every render, tens of
/// megabytes for a registry of 10,000 sub-processors.
pub struct RenderContext {
    data: handlebars::Context,
    shape: std::sync::OnceLock<Shape>,
}

impl From<Value> for RenderContext {
    fn from(value: Value) -> Self {
        Self {
            data: handlebars::Context::from(value),
            shape: std::sync::OnceLock::new(),
        }
    }
}

impl RenderContext {
    /// A context whose templates are checked against the shape of
    /// `prototype` (a context with every field set and every list holding
    /// an item) rather than of `data`, so that the check does not depend on
    /// which fields and lists the data happen to fill.
    #[must_use]
    pub fn with_shape_of(data: Value, prototype: &Value) -> Self {
        Self {
            data: handlebars::Context::from(data),
            shape: std::sync::OnceLock::from(Shape::of(prototype)),
        }
    }

    /// The JSON the templates see.
    #[must_use]
    pub fn value(&self) -> &Value {
        self.data.data()
    }

    fn shape(&self) -> &Shape {
        self.shape.get_or_init(|| Shape::of(self.value()))
    }
}

/// The compiled templates, one handlebars registry per template so that each
/// has the escape function of its own output kind.
pub struct Templates {
    entries: BTreeMap<String, Entry>,
    /// The folder the templates were loaded from, as shown, for errors.
    folder: Option<Box<str>>,
}

struct Entry {
    kind: OutputKind,
    registry: Handlebars<'static>,
}

/// What a template produces, from its file name: `*.md.hbs` is Markdown,
/// `*.html.hbs` (and `*.xml.hbs`) HTML, `*.csv.hbs` CSV, `*.json.hbs`
/// JSON, anything else plain text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutputKind {
    /// GFM Markdown: values get [`escape::markdown`].
    Markdown,
    /// HTML: values get [`escape::html`].
    Html,
    /// CSV (RFC 4180): each value one field, [`escape::csv`].
    Csv,
    /// JSON: each value a string literal, quotes included, [`escape::json`].
    Json,
    /// YAML: each value a double-quoted scalar, quotes included,
    /// [`escape::yaml`].
    Yaml,
    /// reStructuredText: values get [`escape::rst`].
    Rst,
    /// Anything else: values are written as they are.
    Text,
}

/// A template that cannot be compiled or rendered.
///
/// `Display` gives `FOLDER/NAME.hbs:LINE:COL: message` and, on a second
/// line, the hint; FOLDER is [`RenderError::folder`], by default `templates`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError {
    /// The template name, such as `subprocessors.md` (file name without `.hbs`).
    pub template: String,
    /// The folder the template was looked up in, as shown (`--templates
    /// DIR`); `None` for the registry's `templates/`.
    pub folder: Option<Box<str>>,
    /// 1-based line in the template source, when known.
    pub line: Option<usize>,
    /// 1-based column in the template source, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl Templates {
    /// Compiles `sources`: pairs of (file name such as `subprocessors.md.hbs`,
    /// template text). The name of a template is its file name without
    /// folders and without `.hbs`; its [`OutputKind`] comes from that name.
    ///
    /// # Errors
    ///
    /// A syntax error (with its line and column), an unknown helper, a helper
    /// used with the wrong number of parameters or as a block when it is not
    /// one (and the reverse), a partial or a decorator (not supported), an
    /// empty name, or two files with the same name; a character no template
    /// may hold raw (a control or direction character, a byte order mark
    /// after the start), or one in the text it writes into every document
    /// that a registry value could not hold (a direction mark, a zero-width
    /// or other invisible character, a line separator, a filler), at its
    /// line and column; a template that writes nothing (blanks and
    /// comments only), at 1:1.
    pub fn new<I: IntoIterator<Item = (String, String)>>(sources: I) -> Result<Self, RenderError> {
        let mut entries = BTreeMap::new();
        for (file, text) in sources {
            // A byte order mark an editor saved (or two, from files joined
            // together) is not template text: it would land in the middle
            // of the document.
            let text = text.trim_start_matches('\u{feff}').to_owned();
            let name = template_name(&file);
            if let Some(error) = hidden_character(&name, &text) {
                return Err(error);
            }
            if name.is_empty() {
                return Err(RenderError::new(
                    &file,
                    "a template needs a name",
                    "name the file like `subprocessors.md.hbs`",
                ));
            }
            if entries.contains_key(&name) {
                return Err(RenderError::new(
                    &name,
                    format!("two templates are named `{name}`"),
                    "rename one of the files: the name is the file name without `.hbs`",
                ));
            }
            let kind = OutputKind::from_name(&name);
            let template = compile(&name, &text)?;
            if writes_nothing(&template) {
                return Err(RenderError::from(diags::EmptyTemplate { template: &name }));
            }
            if let Some(error) = literal::published_character(&name, &text, &template) {
                return Err(error);
            }
            // With an unknown shape only helpers, arity and structure are checked;
            // fields are checked against each context in `render`.
            check::check(&template, kind, &Shape::Unknown)
                .map_err(|p| RenderError::at(&name, p))?;
            let mut registry = Handlebars::new();
            registry.set_strict_mode(true);
            registry.register_escape_fn(move |s| kind.escape(s));
            helpers::register(&mut registry, kind);
            registry.register_template(&name, template);
            entries.insert(name, Entry { kind, registry });
        }
        Ok(Templates {
            entries,
            folder: None,
        })
    }

    /// These templates, their errors naming `folder` (as shown, e.g.
    /// `policy/templates`) as the folder they are looked up in.
    #[must_use]
    pub fn in_folder(mut self, folder: String) -> Self {
        self.folder = Some(folder.into());
        self
    }

    /// `error` naming the folder these templates were loaded from.
    fn placed(&self, mut error: RenderError) -> RenderError {
        if error.folder.is_none() {
            error.folder.clone_from(&self.folder);
        }
        error
    }

    /// The template names, such as `subprocessors.md`, sorted.
    pub fn names(&self) -> Vec<String> {
        self.entries.keys().cloned().collect()
    }

    /// The output kind of template `name`, or `None` if there is no such template.
    pub fn kind(&self, name: &str) -> Option<OutputKind> {
        self.entries.get(strip_hbs(name)).map(|e| e.kind)
    }

    /// Renders template `name` (such as `subprocessors.md`) with `context`,
    /// after [`Templates::check`] against that same context.
    ///
    /// # Errors
    ///
    /// No template of that name; a field, in any branch, that the context does
    /// not have; or a failure while rendering (such as `{{join}}` of a list of
    /// objects). Errors carry the template name and, when known, line and column.
    pub fn render(&self, name: &str, context: &RenderContext) -> Result<String, RenderError> {
        let (name, entry) = self.entry(name).map_err(|e| self.placed(e))?;
        self.check_shape(name, entry, context.shape())
            .map_err(|e| self.placed(e))?;
        entry
            .registry
            .render_with_context(name, &context.data)
            .map_err(|e| self.placed(RenderError::from_handlebars(name, &e)))
    }

    /// Checks that every field template `name` names, in every branch
    /// (`{{else}}` and untaken `{{#if}}` branches included), exists in
    /// `prototype`, which has the shape of a context.
    ///
    /// A field counts as present if it is in any item of a list. The items of
    /// a list that is empty everywhere are not known, so paths below them
    /// are not checked: pass a prototype whose lists each have at least one
    /// fully populated item to check a template independently of the data.
    ///
    /// # Errors
    ///
    /// No template of that name, or the first unknown field in source order,
    /// with its line and a "did you mean" hint.
    pub fn check(&self, name: &str, prototype: &Value) -> Result<(), RenderError> {
        let (name, entry) = self.entry(name).map_err(|e| self.placed(e))?;
        self.check_shape(name, entry, &Shape::of(prototype))
            .map_err(|e| self.placed(e))
    }

    /// [`Templates::check`] of the template `name` in `entry` against `shape`.
    fn check_shape(&self, name: &str, entry: &Entry, shape: &Shape) -> Result<(), RenderError> {
        match entry.registry.get_template(name) {
            Some(template) => {
                check::check(template, entry.kind, shape).map_err(|p| RenderError::at(name, p))
            }
            None => Err(self.unknown(name)),
        }
    }

    fn entry<'a>(&'a self, name: &'a str) -> Result<(&'a str, &'a Entry), RenderError> {
        let name = strip_hbs(name);
        self.entries
            .get(name)
            .map(|e| (name, e))
            .ok_or_else(|| self.unknown(name))
    }

    fn unknown(&self, name: &str) -> RenderError {
        let hint = if self.entries.is_empty() {
            "no templates are loaded; add `templates/NAME.hbs`".to_owned()
        } else {
            format!("known templates: {}", self.names().join(", "))
        };
        RenderError::new(name, format!("no template named `{name}`"), hint)
    }
}

impl fmt::Debug for Templates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(n, e)| (n, e.kind)))
            .finish()
    }
}

impl OutputKind {
    /// The kind for a template or file name: `x.md.hbs`, `x.md` and
    /// `x.mdx` are Markdown (MDX 2 reads CommonMark's backslash escapes, and
    /// Markdown's escape covers `{`, `}` and `<`), `x.html.hbs`, `x.html`
    /// and `x.xml` HTML, `x.csv` CSV, `x.json` JSON, `x.yaml` and `x.yml`
    /// YAML, `x.rst` reStructuredText, anything else (`x.txt`) text.
    pub fn from_name(name: &str) -> OutputKind {
        let name = strip_hbs(name);
        match name.rsplit_once('.').map(|(_, ext)| ext) {
            Some(ext) if ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("mdx") => {
                OutputKind::Markdown
            }
            Some(ext) if ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml") => {
                OutputKind::Yaml
            }
            Some(ext) if ext.eq_ignore_ascii_case("rst") => OutputKind::Rst,
            // XML takes HTML's escape: `&amp;`, `&lt;`, `&gt;`, `&quot;` and
            // numeric references only, all of them XML's own.
            Some(ext) if ext.eq_ignore_ascii_case("html") || ext.eq_ignore_ascii_case("xml") => {
                OutputKind::Html
            }
            Some(ext) if ext.eq_ignore_ascii_case("csv") => OutputKind::Csv,
            Some(ext) if ext.eq_ignore_ascii_case("json") => OutputKind::Json,
            _ => OutputKind::Text,
        }
    }

    /// What a reader of the published document sees for the source line
    /// `line`, when that differs from it: Markdown with its backslash
    /// escapes and character references undone
    /// ([`escape::shown_markdown`]), HTML with its references decoded
    /// ([`escape::decode_references`]); `None` for text, or a line with
    /// nothing to undo.
    #[must_use]
    pub fn shown(self, line: &str) -> Option<String> {
        let shown = match self {
            OutputKind::Markdown if line.contains(['\\', '&']) => escape::shown_markdown(line),
            OutputKind::Html if line.contains('&') => escape::decode_references(line),
            OutputKind::Rst if line.contains('\\') => escape::shown_rst(line),
            _ => return None,
        };
        (shown != line).then_some(shown)
    }

    /// Whether text escaped for this kind stays inert written unescaped
    /// into a template of kind `template`, as `{{{md x}}}` writes it: only
    /// in its own kind, or in a text template, which escapes nothing.
    /// Markdown escaping leaves `<` and `&` to an HTML reader; HTML
    /// escaping leaves `|`, `*` and `[x](...)` live in Markdown (an HTML
    /// block in a Markdown document is a region of an HTML template).
    #[must_use]
    pub fn holds_in(self, template: OutputKind) -> bool {
        self == template || template == OutputKind::Text
    }

    /// The language's name in a sentence: `Markdown`, `HTML`, `text`.
    #[must_use]
    pub fn language(self) -> &'static str {
        match self {
            OutputKind::Markdown => "Markdown",
            OutputKind::Html => "HTML",
            OutputKind::Csv => "CSV",
            OutputKind::Json => "JSON",
            OutputKind::Yaml => "YAML",
            OutputKind::Rst => "reStructuredText",
            OutputKind::Text => "text",
        }
    }

    /// Every text a template of this kind can print for `value`, distinct,
    /// in this order: as it is (`{{{v}}}`), escaped (`{{v}}`), then through
    /// each escape helper, written unescaped (`{{{md v}}}`) and escaped
    /// again (`{{md v}}` in HTML). What the output check blames a value for
    /// is judged on all of them, so no way of printing it escapes blame.
    #[must_use]
    pub fn printings(self, value: &str) -> Vec<String> {
        let mut all = vec![value.to_owned(), self.escape(value)];
        for helper in [OutputKind::Markdown, OutputKind::Html] {
            let once = helper.escape(value);
            all.push(self.escape(&once));
            all.push(once);
        }
        let mut seen = std::collections::BTreeSet::new();
        all.retain(|p| seen.insert(p.clone()));
        all
    }

    /// What a value printed unescaped could make of output of this kind,
    /// in a sentence.
    #[must_use]
    pub fn live_markup(self) -> &'static str {
        match self {
            OutputKind::Markdown => "a value's `|` would add a table cell, and `[x](...)` a link",
            OutputKind::Html => "a value's `<` would become markup",
            OutputKind::Csv => "a value's `,` would add a cell, and a line break a row",
            OutputKind::Json => "a value's `\"` would end its string",
            OutputKind::Yaml => "a value's `: ` or `#` would change the document's structure",
            OutputKind::Rst => "a value's `*` would open emphasis, and `|` a substitution",
            OutputKind::Text => "nothing is escaped",
        }
    }

    /// `value` escaped for this kind of output.
    pub fn escape(self, value: &str) -> String {
        match self {
            OutputKind::Markdown => escape::markdown(value),
            OutputKind::Html => escape::html(value),
            OutputKind::Csv => escape::csv(value),
            OutputKind::Json => escape::json(value),
            OutputKind::Yaml => escape::yaml(value),
            OutputKind::Rst => escape::rst(value),
            // Nothing is escaped, but a CR (lone or in a CRLF) is written as
            // LF: a lone CR in a published file is a mixed line end.
            OutputKind::Text if value.contains('\r') => {
                value.replace("\r\n", "\n").replace('\r', "\n")
            }
            OutputKind::Text => value.to_owned(),
        }
    }
}

impl RenderError {
    /// The template's file as errors name it: `FOLDER/NAME.hbs`, FOLDER
    /// [`RenderError::folder`] or `templates`.
    #[must_use]
    pub fn file(&self) -> String {
        let folder = self.folder.as_deref().unwrap_or("templates");
        format!(
            "{}/{}.hbs",
            folder.trim_end_matches(['/', '\\']),
            self.template
        )
    }

    fn new(template: &str, message: impl Into<String>, hint: impl Into<String>) -> Self {
        RenderError {
            template: template.to_owned(),
            folder: None,
            line: None,
            column: None,
            message: message.into(),
            hint: hint.into(),
        }
    }

    fn at(template: &str, p: check::Problem) -> Self {
        RenderError {
            template: template.to_owned(),
            folder: None,
            line: p.line,
            column: p.column,
            message: p.message,
            hint: p.hint,
        }
    }

    fn from_handlebars(template: &str, e: &handlebars::RenderError) -> Self {
        let (message, hint) = match e.reason() {
            // Strict mode reports a null given to `#each` / `#with` the same way.
            RenderErrorReason::MissingVariable(path) => (
                format!(
                    "no value for `{}`: an unknown field, or null where `#each` / `#with` \
                     needs a value",
                    path.as_deref().unwrap_or("?")
                ),
                "every field a template names must be in the context for every item (null \
                 when unset); give an unset list as `[]`, or add an `{{else}}` to the block"
                    .to_owned(),
            ),
            other => (
                other.to_string(),
                "check the values and helper parameters used on this line".to_owned(),
            ),
        };
        RenderError {
            template: template.to_owned(),
            folder: None,
            line: e.line_no,
            column: e.column_no,
            message,
            hint,
        }
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n  = help: {}", self.hint)?;
        }
        Ok(())
    }
}

impl std::error::Error for RenderError {}

/// The template name for a file name: without folders and without `.hbs`.
fn template_name(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    strip_hbs(base).to_owned()
}

fn strip_hbs(name: &str) -> &str {
    name.strip_suffix(".hbs").unwrap_or(name)
}

/// A character no template may hold raw anywhere, its tags and comments
/// included (after its leading byte order marks, which are dropped): a
/// control character other than tab and line breaks, a bidi embedding,
/// override or isolate, a byte order mark. The rule of registry files.
fn hidden_character(name: &str, text: &str) -> Option<RenderError> {
    // A lone CR too: a line end that git shows as `^M` and a terminal
    // prints over the line.
    let (offset, c) = text.char_indices().find(|&(i, c)| {
        visible::is_forbidden_raw(i, c) || (c == '\r' && !text[i + 1..].starts_with('\n'))
    })?;
    Some(RenderError::from(diags::RawCharacter {
        template: name,
        at: literal::line_col(text, offset),
        c,
    }))
}

/// Whether a template is only blanks and comments: a file saved empty, or
/// an override of a built-in template whose text was cut away.
fn writes_nothing(template: &Template) -> bool {
    use handlebars::template::TemplateElement;
    template.elements.iter().all(|element| match element {
        TemplateElement::RawString(text) => text.trim().is_empty(),
        TemplateElement::Comment(_) => true,
        _ => false,
    })
}

fn compile(name: &str, text: &str) -> Result<Template, RenderError> {
    // The handlebars parser has `unwrap`s on paths its grammar should rule
    // out; a template is user input, so a panic there must become an error.
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        Template::compile_with_name(text, name.to_owned())
    }));
    match parsed {
        Ok(Ok(template)) => Ok(template),
        Ok(Err(e)) => {
            let hint = match e.reason() {
                TemplateErrorReason::MismatchingClosedHelper(open, _) => {
                    format!("close `{{{{#{open}}}}}` with `{{{{/{open}}}}}`")
                }
                _ => "check the `{{ }}` tags here: every `{{` needs `}}`, every `{{#x}}` a \
                      `{{/x}}`; write a literal `{{` as `\\{{`"
                    .to_owned(),
            };
            Err(RenderError {
                template: name.to_owned(),
                folder: None,
                line: e.pos().map(|p| p.0),
                column: e.pos().map(|p| p.1),
                message: format!("syntax error: {}", e.reason()),
                hint,
            })
        }
        Err(_) => Err(RenderError::new(
            name,
            "the handlebars parser failed on this template",
            "look for an unbalanced `{{`, `}}` or `{{/x}}`",
        )),
    }
}

#[cfg(test)]
mod tests;
