//! Writes a synthetic registry: `cargo run --release --example generate -- DIR N [SEED]`.
//! DIR gets `registry/`, `docs/`; copy `templates/` and `schemas/` beside them to check it.

use std::process::ExitCode;

#[allow(clippy::print_stderr)] // a developer tool: its errors go to stderr
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(n)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: generate DIR N [SEED]");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    match subreg::synthetic::write(std::path::Path::new(dir), n, seed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
