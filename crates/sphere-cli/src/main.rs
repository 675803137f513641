//! The `sphere` command-line tool. See `sphere --help`.

// Every `print!`/`println!` of this binary goes through `cli::out`, which stops quietly when
// the reader has gone (`sphere person list | head`) instead of panicking on a broken pipe.
macro_rules! println {
    () => { $crate::cli::out::write(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::cli::out::write(format_args!("{}\n", format_args!($($arg)*))) };
}
macro_rules! print {
    ($($arg:tt)*) => { $crate::cli::out::write(format_args!($($arg)*)) };
}

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
