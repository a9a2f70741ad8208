//! Standard output that ends quietly when its reader goes away (`studio jobs list | head`).
//!
//! `println!` panics on a closed pipe; [`outln!`](crate::outln) drops the line instead and
//! still reports any other write error on stderr.
use std::fmt;
use std::io::{ErrorKind, Write};

/// Writes one line to stdout: nothing on a closed pipe, a message on stderr on any other error.
pub fn line(args: fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    let written = out.write_fmt(args).and_then(|()| out.write_all(b"\n"));
    if let Err(err) = written
        && err.kind() != ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write to standard output: {err}");
    }
}

/// `println!` for commands: quiet on a closed pipe (see [`line()`]).
#[macro_export]
macro_rules! outln {
    () => {
        $crate::out::line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::out::line(format_args!($($arg)*))
    };
}
