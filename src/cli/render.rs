//! `subreg render`: print one template rendered from the registry.

use std::path::Path;

use clap::Args;
use subreg::documents;
use subreg::render::Templates;

use super::{Exit, RegistryArgs, out};

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    registry: RegistryArgs,
    /// A template name from the templates folder (`subprocessors.md`), or a path to a `.hbs` file.
    #[arg(long, value_name = "NAME|PATH", default_value = "subprocessors.md")]
    template: String,
}

pub fn run(args: &RenderArgs) -> Exit {
    let session = match subreg::session::Session::open(&args.registry.registry) {
        Ok(session) => session,
        Err(message) => return Exit::Failed(message),
    };
    if session.registry.config.is_none()
        || session
            .diagnostics
            .iter()
            .any(|d| d.severity == subreg::diag::Severity::Error)
    {
        return Exit::Failed(format!(
            "the registry has errors; run `subreg check --registry {}` and fix them first",
            args.registry.registry.display()
        ));
    }
    let context = documents::context(&session.registry, args.registry.as_of());
    let explicit = Path::new(&args.template);
    let (templates, name) = if args.template.ends_with(".hbs") && explicit.is_file() {
        // A template given by path is the user's explicit choice, wherever it lives.
        let file_name = explicit
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = match std::fs::read_to_string(explicit) {
            Ok(text) => text,
            Err(e) => return Exit::Failed(format!("cannot read {}: {e}", explicit.display())),
        };
        let name = file_name.trim_end_matches(".hbs").to_owned();
        (
            Templates::new([(file_name, text)]).map_err(|e| e.to_string()),
            name,
        )
    } else {
        let templates =
            documents::load_templates(&args.registry.templates()).map_err(|e| e.to_string());
        (templates, args.template.clone())
    };
    let templates = match templates {
        Ok(t) => t,
        Err(message) => return Exit::Failed(message),
    };
    match templates.render(&name, &context) {
        Ok(text) => {
            out(&text);
            Exit::Clean
        }
        Err(e) => Exit::Failed(e.to_string()),
    }
}
