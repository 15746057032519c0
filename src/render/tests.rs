use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::{Value, json};

use super::*;

const MD: &str = include_str!("../../templates/subprocessors.md.hbs");
const HTML: &str = include_str!("../../templates/subprocessors.html.hbs");

/// A sub-processor with every field present, optional ones null, as the
/// context builder is expected to produce it.
fn sp(id: &str, name: &str, purposes: &[&str]) -> Value {
    json!({
        "id": id, "name": name, "country": "US", "purposes": purposes,
        "locations": ["US"], "website": null, "aliases": [], "data_categories": [],
        "added": "2023-11-08", "effective": null, "removed": null
    })
}

fn context(subprocessors: Vec<Value>) -> Value {
    json!({
        "organization": {"name": "UpSmith Sdn. Bhd.", "country": "MY", "role": "processor",
                         "aliases": ["UpSmith"]},
        "subprocessors": subprocessors
    })
}

fn seed() -> Value {
    context(vec![
        sp("atlassian", "Atlassian Pty Ltd", &["Issue management"]),
        sp("aws", "Amazon Web Services, Inc.", &["Data hosting"]),
    ])
}

fn shipped() -> Templates {
    Templates::new([
        ("subprocessors.md.hbs".to_owned(), MD.to_owned()),
        ("subprocessors.html.hbs".to_owned(), HTML.to_owned()),
    ])
    .expect("shipped templates compile")
}

fn one(file: &str, text: &str) -> Result<Templates, RenderError> {
    Templates::new([(file.to_owned(), text.to_owned())])
}

fn render_one(file: &str, text: &str, ctx: &Value) -> Result<String, RenderError> {
    let name = file.trim_end_matches(".hbs");
    one(file, text)?.render(name, &ctx.clone().into())
}

fn err(result: Result<String, RenderError>) -> RenderError {
    match result {
        Ok(out) => panic!("expected an error, rendered {out:?}"),
        Err(e) => e,
    }
}

// ---- the shipped Markdown template -------------------------------------

#[test]
fn markdown_table_is_exactly_the_published_one() {
    let out = shipped()
        .render("subprocessors.md", &seed().into())
        .expect("renders");
    assert_eq!(
        out,
        "| Third Party | Purpose |\n\
         | :--- | :--- |\n\
         | Atlassian Pty Ltd | Issue management |\n\
         | Amazon Web Services, Inc. | Data hosting |\n"
    );
}

#[test]
fn several_purposes_are_joined_with_comma_space() {
    let ctx = context(vec![sp(
        "aws",
        "AWS",
        &["Data hosting", "Backups", "E-mail"],
    )]);
    let out = shipped()
        .render("subprocessors.md", &ctx.clone().into())
        .expect("renders");
    assert_eq!(
        out.lines().nth(2),
        Some("| AWS | Data hosting, Backups, E-mail |")
    );
}

#[test]
fn empty_list_gives_the_header_only() {
    let out = shipped()
        .render("subprocessors.md", &context(vec![]).into())
        .expect("renders");
    assert_eq!(out, "| Third Party | Purpose |\n| :--- | :--- |\n");
}

const HOSTILE: &[&str] = &[
    "A | B",
    "line1\nline2",
    "crlf1\r\ncrlf2",
    "back\\slash",
    "<script>alert(1)</script>",
    "*not bold*",
    "{{name}}",
    "&amp;",
    "`code`",
    "[x](http://e)",
    "![img](http://e/i.png)",
    "<http://auto.link>",
    "_under_ __strong__",
    "~~struck~~",
    "$x^2$",
    "a|b|c \\| d",
    "trailing\\",
    "{% raw %}",
];

/// The rows of the first table in `markdown`: each cell's text, and whether
/// anything other than plain text (emphasis, code, a link, HTML) was parsed.
fn table_cells(markdown: &str) -> Vec<Vec<(String, bool)>> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_MATH;
    let mut rows: Vec<Vec<(String, bool)>> = Vec::new();
    let mut cell: Option<(String, bool)> = None;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::TableHead | Tag::TableRow) => rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => cell = Some((String::new(), false)),
            Event::End(TagEnd::TableCell) => {
                if let (Some(c), Some(row)) = (cell.take(), rows.last_mut()) {
                    row.push(c);
                }
            }
            Event::Text(t) => {
                if let Some(c) = cell.as_mut() {
                    c.0.push_str(&t);
                }
            }
            _ => {
                if let Some(c) = cell.as_mut() {
                    c.1 = true;
                }
            }
        }
    }
    rows
}

