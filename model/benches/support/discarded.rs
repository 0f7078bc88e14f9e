//! Where the benchmarks write the script's JSON lines: standard output as the `netlab`
//! command has it (a `BufWriter`), with the bytes counted and dropped instead of sent to
//! the kernel, so that the benchmark times the model's work and not a pipe's.

use std::hint::black_box;
use std::io::{self, Write};

/// Counts what it is given and keeps none of it.
#[derive(Default)]
pub struct Discarded {
    pub bytes: usize,
}

impl Write for Discarded {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes += black_box(buf).len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A standard-output-like writer over [`Discarded`].
pub fn stdout_like() -> io::BufWriter<Discarded> {
    io::BufWriter::new(Discarded::default())
}
