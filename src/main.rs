//! The `subreg` command line. All printing, exiting and clock reading
//! happens here, at the edge of the program.

mod cli;

// Loading a registry allocates and frees many small values (parsed tables,
// their JSON form, diagnostics) from two threads; glibc's allocator spent a
// fifth of a large check in malloc and free (profiled with perf).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