#[test]
fn hostile_values_stay_plain_text_in_their_own_cell() {
    let n = HOSTILE.len();
    let ctx = context(
        (0..n)
            .map(|i| sp(&format!("id{i:02}"), HOSTILE[i], &[HOSTILE[(i + 1) % n]]))
            .collect(),
    );
    let out = shipped()
        .render("subprocessors.md", &ctx.clone().into())
        .expect("renders");
    assert_eq!(out.lines().count(), n + 2, "one line per row:\n{out}");

    let rows = table_cells(&out);
    assert_eq!(rows.len(), n + 1, "header and {n} rows");
    assert_eq!(
        rows[0],
        vec![
            ("Third Party".to_owned(), false),
            ("Purpose".to_owned(), false)
        ]
    );
    for (i, row) in rows[1..].iter().enumerate() {
        let expect = |s: &str| s.replace("\r\n", " ").replace(['\r', '\n'], " ");
        assert_eq!(
            row,
            &vec![
                (expect(HOSTILE[i]), false),
                (expect(HOSTILE[(i + 1) % n]), false)
            ],
            "row {i} in:\n{out}"
        );
    }
}

#[test]
fn markdown_output_has_no_entities() {
    let ctx = context(
        HOSTILE
            .iter()
            .enumerate()
            .map(|(i, h)| sp(&format!("id{i:02}"), h, &["<b>\"q\" 'a'</b>"]))
            .collect(),
    );
    let out = shipped()
        .render("subprocessors.md", &ctx.clone().into())
        .expect("renders");
    // The only `&` is the one of the `&amp;` value, escaped as text.
    assert_eq!(out.matches('&').count(), 1, "{out}");
    assert!(out.contains("\\&amp;"), "{out}");
    for entity in ["&lt;", "&gt;", "&quot;", "&#"] {
        assert!(!out.contains(entity), "{entity} in {out}");
    }
}

#[test]
fn a_value_cannot_close_the_link_text_it_sits_in() {
    let name = "a](http://evil.example) [b";
    let t = "[{{name}}](https://example.com)\n";
    let out = render_one("t.md.hbs", t, &json!({ "name": name })).expect("renders");
    let mut links = Vec::new();
    let mut text = String::new();
    for event in Parser::new_ext(&out, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::Text(t) => text.push_str(&t),
            _ => {}
        }
    }
    assert_eq!(links, ["https://example.com"], "{out}");
    assert_eq!(text, name);
}

// ---- the shipped HTML template -----------------------------------------

#[test]
fn html_table_is_escaped_once() {
    let ctx = context(vec![
        sp("a", "A & B <Ltd>", &["R&D", "\"ops\""]),
        sp("b", "&amp;", &["x"]),
    ]);
    let out = shipped()
        .render("subprocessors.html", &ctx.clone().into())
        .expect("renders");
    assert_eq!(
        out,
        "<table>\n  <thead>\n    <tr><th>Third Party</th><th>Purpose</th></tr>\n  </thead>\n  \
         <tbody>\n    \
         <tr><td>A &amp; B &lt;Ltd&gt;</td><td>R&amp;D, &quot;ops&quot;</td></tr>\n    \
         <tr><td>&amp;amp;</td><td>x</td></tr>\n  </tbody>\n</table>\n"
    );
}

#[test]
fn html_seed_rows() {
    let out = shipped()
        .render("subprocessors.html", &seed().into())
        .expect("renders");
    assert!(out.contains("<tr><td>Atlassian Pty Ltd</td><td>Issue management</td></tr>"));
    assert!(out.contains("<tr><td>Amazon Web Services, Inc.</td><td>Data hosting</td></tr>"));
    assert!(!out.contains("&amp;"));
}

// ---- escaping rules and helpers ----------------------------------------

