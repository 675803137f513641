//! The `sphere` command-line tool. See `sphere --help`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
