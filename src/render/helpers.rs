//! The helpers subreg registers on top of handlebars' built-ins, and the
//! table of every helper name the static check accepts.

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, JsonRender, Output, PathAndJson,
    RenderContext, RenderError as HbError, RenderErrorReason, ScopedJson,
};
use serde_json::Value;

use super::OutputKind;

/// What a helper does with its block, which decides how the static check
/// walks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// `#if`, `#unless`: body and `else` in the current scope.
    Conditional,
    /// `#each`: body once per item, `else` in the current scope.
    Iterate,
    /// `#with`: body with the parameter as scope, `else` in the current scope.
    Scope,
    /// `{{{{raw}}}}`: the body is text, never evaluated.
    Raw,
    /// An inline helper whose result can also feed another helper.
    Value,
    /// An escape helper: writes its output, escaped for this kind, directly,
    /// so not in a subexpression.
    Escape(OutputKind),
}

/// A helper name with its role and the number of positional parameters.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Spec {
    pub(crate) name: &'static str,
    pub(crate) role: Role,
    pub(crate) min: usize,
    pub(crate) max: Option<usize>,
}

const fn spec(name: &'static str, role: Role, min: usize, max: Option<usize>) -> Spec {
    Spec {
        name,
        role,
        min,
        max,
    }
}

/// Every helper a subreg template may call: handlebars' built-ins (without
/// the `inline` decorator and partials, which the check rejects) and ours.
pub(crate) const HELPERS: &[Spec] = &[
    spec("if", Role::Conditional, 1, Some(1)),
    spec("unless", Role::Conditional, 1, Some(1)),
    spec("each", Role::Iterate, 1, Some(1)),
    spec("with", Role::Scope, 1, Some(1)),
    spec("raw", Role::Raw, 0, None),
    spec("lookup", Role::Value, 2, Some(2)),
    spec("log", Role::Value, 0, None),
    spec("eq", Role::Value, 2, Some(2)),
    spec("ne", Role::Value, 2, Some(2)),
    spec("gt", Role::Value, 2, Some(2)),
    spec("gte", Role::Value, 2, Some(2)),
    spec("lt", Role::Value, 2, Some(2)),
    spec("lte", Role::Value, 2, Some(2)),
    spec("and", Role::Value, 1, None),
    spec("or", Role::Value, 1, None),
    spec("not", Role::Value, 1, Some(1)),
    spec("len", Role::Value, 1, Some(1)),
    spec("join", Role::Value, 1, Some(2)),
    spec("country_name", Role::Value, 1, Some(1)),
    spec("long_date", Role::Value, 1, Some(2)),
    spec("md", Role::Escape(OutputKind::Markdown), 1, Some(1)),
    spec("html", Role::Escape(OutputKind::Html), 1, Some(1)),
];

/// The spec of helper `name`, if there is one.
pub(crate) fn find(name: &str) -> Option<&'static Spec> {
    HELPERS.iter().find(|s| s.name == name)
}

/// Registers `join`, `md` and `html` on a registry for templates of `kind`.
pub(crate) fn register(registry: &mut Handlebars<'static>, kind: OutputKind) {
    registry.register_helper("join", Box::new(Join));
    registry.register_helper("country_name", Box::new(CountryName));
    registry.register_helper("long_date", Box::new(LongDate));
    registry.register_helper(
        "md",
        Box::new(Escape {
            name: "md",
            own: OutputKind::Markdown,
            template: kind,
        }),
    );
    registry.register_helper(
        "html",
        Box::new(Escape {
            name: "html",
            own: OutputKind::Html,
            template: kind,
        }),
    );
}

/// `{{join list [separator]}}`: the items of `list` joined with `separator`
/// (default `", "`). Null items are skipped (null means unset); a null list
/// gives `""`; a single plain value is a list of one. The result goes through
/// the template's escape like any value, so it is escaped once.
struct Join;

impl HelperDef for Join {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, HbError> {
        let list = first_param(h, "join")?;
        let separator = match h.param(1).map(|p| p.value()) {
            None => ", ".to_owned(),
            Some(Value::String(s)) => s.clone(),
            Some(_) => {
                return Err(RenderErrorReason::ParamTypeMismatchForName(
                    "join",
                    "separator".to_owned(),
                    "string".to_owned(),
                )
                .into());
            }
        };
        let items = match list.value() {
            Value::Array(items) => items
                .iter()
                .filter(|v| !v.is_null())
                .map(|v| plain(v, "join"))
                .collect::<Result<Vec<_>, _>>()?,
            Value::Null => Vec::new(),
            other => vec![plain(other, "join")?],
        };
        Ok(ScopedJson::Derived(Value::String(items.join(&separator))))
    }
}