#[test]
fn escape_helpers_never_escape_twice() {
    let ctx = json!({"v": "*x* & <b>"});
    let md = |t: &str| render_one("t.md.hbs", t, &ctx).expect("renders");
    let html = |t: &str| render_one("t.html.hbs", t, &ctx).expect("renders");
    let text = |t: &str| render_one("t.txt.hbs", t, &ctx).expect("renders");

    assert_eq!(md("{{v}}"), r"\*x\* \& \<b>");
    assert_eq!(md("{{md v}}"), md("{{v}}"));
    assert_eq!(md("{{{md v}}}"), md("{{v}}"));
    assert_eq!(md("{{{v}}}"), "*x* & <b>");

    assert_eq!(html("{{v}}"), "*x* &amp; &lt;b&gt;");
    assert_eq!(html("{{html v}}"), html("{{v}}"));
    // Two languages, each escaped once: Markdown text inside HTML.
    assert_eq!(html("{{md v}}"), r"\*x\* \&amp; \&lt;b&gt;");

    assert_eq!(text("{{v}}"), "*x* & <b>");
    assert_eq!(text("{{md v}}"), r"\*x\* \& \<b>");
    assert_eq!(text("{{html v}}"), "*x* &amp; &lt;b&gt;");
}

/// `{{{ }}}` turns off the template's own escape; the escape helper inside
/// must then hold in the template's language alone. Markdown escaping in
/// HTML leaves `<` live, HTML escaping in Markdown leaves `|` and links
/// live, so both are refused where the template is compiled, before any
/// value reaches it; a helper of the template's own kind, or any in a
/// text template, stays allowed.
#[test]
fn an_unescaped_helper_must_hold_in_the_templates_language() {
    let e = one("t.html.hbs", "<td>\n  {{{md name}}}</td>").expect_err("md raw in HTML");
    assert_eq!((e.line, e.column), (Some(2), Some(3)), "{e}");
    assert_eq!(
        e.message,
        "`{{{md name}}}` writes Markdown escaping unescaped into HTML output, where it does \
         not protect: a value's `<` would become markup"
    );
    assert_eq!(
        e.hint,
        "write `{{md name}}` (the Markdown escape, then this template's) or `{{name}}`"
    );
    // In every branch, as the field check is.
    let e = one(
        "t.html.hbs",
        "{{#if x}}{{else}}{{#each l}}{{{md this}}}{{/each}}{{/if}}",
    )
    .expect_err("in an untaken branch");
    assert!(e.message.starts_with("`{{{md this}}}`"), "{e}");

    let e = one("t.md.hbs", "| {{{html name}}} |").expect_err("html raw in Markdown");
    assert_eq!((e.line, e.column), (Some(1), Some(3)), "{e}");
    assert_eq!(
        e.message,
        "`{{{html name}}}` writes HTML escaping unescaped into Markdown output, where it does \
         not protect: a value's `|` would add a table cell, and `[x](...)` a link"
    );

    let ctx = json!({"v": "<script>"});
    for (file, template, published) in [
        ("t.md.hbs", "{{{md v}}}", r"\<script>"),
        ("t.html.hbs", "{{{html v}}}", "&lt;script&gt;"),
        ("t.txt.hbs", "{{{md v}}}", r"\<script>"),
    ] {
        assert_eq!(
            render_one(file, template, &ctx).as_deref(),
            Ok(published),
            "{file}: {template}"
        );
    }
}

#[test]
fn template_syntax_in_values_is_never_evaluated() {
    let ctx = json!({"v": "{{v}} {{#each x}}{{/each}} {{> p}}"});
    assert_eq!(
        render_one("t.txt.hbs", "{{v}}", &ctx).expect("renders"),
        "{{v}} {{#each x}}{{/each}} {{> p}}"
    );
    assert_eq!(
        render_one("t.html.hbs", "{{v}}", &ctx).expect("renders"),
        "{{v}} {{#each x}}{{/each}} {{&gt; p}}"
    );
    assert_eq!(
        render_one("t.md.hbs", "{{v}}", &ctx).expect("renders"),
        r"\{\{v\}\} \{\{#each x\}\}\{\{/each\}\} \{\{> p\}\}"
    );
}

#[test]
fn join_handles_null_numbers_and_rejects_objects() {
    let t = "[{{join a}}][{{join b \" / \"}}][{{join c}}][{{join d}}]";
    let ctx = json!({"a": null, "b": ["x", null, 2, true], "c": "one", "d": []});
    assert_eq!(
        render_one("t.txt.hbs", t, &ctx).expect("renders"),
        "[][x / 2 / true][one][]"
    );
    let e = err(render_one(
        "t.txt.hbs",
        "{{join a}}",
        &json!({"a": [{"k": 1}]}),
    ));
    assert!(e.message.contains("plain values"), "{e}");
}

