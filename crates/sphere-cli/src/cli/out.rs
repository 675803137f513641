//! Standard output that outlives its reader. `sphere person list | head` closes the pipe
//! after ten lines; Rust's `println!` would then panic ("failed printing to stdout: Broken
//! pipe"). Here the first failed write marks stdout as gone and the rest is dropped, so the
//! command ends normally.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

static GONE: AtomicBool = AtomicBool::new(false);

/// Writes `args` to standard output, unless a write has failed before (the reader is gone).
pub(crate) fn write(args: std::fmt::Arguments<'_>) {
    if GONE.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if out.write_fmt(args).is_err() {
        GONE.store(true, Ordering::Relaxed);
    }
}

/// Flushes standard output, quietly when the reader is gone.
pub(crate) fn flush() {
    if !GONE.load(Ordering::Relaxed) && std::io::stdout().lock().flush().is_err() {
        GONE.store(true, Ordering::Relaxed);
    }
}
