//! The `subreg` command line. All printing, exiting and clock reading
//! happens here, at the edge of the program.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