#[test]
fn null_fields_are_known_and_empty() {
    let t = "{{#each subprocessors}}[{{website}}|{{#if effective}}E{{else}}-{{/if}}|{{join aliases}}]{{/each}}";
    assert_eq!(
        render_one("t.txt.hbs", t, &seed()).expect("renders"),
        "[|-|][|-|]"
    );
}

#[test]
fn output_kind_comes_from_the_name() {
    assert_eq!(
        OutputKind::from_name("subprocessors.md.hbs"),
        OutputKind::Markdown
    );
    assert_eq!(
        OutputKind::from_name("subprocessors.md"),
        OutputKind::Markdown
    );
    assert_eq!(OutputKind::from_name("x.html.hbs"), OutputKind::Html);
    assert_eq!(OutputKind::from_name("x.txt.hbs"), OutputKind::Text);
    assert_eq!(OutputKind::from_name("md.hbs"), OutputKind::Text);
    assert_eq!(OutputKind::from_name("x.hbs"), OutputKind::Text);
    let t = shipped();
    assert_eq!(t.names(), ["subprocessors.html", "subprocessors.md"]);
    assert_eq!(t.kind("subprocessors.md"), Some(OutputKind::Markdown));
    assert_eq!(t.kind("subprocessors.html.hbs"), Some(OutputKind::Html));
}

// ---- strict mode: unknown fields in every branch -----------------------

/// What handlebars' strict mode alone does with `template`: the gaps the
/// static check closes.
fn handlebars_alone(template: &str, ctx: &Value) -> Result<String, handlebars::RenderError> {
    let mut h = Handlebars::new();
    h.set_strict_mode(true);
    h.render_template(template, ctx)
}

const EACH_ELSE: &str = "| Third Party | Purpose |\n\
                         {{#each subprocessors}}\n\
                         | {{name}} | {{join purposes}} |\n\
                         {{else}}\n\
                         | none | {{nmae}} |\n\
                         {{/each}}\n";

#[test]
fn handlebars_strict_mode_alone_misses_untaken_branches() {
    // Witnesses of the gaps the static check closes: all of these render.
    let mut ctx = seed();
    ctx["subprocessors"][1]["aliases"] = json!(["AWS"]);
    for t in [
        "{{#each subprocessors}}{{name}}{{else}}{{nmae}}{{/each}}",
        "{{#each subprocessors}}{{#if website}}{{webiste}}{{/if}}{{/each}}",
        "{{#if nope}}x{{/if}}",
        "{{#unless nope}}x{{/unless}}",
        "{{#each nope}}x{{else}}y{{/each}}",
        "{{#with nope}}x{{else}}y{{/with}}",
        "{{and nope true}}",
        // Atlassian has no alias, AWS has one: the shape knows aliases are text.
        "{{#each subprocessors.0.aliases}}{{this.nope}}{{/each}}",
    ] {
        assert!(handlebars_alone(t, &ctx).is_ok(), "{t}");
        let e = err(render_one("t.txt.hbs", t, &ctx));
        assert_eq!(e.line, Some(1), "{t}: {e}");
    }
}

#[test]
fn unknown_field_in_each_else_branch_is_an_error_with_its_line() {
    let e = err(render_one("subprocessors.md.hbs", EACH_ELSE, &seed()));
    assert_eq!(e.template, "subprocessors.md");
    assert_eq!((e.line, e.column), (Some(5), Some(10)));
    assert_eq!(e.message, "unknown field `nmae` in `nmae`");
    assert!(
        e.to_string()
            .starts_with("templates/subprocessors.md.hbs:5:10: unknown field `nmae`"),
        "{e}"
    );
}

#[test]
fn unknown_field_in_untaken_if_branch_is_an_error_with_its_line() {
    let t = "{{#each subprocessors}}\n\
             {{#if website}}\n\
             {{website}}\n\
             {{else}}\n\
             {{webiste}}\n\
             {{/if}}\n\
             {{/each}}\n";
    let e = err(render_one("t.md.hbs", t, &seed()));
    assert_eq!(e.line, Some(5));
    assert_eq!(e.hint, "did you mean `website`?");

    let t = "{{#if organization.name}}\nok\n{{else if organization.nmae}}\nno\n{{/if}}";
    let e = err(render_one("t.md.hbs", t, &seed()));
    assert!(e.message.contains("`organization.nmae`"), "{e}");
    // A chained `else if` has no position of its own: its block's line.
    assert_eq!(e.line, Some(1));
}

