//! `subreg render`: print one template rendered from the registry.

use std::path::Path;

use clap::Args;
use subreg::documents;
use subreg::render::{RenderError, Templates};

use super::{Exit, Failure, RegistryArgs, out};

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    registry: RegistryArgs,
    /// A template name from the templates folder (`subprocessors.md`), or a path to a `.hbs` file (with a `/`: `./mine.md.hbs`).
    #[arg(long, value_name = "NAME|PATH", default_value = "subprocessors.md")]
    template: String,
}

pub fn run(args: &RenderArgs) -> Exit {
    let session = match subreg::session::Session::open(&args.registry.registry) {
        Ok(session) => session,
        Err(e) => return Exit::Failed(e.into()),
    };
    if session.registry.config.is_none()
        || session
            .diagnostics
            .iter()
            .any(|d| d.severity == subreg::diag::Severity::Error)
    {
        return Exit::Failed(Failure::RegistryInvalid {
            registry: args.registry.registry.clone(),
        });
    }
    let context = documents::context(&session.registry, &session.knowledge, args.registry.as_of());
    let explicit = Path::new(&args.template);
    // A path only when written as one: a bare `NAME.hbs` that happens to
    // exist in the working folder (a committed link, say) is not read.
    let by_path = explicit.components().count() > 1;
    if by_path && !args.template.ends_with(".hbs") {
        return Exit::Failed(Failure::TemplatePathNotHbs {
            path: explicit.to_path_buf(),
        });
    }
    // Errors name the template as `templates/NAME.hbs`; one given by path is
    // named by that path instead.
    let describe = |e: RenderError| Failure::render(e, by_path.then(|| explicit.to_path_buf()));
    let (templates, name) = if by_path {
        // A template given by path is the user's explicit choice, wherever it lives.
        let file_name = explicit
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = match documents::read_template(explicit) {
            Ok(text) => text,
            Err(e) => return Exit::Failed(e.into()),
        };
        let name = file_name.trim_end_matches(".hbs").to_owned();
        (Templates::new([(file_name, text)]).map_err(describe), name)
    } else {
        let templates = args
            .registry
            .templates(&session.registry.repository)
            .and_then(|dir| documents::load_templates(&dir).map_err(Failure::from));
        (templates, args.template.clone())
    };
    let templates = match templates {
        Ok(t) => t,
        Err(failure) => return Exit::Failed(failure),
    };
    match templates.render(&name, &context) {
        Ok(text) => {
            out(&text);
            Exit::Clean
        }
        Err(e) => Exit::Failed(describe(e)),
    }
}