/// `{{country_name code}}`: the English short name of an ISO 3166-1
/// alpha-2 code (`{{country_name "DE"}}` is `Germany`, from the `isocountry`
/// crate's ISO table); any other value (an area such as `EU`, a cloud
/// region) is given back as written, and null is `""`.
struct CountryName;

impl HelperDef for CountryName {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, HbError> {
        let param = first_param(h, "country_name")?;
        let code = plain(param.value(), "country_name")?;
        let iso = code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase());
        let name = iso
            .then(|| isocountry::CountryCode::for_alpha2(&code).ok())
            .flatten()
            .map_or(code, |c| c.name().to_owned());
        Ok(ScopedJson::Derived(Value::String(name)))
    }
}

/// `{{long_date day [style]}}`: a calendar date (`2023-11-08`) in the
/// English forms real lists print: `Nov 8, 2023` (style `"short"`, the
/// default), `November 8, 2023` (`"long"`) or `8 November 2023`
/// (`"day-first"`, as British and European lists write it); null is `""`, and text that
/// is no date, or another style, is an error naming it.
struct LongDate;

impl HelperDef for LongDate {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, HbError> {
        let param = first_param(h, "long_date")?;
        if param.value().is_null() {
            return Ok(ScopedJson::Derived(Value::String(String::new())));
        }
        // Only text of the form YYYY-MM-DD: a number (`order`) or a
        // date-time is no calendar date, whatever a parser makes of it.
        let text = plain(param.value(), "long_date")?;
        let shaped = param.value().is_string()
            && text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        let day: jiff::civil::Date =
            shaped.then(|| text.parse().ok()).flatten().ok_or_else(|| {
                RenderErrorReason::Other(format!(
                    "`long_date` takes a calendar date (YYYY-MM-DD), not `{text}`"
                ))
            })?;
        let format = match h.param(1).map(|p| p.value()) {
            None => "%b %-d, %Y",
            Some(Value::String(style)) if style == "short" => "%b %-d, %Y",
            Some(Value::String(style)) if style == "long" => "%B %-d, %Y",
            Some(Value::String(style)) if style == "day-first" => "%-d %B %Y",
            Some(other) => {
                return Err(RenderErrorReason::Other(format!(
                    "`long_date` styles are \"short\" (Nov 8, 2023), \"long\" (November 8, 2023) and \"day-first\" (8 November 2023), not {other}"
                ))
                .into());
            }
        };
        Ok(ScopedJson::Derived(Value::String(
            day.strftime(format).to_string(),
        )))
    }
}

/// `{{md value}}` and `{{html value}}`: apply one language's escape exactly
/// once, whatever the template kind.
///
/// The helper writes its output itself, so the template's escape does not
/// run a second time on it. When the template is of another kind (`md` in an
/// HTML template), that kind's escape still runs on top: each layer is
/// escaped once and the output stays safe for the file it lands in. Inside
/// `{{{ }}}` only the helper's own escape runs, as the author asked; the
/// static check refuses the pairs where that escape does not hold
/// (`{{{md x}}}` in HTML, see [`OutputKind::holds_in`]).
struct Escape {
    name: &'static str,
    own: OutputKind,
    template: OutputKind,
}

impl HelperDef for Escape {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        _: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        let param = first_param(h, self.name)?;
        let once = self.own.escape(&plain(param.value(), self.name)?);
        let written = if self.own == self.template || rc.is_disable_escape() {
            once
        } else {
            self.template.escape(&once)
        };
        out.write(&written)?;
        Ok(())
    }
}

/// A helper's first parameter, which must be there and, in strict mode,
/// name a field the context has.
fn first_param<'a, 'rc>(
    h: &'a Helper<'rc>,
    helper: &'static str,
) -> Result<&'a PathAndJson<'rc>, HbError> {
    let param = h
        .param(0)
        .ok_or(RenderErrorReason::ParamNotFoundForIndex(helper, 0))?;
    if param.is_value_missing() {
        return Err(HbError::strict_error(param.relative_path()));
    }
    Ok(param)
}

/// The text of a plain value (null is `""`); lists and objects are errors
/// because their rendering (`[object]`) is never what the author meant.
fn plain(value: &Value, helper: &'static str) -> Result<String, HbError> {
    match value {
        Value::Array(_) | Value::Object(_) => Err(RenderErrorReason::Other(format!(
            "`{helper}` takes plain values (text, numbers, true/false), not a list or an object"
        ))
        .into()),
        other => Ok(other.render()),
    }
}