#[test]
fn unknown_fields_in_helper_arguments_and_conditions_are_errors() {
    let ctx = seed();
    for (t, field) in [
        (
            "{{#each subprocessors}}\n{{join purpose}}{{/each}}",
            "purpose",
        ),
        (
            "{{#each subprocessors}}\n{{#if (eq contry \"US\")}}x{{/if}}{{/each}}",
            "contry",
        ),
        ("\n{{#if organisation}}x{{/if}}", "organisation"),
        (
            "\n{{#each subprocesors}}x{{else}}none{{/each}}",
            "subprocesors",
        ),
        ("\n{{lookup organization \"nmae\"}}", "nmae"),
        ("\n{{md organization.nmae}}", "nmae"),
        (
            "\n{{#each subprocessors as |s|}}{{s.nmae}}{{/each}}",
            "nmae",
        ),
        ("\n{{#with organization}}{{nmae}}{{/with}}", "nmae"),
    ] {
        let e = err(render_one("t.md.hbs", t, &ctx));
        assert_eq!(e.line, Some(2), "{t}: {e}");
        assert!(e.message.contains(&format!("`{field}`")), "{t}: {e}");
    }
}

#[test]
fn paths_resolve_as_handlebars_resolves_them() {
    let t = "{{#each subprocessors as |s i|}}{{@index}}{{i}}{{#if @first}}F{{/if}}\
             {{s.name}}{{this.id}}{{../organization.name}}{{@root.organization.country}}\
             {{#each purposes}}{{@../index}}{{this}}{{../id}}{{/each}}\
             {{#with ../organization as |o|}}{{o.role}}{{name}}{{s.id}}{{@index}}{{/with}}{{/each}}\
             {{#each organization}}{{@key}}{{/each}}{{subprocessors.0.name}}{{len subprocessors}}";
    let one_sp = context(vec![sp("aws", "AWS", &["Hosting"])]);
    let out = render_one("t.txt.hbs", t, &one_sp).expect("renders");
    assert_eq!(
        out,
        "00FAWSawsUpSmith Sdn. Bhd.MY0Hostingawsprocessor\
         UpSmith Sdn. Bhd.aws0namecountryrolealiasesAWS1"
    );
    for (t, needle) in [
        ("{{@index}}", "@index"),
        ("{{#each subprocessors}}{{@key}}{{/each}}", "@key"),
        (
            "{{#each subprocessors}}{{../../name}}{{/each}}",
            "../../name",
        ),
        ("{{organization.name.first}}", "organization.name.first"),
        ("{{subprocessors.first}}", "subprocessors.first"),
        ("{{#each organization.name}}x{{/each}}", "organization.name"),
    ] {
        let e = err(render_one("t.txt.hbs", t, &one_sp));
        assert!(e.message.contains(needle), "{t}: {e}");
    }
}

#[test]
fn a_field_absent_from_one_item_fails_when_that_item_renders() {
    let mut bare = sp("b", "B", &["x"]);
    if let Some(o) = bare.as_object_mut() {
        o.remove("website");
    }
    let ctx = context(vec![sp("a", "A", &["x"]), bare]);
    let e = err(render_one(
        "t.txt.hbs",
        "{{#each subprocessors}}\n{{website}}{{/each}}",
        &ctx,
    ));
    assert_eq!(e.line, Some(2));
    assert!(e.message.contains("website"), "{e}");
}

#[test]
fn each_over_null_needs_an_else() {
    // Null everywhere: known statically.
    let t = "{{#each subprocessors}}\n{{#each effective}}x{{/each}}{{/each}}";
    let e = err(render_one("t.txt.hbs", t, &seed()));
    assert_eq!(e.line, Some(2));
    assert!(e.message.contains("which is null"), "{e}");
    // Null in one item only: handlebars' strict mode stops at that item.
    let mut ctx = seed();
    ctx["subprocessors"][0]["data_categories"] = json!(null);
    ctx["subprocessors"][1]["data_categories"] = json!(["account data"]);
    let t = "{{#each subprocessors}}\n[{{#each data_categories}}{{this}}{{/each}}]{{/each}}";
    let e = err(render_one("t.txt.hbs", t, &ctx));
    assert_eq!(e.line, Some(2));
    assert!(
        e.message.starts_with("no value for `data_categories`"),
        "{e}"
    );
    let t = "{{#each subprocessors}}[{{#each data_categories}}{{this}}{{else}}-{{/each}}]{{/each}}";
    assert_eq!(
        render_one("t.txt.hbs", t, &ctx).expect("renders"),
        "[-][account data]"
    );
}

#[test]
fn check_with_a_prototype_covers_lists_that_are_empty_today() {
    let t = "{{#each subprocessors}}| {{nmae}} |\n{{/each}}";
    let templates = one("t.md.hbs", t).expect("compiles");
    // No item, so nothing to check below the list, and nothing rendered.
    assert_eq!(
        templates
            .render("t.md", &context(vec![]).into())
            .expect("renders"),
        ""
    );
    let e = templates
        .check("t.md", &seed())
        .expect_err("the prototype has items");
    assert_eq!(e.hint, "did you mean `name`?");
}

// ---- compile errors -----------------------------------------------------

#[test]
fn syntax_error_has_its_line() {
    let e = one(
        "subprocessors.md.hbs",
        "| a |\n| b |\n{{#each subprocessors}}\n{{name}\n{{/each}}\n",
    )
    .expect_err("syntax error");
    assert_eq!(e.template, "subprocessors.md");
    assert_eq!(e.line, Some(4));
    assert!(e.message.starts_with("syntax error"), "{e}");

    let e = one("t.md.hbs", "{{#if organization}}\nx\n{{/each}}").expect_err("mismatch");
    assert_eq!(e.line, Some(3));
    assert_eq!(e.hint, "close `{{#if}}` with `{{/if}}`");
}

#[test]
fn unknown_helpers_partials_and_misused_blocks_fail_at_compile_time() {
    for (t, line, needle) in [
        ("x\n{{joinn purposes}}", 2, "unknown helper `joinn`"),
        (
            "x\n\n{{#sort subprocessors}}{{/sort}}",
            3,
            "unknown helper `sort`",
        ),
        ("{{> header}}", 1, "partials"),
        ("{{#*inline \"p\"}}x{{/inline}}", 1, "decorators"),
        ("{{#join purposes}}x{{/join}}", 1, "not a block helper"),
        ("{{each subprocessors}}", 1, "is a block helper"),
        ("{{join}}", 1, "takes 1 to 2 parameter(s), got 0"),
        ("{{#if (md name)}}x{{/if}}", 1, "inside `( )`"),
    ] {
        let e = one("t.md.hbs", t).expect_err(t);
        assert_eq!(e.line, Some(line), "{t}: {e}");
        assert!(e.message.contains(needle), "{t}: {e}");
    }
    let e = one("t.md.hbs", "{{joinn x}}").expect_err("unknown helper");
    assert_eq!(e.hint, "did you mean `join`?");
}

#[test]
fn unknown_template_name_is_an_error() {
    let e = shipped()
        .render("subprocessor.md", &seed().into())
        .expect_err("no such template");
    assert_eq!(e.template, "subprocessor.md");
    assert_eq!(e.line, None);
    assert_eq!(
        e.hint,
        "known templates: subprocessors.html, subprocessors.md"
    );
    assert_eq!(
        e.to_string(),
        "templates/subprocessor.md.hbs: no template named `subprocessor.md`\n  \
         = help: known templates: subprocessors.html, subprocessors.md"
    );
}

#[test]
fn duplicate_and_empty_names_are_errors() {
    let e = Templates::new([
        ("a/t.md.hbs".to_owned(), "x".to_owned()),
        ("b/t.md.hbs".to_owned(), "x".to_owned()),
    ])
    .expect_err("duplicate");
    assert!(e.message.contains("two templates"), "{e}");
    assert!(one(".hbs", "x").is_err());
}

#[test]
fn a_template_that_writes_nothing_is_refused_at_its_start() {
    for text in [
        "",
        "\u{feff}",
        " \n\t\n",
        "{{!-- cut --}}\n",
        "{{! x }}  {{!-- y --}}",
    ] {
        let e = one("subprocessors.md.hbs", text).expect_err(text);
        assert_eq!(
            (e.template.as_str(), e.line, e.column, e.message.as_str()),
            (
                "subprocessors.md",
                Some(1),
                Some(1),
                "the template writes nothing (it holds only blanks and comments), so every \
                 region that names it would be emptied"
            ),
            "{text:?}"
        );
    }
    // One character of text, or one tag, is a template.
    assert!(one("t.md.hbs", "{{!-- c --}}-").is_ok());
    assert!(one("t.md.hbs", "{{organization.name}}").is_ok());
}

#[test]
fn no_input_panics() {
    let mut sources: Vec<String> = [
        "{{",
        "}}",
        "{{{",
        "{{/each}}",
        "{{#each}}",
        "{{else}}",
        "{{#if}}{{else}}",
        "{{^}}",
        "{{{{raw}}}}",
        "{{{{raw}}}}{{x}}",
        "{{> }}",
        "{{#> p}}x{{/p}}",
        "{{#*inline}}",
        "{{(a)}}",
        "{{#if (a)}}x{{/if}}",
        "{{lookup}}",
        "{{lookup a b}}",
        "\\{{",
        "{{!",
        "{{!--",
        "{{else if}}",
        "{{#if a}}{{else if}}{{/if}}",
        "{{~else~}}",
        "{{#each a as ||}}{{/each}}",
        "{{a.[}}",
        "{{a.[b]}}",
        "{{@../../x}}",
        "{{../}}",
        "{{.}}",
        "{{this/..}}",
        "{{@}}",
        "{{#with}}{{/with}}",
        "{{#if a}}{{#each b}}{{/if}}{{/each}}",
        "{{'x'}}",
        "{{1}}",
        "{{#each 1}}x{{/each}}",
        "{{join \"a\"}}",
        "{{md (join a)}}",
        "{{len}}",
        "{{log}}",
        "\u{0}{{\u{0}}}",
        "{{é}}",
        "{{a=b}}",
        "{{#if a=b}}x{{/if}}",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    for t in [MD, HTML, EACH_ELSE] {
        sources.extend(
            (0..=t.len())
                .filter(|i| t.is_char_boundary(*i))
                .map(|i| t[..i].to_owned()),
        );
    }
    let contexts = [
        seed(),
        json!(null),
        json!([1, 2]),
        json!("s"),
        json!({"a": {"b": [null]}}),
    ];
    for (i, t) in sources.iter().enumerate() {
        if let Ok(templates) = one(&format!("t{i}.md.hbs"), t) {
            for ctx in &contexts {
                let _ = templates.render(&format!("t{i}.md"), &ctx.clone().into());
            }
        }
    }
}

// ---- value helpers ---------------------------------------------------------

#[test]
fn long_date_writes_the_forms_real_lists_print() -> Result<(), RenderError> {
    let ctx = json!({"d": "2023-11-08", "n": null, "bad": "8 Nov 2023"});
    let out = render_one(
        "t.md.hbs",
        "{{long_date d}}|{{long_date d \"long\"}}|{{long_date n}}|{{long_date \"2024-02-29\" \"short\"}}|{{long_date d \"day-first\"}}",
        &ctx,
    )?;
    assert_eq!(
        out,
        "Nov 8, 2023|November 8, 2023||Feb 29, 2024|8 November 2023"
    );
    let e = err(render_one("t.md.hbs", "{{long_date bad}}", &ctx));
    assert!(
        e.to_string()
            .contains("`long_date` takes a calendar date (YYYY-MM-DD), not `8 Nov 2023`"),
        "{e}"
    );
    // A number or a date-time is no calendar date.
    for bad in [
        "{{long_date 20240105}}",
        "{{long_date \"2024-01-05T00:00:00\"}}",
        "{{long_date \"2024-1-5\"}}",
    ] {
        let e = err(render_one("t.md.hbs", bad, &ctx));
        assert!(
            e.to_string()
                .contains("`long_date` takes a calendar date (YYYY-MM-DD)"),
            "{bad}: {e}"
        );
    }
    let e = err(render_one("t.md.hbs", "{{long_date d \"de\"}}", &ctx));
    assert!(e.to_string().contains("`long_date` styles are"), "{e}");
    Ok(())
}

#[test]
fn country_name_names_iso_codes_and_gives_back_anything_else() -> Result<(), RenderError> {
    let ctx = json!({"c": "DE", "n": null});
    let out = render_one(
        "t.md.hbs",
        "{{country_name c}}|{{country_name \"EU\"}}|{{country_name \"de\"}}|{{country_name n}}|{{country_name \"aws:eu-central-1\"}}",
        &ctx,
    )?;
    assert_eq!(out, "Germany|EU|de||aws:eu-central-1");
    Ok(())
}
